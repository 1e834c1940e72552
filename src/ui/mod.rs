use leptos::prelude::*;

pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(|| view! { <main><h1>"Wijkpeil"</h1></main> });
}

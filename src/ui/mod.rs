//! The browser UI: thin components that render state from the pure modules and forward
//! events to them. One generic questionnaire renderer (`form_view`) serves every questionnaire.

mod answers_page;
mod app;
mod area_icon;
mod confirm;
mod context;
mod desk_page;
mod fit_outcome;
mod follow_up_view;
mod form_view;
mod home;
mod i18n;
mod item_view;
mod language_switch;
mod maps_page;
mod my_lists;
mod parts;
mod pin_fields;
mod preview;
mod questionnaire_page;
mod read_aloud;
mod reader;
mod record_text;
mod register_page;
mod reveal;
mod save_status;
mod self_result;
mod send_page;
mod urgent;
mod ways_on;
mod wijk;

pub use i18n::I18n;

pub fn start() {
    console_error_panic_hook::set_once();
    // What needs nothing stored starts now and runs while storage opens (see web::early).
    let (path, query) = crate::web::page::location();
    let route = crate::route::Route::parse(&path, &query);
    crate::web::early::start(&route, context::CONFIG_URL);
    parts::prefetch(&route);
    // Every record is read into memory before the first screen, so screens read synchronously.
    // (Opening waits at most a few seconds; then the app goes on without durable storage.)
    wasm_bindgen_futures::spawn_local(async {
        crate::web::storage::init().await;
        crate::web::page::remove_loading_notice();
        leptos::mount::mount_to_body(app::App);
    });
}

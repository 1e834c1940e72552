//! Whatever appears after an action (a message, the urgent numbers) is brought to where the
//! person is looking: scrolled into view and, where that helps, given focus. One place for
//! every screen, so no message lands at the top of a long page where nobody sees it.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Scrolls `el` into view (`block`: "start", "center" or "nearest"), without animation.
fn scroll_into_view(el: &web_sys::Element, block: &str) {
    let opts = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&opts, &"block".into(), &block.into());
    if let Ok(f) = js_sys::Reflect::get(el, &"scrollIntoView".into()).and_then(|f| f.dyn_into::<js_sys::Function>()) {
        let _ = f.call1(el, &opts);
    }
}

/// How an element that just appeared is shown.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Reveal {
    /// Scroll it into view; a live region announces it.
    Show,
    /// Scroll it into view and move focus to it (or to `focus_sel` inside it).
    Focus,
}

/// Brings the first element matching `sel` into view now; with [`Reveal::Focus`] it (or its
/// first heading) gets focus too.
pub fn reveal(sel: &str, how: Reveal) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(el) = doc.query_selector(sel).ok().flatten() else { return };
    // A tall box shows its start; a short message is moved just enough to be seen.
    let tall = web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .zip(el.dyn_ref::<web_sys::HtmlElement>().map(|e| f64::from(e.offset_height())))
        .is_some_and(|(view, own)| own > view * 0.6);
    scroll_into_view(&el, if tall { "start" } else { "nearest" });
    if how == Reveal::Focus {
        let target = el.query_selector("h2, h3").ok().flatten().unwrap_or(el);
        if let Ok(h) = target.dyn_into::<web_sys::HtmlElement>() {
            if h.get_attribute("tabindex").is_none()
                && !matches!(h.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA" | "BUTTON" | "A")
            {
                let _ = h.set_attribute("tabindex", "-1");
            }
            let _ = h.focus();
        }
    }
}

/// [`reveal`] after the next render (the element may not exist yet).
pub fn reveal_soon(sel: impl Into<String>, how: Reveal) {
    let sel = sel.into();
    request_animation_frame(move || reveal(&sel, how));
}

/// Focuses the field `field_sel` and brings its message `msg_sel` into view with it (the
/// message sits right under the field).
pub fn focus_field_soon(field_sel: &'static str, msg_sel: &'static str) {
    request_animation_frame(move || {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
        if let Some(f) =
            doc.query_selector(field_sel).ok().flatten().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = f.focus();
        }
        reveal(msg_sel, Reveal::Show);
    });
}

/// A message next to what it is about: a live region (`alert` for problems, `status` for
/// news) that is always in the page, so screen readers announce each new text, and that
/// scrolls into view whenever its text changes.
#[component]
pub fn LiveMessage(
    /// Unique id, used to find it for scrolling (and for `aria-describedby`).
    id: &'static str,
    message: RwSignal<Option<String>>,
    /// `alert` (a problem) or `status` (how an action went).
    #[prop(optional)]
    alert: bool,
) -> impl IntoView {
    Effect::new(move |prev: Option<Option<String>>| {
        let now = message.get();
        // Every new message (also the same text again), not the first run.
        if prev.is_some() && now.is_some() {
            reveal_soon(format!("#{id}"), Reveal::Show);
        }
        now
    });
    view! {
        <div class="live-message" role=if alert { "alert" } else { "status" }>
            <p id=id class="notice" hidden=move || message.with(Option::is_none)>{move || message.get().unwrap_or_default()}</p>
        </div>
    }
}

//! The document and the address bar: language attributes, navigation, the clock.

pub fn location() -> (String, String) {
    let loc = web_sys::window().map(|w| w.location());
    let path = loc.as_ref().and_then(|l| l.pathname().ok()).unwrap_or_else(|| "/".into());
    let query = loc.as_ref().and_then(|l| l.search().ok()).unwrap_or_default();
    (path, query)
}

/// Puts `href` in the address bar without reloading (the router then shows the page).
/// It replaces the current history entry instead of adding one: the tab's history then holds
/// one Wijkpeil address at most, so "Snel weg" can leave nothing of the app behind (a page
/// cannot remove entries it added). The app's own links and buttons lead back.
pub fn push(href: &str) {
    if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href));
    }
    scroll_to_top();
}

/// "Snel weg": empties the page at once, then replaces this tab's only Wijkpeil history entry
/// with `url`, so neither the screen nor the back button shows anything of the app.
pub fn quick_exit(url: &str) {
    let Some(w) = web_sys::window() else { return };
    if let Some(d) = w.document() {
        d.set_title("");
        if let Some(b) = d.body() {
            b.set_inner_html("");
        }
    }
    if w.location().replace(url).is_err() {
        let _ = w.location().replace("about:blank");
    }
}

/// Loads `href` fresh, in place of this page (no new history entry): what was in memory is gone.
/// It waits until every change given so far is on disk (or its write failed: the person was
/// told, and locking a map must not wait for a disk that stays full).
pub fn replace_location(href: &str) {
    let href = href.to_string();
    wasm_bindgen_futures::spawn_local(async move {
        let _ = super::durable::settled().await;
        if let Some(w) = web_sys::window() {
            let _ = w.location().replace(&href);
        }
    });
}

/// Loads this page again from scratch, once every change given so far is on disk (see
/// [`replace_location`]).
pub fn reload() {
    wasm_bindgen_futures::spawn_local(async {
        let _ = super::durable::settled().await;
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    });
}

pub fn scroll_to_top() {
    if let Some(w) = web_sys::window() {
        w.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// `<html lang dir>` follow the chosen language, so screen readers pronounce it right.
pub fn set_language(code: &str, rtl: bool) {
    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = el.set_attribute("lang", code);
        let _ = el.set_attribute("dir", if rtl { "rtl" } else { "ltr" });
    }
}

pub fn set_title(title: &str) {
    if let Some(d) = web_sys::window().and_then(|w| w.document()) {
        d.set_title(title);
    }
}

/// The browser's language preferences, most preferred first.
pub fn browser_languages() -> Vec<String> {
    let Some(nav) = web_sys::window().map(|w| w.navigator()) else { return Vec::new() };
    let mut out: Vec<String> = nav.languages().iter().filter_map(|v| v.as_string()).collect();
    if out.is_empty() {
        out.extend(nav.language());
    }
    out
}

/// Local date-time as ISO 8601 with the device's offset, e.g. `2026-11-22T10:00:00+01:00`.
pub fn now_iso() -> String {
    let d = js_sys::Date::new_0();
    let offset = -(d.get_timezone_offset() as i32); // minutes east of UTC
    let sign = if offset >= 0 { '+' } else { '-' };
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds(),
        sign,
        offset.abs() / 60,
        offset.abs() % 60
    )
}

/// Removes the static "loading" text once the app is running.
pub fn remove_loading_notice() {
    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("laden")) {
        el.remove();
    }
}

/// 32 lowercase hex characters from the browser's cryptographic random source: the id of a
/// register record, which exists only so the collector can drop duplicates. `None` when the
/// browser has no `crypto` (very old browsers); the caller then keeps no record.
pub fn random_id() -> Option<String> {
    random_bytes().map(crate::register::record_id)
}

/// 16 bytes from the browser's cryptographic random source.
pub fn random_bytes() -> Option<[u8; 16]> {
    let crypto = web_sys::window()?.crypto().ok()?;
    let mut bytes = [0u8; 16];
    crypto.get_random_values_with_u8_array(&mut bytes).ok()?;
    Some(bytes)
}

/// Today's civil date on this device: `(year, month, day)`.
pub fn today() -> (i32, u32, u32) {
    let d = js_sys::Date::new_0();
    (d.get_full_year() as i32, d.get_month() + 1, d.get_date())
}

/// Today's date written the way the language writes dates (e.g. "22 november 2026").
pub fn today_text(lang: &str) -> String {
    let (y, m, d) = today();
    date_text(lang, y, m, d)
}

/// A calendar day written the way the language writes dates (e.g. "22 november 2026").
pub fn date_text(lang: &str, year: i32, month: u32, day: u32) -> String {
    let options = js_sys::Object::new();
    for (k, v) in [("day", "numeric"), ("month", "long"), ("year", "numeric")] {
        let _ = js_sys::Reflect::set(&options, &k.into(), &v.into());
    }
    // Noon, so that no time zone can move it to another day.
    let date = js_sys::Date::new_with_year_month_day_hr_min_sec(year as u32, month as i32 - 1, day as i32, 12, 0, 0);
    // The language's own tag for dates (Arabic with Western digits, like its phone numbers).
    let tag = crate::i18n::language(lang).map_or(lang, |l| l.intl);
    date.to_locale_date_string(tag, &options).into()
}

/// Seconds since 1970 (UTC), from the device clock.
pub fn now_utc_seconds() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// Opens the browser's print dialog (the print stylesheet decides what is printed).
pub fn print() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

/// Today as `2026-11-22` (for file names).
pub fn today_iso() -> String {
    let (y, m, d) = today();
    format!("{y:04}-{m:02}-{d:02}")
}

/// Waits `ms` milliseconds (a browser timer).
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

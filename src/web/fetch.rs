//! Same-origin fetches of questionnaires and the config. Errors are typed so the UI can say
//! "you seem to be offline" rather than show a blank screen.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// No answer at all: offline, or the server is down.
    Network,
    /// The server answered with an error status (404, 500…).
    Status(u16),
    Other(String),
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FetchError::Network => write!(f, "offline?"),
            FetchError::Status(s) => write!(f, "HTTP {s}"),
            FetchError::Other(s) => write!(f, "{s}"),
        }
    }
}

pub async fn fetch_text(url: &str) -> Result<String, FetchError> {
    let window = web_sys::window().ok_or_else(|| FetchError::Other("no window".into()))?;
    let resp = JsFuture::from(window.fetch_with_str(url)).await.map_err(|_| FetchError::Network)?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| FetchError::Other("no response".into()))?;
    if !resp.ok() {
        return Err(FetchError::Status(resp.status()));
    }
    let text = resp.text().map_err(|_| FetchError::Other("no body".into()))?;
    let text = JsFuture::from(text).await.map_err(|_| FetchError::Network)?;
    text.as_string().ok_or_else(|| FetchError::Other("body is not text".into()))
}

/// Reads a file the person picked (`<input type=file>`).
pub async fn read_file(file: &web_sys::File) -> Result<String, FetchError> {
    let text = JsFuture::from(file.text()).await.map_err(|e| FetchError::Other(format!("{e:?}")))?;
    text.as_string().ok_or_else(|| FetchError::Other("file is not text".into()))
}

/// POSTs a JSON body and returns the status and body text; status 0 when there was no answer
/// (offline, unreachable, or blocked). No cookies or credentials go with it; a team key only
/// when given (`Authorization: Bearer`, for a question the team registered).
pub async fn post_json(url: &str, body: &str, team_key: Option<&str>) -> (u16, String) {
    let Some(window) = web_sys::window() else { return (0, String::new()) };
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&wasm_bindgen::JsValue::from_str(body));
    init.set_credentials(web_sys::RequestCredentials::Omit);
    init.set_referrer_policy(web_sys::ReferrerPolicy::NoReferrer);
    let headers = web_sys::Headers::new().ok();
    if let Some(h) = &headers {
        let _ = h.set("Content-Type", "application/json");
        if let Some(key) = team_key {
            let _ = h.set("Authorization", &format!("Bearer {key}"));
        }
        init.set_headers(h);
    }
    let Ok(request) = web_sys::Request::new_with_str_and_init(url, &init) else { return (0, String::new()) };
    let Ok(resp) = JsFuture::from(window.fetch_with_request(&request)).await else { return (0, String::new()) };
    let Ok(resp) = resp.dyn_into::<web_sys::Response>() else { return (0, String::new()) };
    let status = resp.status();
    let text = match resp.text() {
        Ok(p) => JsFuture::from(p).await.ok().and_then(|t| t.as_string()).unwrap_or_default(),
        Err(_) => String::new(),
    };
    (status, text)
}

/// The address in `/voorbeeld?q=…`, when both checks read it as this site's own: the route's
/// (`route::same_origin_address`, which also cleans it) and the browser's ([`same_origin`]).
pub fn own_address(q: &str) -> Option<String> {
    crate::route::same_origin_address(q).filter(|u| same_origin(u))
}

/// Whether the browser's own URL parser reads `url`, relative to this page, as an address on this
/// page's origin (a second check beside `route::same_origin_address`).
pub fn same_origin(url: &str) -> bool {
    let Some(location) = web_sys::window().map(|w| w.location()) else { return false };
    let (Ok(href), Ok(origin)) = (location.href(), location.origin()) else { return false };
    web_sys::Url::new_with_base(url, &href).is_ok_and(|u| u.origin() == origin)
}

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

//! The browser's localStorage behind typed errors. gloo-storage panics when storage is
//! unavailable (private windows, disabled cookies, sandboxed frames), so availability is
//! checked first, and every failure comes back as a [`StorageError`].

use gloo_storage::{LocalStorage, Storage};
use wasm_bindgen::JsCast;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageError {
    /// No localStorage here (blocked, private mode, or not a browser window).
    Unavailable,
    /// The browser's storage quota is full: nothing was written.
    QuotaExceeded,
    Other(String),
}

impl StorageError {
    /// The catalog key of the message a person sees.
    pub fn message_key(&self) -> &'static str {
        match self {
            StorageError::Unavailable | StorageError::Other(_) => "storage.unavailable",
            StorageError::QuotaExceeded => "storage.quota",
        }
    }
}

fn raw() -> Result<web_sys::Storage, StorageError> {
    let window = web_sys::window().ok_or(StorageError::Unavailable)?;
    // Accessing `window.localStorage` throws a SecurityError when it is blocked.
    match window.local_storage() {
        Ok(Some(_)) => Ok(LocalStorage::raw()),
        _ => Err(StorageError::Unavailable),
    }
}

pub fn get(key: &str) -> Result<Option<String>, StorageError> {
    raw()?.get_item(key).map_err(|e| classify(&e))
}

pub fn set(key: &str, value: &str) -> Result<(), StorageError> {
    raw()?.set_item(key, value).map_err(|e| classify(&e))
}

pub fn remove(key: &str) -> Result<(), StorageError> {
    raw()?.remove_item(key).map_err(|e| classify(&e))
}

/// All keys that start with `prefix`.
pub fn keys(prefix: &str) -> Result<Vec<String>, StorageError> {
    let s = raw()?;
    let n = s.length().map_err(|e| classify(&e))?;
    Ok((0..n).filter_map(|i| s.key(i).ok().flatten()).filter(|k| k.starts_with(prefix)).collect())
}

fn classify(e: &wasm_bindgen::JsValue) -> StorageError {
    match e.dyn_ref::<web_sys::DomException>() {
        Some(d) if d.name() == "QuotaExceededError" || d.code() == 22 => StorageError::QuotaExceeded,
        Some(d) if d.name() == "SecurityError" => StorageError::Unavailable,
        Some(d) => StorageError::Other(d.name()),
        None => StorageError::Other(format!("{e:?}")),
    }
}

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

/// Every record whose key starts with `prefix`, with its value.
pub fn all(prefix: &str) -> Result<Vec<(String, String)>, StorageError> {
    let mut out = Vec::new();
    for k in keys(prefix)? {
        if let Some(v) = get(&k)? {
            out.push((k, v));
        }
    }
    out.sort();
    Ok(out)
}

/// Writes all `(key, value)` pairs, or none: when one write fails (a full quota), the keys
/// written so far get their earlier value back, so an import never leaves half a result.
pub fn write_all(writes: &[(String, String)]) -> Result<(), StorageError> {
    let mut done: Vec<(String, Option<String>)> = Vec::new();
    for (k, v) in writes {
        let before = get(k)?;
        if let Err(e) = set(k, v) {
            for (k, old) in done.into_iter().rev() {
                let _ = match old {
                    Some(old) => set(&k, &old),
                    None => remove(&k),
                };
            }
            return Err(e);
        }
        done.push((k.clone(), before));
    }
    Ok(())
}

/// Asks the browser to keep this site's storage when space runs low. `Some(true)` when it will.
pub async fn request_persist() -> Option<bool> {
    let storage = web_sys::window()?.navigator().storage();
    let promise = storage.persist().ok()?;
    wasm_bindgen_futures::JsFuture::from(promise).await.ok()?.as_bool()
}

/// Whether the browser already promised to keep this site's storage.
pub async fn is_persisted() -> Option<bool> {
    let storage = web_sys::window()?.navigator().storage();
    let promise = storage.persisted().ok()?;
    wasm_bindgen_futures::JsFuture::from(promise).await.ok()?.as_bool()
}

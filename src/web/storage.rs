//! The browser's localStorage behind typed errors. gloo-storage panics when storage is
//! unavailable (private windows, disabled cookies, sandboxed frames), so availability is
//! checked first, and every failure comes back as a [`StorageError`].
//!
//! Every feature uses logical keys (`wijkpeil:draft:…`); this adapter puts them in the map that
//! is open in this tab (see `crate::dossier`), and seals a PIN-locked map's records in one
//! envelope (see `crate::vault`). So drafts, lists, plans and the outbox all follow the map
//! without knowing about it.

use super::page;
use crate::dossier::{is_device_key, is_valid_id, logical_key, physical_key, vault_key, ACTIVE_DOSSIER_KEY, FIRST_ID};
use crate::vault::{self, KdfParams, VaultError, VaultKey};
use gloo_storage::{LocalStorage, Storage};
use std::cell::RefCell;
use std::collections::BTreeMap;
use wasm_bindgen::JsCast;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageError {
    /// No localStorage here (blocked, private mode, or not a browser window).
    Unavailable,
    /// The browser's storage quota is full: nothing was written.
    QuotaExceeded,
    /// The open map has a PIN and is locked: nothing can be read or written until it is opened.
    Locked,
    Other(String),
}

impl StorageError {
    /// The catalog key of the message a person sees.
    pub fn message_key(&self) -> &'static str {
        match self {
            StorageError::Unavailable | StorageError::Other(_) => "storage.unavailable",
            StorageError::QuotaExceeded => "storage.quota",
            StorageError::Locked => "lock.locked",
        }
    }
}

/// The map this tab works in, and whether its records can be read now. Each tab keeps its own:
/// choosing another map in one tab does not move the other.
enum MapState {
    /// No PIN: plain records under the map's keys.
    Plain,
    /// A PIN, and not opened (or locked again): nothing can be read.
    Locked,
    /// Opened with the PIN: the records, decrypted, in memory only; every change seals them again.
    Open { key: VaultKey, kdf: KdfParams, records: BTreeMap<String, String> },
}

struct Session {
    id: String,
    state: MapState,
}

thread_local! {
    static SESSION: RefCell<Option<Session>> = const { RefCell::new(None) };
}

/// Runs `f` on this tab's session, reading which map is active the first time.
fn with_session<T>(f: impl FnOnce(&mut Session) -> T) -> T {
    SESSION.with(|s| {
        let mut s = s.borrow_mut();
        let session = s.get_or_insert_with(|| {
            let id = raw_get(ACTIVE_DOSSIER_KEY).ok().flatten().filter(|id| is_valid_id(id));
            let id = id.unwrap_or_else(|| FIRST_ID.to_string());
            let state = state_of(&id);
            Session { id, state }
        });
        f(session)
    })
}

fn state_of(id: &str) -> MapState {
    // The envelope itself says a map is locked, not the list of maps: a damaged list can then
    // never make a locked map look open (or hide its records).
    match raw_get(&vault_key(id)) {
        Ok(Some(_)) => MapState::Locked,
        _ => MapState::Plain,
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

/// Reads a stored key as it is (no map, no lock): for the map management in `web::maps`.
pub(crate) fn raw_get(key: &str) -> Result<Option<String>, StorageError> {
    raw()?.get_item(key).map_err(|e| classify(&e))
}

pub(crate) fn raw_set(key: &str, value: &str) -> Result<(), StorageError> {
    raw()?.set_item(key, value).map_err(|e| classify(&e))
}

pub(crate) fn raw_remove(key: &str) -> Result<(), StorageError> {
    raw()?.remove_item(key).map_err(|e| classify(&e))
}

/// Every stored key (of every map, and of other sites' scripts on this origin).
pub(crate) fn raw_keys() -> Result<Vec<String>, StorageError> {
    let s = raw()?;
    let n = s.length().map_err(|e| classify(&e))?;
    Ok((0..n).filter_map(|i| s.key(i).ok().flatten()).collect())
}

/// Seals `records` into map `id`'s envelope with a fresh nonce and writes it.
fn write_vault(
    id: &str,
    key: &VaultKey,
    kdf: &KdfParams,
    records: &BTreeMap<String, String>,
) -> Result<(), StorageError> {
    let random = page::random_bytes().ok_or_else(|| StorageError::Other("no random source".into()))?;
    let mut nonce = [0u8; 12];
    nonce.copy_from_slice(&random[..12]);
    raw_set(&vault_key(id), &vault::seal(key, nonce, kdf, id, records))
}

/// Applies `change` to the open map's records and seals them; on a failed write (a full quota)
/// the records in memory stay as they were, like the envelope in storage.
fn change_open(session: &mut Session, change: impl FnOnce(&mut BTreeMap<String, String>)) -> Result<(), StorageError> {
    let MapState::Open { key, kdf, records } = &mut session.state else { return Err(StorageError::Locked) };
    let mut next = records.clone();
    change(&mut next);
    write_vault(&session.id, key, kdf, &next)?;
    *records = next;
    Ok(())
}

pub fn get(key: &str) -> Result<Option<String>, StorageError> {
    if is_device_key(key) {
        return raw_get(key);
    }
    with_session(|s| match &s.state {
        MapState::Plain => raw_get(&physical_key(&s.id, key)),
        MapState::Locked => Err(StorageError::Locked),
        MapState::Open { records, .. } => Ok(records.get(key).cloned()),
    })
}

pub fn set(key: &str, value: &str) -> Result<(), StorageError> {
    if is_device_key(key) {
        return raw_set(key, value);
    }
    with_session(|s| match &s.state {
        MapState::Plain => raw_set(&physical_key(&s.id, key), value),
        _ => change_open(s, |r| {
            r.insert(key.to_string(), value.to_string());
        }),
    })
}

pub fn remove(key: &str) -> Result<(), StorageError> {
    if is_device_key(key) {
        return raw_remove(key);
    }
    with_session(|s| match &s.state {
        MapState::Plain => raw_remove(&physical_key(&s.id, key)),
        MapState::Open { records, .. } if !records.contains_key(key) => Ok(()),
        _ => change_open(s, |r| {
            r.remove(key);
        }),
    })
}

/// The open map's keys that start with `prefix` (never the device's own keys).
pub fn keys(prefix: &str) -> Result<Vec<String>, StorageError> {
    with_session(|s| match &s.state {
        MapState::Plain => Ok(raw_keys()?
            .into_iter()
            .filter_map(|k| logical_key(&s.id, &k))
            .filter(|k| k.starts_with(prefix))
            .collect()),
        MapState::Locked => Err(StorageError::Locked),
        MapState::Open { records, .. } => Ok(records.keys().filter(|k| k.starts_with(prefix)).cloned().collect()),
    })
}

fn classify(e: &wasm_bindgen::JsValue) -> StorageError {
    match e.dyn_ref::<web_sys::DomException>() {
        Some(d) if d.name() == "QuotaExceededError" || d.code() == 22 => StorageError::QuotaExceeded,
        Some(d) if d.name() == "SecurityError" => StorageError::Unavailable,
        Some(d) => StorageError::Other(d.name()),
        None => StorageError::Other(format!("{e:?}")),
    }
}

/// Every record of the open map whose key starts with `prefix`, with its value.
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
/// (In a locked map this is one sealed write, all-or-nothing by itself.)
pub fn write_all(writes: &[(String, String)]) -> Result<(), StorageError> {
    let sealed = with_session(|s| match &s.state {
        MapState::Plain => None,
        _ => Some(change_open(s, |r| {
            for (k, v) in writes {
                r.insert(k.clone(), v.clone());
            }
        })),
    });
    if let Some(result) = sealed {
        return result;
    }
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

/// For a `storage` event (another tab wrote): the new value of the open map's record `logical`,
/// when the event is about it. `Some(None)` when it was removed. For a map with a PIN, any new
/// envelope gives the record's value in it (the caller compares it with what it shows).
pub fn changed_elsewhere(ev: &web_sys::StorageEvent, logical: &str) -> Option<Option<String>> {
    let changed = ev.key()?;
    with_session(|s| match &s.state {
        MapState::Plain => (changed == physical_key(&s.id, logical)).then(|| ev.new_value()),
        MapState::Locked => None,
        MapState::Open { key, .. } => {
            if changed != vault_key(&s.id) {
                return None;
            }
            let theirs = vault::open(key, &s.id, &ev.new_value()?).ok()?;
            Some(theirs.get(logical).cloned())
        }
    })
}

/// Keeps this tab in step with another tab on the same map: takes over a new envelope (so the
/// next write here does not put back old records), and follows a PIN set, removed, or a map
/// deleted there. Returns whether this tab's map became locked or unlocked (the page then shows
/// or hides the PIN question).
pub fn follow_other_tab(ev: &web_sys::StorageEvent) -> bool {
    let Some(changed) = ev.key() else {
        // `localStorage.clear()` elsewhere: everything is gone, also the envelope.
        return with_session(|s| std::mem::replace(&mut s.state, MapState::Plain)).is_locked_or_open();
    };
    with_session(|s| {
        if changed != vault_key(&s.id) {
            return false;
        }
        match (ev.new_value(), &mut s.state) {
            // A PIN was set there: this tab may no longer write plain records.
            (Some(_), MapState::Plain) => {
                s.state = MapState::Locked;
                true
            }
            (Some(text), MapState::Open { key, records, .. }) => {
                if let Ok(theirs) = vault::open(key, &s.id, &text) {
                    *records = theirs;
                    return false;
                }
                // A new PIN there: this tab's key no longer fits.
                s.state = MapState::Locked;
                true
            }
            (Some(_), MapState::Locked) => false,
            // The PIN was removed (or the map deleted) there.
            (None, MapState::Plain) => false,
            (None, _) => {
                s.state = MapState::Plain;
                true
            }
        }
    })
}

impl MapState {
    fn is_locked_or_open(&self) -> bool {
        !matches!(self, MapState::Plain)
    }
}

/// Which map this tab works in, and whether it has a PIN and whether it is open now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActiveMap {
    pub id: String,
    pub has_pin: bool,
    pub open: bool,
}

pub fn active() -> ActiveMap {
    with_session(|s| ActiveMap {
        id: s.id.clone(),
        has_pin: !matches!(s.state, MapState::Plain),
        open: !matches!(s.state, MapState::Locked),
    })
}

/// Makes `id` this tab's map (locked if it has a PIN) and the one that opens next time.
/// Whatever was open in memory is dropped.
pub(crate) fn switch_to(id: &str) -> Result<(), StorageError> {
    raw_set(ACTIVE_DOSSIER_KEY, id)?;
    with_session(|s| {
        s.id = id.to_string();
        s.state = state_of(id);
    });
    Ok(())
}

/// Opens the active map with a key derived from the PIN. A wrong key changes nothing.
pub(crate) fn open_with(key: VaultKey) -> Result<(), VaultError> {
    with_session(|s| {
        let text = raw_get(&vault_key(&s.id)).ok().flatten().ok_or(VaultError::Damaged)?;
        let kdf = vault::kdf_params(&text)?;
        let records = vault::open(&key, &s.id, &text)?;
        // Plain records left by a PIN that was set while the page closed halfway: they are in
        // the envelope already, and must not stay readable.
        for k in raw_keys().unwrap_or_default() {
            if logical_key(&s.id, &k).is_some_and(|l| records.contains_key(&l)) {
                let _ = raw_remove(&k);
            }
        }
        s.state = MapState::Open { key, kdf, records };
        Ok(())
    })
}

/// Forgets the key and the decrypted records: the map is locked again.
pub(crate) fn lock() {
    with_session(|s| {
        if !matches!(s.state, MapState::Plain) {
            s.state = MapState::Locked;
        }
    });
}

/// Puts a PIN on the active (plain) map: its records go into one sealed envelope, and only
/// when that is written are the plain records removed. A full quota changes nothing.
pub(crate) fn seal_active(key: VaultKey, kdf: KdfParams) -> Result<(), StorageError> {
    with_session(|s| {
        let MapState::Plain = s.state else { return Err(StorageError::Locked) };
        let mut records = BTreeMap::new();
        let mut plain_keys = Vec::new();
        for k in raw_keys()? {
            if let Some(logical) = logical_key(&s.id, &k) {
                if let Some(v) = raw_get(&k)? {
                    records.insert(logical, v);
                }
                plain_keys.push(k);
            }
        }
        write_vault(&s.id, &key, &kdf, &records)?;
        s.state = MapState::Open { key, kdf, records };
        for k in plain_keys {
            let _ = raw_remove(&k);
        }
        Ok(())
    })
}

/// Takes the PIN off the open map: the records are written plain (all or nothing), and only
/// then is the envelope removed.
pub(crate) fn unseal_active() -> Result<(), StorageError> {
    let (id, records) = with_session(|s| match &s.state {
        MapState::Open { records, .. } => Ok((s.id.clone(), records.clone())),
        _ => Err(StorageError::Locked),
    })?;
    let writes: Vec<(String, String)> = records.into_iter().map(|(k, v)| (physical_key(&id, &k), v)).collect();
    let mut done = Vec::new();
    for (k, v) in &writes {
        if let Err(e) = raw_set(k, v) {
            for k in done {
                let _ = raw_remove(k);
            }
            return Err(e);
        }
        done.push(k);
    }
    raw_remove(&vault_key(&id))?;
    with_session(|s| s.state = MapState::Plain);
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

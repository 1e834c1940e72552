//! The browser's localStorage behind typed errors. gloo-storage panics when storage is
//! unavailable (private windows, disabled cookies, sandboxed frames), so availability is
//! checked first, and every failure comes back as a [`StorageError`].
//!
//! Every feature uses logical keys (`wijkpeil:draft:…`); this adapter puts them in the map that
//! is open in this tab (see `crate::dossier`), and seals a PIN-locked map's records in one
//! envelope (see `crate::vault`). So drafts, lists, plans and the outbox all follow the map
//! without knowing about it.

use super::page;
use crate::dossier::{
    is_device_key, is_valid_id, logical_key, physical_key, vault_key, ACTIVE_DOSSIER_KEY, DOSSIERS_KEY, FIRST_ID,
};
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
    /// `sealed` is the envelope as this tab last wrote or read it: when storage holds another
    /// one (another tab wrote), that one is read first, so no tab writes back old records.
    Open { key: VaultKey, kdf: KdfParams, records: BTreeMap<String, String>, sealed: String },
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

/// Seals `records` into map `id`'s envelope with a fresh nonce and writes it; returns it.
fn write_vault(
    id: &str,
    key: &VaultKey,
    kdf: &KdfParams,
    records: &BTreeMap<String, String>,
) -> Result<String, StorageError> {
    let random = page::random_bytes().ok_or_else(|| StorageError::Other("no random source".into()))?;
    let mut nonce = [0u8; 12];
    nonce.copy_from_slice(&random[..12]);
    let text = vault::seal(key, nonce, kdf, id, records);
    raw_set(&vault_key(id), &text)?;
    Ok(text)
}

/// Applies `change` to the open map's records and seals them; on a failed write (a full quota)
/// the records in memory stay as they were, like the envelope in storage. When another tab wrote
/// the envelope since this tab last saw it, its records are taken first and `change` goes on top
/// (so two tabs lose nothing of each other, also without a `storage` event, as after a frozen
/// background tab). When the envelope is gone or no longer opens with this key (the PIN was
/// removed or changed, or the map deleted elsewhere), nothing is written and the map is locked.
fn change_open(session: &mut Session, change: impl FnOnce(&mut BTreeMap<String, String>)) -> Result<(), StorageError> {
    let MapState::Open { key, kdf, records, sealed } = &mut session.state else { return Err(StorageError::Locked) };
    let stored = raw_get(&vault_key(&session.id))?;
    if stored.as_deref() != Some(sealed.as_str()) {
        let theirs = stored.as_deref().and_then(|text| vault::open(key, &session.id, text).ok());
        match (stored, theirs) {
            (Some(text), Some(theirs)) => {
                *records = theirs;
                *sealed = text;
            }
            _ => {
                session.state = MapState::Locked;
                return Err(StorageError::Locked);
            }
        }
    }
    let mut next = records.clone();
    change(&mut next);
    let text = write_vault(&session.id, key, kdf, &next)?;
    *records = next;
    *sealed = text;
    Ok(())
}

/// A plain write, unless the map got a PIN in another tab meanwhile: then nothing plain may be
/// written any more, and the map is locked here too.
fn plain_write(
    session: &mut Session,
    write: impl FnOnce(&str) -> Result<(), StorageError>,
    key: &str,
) -> Result<(), StorageError> {
    if raw_get(&vault_key(&session.id))?.is_some() {
        session.state = MapState::Locked;
        return Err(StorageError::Locked);
    }
    write(&physical_key(&session.id, key))
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
        MapState::Plain => plain_write(s, |k| raw_set(k, value), key),
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
        MapState::Plain => plain_write(s, raw_remove, key),
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

/// Keeps this tab in step with another tab: takes over a new envelope of the open map (so the
/// next write here does not put back old records). When the other tab set or removed the PIN,
/// changed it, or deleted the map, this tab stops writing (the map counts as locked) and returns
/// `true`: the page must then load fresh, so that nothing decrypted stays on the screen or is
/// written back in plain text.
pub fn follow_other_tab(ev: &web_sys::StorageEvent) -> bool {
    // `None`: `localStorage.clear()` elsewhere.
    let changed = ev.key();
    with_session(|s| {
        let gone = match changed.as_deref() {
            None => true,
            Some(DOSSIERS_KEY) => {
                // Still on the list? (No list at all: only the first map exists.)
                let list = ev.new_value().and_then(|t| crate::dossier::decode_dossiers(&t).ok());
                s.id != FIRST_ID && list.is_none_or(|l| l.get(&s.id).is_none())
            }
            Some(k) if k == vault_key(&s.id) => match (ev.new_value(), &mut s.state) {
                (Some(_), MapState::Locked) | (None, MapState::Plain) => false,
                (Some(text), MapState::Open { key, records, sealed, .. }) => match vault::open(key, &s.id, &text) {
                    Ok(theirs) => {
                        *records = theirs;
                        *sealed = text;
                        false
                    }
                    Err(_) => true,
                },
                _ => true,
            },
            Some(_) => false,
        };
        if gone {
            s.state = MapState::Locked;
        }
        gone
    })
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
    // Remembering the choice is a convenience: a full quota must not block switching. But when
    // it is not remembered, the page must not reload (it would open the old map again).
    let remembered = raw_set(ACTIVE_DOSSIER_KEY, id);
    with_session(|s| {
        s.id = id.to_string();
        s.state = state_of(id);
    });
    remembered
}

/// Opens map `id` (the active one) with a key derived from the PIN. A wrong key changes nothing.
pub(crate) fn open_with(id: &str, key: VaultKey) -> Result<(), OpenError> {
    with_session(|s| {
        if s.id != id {
            return Err(OpenError::OtherMap);
        }
        let text = raw_get(&vault_key(&s.id)).ok().flatten().ok_or(OpenError::NoEnvelope)?;
        let kdf = vault::kdf_params(&text).map_err(OpenError::Vault)?;
        let mut records = vault::open(&key, &s.id, &text).map_err(OpenError::Vault)?;
        let mut sealed = text;
        // Plain records left beside the envelope: by a PIN set or removed while the page closed
        // halfway (then they equal the envelope's), or by a tab that wrote before it saw the PIN
        // (then they are newer). Newer ones go into the envelope; then none stays readable.
        let leftovers: Vec<(String, String, String)> = raw_keys()
            .unwrap_or_default()
            .into_iter()
            .filter_map(|k| {
                let logical = logical_key(&s.id, &k)?;
                let value = raw_get(&k).ok().flatten()?;
                Some((k, logical, value))
            })
            .collect();
        if leftovers.iter().any(|(_, l, v)| records.get(l) != Some(v)) {
            for (_, l, v) in &leftovers {
                records.insert(l.clone(), v.clone());
            }
            sealed = write_vault(&s.id, &key, &kdf, &records).map_err(OpenError::Storage)?;
        }
        for (k, _, _) in &leftovers {
            let _ = raw_remove(k);
        }
        s.state = MapState::Open { key, kdf, records, sealed };
        Ok(())
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum OpenError {
    Vault(VaultError),
    Storage(StorageError),
    /// The envelope is gone (the PIN was removed, or the map deleted, in another tab).
    NoEnvelope,
    /// Another map was opened while the key was being derived.
    OtherMap,
}

/// Forgets the key and the decrypted records: the map is locked again.
pub(crate) fn lock() {
    with_session(|s| {
        if !matches!(s.state, MapState::Plain) {
            s.state = MapState::Locked;
        }
    });
}

/// Puts a PIN on map `id` (the active, plain one): its records go into one sealed envelope, and
/// only when that is written are the plain records removed. A full quota changes nothing.
pub(crate) fn seal_active(id: &str, key: VaultKey, kdf: KdfParams) -> Result<(), StorageError> {
    with_session(|s| {
        // Not when another map was opened meanwhile, nor over an envelope another tab just made.
        if s.id != id || !matches!(s.state, MapState::Plain) || raw_get(&vault_key(id))?.is_some() {
            return Err(StorageError::Locked);
        }
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
        let sealed = write_vault(&s.id, &key, &kdf, &records)?;
        s.state = MapState::Open { key, kdf, records, sealed };
        for k in plain_keys {
            let _ = raw_remove(&k);
        }
        Ok(())
    })
}

/// Takes the PIN off the open map: the records (as stored now, also another tab's latest) are
/// written plain (all or nothing), and only then is the envelope removed.
pub(crate) fn unseal_active() -> Result<(), StorageError> {
    // An empty change: takes over the stored envelope if another tab wrote it.
    with_session(|s| change_open(s, |_| ()))?;
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

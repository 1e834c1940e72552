//! The app's records behind typed errors. They live in memory and on disk through
//! `web::durable` (IndexedDB, or localStorage where that is missing); reads and writes here are
//! synchronous, and the disk follows right behind. Where storage is blocked altogether (some
//! private windows, sandboxed frames), every call returns a [`StorageError`], never a panic.
//!
//! Every feature uses logical keys (`wijkpeil:draft:…`); this adapter puts them in the map that
//! is open in this tab (see `crate::dossier`), and seals a PIN-locked map's records in one
//! envelope (see `crate::vault`). So drafts, lists, plans and the outbox all follow the map
//! without knowing about it.

use super::{durable, page};
use crate::dossier::{
    is_device_key, is_valid_id, logical_key, physical_key, vault_key, ACTIVE_DOSSIER_KEY, DOSSIERS_KEY, FIRST_ID,
};
use crate::small_collections::SortedMap;
use crate::storage::write_queue::Change;
use crate::vault::{self, KdfParams, VaultError, VaultKey};
use std::cell::{Cell, RefCell};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageError {
    /// No storage here (blocked, private mode, or not a browser window).
    Unavailable,
    /// The browser's storage quota is full: the last changes are not on disk (they are kept in
    /// memory and tried again).
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
    /// `disk` is the envelope this tab knows to be on disk (`None`: none yet), with its records:
    /// each write checks, inside its transaction, that the disk still holds it. When another tab
    /// wrote meanwhile, its records are taken and this tab's changes put on top (see [`rebase`]).
    Open {
        key: VaultKey,
        kdf: KdfParams,
        records: SortedMap<String, String>,
        disk: Option<String>,
        disk_records: SortedMap<String, String>,
        cipher: Cipher,
    },
}

/// The map cipher (AES-GCM, `crate::vault`), held by an open map as function pointers. Only the
/// code that opens a map (unlocking, setting a PIN: the maps part of the app, see
/// `ui/parts.rs`) names the cipher; the code that reads and writes an open map runs on every
/// screen, and calling through these pointers keeps the cipher out of the first download.
#[derive(Clone, Copy)]
struct Cipher {
    seal: SealFn,
    open: OpenFn,
}

/// `vault::seal`: key, nonce, KDF parameters, map id, records → envelope.
type SealFn = fn(&VaultKey, [u8; 12], &KdfParams, &str, &Records) -> String;
/// `vault::open`: key, map id, envelope → records.
type OpenFn = fn(&VaultKey, &str, &str) -> Result<Records, VaultError>;
type Records = SortedMap<String, String>;

const VAULT_CIPHER: Cipher = Cipher { seal: vault::seal, open: vault::open };

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

/// Opens the store (IndexedDB, or localStorage where that is missing) and reads it into memory.
/// Awaited once before the app shows anything; later calls return at once.
pub async fn init() -> durable::Durability {
    let d = durable::init().await;
    durable::set_hooks(durable::Hooks { expectations, conflict, committed, remote });
    d
}

/// Reads a stored key as it is (no map, no lock): for the map management in `web::maps`.
pub(crate) fn raw_get(key: &str) -> Result<Option<String>, StorageError> {
    durable::get(key)
}

pub(crate) fn raw_set(key: &str, value: &str) -> Result<(), StorageError> {
    durable::change(&[(key, Some(value))])
}

pub(crate) fn raw_remove(key: &str) -> Result<(), StorageError> {
    durable::change(&[(key, None)])
}

/// Every stored key (of every map).
pub(crate) fn raw_keys() -> Result<Vec<String>, StorageError> {
    durable::keys()
}

/// Seals `records` into map `id`'s envelope with a fresh nonce.
fn seal(
    cipher: Cipher,
    id: &str,
    key: &VaultKey,
    kdf: &KdfParams,
    records: &SortedMap<String, String>,
) -> Result<String, StorageError> {
    let random = page::random_bytes().ok_or_else(|| StorageError::Other("no random source".into()))?;
    let mut nonce = [0u8; 12];
    nonce.copy_from_slice(&random[..12]);
    Ok((cipher.seal)(key, nonce, kdf, id, records))
}

/// Applies `change` to the open map's records and seals them (the write to disk follows, guarded:
/// see [`expectations`]). When the map got locked meanwhile (its PIN removed or changed, or the
/// map deleted, in another tab), nothing is written.
fn change_open(session: &mut Session, change: impl FnOnce(&mut SortedMap<String, String>)) -> Result<(), StorageError> {
    let MapState::Open { key, kdf, records, cipher, .. } = &mut session.state else { return Err(StorageError::Locked) };
    let mut next = records.clone();
    change(&mut next);
    let text = seal(*cipher, &session.id, key, kdf, &next)?;
    raw_set(&vault_key(&session.id), &text)?;
    *records = next;
    Ok(())
}

/// A plain write, unless the map got a PIN in another tab meanwhile: then nothing plain may be
/// written any more, and the map is locked here too. (The write itself is guarded as well: it
/// reaches the disk only while the map still has no envelope there, see [`expectations`].)
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

/// Every record of the open map whose key starts with `prefix`, with its value.
pub fn all(prefix: &str) -> Result<Vec<(String, String)>, StorageError> {
    let mut out = Vec::new();
    for k in keys(prefix)? {
        if let Some(v) = get(&k)? {
            out.push((k, v));
        }
    }
    // Already in order: the keys come from a SortedMap, and logical_key keeps or strips one fixed
    // prefix. (No sort here: see small_collections.)
    debug_assert!(out.windows(2).all(|w| w[0].0 < w[1].0));
    Ok(out)
}

/// Writes all `(key, value)` pairs, or none: they go to disk in one transaction, and this resolves
/// once they are there. When that fails (a full quota), the keys get their earlier value back, in
/// memory too, so an import never leaves half a result or claims what is not on disk.
pub async fn write_all(writes: &[(String, String)]) -> Result<(), StorageError> {
    let before: Vec<(String, Option<String>)> =
        writes.iter().map(|(k, _)| Ok((k.clone(), get(k)?))).collect::<Result<_, StorageError>>()?;
    let sealed = with_session(|s| match &s.state {
        MapState::Plain => None,
        _ => Some(change_open(s, |r| {
            for (k, v) in writes {
                r.insert(k.clone(), v.clone());
            }
        })),
    });
    match sealed {
        Some(result) => result?,
        None => with_session(|s| {
            if raw_get(&vault_key(&s.id))?.is_some() {
                s.state = MapState::Locked;
                return Err(StorageError::Locked);
            }
            let physical: Vec<(String, &str)> =
                writes.iter().map(|(k, v)| (physical_key(&s.id, k), v.as_str())).collect();
            let changes: Vec<(&str, Option<&str>)> = physical.iter().map(|(k, v)| (k.as_str(), Some(*v))).collect();
            durable::change(&changes)
        })?,
    }
    if let Err(e) = durable::settled().await {
        for (k, old) in before.into_iter().rev() {
            let _ = match old {
                Some(old) => set(&k, &old),
                None => remove(&k),
            };
        }
        return Err(e);
    }
    Ok(())
}

/// After another tab's changes: the new value of the open map's record `logical`, when they are
/// about it. `Some(None)` when it was removed. For a map with a PIN, a new envelope gives the
/// record's value in it, as this tab now holds it (the caller compares it with what it shows).
pub fn changed_elsewhere(changes: &[Change], logical: &str) -> Option<Option<String>> {
    with_session(|s| match &s.state {
        MapState::Plain => {
            let physical = physical_key(&s.id, logical);
            changes.iter().rev().find(|(k, _)| *k == physical).map(|(_, v)| v.clone())
        }
        MapState::Locked => None,
        MapState::Open { records, .. } => {
            changes.iter().any(|(k, _)| *k == vault_key(&s.id)).then(|| records.get(logical).cloned())
        }
    })
}

thread_local! {
    /// Set when another tab locked this map for this tab (see [`follow_other_tab`]).
    static MUST_RELOAD: Cell<bool> = const { Cell::new(false) };
}

/// Whether the page must load fresh: another tab set, changed or removed this map's PIN, or
/// deleted the map, so nothing decrypted may stay on the screen or be written back in plain text.
pub fn must_reload() -> bool {
    MUST_RELOAD.with(Cell::get)
}

/// Locks this tab's map after another tab changed its lock: queued writes of the map are dropped
/// (they would be stale, or plain text where a PIN now is), and the page must reload.
fn locked_elsewhere(s: &mut Session) {
    s.state = MapState::Locked;
    let id = s.id.clone();
    durable::discard_pending(move |k| crate::dossier::belongs_to(&id, k));
    MUST_RELOAD.with(|m| m.set(true));
}

/// Takes over the envelope `theirs`, which another tab put on disk: its records, with this tab's
/// changes that are not on disk yet put on top (they are newer). Sealed again when there are such
/// changes. `false` when it does not open with this tab's key (the PIN was changed).
fn rebase(s: &mut Session, theirs: &str) -> bool {
    let id = s.id.clone();
    let MapState::Open { key, kdf, records, disk, disk_records, cipher } = &mut s.state else { return false };
    let Ok(their_records) = (cipher.open)(key, &id, theirs) else { return false };
    let mut merged = their_records.clone();
    for k in disk_records.keys().chain(records.keys()) {
        let (base, mine) = (disk_records.get(k), records.get(k));
        if base != mine {
            match mine {
                Some(v) => merged.insert(k.clone(), v.clone()),
                None => merged.remove(k),
            };
        }
    }
    *disk = Some(theirs.to_string());
    *disk_records = their_records;
    if merged == *disk_records {
        *records = merged;
        durable::discard_pending(|k| k == vault_key(&id));
        return true;
    }
    match seal(*cipher, &id, key, kdf, &merged) {
        Ok(text) => {
            *records = merged;
            let _ = raw_set(&vault_key(&id), &text);
            true
        }
        Err(_) => false,
    }
}

/// Hook: what the disk must still hold for the next write to go through (inside its transaction).
/// The open map's envelope as this tab last saw it there; no envelope, for a map without a PIN.
fn expectations(batch: &[Change]) -> Vec<Change> {
    with_session(|s| match &s.state {
        // Taking the PIN off removes the envelope in this very batch: nothing to expect of it.
        MapState::Plain if batch.iter().any(|(k, v)| *k == vault_key(&s.id) && v.is_none()) => Vec::new(),
        MapState::Plain => vec![(vault_key(&s.id), None)],
        MapState::Locked => Vec::new(),
        MapState::Open { disk, .. } => vec![(vault_key(&s.id), disk.clone())],
    })
}

/// Hook: a write did not go through, because another tab wrote the envelope. Merge and go on, or
/// stop writing this map.
fn conflict(c: crate::web::idb::Conflict) {
    let notify = with_session(|s| {
        if c.key != vault_key(&s.id) {
            return false;
        }
        let merged = match (&c.on_disk, &s.state) {
            (Some(theirs), MapState::Open { .. }) => rebase(s, theirs),
            _ => false,
        };
        if !merged {
            locked_elsewhere(s);
            durable::follow_disk(&c.key, c.on_disk.as_deref());
        }
        true
    });
    if notify {
        durable::notify_change(&[(c.key, c.on_disk)]);
    }
}

/// Hook: a batch is on disk. When it holds the open map's envelope, that is now the one on disk.
fn committed(batch: &[Change]) {
    with_session(|s| {
        let id = s.id.clone();
        if let MapState::Open { key, disk, disk_records, cipher, .. } = &mut s.state {
            match batch.iter().find(|(k, _)| *k == vault_key(&id)) {
                Some((_, Some(text))) => {
                    if let Ok(r) = (cipher.open)(key, &id, text) {
                        *disk = Some(text.clone());
                        *disk_records = r;
                    }
                }
                Some((_, None)) => *disk = None,
                None => {}
            }
        }
    });
}

/// Hook: another tab committed `changes`. Keeps this tab in step: takes over a new envelope of the
/// open map (so the next write here does not put back old records); when the other tab set or
/// removed the PIN, changed it, deleted the map or wiped the device, this tab stops writing the
/// map and must reload (see [`must_reload`]).
fn remote(changes: &[Change]) {
    with_session(|s| {
        for (changed, value) in changes {
            let gone = match changed.as_str() {
                DOSSIERS_KEY => {
                    // Still on the list? (No list at all: only the first map exists.)
                    let list = value.as_deref().and_then(|t| crate::dossier::decode_dossiers(t).ok());
                    s.id != FIRST_ID && list.is_none_or(|l| l.get(&s.id).is_none())
                }
                k if k == vault_key(&s.id) => match (value, &s.state) {
                    (Some(_), MapState::Locked) | (None, MapState::Plain) => false,
                    (Some(text), MapState::Open { .. }) => !rebase(s, text),
                    _ => true,
                },
                _ => false,
            };
            if gone {
                locked_elsewhere(s);
            }
        }
    });
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
        let cipher = VAULT_CIPHER;
        let disk_records = (cipher.open)(&key, &s.id, &text).map_err(OpenError::Vault)?;
        let mut records = disk_records.clone();
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
            let sealed = seal(cipher, &s.id, &key, &kdf, &records).map_err(OpenError::Storage)?;
            raw_set(&vault_key(&s.id), &sealed).map_err(OpenError::Storage)?;
        }
        // Removed in the same transaction as the new envelope is written (one synchronous call).
        for (k, _, _) in &leftovers {
            let _ = raw_remove(k);
        }
        s.state = MapState::Open { key, kdf, records, disk: Some(text), disk_records, cipher };
        Ok(())
    })
}

/// Seals the open map `id` again under a new key (a fresh salt and more KDF rounds): the same
/// records, a stronger envelope. Guarded like every write of the map (see [`expectations`]).
pub(crate) fn rekey_open(id: &str, new_key: VaultKey, new_kdf: KdfParams) -> Result<(), StorageError> {
    with_session(|s| {
        if s.id != id {
            return Err(StorageError::Locked);
        }
        let MapState::Open { key, kdf, records, cipher, .. } = &mut s.state else { return Err(StorageError::Locked) };
        let text = seal(*cipher, id, &new_key, &new_kdf, records)?;
        // The new key first: the hook that sees the new envelope on disk opens it with this key.
        let old = (std::mem::replace(key, new_key), std::mem::replace(kdf, new_kdf));
        if let Err(e) = raw_set(&vault_key(id), &text) {
            (*key, *kdf) = old;
            return Err(e);
        }
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
/// the plain records are removed in the same transaction: on disk it is all or nothing.
pub(crate) fn seal_active(id: &str, key: VaultKey, kdf: KdfParams) -> Result<(), StorageError> {
    with_session(|s| {
        // Not when another map was opened meanwhile, nor over an envelope another tab just made.
        if s.id != id || !matches!(s.state, MapState::Plain) || raw_get(&vault_key(id))?.is_some() {
            return Err(StorageError::Locked);
        }
        let mut records = SortedMap::new();
        let mut plain_keys = Vec::new();
        for k in raw_keys()? {
            if let Some(logical) = logical_key(&s.id, &k) {
                if let Some(v) = raw_get(&k)? {
                    records.insert(logical, v);
                }
                plain_keys.push(k);
            }
        }
        let cipher = VAULT_CIPHER;
        let sealed = seal(cipher, &s.id, &key, &kdf, &records)?;
        let mut changes: Vec<(&str, Option<&str>)> = plain_keys.iter().map(|k| (k.as_str(), None)).collect();
        let envelope = vault_key(id);
        changes.push((&envelope, Some(&sealed)));
        durable::change(&changes)?;
        s.state = MapState::Open { key, kdf, records, disk: None, disk_records: SortedMap::new(), cipher };
        Ok(())
    })
}

/// Takes the PIN off the open map: the records (as this tab holds them, another tab's latest
/// included) are written plain and the envelope removed, in one transaction.
pub(crate) fn unseal_active() -> Result<(), StorageError> {
    with_session(|s| {
        let MapState::Open { records, .. } = &s.state else { return Err(StorageError::Locked) };
        let writes: Vec<(String, String)> = records.iter().map(|(k, v)| (physical_key(&s.id, k), v.clone())).collect();
        let envelope = vault_key(&s.id);
        let mut changes: Vec<(&str, Option<&str>)> =
            writes.iter().map(|(k, v)| (k.as_str(), Some(v.as_str()))).collect();
        changes.push((&envelope, None));
        durable::change(&changes)?;
        s.state = MapState::Plain;
        Ok(())
    })
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

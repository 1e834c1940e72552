//! Maps on this device: make one, switch, put a PIN on it or take it off, lock it, remove it.
//! The rules are in `crate::dossier` and `crate::vault`; the records move in `web::storage`.
//! The key is derived from the PIN with WebCrypto's PBKDF2: native speed, and no hashing code
//! in the download.

use super::{page, storage};
use crate::backup::{encode_locked_backup, open_locked_backup, BackupError};
use crate::dossier::{
    belongs_to, decode_dossiers, encode_dossiers, Dossiers, DossiersError, NameProblem, ACTIVE_DOSSIER_KEY,
    DOSSIERS_DAMAGED_KEY, DOSSIERS_KEY, FIRST_ID,
};
use crate::storage_format::PREFIX;
use crate::vault::{self, check_new_pin, normalise_pin, KdfParams, PinProblem, VaultError, VaultKey, KDF_ITERATIONS};
use storage::{OpenError, StorageError};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MapError {
    Storage(StorageError),
    Name(NameProblem),
    Pin(PinProblem),
    Vault(VaultError),
    /// No WebCrypto: the page is not served over https (or the browser is very old).
    NoCrypto,
    /// WebCrypto is there but failed (out of memory, a browser error).
    CryptoFailed,
    /// The map changed while the PIN was being checked (another map opened, or its PIN removed
    /// in another tab): nothing was done.
    MapChanged,
    /// The list of maps was written by a newer Wijkpeil: nothing is changed.
    NewerList,
    /// A file with a PIN could not be opened or read.
    File(BackupError),
    /// The phrase for a hand-over file is too easy to guess, or typed differently twice.
    Phrase(crate::passphrase::PhraseProblem),
    /// The word list for phrases could not be loaded (offline before it was ever kept).
    NoWords,
}

impl MapError {
    pub fn message_key(&self) -> &'static str {
        match self {
            MapError::Storage(e) => e.message_key(),
            MapError::Name(p) => p.message_key(),
            MapError::Pin(p) => p.message_key(),
            MapError::Vault(v) => v.message_key(),
            MapError::NoCrypto => "lock.no_crypto",
            MapError::CryptoFailed => "lock.crypto_failed",
            MapError::MapChanged => "lock.map_changed",
            MapError::NewerList => "storage.newer",
            MapError::File(e) => e.message_key(),
            MapError::Phrase(p) => p.message_key(),
            MapError::NoWords => "phrase.no_words",
        }
    }
}

impl From<StorageError> for MapError {
    fn from(e: StorageError) -> Self {
        MapError::Storage(e)
    }
}

/// One map, as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapInfo {
    pub id: String,
    pub name: Option<String>,
    pub has_pin: bool,
    pub active: bool,
}

/// The list of maps. A damaged list is set aside (never deleted) and rebuilt from what is in
/// storage, so no map becomes unreachable.
fn read_list() -> Result<Dossiers, MapError> {
    read_list_with(&storage::raw_keys()?)
}

/// [`read_list`], given every stored key (read once by the caller).
fn read_list_with(stored: &[String]) -> Result<Dossiers, MapError> {
    let mut list = match storage::raw_get(DOSSIERS_KEY)? {
        None => Dossiers::default(),
        Some(text) => match decode_dossiers(&text) {
            Ok(d) => d,
            Err(DossiersError::NewerFormat(_)) => return Err(MapError::NewerList),
            Err(DossiersError::Damaged) => {
                // Kept on the device, not in a map (it names every map).
                let _ = storage::raw_set(DOSSIERS_DAMAGED_KEY, &text);
                Dossiers::default()
            }
        },
    };
    list.add_found(stored);
    Ok(list)
}

fn write_list(list: &Dossiers) -> Result<(), MapError> {
    Ok(storage::raw_set(DOSSIERS_KEY, &encode_dossiers(list))?)
}

pub fn list() -> Result<Vec<MapInfo>, MapError> {
    let active = storage::active();
    let stored = storage::raw_keys()?;
    Ok(read_list_with(&stored)?
        .list
        .into_iter()
        .map(|d| MapInfo {
            has_pin: stored.contains(&crate::dossier::vault_key(&d.id)),
            active: d.id == active.id,
            id: d.id,
            name: d.name,
        })
        .collect())
}

/// The name of the open map (`None`: the first map, not named).
pub fn active_name() -> Option<String> {
    let id = storage::active().id;
    read_list().ok()?.get(&id)?.name.clone()
}

/// Makes a new, empty map and opens it.
pub fn create(name: &str) -> Result<(), MapError> {
    let mut list = read_list()?;
    let id = page::random_id().ok_or(MapError::NoCrypto)?[..12].to_string();
    list.add(&id, name).map_err(MapError::Name)?;
    write_list(&list)?;
    Ok(storage::switch_to(&id)?)
}

pub fn rename(id: &str, name: &str) -> Result<(), MapError> {
    let mut list = read_list()?;
    list.rename(id, name).map_err(MapError::Name)?;
    write_list(&list)
}

/// Opens another map in this tab (locked, if it has a PIN).
pub fn switch(id: &str) -> Result<(), MapError> {
    Ok(storage::switch_to(id)?)
}

/// Removes a map and everything in it from this device; the first map then opens. When only an
/// empty first map is left, the list of maps goes too: nothing of Wijkpeil stays behind.
pub fn delete(id: &str) -> Result<(), MapError> {
    // The list first: when it cannot be read (a newer format), nothing is removed.
    let mut list = read_list()?;
    list.remove(id);
    for k in storage::raw_keys()? {
        if belongs_to(id, &k) {
            storage::raw_remove(&k)?;
        }
    }
    if storage::active().id == id || id == FIRST_ID {
        storage::switch_to(FIRST_ID)?;
    }
    if list == Dossiers::default() {
        storage::raw_remove(DOSSIERS_KEY)?;
        Ok(storage::raw_remove(ACTIVE_DOSSIER_KEY)?)
    } else {
        write_list(&list)
    }
}

/// "Wis alles van dit apparaat": every map, the list of maps and the choices.
pub fn wipe_device() -> Result<(), MapError> {
    for k in storage::raw_keys()? {
        if k.starts_with(PREFIX) {
            storage::raw_remove(&k)?;
        }
    }
    storage::switch_to(FIRST_ID).and_then(|()| storage::raw_remove(ACTIVE_DOSSIER_KEY))?;
    super::durable::forget_local_copies();
    Ok(())
}

/// Puts a PIN on the open map. The records are sealed, and then the plain ones removed.
pub async fn set_pin(pin: &str, again: &str) -> Result<(), MapError> {
    let (pin, again) = (normalise_pin(pin), normalise_pin(again));
    check_new_pin(&pin, &again).map_err(MapError::Pin)?;
    let salt = page::random_bytes().ok_or(MapError::NoCrypto)?.to_vec();
    let kdf = KdfParams { salt, iterations: KDF_ITERATIONS };
    let id = storage::active().id;
    let key = derive_key(&pin, &kdf).await?;
    storage::seal_active(&id, key, kdf).map_err(|e| match e {
        StorageError::Locked => MapError::MapChanged,
        e => MapError::Storage(e),
    })
}

/// Opens the locked map with its PIN. A wrong PIN changes nothing.
pub async fn unlock(pin: &str) -> Result<(), MapError> {
    let id = storage::active().id;
    // No envelope: the PIN was removed, or the map deleted, in another tab.
    let text = storage::raw_get(&crate::dossier::vault_key(&id))?.ok_or(MapError::MapChanged)?;
    let kdf = vault::kdf_params(&text).map_err(MapError::Vault)?;
    let key = derive_key(&normalise_pin(pin), &kdf).await?;
    storage::open_with(&id, key).map_err(|e| match e {
        OpenError::Vault(v) => MapError::Vault(v),
        OpenError::Storage(s) => MapError::Storage(s),
        OpenError::NoEnvelope | OpenError::OtherMap => MapError::MapChanged,
    })?;
    if vault::needs_stronger_kdf(&kdf) {
        // Sealed with fewer rounds than today's (an older Wijkpeil): sealed again now, under a
        // fresh salt. The map is open either way; a failure here is tried at the next unlock.
        let _ = strengthen(&id, &normalise_pin(pin)).await;
    }
    Ok(())
}

/// Re-derives the open map's key with today's rounds and a fresh salt, and seals it again.
async fn strengthen(id: &str, pin: &str) -> Result<(), MapError> {
    let salt = page::random_bytes().ok_or(MapError::NoCrypto)?.to_vec();
    let kdf = KdfParams { salt, iterations: KDF_ITERATIONS };
    let key = derive_key(pin, &kdf).await?;
    Ok(storage::rekey_open(id, key, kdf)?)
}

pub fn remove_pin() -> Result<(), MapError> {
    Ok(storage::unseal_active()?)
}

/// A hand-over file sealed with a phrase of at least 60 bits (see `crate::passphrase`; a file
/// travels, so a PIN could be found by trying them all), see `crate::backup::encode_locked_backup`.
pub async fn seal_file(records: &[(String, String)], phrase: &str, again: &str) -> Result<String, MapError> {
    word_list().await?.check_new_phrase(phrase, again).map_err(MapError::Phrase)?;
    let pin = crate::passphrase::normalise(phrase);
    let salt = page::random_bytes().ok_or(MapError::NoCrypto)?.to_vec();
    let kdf = KdfParams { salt, iterations: KDF_ITERATIONS };
    let key = derive_key(&pin, &kdf).await?;
    let random = page::random_bytes().ok_or(MapError::NoCrypto)?;
    let mut nonce = [0u8; 12];
    nonce.copy_from_slice(&random[..12]);
    Ok(encode_locked_backup(&key, nonce, &kdf, records))
}

/// Opens a hand-over file with its phrase (or, for a file made before phrases, its PIN); its
/// records are checked like a plain file's.
pub async fn open_file(text: &str, kdf: &KdfParams, pin: &str) -> Result<Vec<(String, String)>, MapError> {
    let phrase = crate::passphrase::normalise(pin);
    let key = derive_key(&phrase, kdf).await?;
    match open_locked_backup(&key, text) {
        Err(BackupError::WrongPin) if normalise_pin(pin) != phrase => {
            let key = derive_key(&normalise_pin(pin), kdf).await?;
            open_locked_backup(&key, text).map_err(MapError::File)
        }
        other => other.map_err(MapError::File),
    }
}

/// PBKDF2-HMAC-SHA256 in the browser (WebCrypto). Only available on https (and localhost).
pub async fn derive_key(pin: &str, kdf: &KdfParams) -> Result<VaultKey, MapError> {
    let crypto = web_sys::window().and_then(|w| w.crypto().ok()).ok_or(MapError::NoCrypto)?;
    let has_subtle = js_sys::Reflect::get(&crypto, &"subtle".into()).is_ok_and(|s| !s.is_undefined());
    if !has_subtle {
        return Err(MapError::NoCrypto);
    }
    let subtle = crypto.subtle();
    let no_crypto = |_: JsValue| MapError::CryptoFailed;
    let pin_bytes = js_sys::Uint8Array::from(pin.as_bytes());
    let usages = js_sys::Array::of1(&"deriveBits".into());
    let import = subtle.import_key_with_str("raw", &pin_bytes, "PBKDF2", false, &usages).map_err(no_crypto)?;
    let base: web_sys::CryptoKey = JsFuture::from(import).await.map_err(no_crypto)?.unchecked_into();
    let params = js_sys::Object::new();
    let salt = js_sys::Uint8Array::from(kdf.salt.as_slice());
    for (name, value) in [
        ("name", JsValue::from("PBKDF2")),
        ("hash", JsValue::from("SHA-256")),
        ("iterations", JsValue::from(kdf.iterations)),
        ("salt", salt.into()),
    ] {
        js_sys::Reflect::set(&params, &name.into(), &value).map_err(no_crypto)?;
    }
    let bits = subtle.derive_bits_with_object(&params, &base, 256).map_err(no_crypto)?;
    let bits = js_sys::Uint8Array::new(&JsFuture::from(bits).await.map_err(no_crypto)?);
    let mut key = [0u8; 32];
    if bits.length() != 32 {
        return Err(MapError::CryptoFailed);
    }
    bits.copy_to(&mut key);
    Ok(VaultKey(key))
}

thread_local! {
    static WORD_LIST: std::cell::RefCell<Option<crate::passphrase::WordList>> = const { std::cell::RefCell::new(None) };
}

/// The 4096 words of hand-over phrases, fetched once (not part of the first visit; the service
/// worker keeps them for offline use).
pub async fn word_list() -> Result<crate::passphrase::WordList, MapError> {
    if let Some(list) = WORD_LIST.with(|l| l.borrow().clone()) {
        return Ok(list);
    }
    let text = super::fetch::fetch_text(crate::passphrase::WORD_LIST_URL).await.map_err(|_| MapError::NoWords)?;
    let list = crate::passphrase::WordList::parse(&text).ok_or(MapError::NoWords)?;
    WORD_LIST.with(|l| *l.borrow_mut() = Some(list.clone()));
    Ok(list)
}

//! The PIN lock of a map: all of a locked map's records, sealed together in one envelope with
//! AES-256-GCM. Pure: the caller brings the key, the nonce and the salt.
//!
//! Why one envelope for the whole map, not one per record: then storage shows nothing of a
//! locked map, not even which questionnaires it holds, only that it exists and its size. And a
//! change is all-or-nothing: the envelope is written whole or not at all.
//!
//! Key derivation: PBKDF2-HMAC-SHA256 with a fresh 16-byte salt per PIN and
//! [`KDF_ITERATIONS`] rounds. The browser runs it with WebCrypto (native speed, off the wasm
//! binary); the parameters travel in the envelope, so they can be raised later without
//! breaking older maps. The tests derive the same key with the `pbkdf2` crate.
//!
//! Every write seals with a fresh random 96-bit nonce. The map's id is the associated data, so
//! an envelope copied onto another map does not open there.

use crate::small_collections::SortedMap;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use serde_json::{json, Map, Value};

pub const VAULT_KIND: &str = "wijkpeil-vault";
pub const VAULT_FORMAT: u64 = 1;
/// OWASP's 2023 figure for PBKDF2-HMAC-SHA256. About 0.2 s on a laptop, 1–2 s on a cheap
/// phone, once per unlock.
pub const KDF_ITERATIONS: u32 = 600_000;
pub const KDF_NAME: &str = "PBKDF2-SHA256";
/// More rounds than this are refused as damaged: a planted envelope must not freeze the phone.
pub const MAX_KDF_ITERATIONS: u32 = 10_000_000;
pub const MIN_PIN_DIGITS: usize = 6;
pub const MAX_PIN_DIGITS: usize = 12;

/// A derived 256-bit key. Not `Debug`, so it cannot end up in a log by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct VaultKey(pub [u8; 32]);

/// How the key of a vault is derived from the PIN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KdfParams {
    pub salt: Vec<u8>,
    pub iterations: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VaultError {
    /// Not a vault envelope at all (damaged storage).
    Damaged,
    /// Sealed by a newer Wijkpeil: left alone.
    NewerFormat(u64),
    /// The key does not open it: a wrong PIN (or a damaged envelope: AES-GCM cannot tell them
    /// apart, and neither case may change anything).
    WrongPin,
}

impl VaultError {
    pub fn message_key(&self) -> &'static str {
        match self {
            VaultError::Damaged => "lock.damaged",
            VaultError::NewerFormat(_) => "storage.newer",
            VaultError::WrongPin => "lock.wrong_pin",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinProblem {
    NotDigits,
    TooShort,
    TooLong,
    /// The second entry differs from the first.
    Different,
}

impl PinProblem {
    pub fn message_key(&self) -> &'static str {
        match self {
            PinProblem::NotDigits => "lock.pin_digits",
            PinProblem::TooShort | PinProblem::TooLong => "lock.pin_length",
            PinProblem::Different => "lock.pin_different",
        }
    }
}

/// The PIN as ASCII digits: a phone set to Arabic or Persian types ٠–٩ or ۰–۹, and the same
/// PIN must open the map from any keyboard. Spaces are dropped.
pub fn normalise_pin(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c as u32 {
            0x0660..=0x0669 => char::from(b'0' + (c as u32 - 0x0660) as u8),
            0x06F0..=0x06F9 => char::from(b'0' + (c as u32 - 0x06F0) as u8),
            _ => c,
        })
        .collect()
}

/// Seconds to wait before the next try after `wrong` wrong PINs in a row: 1, 2, 4, 8, 16, then
/// 30. It slows guessing on the device; it never deletes anything.
pub fn wait_after_wrong_pins(wrong: u32) -> u32 {
    (1u32 << wrong.saturating_sub(1).min(5)).min(30)
}

/// Checks a new PIN and its repetition (both already through [`normalise_pin`]).
pub fn check_new_pin(pin: &str, again: &str) -> Result<(), PinProblem> {
    if !pin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(PinProblem::NotDigits);
    }
    if pin.len() < MIN_PIN_DIGITS {
        return Err(PinProblem::TooShort);
    }
    if pin.len() > MAX_PIN_DIGITS {
        return Err(PinProblem::TooLong);
    }
    if pin != again {
        return Err(PinProblem::Different);
    }
    Ok(())
}

/// The associated data of a map's envelope: binds it to that map.
fn aad(map_id: &str) -> Vec<u8> {
    format!("{VAULT_KIND}:{map_id}").into_bytes()
}

/// Seals `records` (logical key → stored text) for map `map_id`.
pub fn seal(
    key: &VaultKey,
    nonce: [u8; 12],
    kdf: &KdfParams,
    map_id: &str,
    records: &SortedMap<String, String>,
) -> String {
    let plain: Map<String, Value> = records.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect();
    let plain = Value::Object(plain).to_string();
    let cipher = Aes256Gcm::new_from_slice(&key.0).expect("a 32-byte key is always valid");
    let sealed = cipher
        .encrypt(Nonce::from_slice(&nonce), Payload { msg: plain.as_bytes(), aad: &aad(map_id) })
        .expect("AES-GCM encryption of an in-memory buffer cannot fail");
    json!({
        "format": VAULT_FORMAT,
        "kind": VAULT_KIND,
        "kdf": {"name": KDF_NAME, "iterations": kdf.iterations, "salt": B64.encode(&kdf.salt)},
        "nonce": B64.encode(nonce),
        "data": B64.encode(sealed),
    })
    .to_string()
}

/// The envelope, read but not opened.
struct Envelope {
    kdf: KdfParams,
    nonce: Vec<u8>,
    data: Vec<u8>,
}

fn read_envelope(text: &str) -> Result<Envelope, VaultError> {
    let v: Value = serde_json::from_str(text).map_err(|_| VaultError::Damaged)?;
    if v.get("kind").and_then(Value::as_str) != Some(VAULT_KIND) {
        return Err(VaultError::Damaged);
    }
    let format = v.get("format").and_then(Value::as_u64).ok_or(VaultError::Damaged)?;
    if format > VAULT_FORMAT {
        return Err(VaultError::NewerFormat(format));
    }
    let b64 = |field: Option<&Value>| -> Result<Vec<u8>, VaultError> {
        B64.decode(field.and_then(Value::as_str).ok_or(VaultError::Damaged)?).map_err(|_| VaultError::Damaged)
    };
    let kdf = v.get("kdf").ok_or(VaultError::Damaged)?;
    if kdf.get("name").and_then(Value::as_str) != Some(KDF_NAME) {
        return Err(VaultError::Damaged);
    }
    let iterations = kdf
        .get("iterations")
        .and_then(Value::as_u64)
        .and_then(|n| u32::try_from(n).ok())
        .filter(|&n| n > 0 && n <= MAX_KDF_ITERATIONS)
        .ok_or(VaultError::Damaged)?;
    let salt = b64(kdf.get("salt"))?;
    let nonce = b64(v.get("nonce"))?;
    if salt.len() < 16 || nonce.len() != 12 {
        return Err(VaultError::Damaged);
    }
    Ok(Envelope { kdf: KdfParams { salt, iterations }, nonce, data: b64(v.get("data"))? })
}

/// How to derive the key for this envelope (read before asking the browser to derive it).
pub fn kdf_params(text: &str) -> Result<KdfParams, VaultError> {
    read_envelope(text).map(|e| e.kdf)
}

/// Opens a map's envelope. A wrong key gives [`VaultError::WrongPin`] and changes nothing.
pub fn open(key: &VaultKey, map_id: &str, text: &str) -> Result<SortedMap<String, String>, VaultError> {
    let env = read_envelope(text)?;
    let cipher = Aes256Gcm::new_from_slice(&key.0).expect("a 32-byte key is always valid");
    let plain = cipher
        .decrypt(Nonce::from_slice(&env.nonce), Payload { msg: &env.data, aad: &aad(map_id) })
        .map_err(|_| VaultError::WrongPin)?;
    // The tag matched, so this is what we sealed; a shape error means a bug or a newer writer.
    let v: Value = serde_json::from_slice(&plain).map_err(|_| VaultError::Damaged)?;
    let o = v.as_object().ok_or(VaultError::Damaged)?;
    o.iter().map(|(k, v)| Ok((k.clone(), v.as_str().ok_or(VaultError::Damaged)?.to_string()))).collect()
}

/// Whether an envelope's key derivation is weaker than today's ([`KDF_ITERATIONS`]): then the map
/// is sealed again with today's rounds and a fresh salt once it is opened with its PIN.
pub fn needs_stronger_kdf(kdf: &KdfParams) -> bool {
    kdf.iterations < KDF_ITERATIONS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn derive(pin: &str, kdf: &KdfParams) -> VaultKey {
        let mut out = [0u8; 32];
        pbkdf2::pbkdf2_hmac::<sha2::Sha256>(pin.as_bytes(), &kdf.salt, kdf.iterations, &mut out);
        VaultKey(out)
    }

    // Few rounds in tests: the number is a parameter of the envelope, the code path is the same.
    fn params() -> KdfParams {
        KdfParams { salt: (0u8..16).collect(), iterations: 1000 }
    }

    fn records() -> SortedMap<String, String> {
        SortedMap::from([
            ("wijkpeil:draft:hoe-gaat-het".to_string(), r#"{"answers":"Ik slaap slecht"}"#.to_string()),
            ("wijkpeil:agenda:hoe-gaat-het".to_string(), "<script>alert(1)</script> é ✓".to_string()),
        ])
    }

    #[test]
    fn round_trip_with_the_right_pin() {
        let kdf = params();
        let sealed = seal(&derive("123456", &kdf), [7; 12], &kdf, "anna", &records());
        assert_eq!(kdf_params(&sealed).unwrap(), kdf);
        let key = derive("123456", &kdf_params(&sealed).unwrap());
        assert_eq!(open(&key, "anna", &sealed).unwrap(), records());
    }

    #[test]
    fn nothing_typed_is_readable_in_the_envelope() {
        let kdf = params();
        let sealed = seal(&derive("123456", &kdf), [7; 12], &kdf, "anna", &records());
        for needle in ["slaap", "script", "draft", "hoe-gaat-het", "agenda"] {
            assert!(!sealed.contains(needle), "{needle} readable in {sealed}");
        }
    }

    #[test]
    fn a_wrong_pin_is_refused_and_the_envelope_still_opens_with_the_right_one() {
        let kdf = params();
        let sealed = seal(&derive("123456", &kdf), [7; 12], &kdf, "anna", &records());
        for wrong in ["123457", "654321", "", "1234560"] {
            assert_eq!(open(&derive(wrong, &kdf), "anna", &sealed), Err(VaultError::WrongPin));
        }
        assert_eq!(open(&derive("123456", &kdf), "anna", &sealed).unwrap(), records());
    }

    #[test]
    fn an_envelope_does_not_open_on_another_map() {
        let kdf = params();
        let key = derive("123456", &kdf);
        let sealed = seal(&key, [7; 12], &kdf, "anna", &records());
        assert_eq!(open(&key, "bram", &sealed), Err(VaultError::WrongPin));
    }

    #[test]
    fn a_changed_byte_is_detected() {
        let kdf = params();
        let key = derive("123456", &kdf);
        let sealed = seal(&key, [7; 12], &kdf, "anna", &records());
        let v: Value = serde_json::from_str(&sealed).unwrap();
        let mut data = B64.decode(v["data"].as_str().unwrap()).unwrap();
        data[3] ^= 1;
        let mut v2 = v.clone();
        v2["data"] = Value::String(B64.encode(&data));
        assert_eq!(open(&key, "anna", &v2.to_string()), Err(VaultError::WrongPin));
    }

    #[test]
    fn fresh_nonces_give_different_envelopes_for_the_same_content() {
        let kdf = params();
        let key = derive("123456", &kdf);
        let a = seal(&key, [1; 12], &kdf, "anna", &records());
        let b = seal(&key, [2; 12], &kdf, "anna", &records());
        assert_ne!(a, b);
        assert_eq!(open(&key, "anna", &a).unwrap(), open(&key, "anna", &b).unwrap());
    }

    #[test]
    fn damaged_and_newer_envelopes_are_typed_errors() {
        let key = derive("123456", &params());
        assert_eq!(open(&key, "anna", "not json"), Err(VaultError::Damaged));
        assert_eq!(open(&key, "anna", r#"{"kind":"other"}"#), Err(VaultError::Damaged));
        let newer = r#"{"kind":"wijkpeil-vault","format":9}"#;
        assert_eq!(open(&key, "anna", newer), Err(VaultError::NewerFormat(9)));
        let short_salt = r#"{"kind":"wijkpeil-vault","format":1,"kdf":{"name":"PBKDF2-SHA256","iterations":5,"salt":"AAAA"},"nonce":"AAAAAAAAAAAAAAAA","data":""}"#;
        assert_eq!(kdf_params(short_salt), Err(VaultError::Damaged));
        for rounds in [0, MAX_KDF_ITERATIONS + 1] {
            let bad = seal(&key, [1; 12], &KdfParams { salt: vec![0; 16], iterations: rounds }, "anna", &records());
            assert_eq!(kdf_params(&bad), Err(VaultError::Damaged), "{rounds}");
        }
    }

    #[test]
    fn the_derivation_matches_the_published_test_vector() {
        // RFC 7914 section 11 (PBKDF2-HMAC-SHA256, "passwd"/"salt", 1 round): the browser's
        // WebCrypto is checked against the same function in tests/web.rs.
        let mut out = [0u8; 64];
        pbkdf2::pbkdf2_hmac::<sha2::Sha256>(b"passwd", b"salt", 1, &mut out);
        assert_eq!(out[..8], [0x55, 0xac, 0x04, 0x6e, 0x56, 0xe3, 0x08, 0x9f]);
    }

    #[test]
    fn new_pins_are_checked() {
        assert_eq!(check_new_pin("123456", "123456"), Ok(()));
        assert_eq!(check_new_pin("12345", "12345"), Err(PinProblem::TooShort));
        assert_eq!(check_new_pin("12345a", "12345a"), Err(PinProblem::NotDigits));
        assert_eq!(check_new_pin("1234567890123", "1234567890123"), Err(PinProblem::TooLong));
        assert_eq!(check_new_pin("123456", "123465"), Err(PinProblem::Different));
        assert_eq!(check_new_pin("½23456", "½23456"), Err(PinProblem::NotDigits));
    }

    #[test]
    fn each_wrong_pin_makes_the_wait_longer_up_to_half_a_minute() {
        let waits: Vec<u32> = (1..=8).map(wait_after_wrong_pins).collect();
        assert_eq!(waits, [1, 2, 4, 8, 16, 30, 30, 30]);
    }

    #[test]
    fn arabic_and_persian_digits_are_the_same_pin() {
        assert_eq!(normalise_pin("١٢٣ ٤٥٦"), "123456");
        assert_eq!(normalise_pin("۱۲۳۴۵۶"), "123456");
        assert_eq!(normalise_pin(" 123456 "), "123456");
    }

    #[test]
    fn fewer_rounds_than_today_are_raised_at_unlock() {
        let weak = KdfParams { salt: vec![1; 16], iterations: 100_000 };
        assert!(needs_stronger_kdf(&weak));
        assert!(!needs_stronger_kdf(&KdfParams { salt: vec![1; 16], iterations: KDF_ITERATIONS }));
        assert!(!needs_stronger_kdf(&KdfParams { salt: vec![1; 16], iterations: KDF_ITERATIONS + 1 }));
    }
}

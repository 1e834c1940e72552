//! In a fresh page: a map sealed with fewer PBKDF2 rounds than today's (`vault::KDF_ITERATIONS`,
//! by an older Wijkpeil) is sealed again with today's rounds and a fresh salt when it is unlocked
//! with its PIN; its records stay the same and the PIN keeps working.
#![cfg(target_arch = "wasm32")]

mod web_support;

use wasm_bindgen_test::*;
use web_support::idb_dump;
use wijkpeil::dossier::vault_key;
use wijkpeil::small_collections::SortedMap;
use wijkpeil::storage_format::draft_key;
use wijkpeil::vault::{self, KdfParams, KDF_ITERATIONS};
use wijkpeil::web::durable::{self, Durability};
use wijkpeil::web::{maps, storage};

wasm_bindgen_test_configure!(run_in_browser);

async fn envelope(map: &str) -> String {
    let prefix = format!("{}=", vault_key(map));
    let dump = idb_dump().await;
    dump.lines().find_map(|l| l.strip_prefix(prefix.as_str())).expect("no envelope on disk").to_string()
}

#[wasm_bindgen_test]
async fn a_weak_envelope_is_sealed_again_with_todays_rounds_at_unlock() {
    assert_eq!(storage::init().await, Durability::Durable);
    maps::create("oud").unwrap();
    let map = storage::active().id;
    let key = draft_key("geheim");
    storage::set(&key, "Geheim-4410").unwrap();
    maps::set_pin("246810", "246810").await.unwrap();
    durable::settled().await.unwrap();

    // What an older Wijkpeil left: the same records, sealed with 1000 rounds.
    let weak = KdfParams { salt: b"oud-zout-16-byte".to_vec(), iterations: 1000 };
    let weak_key = maps::derive_key("246810", &weak).await.unwrap();
    let records: SortedMap<String, String> = [(key.clone(), "Geheim-4410".to_string())].into();
    let sealed = vault::seal(&weak_key, [4; 12], &weak, &map, &records);
    durable::change(&[(&vault_key(&map), Some(&sealed))]).unwrap();
    durable::settled().await.unwrap();
    maps::switch(&map).unwrap(); // locked, as after a reload
    assert_eq!(vault::kdf_params(&envelope(&map).await).unwrap(), weak);

    maps::unlock("246810").await.unwrap();
    durable::settled().await.unwrap();
    let now = vault::kdf_params(&envelope(&map).await).unwrap();
    assert_eq!(now.iterations, KDF_ITERATIONS, "the rounds were not raised");
    assert_ne!(now.salt, weak.salt, "not a fresh salt");
    assert_eq!(storage::get(&key).unwrap().as_deref(), Some("Geheim-4410"));
    // Writing still works, and the PIN opens the stronger envelope.
    storage::set(&key, "Geheim-nieuw").unwrap();
    durable::settled().await.unwrap();
    maps::switch(&map).unwrap();
    maps::unlock("246810").await.unwrap();
    assert_eq!(storage::get(&key).unwrap().as_deref(), Some("Geheim-nieuw"));
    assert!(!idb_dump().await.contains("Geheim"));
}

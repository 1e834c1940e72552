//! In a fresh page: records that an earlier version left in localStorage move to IndexedDB at
//! the first start, read back the same, and only then leave localStorage. Nothing else moves.
#![cfg(target_arch = "wasm32")]

mod web_support;

use wasm_bindgen_test::*;
use web_support::{idb_dump, js, local, local_dump};
use wijkpeil::web::durable::{self, Durability};
use wijkpeil::web::storage;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn records_move_once_from_local_storage_and_nothing_stays_readable() {
    let ls = local();
    ls.set_item("wijkpeil:draft:hoe-gaat-het", r#"{"format":1,"answers":"Anna"}"#).unwrap();
    ls.set_item("wijkpeil:vault:abc", "verzegeld").unwrap();
    ls.set_item("wijkpeil:lang", "en").unwrap();
    ls.set_item("andere-app", "niet van ons").unwrap();
    assert_eq!(storage::init().await, Durability::Durable);

    let disk = idb_dump().await;
    assert!(disk.contains("wijkpeil:draft:hoe-gaat-het={\"format\":1,\"answers\":\"Anna\"}\n"), "{disk}");
    assert!(disk.contains("wijkpeil:vault:abc=verzegeld\n"));
    assert!(disk.contains("wijkpeil:lang=en\n"));
    assert!(!disk.contains("andere-app"), "another script's key is not ours to move");
    assert_eq!(local_dump(), "andere-app=niet van ons\n", "no readable copy stays in localStorage");
    assert_eq!(
        storage::get("wijkpeil:draft:hoe-gaat-het").unwrap().as_deref(),
        Some(r#"{"format":1,"answers":"Anna"}"#)
    );

    // What was moved is remembered by fingerprint only: no key name, no answer.
    let meta = js(r#"
        const db = await new Promise(ok => { const r = indexedDB.open('wijkpeil'); r.onsuccess = () => ok(r.result); });
        const r = db.transaction('meta').objectStore('meta').getAll();
        const all = await new Promise(ok => { r.onsuccess = () => ok(r.result); });
        db.close();
        return all.join('|');
    "#)
    .await
    .as_string()
    .unwrap();
    assert_eq!(meta.split_whitespace().count(), 3, "{meta}");
    assert!(!meta.contains("Anna") && !meta.contains("draft") && !meta.contains("verzegeld"), "{meta}");
    durable::settled().await.unwrap();
}

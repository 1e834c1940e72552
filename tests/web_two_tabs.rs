//! In a fresh page: another tab writes the same map. Its records are never lost, this tab's
//! newer changes go on top, and when the other tab takes the PIN off or changes it, this tab
//! writes nothing more (it reloads), neither sealed nor plain.
#![cfg(target_arch = "wasm32")]

mod web_support;

use wasm_bindgen_test::*;
use web_support::{idb_dump, js};
use wijkpeil::storage_format::draft_key;
use wijkpeil::web::durable;
use wijkpeil::web::{maps, storage};

wasm_bindgen_test_configure!(run_in_browser);

/// Writes `value` under `key` in IndexedDB as another tab would, without this tab hearing of it
/// (a frozen tab, or one whose message was lost). `None` removes it.
async fn write_as_other_tab(key: &str, value: Option<&str>) {
    let value = value.map(|v| format!("'{}'", v.replace('\\', "\\\\").replace('\'', "\\'"))).unwrap_or("null".into());
    js(&format!(
        "const db = await new Promise(ok => {{ const r = indexedDB.open('wijkpeil'); r.onsuccess = () => ok(r.result); }}); \
         const tx = db.transaction('records', 'readwrite'); const s = tx.objectStore('records'); \
         const v = {value}; if (v === null) s.delete('{key}'); else s.put(v, '{key}'); \
         await new Promise(ok => {{ tx.oncomplete = ok; }}); db.close(); return 1;"
    ))
    .await;
}

#[wasm_bindgen_test]
async fn another_tabs_records_are_merged_and_a_pin_removed_elsewhere_stops_all_writes() {
    storage::init().await;
    maps::create("twee-tabs").unwrap();
    let map = storage::active().id;
    storage::set(&draft_key("eerst"), "Eerst-1").unwrap();
    maps::set_pin("123456", "123456").await.unwrap();
    durable::settled().await.unwrap();

    // A plain record written by another tab reaches this one over the channel.
    js(r#"new BroadcastChannel('wijkpeil-opslag').postMessage([["wijkpeil:pref:wijk", "noord"]]); return 1;"#).await;
    durable::sleep(50).await;
    assert_eq!(durable::get("wijkpeil:pref:wijk").unwrap().as_deref(), Some("noord"));

    // The other tab wrote the envelope without this tab hearing of it.
    let vault_key = wijkpeil::dossier::vault_key(&map);
    let stored = durable::get(&vault_key).unwrap().unwrap();
    let kdf = wijkpeil::vault::kdf_params(&stored).unwrap();
    let key = maps::derive_key("123456", &kdf).await.unwrap();
    let mut theirs = wijkpeil::vault::open(&key, &map, &stored).unwrap();
    theirs.insert(draft_key("ander-tabblad"), "Van-B".into());
    write_as_other_tab(&vault_key, Some(&wijkpeil::vault::seal(&key, [9; 12], &kdf, &map, &theirs))).await;
    // This tab's next write finds another envelope on disk: it takes those records and puts its
    // own change on top, inside one transaction.
    storage::set(&draft_key("dit-tabblad"), "Van-A").unwrap();
    durable::settled().await.unwrap();
    assert_eq!(storage::get(&draft_key("ander-tabblad")).unwrap().as_deref(), Some("Van-B"));
    assert_eq!(storage::get(&draft_key("dit-tabblad")).unwrap().as_deref(), Some("Van-A"));
    let on_disk = idb_dump().await;
    let envelope = on_disk.lines().find_map(|l| l.strip_prefix(&format!("{vault_key}="))).unwrap().to_string();
    let both = wijkpeil::vault::open(&key, &map, &envelope).unwrap();
    assert_eq!(both.get(&draft_key("ander-tabblad")).map(String::as_str), Some("Van-B"));
    assert_eq!(both.get(&draft_key("dit-tabblad")).map(String::as_str), Some("Van-A"));
    assert_eq!(both.get(&draft_key("eerst")).map(String::as_str), Some("Eerst-1"));

    // The PIN removed elsewhere: this tab's next change is not written, sealed or plain, and the
    // page must load fresh.
    write_as_other_tab(&vault_key, None).await;
    assert!(!storage::must_reload());
    storage::set(&draft_key("eerst"), "Na-het-slot").unwrap();
    durable::settled().await.unwrap();
    assert!(storage::must_reload());
    assert_eq!(storage::get(&draft_key("eerst")), Err(storage::StorageError::Locked));
    let dump = idb_dump().await;
    assert!(!dump.contains("Na-het-slot") && !dump.contains(&format!("wijkpeil:d:{map}:")), "{dump}");
}

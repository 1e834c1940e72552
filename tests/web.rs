//! In-browser tests (wasm-bindgen-test, headless Chromium): what needs a real browser —
//! IndexedDB and its failures, drafts surviving a "reload", and the document language.
//! Other `tests/web_*.rs` files each start in a fresh page: migration, blocked storage, the
//! localStorage fallback, and two tabs.
#![cfg(target_arch = "wasm32")]

mod web_support;

use std::sync::Arc;
use wasm_bindgen_test::*;
use web_support::{fill_the_disk, free_the_disk, idb_dump, js, raw_dump};
use wijkpeil::engine::{parse_questionnaire, AnswerValue, Form, Questionnaire, Slot};
use wijkpeil::storage_format::{draft_key, quarantine_key, DraftStatus, OUTBOX_KEY};
use wijkpeil::web::durable::{self, Durability, SaveState};
use wijkpeil::web::outbox as web_outbox;
use wijkpeil::web::storage::StorageError;
use wijkpeil::web::{drafts, page, storage};

wasm_bindgen_test_configure!(run_in_browser);

fn questionnaire(id: &str) -> Arc<Questionnaire> {
    let json = format!(
        r#"{{"resourceType": "Questionnaire", "id": "{id}", "item": [
            {{"linkId": "naam", "type": "string"}}, {{"linkId": "leeftijd", "type": "integer"}}]}}"#
    );
    Arc::new(parse_questionnaire(&json).unwrap())
}

async fn start() {
    assert_eq!(storage::init().await, Durability::Durable);
}

#[wasm_bindgen_test]
async fn the_browsers_pbkdf2_matches_the_rust_reference() {
    let kdf = wijkpeil::vault::KdfParams { salt: b"wijkpeil-zout-16".to_vec(), iterations: 1000 };
    let key = wijkpeil::web::maps::derive_key("123456", &kdf).await.unwrap();
    let mut want = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(b"123456", &kdf.salt, 1000, &mut want);
    assert!(key.0 == want, "WebCrypto and the pbkdf2 crate differ");
}

#[wasm_bindgen_test]
async fn every_write_is_a_strict_transaction_and_a_burst_costs_few_commits() {
    start().await;
    js("window.__tx = []; const t = IDBDatabase.prototype.transaction; \
        IDBDatabase.prototype.transaction = function (s, mode, opts) { \
          if (mode === 'readwrite') window.__tx.push(opts && opts.durability); return t.apply(this, arguments); };")
    .await;
    storage::set("wijkpeil:test:burst", "typed 0").unwrap();
    durable::sleep(0).await; // the first write is under way (or even done)
    for n in 1..40 {
        // Typed while that write is on its way: they wait together, and only the latest is written.
        storage::set("wijkpeil:test:burst", &format!("typed {n}")).unwrap();
    }
    durable::settled().await.unwrap();
    let modes = js("const m = window.__tx; return m.join(',');").await.as_string().unwrap();
    let commits = modes.split(',').filter(|m| !m.is_empty()).count();
    assert!(modes.split(',').all(|m| m == "strict"), "every write strict: {modes}");
    assert_eq!(commits, 2, "40 changes, one write in flight: {modes}");
    assert!(idb_dump().await.contains("wijkpeil:test:burst=typed 39\n"), "the latest value wins");
    assert_eq!(durable::save_state(), SaveState::Saved);
    storage::remove("wijkpeil:test:burst").unwrap();
    durable::settled().await.unwrap();
}

// It switches this page to a map of its own and locks it for a while; at the end the first map
// is open again, as the other tests expect.
#[wasm_bindgen_test]
async fn a_locked_map_shows_nothing_and_a_wrong_pin_or_full_disk_changes_nothing() {
    use wijkpeil::web::maps;
    start().await;
    let key = draft_key("geheim");
    maps::create("web-test").unwrap();
    let map = storage::active().id;
    storage::set(&key, "Geheim-7731").unwrap();
    maps::set_pin("123456", "123456").await.unwrap();
    durable::settled().await.unwrap();
    let dump = raw_dump().await;
    assert!(!dump.contains("Geheim"), "plain text left after the PIN was set");
    assert!(!dump.contains("geheim"), "a key name left after the PIN was set");
    assert_eq!(storage::get(&key).unwrap().as_deref(), Some("Geheim-7731"));

    // A full disk: the change stays in memory (on the screen) and the disk keeps the old envelope.
    let before = idb_dump().await;
    fill_the_disk();
    storage::set(&key, "Geheim-vol").unwrap();
    let settled = durable::settled().await;
    free_the_disk();
    assert_eq!(settled, Err(StorageError::QuotaExceeded));
    assert_eq!(durable::save_state(), SaveState::Failed(StorageError::QuotaExceeded));
    assert_eq!(storage::get(&key).unwrap().as_deref(), Some("Geheim-vol"));
    assert_eq!(idb_dump().await, before);
    storage::set(&key, "Geheim-nieuw").unwrap();
    durable::settled().await.unwrap();
    assert!(!raw_dump().await.contains("Geheim"));

    // Locked: nothing can be read or written.
    maps::switch(&map).unwrap();
    assert_eq!(storage::get(&key), Err(StorageError::Locked));
    assert_eq!(storage::set(&key, "x"), Err(StorageError::Locked));
    let before = raw_dump().await;
    let wrong = maps::unlock("654321").await;
    assert_eq!(wrong, Err(maps::MapError::Vault(wijkpeil::vault::VaultError::WrongPin)));
    durable::settled().await.unwrap();
    assert_eq!(raw_dump().await, before, "a wrong PIN changed storage");
    // A plain record written beside the envelope (a tab that had not seen the PIN yet): it goes
    // into the envelope at the next unlock, and is then no longer readable.
    let stray = format!("wijkpeil:d:{map}:draft:laat");
    durable::change(&[(&stray, Some("Laat-5150"))]).unwrap();
    durable::settled().await.unwrap();
    assert!(raw_dump().await.contains("Laat-5150"));
    maps::unlock("123456").await.unwrap();
    durable::settled().await.unwrap();
    assert_eq!(storage::get(&key).unwrap().as_deref(), Some("Geheim-nieuw"));
    assert_eq!(storage::get(&draft_key("laat")).unwrap().as_deref(), Some("Laat-5150"));
    assert!(!raw_dump().await.contains("Laat-5150"));

    // Without the PIN the records are plain again, under this map's own keys.
    maps::remove_pin().unwrap();
    durable::settled().await.unwrap();
    assert!(idb_dump().await.contains(&format!("wijkpeil:d:{map}:draft:geheim=Geheim-nieuw")));
    assert!(!idb_dump().await.contains(&wijkpeil::dossier::vault_key(&map)));
    maps::delete(&map).unwrap();
    durable::settled().await.unwrap();
    assert!(!raw_dump().await.contains(&map));
    assert_eq!(storage::active().id, wijkpeil::dossier::FIRST_ID);
}

#[wasm_bindgen_test]
async fn storage_round_trip_and_keys() {
    start().await;
    storage::set("wijkpeil:test:a", "1").unwrap();
    assert_eq!(storage::get("wijkpeil:test:a").unwrap().as_deref(), Some("1"));
    assert!(storage::keys("wijkpeil:test:").unwrap().contains(&"wijkpeil:test:a".to_string()));
    durable::settled().await.unwrap();
    assert!(idb_dump().await.contains("wijkpeil:test:a=1\n"));
    storage::remove("wijkpeil:test:a").unwrap();
    assert_eq!(storage::get("wijkpeil:test:a").unwrap(), None);
    durable::settled().await.unwrap();
    assert!(!idb_dump().await.contains("wijkpeil:test:a="), "a removed record leaves nothing");
}

#[wasm_bindgen_test]
async fn a_full_disk_is_a_typed_error_keeps_the_answer_in_memory_and_earlier_data_on_disk() {
    start().await;
    storage::set("wijkpeil:test:kept", "nog hier").unwrap();
    durable::settled().await.unwrap();
    fill_the_disk();
    storage::set("wijkpeil:test:new", "niet op schijf").unwrap();
    let result = durable::settled().await;
    free_the_disk();
    assert_eq!(result, Err(StorageError::QuotaExceeded));
    assert_eq!(storage::get("wijkpeil:test:new").unwrap().as_deref(), Some("niet op schijf"), "kept in memory");
    let disk = idb_dump().await;
    assert!(disk.contains("wijkpeil:test:kept=nog hier\n") && !disk.contains("niet op schijf"));
    // Tried again with the next change: then both reach the disk.
    storage::set("wijkpeil:test:kept", "weer").unwrap();
    durable::settled().await.unwrap();
    assert!(idb_dump().await.contains("wijkpeil:test:new=niet op schijf\n"));
    storage::remove("wijkpeil:test:kept").unwrap();
    storage::remove("wijkpeil:test:new").unwrap();
    durable::settled().await.unwrap();
}

#[wasm_bindgen_test]
async fn a_draft_survives_a_reload() {
    start().await;
    let def = questionnaire("reload-test");
    let mut form = Form::new(def.clone());
    form.set_answer(Slot::new(0, vec![]), Some(AnswerValue::String("Fatima <b>&amp;".into())));
    drafts::save(&form, DraftStatus::InProgress, 1).unwrap();
    durable::settled().await.unwrap();
    assert!(idb_dump().await.contains("Fatima <b>&amp;"), "on disk");
    let back = drafts::restore(&def);
    assert_eq!(back.page, 1);
    assert!(!back.finished);
    assert!(back.notice.is_none());
    assert_eq!(back.form.answers(&Slot::new(0, vec![])), &[AnswerValue::String("Fatima <b>&amp;".into())]);
    storage::remove(&draft_key("reload-test")).unwrap();
}

#[wasm_bindgen_test]
async fn a_corrupt_draft_is_set_aside_not_lost() {
    start().await;
    let def = questionnaire("corrupt-test");
    let key = draft_key("corrupt-test");
    storage::set(&key, "{kapot").unwrap();
    let back = drafts::restore(&def);
    assert_eq!(back.notice, Some("storage.corrupt"));
    assert!(back.form.answers(&Slot::new(0, vec![])).is_empty());
    assert_eq!(storage::get(&quarantine_key(&key)).unwrap().as_deref(), Some("{kapot"));
    assert_eq!(storage::get(&key).unwrap(), None);
    durable::settled().await.unwrap();
    assert!(idb_dump().await.contains(&format!("{}={{kapot", quarantine_key(&key))));
    storage::remove(&quarantine_key(&key)).unwrap();
}

#[wasm_bindgen_test]
fn document_language_follows_the_choice() {
    page::set_language("ar", true);
    let html = web_sys::window().unwrap().document().unwrap().document_element().unwrap();
    assert_eq!(html.get_attribute("lang").as_deref(), Some("ar"));
    assert_eq!(html.get_attribute("dir").as_deref(), Some("rtl"));
    page::set_language("nl", false);
    assert_eq!(html.get_attribute("dir").as_deref(), Some("ltr"));
}

#[wasm_bindgen_test]
fn browser_languages_negotiate_to_a_supported_one() {
    let langs = page::browser_languages();
    assert!(!langs.is_empty());
    // Before the config: the reviewed languages (and Dutch) are on offer.
    let offered = wijkpeil::i18n::offered_before_config(None);
    let chosen = wijkpeil::i18n::choose(None, langs.iter().map(String::as_str), &offered);
    assert!(offered.contains(&chosen), "{} is not on offer", chosen.code);
}

#[wasm_bindgen_test]
fn now_is_iso_with_offset() {
    let now = page::now_iso();
    assert_eq!(now.len(), 25, "{now}");
    assert!(wijkpeil::engine::is_date(&now[..10]));
}

#[wasm_bindgen_test]
async fn an_import_that_does_not_reach_the_disk_changes_nothing() {
    start().await;
    storage::set("wijkpeil:test:imp-a", "oud").unwrap();
    durable::settled().await.unwrap();
    let writes: Vec<(String, String)> = std::iter::once(("wijkpeil:test:imp-a".to_string(), "nieuw".to_string()))
        .chain((0..5).map(|n| (format!("wijkpeil:test:imp{n}"), format!("nieuw {n}"))))
        .collect();
    fill_the_disk();
    let result = storage::write_all(&writes).await;
    free_the_disk();
    assert_eq!(result, Err(StorageError::QuotaExceeded));
    assert_eq!(storage::get("wijkpeil:test:imp-a").unwrap().as_deref(), Some("oud"));
    assert!(storage::keys("wijkpeil:test:imp").unwrap().iter().all(|k| k == "wijkpeil:test:imp-a"));
    storage::remove("wijkpeil:test:imp-a").unwrap();
    durable::settled().await.unwrap();
    assert!(!idb_dump().await.contains("nieuw"));
}

#[wasm_bindgen_test]
async fn a_damaged_outbox_is_set_aside_and_sends_nothing() {
    start().await;
    storage::set(OUTBOX_KEY, "{kapot").unwrap();
    let o = web_outbox::load();
    assert!(o.due(f64::MAX).is_empty());
    assert_eq!(storage::get(&quarantine_key(OUTBOX_KEY)).unwrap().as_deref(), Some("{kapot"));
    storage::remove(OUTBOX_KEY).unwrap();
    storage::remove(&quarantine_key(OUTBOX_KEY)).unwrap();
    durable::settled().await.unwrap();
}

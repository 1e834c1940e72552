//! In-browser tests (wasm-bindgen-test, headless Chromium): what needs a real browser —
//! localStorage and its failures, drafts surviving a "reload", and the document language.
#![cfg(target_arch = "wasm32")]

use std::sync::Arc;
use wasm_bindgen_test::*;
use wijkpeil::engine::{parse_questionnaire, AnswerValue, Form, Questionnaire, Slot};
use wijkpeil::storage_format::{draft_key, quarantine_key, DraftStatus, OUTBOX_KEY};
use wijkpeil::web::outbox as web_outbox;
use wijkpeil::web::{drafts, page, storage};

wasm_bindgen_test_configure!(run_in_browser);

fn questionnaire(id: &str) -> Arc<Questionnaire> {
    let json = format!(
        r#"{{"resourceType": "Questionnaire", "id": "{id}", "item": [
            {{"linkId": "naam", "type": "string"}}, {{"linkId": "leeftijd", "type": "integer"}}]}}"#
    );
    Arc::new(parse_questionnaire(&json).unwrap())
}

/// Every `wijkpeil:` key and value as stored, for searching what a locked map leaves readable.
fn raw_dump() -> String {
    let s = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let mut out = String::new();
    for n in 0..s.length().unwrap() {
        let k = s.key(n).unwrap().unwrap();
        out += &format!("{k}={}\n", s.get_item(&k).unwrap().unwrap_or_default());
    }
    out
}

#[wasm_bindgen_test]
async fn the_browsers_pbkdf2_matches_the_rust_reference() {
    let kdf = wijkpeil::vault::KdfParams { salt: b"wijkpeil-zout-16".to_vec(), iterations: 1000 };
    let key = wijkpeil::web::maps::derive_key("123456", &kdf).await.unwrap();
    let mut want = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(b"123456", &kdf.salt, 1000, &mut want);
    assert!(key.0 == want, "WebCrypto and the pbkdf2 crate differ");
}

// It switches this page to a map of its own and locks it for a while; at the end the first map
// is open again, as the other tests expect.
#[wasm_bindgen_test]
async fn a_locked_map_shows_nothing_and_a_wrong_pin_or_full_quota_changes_nothing() {
    use wijkpeil::web::maps;
    let key = draft_key("geheim");
    maps::create("web-test").unwrap();
    let map = storage::active().id;
    storage::set(&key, "Geheim-7731").unwrap();
    maps::set_pin("123456", "123456").await.unwrap();
    assert!(!raw_dump().contains("Geheim"), "plain text left after the PIN was set");
    assert!(!raw_dump().contains("geheim"), "a key name left after the PIN was set");
    assert_eq!(storage::get(&key).unwrap().as_deref(), Some("Geheim-7731"));

    // A write larger than the quota: refused, and both storage and memory keep the old value.
    let before = raw_dump();
    assert_eq!(storage::set(&key, &"x".repeat(6 * 1024 * 1024)), Err(storage::StorageError::QuotaExceeded));
    assert_eq!(storage::get(&key).unwrap().as_deref(), Some("Geheim-7731"));
    assert_eq!(raw_dump(), before);

    storage::set(&key, "Geheim-nieuw").unwrap();
    assert!(!raw_dump().contains("Geheim"));
    // Locked: nothing can be read or written.
    maps::switch(&map).unwrap();
    assert_eq!(storage::get(&key), Err(storage::StorageError::Locked));
    assert_eq!(storage::set(&key, "x"), Err(storage::StorageError::Locked));
    let before = raw_dump();
    let wrong = maps::unlock("654321").await;
    assert_eq!(wrong, Err(maps::MapError::Vault(wijkpeil::vault::VaultError::WrongPin)));
    assert_eq!(raw_dump(), before, "a wrong PIN changed storage");
    // A plain record written beside the envelope (a tab that had not seen the PIN yet): it goes
    // into the envelope at the next unlock, and is then no longer readable.
    let ls = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let stray = format!("wijkpeil:d:{map}:draft:laat");
    ls.set_item(&stray, "Laat-5150").unwrap();
    maps::unlock("123456").await.unwrap();
    assert_eq!(storage::get(&key).unwrap().as_deref(), Some("Geheim-nieuw"));
    assert_eq!(storage::get(&draft_key("laat")).unwrap().as_deref(), Some("Laat-5150"));
    assert!(!raw_dump().contains("Laat-5150"));

    // Another tab (or a frozen one) wrote the envelope without this tab seeing an event: the next
    // write here takes its records first and adds its own, so neither is lost.
    let vault_key = wijkpeil::dossier::vault_key(&map);
    let stored = ls.get_item(&vault_key).unwrap().unwrap();
    let kdf = wijkpeil::vault::kdf_params(&stored).unwrap();
    let key2 = maps::derive_key("123456", &kdf).await.unwrap();
    let mut theirs = wijkpeil::vault::open(&key2, &map, &stored).unwrap();
    theirs.insert(draft_key("ander-tabblad"), "Van-B".into());
    ls.set_item(&vault_key, &wijkpeil::vault::seal(&key2, [9; 12], &kdf, &map, &theirs)).unwrap();
    storage::set(&draft_key("dit-tabblad"), "Van-A").unwrap();
    assert_eq!(storage::get(&draft_key("ander-tabblad")).unwrap().as_deref(), Some("Van-B"));
    assert_eq!(storage::get(&draft_key("dit-tabblad")).unwrap().as_deref(), Some("Van-A"));
    // The PIN removed elsewhere: this tab writes nothing, neither sealed nor plain.
    let envelope = ls.get_item(&vault_key).unwrap().unwrap();
    ls.remove_item(&vault_key).unwrap();
    assert_eq!(storage::set(&key, "x"), Err(storage::StorageError::Locked));
    assert!(!raw_dump().contains(&format!("wijkpeil:d:{map}:")));
    ls.set_item(&vault_key, &envelope).unwrap();
    maps::unlock("123456").await.unwrap();

    // Without the PIN the records are plain again, under this map's own keys.
    maps::remove_pin().unwrap();
    assert!(raw_dump().contains(&format!("wijkpeil:d:{map}:draft:geheim=Geheim-nieuw")));
    maps::delete(&map).unwrap();
    assert!(!raw_dump().contains(&map));
    assert_eq!(storage::active().id, wijkpeil::dossier::FIRST_ID);
}

#[wasm_bindgen_test]
fn storage_round_trip_and_keys() {
    storage::set("wijkpeil:test:a", "1").unwrap();
    assert_eq!(storage::get("wijkpeil:test:a").unwrap().as_deref(), Some("1"));
    assert!(storage::keys("wijkpeil:test:").unwrap().contains(&"wijkpeil:test:a".to_string()));
    storage::remove("wijkpeil:test:a").unwrap();
    assert_eq!(storage::get("wijkpeil:test:a").unwrap(), None);
}

#[wasm_bindgen_test]
fn a_full_quota_is_a_typed_error_and_keeps_earlier_data() {
    storage::set("wijkpeil:test:kept", "nog hier").unwrap();
    let chunk = "x".repeat(1024 * 1024);
    let mut written = Vec::new();
    let mut result = Ok(());
    for n in 0..64 {
        let key = format!("wijkpeil:test:fill{n}");
        result = storage::set(&key, &chunk);
        if result.is_err() {
            break;
        }
        written.push(key);
    }
    for k in &written {
        storage::remove(k).unwrap();
    }
    assert_eq!(result, Err(storage::StorageError::QuotaExceeded));
    assert_eq!(storage::get("wijkpeil:test:kept").unwrap().as_deref(), Some("nog hier"));
    storage::remove("wijkpeil:test:kept").unwrap();
}

#[wasm_bindgen_test]
fn a_draft_survives_a_reload() {
    let def = questionnaire("reload-test");
    let mut form = Form::new(def.clone());
    form.set_answer(Slot::new(0, vec![]), Some(AnswerValue::String("Fatima <b>&amp;".into())));
    drafts::save(&form, DraftStatus::InProgress, 1).unwrap();
    let back = drafts::restore(&def);
    assert_eq!(back.page, 1);
    assert!(!back.finished);
    assert!(back.notice.is_none());
    assert_eq!(back.form.answers(&Slot::new(0, vec![])), &[AnswerValue::String("Fatima <b>&amp;".into())]);
    storage::remove(&draft_key("reload-test")).unwrap();
}

#[wasm_bindgen_test]
fn a_corrupt_draft_is_set_aside_not_lost() {
    let def = questionnaire("corrupt-test");
    let key = draft_key("corrupt-test");
    storage::set(&key, "{kapot").unwrap();
    let back = drafts::restore(&def);
    assert_eq!(back.notice, Some("storage.corrupt"));
    assert!(back.form.answers(&Slot::new(0, vec![])).is_empty());
    assert_eq!(storage::get(&quarantine_key(&key)).unwrap().as_deref(), Some("{kapot"));
    assert_eq!(storage::get(&key).unwrap(), None);
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
    let chosen = wijkpeil::i18n::negotiate(langs.iter().map(String::as_str));
    assert!(["nl", "en"].contains(&chosen.code));
}

#[wasm_bindgen_test]
fn now_is_iso_with_offset() {
    let now = page::now_iso();
    assert_eq!(now.len(), 25, "{now}");
    assert!(wijkpeil::engine::is_date(&now[..10]));
}

#[wasm_bindgen_test]
fn an_import_that_fills_the_quota_changes_nothing() {
    storage::set("wijkpeil:test:imp-a", "oud").unwrap();
    let chunk = "y".repeat(1024 * 1024);
    // Far more than any browser's quota: the write fails part way.
    let mut writes = vec![("wijkpeil:test:imp-a".to_string(), "nieuw".to_string())];
    writes.extend((0..64).map(|n| (format!("wijkpeil:test:imp{n}"), chunk.clone())));
    assert_eq!(storage::write_all(&writes), Err(storage::StorageError::QuotaExceeded));
    assert_eq!(storage::get("wijkpeil:test:imp-a").unwrap().as_deref(), Some("oud"));
    assert!(storage::keys("wijkpeil:test:imp").unwrap().iter().all(|k| k == "wijkpeil:test:imp-a"));
    storage::remove("wijkpeil:test:imp-a").unwrap();
}

#[wasm_bindgen_test]
fn blocked_storage_is_a_typed_error_not_a_panic() {
    // What a browser does with storage blocked (private modes, disabled site data): reading
    // `window.localStorage` throws a SecurityError.
    // `localStorage` is an own property of the window (WebIDL [Global]): keep it to put it back.
    js_sys::eval(
        "window.__keptStorage = Object.getOwnPropertyDescriptor(window, 'localStorage'); \
         Object.defineProperty(window, 'localStorage', { configurable: true, \
         get() { throw new DOMException('blocked', 'SecurityError'); } })",
    )
    .unwrap();
    let got = storage::get("wijkpeil:test:x");
    let set = storage::set("wijkpeil:test:x", "1");
    let restored = drafts::restore(&questionnaire("blocked-test"));
    js_sys::eval("Object.defineProperty(window, 'localStorage', window.__keptStorage)").unwrap();
    assert_eq!(got, Err(storage::StorageError::Unavailable));
    assert_eq!(set, Err(storage::StorageError::Unavailable));
    assert_eq!(restored.notice, Some("storage.unavailable"));
    // After unblocking, storage works again.
    storage::set("wijkpeil:test:x", "1").unwrap();
    storage::remove("wijkpeil:test:x").unwrap();
}

#[wasm_bindgen_test]
fn a_damaged_outbox_is_set_aside_and_sends_nothing() {
    storage::set(OUTBOX_KEY, "{kapot").unwrap();
    let o = web_outbox::load();
    assert!(o.due(f64::MAX).is_empty());
    assert_eq!(storage::get(&quarantine_key(OUTBOX_KEY)).unwrap().as_deref(), Some("{kapot"));
    storage::remove(OUTBOX_KEY).unwrap();
    storage::remove(&quarantine_key(OUTBOX_KEY)).unwrap();
}

//! In a fresh page: with storage blocked altogether (private modes, site data switched off),
//! every call is a typed error, never a panic, and the app says so.
#![cfg(target_arch = "wasm32")]

use std::sync::Arc;
use wasm_bindgen_test::*;
use wijkpeil::engine::parse_questionnaire;
use wijkpeil::web::durable::{self, Durability};
use wijkpeil::web::storage::{self, StorageError};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn blocked_storage_is_a_typed_error_not_a_panic() {
    // What a browser does then: reading `window.indexedDB` or `window.localStorage` throws.
    js_sys::eval(
        "for (const name of ['indexedDB', 'localStorage']) { Object.defineProperty(window, name, { configurable: true, \
         get() { throw new DOMException('blocked', 'SecurityError'); } }); }",
    )
    .unwrap();
    assert_eq!(storage::init().await, Durability::Unavailable);
    assert_eq!(storage::get("wijkpeil:test:x"), Err(StorageError::Unavailable));
    assert_eq!(storage::set("wijkpeil:test:x", "1"), Err(StorageError::Unavailable));
    assert!(durable::settled().await.is_err());
    // So the page never says "Bewaard op dit apparaat."
    assert_eq!(durable::save_state(), durable::SaveState::Failed(StorageError::Unavailable));
    let q = Arc::new(
        parse_questionnaire(
            r#"{"resourceType": "Questionnaire", "id": "blocked-test", "item": [{"linkId": "a", "type": "string"}]}"#,
        )
        .unwrap(),
    );
    let restored = wijkpeil::web::drafts::restore(&q);
    assert_eq!(restored.notice, Some("storage.unavailable"));
}

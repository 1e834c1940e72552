//! In a fresh page without IndexedDB (as in some private windows): answers go to localStorage,
//! and the app knows that this is not durable (and says so, see `ui::save_status`).
#![cfg(target_arch = "wasm32")]

mod web_support;

use wasm_bindgen_test::*;
use web_support::local_dump;
use wijkpeil::web::durable::{self, Durability};
use wijkpeil::web::storage;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn without_indexeddb_answers_go_to_local_storage_and_the_app_knows() {
    web_support::local().set_item("wijkpeil:draft:oud", "van eerder").unwrap();
    js_sys::eval("Object.defineProperty(window, 'indexedDB', { configurable: true, get() { return undefined; } })")
        .unwrap();
    assert_eq!(storage::init().await, Durability::BrowserOnly);
    assert_eq!(durable::durability(), Durability::BrowserOnly);
    assert_eq!(
        storage::get("wijkpeil:draft:oud").unwrap().as_deref(),
        Some("van eerder"),
        "earlier answers still there"
    );
    storage::set("wijkpeil:draft:nieuw", "antwoord").unwrap();
    durable::settled().await.unwrap();
    assert!(local_dump().contains("wijkpeil:draft:nieuw=antwoord\n"));
    storage::remove("wijkpeil:draft:nieuw").unwrap();
    durable::settled().await.unwrap();
    assert!(!local_dump().contains("wijkpeil:draft:nieuw"));
}

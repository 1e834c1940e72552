//! Shared by the in-browser tests: what is in each store, read straight from the browser (not
//! through the app), and a way to make the browser's storage misbehave.
#![allow(dead_code)]

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Runs `body` (JavaScript) as an async function and returns its result.
pub async fn js(body: &str) -> wasm_bindgen::JsValue {
    let f = js_sys::Function::new_no_args(&format!("return (async () => {{ {body} }})()"));
    let promise: js_sys::Promise = f.call0(&wasm_bindgen::JsValue::NULL).unwrap().dyn_into().unwrap();
    JsFuture::from(promise).await.unwrap()
}

/// Every record in IndexedDB's `records` store, as `key=value` lines, read in a fresh connection.
pub async fn idb_dump() -> String {
    js(r#"
        const db = await new Promise((ok, no) => { const r = indexedDB.open('wijkpeil'); r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
        if (!db.objectStoreNames.contains('records')) { db.close(); return ''; }
        const tx = db.transaction('records');
        const s = tx.objectStore('records');
        const [keys, values] = await Promise.all([s.getAllKeys(), s.getAll()].map(r => new Promise(ok => { r.onsuccess = () => ok(r.result); })));
        db.close();
        return keys.map((k, i) => k + '=' + values[i] + '\n').join('');
    "#)
    .await
    .as_string()
    .unwrap()
}

/// Every key and value in localStorage, as `key=value` lines.
pub fn local_dump() -> String {
    let s = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let mut out = String::new();
    for n in 0..s.length().unwrap() {
        let k = s.key(n).unwrap().unwrap();
        out += &format!("{k}={}\n", s.get_item(&k).unwrap().unwrap_or_default());
    }
    out
}

/// Both stores: what a person with the browser's developer tools could read.
pub async fn raw_dump() -> String {
    format!("{}{}", idb_dump().await, local_dump())
}

pub fn local() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// Until further notice every IndexedDB write fails as a full disk does.
pub fn fill_the_disk() {
    js_sys::eval(
        "window.__put = IDBObjectStore.prototype.put; \
         IDBObjectStore.prototype.put = function () { throw new DOMException('full', 'QuotaExceededError'); }",
    )
    .unwrap();
}

pub fn free_the_disk() {
    js_sys::eval("IDBObjectStore.prototype.put = window.__put").unwrap();
}

//! IndexedDB, the browser's durable store: a committed `readwrite` transaction survives the
//! browser being killed a moment later, which localStorage does not (Chromium writes it to disk
//! seconds late). Four calls are all the app needs: open, read everything, and one guarded write.
//!
//! Written on web-sys directly rather than with a crate: `indexed_db_futures` 0.6 (the
//! best-kept one) reports a transaction that the browser aborted at commit, which is how a full
//! quota shows, only as "aborted", without the reason; the app must tell a person that their
//! storage is full. These bindings read `transaction.error` and keep the download small.

use super::storage::StorageError;
use js_sys::{Array, Function, Object, Promise, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbObjectStore, IdbRequest, IdbTransaction, IdbTransactionMode};

const DB_NAME: &str = "wijkpeil";
const DB_VERSION: u32 = 1;
/// The app's records: key → text, exactly as localStorage held them.
pub const RECORDS: &str = "records";
/// Bookkeeping that is not a record (what was moved out of localStorage).
pub const META: &str = "meta";

/// How long opening may take before the app goes on without it (a blocked or broken database
/// must not keep the app, and its urgent numbers, from showing).
const OPEN_TIMEOUT_MS: i32 = 4000;

/// A write that did not happen because the disk no longer held what this tab expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub key: String,
    /// What the disk holds now.
    pub on_disk: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteError {
    Conflict(Conflict),
    Storage(StorageError),
}

/// Opens (and on first use creates) the database.
pub async fn open() -> Result<IdbDatabase, StorageError> {
    let window = web_sys::window().ok_or(StorageError::Unavailable)?;
    let factory = window.indexed_db().ok().flatten().ok_or(StorageError::Unavailable)?;
    let req = factory.open_with_u32(DB_NAME, DB_VERSION).map_err(|e| classify(&e))?;
    let upgrade = Closure::once_into_js({
        let req = req.clone();
        move |_: web_sys::Event| {
            if let Ok(db) = req.result().and_then(|r| r.dyn_into::<IdbDatabase>()) {
                let names = db.object_store_names();
                for name in [RECORDS, META] {
                    if !names.contains(name) {
                        let _ = db.create_object_store(name);
                    }
                }
            }
        }
    });
    req.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    let result = JsFuture::from(request_promise(&req, Some(OPEN_TIMEOUT_MS))).await;
    let db: IdbDatabase = result.map_err(|e| classify(&e))?.dyn_into().map_err(|_| StorageError::Unavailable)?;
    // A newer version of the app in another tab wants to change the database: let it.
    let on_change = Closure::once_into_js({
        let db = db.clone();
        move |_: web_sys::Event| db.close()
    });
    db.set_onversionchange(Some(on_change.unchecked_ref()));
    Ok(db)
}

/// Every record of `store`, in key order.
pub async fn read_all(db: &IdbDatabase, store: &str) -> Result<Vec<(String, String)>, StorageError> {
    let tx = db.transaction_with_str(store).map_err(|e| classify(&e))?;
    let os = tx.object_store(store).map_err(|e| classify(&e))?;
    let keys_req = os.get_all_keys().map_err(|e| classify(&e))?;
    let values_req = os.get_all().map_err(|e| classify(&e))?;
    let keys: Array =
        JsFuture::from(request_promise(&keys_req, None)).await.map_err(|e| classify(&e))?.unchecked_into();
    let values: Array =
        JsFuture::from(request_promise(&values_req, None)).await.map_err(|e| classify(&e))?.unchecked_into();
    Ok(keys
        .iter()
        .zip(values.iter())
        // Anything that is not text (not written by this app) is left out, not an error.
        .filter_map(|(k, v)| Some((k.as_string()?, v.as_string()?)))
        .collect())
}

/// Writes `changes` to `store` in one transaction with strict durability, and resolves when it is
/// committed to disk. First, inside the same transaction, each `expect`ed key must still hold the
/// given value; if one does not, nothing is written and the conflict comes back (the caller
/// merges and tries again). Reading and writing in one transaction means no other tab can write
/// in between.
pub async fn write(
    db: &IdbDatabase,
    store: &str,
    changes: &[(String, Option<String>)],
    expect: &[(String, Option<String>)],
) -> Result<(), WriteError> {
    let storage = |e: &JsValue| WriteError::Storage(classify(e));
    let tx = strict_transaction(db, store).map_err(|e| storage(&e))?;
    let os = tx.object_store(store).map_err(|e| storage(&e))?;
    let conflict: Rc<RefCell<Option<Conflict>>> = Rc::new(RefCell::new(None));
    // A put that throws (a full disk) inside the check's callback: its error, not "aborted".
    let put_failed: Rc<RefCell<Option<JsValue>>> = Rc::new(RefCell::new(None));
    let done = transaction_promise(&tx);
    if expect.is_empty() {
        put_all(&os, changes).map_err(|e| storage(&e))?;
    } else {
        // One `get` per expected key; the last one to answer checks them all and writes (or
        // aborts) right there, while the transaction is still active.
        let answers: Rc<RefCell<Vec<Option<Option<String>>>>> = Rc::new(RefCell::new(vec![None; expect.len()]));
        let changes = Rc::new(changes.to_vec());
        let expect = Rc::new(expect.to_vec());
        for (n, (key, _)) in expect.iter().enumerate() {
            let req = os.get(&JsValue::from_str(key)).map_err(|e| storage(&e))?;
            let (answers, changes, expect, conflict, os, tx, req2) = (
                answers.clone(),
                changes.clone(),
                expect.clone(),
                conflict.clone(),
                os.clone(),
                tx.clone(),
                req.clone(),
            );
            let put_failed = put_failed.clone();
            let on_success = Closure::once_into_js(move |_: web_sys::Event| {
                answers.borrow_mut()[n] = Some(req2.result().ok().and_then(|v| v.as_string()));
                let answers = answers.borrow();
                if answers.iter().any(Option::is_none) {
                    return;
                }
                let differs = expect.iter().zip(answers.iter()).find(|((_, want), got)| got.as_ref() != Some(want));
                match differs {
                    Some(((key, _), got)) => {
                        *conflict.borrow_mut() = Some(Conflict { key: key.clone(), on_disk: got.clone().flatten() });
                        let _ = tx.abort();
                    }
                    None => {
                        if let Err(e) = put_all(&os, &changes) {
                            *put_failed.borrow_mut() = Some(e);
                            let _ = tx.abort();
                        }
                    }
                }
            });
            req.set_onsuccess(Some(on_success.unchecked_ref()));
        }
    }
    let result = JsFuture::from(done).await;
    if let Some(c) = conflict.borrow_mut().take() {
        return Err(WriteError::Conflict(c));
    }
    if let Some(e) = put_failed.borrow_mut().take() {
        return Err(storage(&e));
    }
    result.map(|_| ()).map_err(|e| storage(&e))
}

fn put_all(os: &IdbObjectStore, changes: &[(String, Option<String>)]) -> Result<(), JsValue> {
    for (k, v) in changes {
        let key = JsValue::from_str(k);
        match v {
            Some(v) => os.put_with_key(&JsValue::from_str(v), &key)?,
            None => os.delete(&key)?,
        };
    }
    Ok(())
}

/// A `readwrite` transaction with `durability: "strict"`: it counts as committed only once the
/// data is on the disk. web-sys has the options argument only behind an unstable flag, so the
/// method is called through JavaScript's own `transaction(names, mode, options)`.
fn strict_transaction(db: &IdbDatabase, store: &str) -> Result<IdbTransaction, JsValue> {
    let options = Object::new();
    Reflect::set(&options, &"durability".into(), &"strict".into())?;
    let method: Function = Reflect::get(db, &"transaction".into())?.dyn_into()?;
    let tx = method.call3(db, &JsValue::from_str(store), &JsValue::from_str("readwrite"), &options);
    match tx {
        Ok(tx) => tx.dyn_into::<IdbTransaction>(),
        // A browser without the options argument still gets a normal transaction.
        Err(_) => db.transaction_with_str_and_mode(store, IdbTransactionMode::Readwrite),
    }
}

/// Resolves on `complete`, rejects with the transaction's error (a full quota, say) on `abort`.
fn transaction_promise(tx: &IdbTransaction) -> Promise {
    let tx = tx.clone();
    Promise::new(&mut |resolve: Function, reject: Function| {
        let ok = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let tx2 = tx.clone();
        let fail = Closure::once_into_js(move |_: web_sys::Event| {
            let error = tx2.error().map(JsValue::from).unwrap_or_else(|| JsValue::from_str("AbortError"));
            let _ = reject.call1(&JsValue::NULL, &error);
        });
        tx.set_oncomplete(Some(ok.unchecked_ref()));
        tx.set_onabort(Some(fail.unchecked_ref()));
    })
}

/// Resolves with a request's result, rejects with its error; with a timeout, rejects with a
/// `TimeoutError` when neither came in time.
fn request_promise(req: &IdbRequest, timeout_ms: Option<i32>) -> Promise {
    let req = req.clone();
    Promise::new(&mut |resolve: Function, reject: Function| {
        let r = req.clone();
        let ok = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call1(&JsValue::NULL, &r.result().unwrap_or(JsValue::UNDEFINED));
        });
        let r = req.clone();
        let reject2 = reject.clone();
        let fail = Closure::once_into_js(move |_: web_sys::Event| {
            let error = r.error().ok().flatten().map(JsValue::from).unwrap_or(JsValue::NULL);
            let _ = reject2.call1(&JsValue::NULL, &error);
        });
        req.set_onsuccess(Some(ok.unchecked_ref()));
        req.set_onerror(Some(fail.unchecked_ref()));
        if let (Some(ms), Some(w)) = (timeout_ms, web_sys::window()) {
            let late = Closure::once_into_js(move || {
                let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("TimeoutError"));
            });
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(late.unchecked_ref(), ms);
        }
    })
}

/// A DOM exception (or the name in a string) as the app's storage error.
pub(crate) fn classify(e: &JsValue) -> StorageError {
    let name = match e.dyn_ref::<web_sys::DomException>() {
        Some(d) if d.code() == 22 => "QuotaExceededError".to_string(),
        Some(d) => d.name(),
        None => e.as_string().unwrap_or_else(|| format!("{e:?}")),
    };
    match name.as_str() {
        "QuotaExceededError" => StorageError::QuotaExceeded,
        "SecurityError" | "InvalidStateError" | "UnknownError" | "TimeoutError" => StorageError::Unavailable,
        _ => StorageError::Other(name),
    }
}

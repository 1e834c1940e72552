//! Everything a person gives is kept in memory at once and written to IndexedDB behind it:
//! one transaction in flight, awaited until the data is on disk (`durability: "strict"`), the
//! latest value of each key winning. So the screen never waits for the disk, a burst of typing
//! costs one or two commits, and "Bewaard op dit apparaat" is shown only once it is true.
//!
//! Where IndexedDB cannot be opened (some private windows), localStorage is used instead and the
//! app says that answers may be lost when the phone closes the browser. Records that an earlier
//! version left in localStorage move over at every start (`crate::storage::migration`).
//!
//! Other tabs hear of every commit on a `BroadcastChannel`; `web::storage` (maps, the PIN
//! envelope) hooks in to guard and merge its writes.

use super::idb::{self, Conflict, WriteError};
use super::storage::StorageError;
use crate::small_collections::{map_of, SortedMap};
use crate::storage::migration;
use crate::storage::write_queue::{Change, WriteQueue};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::IdbDatabase;

const CHANNEL: &str = "wijkpeil-opslag";
const MOVED_KEY: &str = "moved-from-local-storage";
/// After a failed write (a full disk), the next try comes this much later, or at the next change.
const RETRY_MS: i32 = 5000;

/// Where this tab's records are kept.
#[derive(Clone)]
enum Backend {
    /// IndexedDB: survives the browser being killed once a write is committed.
    Indexed(IdbDatabase),
    /// localStorage: where IndexedDB is not available. The browser writes it to disk late.
    Local(web_sys::Storage),
    /// Neither (storage blocked): nothing can be kept.
    Nothing,
}

/// Whether what was given is on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    /// Everything given is on disk.
    Saved,
    /// A write is under way.
    Saving,
    /// The last write failed; the answers are still in memory and are tried again.
    Failed(StorageError),
}

/// How safely this tab keeps answers (shown to the person when it is not `Durable`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    Durable,
    /// localStorage only: lost when the browser is killed within seconds of a change.
    BrowserOnly,
    Unavailable,
}

/// What `web::storage` contributes to each write: which values the disk must still hold (the
/// PIN envelope this tab last saw), what to do when it does not, and what was committed.
pub struct Hooks {
    pub expectations: fn(&[Change]) -> Vec<Change>,
    pub conflict: fn(Conflict),
    pub committed: fn(&[Change]),
    /// Another tab committed these changes; already applied to memory where this tab had no
    /// newer change of its own.
    pub remote: fn(&[Change]),
}

type Listener<T> = (u32, Rc<dyn Fn(&T)>);

struct Store {
    backend: Backend,
    data: SortedMap<String, String>,
    queue: WriteQueue,
    state: SaveState,
    channel: Option<web_sys::BroadcastChannel>,
    hooks: Option<Hooks>,
    next_id: u32,
    state_listeners: Vec<Listener<SaveState>>,
    change_listeners: Vec<Listener<Vec<Change>>>,
    retry_scheduled: bool,
    /// A [`flush`] loop is running (there is only ever one).
    flushing: bool,
}

thread_local! {
    static STORE: RefCell<Option<Store>> = const { RefCell::new(None) };
    static STARTING: RefCell<bool> = const { RefCell::new(false) };
}

fn with<T>(f: impl FnOnce(&mut Store) -> T) -> Option<T> {
    STORE.with(|s| s.borrow_mut().as_mut().map(f))
}

/// Opens the store and reads every record into memory; moves what localStorage still holds.
/// Call (and await) before anything reads; later calls return at once.
pub async fn init() -> Durability {
    if let Some(d) = durability_now() {
        return d;
    }
    if STARTING.with(|s| std::mem::replace(&mut *s.borrow_mut(), true)) {
        // Another caller is opening it: wait for that one.
        loop {
            sleep(10).await;
            if let Some(d) = durability_now() {
                return d;
            }
        }
    }
    let local = local_storage();
    let mut unwritten = Vec::new();
    let (backend, data) = match idb::open().await {
        Ok(db) => match load_indexed(&db, local.as_ref()).await {
            Ok((data, not_moved)) => {
                unwritten = not_moved;
                (Backend::Indexed(db), data)
            }
            Err(_) => fallback(local),
        },
        Err(_) => fallback(local),
    };
    let channel = web_sys::BroadcastChannel::new(CHANNEL).ok();
    if let Some(c) = &channel {
        let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(|ev: web_sys::MessageEvent| {
            apply_remote(&ev.data());
        });
        c.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
    }
    // Nothing can be kept at all: never "Bewaard".
    let state = match backend {
        Backend::Nothing => SaveState::Failed(StorageError::Unavailable),
        _ => SaveState::Saved,
    };
    STORE.with(|s| {
        *s.borrow_mut() = Some(Store {
            backend,
            data,
            queue: WriteQueue::default(),
            state,
            channel,
            hooks: None,
            next_id: 0,
            state_listeners: Vec::new(),
            change_listeners: Vec::new(),
            retry_scheduled: false,
            flushing: false,
        })
    });
    // Records that could not be moved yet (a full disk): in memory, and written as soon as the
    // disk allows; their localStorage copy stays until then.
    if !unwritten.is_empty() {
        let changes: Vec<(&str, Option<&str>)> = unwritten.iter().map(|(k, v)| (k.as_str(), v.as_deref())).collect();
        let _ = change(&changes);
    }
    durability_now().unwrap_or(Durability::Unavailable)
}

fn fallback(local: Option<web_sys::Storage>) -> (Backend, SortedMap<String, String>) {
    match local {
        Some(ls) => {
            let data = map_of(local_entries(&ls));
            (Backend::Local(ls), data)
        }
        None => (Backend::Nothing, SortedMap::new()),
    }
}

fn durability_now() -> Option<Durability> {
    with(|s| match s.backend {
        Backend::Indexed(_) => Durability::Durable,
        Backend::Local(_) => Durability::BrowserOnly,
        Backend::Nothing => Durability::Unavailable,
    })
}

/// Moves localStorage's records into IndexedDB (see `crate::storage::migration`), then reads all.
/// Also returns the records that could not be moved now (a full disk): they are newer than what
/// IndexedDB holds, so they are in the returned records too, and must still be written.
async fn load_indexed(
    db: &IdbDatabase,
    local: Option<&web_sys::Storage>,
) -> Result<(SortedMap<String, String>, Vec<Change>), StorageError> {
    let local_now = local.map(local_entries).unwrap_or_default();
    if local_now.is_empty() {
        return Ok((map_of(idb::read_all(db, idb::RECORDS).await?), Vec::new()));
    }
    let meta = map_of(idb::read_all(db, idb::META).await?);
    let mut moved = migration::decode_moved(meta.get(MOVED_KEY).map(String::as_str).unwrap_or(""));
    let plan = migration::plan(&local_now, &moved);
    if !plan.copy.is_empty() {
        for (k, v) in &plan.copy {
            moved.insert(migration::fingerprint(k, v));
        }
        let copies: Vec<Change> = plan.copy.iter().map(|(k, v)| (k.clone(), Some(v.clone()))).collect();
        // Records and their fingerprints are two stores, so two transactions: the records first.
        // A crash between them only means the records are copied again next time.
        let fingerprints = [(MOVED_KEY.to_string(), Some(migration::encode_moved(&moved)))];
        let copied = match idb::write(db, idb::RECORDS, &copies, &[]).await {
            Ok(()) => idb::write(db, idb::META, &fingerprints, &[]).await,
            Err(e) => Err(e),
        };
        if copied.is_err() {
            let mut data = map_of(idb::read_all(db, idb::RECORDS).await?);
            data.extend(plan.copy.iter().cloned());
            return Ok((data, copies));
        }
    }
    let durable = map_of(idb::read_all(db, idb::RECORDS).await?);
    if let Some(ls) = local {
        let remove = migration::removable(&plan, |k| ls.get_item(k).ok().flatten(), |k| durable.get(k).cloned());
        for k in remove {
            let _ = ls.remove_item(&k);
        }
    }
    Ok((durable, Vec::new()))
}

fn write_error(e: WriteError) -> StorageError {
    match e {
        WriteError::Storage(e) => e,
        WriteError::Conflict(_) => StorageError::Other("conflict".into()),
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    // Reading `window.localStorage` throws a SecurityError where it is blocked.
    web_sys::window()?.local_storage().ok().flatten()
}

fn local_entries(ls: &web_sys::Storage) -> Vec<(String, String)> {
    let n = ls.length().unwrap_or(0);
    (0..n)
        .filter_map(|i| ls.key(i).ok().flatten())
        .filter(|k| migration::is_app_key(k))
        .filter_map(|k| Some((k.clone(), ls.get_item(&k).ok().flatten()?)))
        .collect()
}

pub fn durability() -> Durability {
    durability_now().unwrap_or(Durability::Unavailable)
}

pub fn set_hooks(hooks: Hooks) {
    with(|s| s.hooks = Some(hooks));
}

fn usable<T>(f: impl FnOnce(&mut Store) -> T) -> Result<T, StorageError> {
    with(|s| match s.backend {
        Backend::Nothing => Err(StorageError::Unavailable),
        _ => Ok(f(s)),
    })
    .unwrap_or(Err(StorageError::Unavailable))
}

pub fn get(key: &str) -> Result<Option<String>, StorageError> {
    usable(|s| s.data.get(key).cloned())
}

pub fn keys() -> Result<Vec<String>, StorageError> {
    usable(|s| s.data.keys().cloned().collect())
}

/// Changes memory at once and queues the durable write. All changes of one call land in one
/// transaction (all or nothing on disk).
pub fn change(changes: &[(&str, Option<&str>)]) -> Result<(), StorageError> {
    usable(|s| {
        for (k, v) in changes {
            match v {
                Some(v) => s.data.insert(k.to_string(), v.to_string()),
                None => s.data.remove(*k),
            };
            s.queue.stage(k);
        }
    })?;
    kick();
    Ok(())
}

/// Forgets queued (not yet written) changes of the keys `drop` selects.
pub fn discard_pending(drop: impl Fn(&str) -> bool) {
    with(|s| s.queue.discard(drop));
}

/// Sets memory to what the disk was found to hold, without writing anything.
pub fn follow_disk(key: &str, on_disk: Option<&str>) {
    with(|s| match on_disk {
        Some(v) => s.data.insert(key.to_string(), v.to_string()),
        None => s.data.remove(key),
    });
}

pub fn save_state() -> SaveState {
    with(|s| s.state.clone()).unwrap_or(SaveState::Failed(StorageError::Unavailable))
}

/// Calls `f` with every new save state; returns an id for [`unsubscribe`].
pub fn on_save_state(f: impl Fn(&SaveState) + 'static) -> u32 {
    with(|s| {
        s.next_id += 1;
        s.state_listeners.push((s.next_id, Rc::new(f)));
        s.next_id
    })
    .unwrap_or(0)
}

/// Calls `f` after another tab's changes reached this tab (memory and `web::storage` already
/// follow them); returns an id for [`unsubscribe`].
pub fn on_change(f: impl Fn(&Vec<Change>) + 'static) -> u32 {
    with(|s| {
        s.next_id += 1;
        s.change_listeners.push((s.next_id, Rc::new(f)));
        s.next_id
    })
    .unwrap_or(0)
}

pub fn unsubscribe(id: u32) {
    with(|s| {
        s.state_listeners.retain(|(n, _)| *n != id);
        s.change_listeners.retain(|(n, _)| *n != id);
    });
}

fn set_state(state: SaveState) {
    let listeners = with(|s| {
        if s.state == state {
            return Vec::new();
        }
        s.state = state.clone();
        s.state_listeners.iter().map(|(_, f)| f.clone()).collect()
    })
    .unwrap_or_default();
    for f in listeners {
        f(&state);
    }
}

/// Starts the write loop, unless it runs already (then it takes the new changes next).
fn kick() {
    let start = with(|s| {
        let start = !s.flushing && !s.queue.is_idle();
        s.flushing |= start;
        start
    })
    .unwrap_or(false);
    if start {
        set_state(SaveState::Saving);
        wasm_bindgen_futures::spawn_local(flush());
    }
}

/// Writes batches until the queue is empty or a write fails.
async fn flush() {
    // At most this many merges in a row (another tab writing the same envelope all the time).
    let mut conflicts_left = 20;
    loop {
        let Some((batch, backend, hook)) = with(|s| {
            let hook = s.hooks.as_ref().map(|h| h.expectations);
            let data = &s.data;
            s.queue.take_batch(|k| data.get(k).cloned()).map(|b| (b, s.backend.clone(), hook))
        })
        .flatten() else {
            with(|s| s.flushing = false);
            set_state(SaveState::Saved);
            return;
        };
        // Outside the store's borrow: the hook reads the store itself.
        let expect = hook.map(|f| f(&batch)).unwrap_or_default();
        let result = match &backend {
            Backend::Indexed(db) => idb::write(db, idb::RECORDS, &batch, &expect).await,
            Backend::Local(ls) => write_local(ls, &batch, &expect),
            Backend::Nothing => Err(WriteError::Storage(StorageError::Unavailable)),
        };
        match result {
            Ok(()) => {
                let hooks = with(|s| {
                    s.queue.committed();
                    s.hooks.as_ref().map(|h| h.committed)
                })
                .flatten();
                if let Some(committed) = hooks {
                    committed(&batch);
                }
                broadcast(&batch);
            }
            Err(WriteError::Conflict(c)) if conflicts_left > 0 => {
                conflicts_left -= 1;
                let hook = with(|s| {
                    s.queue.failed();
                    s.hooks.as_ref().map(|h| h.conflict)
                })
                .flatten();
                if let Some(conflict) = hook {
                    conflict(c);
                }
            }
            Err(e) => {
                let e = write_error(e);
                with(|s| {
                    s.queue.failed();
                    s.flushing = false;
                });
                set_state(SaveState::Failed(e));
                schedule_retry();
                return;
            }
        }
    }
}

fn schedule_retry() {
    let first = with(|s| !std::mem::replace(&mut s.retry_scheduled, true)).unwrap_or(false);
    if first {
        wasm_bindgen_futures::spawn_local(async {
            sleep(RETRY_MS).await;
            with(|s| s.retry_scheduled = false);
            kick();
        });
    }
}

/// localStorage has no transactions: each change is applied, and on a failure the ones done are
/// put back, so a batch is still all or nothing.
fn write_local(ls: &web_sys::Storage, batch: &[Change], expect: &[Change]) -> Result<(), WriteError> {
    for (k, want) in expect {
        let on_disk = ls.get_item(k).ok().flatten();
        if &on_disk != want {
            return Err(WriteError::Conflict(Conflict { key: k.clone(), on_disk }));
        }
    }
    let mut done: Vec<(String, Option<String>)> = Vec::new();
    for (k, v) in batch {
        let before = ls.get_item(k).ok().flatten();
        let result = match v {
            Some(v) => ls.set_item(k, v),
            None => ls.remove_item(k),
        };
        if let Err(e) = result {
            for (k, old) in done.into_iter().rev() {
                let _ = match old {
                    Some(old) => ls.set_item(&k, &old),
                    None => ls.remove_item(&k),
                };
            }
            return Err(WriteError::Storage(idb::classify(&e)));
        }
        done.push((k.clone(), before));
    }
    Ok(())
}

/// Tells other tabs what this batch wrote: an array of `[key, value or null]` pairs, passed as
/// JavaScript values (no JSON to build or read for long answers).
fn broadcast(batch: &[Change]) {
    let pairs = js_sys::Array::new();
    for (k, v) in batch {
        let value = v.as_deref().map_or(JsValue::NULL, JsValue::from_str);
        pairs.push(&js_sys::Array::of2(&JsValue::from_str(k), &value));
    }
    with(|s| s.channel.as_ref().map(|c| c.post_message(&pairs)));
}

/// Another tab's batch (see [`broadcast`]); anything else on the channel is ignored.
fn apply_remote(message: &JsValue) {
    let Some(pairs) = message.dyn_ref::<js_sys::Array>() else { return };
    let changes: Vec<Change> = pairs
        .iter()
        .filter_map(|pair| {
            let pair = pair.dyn_into::<js_sys::Array>().ok()?;
            Some((pair.get(0).as_string()?, pair.get(1).as_string()))
        })
        .collect();
    let Some((remote, listeners)) = with(|s| {
        for (k, v) in &changes {
            // A change of this tab's own that is not on disk yet is newer: it stays.
            if s.queue.is_dirty(k) {
                continue;
            }
            match v {
                Some(v) => s.data.insert(k.clone(), v.clone()),
                None => s.data.remove(k),
            };
        }
        let listeners: Vec<_> = s.change_listeners.iter().map(|(_, f)| f.clone()).collect();
        (s.hooks.as_ref().map(|h| h.remote), listeners)
    }) else {
        return;
    };
    if let Some(remote) = remote {
        remote(&changes);
    }
    for f in listeners {
        f(&changes);
    }
}

/// Tells this tab's listeners about `changes` as if another tab made them (when this tab found
/// them on disk itself, writing).
pub fn notify_change(changes: &[Change]) {
    let listeners: Vec<_> = with(|s| s.change_listeners.iter().map(|(_, f)| f.clone()).collect()).unwrap_or_default();
    let changes = changes.to_vec();
    for f in listeners {
        f(&changes);
    }
}

/// Resolves once everything given so far is on disk (`Ok`), or the last write failed (`Err`).
pub async fn settled() -> Result<(), StorageError> {
    loop {
        match with(|s| (s.queue.is_idle(), s.queue.in_flight(), s.state.clone())) {
            None | Some((_, _, SaveState::Failed(StorageError::Unavailable))) => return Err(StorageError::Unavailable),
            Some((true, _, _)) => return Ok(()),
            Some((false, false, SaveState::Failed(e))) => return Err(e),
            _ => sleep(15).await,
        }
    }
}

/// After wiping the device: removes what a tab of an earlier version may still have put in
/// localStorage (when IndexedDB is the store; otherwise localStorage was just emptied anyway).
pub fn forget_local_copies() {
    if let (Some(Backend::Indexed(_)), Some(ls)) = (with(|s| s.backend.clone()), local_storage()) {
        for (k, _) in local_entries(&ls) {
            let _ = ls.remove_item(&k);
        }
    }
}

/// Waits `ms` milliseconds (a timer; no busy loop).
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

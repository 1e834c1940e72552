//! Sends the register records the person chose to send, from the outbox in storage: now, when
//! the browser comes back online, and when a waiting record's pause is over. Each record is
//! POSTed on its own; only the collector's acknowledgement of its id marks it delivered.

use super::{fetch, storage};
use crate::outbox::{classify, decode_outbox, encode_outbox, Outbox};
use crate::storage_format::{OUTBOX_KEY, PREFIX};

/// The records kept on this device (`(id, storage key)`), oldest first by key.
pub fn record_keys() -> Vec<(String, String)> {
    let prefix = format!("{PREFIX}register:");
    storage::keys(&prefix)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|k| Some((k.rsplit(':').next()?.to_string(), k.clone())))
        .collect()
}

/// The outbox, brought in line with the records on this device. A damaged outbox starts empty
/// (so nothing is sent without a new choice); the damaged text is set aside first.
pub fn load() -> Outbox {
    let mut o = match storage::get(OUTBOX_KEY).ok().flatten() {
        None => Outbox::default(),
        Some(text) => decode_outbox(&text).unwrap_or_else(|_| {
            let _ = storage::set(&crate::storage_format::quarantine_key(OUTBOX_KEY), &text);
            Outbox::default()
        }),
    };
    o.sync(&record_keys());
    o
}

pub fn save(o: &Outbox) -> Result<(), storage::StorageError> {
    storage::set(OUTBOX_KEY, &encode_outbox(o))
}

/// Tries every record that is due. Returns the outbox after the attempts.
pub async fn send_due(endpoint: &str) -> Outbox {
    let url = format!("{}/v1/records", endpoint.trim_end_matches('/'));
    let now = js_sys::Date::now();
    let due = load().due(now);
    for entry in due {
        // The record as it was when the person chose it (frozen), never a later rebuild.
        let body = shown_text(&entry);
        if body.is_empty() {
            continue;
        }
        let (status, text) = fetch::post_json(&url, &body).await;
        // Read the outbox again: the person may have cancelled while the request was under way.
        let mut o = load();
        o.record(&entry.id, classify(status, &text, &entry.id), js_sys::Date::now());
        let _ = save(&o);
    }
    load()
}

/// The record under `key` in the record format the app sends (format 2, also for a record stored
/// before it), or empty.
fn current_text(key: &str) -> String {
    storage::get(key).ok().flatten().map(|t| crate::register::wire_text(&t)).unwrap_or_default()
}

/// The record as shown on "Versturen" and sent: frozen once chosen (see `OutboxEntry::frozen`).
pub fn shown_text(e: &crate::outbox::OutboxEntry) -> String {
    e.text_to_send(&current_text(&e.key)).to_string()
}

/// The person's choice for one record; "Versturen" freezes the record as it is now.
pub fn choose(o: &mut Outbox, id: &str, choice: crate::outbox::Choice) -> bool {
    let current = o.get(id).map(|e| current_text(&e.key)).unwrap_or_default();
    o.choose_record(id, choice, &current)
}

//! Sends the register records the person chose to send, from the outbox in storage: now, when
//! the browser comes back online, and when a waiting record's pause is over. Each record is
//! POSTed on its own; only the collector's acknowledgement of its id marks it delivered.

use super::{fetch, storage};
use crate::desk;
use crate::outbox::{classify, decode_outbox, encode_outbox, Choice, Outbox, SendOutcome};
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

thread_local! {
    /// Questions the team registered that the collector acknowledged in this tab: forgotten on
    /// the device (see `send_due`), so only this memory can still say they went.
    static DELIVERED_TEAM: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Whether a question the team registered went to the collector (in this tab's lifetime).
pub fn team_record_delivered(id: &str) -> bool {
    DELIVERED_TEAM.with(|d| d.borrow().iter().any(|x| x == id))
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
        // A question the team registered goes with the team's key, and only such a question.
        let team = desk::is_team_record(&body);
        let key = if team { storage::get(desk::TEAM_KEY_KEY).ok().flatten() } else { None };
        let outcome = if team && key.is_none() {
            // Not sent without a key: it waits until one is typed (`retry_team_key_refusals`).
            SendOutcome::Refused("team_key_required".into())
        } else {
            let (status, text) = fetch::post_json(&url, &body, key.as_deref()).await;
            classify(status, &text, &entry.id)
        };
        // Read the outbox again: the person may have cancelled while the request was under way.
        let mut o = load();
        let delivered = outcome == SendOutcome::Delivered;
        o.record(&entry.id, outcome, js_sys::Date::now());
        let _ = save(&o);
        if team && delivered {
            // The collector has it: the device keeps no list of what the team registered.
            DELIVERED_TEAM.with(|d| d.borrow_mut().push(entry.id.clone()));
            if storage::remove(&entry.key).is_ok() {
                let _ = save(&load());
            }
        }
    }
    load()
}

/// Keeps a question the team registered and puts it in the outbox, chosen: registering it is
/// the choice to send. The sender picks it up within two seconds.
pub fn register_team_record(record: &crate::register::Record) -> Result<(), storage::StorageError> {
    let text = record.to_json().to_string();
    let key = crate::storage_format::register_key(record.kind(), record.id());
    storage::set(&key, &text)?;
    let mut o = load();
    o.choose_record(record.id(), Choice::Send, &text);
    save(&o)
}

/// After a new team key: the team's questions refused for want of a known key go again.
pub fn retry_team_key_refusals() -> Result<(), storage::StorageError> {
    let mut o = load();
    if o.retry_team_key_refusals() > 0 {
        save(&o)?;
    }
    Ok(())
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

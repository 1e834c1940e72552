//! The outbox: which anonymous register records the person chose to send, and what happened to
//! them. Nothing is sent unless the person chose "Versturen" for that record (never assumed for
//! all); a record waits while offline, is retried with growing pauses, and counts as delivered
//! only when the collector acknowledged its id. Pure: the browser adapter does the requests.

use crate::storage_format::{decode_record, encode_record, DecodeError};
use serde_json::{json, Value};

pub const OUTBOX_KIND: &str = "outbox";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Not decided yet: not sent.
    Undecided,
    Send,
    DontSend,
}

impl Choice {
    fn code(self) -> &'static str {
        match self {
            Choice::Undecided => "undecided",
            Choice::Send => "send",
            Choice::DontSend => "dont_send",
        }
    }
    fn from_code(c: &str) -> Option<Choice> {
        [Choice::Undecided, Choice::Send, Choice::DontSend].into_iter().find(|x| x.code() == c)
    }
}

/// One register record in the outbox (the record itself stays under its own storage key).
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEntry {
    /// The record's random id (also what the collector acknowledges).
    pub id: String,
    /// Storage key of the record.
    pub key: String,
    pub choice: Choice,
    pub delivered: bool,
    /// The collector refused the record (its error code): not retried.
    pub refused: Option<String>,
    pub attempts: u32,
    /// Not before this moment (milliseconds since 1970) is it tried again.
    pub next_try_ms: f64,
    /// The record exactly as it was when the person chose "Versturen": what is shown from then
    /// on and what is sent, even when the record under `key` is rebuilt later (another week, a
    /// later wijk change). `None` while not chosen.
    pub frozen: Option<String>,
}

impl OutboxEntry {
    /// The text shown for this record and sent: the frozen record once chosen, else `current`
    /// (the record under `key` now).
    pub fn text_to_send<'a>(&'a self, current: &'a str) -> &'a str {
        self.frozen.as_deref().unwrap_or(current)
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Outbox {
    pub entries: Vec<OutboxEntry>,
}

/// What one attempt to send came back with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendOutcome {
    /// 200/201 with the record's id: stored (200 = it was stored before).
    Delivered,
    /// Offline, a server error, 429 or 503: try again later.
    TryLater,
    /// The collector refuses this record for good (4xx with an error code).
    Refused(String),
}

/// Reads a collector answer. A 2xx that does not name this record's id is not an acknowledgement.
pub fn classify(status: u16, body: &str, id: &str) -> SendOutcome {
    let v: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    match status {
        200 | 201 if v.get("id").and_then(Value::as_str) == Some(id) => SendOutcome::Delivered,
        // 0: no answer at all (offline, the collector unreachable).
        0 | 200..=299 | 408 | 429 | 500..=599 => SendOutcome::TryLater,
        _ => SendOutcome::Refused(v.get("error").and_then(Value::as_str).unwrap_or("refused").to_string()),
    }
}

/// The pause after `attempts` failed tries: 10 s, 20 s, 40 s, … at most one hour.
pub fn backoff_ms(attempts: u32) -> f64 {
    (10_000.0 * 2f64.powi(attempts.min(20) as i32)).min(3_600_000.0)
}

impl Outbox {
    pub fn get(&self, id: &str) -> Option<&OutboxEntry> {
        self.entries.iter().find(|e| e.id == id)
    }

    fn get_mut(&mut self, id: &str) -> Option<&mut OutboxEntry> {
        self.entries.iter_mut().find(|e| e.id == id)
    }

    /// Adds records not seen before (undecided) and drops entries whose record was deleted, or
    /// that name a record under another key (only a register record's own text is ever sent).
    pub fn sync(&mut self, records: &[(String, String)]) {
        self.entries.retain(|e| records.iter().any(|(id, key)| *id == e.id && *key == e.key));
        for (id, key) in records {
            if self.get(id).is_none() {
                self.entries.push(OutboxEntry {
                    id: id.clone(),
                    key: key.clone(),
                    choice: Choice::Undecided,
                    delivered: false,
                    refused: None,
                    attempts: 0,
                    next_try_ms: 0.0,
                    frozen: None,
                });
            }
        }
    }

    /// The person's choice for one record. A delivered record cannot be called back.
    pub fn choose(&mut self, id: &str, choice: Choice) -> bool {
        match self.get_mut(id) {
            Some(e) if !e.delivered => {
                e.choice = choice;
                e.next_try_ms = 0.0;
                true
            }
            _ => false,
        }
    }

    /// The person's choice for one record, with the record as it is now (`record_text`, what
    /// the page showed): choosing "Versturen" freezes exactly that text, and that is what is
    /// sent. Another choice unfreezes it (a later "Versturen" freezes the record as it is then).
    pub fn choose_record(&mut self, id: &str, choice: Choice, record_text: &str) -> bool {
        if !self.choose(id, choice) {
            return false;
        }
        if let Some(e) = self.get_mut(id) {
            e.frozen = (choice == Choice::Send).then(|| e.frozen.clone().unwrap_or_else(|| record_text.to_string()));
        }
        true
    }

    /// Records to send now: chosen, not delivered, not refused, and their pause is over.
    pub fn due(&self, now_ms: f64) -> Vec<OutboxEntry> {
        self.entries
            .iter()
            .filter(|e| e.choice == Choice::Send && !e.delivered && e.refused.is_none() && e.next_try_ms <= now_ms)
            .cloned()
            .collect()
    }

    /// When the next waiting record may be tried (for the timer), if any waits.
    pub fn next_try(&self) -> Option<f64> {
        self.entries
            .iter()
            .filter(|e| e.choice == Choice::Send && !e.delivered && e.refused.is_none())
            .map(|e| e.next_try_ms)
            .reduce(f64::min)
    }

    /// The records the collector refused for want of a team key it knows (`desk::TEAM_KEY_REFUSALS`):
    /// after a new key is typed they are tried again, with no other change (they were chosen
    /// when the team registered them). Returns how many.
    pub fn retry_team_key_refusals(&mut self) -> usize {
        let mut n = 0;
        for e in &mut self.entries {
            if e.refused.as_deref().is_some_and(|c| crate::desk::TEAM_KEY_REFUSALS.contains(&c)) {
                e.refused = None;
                e.attempts = 0;
                e.next_try_ms = 0.0;
                n += 1;
            }
        }
        n
    }

    /// Whether any record waits for a team key the collector knows.
    pub fn needs_team_key(&self) -> bool {
        self.entries.iter().any(|e| e.refused.as_deref().is_some_and(|c| crate::desk::TEAM_KEY_REFUSALS.contains(&c)))
    }

    pub fn record(&mut self, id: &str, outcome: SendOutcome, now_ms: f64) {
        let Some(e) = self.get_mut(id) else { return };
        match outcome {
            SendOutcome::Delivered => e.delivered = true,
            SendOutcome::Refused(code) => e.refused = Some(code),
            SendOutcome::TryLater => {
                e.next_try_ms = now_ms + backoff_ms(e.attempts);
                e.attempts += 1;
            }
        }
    }
}

/// A stored record as `(field, value)` lines for the person to read before sending, in the order
/// it is stored: lists joined with commas, a per-area map as `area: change`, `–` for skipped.
pub fn readable_fields(json: &str) -> Vec<(String, String)> {
    let Ok(Value::Object(o)) = serde_json::from_str::<Value>(json) else { return Vec::new() };
    let text = |v: &Value| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string());
    o.into_iter()
        .map(|(k, v)| {
            let shown = match &v {
                Value::Null => "–".to_string(),
                Value::Array(a) => a.iter().map(text).collect::<Vec<_>>().join(", "),
                Value::Object(m) => m.iter().map(|(a, b)| format!("{a}: {}", text(b))).collect::<Vec<_>>().join(", "),
                other => text(other),
            };
            (k, shown)
        })
        .collect()
}

pub fn encode_outbox(o: &Outbox) -> String {
    let entries: Vec<Value> = o
        .entries
        .iter()
        .map(|e| {
            json!({"id": e.id, "key": e.key, "choice": e.choice.code(), "delivered": e.delivered,
                   "refused": e.refused, "attempts": e.attempts, "next_try_ms": e.next_try_ms,
                   "frozen": e.frozen})
        })
        .collect();
    encode_record(OUTBOX_KIND, json!({ "entries": entries }))
}

pub fn decode_outbox(text: &str) -> Result<Outbox, DecodeError> {
    let data = decode_record(text, OUTBOX_KIND)?;
    let bad = |f: &str| DecodeError::BadContent(f.to_string());
    let list = data.get("entries").and_then(Value::as_array).ok_or_else(|| bad("entries"))?;
    let mut o = Outbox::default();
    for (n, e) in list.iter().enumerate() {
        let field = |name: &str| format!("entries[{n}].{name}");
        let text =
            |name: &str| e.get(name).and_then(Value::as_str).map(str::to_string).ok_or_else(|| bad(&field(name)));
        o.entries.push(OutboxEntry {
            id: text("id")?,
            key: text("key")?,
            choice: Choice::from_code(&text("choice")?).ok_or_else(|| bad(&field("choice")))?,
            delivered: e.get("delivered").and_then(Value::as_bool).ok_or_else(|| bad(&field("delivered")))?,
            refused: e.get("refused").and_then(Value::as_str).map(str::to_string),
            attempts: e.get("attempts").and_then(Value::as_u64).ok_or_else(|| bad(&field("attempts")))? as u32,
            next_try_ms: e.get("next_try_ms").and_then(Value::as_f64).ok_or_else(|| bad(&field("next_try_ms")))?,
            frozen: e.get("frozen").and_then(Value::as_str).map(str::to_string),
        });
    }
    Ok(o)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outbox() -> Outbox {
        let mut o = Outbox::default();
        o.sync(&[("a".into(), "wijkpeil:register:fit_check:a".into()), ("b".into(), "k:b".into())]);
        o
    }

    #[test]
    fn nothing_is_sent_without_a_choice_per_record() {
        let mut o = outbox();
        assert!(o.due(1e15).is_empty());
        o.choose("a", Choice::Send);
        assert_eq!(o.due(0.0).iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), ["a"]);
        o.choose("a", Choice::DontSend); // cancelled while waiting
        assert!(o.due(0.0).is_empty());
    }

    #[test]
    fn retries_back_off_and_delivery_is_final() {
        let mut o = outbox();
        o.choose("a", Choice::Send);
        o.record("a", SendOutcome::TryLater, 1000.0);
        assert!(o.due(1000.0).is_empty());
        assert_eq!(o.next_try(), Some(11_000.0));
        o.record("a", SendOutcome::TryLater, 11_000.0);
        assert_eq!(o.get("a").unwrap().next_try_ms, 31_000.0);
        assert_eq!(backoff_ms(40), 3_600_000.0);
        o.record("a", SendOutcome::Delivered, 31_000.0);
        assert!(o.due(1e15).is_empty());
        assert!(!o.choose("a", Choice::DontSend), "a delivered record cannot be called back");
        assert_eq!(o.next_try(), None);
    }

    #[test]
    fn collector_answers_are_read_strictly() {
        assert_eq!(classify(201, r#"{"id":"a"}"#, "a"), SendOutcome::Delivered);
        assert_eq!(classify(200, r#"{"id":"a"}"#, "a"), SendOutcome::Delivered);
        assert_eq!(classify(200, r#"{"id":"other"}"#, "a"), SendOutcome::TryLater);
        assert_eq!(classify(200, "<html>captive portal</html>", "a"), SendOutcome::TryLater);
        assert_eq!(classify(0, "", "a"), SendOutcome::TryLater);
        assert_eq!(classify(400, "", "a"), SendOutcome::Refused("refused".into()));
        assert_eq!(classify(503, "", "a"), SendOutcome::TryLater);
        assert_eq!(classify(429, "", "a"), SendOutcome::TryLater);
        assert_eq!(classify(422, r#"{"error":"unknown_code"}"#, "a"), SendOutcome::Refused("unknown_code".into()));
    }

    #[test]
    fn a_record_reads_as_field_lines() {
        let lines = readable_fields(
            r#"{"kind":"follow_up","areas":["a","b"],"wijk":null,"format":1,"area_change":{"debts":"better"}}"#,
        );
        let get = |k: &str| lines.iter().find(|(f, _)| f == k).map(|(_, v)| v.as_str());
        assert_eq!(get("areas"), Some("a, b"));
        assert_eq!(get("wijk"), Some("–"));
        assert_eq!(get("format"), Some("1"));
        assert_eq!(get("area_change"), Some("debts: better"));
        assert!(readable_fields("not json").is_empty());
    }

    #[test]
    fn a_chosen_record_is_frozen_and_what_is_shown_is_what_is_sent() {
        use crate::fit_check::{evaluate, FitAnswers, Routing};
        use crate::register::{fit_record, ConfigCodes};
        let answers = FitAnswers { areas: ["money_debts".to_string()].into(), ..Default::default() };
        let result = evaluate(&answers, &Routing::default());
        let codes = ConfigCodes { wijken: vec!["oost".into(), "noord".into()], ..Default::default() };
        let build = |wijk: &str, date| {
            let mut r = fit_record(&answers, &result, Some(wijk), date, &codes).unwrap();
            r.set_id("a".repeat(32));
            r.to_json().to_string()
        };
        let chosen = build("oost", (2026, 11, 18)); // 2026-W47
        let mut o = Outbox::default();
        o.sync(&[("a".repeat(32), "wijkpeil:register:fit_check:x".into())]);
        assert!(o.choose_record(&"a".repeat(32), Choice::Send, &chosen));
        // Later the record under its key is rebuilt: another week, another wijk.
        let rebuilt = build("noord", (2026, 12, 2));
        assert!(rebuilt.contains("2026-W49") && rebuilt.contains("noord"));
        let back = decode_outbox(&encode_outbox(&o)).unwrap();
        let e = back.get(&"a".repeat(32)).unwrap();
        assert_eq!(e.text_to_send(&rebuilt), chosen, "the record must not follow the clock or the wijk");
        assert!(e.text_to_send(&rebuilt).contains("2026-W47") && e.text_to_send(&rebuilt).contains("oost"));
        // Choosing again while waiting keeps the frozen text; "Niet versturen" unfreezes it.
        o.choose_record(&"a".repeat(32), Choice::Send, &rebuilt);
        assert_eq!(o.get(&"a".repeat(32)).unwrap().text_to_send(&rebuilt), chosen);
        o.choose_record(&"a".repeat(32), Choice::DontSend, &rebuilt);
        assert_eq!(o.get(&"a".repeat(32)).unwrap().text_to_send(&rebuilt), rebuilt);
    }

    #[test]
    fn records_refused_for_the_team_key_are_tried_again_after_a_new_key() {
        let mut o = outbox();
        o.choose("a", Choice::Send);
        o.choose("b", Choice::Send);
        o.record("a", classify(403, r#"{"error":"team_key_invalid"}"#, "a"), 5.0);
        o.record("b", classify(422, r#"{"error":"quarter_closed"}"#, "b"), 5.0);
        assert!(o.needs_team_key());
        assert!(o.due(1e15).is_empty());
        assert_eq!(o.retry_team_key_refusals(), 1);
        assert!(!o.needs_team_key());
        assert_eq!(o.due(0.0).iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), ["a"], "other refusals stay");
    }

    #[test]
    fn deleted_records_leave_the_outbox_and_it_round_trips() {
        let mut o = outbox();
        o.choose("b", Choice::Send);
        o.record("b", SendOutcome::Refused("bad_week".into()), 5.0);
        let back = decode_outbox(&encode_outbox(&o)).unwrap();
        assert_eq!(back, o);
        o.sync(&[("b".into(), "k:b".into())]);
        assert_eq!(o.entries.len(), 1);
        // An entry naming its record under another key is dropped: never sent, chosen anew.
        o.sync(&[("b".into(), "wijkpeil:draft:vervolg".into())]);
        assert_eq!(o.entries.len(), 1);
        assert_eq!(o.get("b").unwrap().key, "wijkpeil:draft:vervolg");
        assert_eq!(o.get("b").unwrap().choice, Choice::Undecided);
        assert!(decode_outbox(r#"{"format":1,"kind":"outbox","data":{"entries":[{"id":"a"}]}}"#).is_err());
    }
}

//! What Wijkpeil keeps in the browser's storage, and how it is written and read. Every record
//! sits in an envelope with a format number, so older data can be migrated when the format
//! changes. Pure: the browser adapter (`web::storage`) only moves the strings.

use crate::engine::{AnswerValue, Form, Slot};
use serde_json::{json, Map, Value};

/// The format this build writes. Older formats are migrated on read by [`migrate`].
pub const FORMAT: u32 = 1;

/// All keys start with this, so "delete everything" never touches other sites' data.
pub const PREFIX: &str = "wijkpeil:";

pub fn draft_key(questionnaire_key: &str) -> String {
    format!("{PREFIX}draft:{questionnaire_key}")
}

pub const LANGUAGE_KEY: &str = "wijkpeil:pref:language";

/// The wijk the person chose (a wijk code from the config).
pub const WIJK_KEY: &str = "wijkpeil:pref:wijk";

/// A register record kept on this device until the person chooses to send it.
pub fn register_key(kind: &str, id: &str) -> String {
    format!("{PREFIX}register:{kind}:{id}")
}

/// The id of the register record (or history entry) of the questionnaire now being filled in,
/// so that finishing the same answers again (after a change) updates that record instead of
/// adding a second one. Removed when the person starts the questionnaire again.
pub fn current_record_key(questionnaire_key: &str) -> String {
    format!("{PREFIX}register-current:{questionnaire_key}")
}

/// A finished questionnaire's answers, kept when the person starts it again (never thrown away):
/// the same draft envelope, under the time it was last changed.
pub fn archive_key(questionnaire_key: &str, updated: &str) -> String {
    format!("{PREFIX}archive:{questionnaire_key}:{updated}")
}

/// The conversation agenda that goes with the answers of a questionnaire (`hoe-gaat-het`):
/// one record per questionnaire, next to its draft, kind `agenda` (see `self_check::Agenda`).
pub fn agenda_key(questionnaire_key: &str) -> String {
    format!("{PREFIX}agenda:{questionnaire_key}")
}

/// Completed self-checks kept on this device for a later comparison: one list under one key,
/// kind `history` (see `self_check::History`). A list, not a key per check: the entries are
/// small (codes only), and one write keeps the list and its order consistent.
pub const HISTORY_KEY: &str = "wijkpeil:history";

/// Follow-up plans ("when was my question handled, when do I look back"): one list under one
/// key, kind `follow-up-plans` (see `follow_up::FollowUpPlans`).
pub const FOLLOW_UP_KEY: &str = "wijkpeil:follow-up";

/// Which register records the person chose to send, and what happened (see `outbox::Outbox`).
pub const OUTBOX_KEY: &str = "wijkpeil:outbox";

/// Where a record was set aside because it could not be read (never deleted).
pub fn quarantine_key(original: &str) -> String {
    format!("{PREFIX}damaged:{}", original.trim_start_matches(PREFIX))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftStatus {
    InProgress,
    Completed,
}

/// A questionnaire being filled in (or finished): answers keyed by linkId, so that a new
/// version of the questionnaire file keeps every answer whose question still exists.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub questionnaire: String,
    pub status: DraftStatus,
    /// The screen the person was on.
    pub page: usize,
    /// ISO date-time of the last change.
    pub updated: String,
    pub answers: Vec<StoredAnswer>,
    pub groups: Vec<StoredGroupCount>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StoredAnswer {
    pub link_id: String,
    pub reps: Vec<u32>,
    /// FHIR `value[x]` objects, e.g. `{"valueInteger": 3}`.
    pub values: Vec<Value>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StoredGroupCount {
    pub link_id: String,
    pub reps: Vec<u32>,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    NotJson,
    /// Written by a newer Wijkpeil than this one: left alone, never overwritten.
    NewerFormat(u32),
    WrongKind {
        expected: &'static str,
        found: String,
    },
    BadContent(String),
}

impl Draft {
    pub fn from_form(form: &Form, status: DraftStatus, page: usize, updated: String) -> Draft {
        let def = &form.def;
        Draft {
            questionnaire: def.storage_key(),
            status,
            page,
            updated,
            answers: form
                .all_answers()
                .map(|(slot, values)| StoredAnswer {
                    link_id: def.item(slot.item).link_id.clone(),
                    reps: slot.reps.clone(),
                    values: values.iter().map(AnswerValue::to_fhir_value).collect(),
                })
                .collect(),
            groups: form
                .all_group_counts()
                .map(|(slot, &count)| StoredGroupCount {
                    link_id: def.item(slot.item).link_id.clone(),
                    reps: slot.reps.clone(),
                    count,
                })
                .collect(),
        }
    }

    /// Puts the stored answers into `form`. Answers to questions that no longer exist, or
    /// whose repetition depth changed, are skipped (and counted, so the UI can say so).
    pub fn apply_to(&self, form: &mut Form) -> usize {
        let def = form.def.clone();
        let mut skipped = 0;
        let mut answers = Vec::new();
        for a in &self.answers {
            let Some(id) = def.find(&a.link_id) else {
                skipped += 1;
                continue;
            };
            if def.item(id).repeat_scope.len() != a.reps.len() {
                skipped += 1;
                continue;
            }
            let values: Vec<AnswerValue> = a
                .values
                .iter()
                .filter_map(|v| AnswerValue::from_fhir(v.as_object()?, "value").ok().flatten())
                .filter(|v| def.item(id).kind.accepts(v))
                .collect();
            skipped += a.values.len() - values.len();
            answers.push((Slot::new(id, a.reps.clone()), values));
        }
        let counts = self
            .groups
            .iter()
            .filter_map(|g| {
                let id = def.find(&g.link_id)?;
                (def.item(id).repeat_scope.len() == g.reps.len()).then(|| (Slot::new(id, g.reps.clone()), g.count))
            })
            .collect();
        form.restore(answers, counts);
        skipped
    }
}

// The JSON is written and read by hand (no serde derive): each derived type would add its
// own copy of serde_json's parser to the download.

impl DraftStatus {
    fn code(self) -> &'static str {
        match self {
            DraftStatus::InProgress => "in-progress",
            DraftStatus::Completed => "completed",
        }
    }
}

fn draft_json(d: &Draft) -> Value {
    json!({
        "questionnaire": d.questionnaire,
        "status": d.status.code(),
        "page": d.page,
        "updated": d.updated,
        "answers": d.answers.iter().map(|a| json!({"link_id": a.link_id, "reps": a.reps, "values": a.values})).collect::<Vec<_>>(),
        "groups": d.groups.iter().map(|g| json!({"link_id": g.link_id, "reps": g.reps, "count": g.count})).collect::<Vec<_>>(),
    })
}

fn bad(what: &str) -> DecodeError {
    DecodeError::BadContent(what.to_string())
}

fn str_field(o: &Map<String, Value>, key: &str) -> Result<String, DecodeError> {
    o.get(key).and_then(Value::as_str).map(str::to_string).ok_or_else(|| bad(key))
}

fn reps_field(o: &Map<String, Value>) -> Result<Vec<u32>, DecodeError> {
    match o.get("reps") {
        None => Ok(Vec::new()),
        Some(Value::Array(l)) => {
            l.iter().map(|r| r.as_u64().and_then(|n| u32::try_from(n).ok()).ok_or_else(|| bad("reps"))).collect()
        }
        Some(_) => Err(bad("reps")),
    }
}

fn list_field<'v>(o: &'v Map<String, Value>, key: &str) -> Result<&'v [Value], DecodeError> {
    match o.get(key) {
        None => Ok(&[]),
        Some(Value::Array(l)) => Ok(l),
        Some(_) => Err(bad(key)),
    }
}

fn draft_from_json(v: &Value) -> Result<Draft, DecodeError> {
    let o = v.as_object().ok_or_else(|| bad("data"))?;
    let status = match o.get("status").and_then(Value::as_str) {
        Some("in-progress") => DraftStatus::InProgress,
        Some("completed") => DraftStatus::Completed,
        _ => return Err(bad("status")),
    };
    let answers = list_field(o, "answers")?
        .iter()
        .map(|a| {
            let a = a.as_object().ok_or_else(|| bad("answers"))?;
            let values = a.get("values").and_then(Value::as_array).cloned().ok_or_else(|| bad("values"))?;
            Ok(StoredAnswer { link_id: str_field(a, "link_id")?, reps: reps_field(a)?, values })
        })
        .collect::<Result<_, DecodeError>>()?;
    let groups = list_field(o, "groups")?
        .iter()
        .map(|g| {
            let g = g.as_object().ok_or_else(|| bad("groups"))?;
            let count = g
                .get("count")
                .and_then(Value::as_u64)
                .and_then(|n| u32::try_from(n).ok())
                .ok_or_else(|| bad("count"))?;
            Ok(StoredGroupCount { link_id: str_field(g, "link_id")?, reps: reps_field(g)?, count })
        })
        .collect::<Result<_, DecodeError>>()?;
    Ok(Draft {
        questionnaire: str_field(o, "questionnaire")?,
        status,
        page: o.get("page").and_then(Value::as_u64).ok_or_else(|| bad("page"))? as usize,
        updated: str_field(o, "updated")?,
        answers,
        groups,
    })
}

pub fn encode_draft(d: &Draft) -> String {
    json!({"format": FORMAT, "kind": "draft", "data": draft_json(d)}).to_string()
}

pub fn decode_draft(text: &str) -> Result<Draft, DecodeError> {
    let env: Value = serde_json::from_str(text).map_err(|_| DecodeError::NotJson)?;
    let format = env.get("format").and_then(Value::as_u64).ok_or(DecodeError::NotJson)? as u32;
    if format > FORMAT {
        return Err(DecodeError::NewerFormat(format));
    }
    let kind = env.get("kind").and_then(Value::as_str).unwrap_or_default();
    if kind != "draft" {
        return Err(DecodeError::WrongKind { expected: "draft", found: kind.to_string() });
    }
    let data = migrate(format, kind, env.get("data").cloned().unwrap_or(Value::Null));
    draft_from_json(&data)
}

/// Puts `data` in the envelope every stored record has: `{"format", "kind", "data"}`.
pub fn encode_record(kind: &str, data: Value) -> String {
    json!({"format": FORMAT, "kind": kind, "data": data}).to_string()
}

/// Opens an envelope of `kind` and returns its data, migrated to [`FORMAT`]. Refuses text that
/// is not JSON or has no format number, a newer format (left alone, never overwritten) and
/// another kind of record; the caller checks the data itself.
pub fn decode_record(text: &str, kind: &'static str) -> Result<Value, DecodeError> {
    let env: Value = serde_json::from_str(text).map_err(|_| DecodeError::NotJson)?;
    let format = env.get("format").and_then(Value::as_u64).ok_or(DecodeError::NotJson)?;
    let format = u32::try_from(format).map_err(|_| DecodeError::NewerFormat(u32::MAX))?;
    if format > FORMAT {
        return Err(DecodeError::NewerFormat(format));
    }
    let found = env.get("kind").and_then(Value::as_str).unwrap_or_default();
    if found != kind {
        return Err(DecodeError::WrongKind { expected: kind, found: found.to_string() });
    }
    Ok(migrate(format, kind, env.get("data").cloned().unwrap_or(Value::Null)))
}

/// Brings data written in format `from` up to [`FORMAT`]. Format 1 is the first released
/// format, so there is no step yet; each later format adds one step here
/// (`if from < 2 { data = v1_to_v2(data) }`) and a fixture to `every_released_format_loads`.
pub fn migrate(from: u32, _kind: &str, data: Value) -> Value {
    debug_assert!(from <= FORMAT);
    data
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::parse_questionnaire;
    use std::sync::Arc;

    fn q() -> Arc<crate::engine::Questionnaire> {
        Arc::new(
            parse_questionnaire(
                r#"{"resourceType": "Questionnaire", "id": "t", "item": [
                {"linkId": "a", "type": "string"},
                {"linkId": "g", "type": "group", "repeats": true, "item": [{"linkId": "n", "type": "integer"}]}]}"#,
            )
            .unwrap(),
        )
    }

    #[test]
    fn draft_round_trip() {
        let def = q();
        let mut f = Form::new(def.clone());
        f.set_answer(Slot::new(0, vec![]), Some(AnswerValue::String("hallo \"<script>\"".into())));
        f.add_group_instance(Slot::new(1, vec![]));
        f.set_answer(Slot::new(2, vec![1]), Some(AnswerValue::Integer(4)));
        let d = Draft::from_form(&f, DraftStatus::InProgress, 1, "2026-11-22T10:00:00+01:00".into());
        let back = decode_draft(&encode_draft(&d)).unwrap();
        assert_eq!(back, d);
        let mut g = Form::empty(def);
        assert_eq!(back.apply_to(&mut g), 0);
        assert_eq!(g.answers(&Slot::new(2, vec![1])), &[AnswerValue::Integer(4)]);
        assert_eq!(g.group_count(&Slot::new(1, vec![])), 2);
    }

    /// Fixtures written by every released format; each must still load.
    #[test]
    fn every_released_format_loads() {
        let v1 = r#"{"format":1,"kind":"draft","data":{"questionnaire":"t","status":"in-progress","page":0,
            "updated":"2026-11-22T10:00:00+01:00","answers":[{"link_id":"a","reps":[],"values":[{"valueString":"x"}]},
            {"link_id":"weg","values":[{"valueString":"y"}]}],"groups":[]}}"#;
        let d = decode_draft(v1).unwrap();
        let mut f = Form::empty(q());
        assert_eq!(d.apply_to(&mut f), 1, "the answer to a removed question is skipped");
        assert_eq!(f.answers(&Slot::new(0, vec![])), &[AnswerValue::String("x".into())]);
    }

    #[test]
    fn damaged_and_foreign_data_is_refused_clearly() {
        assert_eq!(decode_draft("{not json"), Err(DecodeError::NotJson));
        assert_eq!(decode_draft(r#"{"format":99,"kind":"draft","data":{}}"#), Err(DecodeError::NewerFormat(99)));
        assert!(matches!(
            decode_draft(r#"{"format":1,"kind":"draft","data":{"x":1}}"#),
            Err(DecodeError::BadContent(_))
        ));
        assert!(matches!(decode_draft(r#"{"format":1,"kind":"other","data":{}}"#), Err(DecodeError::WrongKind { .. })));
    }

    #[test]
    fn wrong_value_types_are_skipped_not_fatal() {
        let d = Draft {
            questionnaire: "t".into(),
            status: DraftStatus::InProgress,
            page: 0,
            updated: String::new(),
            answers: vec![StoredAnswer {
                link_id: "a".into(),
                reps: vec![],
                values: vec![serde_json::json!({"valueInteger": 3})],
            }],
            groups: vec![],
        };
        let mut f = Form::empty(q());
        assert_eq!(d.apply_to(&mut f), 1);
        assert!(f.answers(&Slot::new(0, vec![])).is_empty());
    }

    #[test]
    fn record_envelope_round_trip_and_refusals() {
        let text = encode_record("history", json!({"entries": []}));
        assert_eq!(decode_record(&text, "history"), Ok(json!({"entries": []})));
        assert_eq!(
            decode_record(&text, "agenda"),
            Err(DecodeError::WrongKind { expected: "agenda", found: "history".into() })
        );
        assert_eq!(decode_record("[1, 2", "history"), Err(DecodeError::NotJson));
        assert_eq!(decode_record(r#"{"kind":"history","data":{}}"#, "history"), Err(DecodeError::NotJson));
        assert_eq!(
            decode_record(r#"{"format":2,"kind":"history","data":{}}"#, "history"),
            Err(DecodeError::NewerFormat(2))
        );
        assert_eq!(
            decode_record(r#"{"format":99999999999,"kind":"history","data":{}}"#, "history"),
            Err(DecodeError::NewerFormat(u32::MAX))
        );
    }

    #[test]
    fn every_key_is_under_the_prefix() {
        for key in [agenda_key("hoe-gaat-het"), HISTORY_KEY.to_string(), FOLLOW_UP_KEY.to_string(), draft_key("x")] {
            assert!(key.starts_with(PREFIX), "{key}");
        }
        assert_eq!(agenda_key("hoe-gaat-het"), "wijkpeil:agenda:hoe-gaat-het");
        assert_ne!(agenda_key("a"), draft_key("a"));
    }
}

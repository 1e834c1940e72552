//! What Wijkpeil keeps in the browser's storage, and how it is written and read. Every record
//! sits in an envelope with a format number, so older data can be migrated when the format
//! changes. Pure: the browser adapter (`web::storage`) only moves the strings.

use crate::engine::{AnswerValue, Form, Slot};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The format this build writes. Older formats are migrated on read by [`migrate`].
pub const FORMAT: u32 = 1;

/// All keys start with this, so "delete everything" never touches other sites' data.
pub const PREFIX: &str = "wijkpeil:";

pub fn draft_key(questionnaire_key: &str) -> String {
    format!("{PREFIX}draft:{questionnaire_key}")
}

pub const LANGUAGE_KEY: &str = "wijkpeil:pref:language";

/// Where a record was set aside because it could not be read (never deleted).
pub fn quarantine_key(original: &str) -> String {
    format!("{PREFIX}damaged:{}", original.trim_start_matches(PREFIX))
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Envelope {
    format: u32,
    kind: String,
    data: Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DraftStatus {
    InProgress,
    Completed,
}

/// A questionnaire being filled in (or finished): answers keyed by linkId, so that a new
/// version of the questionnaire file keeps every answer whose question still exists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub questionnaire: String,
    pub status: DraftStatus,
    /// The screen the person was on.
    pub page: usize,
    /// ISO date-time of the last change.
    pub updated: String,
    pub answers: Vec<StoredAnswer>,
    #[serde(default)]
    pub groups: Vec<StoredGroupCount>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredAnswer {
    pub link_id: String,
    #[serde(default)]
    pub reps: Vec<u32>,
    /// FHIR `value[x]` objects, e.g. `{"valueInteger": 3}`.
    pub values: Vec<Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredGroupCount {
    pub link_id: String,
    #[serde(default)]
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

pub fn encode_draft(d: &Draft) -> String {
    let env =
        Envelope { format: FORMAT, kind: "draft".into(), data: serde_json::to_value(d).expect("draft is plain data") };
    serde_json::to_string(&env).expect("envelope is plain data")
}

pub fn decode_draft(text: &str) -> Result<Draft, DecodeError> {
    let env: Envelope = serde_json::from_str(text).map_err(|_| DecodeError::NotJson)?;
    if env.format > FORMAT {
        return Err(DecodeError::NewerFormat(env.format));
    }
    if env.kind != "draft" {
        return Err(DecodeError::WrongKind { expected: "draft", found: env.kind });
    }
    let data = migrate(env.format, &env.kind, env.data);
    serde_json::from_value(data).map_err(|e| DecodeError::BadContent(e.to_string()))
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
}

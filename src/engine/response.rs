//! Writing a FHIR R4 `QuestionnaireResponse`: nested as FHIR requires (group items hold items,
//! question items hold answers, children of a question sit under its answer), with only the
//! answers of enabled items.

use super::form::{Form, Slot};
use super::model::*;
use super::value::{has_zone, AnswerValue};
use serde_json::{json, Map, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseStatus {
    InProgress,
    Completed,
}

impl ResponseStatus {
    pub fn code(self) -> &'static str {
        match self {
            ResponseStatus::InProgress => "in-progress",
            ResponseStatus::Completed => "completed",
        }
    }
}

impl Form {
    /// `authored` is an ISO date-time chosen by the caller (the engine has no clock).
    pub fn to_response(&self, status: ResponseStatus, authored: Option<&str>) -> Value {
        let mut root = Map::new();
        root.insert("resourceType".into(), json!("QuestionnaireResponse"));
        if let Some(c) = self.def.canonical() {
            root.insert("questionnaire".into(), json!(c));
        }
        root.insert("status".into(), json!(status.code()));
        if let Some(a) = authored {
            root.insert("authored".into(), json!(a));
        }
        // A typed date-time is local time; FHIR needs its zone: the device's, as in `authored`.
        let zone =
            authored
                .map(|a| if a.ends_with('Z') { "Z".to_string() } else { a[a.len().saturating_sub(6)..].to_string() });
        let writer = ResponseWriter { form: self, zone };
        let items = writer.response_items(&self.def.roots, &[]);
        if !items.is_empty() {
            root.insert("item".into(), Value::Array(items));
        }
        Value::Object(root)
    }
}

struct ResponseWriter<'a> {
    form: &'a Form,
    /// Zone for date-times typed without one (`+01:00`, `Z`).
    zone: Option<String>,
}

impl ResponseWriter<'_> {
    fn response_items(&self, ids: &[ItemId], reps: &[u32]) -> Vec<Value> {
        let form = self.form;
        let mut out = Vec::new();
        for &id in ids {
            let item = form.def.item(id);
            let slot = Slot::new(id, reps.to_vec());
            if !form.is_enabled(&slot) {
                continue;
            }
            match item.kind {
                ItemType::Group if item.repeats => {
                    for i in 0..form.group_count(&slot) {
                        let mut inner = reps.to_vec();
                        inner.push(i);
                        let children = self.response_items(&item.children, &inner);
                        if !children.is_empty() {
                            out.push(item_json(item, None, Some(children)));
                        }
                    }
                }
                ItemType::Group => {
                    let children = self.response_items(&item.children, reps);
                    if !children.is_empty() {
                        out.push(item_json(item, None, Some(children)));
                    }
                }
                _ if item.kind.is_question() => {
                    let answers = form.answers(&slot);
                    let children = self.response_items(&item.children, reps);
                    if answers.is_empty() {
                        // FHIR nests a question's children under its answer; without an answer
                        // they are written beside it so that nothing answered is dropped.
                        out.extend(children);
                        continue;
                    }
                    let mut list: Vec<Value> =
                        answers.iter().map(|a| with_zone(a, self.zone.as_deref()).to_fhir_value()).collect();
                    if !children.is_empty() {
                        if let Some(first) = list.first_mut().and_then(Value::as_object_mut) {
                            first.insert("item".into(), Value::Array(children));
                        }
                    }
                    out.push(item_json(item, Some(list), None));
                }
                _ => {
                    // Display and unsupported items carry no answers; their children may.
                    out.extend(self.response_items(&item.children, reps));
                }
            }
        }
        out
    }
}

fn with_zone(v: &AnswerValue, zone: Option<&str>) -> AnswerValue {
    match v {
        AnswerValue::DateTime(t) if !has_zone(t) => AnswerValue::DateTime(format!("{t}{}", zone.unwrap_or("Z"))),
        other => other.clone(),
    }
}

fn item_json(item: &Item, answers: Option<Vec<Value>>, children: Option<Vec<Value>>) -> Value {
    let mut m = Map::new();
    m.insert("linkId".into(), json!(item.link_id));
    if !item.text.base.is_empty() {
        m.insert("text".into(), json!(item.text.base));
    }
    if let Some(a) = answers {
        m.insert("answer".into(), Value::Array(a));
    }
    if let Some(c) = children {
        m.insert("item".into(), Value::Array(c));
    }
    Value::Object(m)
}

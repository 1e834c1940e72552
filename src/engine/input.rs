//! Turning what a person typed into an answer value, and checking answers against the item's
//! rules. Problems are codes; the UI words them in the person's language.

use super::form::{Form, Slot};
use super::model::*;
use super::value::{is_date, is_time, AnswerValue};

#[derive(Debug, Clone, PartialEq)]
pub enum InputProblem {
    NotAWholeNumber,
    NotANumber,
    NotADate,
    NotATime,
    TooLong { max: usize },
}

/// Parses typed text for an item. Empty (after trimming) means "no answer": `Ok(None)`.
/// Accepts a decimal comma, as people in the Netherlands type it.
pub fn parse_input(item: &Item, raw: &str) -> Result<Option<AnswerValue>, InputProblem> {
    let text = raw.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let v = match item.kind {
        // FHIR `integer` is 32 bits.
        ItemType::Integer => {
            AnswerValue::Integer(text.parse::<i32>().map_err(|_| InputProblem::NotAWholeNumber)? as i64)
        }
        ItemType::Decimal => {
            AnswerValue::Decimal(super::decimal::parse(&text.replace(',', ".")).ok_or(InputProblem::NotANumber)?)
        }
        ItemType::Date => {
            if !is_date(text) {
                return Err(InputProblem::NotADate);
            }
            AnswerValue::Date(text.to_string())
        }
        ItemType::DateTime => {
            // `<input type=datetime-local>` gives `2024-05-01T10:30`, local time without a zone:
            // completed to seconds here; the zone is added on export (see `to_response`).
            let full = if text.len() == 16 { format!("{text}:00") } else { text.to_string() };
            if full.len() != 19 || !is_date(&full[..10]) || full.as_bytes()[10] != b'T' || !is_time(&full[11..]) {
                return Err(InputProblem::NotADate);
            }
            AnswerValue::DateTime(full)
        }
        ItemType::Time => {
            if !is_time(text) {
                return Err(InputProblem::NotATime);
            }
            AnswerValue::Time(if text.len() == 5 { format!("{text}:00") } else { text.to_string() })
        }
        _ => {
            if let Some(max) = item.max_length {
                if raw.chars().count() > max {
                    return Err(InputProblem::TooLong { max });
                }
            }
            AnswerValue::String(raw.to_string())
        }
    };
    Ok(Some(v))
}

/// The text to put back into an input for a stored answer; `decimal_comma` writes decimals
/// the way the person's language does (`1,75` in Dutch), which `parse_input` reads back.
pub fn input_text(v: &AnswerValue, decimal_comma: bool) -> String {
    match v {
        AnswerValue::Decimal(d) if decimal_comma => super::decimal::format(*d).replace('.', ","),
        AnswerValue::Time(t) => t.get(..5).unwrap_or(t).to_string(),
        AnswerValue::DateTime(t) => t.get(..16).unwrap_or(t).to_string(),
        other => other.display_text(),
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Invalid {
    Required,
    TooLong { max: usize },
    BelowMin { min: String },
    AboveMax { max: String },
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidationIssue {
    pub slot: Slot,
    pub problem: Invalid,
}

impl Form {
    /// Checks every enabled, visible question under `roots` (with their repetitions).
    pub fn validate(&self, roots: &[ItemId]) -> Vec<ValidationIssue> {
        let mut out = Vec::new();
        for &r in roots {
            // Roots are top-level items: no repeating group encloses them.
            self.validate_item(Slot::new(r, Vec::new()), &mut out);
        }
        out
    }

    fn validate_item(&self, slot: Slot, out: &mut Vec<ValidationIssue>) {
        let item = self.def.item(slot.item);
        if item.hidden || !self.is_enabled(&slot) {
            return;
        }
        // A question whose options could not be loaded cannot be answered: never block on it.
        if item.kind.is_question() && !item.read_only && !item.options_missing {
            let answers = self.answers(&slot);
            if item.required && answers.is_empty() {
                out.push(ValidationIssue { slot: slot.clone(), problem: Invalid::Required });
            }
            for a in answers {
                if let Some(p) = check_value(item, a) {
                    out.push(ValidationIssue { slot: slot.clone(), problem: p });
                }
            }
        }
        let child_reps: Vec<Vec<u32>> = if item.is_repeating_group() {
            (0..self.group_count(&slot))
                .map(|i| {
                    let mut r = slot.reps.clone();
                    r.push(i);
                    r
                })
                .collect()
        } else {
            vec![slot.reps.clone()]
        };
        for reps in child_reps {
            if item.kind == ItemType::Group && item.required {
                let any = item.children.iter().any(|&c| self.has_answer_below(&Slot::new(c, reps.clone())));
                if !any {
                    out.push(ValidationIssue {
                        slot: Slot::new(slot.item, slot.reps.clone()),
                        problem: Invalid::Required,
                    });
                }
            }
            for &c in &item.children {
                self.validate_item(Slot::new(c, reps.clone()), out);
            }
        }
    }

    fn has_answer_below(&self, slot: &Slot) -> bool {
        if !self.answers(slot).is_empty() {
            return true;
        }
        let item = self.def.item(slot.item);
        let n = if item.is_repeating_group() { self.group_count(slot) } else { 1 };
        (0..n).any(|i| {
            let mut reps = slot.reps.clone();
            if item.is_repeating_group() {
                reps.push(i);
            }
            item.children.iter().any(|&c| self.has_answer_below(&Slot::new(c, reps.clone())))
        })
    }
}

fn check_value(item: &Item, v: &AnswerValue) -> Option<Invalid> {
    if let (Some(max), AnswerValue::String(s)) = (item.max_length, v) {
        if s.chars().count() > max {
            return Some(Invalid::TooLong { max });
        }
    }
    if let Some(min) = &item.min_value {
        if v.compare(min) == Some(std::cmp::Ordering::Less) {
            return Some(Invalid::BelowMin { min: min.display_text() });
        }
    }
    if let Some(max) = &item.max_value {
        if v.compare(max) == Some(std::cmp::Ordering::Greater) {
            return Some(Invalid::AboveMax { max: max.display_text() });
        }
    }
    None
}

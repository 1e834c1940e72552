//! Answer values (FHIR `value[x]`), their JSON form, and the comparisons `enableWhen` needs.

use serde_json::{json, Map, Value};
use std::cmp::Ordering;

/// A coded answer: `system` + `code`, with the display text as it was offered.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Coding {
    pub system: Option<String>,
    pub code: Option<String>,
    pub display: Option<String>,
}

/// One answer value. Dates and times stay as their ISO text (FHIR allows partial dates).
#[derive(Debug, Clone, PartialEq)]
pub enum AnswerValue {
    Boolean(bool),
    Integer(i64),
    Decimal(f64),
    String(String),
    Date(String),
    DateTime(String),
    Time(String),
    Coding(Coding),
}

impl AnswerValue {
    /// The FHIR `value[x]` suffix: `Boolean`, `Coding`, …
    pub fn fhir_suffix(&self) -> &'static str {
        match self {
            AnswerValue::Boolean(_) => "Boolean",
            AnswerValue::Integer(_) => "Integer",
            AnswerValue::Decimal(_) => "Decimal",
            AnswerValue::String(_) => "String",
            AnswerValue::Date(_) => "Date",
            AnswerValue::DateTime(_) => "DateTime",
            AnswerValue::Time(_) => "Time",
            AnswerValue::Coding(_) => "Coding",
        }
    }

    /// Reads `<prefix><Suffix>` from a FHIR object, e.g. `answerBoolean` or `valueCoding`.
    /// Returns `Err(field name)` when a field with that prefix exists but its value has the wrong
    /// JSON shape, and `Ok(None)` when there is no such field.
    pub fn from_fhir(obj: &Map<String, Value>, prefix: &str) -> Result<Option<AnswerValue>, String> {
        for (key, v) in obj {
            let Some(suffix) = key.strip_prefix(prefix) else { continue };
            let parsed = match suffix {
                "Boolean" => v.as_bool().map(AnswerValue::Boolean),
                "Integer" => v.as_i64().map(AnswerValue::Integer),
                "Decimal" => v.as_f64().map(AnswerValue::Decimal),
                "String" => v.as_str().map(|s| AnswerValue::String(s.to_string())),
                "Date" => v.as_str().filter(|s| is_date(s)).map(|s| AnswerValue::Date(s.to_string())),
                "DateTime" => v.as_str().filter(|s| is_date_prefix(s)).map(|s| AnswerValue::DateTime(s.to_string())),
                "Time" => v.as_str().filter(|s| is_time(s)).map(|s| AnswerValue::Time(s.to_string())),
                "Coding" => v.as_object().map(|c| AnswerValue::Coding(coding_from_json(c))),
                // Quantity, Reference, Attachment, Uri: not supported as answers here.
                _ => continue,
            };
            return match parsed {
                Some(p) => Ok(Some(p)),
                None => Err(key.clone()),
            };
        }
        Ok(None)
    }

    /// Writes this value as `{ "<prefix><Suffix>": … }` into `obj`.
    pub fn write_fhir(&self, obj: &mut Map<String, Value>, prefix: &str) {
        let key = format!("{prefix}{}", self.fhir_suffix());
        let v = match self {
            AnswerValue::Boolean(b) => json!(b),
            AnswerValue::Integer(i) => json!(i),
            AnswerValue::Decimal(d) => json!(d),
            AnswerValue::String(s) | AnswerValue::Date(s) | AnswerValue::DateTime(s) | AnswerValue::Time(s) => {
                json!(s)
            }
            AnswerValue::Coding(c) => {
                let mut m = Map::new();
                if let Some(s) = &c.system {
                    m.insert("system".into(), json!(s));
                }
                if let Some(s) = &c.code {
                    m.insert("code".into(), json!(s));
                }
                if let Some(s) = &c.display {
                    m.insert("display".into(), json!(s));
                }
                Value::Object(m)
            }
        };
        obj.insert(key, v);
    }

    /// `{ "value<Suffix>": … }` as a JSON value.
    pub fn to_fhir_value(&self) -> Value {
        let mut m = Map::new();
        self.write_fhir(&mut m, "value");
        Value::Object(m)
    }

    /// A number to compare with, where the value has one (a coding whose code is numeric counts:
    /// real files compare `answerDecimal` with coded options like `"2.2"`).
    pub fn as_number(&self) -> Option<f64> {
        match self {
            AnswerValue::Integer(i) => Some(*i as f64),
            AnswerValue::Decimal(d) => Some(*d),
            AnswerValue::Coding(c) => c.code.as_deref().and_then(|s| super::decimal::parse(s.trim())),
            AnswerValue::String(s) => super::decimal::parse(s.trim()),
            _ => None,
        }
    }

    /// Text shown to a person for this value (coding display, else code).
    pub fn display_text(&self) -> String {
        match self {
            AnswerValue::Boolean(b) => b.to_string(),
            AnswerValue::Integer(i) => i.to_string(),
            AnswerValue::Decimal(d) => super::decimal::format(*d),
            AnswerValue::String(s) | AnswerValue::Date(s) | AnswerValue::DateTime(s) | AnswerValue::Time(s) => {
                s.clone()
            }
            AnswerValue::Coding(c) => c.display.clone().or_else(|| c.code.clone()).unwrap_or_default(),
        }
    }

    /// The code of a coded answer (or the text of a string answer): what program logic keys on.
    pub fn code(&self) -> Option<&str> {
        match self {
            AnswerValue::Coding(c) => c.code.as_deref(),
            AnswerValue::String(s) => Some(s),
            _ => None,
        }
    }

    /// Equality as `enableWhen` means it: codings match on system (when both have one) and code;
    /// a coding also matches a plain string or number equal to its code.
    pub fn matches(&self, other: &AnswerValue) -> bool {
        use AnswerValue::*;
        match (self, other) {
            (Coding(a), Coding(b)) => {
                let systems_agree = match (&a.system, &b.system) {
                    (Some(x), Some(y)) => x == y,
                    _ => true,
                };
                systems_agree && a.code.is_some() && a.code == b.code
            }
            (Coding(c), String(s)) | (String(s), Coding(c)) => {
                c.code.as_deref() == Some(s.as_str()) || c.display.as_deref() == Some(s.as_str())
            }
            (Boolean(a), Boolean(b)) => a == b,
            (String(a), String(b)) => a == b,
            (Date(a), Date(b)) | (DateTime(a), DateTime(b)) | (Time(a), Time(b)) => a == b,
            (Date(a), DateTime(b)) | (DateTime(b), Date(a)) => b.get(..10) == Some(a.as_str()),
            _ => match (self.as_number(), other.as_number()) {
                (Some(x), Some(y)) => (x - y).abs() < 1e-9,
                _ => false,
            },
        }
    }

    /// Ordering for `>`, `<`, `>=`, `<=`; `None` when the two cannot be compared.
    pub fn compare(&self, other: &AnswerValue) -> Option<Ordering> {
        use AnswerValue::*;
        match (self, other) {
            (Date(a), Date(b)) | (DateTime(a), DateTime(b)) | (Time(a), Time(b)) | (String(a), String(b)) => {
                Some(a.cmp(b))
            }
            (Date(a), DateTime(b)) => Some(a.as_str().cmp(b.get(..10).unwrap_or(b))),
            (DateTime(a), Date(b)) => Some(a.get(..10).unwrap_or(a).cmp(b.as_str())),
            _ => self.as_number()?.partial_cmp(&other.as_number()?),
        }
    }
}

pub fn coding_from_json(c: &Map<String, Value>) -> Coding {
    let s = |k: &str| c.get(k).and_then(Value::as_str).map(str::to_string);
    Coding { system: s("system"), code: s("code"), display: s("display") }
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (FHIR `date`), and a date that exists (no month 13,
/// no 30 February, no year 0).
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
    match b.len() {
        4 => digits(0..4) && num(0..4) > 0,
        7 => digits(0..4) && b[4] == b'-' && digits(5..7) && num(0..4) > 0 && (1..=12).contains(&num(5..7)),
        10 => {
            digits(0..4)
                && b[4] == b'-'
                && digits(5..7)
                && b[7] == b'-'
                && digits(8..10)
                && num(0..4) > 0
                && (1..=days_in_month(num(0..4), num(5..7))).contains(&num(8..10))
        }
        _ => false,
    }
}

/// Days in a month of the Gregorian calendar (0 for a month that does not exist).
pub fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
        2 => 28,
        _ => 0,
    }
}

fn is_date_prefix(s: &str) -> bool {
    is_date(s) || (s.len() > 10 && is_date(&s[..10]) && s.as_bytes()[10] == b'T' && is_time(time_part(&s[11..])))
}

/// The `hh:mm:ss[.fff]` part of a date-time's time, without its zone.
fn time_part(t: &str) -> &str {
    let end = t.find(['Z', '+', '-']).unwrap_or(t.len());
    &t[..end]
}

/// `hh:mm`, `hh:mm:ss` or `hh:mm:ss.fff` with real hours (00–23), minutes and seconds (00–59).
/// FHIR `time` requires seconds; browsers send `hh:mm`.
pub fn is_time(s: &str) -> bool {
    let b = s.as_bytes();
    let two = |i: usize, max: u32| {
        b.get(i..i + 2).is_some_and(|x| x.iter().all(u8::is_ascii_digit))
            && s[i..i + 2].parse::<u32>().unwrap_or(99) <= max
    };
    let hm = b.len() >= 5 && two(0, 23) && b[2] == b':' && two(3, 59);
    match b.len() {
        5 => hm,
        8 => hm && b[5] == b':' && two(6, 59),
        9.. => hm && b[5] == b':' && two(6, 59) && b[8] == b'.' && b.len() > 9 && b[9..].iter().all(u8::is_ascii_digit),
        _ => false,
    }
}

/// Whether a FHIR dateTime carries a zone (`Z` or `±hh:mm`); FHIR requires one when a time is given.
pub fn has_zone(date_time: &str) -> bool {
    date_time.len() <= 10 || date_time.ends_with('Z') || date_time[11..].contains(['+', '-'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn coding(code: &str) -> AnswerValue {
        AnswerValue::Coding(Coding {
            system: Some("http://example.org".into()),
            code: Some(code.into()),
            display: None,
        })
    }

    #[test]
    fn coding_matches_string_and_number() {
        assert!(coding("2").matches(&AnswerValue::String("2".into())));
        assert!(coding("2").matches(&AnswerValue::Integer(2)));
        assert!(!coding("3").matches(&AnswerValue::Integer(2)));
        assert_eq!(coding("1.1").compare(&AnswerValue::Decimal(2.1)), Some(Ordering::Less));
    }

    #[test]
    fn codings_need_same_system_when_both_have_one() {
        let a = coding("Y");
        let b = AnswerValue::Coding(Coding { system: Some("other".into()), code: Some("Y".into()), display: None });
        let c = AnswerValue::Coding(Coding { system: None, code: Some("Y".into()), display: None });
        assert!(!a.matches(&b));
        assert!(a.matches(&c));
    }

    #[test]
    fn dates_and_times_compare_as_text() {
        let d = AnswerValue::Date("2001-05-01".into());
        assert_eq!(d.compare(&AnswerValue::Date("2000-01-01".into())), Some(Ordering::Greater));
        let t = AnswerValue::Time("10:00:00".into());
        assert_eq!(t.compare(&AnswerValue::Time("11:11:11".into())), Some(Ordering::Less));
        assert!(AnswerValue::Date("2020-01-02".into()).matches(&AnswerValue::DateTime("2020-01-02T10:00:00Z".into())));
    }

    #[test]
    fn fhir_round_trip_and_wrong_shapes() {
        for v in [
            AnswerValue::Boolean(true),
            AnswerValue::Integer(-3),
            AnswerValue::Decimal(2.5),
            AnswerValue::String("a".into()),
            AnswerValue::Date("2020-02".into()),
            AnswerValue::DateTime("2020-02-03T10:00:00+01:00".into()),
            AnswerValue::Time("10:00:00".into()),
            coding("x"),
        ] {
            let j = v.to_fhir_value();
            let back = AnswerValue::from_fhir(j.as_object().unwrap(), "value").unwrap().unwrap();
            assert_eq!(back, v);
        }
        let bad = json!({"answerInteger": "12"});
        assert_eq!(AnswerValue::from_fhir(bad.as_object().unwrap(), "answer"), Err("answerInteger".into()));
        let none = json!({"other": 1});
        assert_eq!(AnswerValue::from_fhir(none.as_object().unwrap(), "answer"), Ok(None));
    }

    #[test]
    fn date_and_time_shapes() {
        assert!(is_date("2020") && is_date("2020-01") && is_date("2020-01-31"));
        assert!(!is_date("2020-1-31") && !is_date("31-01-2020"));
        assert!(is_time("10:00") && is_time("10:00:00") && is_time("10:00:00.250") && !is_time("1000"));
        assert!(!is_time("25:00") && !is_time("10:75") && !is_time("10:00:00 uur"));
        assert!(is_date("2000-02-29") && !is_date("1900-02-29") && !is_date("2024-04-31"));
        assert!(!is_date("2024-13-01") && !is_date("2023-02-29") && !is_date("0000-01-01") && is_date("2024-02-29"));
        assert!(
            has_zone("2024-05-01T10:30:00+02:00")
                && has_zone("2024-05-01T10:30:00Z")
                && !has_zone("2024-05-01T10:30:00")
        );
    }
}

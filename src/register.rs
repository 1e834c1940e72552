//! Register records: what one completed check or follow-up adds to the anonymous register
//! (seed digest §3.5, §6.6), and the one definition of that format shared by the app (which
//! builds records) and the collector (which accepts them).
//!
//! A record holds only allow-listed codes, a wijk code, the ISO week and a random id — never
//! free text, a name, an exact date or time, or anything that identifies a device or person.
//! The builders keep only allow-listed codes, so whatever a person typed cannot reach a record;
//! `parse_record` refuses anything that is not exactly this format.
//!
//! Codes from the questionnaires are allow-listed here. Wijk codes and partner outcome codes
//! are municipality config, so they are checked by shape only (`[a-z][a-z0-9_-]{0,39}`); the
//! collector may check them against its configured lists.
//!
//! The `id` (32 lowercase hex digits from 16 random bytes, made on the device) exists only so
//! the collector can drop a record that the outbox sent twice; it links to nothing.

use crate::engine::{Form, Slot};
use crate::fit_check::{FitAnswers, FitResult, Outcome};
use crate::opening_hours::{civil_from_days, days_from_civil};
use serde_json::{json, Map, Value};
use std::fmt;

/// The version of the record format; a collector refuses versions it does not know.
pub const FORMAT: u64 = 1;

/// Question area codes of `past-mijn-vraag.json` (`areas`).
pub const FIT_AREAS: [&str; 10] = [
    "money_debts",
    "housing",
    "care_at_home",
    "daily_activities",
    "loneliness",
    "mental_health",
    "parenting_youth",
    "work_income",
    "caring_for_someone",
    "other",
];
/// `under_18` of the fit check.
pub const UNDER_18: [&str; 3] = ["yes", "no", "unknown"];
/// `breadth` of the fit check.
pub const BREADTH: [&str; 3] = ["one", "several", "unknown"];
/// `Outcome::code()` of every fit-check outcome.
pub const FIT_OUTCOMES: [&str; 4] = ["urgent", "fits", "fits_and_also", "elsewhere_faster"];
/// More partner codes than any municipality routes one answer set to.
pub const MAX_DESTINATIONS: usize = 16;

/// Who filled in the follow-up: the client, or an OCO supporter with or for the client.
pub const RESPONDENTS: [&str; 2] = ["client", "oco"];

const AGREEMENT: &[&str] = &["fully_agree", "agree", "neutral", "disagree", "fully_disagree", "dont_know"];
/// The single-choice questions of `vervolg.json` (linkId = record field) and their codes.
pub const FOLLOW_UP_QUESTIONS: [(&str, &[&str]); 12] = [
    ("outcome", &["helped", "partly", "rejected", "referred", "waiting"]),
    ("solution_match", &["yes", "partly", "no", "unknown"]),
    ("other_solution", &["yes", "no", "unknown"]),
    ("problem_still", &["yes", "partly", "no"]),
    ("time_to_help", &["less_2w", "2_6w", "more_6w", "not_started", "unknown"]),
    ("eff_quality", AGREEMENT),
    ("eff_fits", AGREEMENT),
    ("eff_do_things", AGREEMENT),
    ("eff_manage", AGREEMENT),
    ("eff_quality_of_life", AGREEMENT),
    ("knows_oco", &["yes", "no"]),
    ("want_follow_up", &["yes", "no", "unsure"]),
];
/// Life areas of `hoe-gaat-het.json`, for the before/after change per area.
pub const LIFE_AREAS: [&str; 14] = [
    "adl",
    "parenting",
    "groceries",
    "household",
    "paperwork_money",
    "mobility",
    "social",
    "mental",
    "physical",
    "housing",
    "work_day",
    "debts",
    "caring",
    "safety",
];
/// How a life area changed between the two "Hoe gaat het" answers.
pub const AREA_CHANGES: [&str; 3] = ["better", "same", "worse"];

const FIT_FIELDS: [&str; 10] =
    ["format", "kind", "id", "week", "wijk", "areas", "under_18", "breadth", "outcome", "destinations"];
const FOLLOW_UP_FIXED_FIELDS: [&str; 7] = ["format", "kind", "id", "week", "wijk", "respondent", "area_change"];

/// ISO 8601 week of a date: `(week-based year, week 1..=53)`.
pub fn iso_week(year: i32, month: u32, day: u32) -> (i32, u32) {
    let days = days_from_civil(year, month, day);
    let weekday = (days + 3).rem_euclid(7); // 0 = Monday
    let thursday = days - weekday + 3; // the week belongs to the year of its Thursday
    let (ty, _, _) = civil_from_days(thursday);
    let jan1 = days_from_civil(ty, 1, 1);
    (ty, ((thursday - jan1) / 7 + 1) as u32)
}

/// `2026-W47` for a date: the only time a record carries.
pub fn week_code(date: (i32, u32, u32)) -> String {
    let (y, w) = iso_week(date.0, date.1, date.2);
    format!("{y:04}-W{w:02}")
}

/// The `(year, week)` of a week code, if it is one that exists (`2026-W53` does, `2025-W53` not).
/// Any four-digit year: whether a week is plausible (not in the future) is the collector's call.
pub fn parse_week(code: &str) -> Option<(i32, u32)> {
    let b = code.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 8 || &b[4..6] != b"-W" || !digits(0..4) || !digits(6..8) {
        return None;
    }
    let year: i32 = code[..4].parse().ok()?;
    let week: u32 = code[6..].parse().ok()?;
    // 28 December is always in the last ISO week of its year.
    let weeks = iso_week(year, 12, 28).1;
    (1..=weeks).contains(&week).then_some((year, week))
}

/// A record id from 16 random bytes: 32 lowercase hex digits.
pub fn record_id(random: [u8; 16]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    random.iter().flat_map(|b| [HEX[(b >> 4) as usize] as char, HEX[(b & 15) as usize] as char]).collect()
}

/// The 16 bytes behind an id made by [`record_id`] (so a record can keep its id when rebuilt).
pub fn record_id_bytes(id: &str) -> Option<[u8; 16]> {
    if !is_record_id(id) {
        return None;
    }
    let mut out = [0u8; 16];
    for (n, pair) in id.as_bytes().chunks(2).enumerate() {
        out[n] = u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()?;
    }
    Some(out)
}

pub fn is_record_id(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The shape of a code the municipality config defines (wijk, partner outcome, contact kind):
/// `[a-z][a-z0-9_-]{0,39}`. The leading letter keeps phone numbers and dates out even by shape.
pub fn is_config_code(s: &str) -> bool {
    s.as_bytes().first().is_some_and(u8::is_ascii_lowercase)
        && s.len() <= 40
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// The allow-listed `&'static` code equal to `s`, if any.
fn allowed(list: &[&'static str], s: &str) -> Option<&'static str> {
    list.iter().copied().find(|c| *c == s)
}

/// `s` if it is allow-listed, else empty (= not answered).
fn keep_code(list: &[&'static str], s: &str) -> String {
    allowed(list, s).unwrap_or_default().to_string()
}

fn keep_wijk(wijk: Option<&str>) -> Option<String> {
    wijk.filter(|w| is_config_code(w)).map(str::to_string)
}

/// An empty string (skipped question) is `null` in a record.
fn code_or_null(s: &str) -> Value {
    if s.is_empty() {
        Value::Null
    } else {
        Value::String(s.to_string())
    }
}

/// The register record of one fit check.
#[derive(Debug, Clone, PartialEq)]
pub struct FitRecord {
    /// Empty until `with_id`: the app gives a record its id when it may be sent.
    pub id: String,
    /// Allow-listed question areas, sorted.
    pub areas: Vec<String>,
    /// `yes`, `no`, `unknown` or empty when skipped.
    pub under_18: String,
    /// `one`, `several`, `unknown` or empty.
    pub breadth: String,
    pub outcome: &'static str,
    /// Partner outcome codes and urgent contact kinds suggested (never a named provider).
    pub destinations: Vec<String>,
    /// The wijk code from config, if the person chose a wijk.
    pub wijk: Option<String>,
    /// `2026-W47`
    pub week: String,
}

impl FitRecord {
    /// Keeps only allow-listed codes and well-shaped config codes of the answers.
    pub fn new(answers: &FitAnswers, result: &FitResult, wijk: Option<&str>, date: (i32, u32, u32)) -> FitRecord {
        let suggested = match &result.outcome {
            Outcome::Urgent { contact_kinds } => contact_kinds.as_slice(),
            Outcome::Fits => &[],
            Outcome::FitsAndAlso { partners } | Outcome::ElsewhereFaster { partners } => partners.as_slice(),
        };
        let mut destinations: Vec<String> = Vec::new();
        for d in suggested.iter().filter(|d| is_config_code(d)) {
            if !destinations.contains(d) && destinations.len() < MAX_DESTINATIONS {
                destinations.push(d.clone());
            }
        }
        FitRecord {
            id: String::new(),
            // A BTreeSet: sorted and without repeats.
            areas: answers.areas.iter().filter(|a| allowed(&FIT_AREAS, a).is_some()).cloned().collect(),
            under_18: keep_code(&UNDER_18, &answers.under_18),
            breadth: keep_code(&BREADTH, &answers.breadth),
            outcome: result.outcome.code(),
            destinations,
            wijk: keep_wijk(wijk),
            week: week_code(date),
        }
    }

    /// The record with the id made from 16 random bytes.
    pub fn with_id(mut self, random: [u8; 16]) -> FitRecord {
        self.id = record_id(random);
        self
    }

    pub fn to_json(&self) -> Value {
        json!({
            "format": FORMAT,
            "kind": "fit_check",
            "id": self.id,
            "week": self.week,
            "wijk": self.wijk,
            "areas": self.areas,
            "under_18": code_or_null(&self.under_18),
            "breadth": code_or_null(&self.breadth),
            "outcome": self.outcome,
            "destinations": self.destinations,
        })
    }
}

/// Who filled in a follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Respondent {
    Client,
    /// An OCO supporter (or mantelzorger) filling in with or for the client.
    Oco,
}

impl Respondent {
    pub fn code(self) -> &'static str {
        match self {
            Respondent::Client => "client",
            Respondent::Oco => "oco",
        }
    }
}

/// The follow-up answers as codes; an empty string is a skipped question.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FollowUpAnswers {
    pub outcome: String,
    pub solution_match: String,
    pub other_solution: String,
    pub problem_still: String,
    pub time_to_help: String,
    pub eff_quality: String,
    pub eff_fits: String,
    pub eff_do_things: String,
    pub eff_manage: String,
    pub eff_quality_of_life: String,
    pub knows_oco: String,
    pub want_follow_up: String,
    /// Life area → `better`, `same` or `worse`, from comparing two "Hoe gaat het" answers.
    pub area_change: Vec<(String, String)>,
}

impl FollowUpAnswers {
    /// Reads the enabled answers of `vervolg.json` by linkId (`area_change` is not in that form).
    pub fn from_form(form: &Form) -> FollowUpAnswers {
        let mut answers = FollowUpAnswers::default();
        for (link, _) in FOLLOW_UP_QUESTIONS {
            let Some(id) = form.def.find(link) else { continue };
            let slot = Slot::new(id, Vec::new());
            if !form.is_enabled(&slot) {
                continue;
            }
            if let (Some(code), Some(field)) =
                (form.answers(&slot).iter().find_map(|a| a.code()), answers.choice_mut(link))
            {
                *field = code.to_string();
            }
        }
        answers
    }

    /// The answers of the follow-up form with `area_change` from its before/after comparison
    /// (`follow_up::compare`): one entry per area with a level on both sides; an area that was
    /// skipped on either side has nothing to compare and is left out.
    pub fn from_follow_up(form: &Form, changes: &[crate::follow_up::AreaChange]) -> FollowUpAnswers {
        use crate::follow_up::Change;
        let mut answers = FollowUpAnswers::from_form(form);
        answers.area_change = changes
            .iter()
            .filter_map(|c| {
                let code = match c.change {
                    Change::Better => "better",
                    Change::Same => "same",
                    Change::Worse => "worse",
                    Change::Unknown => return None,
                };
                Some((c.area.clone(), code.to_string()))
            })
            .collect();
        answers
    }

    /// The single-choice answers in the order of `FOLLOW_UP_QUESTIONS` (empty: skipped).
    pub fn choices(&self) -> [&str; 12] {
        [
            &self.outcome,
            &self.solution_match,
            &self.other_solution,
            &self.problem_still,
            &self.time_to_help,
            &self.eff_quality,
            &self.eff_fits,
            &self.eff_do_things,
            &self.eff_manage,
            &self.eff_quality_of_life,
            &self.knows_oco,
            &self.want_follow_up,
        ]
    }

    fn choice_mut(&mut self, field: &str) -> Option<&mut String> {
        let i = FOLLOW_UP_QUESTIONS.iter().position(|(f, _)| *f == field)?;
        Some(match i {
            0 => &mut self.outcome,
            1 => &mut self.solution_match,
            2 => &mut self.other_solution,
            3 => &mut self.problem_still,
            4 => &mut self.time_to_help,
            5 => &mut self.eff_quality,
            6 => &mut self.eff_fits,
            7 => &mut self.eff_do_things,
            8 => &mut self.eff_manage,
            9 => &mut self.eff_quality_of_life,
            10 => &mut self.knows_oco,
            _ => &mut self.want_follow_up,
        })
    }
}

/// The register record of one follow-up ("Vervolg").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpRecord {
    pub id: String,
    /// `2026-W47`
    pub week: String,
    pub wijk: Option<String>,
    pub respondent: Respondent,
    /// Allow-listed codes only; `area_change` sorted by area, one entry per area.
    pub answers: FollowUpAnswers,
}

impl FollowUpRecord {
    /// Keeps only allow-listed codes of the answers; the date becomes its ISO week.
    pub fn new(
        random_id: [u8; 16],
        date: (i32, u32, u32),
        wijk: Option<&str>,
        respondent: Respondent,
        answers: &FollowUpAnswers,
    ) -> FollowUpRecord {
        let mut kept = FollowUpAnswers::default();
        for ((field, codes), given) in FOLLOW_UP_QUESTIONS.iter().zip(answers.choices()) {
            if let Some(slot) = kept.choice_mut(field) {
                *slot = keep_code(codes, given);
            }
        }
        for (area, change) in &answers.area_change {
            if let (Some(a), Some(c)) = (allowed(&LIFE_AREAS, area), allowed(&AREA_CHANGES, change)) {
                if !kept.area_change.iter().any(|(k, _)| k == a) {
                    kept.area_change.push((a.to_string(), c.to_string()));
                }
            }
        }
        kept.area_change.sort();
        FollowUpRecord {
            id: record_id(random_id),
            week: week_code(date),
            wijk: keep_wijk(wijk),
            respondent,
            answers: kept,
        }
    }

    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("format".into(), FORMAT.into());
        m.insert("kind".into(), "follow_up".into());
        m.insert("id".into(), self.id.clone().into());
        m.insert("week".into(), self.week.clone().into());
        m.insert("wijk".into(), self.wijk.clone().map_or(Value::Null, Value::String));
        m.insert("respondent".into(), self.respondent.code().into());
        for ((field, _), value) in FOLLOW_UP_QUESTIONS.iter().zip(self.answers.choices()) {
            m.insert(field.to_string(), code_or_null(value));
        }
        let changes: Map<String, Value> =
            self.answers.area_change.iter().map(|(a, c)| (a.clone(), Value::String(c.clone()))).collect();
        m.insert("area_change".into(), Value::Object(changes));
        Value::Object(m)
    }
}

/// A record as the collector accepts it.
// Records are handled one at a time, never stored in bulk: a box would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    FitCheck(FitRecord),
    FollowUp(FollowUpRecord),
}

impl Record {
    /// `fit_check` or `follow_up`.
    pub fn kind(&self) -> &'static str {
        match self {
            Record::FitCheck(_) => "fit_check",
            Record::FollowUp(_) => "follow_up",
        }
    }

    pub fn id(&self) -> &str {
        match self {
            Record::FitCheck(r) => &r.id,
            Record::FollowUp(r) => &r.id,
        }
    }

    pub fn week(&self) -> &str {
        match self {
            Record::FitCheck(r) => &r.week,
            Record::FollowUp(r) => &r.week,
        }
    }

    pub fn wijk(&self) -> Option<&str> {
        match self {
            Record::FitCheck(r) => r.wijk.as_deref(),
            Record::FollowUp(r) => r.wijk.as_deref(),
        }
    }

    pub fn to_json(&self) -> Value {
        match self {
            Record::FitCheck(r) => r.to_json(),
            Record::FollowUp(r) => r.to_json(),
        }
    }
}

/// Why a value is not a register record; names the field (never echoes a value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordError {
    NotAnObject,
    /// A field this kind of record does not have (its name, at most 64 characters).
    UnknownField(String),
    Missing(&'static str),
    WrongType {
        field: &'static str,
        expected: &'static str,
    },
    /// A code that is not allow-listed, or a config code of the wrong shape.
    UnknownCode(&'static str),
    TooMany {
        field: &'static str,
        max: usize,
    },
    Repeated(&'static str),
    /// `format` is not a version this build knows.
    UnsupportedFormat,
    BadId,
    BadWeek,
}

impl RecordError {
    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            RecordError::NotAnObject => "not_an_object",
            RecordError::UnknownField(_) => "unknown_field",
            RecordError::Missing(_) => "missing_field",
            RecordError::WrongType { .. } => "wrong_type",
            RecordError::UnknownCode(_) => "unknown_code",
            RecordError::TooMany { .. } => "too_many",
            RecordError::Repeated(_) => "repeated_code",
            RecordError::UnsupportedFormat => "unsupported_format",
            RecordError::BadId => "bad_id",
            RecordError::BadWeek => "bad_week",
        }
    }

    /// The field the error is about.
    pub fn field(&self) -> Option<&str> {
        match self {
            RecordError::NotAnObject => None,
            RecordError::UnknownField(f) => Some(f),
            RecordError::Missing(f)
            | RecordError::WrongType { field: f, .. }
            | RecordError::UnknownCode(f)
            | RecordError::TooMany { field: f, .. }
            | RecordError::Repeated(f) => Some(f),
            RecordError::UnsupportedFormat => Some("format"),
            RecordError::BadId => Some("id"),
            RecordError::BadWeek => Some("week"),
        }
    }
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordError::NotAnObject => write!(f, "a record is a JSON object"),
            RecordError::UnknownField(x) => write!(f, "unknown field \"{x}\""),
            RecordError::Missing(x) => write!(f, "missing field \"{x}\""),
            RecordError::WrongType { field, expected } => write!(f, "\"{field}\" must be {expected}"),
            RecordError::UnknownCode(x) => write!(f, "\"{x}\" holds a code that is not allowed"),
            RecordError::TooMany { field, max } => write!(f, "\"{field}\" holds more than {max} codes"),
            RecordError::Repeated(x) => write!(f, "\"{x}\" holds a code twice"),
            RecordError::UnsupportedFormat => write!(f, "\"format\" must be {FORMAT}"),
            RecordError::BadId => write!(f, "\"id\" must be 32 lowercase hex digits"),
            RecordError::BadWeek => write!(f, "\"week\" must be an ISO week like 2026-W47"),
        }
    }
}

impl std::error::Error for RecordError {}

/// Reads one register record, refusing anything that is not exactly the format: unknown or
/// missing fields, wrong types, codes outside the allow-lists, too-long lists, bad ids or weeks.
pub fn parse_record(value: &Value) -> Result<Record, RecordError> {
    let obj = value.as_object().ok_or(RecordError::NotAnObject)?;
    let kind = text(obj, "kind")?;
    let known = |k: &str| match kind {
        "fit_check" => FIT_FIELDS.contains(&k),
        _ => FOLLOW_UP_FIXED_FIELDS.contains(&k) || FOLLOW_UP_QUESTIONS.iter().any(|(f, _)| *f == k),
    };
    if kind != "fit_check" && kind != "follow_up" {
        return Err(RecordError::UnknownCode("kind"));
    }
    if let Some(k) = obj.keys().find(|k| !known(k)) {
        return Err(RecordError::UnknownField(k.chars().take(64).collect()));
    }
    match field(obj, "format")?.as_u64() {
        Some(FORMAT) => {}
        Some(_) => return Err(RecordError::UnsupportedFormat),
        None => return Err(RecordError::WrongType { field: "format", expected: "a whole number" }),
    }
    let id = text(obj, "id")?;
    if !is_record_id(id) {
        return Err(RecordError::BadId);
    }
    let week = text(obj, "week")?;
    if parse_week(week).is_none() {
        return Err(RecordError::BadWeek);
    }
    let wijk = optional_text(obj, "wijk")?;
    if wijk.is_some_and(|w| !is_config_code(w)) {
        return Err(RecordError::UnknownCode("wijk"));
    }
    let (id, week, wijk) = (id.to_string(), week.to_string(), wijk.map(str::to_string));
    if kind == "fit_check" {
        let areas = code_list(obj, "areas", FIT_AREAS.len(), |c| allowed(&FIT_AREAS, c).is_some())?;
        if areas.windows(2).any(|w| w[0] >= w[1]) {
            // Builders sort areas; another order would make two equal records differ.
            return Err(RecordError::WrongType { field: "areas", expected: "a sorted list" });
        }
        Ok(Record::FitCheck(FitRecord {
            id,
            areas,
            under_18: optional_code(obj, "under_18", &UNDER_18)?,
            breadth: optional_code(obj, "breadth", &BREADTH)?,
            outcome: allowed(&FIT_OUTCOMES, text(obj, "outcome")?).ok_or(RecordError::UnknownCode("outcome"))?,
            destinations: code_list(obj, "destinations", MAX_DESTINATIONS, is_config_code)?,
            wijk,
            week,
        }))
    } else {
        let respondent = match text(obj, "respondent")? {
            "client" => Respondent::Client,
            "oco" => Respondent::Oco,
            _ => return Err(RecordError::UnknownCode("respondent")),
        };
        let mut answers = FollowUpAnswers::default();
        for (name, codes) in FOLLOW_UP_QUESTIONS {
            let code = optional_code(obj, name, codes)?;
            if let Some(slot) = answers.choice_mut(name) {
                *slot = code;
            }
        }
        let changes = field(obj, "area_change")?
            .as_object()
            .ok_or(RecordError::WrongType { field: "area_change", expected: "an object" })?;
        if changes.len() > LIFE_AREAS.len() {
            return Err(RecordError::TooMany { field: "area_change", max: LIFE_AREAS.len() });
        }
        for (area, change) in changes {
            let change = change
                .as_str()
                .ok_or(RecordError::WrongType { field: "area_change", expected: "an object of codes" })?;
            match (allowed(&LIFE_AREAS, area), allowed(&AREA_CHANGES, change)) {
                (Some(a), Some(c)) => answers.area_change.push((a.to_string(), c.to_string())),
                _ => return Err(RecordError::UnknownCode("area_change")),
            }
        }
        answers.area_change.sort();
        Ok(Record::FollowUp(FollowUpRecord { id, week, wijk, respondent, answers }))
    }
}

fn field<'a>(obj: &'a Map<String, Value>, name: &'static str) -> Result<&'a Value, RecordError> {
    obj.get(name).ok_or(RecordError::Missing(name))
}

fn text<'a>(obj: &'a Map<String, Value>, name: &'static str) -> Result<&'a str, RecordError> {
    field(obj, name)?.as_str().ok_or(RecordError::WrongType { field: name, expected: "a string" })
}

fn optional_text<'a>(obj: &'a Map<String, Value>, name: &'static str) -> Result<Option<&'a str>, RecordError> {
    match field(obj, name)? {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s)),
        _ => Err(RecordError::WrongType { field: name, expected: "a string or null" }),
    }
}

/// A single-choice answer: an allow-listed code, or empty for `null` (skipped).
fn optional_code(obj: &Map<String, Value>, name: &'static str, codes: &[&'static str]) -> Result<String, RecordError> {
    match optional_text(obj, name)? {
        None => Ok(String::new()),
        Some(s) => allowed(codes, s).map(str::to_string).ok_or(RecordError::UnknownCode(name)),
    }
}

fn code_list(
    obj: &Map<String, Value>,
    name: &'static str,
    max: usize,
    ok: impl Fn(&str) -> bool,
) -> Result<Vec<String>, RecordError> {
    let items = field(obj, name)?.as_array().ok_or(RecordError::WrongType { field: name, expected: "a list" })?;
    if items.len() > max {
        return Err(RecordError::TooMany { field: name, max });
    }
    let mut out: Vec<String> = Vec::with_capacity(items.len());
    for item in items {
        let code = item.as_str().ok_or(RecordError::WrongType { field: name, expected: "a list of codes" })?;
        if !ok(code) {
            return Err(RecordError::UnknownCode(name));
        }
        if out.iter().any(|c| c == code) {
            return Err(RecordError::Repeated(name));
        }
        out.push(code.to_string());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fit_check::{evaluate, Routing};

    const ID: [u8; 16] = [0xab; 16];

    fn fit_record() -> FitRecord {
        let answers = FitAnswers {
            urgent: Default::default(),
            areas: ["housing".to_string(), "money_debts".to_string()].into_iter().collect(),
            under_18: "no".into(),
            breadth: "several".into(),
            network: "no".into(),
        };
        let routing = Routing {
            areas: [("money_debts".to_string(), vec!["debt".to_string()])].into_iter().collect(),
            ..Default::default()
        };
        let result = evaluate(&answers, &routing);
        FitRecord::new(&answers, &result, Some("noord"), (2026, 11, 22)).with_id(ID)
    }

    fn follow_up_record() -> FollowUpRecord {
        let answers = FollowUpAnswers {
            outcome: "helped".into(),
            eff_quality: "agree".into(),
            area_change: vec![("debts".into(), "better".into()), ("adl".into(), "same".into())],
            ..Default::default()
        };
        FollowUpRecord::new(ID, (2027, 1, 1), None, Respondent::Oco, &answers)
    }

    #[test]
    fn record_ids_round_trip_through_their_bytes() {
        let bytes = [0u8, 1, 2, 3, 250, 251, 252, 253, 254, 255, 16, 32, 64, 128, 7, 9];
        assert_eq!(record_id_bytes(&record_id(bytes)), Some(bytes));
        assert_eq!(record_id_bytes("not an id"), None);
    }

    #[test]
    fn iso_weeks_at_year_edges() {
        assert_eq!(iso_week(2026, 11, 22), (2026, 47));
        assert_eq!(iso_week(2026, 1, 1), (2026, 1)); // a Thursday
        assert_eq!(iso_week(2027, 1, 1), (2026, 53)); // a Friday: last week of 2026
        assert_eq!(iso_week(2024, 12, 30), (2025, 1)); // a Monday: first week of 2025
        assert_eq!(iso_week(2021, 1, 3), (2020, 53));
    }

    #[test]
    fn week_codes_exist_or_are_refused() {
        assert_eq!(parse_week("2026-W53"), Some((2026, 53)));
        assert_eq!(parse_week("2025-W53"), None); // 2025 has 52 weeks
        assert_eq!(parse_week("1999-W52"), Some((1999, 52)));
        for bad in ["2026-W00", "2026-W5", "2026W47", "2026-w47", "2026-W47x", "２026-W47", "+026-W47", "-001-W01"] {
            assert_eq!(parse_week(bad), None, "{bad}");
        }
    }

    #[test]
    fn ids_are_32_lowercase_hex() {
        let id = record_id([0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0, 0, 0, 0, 0, 0, 0, 0xff]);
        assert_eq!(id, "0123456789abcdef00000000000000ff");
        assert!(is_record_id(&id));
        assert!(!is_record_id(&id.to_uppercase()));
        assert!(!is_record_id(&id[1..]));
    }

    #[test]
    fn outcome_codes_are_allow_listed() {
        let outcomes = [
            Outcome::Urgent { contact_kinds: vec![] },
            Outcome::Fits,
            Outcome::FitsAndAlso { partners: vec![] },
            Outcome::ElsewhereFaster { partners: vec![] },
        ];
        let codes: Vec<&str> = outcomes.iter().map(Outcome::code).collect();
        assert_eq!(codes, FIT_OUTCOMES);
    }

    #[test]
    fn a_fit_record_holds_codes_only() {
        assert_eq!(
            fit_record().to_json(),
            json!({"format": 1, "kind": "fit_check", "id": "abababababababababababababababab", "week": "2026-W47",
                   "wijk": "noord", "areas": ["housing", "money_debts"], "under_18": "no", "breadth": "several",
                   "outcome": "fits_and_also", "destinations": ["debt"]})
        );
    }

    #[test]
    fn a_follow_up_record_holds_codes_only() {
        let json = follow_up_record().to_json();
        assert_eq!(json["week"], "2026-W53");
        assert_eq!(json["respondent"], "oco");
        assert_eq!(json["outcome"], "helped");
        assert_eq!(json["solution_match"], Value::Null);
        assert_eq!(json["area_change"], json!({"adl": "same", "debts": "better"}));
        assert_eq!(json.as_object().unwrap().len(), FOLLOW_UP_FIXED_FIELDS.len() + FOLLOW_UP_QUESTIONS.len());
    }

    #[test]
    fn builders_drop_what_is_not_a_code() {
        let answers = FollowUpAnswers {
            outcome: "Jan hielp me op 3 maart".into(),
            area_change: vec![("debts".into(), "much better!".into()), ("my flat".into(), "worse".into())],
            ..Default::default()
        };
        let r = FollowUpRecord::new(ID, (2026, 3, 3), Some("Noord West"), Respondent::Client, &answers);
        assert_eq!(r.answers, FollowUpAnswers::default());
        assert_eq!(r.wijk, None);
    }

    #[test]
    fn records_survive_a_round_trip() {
        let fit = Record::FitCheck(fit_record());
        assert_eq!(parse_record(&fit.to_json()), Ok(fit));
        let follow = Record::FollowUp(follow_up_record());
        assert_eq!(parse_record(&follow.to_json()), Ok(follow));
    }

    fn with(mut v: Value, key: &str, x: Value) -> Value {
        v[key] = x;
        v
    }

    fn without(mut v: Value, key: &str) -> Value {
        v.as_object_mut().unwrap().remove(key);
        v
    }

    #[test]
    fn parse_names_the_field_it_refuses() {
        let fit = fit_record().to_json();
        let follow = follow_up_record().to_json();
        let cases = [
            (json!([1]), RecordError::NotAnObject),
            (with(fit.clone(), "name", json!("Jan")), RecordError::UnknownField("name".into())),
            (with(fit.clone(), "respondent", json!("oco")), RecordError::UnknownField("respondent".into())),
            (with(fit.clone(), "kind", json!("diary")), RecordError::UnknownCode("kind")),
            (without(fit.clone(), "kind"), RecordError::Missing("kind")),
            (without(fit.clone(), "wijk"), RecordError::Missing("wijk")),
            (with(fit.clone(), "format", json!(2)), RecordError::UnsupportedFormat),
            (
                with(fit.clone(), "format", json!("1")),
                RecordError::WrongType { field: "format", expected: "a whole number" },
            ),
            (with(fit.clone(), "id", json!("ABABABABABABABABABABABABABABABAB")), RecordError::BadId),
            (with(fit.clone(), "week", json!("2026-11-22")), RecordError::BadWeek),
            (with(fit.clone(), "wijk", json!("Noord West")), RecordError::UnknownCode("wijk")),
            (
                with(fit.clone(), "wijk", json!(3)),
                RecordError::WrongType { field: "wijk", expected: "a string or null" },
            ),
            (
                with(fit.clone(), "areas", json!("housing")),
                RecordError::WrongType { field: "areas", expected: "a list" },
            ),
            (with(fit.clone(), "areas", json!(["garden"])), RecordError::UnknownCode("areas")),
            (with(fit.clone(), "areas", json!(["housing", "housing"])), RecordError::Repeated("areas")),
            (
                with(fit.clone(), "areas", json!(["money_debts", "housing"])),
                RecordError::WrongType { field: "areas", expected: "a sorted list" },
            ),
            (with(fit.clone(), "under_18", json!("maybe")), RecordError::UnknownCode("under_18")),
            (
                with(fit.clone(), "outcome", Value::Null),
                RecordError::WrongType { field: "outcome", expected: "a string" },
            ),
            (
                with(fit.clone(), "destinations", json!(vec!["a"; MAX_DESTINATIONS + 1])),
                RecordError::TooMany { field: "destinations", max: MAX_DESTINATIONS },
            ),
            (with(fit.clone(), "destinations", json!(["Schuldhulp BV"])), RecordError::UnknownCode("destinations")),
            (with(follow.clone(), "areas", json!([])), RecordError::UnknownField("areas".into())),
            (with(follow.clone(), "respondent", json!("neighbour")), RecordError::UnknownCode("respondent")),
            (with(follow.clone(), "eff_fits", json!("yes")), RecordError::UnknownCode("eff_fits")),
            (without(follow.clone(), "knows_oco"), RecordError::Missing("knows_oco")),
            (with(follow.clone(), "area_change", json!({"garden": "better"})), RecordError::UnknownCode("area_change")),
            (
                with(follow.clone(), "area_change", json!({"debts": 1})),
                RecordError::WrongType { field: "area_change", expected: "an object of codes" },
            ),
        ];
        for (value, expected) in cases {
            assert_eq!(parse_record(&value), Err(expected.clone()), "{value}");
            assert!(expected.to_string().len() > 5);
        }
    }

    /// The answer option codes of the question `link` in a questionnaire's items.
    fn options(items: &Value, link: &str) -> Option<Vec<String>> {
        items.as_array()?.iter().find_map(|item| {
            if item["linkId"] == link {
                let opts = item["answerOption"].as_array()?;
                Some(opts.iter().filter_map(|o| o["valueCoding"]["code"].as_str().map(str::to_string)).collect())
            } else {
                options(&item["item"], link)
            }
        })
    }

    fn strings(list: &[&str]) -> Option<Vec<String>> {
        Some(list.iter().map(|c| c.to_string()).collect())
    }

    #[test]
    fn fit_and_life_area_codes_are_the_questionnaires() {
        let fit: Value = serde_json::from_str(include_str!("../public/questionnaires/past-mijn-vraag.json")).unwrap();
        assert_eq!(options(&fit["item"], "areas"), strings(&FIT_AREAS));
        assert_eq!(options(&fit["item"], "under_18"), strings(&UNDER_18));
        assert_eq!(options(&fit["item"], "breadth"), strings(&BREADTH));
        let how: Value = serde_json::from_str(include_str!("../public/questionnaires/hoe-gaat-het.json")).unwrap();
        let groups: Vec<String> = how["item"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|i| i["linkId"].as_str()?.strip_prefix("area_").map(str::to_string))
            .collect();
        assert_eq!(Some(groups), strings(&LIFE_AREAS));
    }

    #[test]
    fn reads_the_follow_up_questionnaire_and_its_codes_are_the_allow_list() {
        use crate::engine::{parse_questionnaire, AnswerValue, Coding};
        use std::sync::Arc;
        let json = include_str!("../public/questionnaires/vervolg.json");
        let q = Arc::new(parse_questionnaire(json).unwrap());
        // The allow-list is the questionnaire's answer options, code for code.
        let v: Value = serde_json::from_str(json).unwrap();
        for (link, codes) in FOLLOW_UP_QUESTIONS {
            assert_eq!(options(&v["item"], link), strings(codes), "{link}");
        }
        let mut f = Form::new(q.clone());
        let code = |c: &str| AnswerValue::Coding(Coding { code: Some(c.into()), ..Default::default() });
        let slot = |l: &str| Slot::new(q.find(l).unwrap(), vec![]);
        f.set_answer(slot("outcome"), Some(code("referred")));
        f.set_answer(slot("eff_manage"), Some(code("dont_know")));
        f.set_answer(slot("want_follow_up"), Some(code("unsure")));
        let a = FollowUpAnswers::from_form(&f);
        assert_eq!(
            (a.outcome.as_str(), a.eff_manage.as_str(), a.want_follow_up.as_str()),
            ("referred", "dont_know", "unsure")
        );
        assert_eq!(a.solution_match, "");
    }

    #[test]
    fn config_codes_start_with_a_letter() {
        for ok in ["noord", "wk036301", "team_urgent", "zuid-west", &"a".repeat(40)] {
            assert!(is_config_code(ok), "{ok}");
        }
        for bad in ["", "0612345678", "2026-03-12", "Noord", "noord west", "jan@x.nl", "_x", &"a".repeat(41)] {
            assert!(!is_config_code(bad), "{bad}");
        }
    }

    #[test]
    fn an_unknown_field_name_is_cut_short() {
        let long = "x".repeat(500);
        let err = parse_record(&with(fit_record().to_json(), &long, json!(1))).unwrap_err();
        assert_eq!(err.field().map(str::len), Some(64));
    }
}

/// The config codes a record may carry, from the municipality's config: its wijk codes, and its
/// partner outcome codes and urgent contact kinds (the destinations). The shape check
/// ([`is_config_code`]) alone would let `jan-jansen-1985` through as a wijk; this allow-list is
/// the real guard, in the builders ([`FitRecord::only_config_codes`]) and the parser
/// ([`parse_record_in`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConfigCodes {
    pub wijken: Vec<String>,
    pub destinations: Vec<String>,
}

impl ConfigCodes {
    pub fn from_config(config: &crate::config::Config) -> ConfigCodes {
        let mut destinations: Vec<String> = config.partners.iter().flat_map(|p| p.outcomes.iter().cloned()).collect();
        destinations.extend(config.urgent_contacts.iter().map(|c| c.kind.clone()));
        destinations.push("team_urgent".into());
        destinations.sort();
        destinations.dedup();
        ConfigCodes { wijken: config.wijken.iter().map(|w| w.code.clone()).collect(), destinations }
    }

    fn wijk(&self, wijk: Option<String>) -> Option<String> {
        wijk.filter(|w| self.wijken.contains(w))
    }
}

impl FitRecord {
    /// The record with only the wijk and destinations that the config lists.
    pub fn only_config_codes(mut self, codes: &ConfigCodes) -> FitRecord {
        self.wijk = codes.wijk(self.wijk.take());
        self.destinations.retain(|d| codes.destinations.contains(d));
        self
    }
}

impl FollowUpRecord {
    /// The record with only a wijk that the config lists.
    pub fn only_config_codes(mut self, codes: &ConfigCodes) -> FollowUpRecord {
        self.wijk = codes.wijk(self.wijk.take());
        self
    }
}

/// [`parse_record`], and its wijk and destinations must be codes of the config.
pub fn parse_record_in(value: &Value, codes: &ConfigCodes) -> Result<Record, RecordError> {
    let record = parse_record(value)?;
    if record.wijk().is_some_and(|w| !codes.wijken.iter().any(|c| c == w)) {
        return Err(RecordError::UnknownCode("wijk"));
    }
    if let Record::FitCheck(r) = &record {
        if r.destinations.iter().any(|d| !codes.destinations.contains(d)) {
            return Err(RecordError::UnknownCode("destinations"));
        }
    }
    Ok(record)
}

#[cfg(test)]
mod allow_list_tests {
    use super::*;

    #[test]
    fn only_the_configs_wijk_codes_pass() {
        let config = crate::config::Config::parse(include_str!("../public/config/gemeente.json")).unwrap();
        let codes = ConfigCodes::from_config(&config);
        assert!(codes.wijken.contains(&"oost".to_string()));
        // Shaped like a code, but a name and a birth year: only the allow-list stops it.
        assert!(is_config_code("jan-jansen-1985"));
        let answers = FollowUpAnswers::default();
        let r = FollowUpRecord::new([1; 16], (2026, 11, 18), Some("jan-jansen-1985"), Respondent::Client, &answers);
        assert_eq!(r.clone().only_config_codes(&codes).wijk, None);
        assert_eq!(parse_record_in(&r.to_json(), &codes), Err(RecordError::UnknownCode("wijk")));
        let ok = FollowUpRecord::new([1; 16], (2026, 11, 18), Some("oost"), Respondent::Client, &answers);
        assert_eq!(ok.clone().only_config_codes(&codes).wijk.as_deref(), Some("oost"));
        assert!(parse_record_in(&ok.to_json(), &codes).is_ok());
    }
}

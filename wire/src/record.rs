//! Register records: what one completed check, follow-up or desk question adds to the anonymous
//! register (seed digest §3.5, §6.6).
//!
//! A record holds only allow-listed codes, a wijk code, the ISO week and a random id — never free
//! text, a name, an exact date or time, or anything that identifies a device or person. The
//! builders keep only allow-listed codes, so whatever a person typed cannot reach a record;
//! [`parse_record`] refuses anything that is not exactly the format.
//!
//! Format 2 (what the app sends):
//! - `fit_check`: `channel` (`app`, or for a question registered by the team: `phone`,
//!   `walk_in`, `email`, `partner`), areas (with `addiction`), outcome, partner destinations;
//! - `urgent`: a fit check with a yes to an urgent question carries only its quarter and
//!   channel — no wijk, no week, no areas and no crisis codes, so no published cell can point
//!   at one person who answered yes to a question about suicide or violence;
//! - `follow_up`: respondent `client`, `oco` or `mantelzorger`; the outcome keeps a refusal
//!   (`rejected`) apart from help that did not work (`helped` or `partly` with
//!   `problem_still: yes`), with what fits a refusal (`decision_written`, `reason_explained`)
//!   and the access statements of the client survey; `area_change` per life area.
//!
//! Format 1 (the app before format 2) is still read, for outboxes that waited offline: it becomes
//! the same model (channel `app`; an `urgent` outcome becomes an urgent signal of its week's
//! quarter). A collector takes format 1 until [`FORMAT_1_ACCEPTED_UNTIL`].
//!
//! Wijk codes and partner outcome codes are municipality config: checked here by shape only
//! ([`is_config_code`]), and against the config's lists by [`crate::ConfigCodes`].
//!
//! The `id` (32 lowercase hex digits from 16 random bytes, made on the device) exists only so
//! the collector can drop a record that the outbox sent twice; it links to nothing.

use crate::calendar::{is_quarter, parse_week, quarter_of_date, quarter_of_week, week_code};
use serde_json::{json, Map, Value};
use std::fmt;

/// The version of the record format the app sends.
pub const FORMAT: u64 = 2;
/// The last day (UTC) a collector accepts a format-1 record: a device that was offline when
/// format 2 came out has two full quarters to send what it had queued.
pub const FORMAT_1_ACCEPTED_UNTIL: (i32, u32, u32) = (2027, 6, 30);

/// Whether a collector takes a record of `format` on `today`.
pub fn format_accepted_on(format: u64, today: (i32, u32, u32)) -> bool {
    format == FORMAT || (format == 1 && today <= FORMAT_1_ACCEPTED_UNTIL)
}

/// How a question reached the register: sent from the app by the person, or registered by a
/// wijkteam worker (phone, walk-in hour, e-mail, via a partner).
pub const CHANNELS: [&str; 5] = ["app", "phone", "walk_in", "email", "partner"];
/// Question area codes of `past-mijn-vraag.json` (`areas`).
pub const FIT_AREAS: [&str; 11] = [
    "money_debts",
    "housing",
    "care_at_home",
    "daily_activities",
    "loneliness",
    "mental_health",
    "addiction",
    "parenting_youth",
    "work_income",
    "caring_for_someone",
    "other",
];
/// `under_18` of the fit check.
pub const UNDER_18: [&str; 3] = ["yes", "no", "unknown"];
/// `breadth` of the fit check.
pub const BREADTH: [&str; 3] = ["one", "several", "unknown"];
/// The outcome of a fit check that is not urgent (an urgent one is its own kind of record).
pub const FIT_OUTCOMES: [&str; 3] = ["fits", "fits_and_also", "elsewhere_faster"];
/// The outcome code of a fit check with a yes to an urgent question (format 1 sent it as an
/// outcome; format 2 sends a record of kind `urgent`).
pub const URGENT: &str = "urgent";
/// More partner codes than any municipality routes one answer set to.
pub const MAX_DESTINATIONS: usize = 16;

/// Who filled in the follow-up: the client, an OCO supporter with or for the client, or a
/// mantelzorger (someone who cares for the client).
pub const RESPONDENTS: [&str; 3] = ["client", "oco", "mantelzorger"];

const AGREEMENT: &[&str] = &["fully_agree", "agree", "neutral", "disagree", "fully_disagree", "dont_know"];
/// The single-choice questions of the follow-up (linkId = record field) and their codes.
pub const FOLLOW_UP_QUESTIONS: [(&str, &[&str]); 17] = [
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
    // Format 2: after a refusal, and the access statements of the seeds.
    ("decision_written", &["yes", "no", "unknown"]),
    ("reason_explained", &["yes", "partly", "no"]),
    ("knew_where", AGREEMENT),
    ("taken_seriously", AGREEMENT),
    ("searched_together", AGREEMENT),
];
/// The follow-up questions a format-1 record has (the first twelve).
const FOLLOW_UP_QUESTIONS_V1: usize = 12;

/// Life areas of `hoe-gaat-het.json`, for the before/after change per area.
pub const LIFE_AREAS: [&str; 15] = [
    "adl",
    "parenting",
    "groceries",
    "household",
    "paperwork_money",
    "mobility",
    "social",
    "mental",
    "addiction",
    "physical",
    "housing",
    "work_day",
    "debts",
    "caring",
    "safety",
];
/// How a life area changed between the two "Hoe gaat het" answers.
pub const AREA_CHANGES: [&str; 3] = ["better", "same", "worse"];

const FIT_FIELDS: [&str; 11] =
    ["format", "kind", "id", "week", "wijk", "channel", "areas", "under_18", "breadth", "outcome", "destinations"];
const URGENT_FIELDS: [&str; 5] = ["format", "kind", "id", "quarter", "channel"];
const FOLLOW_UP_FIXED_FIELDS: [&str; 7] = ["format", "kind", "id", "week", "wijk", "respondent", "area_change"];

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
pub fn allowed(list: &[&'static str], s: &str) -> Option<&'static str> {
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

/// The codes of one fit check (or one question registered by the team), as a builder takes
/// them; anything not allow-listed is dropped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FitCodes {
    pub channel: String,
    pub areas: Vec<String>,
    pub under_18: String,
    pub breadth: String,
    /// One of [`FIT_OUTCOMES`], or [`URGENT`].
    pub outcome: String,
    /// Partner outcome codes suggested (never a named provider).
    pub destinations: Vec<String>,
}

/// The register record of one fit check that is not urgent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FitRecord {
    /// Empty until the app gives the record its id.
    pub id: String,
    /// `2026-W47`
    pub week: String,
    /// The wijk code from config, if a wijk was chosen.
    pub wijk: Option<String>,
    pub channel: &'static str,
    /// Allow-listed question areas, sorted.
    pub areas: Vec<String>,
    /// `yes`, `no`, `unknown` or empty when skipped.
    pub under_18: String,
    /// `one`, `several`, `unknown` or empty.
    pub breadth: String,
    pub outcome: &'static str,
    /// Partner outcome codes, at most [`MAX_DESTINATIONS`].
    pub destinations: Vec<String>,
}

/// A fit check with a yes to an urgent question: counted per quarter for the whole
/// municipality, nothing more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrgentRecord {
    pub id: String,
    /// `2026-Q4`
    pub quarter: String,
    pub channel: &'static str,
}

/// Who filled in a follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Respondent {
    Client,
    /// An OCO supporter filling in with or for the client.
    Oco,
    /// A mantelzorger giving their own view.
    Mantelzorger,
}

impl Respondent {
    pub fn code(self) -> &'static str {
        match self {
            Respondent::Client => "client",
            Respondent::Oco => "oco",
            Respondent::Mantelzorger => "mantelzorger",
        }
    }

    pub fn from_code(code: &str) -> Option<Respondent> {
        [Respondent::Client, Respondent::Oco, Respondent::Mantelzorger].into_iter().find(|r| r.code() == code)
    }
}

/// The follow-up answers as codes; an empty string is a skipped question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpAnswers {
    /// One code per question of [`FOLLOW_UP_QUESTIONS`], in that order.
    pub choices: [String; FOLLOW_UP_QUESTIONS.len()],
    /// Life area → `better`, `same` or `worse`, from comparing two "Hoe gaat het" answers.
    pub area_change: Vec<(String, String)>,
}

impl Default for FollowUpAnswers {
    fn default() -> Self {
        FollowUpAnswers { choices: std::array::from_fn(|_| String::new()), area_change: Vec::new() }
    }
}

impl FollowUpAnswers {
    fn index(question: &str) -> Option<usize> {
        FOLLOW_UP_QUESTIONS.iter().position(|(q, _)| *q == question)
    }

    /// The code given to `question` (empty: skipped, or not a question of the follow-up).
    pub fn get(&self, question: &str) -> &str {
        Self::index(question).map_or("", |i| &self.choices[i])
    }

    /// Sets the answer to `question`; returns false for a name that is not a question.
    pub fn set(&mut self, question: &str, code: &str) -> bool {
        match Self::index(question) {
            Some(i) => {
                self.choices[i] = code.to_string();
                true
            }
            None => false,
        }
    }

    /// A builder's helper: `(question, code)` pairs.
    pub fn with(pairs: &[(&str, &str)]) -> FollowUpAnswers {
        let mut a = FollowUpAnswers::default();
        for (q, c) in pairs {
            a.set(q, c);
        }
        a
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
        for (n, (_, codes)) in FOLLOW_UP_QUESTIONS.iter().enumerate() {
            kept.choices[n] = keep_code(codes, &answers.choices[n]);
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
}

/// A record as the app sends it and the collector accepts it.
// Records are handled one at a time, never stored in bulk: a box would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    FitCheck(FitRecord),
    Urgent(UrgentRecord),
    FollowUp(FollowUpRecord),
}

impl Record {
    /// The record of one fit check on `date`: an urgent signal when the outcome is urgent.
    /// `None` when the outcome or channel is not a code of the format. The id is left empty.
    pub fn fit_check(codes: &FitCodes, wijk: Option<&str>, date: (i32, u32, u32)) -> Option<Record> {
        let channel = allowed(&CHANNELS, &codes.channel)?;
        if codes.outcome == URGENT {
            return Some(Record::Urgent(UrgentRecord { id: String::new(), quarter: quarter_of_date(date), channel }));
        }
        let outcome = allowed(&FIT_OUTCOMES, &codes.outcome)?;
        let mut areas: Vec<String> = codes.areas.iter().filter(|a| allowed(&FIT_AREAS, a).is_some()).cloned().collect();
        areas.sort();
        areas.dedup();
        let mut destinations: Vec<String> = Vec::new();
        for d in codes.destinations.iter().filter(|d| is_config_code(d)) {
            if !destinations.contains(d) && destinations.len() < MAX_DESTINATIONS {
                destinations.push(d.clone());
            }
        }
        Some(Record::FitCheck(FitRecord {
            id: String::new(),
            week: week_code(date),
            wijk: keep_wijk(wijk),
            channel,
            areas,
            under_18: keep_code(&UNDER_18, &codes.under_18),
            breadth: keep_code(&BREADTH, &codes.breadth),
            outcome,
            destinations,
        }))
    }

    /// `fit_check`, `urgent` or `follow_up`.
    pub fn kind(&self) -> &'static str {
        match self {
            Record::FitCheck(_) => "fit_check",
            Record::Urgent(_) => "urgent",
            Record::FollowUp(_) => "follow_up",
        }
    }

    pub fn id(&self) -> &str {
        match self {
            Record::FitCheck(r) => &r.id,
            Record::Urgent(r) => &r.id,
            Record::FollowUp(r) => &r.id,
        }
    }

    pub fn set_id(&mut self, id: String) {
        match self {
            Record::FitCheck(r) => r.id = id,
            Record::Urgent(r) => r.id = id,
            Record::FollowUp(r) => r.id = id,
        }
    }

    /// The record with the id made from 16 random bytes.
    pub fn with_id(mut self, random: [u8; 16]) -> Record {
        self.set_id(record_id(random));
        self
    }

    /// The ISO week; an urgent signal has none.
    pub fn week(&self) -> Option<&str> {
        match self {
            Record::FitCheck(r) => Some(&r.week),
            Record::Urgent(_) => None,
            Record::FollowUp(r) => Some(&r.week),
        }
    }

    /// The quarter the record counts in.
    pub fn quarter(&self) -> String {
        match self {
            Record::Urgent(r) => r.quarter.clone(),
            other => other.week().and_then(quarter_of_week).unwrap_or_default(),
        }
    }

    pub fn wijk(&self) -> Option<&str> {
        match self {
            Record::FitCheck(r) => r.wijk.as_deref(),
            Record::Urgent(_) => None,
            Record::FollowUp(r) => r.wijk.as_deref(),
        }
    }

    /// `app` for what a person sent; another channel for a question registered by a team.
    pub fn channel(&self) -> &'static str {
        match self {
            Record::FitCheck(r) => r.channel,
            Record::Urgent(r) => r.channel,
            Record::FollowUp(_) => "app",
        }
    }

    /// The record in format 2.
    pub fn to_json(&self) -> Value {
        match self {
            Record::FitCheck(r) => json!({
                "format": FORMAT,
                "kind": "fit_check",
                "id": r.id,
                "week": r.week,
                "wijk": r.wijk,
                "channel": r.channel,
                "areas": r.areas,
                "under_18": code_or_null(&r.under_18),
                "breadth": code_or_null(&r.breadth),
                "outcome": r.outcome,
                "destinations": r.destinations,
            }),
            Record::Urgent(r) => json!({
                "format": FORMAT,
                "kind": "urgent",
                "id": r.id,
                "quarter": r.quarter,
                "channel": r.channel,
            }),
            Record::FollowUp(r) => {
                let mut m = Map::new();
                m.insert("format".into(), FORMAT.into());
                m.insert("kind".into(), "follow_up".into());
                m.insert("id".into(), r.id.clone().into());
                m.insert("week".into(), r.week.clone().into());
                m.insert("wijk".into(), r.wijk.clone().map_or(Value::Null, Value::String));
                m.insert("respondent".into(), r.respondent.code().into());
                for ((field, _), value) in FOLLOW_UP_QUESTIONS.iter().zip(&r.answers.choices) {
                    m.insert(field.to_string(), code_or_null(value));
                }
                let changes: Map<String, Value> =
                    r.answers.area_change.iter().map(|(a, c)| (a.clone(), Value::String(c.clone()))).collect();
                m.insert("area_change".into(), Value::Object(changes));
                Value::Object(m)
            }
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
    /// `format` is not a version this build knows (or no longer takes).
    UnsupportedFormat,
    BadId,
    BadWeek,
    BadQuarter,
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
            RecordError::BadQuarter => "bad_quarter",
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
            RecordError::BadQuarter => Some("quarter"),
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
            RecordError::BadQuarter => write!(f, "\"quarter\" must be a quarter like 2026-Q4"),
        }
    }
}

impl std::error::Error for RecordError {}

/// The `format` of a record-shaped value (1 or 2 are the ones [`parse_record`] reads).
pub fn format_of(value: &Value) -> Option<u64> {
    value.get("format")?.as_u64()
}

/// Reads one register record of format 2 (or 1), refusing anything that is not exactly the
/// format: unknown or missing fields, wrong types, codes outside the allow-lists, too-long
/// lists, bad ids, weeks or quarters.
pub fn parse_record(value: &Value) -> Result<Record, RecordError> {
    let obj = value.as_object().ok_or(RecordError::NotAnObject)?;
    let kind = text(obj, "kind")?;
    let format = match field(obj, "format")?.as_u64() {
        Some(f @ (1 | 2)) => f,
        Some(_) => return Err(RecordError::UnsupportedFormat),
        None => return Err(RecordError::WrongType { field: "format", expected: "a whole number" }),
    };
    let questions = if format == 1 { FOLLOW_UP_QUESTIONS_V1 } else { FOLLOW_UP_QUESTIONS.len() };
    let known = |k: &str| match kind {
        "fit_check" => FIT_FIELDS.contains(&k) && (format == 2 || k != "channel"),
        "urgent" => URGENT_FIELDS.contains(&k),
        _ => FOLLOW_UP_FIXED_FIELDS.contains(&k) || FOLLOW_UP_QUESTIONS[..questions].iter().any(|(f, _)| *f == k),
    };
    if !matches!((kind, format), ("fit_check" | "follow_up", _) | ("urgent", 2)) {
        return Err(RecordError::UnknownCode("kind"));
    }
    if let Some(k) = obj.keys().find(|k| !known(k)) {
        return Err(RecordError::UnknownField(k.chars().take(64).collect()));
    }
    let id = text(obj, "id")?;
    if !is_record_id(id) {
        return Err(RecordError::BadId);
    }
    let id = id.to_string();
    let channel = match (format, kind) {
        (1, _) | (_, "follow_up") => "app",
        _ => allowed(&CHANNELS, text(obj, "channel")?).ok_or(RecordError::UnknownCode("channel"))?,
    };
    if kind == "urgent" {
        let quarter = text(obj, "quarter")?;
        if !is_quarter(quarter) {
            return Err(RecordError::BadQuarter);
        }
        return Ok(Record::Urgent(UrgentRecord { id, quarter: quarter.to_string(), channel }));
    }
    let week = text(obj, "week")?;
    if parse_week(week).is_none() {
        return Err(RecordError::BadWeek);
    }
    let wijk = optional_text(obj, "wijk")?;
    if wijk.is_some_and(|w| !is_config_code(w)) {
        return Err(RecordError::UnknownCode("wijk"));
    }
    let (week, wijk) = (week.to_string(), wijk.map(str::to_string));
    if kind == "fit_check" {
        let areas = code_list(obj, "areas", FIT_AREAS.len(), |c| allowed(&FIT_AREAS, c).is_some())?;
        if areas.windows(2).any(|w| w[0] >= w[1]) {
            // Builders sort areas; another order would make two equal records differ.
            return Err(RecordError::WrongType { field: "areas", expected: "a sorted list" });
        }
        let under_18 = optional_code(obj, "under_18", &UNDER_18)?;
        let breadth = optional_code(obj, "breadth", &BREADTH)?;
        let outcome_text = text(obj, "outcome")?;
        let destinations = code_list(obj, "destinations", MAX_DESTINATIONS, is_config_code)?;
        if format == 1 && outcome_text == URGENT {
            // Format 1 sent urgent checks with their wijk and week: only the quarter is kept.
            let quarter = quarter_of_week(&week).ok_or(RecordError::BadWeek)?;
            return Ok(Record::Urgent(UrgentRecord { id, quarter, channel }));
        }
        let outcome = allowed(&FIT_OUTCOMES, outcome_text).ok_or(RecordError::UnknownCode("outcome"))?;
        Ok(Record::FitCheck(FitRecord { id, week, wijk, channel, areas, under_18, breadth, outcome, destinations }))
    } else {
        let respondent =
            Respondent::from_code(text(obj, "respondent")?).ok_or(RecordError::UnknownCode("respondent"))?;
        let mut answers = FollowUpAnswers::default();
        for (n, (name, codes)) in FOLLOW_UP_QUESTIONS[..questions].iter().enumerate() {
            answers.choices[n] = optional_code(obj, name, codes)?;
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
mod tests;

//! The municipality's settings: one JSON file (`public/config/gemeente.json`) that a
//! municipality edits without touching Rust. Parsed here, checked, and every problem listed.

use crate::engine::LocalText;
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};

/// A text in several languages: `{ "nl": "…", "en": "…" }`, or one plain string.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
enum RawText {
    Plain(String),
    Languages(BTreeMap<String, String>),
}

/// The base language of config texts: the app's default language.
pub const BASE_LANGUAGE: &str = "nl";

impl From<RawText> for LocalText {
    fn from(raw: RawText) -> Self {
        match raw {
            RawText::Plain(s) => LocalText::plain(s),
            RawText::Languages(map) => {
                let base = map.get(BASE_LANGUAGE).or_else(|| map.values().next()).cloned().unwrap_or_default();
                LocalText { base, translations: map.into_iter().collect() }
            }
        }
    }
}

fn text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<LocalText, D::Error> {
    RawText::deserialize(d).map(Into::into)
}

fn opt_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<LocalText>, D::Error> {
    Option::<RawText>::deserialize(d).map(|o| o.map(Into::into))
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Config {
    pub format: u32,
    pub municipality: Municipality,
    #[serde(default = "default_follow_up_weeks")]
    pub follow_up_weeks: u32,
    #[serde(default)]
    pub submission_endpoint: Option<String>,
    #[serde(default)]
    pub holidays: Vec<String>,
    #[serde(default)]
    pub urgent_contacts: Vec<UrgentContact>,
    pub wijken: Vec<Wijk>,
    #[serde(default)]
    pub partners: Vec<Partner>,
}

fn default_follow_up_weeks() -> u32 {
    6
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Municipality {
    pub code: String,
    #[serde(deserialize_with = "text")]
    pub name: LocalText,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct UrgentContact {
    pub id: String,
    pub kind: String,
    #[serde(deserialize_with = "text")]
    pub name: LocalText,
    pub phone: String,
    #[serde(default, deserialize_with = "opt_text")]
    pub when: Option<LocalText>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Wijk {
    pub code: String,
    #[serde(deserialize_with = "text")]
    pub name: LocalText,
    /// Inclusive ranges of 4-digit postcodes, e.g. `[["9991", "9993"]]`.
    #[serde(default)]
    pub postcodes: Vec<(String, String)>,
    pub team: Team,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Team {
    #[serde(deserialize_with = "text")]
    pub name: LocalText,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// Per day (`mon` … `sun`): a list of `["09:00", "17:00"]` periods.
    #[serde(default)]
    pub opening_hours: BTreeMap<String, Vec<(String, String)>>,
    #[serde(default)]
    pub walk_in: Vec<WalkIn>,
    #[serde(default, deserialize_with = "opt_text")]
    pub urgent_route: Option<LocalText>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct WalkIn {
    pub day: String,
    pub from: String,
    pub to: String,
    #[serde(default, deserialize_with = "opt_text")]
    pub place: Option<LocalText>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Partner {
    pub id: String,
    #[serde(deserialize_with = "text")]
    pub name: LocalText,
    #[serde(default, deserialize_with = "opt_text")]
    pub about: Option<LocalText>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub website: Option<String>,
    /// Outcome codes of the fit check that point to this partner.
    #[serde(default)]
    pub outcomes: Vec<String>,
}

pub const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// One problem in a config file: where (a JSON path such as `wijken[1].team.phone`) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigIssue {
    pub path: String,
    pub problem: ConfigProblem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigProblem {
    /// The JSON is broken or a field has the wrong kind of value (serde's words, in English).
    Structure {
        line: usize,
        column: usize,
        detail: String,
    },
    UnsupportedFormat {
        found: u32,
    },
    NoWijken,
    DuplicateCode {
        code: String,
    },
    BadTime {
        value: String,
    },
    PeriodEndsBeforeStart,
    UnknownDay {
        day: String,
    },
    BadDate {
        value: String,
    },
    BadPostcodeRange,
    Empty,
    EndpointNotHttps,
    FollowUpWeeksOutOfRange,
}

pub const CONFIG_FORMAT: u32 = 1;

impl Config {
    pub fn parse(json: &str) -> Result<Config, Vec<ConfigIssue>> {
        let config: Config = serde_json::from_str(json).map_err(|e| {
            vec![ConfigIssue {
                path: String::new(),
                problem: ConfigProblem::Structure { line: e.line(), column: e.column(), detail: e.to_string() },
            }]
        })?;
        let issues = config.check();
        if issues.is_empty() {
            Ok(config)
        } else {
            Err(issues)
        }
    }

    /// Every semantic problem, not only the first.
    pub fn check(&self) -> Vec<ConfigIssue> {
        let mut out = Vec::new();
        let mut push = |path: String, problem| out.push(ConfigIssue { path, problem });
        if self.format != CONFIG_FORMAT {
            push("format".into(), ConfigProblem::UnsupportedFormat { found: self.format });
        }
        if self.municipality.name.base.trim().is_empty() {
            push("municipality.name".into(), ConfigProblem::Empty);
        }
        if !(1..=52).contains(&self.follow_up_weeks) {
            push("follow_up_weeks".into(), ConfigProblem::FollowUpWeeksOutOfRange);
        }
        if let Some(e) = &self.submission_endpoint {
            if !e.starts_with("https://") && !e.starts_with("http://127.0.0.1") && !e.starts_with("http://localhost") {
                push("submission_endpoint".into(), ConfigProblem::EndpointNotHttps);
            }
        }
        for (i, h) in self.holidays.iter().enumerate() {
            if chrono::NaiveDate::parse_from_str(h, "%Y-%m-%d").is_err() {
                push(format!("holidays[{i}]"), ConfigProblem::BadDate { value: h.clone() });
            }
        }
        if self.wijken.is_empty() {
            push("wijken".into(), ConfigProblem::NoWijken);
        }
        let mut codes = HashSet::new();
        for (i, w) in self.wijken.iter().enumerate() {
            let at = format!("wijken[{i}]");
            if !codes.insert(w.code.as_str()) {
                push(format!("{at}.code"), ConfigProblem::DuplicateCode { code: w.code.clone() });
            }
            for (k, (from, to)) in w.postcodes.iter().enumerate() {
                let ok = |p: &str| p.len() == 4 && p.bytes().all(|b| b.is_ascii_digit());
                if !ok(from) || !ok(to) || from > to {
                    push(format!("{at}.postcodes[{k}]"), ConfigProblem::BadPostcodeRange);
                }
            }
            for (day, periods) in &w.team.opening_hours {
                if !DAYS.contains(&day.as_str()) {
                    push(format!("{at}.team.opening_hours.{day}"), ConfigProblem::UnknownDay { day: day.clone() });
                }
                for (k, (from, to)) in periods.iter().enumerate() {
                    check_period(&format!("{at}.team.opening_hours.{day}[{k}]"), from, to, &mut push);
                }
            }
            for (k, wi) in w.team.walk_in.iter().enumerate() {
                let p = format!("{at}.team.walk_in[{k}]");
                if !DAYS.contains(&wi.day.as_str()) {
                    push(format!("{p}.day"), ConfigProblem::UnknownDay { day: wi.day.clone() });
                }
                check_period(&p, &wi.from, &wi.to, &mut push);
            }
        }
        let mut ids = HashSet::new();
        for (i, c) in self.urgent_contacts.iter().enumerate() {
            if !ids.insert(c.id.as_str()) {
                push(format!("urgent_contacts[{i}].id"), ConfigProblem::DuplicateCode { code: c.id.clone() });
            }
            if c.phone.trim().is_empty() {
                push(format!("urgent_contacts[{i}].phone"), ConfigProblem::Empty);
            }
        }
        let mut ids = HashSet::new();
        for (i, p) in self.partners.iter().enumerate() {
            if !ids.insert(p.id.as_str()) {
                push(format!("partners[{i}].id"), ConfigProblem::DuplicateCode { code: p.id.clone() });
            }
        }
        out
    }

    pub fn wijk(&self, code: &str) -> Option<&Wijk> {
        self.wijken.iter().find(|w| w.code == code)
    }

    /// The wijk whose postcode ranges hold the 4 digits of `postcode` ("9992 AB" works).
    pub fn wijk_for_postcode(&self, postcode: &str) -> Option<&Wijk> {
        let digits: String = postcode.chars().filter(|c| !c.is_whitespace()).take(4).collect();
        if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        self.wijken
            .iter()
            .find(|w| w.postcodes.iter().any(|(a, b)| a.as_str() <= digits.as_str() && digits.as_str() <= b.as_str()))
    }
}

/// Minutes since midnight for `HH:MM`.
pub fn minutes(hhmm: &str) -> Option<u32> {
    let (h, m) = hhmm.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

fn check_period(at: &str, from: &str, to: &str, push: &mut impl FnMut(String, ConfigProblem)) {
    match (minutes(from), minutes(to)) {
        (Some(a), Some(b)) if a < b => {}
        (Some(_), Some(_)) => push(at.to_string(), ConfigProblem::PeriodEndsBeforeStart),
        (a, _) => {
            let bad = if a.is_none() { from } else { to };
            push(at.to_string(), ConfigProblem::BadTime { value: bad.to_string() });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEMO: &str = include_str!("../public/config/gemeente.json");

    #[test]
    fn demo_config_is_valid() {
        let c = Config::parse(DEMO).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(c.wijken.len() >= 3);
        assert_eq!(c.wijk_for_postcode("9992 AB").map(|w| w.code.as_str()), Some("noord"));
        assert!(c.wijk_for_postcode("1234").is_none());
        assert!(!c.municipality.name.get("en").is_empty());
    }

    #[test]
    fn lists_every_problem_with_its_path() {
        let mut v: serde_json::Value = serde_json::from_str(DEMO).unwrap();
        v["format"] = 9.into();
        v["holidays"][0] = "25-12-2026".into();
        v["wijken"][1]["code"] = v["wijken"][0]["code"].clone();
        v["wijken"][0]["team"]["opening_hours"]["mon"][0] = serde_json::json!(["17:00", "09:00"]);
        v["wijken"][0]["team"]["opening_hours"]["tue"][0] = serde_json::json!(["9h", "17:00"]);
        v["submission_endpoint"] = "http://example.org".into();
        let issues = Config::parse(&v.to_string()).unwrap_err();
        let paths: Vec<&str> = issues.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(
            paths,
            vec![
                "format",
                "submission_endpoint",
                "holidays[0]",
                "wijken[0].team.opening_hours.mon[0]",
                "wijken[0].team.opening_hours.tue[0]",
                "wijken[1].code"
            ]
        );
    }

    #[test]
    fn broken_json_and_wrong_types_are_reported() {
        assert!(matches!(Config::parse("{").unwrap_err()[0].problem, ConfigProblem::Structure { .. }));
        let wrong = r#"{"format": 1, "municipality": {"code": "x", "name": 5}, "wijken": []}"#;
        assert!(matches!(Config::parse(wrong).unwrap_err()[0].problem, ConfigProblem::Structure { .. }));
    }
}

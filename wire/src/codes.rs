//! The codes a municipality's config allows in a record. A code's shape ([`is_config_code`])
//! alone would let `jan-jansen-1985` through as a wijk; the config's own lists are the real
//! guard, in the app's builders and in the collector's intake alike.
//!
//! Read straight from the config's JSON (`wijken[].code`, `partners[].outcomes`, and the
//! partner codes `routing` names), so the collector needs nothing of the app to check a record.

use crate::record::{is_config_code, Record, RecordError};
use serde_json::Value;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConfigCodes {
    /// Wijk codes, in the config's order (the register's columns).
    pub wijken: Vec<String>,
    /// Partner outcome codes a fit check may suggest: sorted, without repeats.
    pub destinations: Vec<String>,
    /// Urgent contact kinds (`crisis`, `violence`, …), which format 1 sent as destinations.
    pub urgent_kinds: Vec<String>,
}

/// Why a config's codes could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodesError(pub String);

impl std::fmt::Display for CodesError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CodesError {}

fn strings<'a>(v: &'a Value, path: &str) -> Result<Vec<&'a str>, CodesError> {
    let list = v.as_array().ok_or_else(|| CodesError(format!("{path} is not a list")))?;
    list.iter()
        .map(|s| s.as_str().ok_or_else(|| CodesError(format!("{path} holds something that is not text"))))
        .collect()
}

fn code(s: &str, path: &str) -> Result<String, CodesError> {
    if is_config_code(s) {
        Ok(s.to_string())
    } else {
        Err(CodesError(format!(
            "{path}: \"{}\" is not a code ([a-z][a-z0-9_-]{{0,39}})",
            s.chars().take(40).collect::<String>()
        )))
    }
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v.dedup();
    v
}

impl ConfigCodes {
    /// The codes of a config's JSON text. Only what the register needs is read; the app checks
    /// the whole config with its own, fuller parser.
    pub fn from_config_json(text: &str) -> Result<ConfigCodes, CodesError> {
        let v: Value = serde_json::from_str(text).map_err(|e| CodesError(format!("not JSON: {e}")))?;
        if !v.is_object() {
            return Err(CodesError("a config is a JSON object".into()));
        }
        let mut wijken = Vec::new();
        for (n, w) in v["wijken"]
            .as_array()
            .ok_or_else(|| CodesError("wijken is missing or not a list".into()))?
            .iter()
            .enumerate()
        {
            let path = format!("wijken[{n}].code");
            let c = code(w["code"].as_str().ok_or_else(|| CodesError(format!("{path} is missing")))?, &path)?;
            if wijken.contains(&c) {
                return Err(CodesError(format!("{path}: \"{c}\" twice")));
            }
            wijken.push(c);
        }
        if wijken.is_empty() {
            return Err(CodesError("wijken is empty".into()));
        }
        let mut destinations = Vec::new();
        if let Some(partners) = v.get("partners").filter(|p| !p.is_null()) {
            for (n, p) in
                partners.as_array().ok_or_else(|| CodesError("partners is not a list".into()))?.iter().enumerate()
            {
                let path = format!("partners[{n}].outcomes");
                for s in strings(&p["outcomes"], &path)? {
                    destinations.push(code(s, &path)?);
                }
            }
        }
        let routing = &v["routing"];
        if let Some(areas) = routing.get("areas").and_then(Value::as_object) {
            for (area, list) in areas {
                let path = format!("routing.areas.{area}");
                for s in strings(list, &path)? {
                    destinations.push(code(s, &path)?);
                }
            }
        }
        if let Some(list) = routing.get("under_18").filter(|l| !l.is_null()) {
            for s in strings(list, "routing.under_18")? {
                destinations.push(code(s, "routing.under_18")?);
            }
        }
        let mut urgent_kinds = Vec::new();
        if let Some(list) = v.get("urgent_contacts").and_then(Value::as_array) {
            for (n, c) in list.iter().enumerate() {
                if let Some(kind) = c["kind"].as_str() {
                    urgent_kinds.push(code(kind, &format!("urgent_contacts[{n}].kind"))?);
                }
            }
        }
        if let Some(urgent) = routing.get("urgent").and_then(Value::as_object) {
            for (question, list) in urgent {
                let path = format!("routing.urgent.{question}");
                for s in strings(list, &path)? {
                    urgent_kinds.push(code(s, &path)?);
                }
            }
        }
        Ok(ConfigCodes { wijken, destinations: sorted(destinations), urgent_kinds: sorted(urgent_kinds) })
    }

    /// `wijk` if the config lists it.
    pub fn wijk(&self, wijk: Option<String>) -> Option<String> {
        wijk.filter(|w| self.wijken.contains(w))
    }

    /// The record with only the wijk and destinations that the config lists: what the app keeps.
    pub fn keep_known(&self, record: Record) -> Record {
        match record {
            Record::FitCheck(mut r) => {
                r.wijk = self.wijk(r.wijk.take());
                r.destinations.retain(|d| self.destinations.contains(d));
                Record::FitCheck(r)
            }
            Record::FollowUp(mut r) => {
                r.wijk = self.wijk(r.wijk.take());
                Record::FollowUp(r)
            }
            urgent @ Record::Urgent(_) => urgent,
        }
    }

    /// Refuses a record whose wijk or destinations the config does not list: what the collector
    /// accepts.
    pub fn check(&self, record: &Record) -> Result<(), RecordError> {
        if record.wijk().is_some_and(|w| !self.wijken.iter().any(|c| c == w)) {
            return Err(RecordError::UnknownCode("wijk"));
        }
        if let Record::FitCheck(r) = record {
            if r.destinations.iter().any(|d| !self.destinations.contains(d)) {
                return Err(RecordError::UnknownCode("destinations"));
            }
        }
        Ok(())
    }
}

/// [`crate::parse_record`], and its wijk and destinations must be codes of the config.
pub fn parse_record_in(value: &Value, codes: &ConfigCodes) -> Result<Record, RecordError> {
    let record = crate::record::parse_record(value)?;
    codes.check(&record)?;
    Ok(record)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = r#"{"format": 1, "wijken": [{"code": "noord"}, {"code": "oost"}],
        "partners": [{"outcomes": ["debt", "youth"]}], "urgent_contacts": [{"kind": "crisis"}],
        "routing": {"urgent": {"urgent_suicide": ["crisis", "emergency"]}, "areas": {"housing": ["housing"]},
                    "under_18": ["youth"]}}"#;

    #[test]
    fn reads_wijken_partners_and_urgent_kinds() {
        let c = ConfigCodes::from_config_json(CONFIG).unwrap();
        assert_eq!(c.wijken, ["noord", "oost"]);
        assert_eq!(c.destinations, ["debt", "housing", "youth"]);
        assert_eq!(c.urgent_kinds, ["crisis", "emergency"]);
    }

    #[test]
    fn a_config_without_wijken_or_with_bad_codes_is_refused() {
        for bad in [
            "[]",
            "not json",
            r#"{"wijken": []}"#,
            r#"{"wijken": [{"code": "Noord"}]}"#,
            r#"{"wijken": [{"code": "noord"}, {"code": "noord"}]}"#,
            r#"{"wijken": [{"code": "noord"}], "partners": [{"outcomes": ["Schuldhulp BV"]}]}"#,
            r#"{"wijken": [{"code": "noord"}], "partners": [{"outcomes": [3]}]}"#,
        ] {
            assert!(ConfigCodes::from_config_json(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_shipped_demo_config_reads() {
        let c = ConfigCodes::from_config_json(include_str!("../../public/config/gemeente.json")).unwrap();
        assert!(c.wijken.iter().any(|w| w == "oost"));
        assert!(c.destinations.iter().any(|d| d == "debt"));
        assert!(c.urgent_kinds.iter().any(|d| d == "crisis"));
        assert!(!c.destinations.iter().any(|d| d == "crisis"), "urgent kinds are not destinations in format 2");
    }
}

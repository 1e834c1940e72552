//! Register records: what one completed check adds to the anonymous register of questions
//! (seed digest §3.5). Only codes, the wijk code and the ISO week — never free text, a name or
//! an exact time. Kept on the device until the person chooses to send it (a later issue).

use crate::fit_check::{FitAnswers, FitResult, Outcome};
use crate::opening_hours::{civil_from_days, days_from_civil};
use serde_json::{json, Value};

/// ISO 8601 week of a date: `(week-based year, week 1..=53)`.
pub fn iso_week(year: i32, month: u32, day: u32) -> (i32, u32) {
    let days = days_from_civil(year, month, day);
    let weekday = (days + 3).rem_euclid(7); // 0 = Monday
    let thursday = days - weekday + 3; // the week belongs to the year of its Thursday
    let (ty, _, _) = civil_from_days(thursday);
    let jan1 = days_from_civil(ty, 1, 1);
    (ty, ((thursday - jan1) / 7 + 1) as u32)
}

/// The register record of one fit check.
#[derive(Debug, Clone, PartialEq)]
pub struct FitRecord {
    pub areas: Vec<String>,
    /// `yes`, `no`, `unknown` or empty when skipped.
    pub under_18: String,
    /// `one`, `several`, `unknown` or empty.
    pub breadth: String,
    pub outcome: &'static str,
    /// Partner outcome codes suggested (never a named provider).
    pub destinations: Vec<String>,
    /// The wijk code from config, if the person chose a wijk.
    pub wijk: Option<String>,
    /// `2026-W47`
    pub week: String,
}

impl FitRecord {
    pub fn new(answers: &FitAnswers, result: &FitResult, wijk: Option<&str>, date: (i32, u32, u32)) -> FitRecord {
        let (wy, w) = iso_week(date.0, date.1, date.2);
        let destinations = match &result.outcome {
            Outcome::Urgent { contact_kinds } => contact_kinds.clone(),
            Outcome::Fits => Vec::new(),
            Outcome::FitsAndAlso { partners } | Outcome::ElsewhereFaster { partners } => partners.clone(),
        };
        FitRecord {
            areas: answers.areas.iter().cloned().collect(),
            under_18: answers.under_18.clone(),
            breadth: answers.breadth.clone(),
            outcome: result.outcome.code(),
            destinations,
            wijk: wijk.map(str::to_string),
            week: format!("{wy:04}-W{w:02}"),
        }
    }

    pub fn to_json(&self) -> Value {
        json!({
            "kind": "fit_check",
            "areas": self.areas,
            "under_18": self.under_18,
            "breadth": self.breadth,
            "outcome": self.outcome,
            "destinations": self.destinations,
            "wijk": self.wijk,
            "week": self.week,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fit_check::{evaluate, Routing};

    #[test]
    fn iso_weeks_at_year_edges() {
        assert_eq!(iso_week(2026, 11, 22), (2026, 47));
        assert_eq!(iso_week(2026, 1, 1), (2026, 1)); // a Thursday
        assert_eq!(iso_week(2027, 1, 1), (2026, 53)); // a Friday: last week of 2026
        assert_eq!(iso_week(2024, 12, 30), (2025, 1)); // a Monday: first week of 2025
        assert_eq!(iso_week(2021, 1, 3), (2020, 53));
    }

    #[test]
    fn a_record_holds_codes_only() {
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
        let r = FitRecord::new(&answers, &result, Some("noord"), (2026, 11, 22));
        assert_eq!(
            r.to_json(),
            json!({"kind": "fit_check", "areas": ["housing", "money_debts"], "under_18": "no", "breadth": "several",
                   "outcome": "fits_and_also", "destinations": ["debt"], "wijk": "noord", "week": "2026-W47"})
        );
    }
}

//! The app's side of the anonymous register: from a completed check or follow-up to a record.
//! The record format itself (allow-lists, format 2, the parser) lives once in the
//! `wijkpeil-wire` crate, shared with the collector; it is re-exported here so the app has one
//! place to look.

use crate::engine::{Form, Slot};
use crate::fit_check::{FitAnswers, FitResult, Outcome};
pub use wijkpeil_wire::*;

/// The codes of one fit check, sent from the app (channel `app`).
pub fn fit_codes(answers: &FitAnswers, result: &FitResult) -> FitCodes {
    let destinations = match &result.outcome {
        // An urgent check's contact kinds are not sent: it becomes an urgent signal only.
        Outcome::Urgent { .. } | Outcome::Fits => Vec::new(),
        Outcome::FitsAndAlso { partners } | Outcome::ElsewhereFaster { partners } => partners.clone(),
    };
    FitCodes {
        channel: "app".into(),
        areas: answers.areas.iter().cloned().collect(),
        under_18: answers.under_18.clone(),
        breadth: answers.breadth.clone(),
        outcome: result.outcome.code().into(),
        destinations,
    }
}

/// The record of one fit check: only codes, the config's wijk and partner codes, the week (or
/// for an urgent check only the quarter). The id is left empty.
pub fn fit_record(
    answers: &FitAnswers,
    result: &FitResult,
    wijk: Option<&str>,
    date: (i32, u32, u32),
    codes: &ConfigCodes,
) -> Option<Record> {
    Record::fit_check(&fit_codes(answers, result), wijk, date).map(|r| codes.keep_known(r))
}

/// The config codes a record may carry: the config's wijk codes and partner outcome codes.
pub fn config_codes(config: &crate::config::Config) -> ConfigCodes {
    let mut destinations: Vec<String> = config.partners.iter().flat_map(|p| p.outcomes.iter().cloned()).collect();
    destinations.sort();
    destinations.dedup();
    let mut urgent_kinds: Vec<String> = config.urgent_contacts.iter().map(|c| c.kind.clone()).collect();
    urgent_kinds.sort();
    urgent_kinds.dedup();
    ConfigCodes { wijken: config.wijken.iter().map(|w| w.code.clone()).collect(), destinations, urgent_kinds }
}

/// Reads the enabled single-choice answers of the follow-up by linkId (= record field).
pub fn follow_up_answers(form: &Form) -> FollowUpAnswers {
    let mut answers = FollowUpAnswers::default();
    for (link, _) in FOLLOW_UP_QUESTIONS {
        let Some(id) = form.def.find(link) else { continue };
        let slot = Slot::new(id, Vec::new());
        if !form.is_enabled(&slot) {
            continue;
        }
        if let Some(code) = form.answers(&slot).iter().find_map(|a| a.code()) {
            answers.set(link, code);
        }
    }
    answers
}

/// The answers of the follow-up form with `area_change` from its before/after comparison
/// (`follow_up::compare`): one entry per area with a level on both sides; an area that was
/// skipped on either side has nothing to compare and is left out.
pub fn follow_up_answers_with_changes(form: &Form, changes: &[crate::follow_up::AreaChange]) -> FollowUpAnswers {
    use crate::follow_up::Change;
    let mut answers = follow_up_answers(form);
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

/// The record as the app sends it: a stored record of format 1 (saved before format 2) is read
/// and written again as format 2; text that is no record stays as it is (the collector refuses
/// it with a reason the send screen shows).
pub fn wire_text(stored: &str) -> String {
    serde_json::from_str::<serde_json::Value>(stored)
        .ok()
        .and_then(|v| parse_record(&v).ok())
        .map_or_else(|| stored.to_string(), |r| r.to_json().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fit_check::{evaluate, Routing};
    use serde_json::Value;

    #[test]
    fn outcome_codes_are_the_formats() {
        let outcomes =
            [Outcome::Fits, Outcome::FitsAndAlso { partners: vec![] }, Outcome::ElsewhereFaster { partners: vec![] }];
        let codes: Vec<&str> = outcomes.iter().map(Outcome::code).collect();
        assert_eq!(codes, FIT_OUTCOMES);
        assert_eq!(Outcome::Urgent { contact_kinds: vec![] }.code(), URGENT);
    }

    fn codes() -> ConfigCodes {
        config_codes(&crate::config::Config::parse(include_str!("../public/config/gemeente.json")).unwrap())
    }

    #[test]
    fn a_fit_check_becomes_a_record_with_the_configs_codes() {
        let answers = FitAnswers {
            areas: ["housing".to_string(), "money_debts".to_string()].into_iter().collect(),
            under_18: "no".into(),
            breadth: "several".into(),
            network: "no".into(),
            ..Default::default()
        };
        let routing = Routing {
            areas: [("money_debts".to_string(), vec!["debt".to_string(), "bureau-jansen".to_string()])]
                .into_iter()
                .collect(),
            ..Default::default()
        };
        let r = fit_record(&answers, &evaluate(&answers, &routing), Some("noord"), (2026, 11, 22), &codes()).unwrap();
        let json = r.to_json();
        assert_eq!((json["channel"].as_str(), json["wijk"].as_str()), (Some("app"), Some("noord")));
        assert_eq!(json["destinations"], serde_json::json!(["debt"]), "a code the config does not list is dropped");
    }

    #[test]
    fn an_urgent_fit_check_sends_no_wijk_week_or_crisis_code() {
        let answers = FitAnswers {
            urgent: ["urgent_suicide".to_string()].into_iter().collect(),
            areas: ["mental_health".to_string()].into_iter().collect(),
            ..Default::default()
        };
        let routing = Routing {
            urgent: [("urgent_suicide".to_string(), vec!["crisis".to_string()])].into_iter().collect(),
            ..Default::default()
        };
        let result = evaluate(&answers, &routing);
        let r = fit_record(&answers, &result, Some("noord"), (2026, 11, 22), &codes()).unwrap().with_id([7; 16]);
        let text = r.to_json().to_string();
        assert_eq!(r.kind(), "urgent");
        for absent in ["noord", "W47", "crisis", "mental_health", "suicide"] {
            assert!(!text.contains(absent), "{absent} in {text}");
        }
    }

    #[test]
    fn a_stored_format_1_record_is_sent_as_format_2() {
        let v1 = r#"{"format":1,"kind":"fit_check","id":"abababababababababababababababab","week":"2026-W47","wijk":"noord","areas":["mental_health"],"under_18":null,"breadth":null,"outcome":"urgent","destinations":["crisis"]}"#;
        let sent: Value = serde_json::from_str(&wire_text(v1)).unwrap();
        assert_eq!(sent["format"], 2);
        assert_eq!(sent["kind"], "urgent");
        assert!(sent.get("wijk").is_none());
        assert_eq!(wire_text("not a record"), "not a record");
    }

    /// The answer option codes of the question `link`, as the engine reads them (inline
    /// `answerOption` or a contained ValueSet).
    fn options(questionnaire: &str, link: &str) -> Option<Vec<String>> {
        let q = crate::engine::parse_questionnaire(questionnaire).unwrap();
        let item = q.item(q.find(link)?);
        Some(item.options.iter().filter_map(|o| o.value.code().map(str::to_string)).collect())
    }

    fn all_allowed(found: Option<Vec<String>>, list: &[&str], what: &str) {
        let found = found.unwrap_or_else(|| panic!("{what}: no such question"));
        assert!(!found.is_empty(), "{what}");
        for code in &found {
            assert!(list.contains(&code.as_str()), "{what}: {code} is not a code of the record format");
        }
    }

    #[test]
    fn every_code_of_the_questionnaires_is_a_code_of_the_format() {
        let fit = include_str!("../public/questionnaires/past-mijn-vraag.json");
        all_allowed(options(fit, "areas"), &FIT_AREAS, "areas");
        all_allowed(options(fit, "under_18"), &UNDER_18, "under_18");
        all_allowed(options(fit, "breadth"), &BREADTH, "breadth");
        let how: Value = serde_json::from_str(include_str!("../public/questionnaires/hoe-gaat-het.json")).unwrap();
        let groups: Vec<String> = how["item"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|i| i["linkId"].as_str()?.strip_prefix("area_").map(str::to_string))
            .collect();
        all_allowed(Some(groups), &LIFE_AREAS, "life areas");
        let follow = include_str!("../public/questionnaires/vervolg.json");
        for (link, codes) in FOLLOW_UP_QUESTIONS {
            all_allowed(options(follow, link), codes, link);
        }
    }

    #[test]
    fn reads_the_follow_up_questionnaire() {
        use crate::engine::{parse_questionnaire, AnswerValue, Coding};
        use std::sync::Arc;
        let q = Arc::new(parse_questionnaire(include_str!("../public/questionnaires/vervolg.json")).unwrap());
        let mut f = Form::new(q.clone());
        let code = |c: &str| AnswerValue::Coding(Coding { code: Some(c.into()), ..Default::default() });
        let slot = |l: &str| Slot::new(q.find(l).unwrap(), vec![]);
        f.set_answer(slot("outcome"), Some(code("partly")));
        f.set_answer(slot("eff_manage"), Some(code("dont_know")));
        f.set_answer(slot("want_follow_up"), Some(code("unsure")));
        let a = follow_up_answers(&f);
        assert_eq!((a.get("outcome"), a.get("eff_manage"), a.get("want_follow_up")), ("partly", "dont_know", "unsure"));
        assert_eq!(a.get("solution_match"), "");
    }
}

#[cfg(test)]
mod label_tests {
    use super::*;
    use crate::i18n::t_opt;

    /// What `ui::record_text` shows for a field's code: `rec.<field>.<code>`, else
    /// `rec.code.<code>` (kinds, respondents, changes and weeks have their own keys).
    fn code_label(field: &str, code: &str) -> Option<String> {
        let key = match field {
            "kind" => format!("send.kind.{code}"),
            "respondent" => format!("follow_up.respondent.{code}"),
            "area_change" => format!("follow_up.change.{code}"),
            _ => format!("rec.{field}.{code}"),
        };
        t_opt("nl", &key).or_else(|| t_opt("nl", &format!("rec.code.{code}")))
    }

    #[test]
    fn every_field_and_code_of_the_format_has_words() {
        let mut fields: Vec<(&str, Vec<&str>)> = vec![
            ("kind", vec!["fit_check", "urgent", "follow_up"]),
            ("channel", CHANNELS.to_vec()),
            ("areas", FIT_AREAS.to_vec()),
            ("under_18", UNDER_18.to_vec()),
            ("breadth", BREADTH.to_vec()),
            ("outcome", FIT_OUTCOMES.to_vec()),
            ("respondent", RESPONDENTS.to_vec()),
            ("area_change", AREA_CHANGES.to_vec()),
        ];
        fields.extend(FOLLOW_UP_QUESTIONS.iter().map(|(f, codes)| (*f, codes.to_vec())));
        for (field, codes) in &fields {
            assert!(t_opt("nl", &format!("rec.field.{field}")).is_some(), "rec.field.{field}");
            for code in codes {
                assert!(code_label(field, code).is_some(), "{field}: {code} has no words");
            }
        }
        for f in ["format", "id", "week", "quarter", "wijk", "destinations", "area_change"] {
            assert!(t_opt("nl", &format!("rec.field.{f}")).is_some(), "rec.field.{f}");
        }
        for area in LIFE_AREAS {
            assert!(t_opt("nl", &format!("rec.life.{area}")).is_some(), "rec.life.{area}");
        }
    }
}

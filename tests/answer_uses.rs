//! Nothing asked for nothing: every linkId of every shipped questionnaire
//! (`public/questionnaires/index.json`) is in [`uses`] with where its answer goes, and each use is
//! checked against the code that reads it. A new question without a use fails here, and so does a
//! use that the code no longer has (the answer must change what that code returns).
//!
//! A question that is asked but used nowhere is removed from the questionnaire instead
//! (`contact_12m` and `life_satisfaction` of the self-check were: the register takes no self-check
//! records, and neither was shown to the person).

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;
use wijkpeil::civil_date::CivilDate;
use wijkpeil::engine::{
    parse_questionnaire, AnswerValue, EnableBehavior, Form, ItemId, ItemType, Operator, Questionnaire, Slot,
};
use wijkpeil::fit_check::{evaluate, FitAnswers};
use wijkpeil::follow_up::{compare_with_check, FollowUpAnswers, FollowUpPlan};
use wijkpeil::objection::Decision;
use wijkpeil::register;
use wijkpeil::self_check::{AreaLevel, CompletedCheck, DangerSignal, Level, SelfCheckSummary};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Where an answer is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Use {
    /// A group or a text to read (a help text too): there is no answer.
    NoAnswer,
    /// Shows or hides other questions (`enableWhen`).
    Enables,
    /// The self-check's result and its conversation agenda (`SelfCheckSummary`).
    SelfCheckResult,
    /// Kept in the self-check history, for before/after in the follow-up (`CompletedCheck`).
    History,
    /// Urgent contacts at the answer and on the result (`DangerSignal`).
    Urgent,
    /// The follow-up's result: before/after, the way back to the team, the views side by side
    /// (`FollowUpAnswers`).
    FollowUpResult,
    /// A field of the follow-up's register record (`register::follow_up_answers`).
    Register,
    /// `area_change` of the follow-up's register record (compared with the earlier check).
    AreaChange,
    /// The fit check's outcome and its reasons (`FitAnswers`, `evaluate`).
    FitOutcome,
    /// An urgent question of the fit check: a "yes" shows the urgent contacts at once.
    FitUrgent,
    /// The fit check's register record (`register::fit_codes`).
    FitRegister,
    /// The follow-up plan and, after a "no", the ways on (`FollowUpPlan`, `objection::Decision`).
    Plan,
}

use Use::*;

/// The life areas of the self-check: each is a group `area_<code>` with `<code>_level`,
/// `<code>_helpers` and `<code>_talk`, read by code for every area alike.
const AREAS: [&str; 15] = wijkpeil::register::LIFE_AREAS;

/// (questionnaire file, linkId, uses): the table.
fn uses() -> Vec<(&'static str, String, Vec<Use>)> {
    let mut t: Vec<(&'static str, String, Vec<Use>)> = Vec::new();
    let mut row = |file: &'static str, link: &str, uses: &[Use]| t.push((file, link.to_string(), uses.to_vec()));

    let fit = "past-mijn-vraag.json";
    for link in ["urgent", "urgent_intro", "urgent_violence_everyone", "urgent_suicide_everyone", "about", "who"] {
        row(fit, link, &[NoAnswer]);
    }
    for link in ["place", "place_info"] {
        row(fit, link, &[NoAnswer]);
    }
    for link in ["urgent_danger", "urgent_violence", "urgent_eviction", "urgent_no_bed", "urgent_suicide"] {
        row(fit, link, &[FitUrgent]);
    }
    row(fit, "areas", &[FitOutcome, FitRegister]);
    row(fit, "under_18", &[FitOutcome, FitRegister]);
    row(fit, "breadth", &[FitOutcome, FitRegister]);
    // Whether the people around can help decides whether the team fits; it is not sent.
    row(fit, "network", &[FitOutcome]);

    let how = "hoe-gaat-het.json";
    for link in ["intro", "intro_info", "filled_by_help", "network"] {
        row(how, link, &[NoAnswer]);
    }
    // Shown with the agenda: answered alone or with someone's help.
    row(how, "filled_by", &[SelfCheckResult]);
    row(how, "children_at_home", &[Enables]);
    for a in AREAS {
        row(how, &format!("area_{a}"), &[NoAnswer]);
        // Every level shows "who helps" and "talk"; money and debts also the question about
        // food today.
        let level: &[Use] = match a {
            "mental" | "safety" => &[SelfCheckResult, History, Enables, Urgent],
            _ => &[SelfCheckResult, History, Enables],
        };
        row(how, &format!("{a}_level"), level);
        row(how, &format!("{a}_helpers"), &[SelfCheckResult]);
        // The agenda for the conversation.
        row(how, &format!("{a}_talk"), &[SelfCheckResult]);
    }
    for link in ["mental_skip_note", "addiction_skip_note", "debts_skip_note", "safety_skip_note"] {
        row(how, link, &[NoAnswer]);
    }
    row(how, "housing_risk", &[Urgent]);
    row(how, "money_today", &[Urgent]);
    row(how, "safety_now", &[Urgent]);
    // Shown with the agenda: who the person can turn to.
    row(how, "fallback", &[SelfCheckResult]);

    let start = "vervolg-start.json";
    for link in ["start", "start_intro", "decision_date_help", "start_privacy"] {
        row(start, link, &[NoAnswer]);
    }
    row(start, "handled_date", &[Plan]);
    row(start, "handled_what", &[Plan, Enables]);
    row(start, "decision_letter", &[Plan, Enables]);
    row(start, "decision_date", &[Plan]);

    let follow = "vervolg.json";
    for link in [
        "handled",
        "handled_intro",
        "respondent_note",
        "match",
        "effects",
        "effects_intro",
        "access_intro",
        "redo_intro",
        "areas_again",
        "areas_again_intro",
        "oco",
        "oco_info",
        "next",
        "next_info",
    ] {
        row(follow, link, &[NoAnswer]);
    }
    // Whose view it is: a column of its own, and the record's respondent.
    row(follow, "respondent", &[FollowUpResult, Enables]);
    row(follow, "outcome", &[FollowUpResult, Register, Enables]);
    for link in ["solution_match", "other_solution", "problem_still", "time_to_help", "knows_oco", "want_follow_up"] {
        row(follow, link, &[FollowUpResult, Register]);
    }
    for link in ["eff_quality", "eff_fits", "eff_do_things", "eff_manage", "eff_quality_of_life"] {
        row(follow, link, &[FollowUpResult, Register]);
    }
    for link in ["reason_explained", "decision_written", "knew_where", "taken_seriously", "searched_together"] {
        row(follow, link, &[Register]);
    }
    row(follow, "redo_areas", &[FollowUpResult, Enables]);
    for a in AREAS {
        let level: &[Use] = match a {
            "mental" | "safety" => &[FollowUpResult, AreaChange, Urgent],
            "paperwork_money" | "debts" => &[FollowUpResult, AreaChange, Enables],
            _ => &[FollowUpResult, AreaChange],
        };
        row(follow, &format!("{a}_level"), level);
    }
    row(follow, "housing_risk", &[Urgent]);
    row(follow, "money_today", &[Urgent]);
    row(follow, "safety_now", &[Urgent]);
    t
}

fn shipped() -> Vec<String> {
    let index = std::fs::read_to_string(Path::new(ROOT).join("public/questionnaires/index.json")).unwrap();
    let list: serde_json::Value = serde_json::from_str(&index).unwrap();
    list.as_array().unwrap().iter().map(|e| e["file"].as_str().unwrap().to_string()).collect()
}

fn load(file: &str) -> Arc<Questionnaire> {
    let text = std::fs::read_to_string(Path::new(ROOT).join("public/questionnaires").join(file)).unwrap();
    Arc::new(parse_questionnaire(&text).unwrap_or_else(|e| panic!("{file}: {e:?}")))
}

#[test]
fn every_linkid_of_every_shipped_questionnaire_has_a_use() {
    let table = uses();
    let files = shipped();
    assert_eq!(files.len(), 4, "{files:?}");
    for file in &files {
        let q = load(file);
        let listed: BTreeSet<&str> = table.iter().filter(|(f, _, _)| f == file).map(|(_, l, _)| l.as_str()).collect();
        let present: BTreeSet<&str> = q.items.iter().map(|i| i.link_id.as_str()).collect();
        let missing: Vec<_> = present.difference(&listed).collect();
        assert!(missing.is_empty(), "{file}: asked, but where is the answer used? {missing:?}");
        let stale: Vec<_> = listed.difference(&present).collect();
        assert!(stale.is_empty(), "{file}: in the table but not in the questionnaire: {stale:?}");
    }
    for (file, _, _) in &table {
        assert!(files.iter().any(|f| f == file), "{file} is not shipped");
    }
}

/// Answers the conditions that show `id` (and its groups), the first one where any will do.
fn enable(f: &mut Form, id: ItemId) {
    let def = f.def.clone();
    let item = def.item(id);
    if let Some(p) = item.parent {
        enable(f, p);
    }
    let take = if item.enable_behavior == EnableBehavior::Any { 1 } else { item.enable_when.len() };
    for c in item.enable_when.iter().take(take) {
        match (c.operator, &c.answer) {
            (Operator::Eq, answer) => {
                enable(f, c.question);
                f.set_answer(Slot::new(c.question, vec![]), Some(answer.clone()));
            }
            // "Not answered": left empty.
            (Operator::Exists, AnswerValue::Boolean(false)) => {}
            (op, _) => panic!("{}: no rule here for {op:?}", item.link_id),
        }
    }
    assert!(f.is_enabled(&Slot::new(id, vec![])), "{} could not be shown", item.link_id);
}

/// The answers a person can give to `id` (a boolean: "yes"; unanswered is the other).
fn values(q: &Questionnaire, id: ItemId) -> Vec<AnswerValue> {
    let item = q.item(id);
    match item.kind {
        ItemType::Boolean => vec![AnswerValue::Boolean(true)],
        ItemType::Date => vec![AnswerValue::Date("2026-11-02".into())],
        _ if !item.options.is_empty() => item.options.iter().map(|o| o.value.clone()).collect(),
        other => panic!("{}: no test answers for {other:?}", item.link_id),
    }
}

/// What the code of `use_` makes of a form (compared as text: any difference counts).
fn output(use_: Use, f: &Form) -> String {
    let today = CivilDate::new(2026, 11, 22).unwrap();
    let routing = wijkpeil::config::Config::parse(include_str!("../public/config/gemeente.json")).unwrap().routing;
    match use_ {
        NoAnswer => String::new(),
        Enables => {
            let shown: Vec<bool> = (0..f.def.items.len())
                .filter(|id| f.def.item(*id).repeat_scope.is_empty())
                .map(|id| f.is_enabled(&Slot::new(id, vec![])))
                .collect();
            format!("{shown:?}")
        }
        SelfCheckResult => format!("{:?}", SelfCheckSummary::from_form(f)),
        History => format!("{:?}", SelfCheckSummary::from_form(f).levels()),
        Urgent => format!("{:?}", DangerSignal::in_form(f)),
        FollowUpResult => format!("{:?}", FollowUpAnswers::from_form(f)),
        Register => format!("{:?}", register::follow_up_answers(f)),
        AreaChange => {
            let before = CompletedCheck {
                id: "check-2026-10-01".into(),
                questionnaire: "hoe-gaat-het".into(),
                completed: CivilDate::new(2026, 10, 1).unwrap(),
                levels: AREAS.iter().map(|a| AreaLevel { area: a.to_string(), level: Level::Some }).collect(),
            };
            let changes = compare_with_check(&before, &FollowUpAnswers::from_form(f).levels);
            format!("{:?}", register::follow_up_answers_with_changes(f, &changes).area_change)
        }
        FitOutcome => {
            let a = FitAnswers::from_form(f);
            format!("{a:?} {:?}", evaluate(&a, &routing))
        }
        FitUrgent => format!("{:?}", evaluate(&FitAnswers::from_form(f), &routing).outcome),
        FitRegister => {
            let a = FitAnswers::from_form(f);
            format!("{:?}", register::fit_codes(&a, &evaluate(&a, &routing)))
        }
        Plan => format!(
            "{:?} {:?}",
            FollowUpPlan::from_start_form(f, "plan".into(), None, today),
            Decision::from_start_form(f)
        ),
    }
}

/// Whether every answer must show in the output, or one is enough (a "no" to an urgent question
/// or "Weet ik niet" about a letter rightly reads as nothing given).
fn every_answer_counts(use_: Use) -> bool {
    matches!(use_, SelfCheckResult | History | FollowUpResult | Register | FitOutcome | FitRegister)
}

#[test]
fn every_use_in_the_table_is_real() {
    let mut checked = 0;
    for (file, link, uses) in uses() {
        let q = load(file);
        let id = q.find(&link).unwrap_or_else(|| panic!("{file}: {link}"));
        let kind = q.item(id).kind;
        let no_answer = matches!(kind, ItemType::Group | ItemType::Display);
        assert_eq!(uses == [NoAnswer], no_answer, "{file}: {link} ({kind:?}) has {uses:?}");
        assert!(!uses.is_empty(), "{file}: {link}");
        if no_answer {
            continue;
        }
        let mut base = Form::new(q.clone());
        enable(&mut base, id);
        for &u in &uses {
            let before = output(u, &base);
            let changed: Vec<bool> = values(&q, id)
                .into_iter()
                .map(|v| {
                    let mut f = base.clone();
                    f.set_answer(Slot::new(id, vec![]), Some(v));
                    output(u, &f) != before
                })
                .collect();
            if every_answer_counts(u) {
                assert!(changed.iter().all(|c| *c), "{file}: {link}: not every answer reaches {u:?} ({changed:?})");
            } else {
                assert!(changed.iter().any(|c| *c), "{file}: {link}: no answer reaches {u:?}");
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked} uses checked");
}

/// The checker sees an unused question: a question read by nothing fails.
#[test]
fn a_question_read_by_nothing_is_caught() {
    let q = load("hoe-gaat-het.json");
    let mut json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(ROOT).join("public/questionnaires/hoe-gaat-het.json")).unwrap(),
    )
    .unwrap();
    let network = json["item"].as_array_mut().unwrap().iter_mut().find(|i| i["linkId"] == "network").unwrap();
    network["item"].as_array_mut().unwrap().push(serde_json::json!({
        "linkId": "contact_12m", "type": "choice", "text": "Contact?",
        "answerOption": [{"valueCoding": {"code": "yes"}}, {"valueCoding": {"code": "no"}}]
    }));
    let with_extra = Arc::new(wijkpeil::engine::questionnaire_from_value(&json).unwrap());
    assert_eq!(with_extra.items.len(), q.items.len() + 1);
    let id = with_extra.find("contact_12m").unwrap();
    for u in [SelfCheckResult, History, Urgent, Enables] {
        let mut base = Form::new(with_extra.clone());
        enable(&mut base, id);
        let before = output(u, &base);
        for v in values(&with_extra, id) {
            let mut f = base.clone();
            f.set_answer(Slot::new(id, vec![]), Some(v));
            assert_eq!(output(u, &f), before, "{u:?} would wrongly count it as used");
        }
    }
}

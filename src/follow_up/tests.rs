use super::*;
use crate::engine::{parse_questionnaire, Questionnaire};
use crate::opening_hours::days_from_civil;
use crate::self_check::{DangerSignal, History, SelfCheckSummary};
use crate::storage_format::{encode_record, FORMAT};
use std::sync::Arc;

fn d(y: i32, m: u32, day: u32) -> CivilDate {
    CivilDate::new(y, m, day).unwrap()
}

fn load(text: &str) -> Arc<Questionnaire> {
    Arc::new(parse_questionnaire(text).unwrap())
}

fn start_q() -> Arc<Questionnaire> {
    load(include_str!("../../public/questionnaires/vervolg-start.json"))
}

fn vervolg_q() -> Arc<Questionnaire> {
    load(include_str!("../../public/questionnaires/vervolg.json"))
}

fn opt(f: &Form, link: &str, code: &str) -> AnswerValue {
    f.def.option(link, code).unwrap_or_else(|| panic!("{link} has no {code}")).value.clone()
}

fn set(f: &mut Form, link: &str, code: &str) {
    let v = opt(f, link, code);
    set_value(f, link, v);
}

fn set_value(f: &mut Form, link: &str, v: AnswerValue) {
    let slot = Slot::new(f.def.find(link).unwrap_or_else(|| panic!("no {link}")), vec![]);
    f.set_answer(slot, Some(v));
}

fn plan(handled: CivilDate) -> FollowUpPlan {
    FollowUpPlan::new("p".into(), handled, Handled::Helped, None, handled).unwrap()
}

// --- Due dates and status ----------------------------------------------------------------------

#[test]
fn due_date_is_six_weeks_in_calendar_days() {
    assert_eq!(due_date(d(2026, 11, 22), DEFAULT_INTERVAL_DAYS), d(2027, 1, 3), "over the year end");
    assert_eq!(due_date(d(2026, 1, 31), 42), d(2026, 3, 14), "over a short February");
    assert_eq!(due_date(d(2024, 1, 31), 42), d(2024, 3, 13), "leap year: 29 days in February");
    assert_eq!(due_date(d(2024, 2, 29), 42), d(2024, 4, 11));
    assert_eq!(due_date(d(2100, 2, 1), 28), d(2100, 3, 1), "2100 is no leap year");
    assert_eq!(due_date(d(2000, 2, 1), 28), d(2000, 2, 29), "2000 is one");
    assert_eq!(due_date(d(2026, 8, 31), 7), d(2026, 9, 7));
    assert_eq!(due_date(d(2026, 5, 5), 0), d(2026, 5, 5));
}

#[test]
fn daylight_saving_does_not_move_the_day() {
    // Handled in winter time, due after the switch to summer time (29 March 2026), and back.
    assert_eq!(due_date(d(2026, 3, 1), 42), d(2026, 4, 12));
    assert_eq!(due_date(d(2026, 9, 20), 42), d(2026, 11, 1));
    // "Today" from the clock: the first and the last minute of the due day, in summer and winter
    // time, are that day; a minute earlier or later is not.
    let p = plan(d(2026, 3, 1));
    let utc = |y, m, day, h: i64, min: i64| days_from_civil(y, m, day) * 86400 + h * 3600 + min * 60;
    let today = |secs| CivilDate::today_amsterdam(secs);
    // 12 April 2026 is summer time (UTC+2): local midnight is 22:00 UTC the day before.
    assert_eq!(p.status(42, today(utc(2026, 4, 11, 21, 59))), Status::NotYet { days_left: 1, due: d(2026, 4, 12) });
    assert_eq!(p.status(42, today(utc(2026, 4, 11, 22, 0))), Status::Due { days_over: 0, due: d(2026, 4, 12) });
    assert_eq!(p.status(42, today(utc(2026, 4, 12, 21, 59))), Status::Due { days_over: 0, due: d(2026, 4, 12) });
    assert_eq!(p.status(42, today(utc(2026, 4, 12, 22, 0))), Status::Due { days_over: 1, due: d(2026, 4, 12) });
    // 1 November 2026 is winter time again (UTC+1): midnight is 23:00 UTC the day before.
    let p = plan(d(2026, 9, 20));
    assert_eq!(p.status(42, today(utc(2026, 10, 31, 22, 59))), Status::NotYet { days_left: 1, due: d(2026, 11, 1) });
    assert_eq!(p.status(42, today(utc(2026, 10, 31, 23, 0))), Status::Due { days_over: 0, due: d(2026, 11, 1) });
}

#[test]
fn status_counts_days_and_knows_done() {
    let mut p = plan(d(2026, 11, 22));
    let due = d(2027, 1, 3);
    assert_eq!(p.status(42, d(2026, 11, 22)), Status::NotYet { days_left: 42, due });
    assert_eq!(p.status(42, d(2027, 1, 2)), Status::NotYet { days_left: 1, due });
    assert_eq!(p.status(42, d(2027, 1, 3)), Status::Due { days_over: 0, due });
    assert_eq!(p.status(42, d(2027, 2, 3)), Status::Due { days_over: 31, due });
    assert_eq!(
        p.status(28, d(2027, 1, 3)),
        Status::Due { days_over: 14, due: d(2026, 12, 20) },
        "interval from config"
    );
    // A clock set back before the handled day still gives a sensible answer.
    assert_eq!(p.status(42, d(2026, 1, 1)), Status::NotYet { days_left: 367, due });
    p.done = Some(d(2027, 1, 5));
    assert_eq!(p.status(42, d(2027, 2, 3)), Status::Done { on: d(2027, 1, 5) });
    assert_eq!(status(&p, 42, d(2026, 12, 1)), Status::Done { on: d(2027, 1, 5) });
}

#[test]
fn a_handled_day_in_the_future_is_refused() {
    let today = d(2026, 11, 22);
    let err = FollowUpPlan::new("p".into(), d(2026, 11, 23), Handled::Helped, None, today).unwrap_err();
    assert_eq!(err, PlanError::HandledInFuture { handled: d(2026, 11, 23), today });
    assert!(FollowUpPlan::new("p".into(), today, Handled::Helped, None, today).is_ok(), "today is fine");
    let p = FollowUpPlan::new("p".into(), d(2026, 10, 1), Handled::Referred, Some("check-2026-09-30".into()), today)
        .unwrap();
    assert_eq!((p.created, p.done, p.linked_check.as_deref()), (today, None, Some("check-2026-09-30")));
}

// --- The start questionnaire -------------------------------------------------------------------

#[test]
fn plan_from_the_start_questionnaire() {
    let q = start_q();
    let today = d(2026, 11, 22);
    let mut f = Form::new(q.clone());
    assert_eq!(FollowUpPlan::from_start_form(&f, "p".into(), None, today), Err(PlanError::HandledMissing));
    set_value(&mut f, "handled_date", AnswerValue::Date("2026-11-02".into()));
    assert_eq!(FollowUpPlan::from_start_form(&f, "p".into(), None, today), Err(PlanError::WhatMissing));
    set(&mut f, "handled_what", "rejected");
    let p = FollowUpPlan::from_start_form(&f, "p".into(), Some("check-1".into()), today).unwrap();
    assert_eq!((p.handled, p.what, p.linked_check.as_deref()), (d(2026, 11, 2), Handled::Rejected, Some("check-1")));
    assert_eq!(p.due(42), d(2026, 12, 14));
    set_value(&mut f, "handled_date", AnswerValue::Date("2026-12-01".into()));
    assert!(matches!(
        FollowUpPlan::from_start_form(&f, "p".into(), None, today),
        Err(PlanError::HandledInFuture { .. })
    ));
    set_value(&mut f, "handled_date", AnswerValue::Date("2026-11".into()));
    assert_eq!(
        FollowUpPlan::from_start_form(&f, "p".into(), None, today),
        Err(PlanError::HandledNotADay { value: "2026-11".into() })
    );
    // The start questionnaire asks for both, and offers exactly the outcome codes.
    assert!(q.item(q.find("handled_date").unwrap()).required && q.item(q.find("handled_what").unwrap()).required);
    let codes: Vec<_> = q.item(q.find("handled_what").unwrap()).options.iter().filter_map(|o| o.value.code()).collect();
    assert_eq!(codes, Handled::ALL.map(Handled::code));
}

#[test]
fn unknown_outcome_code_is_named() {
    let q = start_q();
    let mut f = Form::new(q);
    set_value(&mut f, "handled_date", AnswerValue::Date("2026-11-02".into()));
    set_value(&mut f, "handled_what", AnswerValue::String("moved".into()));
    assert_eq!(
        FollowUpPlan::from_start_form(&f, "p".into(), None, d(2026, 11, 22)),
        Err(PlanError::UnknownWhat { code: "moved".into() })
    );
}

// --- Stored plans --------------------------------------------------------------------------------

#[test]
fn plans_list_ids_due_and_done() {
    let mut ps = FollowUpPlans::default();
    let today = d(2026, 11, 22);
    assert_eq!(ps.next_id(today), "plan-2026-11-22");
    ps.add(FollowUpPlan::new(ps.next_id(today), d(2026, 10, 1), Handled::Helped, None, today).unwrap());
    assert_eq!(ps.next_id(today), "plan-2026-11-22-2");
    ps.add(FollowUpPlan::new(ps.next_id(today), d(2026, 9, 1), Handled::Waiting, None, today).unwrap());
    ps.add(FollowUpPlan::new("recent".into(), d(2026, 11, 20), Handled::Partly, None, today).unwrap());
    let due: Vec<&str> = ps.due(42, today).iter().map(|p| p.id.as_str()).collect();
    assert_eq!(due, ["plan-2026-11-22-2", "plan-2026-11-22"], "longest waiting first, not-yet left out");
    assert!(ps.mark_done("plan-2026-11-22-2", today));
    assert!(!ps.mark_done("nope", today));
    assert_eq!(ps.due(42, today).len(), 1);
    assert_eq!(ps.remove("recent").map(|p| p.id), Some("recent".into()));
    assert!(ps.get("recent").is_none());
    let mut changed = ps.plans[0].clone();
    changed.what = Handled::Referred;
    ps.add(changed);
    assert_eq!((ps.plans.len(), ps.plans[0].what), (2, Handled::Referred), "same id replaces");
}

#[test]
fn plans_round_trip() {
    let mut ps = FollowUpPlans::default();
    ps.add(
        FollowUpPlan::new("a".into(), d(2024, 2, 29), Handled::Rejected, Some("check \"1\"".into()), d(2024, 3, 1))
            .unwrap(),
    );
    let mut done = FollowUpPlan::new("b".into(), d(2026, 11, 22), Handled::Waiting, None, d(2026, 11, 22)).unwrap();
    done.done = Some(d(2027, 1, 3));
    ps.add(done);
    assert_eq!(decode_plans(&encode_plans(&ps)), Ok(ps));
    assert_eq!(decode_plans(&encode_plans(&FollowUpPlans::default())), Ok(FollowUpPlans::default()));
}

#[test]
fn plans_refuse_damaged_records() {
    let good = json!({"id": "a", "handled": "2026-11-02", "what": "helped", "linked_check": null, "created": "2026-11-22", "done": null});
    let with = |f: &dyn Fn(&mut Value)| {
        let mut e = good.clone();
        e["id"] = json!("b");
        f(&mut e);
        encode_record(PLANS_KIND, json!({"plans": [good.clone(), e]}))
    };
    let cases: Vec<(String, &str)> = vec![
        (with(&|e| e["id"] = json!("a")), "plans[1].id"),
        (with(&|e| e["id"] = json!(" ")), "plans[1].id"),
        (with(&|e| e["handled"] = json!("2026-11")), "plans[1].handled"),
        (with(&|e| e["handled"] = json!("2026-11-23")), "plans[1].handled"),
        (with(&|e| e["created"] = json!(20261122)), "plans[1].created"),
        (with(&|e| e["what"] = json!("geholpen")), "plans[1].what"),
        (
            with(&|e| {
                e.as_object_mut().unwrap().remove("what");
            }),
            "plans[1].what",
        ),
        (with(&|e| e["linked_check"] = json!(3)), "plans[1].linked_check"),
        (with(&|e| e["linked_check"] = json!("")), "plans[1].linked_check"),
        (with(&|e| e["done"] = json!("gisteren")), "plans[1].done"),
        (with(&|e| *e = json!([])), "plans[1]"),
        (encode_record(PLANS_KIND, json!({})), "plans"),
        (encode_record(PLANS_KIND, json!({"plans": "a"})), "plans"),
        (encode_record(PLANS_KIND, json!(7)), "data"),
    ];
    for (text, path) in cases {
        assert_eq!(decode_plans(&text), Err(DecodeError::BadContent(path.into())), "{text}");
    }
    assert_eq!(decode_plans("plans"), Err(DecodeError::NotJson));
    let newer = json!({"format": FORMAT + 1, "kind": PLANS_KIND, "data": {"plans": []}}).to_string();
    assert_eq!(decode_plans(&newer), Err(DecodeError::NewerFormat(FORMAT + 1)));
    assert!(matches!(decode_plans(&encode_record("agenda", json!({"plans": []}))), Err(DecodeError::WrongKind { .. })));
    // Absent optional fields are fine.
    let minimal = json!({"id": "a", "handled": "2026-11-02", "what": "helped", "created": "2026-11-22"});
    assert!(decode_plans(&encode_record(PLANS_KIND, json!({"plans": [minimal]}))).is_ok());
}

/// Fixtures written by every released format; each must still load.
#[test]
fn every_released_plans_format_loads() {
    let v1 = r#"{"format":1,"kind":"follow-up-plans","data":{"plans":[{"id":"plan-2026-11-22","handled":"2026-11-02",
        "what":"partly","linked_check":"check-2026-10-30","created":"2026-11-22","done":null}]}}"#;
    let ps = decode_plans(v1).unwrap();
    assert_eq!(ps.plans[0].what, Handled::Partly);
    assert_eq!(ps.plans[0].linked_check.as_deref(), Some("check-2026-10-30"));
}

// --- The follow-up questionnaire -----------------------------------------------------------------

#[test]
fn reads_the_follow_up_questionnaire() {
    let mut f = Form::new(vervolg_q());
    let empty = FollowUpAnswers::from_form(&f);
    assert_eq!(empty, FollowUpAnswers::default());
    assert!(!needs_follow_up(&empty));
    set(&mut f, "respondent", "oco");
    set(&mut f, "outcome", "rejected");
    set(&mut f, "solution_match", "no");
    set(&mut f, "other_solution", "no");
    set(&mut f, "problem_still", "yes");
    set(&mut f, "time_to_help", "not_started");
    set(&mut f, "eff_quality", "agree");
    set(&mut f, "eff_quality_of_life", "dont_know");
    set(&mut f, "want_follow_up", "yes");
    let a = FollowUpAnswers::from_form(&f);
    assert_eq!(a.respondent, Some(Respondent::Oco));
    assert_eq!(a.outcome.as_deref(), Some("rejected"));
    assert_eq!(a.other_solution.as_deref(), Some("no"));
    // After a "no", what assumes help was given is not asked: its answers do not count.
    assert_eq!((a.solution_match.as_deref(), a.time_to_help.as_deref()), (None, None));
    assert_eq!(a.effects, [None, None, None, None, None]);
    assert!(!a.redo_areas && a.levels.is_empty());
    use FollowUpReason::*;
    assert_eq!(follow_up_reasons(&a), [AskedForContact, ProblemStill, NoOtherSolution]);
    // Partly helped: every question applies.
    set(&mut f, "outcome", "partly");
    let a = FollowUpAnswers::from_form(&f);
    assert_eq!(a.effects, [Some("agree".into()), None, None, None, Some("dont_know".into())]);
    assert_eq!(
        follow_up_reasons(&a),
        [AskedForContact, ProblemStill, SolutionDidNotFit, NoOtherSolution, StillWaiting]
    );
    // "Helped" hides the question about another solution: its answer no longer counts.
    set(&mut f, "outcome", "helped");
    assert_eq!(FollowUpAnswers::from_form(&f).other_solution, None);
}

#[test]
fn the_oco_screen_is_not_for_the_oco() {
    let mut f = Form::new(vervolg_q());
    let oco = Slot::new(f.def.find("oco").unwrap(), vec![]);
    let note = Slot::new(f.def.find("respondent_note").unwrap(), vec![]);
    assert!(f.is_enabled(&oco) && !f.is_enabled(&note), "respondent not answered: read as the client");
    set(&mut f, "respondent", "client");
    assert!(f.is_enabled(&oco) && !f.is_enabled(&note));
    set(&mut f, "respondent", "carer");
    assert!(f.is_enabled(&oco) && f.is_enabled(&note));
    set(&mut f, "knows_oco", "yes");
    set(&mut f, "respondent", "oco");
    assert!(!f.is_enabled(&oco) && f.is_enabled(&note));
    assert_eq!(FollowUpAnswers::from_form(&f).knows_oco, None);
}

#[test]
fn the_life_areas_again_have_the_codes_of_hoe_gaat_het() {
    let before = load(include_str!("../../public/questionnaires/hoe-gaat-het.json"));
    let after = vervolg_q();
    let areas: Vec<String> =
        SelfCheckSummary::from_form(&Form::new(before.clone())).areas.iter().map(|a| a.code.clone()).collect();
    let group = after.find(AREAS_GROUP).unwrap();
    let again: Vec<String> = after
        .descendants(group)
        .into_iter()
        .filter_map(|id| after.item(id).link_id.strip_suffix("_level").map(str::to_string))
        .collect();
    assert_eq!(again, areas);
    for a in &areas {
        let link = format!("{a}_level");
        let codes = |q: &Questionnaire| -> Vec<AnswerValue> {
            q.item(q.find(&link).unwrap()).options.iter().map(|o| o.value.clone()).collect()
        };
        assert_eq!(codes(&after), codes(&before), "{link}: same system, codes and words");
        assert_eq!(after.item(after.find(&link).unwrap()).text, before.item(before.find(&link).unwrap()).text);
    }
}

#[test]
fn areas_are_asked_again_only_when_chosen() {
    let mut f = Form::new(vervolg_q());
    set(&mut f, "adl_level", "no_problems");
    assert!(FollowUpAnswers::from_form(&f).levels.is_empty(), "hidden until chosen");
    set_value(&mut f, "redo_areas", AnswerValue::Boolean(true));
    let a = FollowUpAnswers::from_form(&f);
    assert!(a.redo_areas);
    assert_eq!(a.levels.len(), 15);
    assert_eq!(a.levels[0], AreaLevel { area: "adl".into(), level: Level::Good });
    assert!(a.levels[1..].iter().all(|l| l.level == Level::Skipped));
    set_value(&mut f, "redo_areas", AnswerValue::Boolean(false));
    assert!(FollowUpAnswers::from_form(&f).levels.is_empty());
}

#[test]
fn reasons_for_a_way_back() {
    let a = |f: &dyn Fn(&mut FollowUpAnswers)| {
        let mut x = FollowUpAnswers::default();
        f(&mut x);
        follow_up_reasons(&x)
    };
    use FollowUpReason::*;
    let s = |v: &str| Some(v.to_string());
    assert_eq!(a(&|x| x.problem_still = s("no")), []);
    assert_eq!(a(&|x| x.problem_still = s("partly")), [ProblemPartly]);
    assert_eq!(a(&|x| x.solution_match = s("partly")), [SolutionPartlyFits]);
    assert_eq!(a(&|x| x.solution_match = s("yes")), []);
    assert_eq!(a(&|x| x.want_follow_up = s("unsure")), [], "not sure is not a request");
    assert_eq!(a(&|x| x.outcome = s("waiting")), [StillWaiting]);
    assert_eq!(
        a(&|x| {
            x.outcome = s("helped");
            x.other_solution = s("no");
        }),
        [],
        "other solution only counts after a no"
    );
    assert_eq!(
        a(&|x| {
            x.outcome = s("partly");
            x.other_solution = s("no");
        }),
        [NoOtherSolution]
    );
    let all_good = FollowUpAnswers {
        outcome: s("helped"),
        solution_match: s("yes"),
        problem_still: s("no"),
        time_to_help: s("less_2w"),
        want_follow_up: s("no"),
        ..Default::default()
    };
    assert!(!needs_follow_up(&all_good));
    assert!(needs_follow_up(&FollowUpAnswers { want_follow_up: s("yes"), ..all_good }));
}

// --- Before and after ----------------------------------------------------------------------------

fn levels(list: &[(&str, Level)]) -> Vec<AreaLevel> {
    list.iter().map(|(a, l)| AreaLevel { area: a.to_string(), level: *l }).collect()
}

#[test]
fn compare_per_area() {
    use Level::*;
    let before = levels(&[
        ("a", Many),
        ("b", Some),
        ("c", Good),
        ("d", Some),
        ("e", Skipped),
        ("f", NotApplicable),
        ("g", NotAsked),
        ("h", Good),
    ]);
    let after = levels(&[
        ("h", Good),
        ("a", Some),
        ("b", Good),
        ("c", Many),
        ("d", Some),
        ("e", Good),
        ("f", Some),
        ("g", NotAsked),
        ("new", Many),
    ]);
    let c = compare(&before, &after);
    let got: Vec<(&str, Change)> = c.iter().map(|c| (c.area.as_str(), c.change)).collect();
    use Change::*;
    assert_eq!(
        got,
        [
            ("a", Better),
            ("b", Better),
            ("c", Worse),
            ("d", Same),
            ("e", Unknown),
            ("f", Unknown),
            ("h", Same),
            ("new", Unknown)
        ],
        "before's order, then new areas; asked on neither side left out"
    );
    assert_eq!((c[0].before, c[0].after), (Many, Some));
    // An area the second time did not ask.
    assert_eq!(compare(&levels(&[("a", Good)]), &[])[0].change, Unknown);
    assert!(compare(&[], &[]).is_empty());
}

#[test]
fn compare_every_pair_of_levels() {
    for b in Level::ALL {
        for a in Level::ALL {
            let c = compare(&levels(&[("x", b)]), &levels(&[("x", a)]));
            if b == Level::NotAsked && a == Level::NotAsked {
                assert!(c.is_empty());
                continue;
            }
            let expected = match (b.is_level() && a.is_level(), a.position().cmp(&b.position())) {
                (false, _) => Change::Unknown,
                (true, std::cmp::Ordering::Greater) => Change::Better,
                (true, std::cmp::Ordering::Equal) => Change::Same,
                (true, std::cmp::Ordering::Less) => Change::Worse,
            };
            assert_eq!(c[0].change, expected, "{b:?} → {a:?}");
        }
    }
    // Spot checks that do not lean on position(): the direction is right.
    let one = |b, a| compare(&levels(&[("x", b)]), &levels(&[("x", a)]))[0].change;
    assert_eq!(one(Level::Many, Level::Good), Change::Better);
    assert_eq!(one(Level::Good, Level::Some), Change::Worse);
}

#[test]
fn compare_with_a_saved_check() {
    let mut h = History::default();
    let c = CompletedCheck {
        id: h.next_id(d(2026, 10, 1)),
        questionnaire: "hoe-gaat-het".into(),
        completed: d(2026, 10, 1),
        levels: levels(&[("debts", Level::Many), ("social", Level::Some)]),
    };
    h.add(c);
    let mut f = Form::new(vervolg_q());
    set_value(&mut f, "redo_areas", AnswerValue::Boolean(true));
    set(&mut f, "debts_level", "some_problems");
    let after = FollowUpAnswers::from_form(&f).levels;
    let changes = compare_with_check(h.latest().unwrap(), &after);
    let get = |a: &str| changes.iter().find(|c| c.area == a).unwrap().change;
    assert_eq!(get("debts"), Change::Better);
    assert_eq!(get("social"), Change::Unknown, "skipped the second time");
    assert_eq!(changes.len(), 15, "every area the follow-up asked");
}

#[test]
fn the_follow_up_recognises_the_same_urgent_answers_as_the_self_check() {
    use crate::self_check::DANGER_ANSWERS;
    let q = vervolg_q();
    // Every question that can signal danger in the self-check is asked again here, the same.
    let before = load(include_str!("../../public/questionnaires/hoe-gaat-het.json"));
    for (link, code, _) in DANGER_ANSWERS {
        let (a, b) = (q.item(q.find(link).unwrap()), before.item(before.find(link).unwrap()));
        assert_eq!((&a.text, &a.options), (&b.text, &b.options), "{link}");
        assert!(q.option(link, code).is_some(), "{link}: {code}");
    }
    let signals = |answers: &[(&str, &str)], redo: bool| {
        let mut f = Form::new(vervolg_q());
        set_value(&mut f, "redo_areas", AnswerValue::Boolean(redo));
        for (link, code) in answers {
            set(&mut f, link, code);
        }
        FollowUpAnswers::from_form(&f).danger
    };
    use DangerSignal::*;
    assert_eq!(signals(&[("safety_now", "sometimes_not")], true), [UnsafeAtHome]);
    assert_eq!(signals(&[("safety_level", "many_problems")], true), [UnsafeAtHome]);
    assert_eq!(signals(&[("mental_level", "many_problems")], true), [FeelsVeryBad]);
    assert_eq!(signals(&[("housing_risk", "no_place_to_sleep")], true), [NoPlaceToSleep]);
    assert_eq!(signals(&[("debts_level", "many_problems"), ("money_today", "no")], true), [NoFoodOrMoney]);
    assert_eq!(signals(&[("money_today", "no")], true), [], "asked only with money problems");
    assert_eq!(signals(&[("mental_level", "some_problems"), ("safety_now", "mostly")], true), []);
    assert_eq!(signals(&[("safety_now", "no")], false), [], "areas not chosen again: their answers do not count");
}

#[test]
fn every_label_key_is_in_every_catalog() {
    let mut keys: Vec<&str> =
        [Change::Better, Change::Same, Change::Worse, Change::Unknown].map(Change::label_key).to_vec();
    keys.extend(FollowUpReason::ALL.map(FollowUpReason::label_key));
    let today = d(2026, 1, 1);
    keys.extend(
        [
            PlanError::HandledMissing,
            PlanError::HandledNotADay { value: String::new() },
            PlanError::HandledInFuture { handled: today, today },
            PlanError::WhatMissing,
            PlanError::UnknownWhat { code: String::new() },
        ]
        .iter()
        .map(PlanError::label_key),
    );
    keys.extend([
        "follow_up.ics.summary",
        "follow_up.ics.description",
        "follow_up.status.not_yet",
        "follow_up.status.due",
        "follow_up.status.done",
    ]);
    for lang in crate::i18n::LANGUAGES {
        for &k in &keys {
            assert_ne!(crate::i18n::t(lang.code, k), k, "{k} missing in {}", lang.code);
        }
    }
}

// --- Calendar file -------------------------------------------------------------------------------

/// RFC 5545 TEXT unescaping, for reading the values the parser hands back raw.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

fn reminder<'a>(summary: &'a str, description: &'a str) -> Reminder<'a> {
    Reminder {
        uid: "plan-2026-11-22-20261122@wijkpeil",
        due: d(2027, 1, 3),
        summary,
        description,
        now_utc_seconds: days_from_civil(2026, 11, 22) * 86400 + 9 * 3600 + 5 * 60 + 7,
    }
}

fn parse(ics: &str) -> ical::parser::ical::component::IcalCalendar {
    let mut cals = ical::IcalParser::new(std::io::BufReader::new(ics.as_bytes()));
    let cal = cals.next().expect("one calendar").expect("parses");
    assert!(cals.next().is_none());
    cal
}

fn prop<'a>(props: &'a [ical::property::Property], name: &str) -> &'a ical::property::Property {
    let found: Vec<_> = props.iter().filter(|p| p.name == name).collect();
    assert_eq!(found.len(), 1, "{name} once");
    found[0]
}

#[test]
fn ics_is_read_by_a_standard_parser() {
    let summary = "Wijkpeil: hoe gaat het nu met uw vraag?";
    let description = "Uw vraag is afgehandeld, op 22-11; open Wijkpeil.\nZo ziet u of u nog hulp nodig heeft.";
    let ics = ics_for_due_date(&reminder(summary, description));
    let cal = parse(&ics);
    assert_eq!(prop(&cal.properties, "VERSION").value.as_deref(), Some("2.0"));
    assert!(prop(&cal.properties, "PRODID").value.as_deref().is_some_and(|v| v.contains("Wijkpeil")));
    assert_eq!(cal.events.len(), 1);
    let ev = &cal.events[0].properties;
    let start = prop(ev, "DTSTART");
    assert_eq!(start.value.as_deref(), Some("20270103"));
    assert_eq!(start.params, Some(vec![("VALUE".to_string(), vec!["DATE".to_string()])]));
    assert_eq!(prop(ev, "DTEND").value.as_deref(), Some("20270104"), "the next day: one whole day");
    assert_eq!(prop(ev, "DTSTAMP").value.as_deref(), Some("20261122T090507Z"));
    assert_eq!(prop(ev, "UID").value.as_deref(), Some("plan-2026-11-22-20261122@wijkpeil"));
    assert_eq!(unescape(prop(ev, "SUMMARY").value.as_deref().unwrap()), summary);
    assert_eq!(unescape(prop(ev, "DESCRIPTION").value.as_deref().unwrap()), description);
    let alarms = &cal.events[0].alarms;
    assert_eq!(alarms.len(), 1);
    assert_eq!(prop(&alarms[0].properties, "ACTION").value.as_deref(), Some("DISPLAY"));
    assert_eq!(prop(&alarms[0].properties, "TRIGGER").value.as_deref(), Some("PT9H"));
    assert_eq!(unescape(prop(&alarms[0].properties, "DESCRIPTION").value.as_deref().unwrap()), summary);
}

#[test]
fn ics_lines_crlf_folded_and_escaped() {
    // Long, with every character that needs escaping, multi-byte characters and line breaks.
    let summary = "Vervolg; hoe gaat het, nu? \\ Ünïcödé ĳ 😀 أريد أن أتحدث ".repeat(4);
    let description = "regel 1\r\nregel 2\nregel 3\rregel 4\ttab\u{7}bel";
    let ics = ics_for_due_date(&reminder(&summary, description));
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert!(!ics.replace("\r\n", "").contains(['\r', '\n']), "only CRLF line ends");
    for line in ics.split_terminator("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        assert!(!line.is_empty() && !line.ends_with(' '), "{line:?}");
    }
    assert!(ics.split_terminator("\r\n").any(|l| l.starts_with(' ')), "long lines are folded");
    // Unfolding (remove CRLF + one space) gives the escaped text back whole.
    let unfolded = ics.replace("\r\n ", "");
    let line = unfolded.lines().find(|l| l.starts_with("SUMMARY:")).unwrap();
    assert!(summary.ends_with(' '));
    let summary = summary.trim();
    assert_eq!(unescape(&line["SUMMARY:".len()..]), summary, "whole, without the space at the end");
    assert!(line.contains("Vervolg\\; hoe gaat het\\, nu? \\\\ "));
    let desc = unfolded.lines().find(|l| l.starts_with("DESCRIPTION:")).unwrap();
    assert_eq!(desc, "DESCRIPTION:regel 1\\nregel 2\\nregel 3\\nregel 4 tabbel", "control characters dropped");
    // And a standard parser agrees.
    let cal = parse(&ics);
    assert_eq!(unescape(prop(&cal.events[0].properties, "SUMMARY").value.as_deref().unwrap()), summary);
}

#[test]
fn folding_never_splits_a_character() {
    for pad in 0..8 {
        let s = format!("{}{}", "x".repeat(pad), "é😀ĳ".repeat(40));
        let mut out = String::new();
        push_folded(&mut out, &format!("SUMMARY:{s}"));
        // `out` is a String, so every chunk is valid UTF-8 by construction; check the sizes and
        // that unfolding restores the line exactly.
        assert!(out.split_terminator("\r\n").all(|l| l.len() <= 75));
        assert_eq!(out.replace("\r\n ", "").trim_end(), format!("SUMMARY:{s}"));
    }
    let mut out = String::new();
    push_folded(&mut out, "SHORT:x");
    assert_eq!(out, "SHORT:x\r\n");
    let mut out = String::new();
    let exact = format!("A:{}", "y".repeat(73));
    push_folded(&mut out, &exact);
    assert_eq!(out, format!("{exact}\r\n"), "75 octets fit on one line");
}

#[test]
fn ics_for_a_plan() {
    let p =
        FollowUpPlan::new("plan-2026-11-22".into(), d(2026, 11, 22), Handled::Helped, None, d(2026, 11, 22)).unwrap();
    let uid = p.ics_uid();
    let ics = ics_for_due_date(&Reminder {
        uid: &uid,
        due: p.due(42),
        summary: &crate::i18n::t("nl", "follow_up.ics.summary"),
        description: &crate::i18n::t("nl", "follow_up.ics.description"),
        now_utc_seconds: 0,
    });
    let cal = parse(&ics);
    assert_eq!(prop(&cal.events[0].properties, "DTSTART").value.as_deref(), Some("20270103"));
    assert_eq!(prop(&cal.events[0].properties, "DTSTAMP").value.as_deref(), Some("19700101T000000Z"));
    assert_eq!(ics_file_name(p.due(42)), "wijkpeil-vervolg-2027-01-03.ics");
    assert_eq!(uid, p.clone().ics_uid(), "stable per plan");
}

#[test]
fn the_register_record_carries_the_change_per_area() {
    // Before: a real "Hoe gaat het" form, kept as a completed check.
    let before_q = load(include_str!("../../public/questionnaires/hoe-gaat-het.json"));
    let mut before = Form::new(before_q);
    set(&mut before, "debts_level", "many_problems");
    set(&mut before, "social_level", "some_problems");
    set(&mut before, "housing_level", "no_problems");
    set(&mut before, "adl_level", "no_problems");
    let check = CompletedCheck::from_summary(
        "c1".into(),
        "hoe-gaat-het",
        d(2026, 10, 1),
        &SelfCheckSummary::from_form(&before),
    );
    // After: the follow-up with the areas answered again.
    let mut after = Form::new(vervolg_q());
    set(&mut after, "outcome", "helped");
    set_value(&mut after, "redo_areas", AnswerValue::Boolean(true));
    set(&mut after, "debts_level", "some_problems");
    set(&mut after, "social_level", "some_problems");
    set(&mut after, "housing_level", "many_problems");
    let changes = compare_with_check(&check, &FollowUpAnswers::from_form(&after).levels);
    let answers = crate::register::follow_up_answers_with_changes(&after, &changes);
    let record = crate::register::FollowUpRecord::new(
        [7; 16],
        (2026, 11, 25),
        Some("noord"),
        crate::register::Respondent::Client,
        &answers,
    );
    let json = crate::register::Record::FollowUp(record).to_json();
    assert_eq!(
        json["area_change"],
        serde_json::json!({"debts": "better", "housing": "worse", "social": "same"}),
        "adl was skipped the second time: nothing to compare"
    );
    assert_eq!(json["outcome"], "helped");
    // And the collector takes it.
    assert!(crate::register::parse_record(&json).is_ok());
}

#[test]
fn the_follow_up_starts_with_what_was_said_when_it_was_planned() {
    let today = d(2026, 11, 22);
    let mut plans = FollowUpPlans::default();
    assert_eq!(plans.current_what(42, today), None);
    plans.add(FollowUpPlan::new("a".into(), d(2026, 9, 1), Handled::Rejected, None, d(2026, 9, 2)).unwrap());
    plans.add(FollowUpPlan::new("b".into(), d(2026, 11, 20), Handled::Waiting, None, today).unwrap());
    // The due plan first (a is due since 13 October), else the newest open one.
    assert_eq!(plans.current_what(42, today), Some(Handled::Rejected));
    plans.mark_done("a", today);
    assert_eq!(plans.current_what(42, today), Some(Handled::Waiting));

    let mut f = Form::new(vervolg_q());
    assert!(prefill_outcome(&mut f, Handled::Rejected));
    assert_eq!(FollowUpAnswers::from_form(&f).outcome.as_deref(), Some("rejected"));
    // Given already (or changed by the person): left as it is.
    set(&mut f, "outcome", "helped");
    assert!(!prefill_outcome(&mut f, Handled::Rejected));
    assert_eq!(FollowUpAnswers::from_form(&f).outcome.as_deref(), Some("helped"));
}

#[test]
fn each_outcome_gets_the_questions_that_fit_it() {
    let f = Form::new(vervolg_q());
    let enabled = |f: &Form, link: &str| f.is_enabled(&Slot::new(f.def.find(link).unwrap(), vec![]));
    let cases: [(&str, &[&str], &[&str]); 5] = [
        (
            "helped",
            &["solution_match", "time_to_help", "eff_quality", "knew_where"],
            &["reason_explained", "other_solution"],
        ),
        ("partly", &["solution_match", "other_solution", "eff_do_things", "taken_seriously"], &["reason_explained"]),
        (
            "rejected",
            &["reason_explained", "decision_written", "other_solution", "problem_still", "searched_together"],
            &["solution_match", "time_to_help", "eff_quality", "eff_quality_of_life"],
        ),
        (
            "waiting",
            &["other_solution", "problem_still", "knew_where"],
            &["solution_match", "time_to_help", "eff_fits"],
        ),
        ("referred", &["solution_match", "time_to_help", "problem_still"], &["eff_manage", "reason_explained"]),
    ];
    for (outcome, asked, not_asked) in cases {
        let mut f = f.clone();
        set(&mut f, "outcome", outcome);
        for link in asked {
            assert!(enabled(&f, link), "{outcome}: {link} should be asked");
        }
        for link in not_asked {
            assert!(!enabled(&f, link), "{outcome}: {link} should not be asked");
        }
    }
}

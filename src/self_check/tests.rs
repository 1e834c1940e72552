use super::*;
use crate::engine::{parse_questionnaire, Questionnaire};
use crate::storage_format::{encode_record, FORMAT};
use std::sync::Arc;

/// The areas the register knows (the 14 the issue asks for, and alcohol, drugs and gambling).
const AREAS: [&str; crate::register::LIFE_AREAS.len()] = crate::register::LIFE_AREAS;

fn q() -> Arc<Questionnaire> {
    Arc::new(parse_questionnaire(include_str!("../../public/questionnaires/hoe-gaat-het.json")).unwrap())
}

/// The answer option of `link` with `code` (so the coding carries the questionnaire's system).
fn opt(f: &Form, link: &str, code: &str) -> AnswerValue {
    f.def.option(link, code).unwrap_or_else(|| panic!("{link} has no {code}")).value.clone()
}

fn set(f: &mut Form, link: &str, codes: &[&str]) {
    let values = codes.iter().map(|c| opt(f, link, c)).collect();
    let slot = Slot::new(f.def.find(link).unwrap(), vec![]);
    f.set_answers(slot, values);
}

fn set_value(f: &mut Form, link: &str, v: AnswerValue) {
    let slot = Slot::new(f.def.find(link).unwrap(), vec![]);
    f.set_answer(slot, Some(v));
}

fn d(y: i32, m: u32, day: u32) -> CivilDate {
    CivilDate::new(y, m, day).unwrap()
}

#[test]
fn the_questionnaire_has_every_area_with_its_three_questions() {
    let f = Form::new(q());
    let s = SelfCheckSummary::from_form(&f);
    let codes: Vec<&str> = s.areas.iter().map(|a| a.code.as_str()).collect();
    // Every area is one the register knows (the record format may know more than one
    // municipality's questionnaire asks).
    assert!(codes.iter().all(|c| AREAS.contains(c)), "{codes:?}");
    assert!(codes.len() >= 15 && codes.contains(&"addiction"), "{codes:?}");
    for area in codes {
        let level = f.def.find(&format!("{area}_level")).unwrap();
        let level_codes: Vec<_> = f.def.item(level).options.iter().filter_map(|o| o.value.code()).collect();
        assert_eq!(level_codes, ["no_problems", "some_problems", "many_problems", "not_applicable"], "{area}");
        let helpers = f.def.item(f.def.find(&format!("{area}_helpers")).unwrap());
        assert!(helpers.repeats, "{area}: several helpers allowed");
        let helper_codes: Vec<_> = helpers.options.iter().filter_map(|o| o.value.code()).collect();
        assert_eq!(helper_codes, ["nobody", "family", "friends", "neighbours", "volunteer", "professional"]);
        assert!(f.def.find(&format!("{area}_talk")).is_some(), "{area}_talk");
    }
    // Every question may be skipped.
    assert!(f.def.items.iter().all(|i| !i.required), "no required question in hoe-gaat-het");
}

#[test]
fn nothing_answered_reads_as_skipped_and_parenting_as_not_asked() {
    let f = Form::new(q());
    let s = SelfCheckSummary::from_form(&f);
    for a in &s.areas {
        let expected = if a.code == "parenting" { Level::NotAsked } else { Level::Skipped };
        assert_eq!(a.level, expected, "{}", a.code);
        assert!(a.helpers.is_empty() && !a.wants_to_talk);
    }
    assert!(s.danger_signals().is_empty());
    assert_eq!(s.sections().len(), 1, "only 'not answered'");
    assert_eq!(s.sections()[0].kind, SectionKind::NotAnswered);
    assert_eq!(s.picture().len(), 14, "parenting is not drawn when it was not asked");
    assert!(s.picture().iter().all(|b| b.position == 0));
    assert_eq!((s.filled_by.as_deref(), s.fallback.len()), (None, 0));
}

#[test]
fn reads_levels_helpers_talk_and_the_rest() {
    let mut f = Form::new(q());
    set(&mut f, "filled_by", &["with_oco"]);
    set(&mut f, "children_at_home", &["yes"]);
    set(&mut f, "adl_level", &["some_problems"]);
    set(&mut f, "adl_helpers", &["family", "neighbours"]);
    set_value(&mut f, "adl_talk", AnswerValue::Boolean(true));
    set(&mut f, "parenting_level", &["many_problems"]);
    set(&mut f, "groceries_level", &["no_problems"]);
    set(&mut f, "household_level", &["not_applicable"]);
    set(&mut f, "debts_level", &["some_problems"]);
    set_value(&mut f, "debts_talk", AnswerValue::Boolean(true));
    set(&mut f, "mental_level", &["many_problems"]);
    set_value(&mut f, "mental_talk", AnswerValue::Boolean(false));
    // Asked only with some or many problems: "talk" under "(bijna) geen problemen" is hidden.
    set_value(&mut f, "groceries_talk", AnswerValue::Boolean(true));
    set(&mut f, "fallback", &["family", "friends"]);
    let s = SelfCheckSummary::from_form(&f);
    let adl = s.area("adl").unwrap();
    assert_eq!(
        (adl.level, adl.helpers.clone(), adl.wants_to_talk),
        (Level::Some, vec!["family".to_string(), "neighbours".to_string()], true)
    );
    assert_eq!(adl.title.base, "Voor uzelf zorgen");
    assert!(!adl.title.get("en").is_empty() && adl.title.get("en") != adl.title.base);
    assert_eq!(s.area("parenting").unwrap().level, Level::Many);
    assert_eq!(s.area("groceries").unwrap().level, Level::Good);
    assert_eq!(s.area("household").unwrap().level, Level::NotApplicable);
    assert_eq!(s.area("debts").unwrap().level, Level::Some);
    assert_eq!(s.area("physical").unwrap().level, Level::Skipped);
    assert_eq!(s.talk_areas(), ["adl", "debts"], "'no' does not count, nor a hidden 'yes'");
    assert_eq!(s.fallback, ["family", "friends"]);
    assert_eq!(s.filled_by.as_deref(), Some("with_oco"));

    let sections = s.sections();
    let kinds: Vec<SectionKind> = sections.iter().map(|x| x.kind).collect();
    assert_eq!(kinds, [SectionKind::GoesWell, SectionKind::Hard, SectionKind::NotApplicable, SectionKind::NotAnswered]);
    let codes = |k: usize| sections[k].areas.iter().map(|a| a.code.as_str()).collect::<Vec<_>>();
    assert_eq!(codes(0), ["groceries"]);
    assert_eq!(codes(1), ["adl", "parenting", "mental", "debts"], "questionnaire order within a section");
    assert_eq!(codes(2), ["household"]);

    let picture = s.picture();
    assert_eq!(picture.len(), 15);
    let pos = |a: &str| picture.iter().find(|b| b.area == a).unwrap().position;
    assert_eq!((pos("groceries"), pos("adl"), pos("parenting"), pos("household"), pos("debts")), (3, 2, 1, 0, 2));
    assert_eq!(pos("physical"), 0, "skipped: no bar");
    assert!(picture.iter().all(|b| b.position <= PICTURE_STEPS));
}

/// The questions shown (enabled) to someone who answered `form` so far, by linkId.
fn shown_questions(f: &Form) -> Vec<String> {
    f.def
        .items
        .iter()
        .enumerate()
        .filter(|(id, it)| it.kind.is_question() && it.repeat_scope.is_empty() && f.is_enabled(&Slot::new(*id, vec![])))
        .map(|(_, it)| it.link_id.clone())
        .collect()
}

/// Everyone answers every level with `level`; the other questions as a person without worries.
fn answered_with(level: &str) -> Form {
    let mut f = Form::new(q());
    set(&mut f, "filled_by", &["alone"]);
    set(&mut f, "children_at_home", &["no"]);
    let areas: Vec<String> = SelfCheckSummary::from_form(&f).areas.iter().map(|a| a.code.clone()).collect();
    for a in &areas {
        set(&mut f, &format!("{a}_level"), &[level]);
    }
    set(&mut f, "safety_now", &["yes"]);
    set(&mut f, "housing_risk", &["none"]);
    set(&mut f, "fallback", &["family"]);
    f
}

#[test]
fn a_person_with_almost_no_problems_gets_fewer_than_30_questions() {
    let shown = shown_questions(&answered_with("no_problems"));
    // Before "who helps" and "talk" depended on the level, this was 49.
    assert!(shown.len() < 30, "{} questions: {shown:?}", shown.len());
    assert!(!shown.iter().any(|l| l.ends_with("_helpers") || l.ends_with("_talk")), "{shown:?}");
    assert!(!shown.contains(&"money_today".to_string()), "no money question without money problems");
    // Where there are problems, who helps and whether to talk about it are asked, per area.
    for level in ["some_problems", "many_problems"] {
        let f = answered_with(level);
        let shown = shown_questions(&f);
        for a in SelfCheckSummary::from_form(&f).areas.iter().filter(|a| a.level.is_level()) {
            for q in [format!("{}_helpers", a.code), format!("{}_talk", a.code)] {
                assert!(shown.contains(&q), "{level}: {q}");
            }
        }
        assert!(shown.contains(&"money_today".to_string()));
    }
    // "Dit geldt niet voor mij" asks nothing more either.
    let shown = shown_questions(&answered_with("not_applicable"));
    assert!(!shown.iter().any(|l| l.ends_with("_helpers") || l.ends_with("_talk")));
}

#[test]
fn one_question_per_item() {
    let f = Form::new(q());
    for it in f.def.items.iter().filter(|i| i.kind.is_question()) {
        let asked = it.text.base.matches('?').count();
        assert!(asked <= 1, "{}: {asked} questions in one: {}", it.link_id, it.text.base);
    }
    let text = |link: &str| f.def.item(f.def.find(link).unwrap()).text.base.clone();
    assert!(text("mental_level").contains("de afgelopen twee weken"), "with a time frame");
    assert!(!text("mental_level").contains("hoe u zich voelt"), "plain words");
    assert!(!text("housing_level").contains("huur"), "the rent is money, asked with post and money");
    // "Niet van toepassing" is now said plainly, everywhere.
    for it in &f.def.items {
        assert!(!it.text.base.contains("van toepassing"), "{}", it.link_id);
        for o in &it.options {
            assert_ne!(o.label.base, "Niet van toepassing", "{}", it.link_id);
        }
    }
    assert_eq!(f.def.option("adl_level", "not_applicable").unwrap().label.base, "Dit geldt niet voor mij");
}

#[test]
fn answers_of_hidden_questions_do_not_count() {
    let mut f = Form::new(q());
    set(&mut f, "children_at_home", &["yes"]);
    set(&mut f, "parenting_level", &["many_problems"]);
    set_value(&mut f, "parenting_talk", AnswerValue::Boolean(true));
    set(&mut f, "adl_level", &["some_problems"]);
    set(&mut f, "adl_helpers", &["family"]);
    // The children moved out; the level went to "not applicable": helpers are hidden again.
    set(&mut f, "children_at_home", &["no"]);
    set(&mut f, "adl_level", &["not_applicable"]);
    let s = SelfCheckSummary::from_form(&f);
    let p = s.area("parenting").unwrap();
    assert_eq!((p.level, p.wants_to_talk), (Level::NotAsked, false));
    assert!(s.area("adl").unwrap().helpers.is_empty());
    assert!(s.talk_areas().is_empty());
}

#[test]
fn danger_signals_for_safety_and_housing() {
    let signals = |safety_now: Option<&str>, safety_level: Option<&str>, housing: Option<&str>| {
        let mut f = Form::new(q());
        if let Some(c) = safety_now {
            set(&mut f, "safety_now", &[c]);
        }
        if let Some(c) = safety_level {
            set(&mut f, "safety_level", &[c]);
        }
        if let Some(c) = housing {
            set(&mut f, "housing_risk", &[c]);
        }
        let from_summary = SelfCheckSummary::from_form(&f).danger_signals();
        assert_eq!(from_summary, DangerSignal::in_form(&f), "one path for the result and while filling in");
        from_summary
    };
    use DangerSignal::*;
    assert_eq!(signals(Some("no"), None, None), [UnsafeAtHome]);
    assert_eq!(signals(Some("sometimes_not"), None, None), [UnsafeAtHome], "'Soms niet' leads to help too");
    assert_eq!(signals(None, Some("many_problems"), None), [UnsafeAtHome]);
    assert_eq!(signals(Some("no"), Some("many_problems"), None), [UnsafeAtHome], "once");
    assert_eq!(signals(Some("mostly"), Some("some_problems"), Some("none")), []);
    assert_eq!(signals(Some("yes"), None, Some("may_lose_home")), [MayLoseHome]);
    assert_eq!(signals(Some("no"), None, Some("no_place_to_sleep")), [UnsafeAtHome, NoPlaceToSleep]);
    assert_eq!(signals(None, None, None), []);
}

#[test]
fn safety_is_asked_yes_mostly_sometimes_not_no() {
    let f = Form::new(q());
    let codes: Vec<_> =
        f.def.item(f.def.find("safety_now").unwrap()).options.iter().filter_map(|o| o.value.code()).collect();
    assert_eq!(codes, ["yes", "mostly", "sometimes_not", "no"]);
    assert_eq!(f.def.option("safety_now", "sometimes_not").unwrap().label.base, "Soms niet");
}

#[test]
fn feeling_very_bad_and_no_food_today_lead_to_help() {
    use DangerSignal::*;
    let mut f = Form::new(q());
    set(&mut f, "mental_level", &["some_problems"]);
    assert_eq!(DangerSignal::in_form(&f), []);
    set(&mut f, "mental_level", &["many_problems"]);
    assert_eq!(DangerSignal::in_form(&f), [FeelsVeryBad]);
    assert_eq!(SelfCheckSummary::from_form(&f).danger_signals(), [FeelsVeryBad]);

    // "Eten of geld vandaag" is asked only where money or debts give problems.
    let mut f = Form::new(q());
    let money_today = Slot::new(f.def.find("money_today").unwrap(), vec![]);
    assert!(!f.is_enabled(&money_today));
    set(&mut f, "debts_level", &["no_problems"]);
    set(&mut f, "paperwork_money_level", &["no_problems"]);
    assert!(!f.is_enabled(&money_today));
    for (link, level) in [("debts_level", "some_problems"), ("paperwork_money_level", "many_problems")] {
        let mut g = f.clone();
        set(&mut g, link, &[level]);
        assert!(g.is_enabled(&money_today), "{link} = {level}");
        set(&mut g, "money_today", &["no"]);
        assert_eq!(DangerSignal::in_form(&g), [NoFoodOrMoney]);
        assert_eq!(SelfCheckSummary::from_form(&g).danger_signals(), [NoFoodOrMoney]);
        set(&mut g, "money_today", &["yes"]);
        assert_eq!(DangerSignal::in_form(&g), []);
    }
    // A "no" left behind after the money answers changed to "no problems" does not count.
    let mut g = f.clone();
    set(&mut g, "debts_level", &["many_problems"]);
    set(&mut g, "money_today", &["no"]);
    set(&mut g, "debts_level", &["no_problems"]);
    assert_eq!(DangerSignal::in_form(&g), []);
}

#[test]
fn signals_are_shown_at_the_question_that_raised_them_once() {
    use DangerSignal::*;
    let mut f = Form::new(q());
    set(&mut f, "safety_level", &["many_problems"]);
    assert_eq!(DangerSignal::at_question(&f, "safety_level"), [UnsafeAtHome]);
    // "Voelt u zich nu veilig thuis?" comes first: its box says it, the level's box does not.
    set(&mut f, "safety_now", &["sometimes_not"]);
    assert_eq!(DangerSignal::at_question(&f, "safety_now"), [UnsafeAtHome]);
    assert_eq!(DangerSignal::at_question(&f, "safety_level"), []);
    set(&mut f, "safety_now", &["mostly"]);
    assert_eq!(DangerSignal::at_question(&f, "safety_now"), []);
    assert_eq!(DangerSignal::at_question(&f, "safety_level"), [UnsafeAtHome]);
    set(&mut f, "housing_risk", &["no_place_to_sleep"]);
    assert_eq!(DangerSignal::at_question(&f, "housing_risk"), [NoPlaceToSleep]);
    assert_eq!(DangerSignal::at_question(&f, "adl_level"), [], "not a danger question");
    for (link, _, _) in DANGER_ANSWERS {
        assert!(DangerSignal::asked_at(link));
        assert!(f.def.find(link).is_some(), "{link} is a question of hoe-gaat-het");
    }
    assert!(!DangerSignal::asked_at("adl_level"));
}

#[test]
fn danger_signals_lead_to_the_municipalitys_urgent_contacts() {
    let config = crate::config::Config::parse(include_str!("../../public/config/gemeente.json")).unwrap();
    use DangerSignal::*;
    assert_eq!(urgent_contact_kinds(&[UnsafeAtHome], &config.routing), ["violence", "emergency"]);
    assert_eq!(
        urgent_contact_kinds(&[UnsafeAtHome, NoPlaceToSleep, MayLoseHome], &config.routing),
        ["violence", "emergency", "shelter", "team_urgent"]
    );
    assert_eq!(urgent_contact_kinds(&[FeelsVeryBad], &config.routing), ["medical", "crisis"]);
    assert_eq!(urgent_contact_kinds(&[NoFoodOrMoney], &config.routing), ["team_urgent"]);
    assert!(urgent_contact_kinds(&[], &config.routing).is_empty());
    // Every signal has a route in the demo config, to contacts that are in it (or the team's).
    let kinds: Vec<&str> = config.urgent_contacts.iter().map(|c| c.kind.as_str()).chain(["team_urgent"]).collect();
    for s in DangerSignal::ALL {
        let routed = urgent_contact_kinds(&[s], &config.routing);
        assert!(!routed.is_empty(), "{s:?}");
        assert!(routed.iter().all(|k| kinds.contains(&k.as_str())), "{s:?}: {routed:?}");
    }
    // The shared rules are the fit check's own questions.
    for s in DangerSignal::ALL {
        if let Some(question) = s.fit_check_question() {
            assert!(crate::fit_check::URGENT_QUESTIONS.contains(&question));
            assert_eq!(s.routing_key(), question);
        } else {
            assert_eq!(s.routing_key(), s.code());
        }
    }
}

#[test]
fn the_demo_config_names_every_urgent_contact_the_seeds_need() {
    let config = crate::config::Config::parse(include_str!("../../public/config/gemeente.json")).unwrap();
    let named = |needle: &str| {
        config
            .urgent_contacts
            .iter()
            .find(|c| c.name.base.contains(needle) || c.phone == needle)
            .map(|c| c.kind.clone())
    };
    assert_eq!(named("112").as_deref(), Some("emergency"));
    assert_eq!(named("Veilig Thuis").as_deref(), Some("violence"), "Veilig Thuis by its own name");
    assert_eq!(named("113").as_deref(), Some("crisis"));
    assert_eq!(named("Huisarts").as_deref(), Some("medical"));
    // And the team's own route outside opening hours, in every wijk.
    assert!(config.wijken.iter().all(|w| w.team.urgent_route.is_some()));
}

#[test]
fn level_codes_round_trip() {
    for l in Level::ALL {
        assert_eq!(Level::from_code(l.code()), Some(l));
    }
    assert_eq!(Level::from_answer_code("skipped"), None, "not an answer code");
    assert_eq!(Level::from_code("goed"), None);
    assert!(Level::ALL.iter().filter(|l| l.is_level()).count() == 3);
}

#[test]
fn every_label_key_is_in_every_catalog() {
    let mut keys: Vec<&str> = Level::ALL.iter().map(|l| l.label_key()).collect();
    keys.extend(
        [SectionKind::GoesWell, SectionKind::Hard, SectionKind::NotApplicable, SectionKind::NotAnswered]
            .map(SectionKind::label_key),
    );
    keys.extend(DangerSignal::ALL.map(DangerSignal::label_key));
    for lang in crate::i18n::LANGUAGES {
        for &k in &keys {
            assert_ne!(crate::i18n::t(lang.code, k), k, "{k} missing in {}", lang.code);
        }
    }
}

// --- Agenda ----------------------------------------------------------------------------------

fn agenda(areas: &[&str]) -> Agenda {
    let mut a = Agenda::default();
    a.reconcile_areas(areas);
    a
}

fn order(a: &Agenda) -> Vec<&str> {
    a.items.iter().map(|i| i.area.as_str()).collect()
}

#[test]
fn agenda_starts_from_the_talk_areas() {
    let mut f = Form::new(q());
    set(&mut f, "debts_level", &["many_problems"]);
    set(&mut f, "adl_level", &["some_problems"]);
    set_value(&mut f, "debts_talk", AnswerValue::Boolean(true));
    set_value(&mut f, "adl_talk", AnswerValue::Boolean(true));
    let a = Agenda::from_summary(&SelfCheckSummary::from_form(&f));
    assert_eq!(order(&a), ["adl", "debts"]);
    assert!(a.items.iter().all(|i| i.note.is_empty()));
}

#[test]
fn agenda_moves() {
    let mut a = agenda(&["a", "b", "c", "d"]);
    assert!(a.move_up("c"));
    assert_eq!(order(&a), ["a", "c", "b", "d"]);
    assert!(!a.move_up("a"), "first stays first");
    assert!(a.move_down("a"));
    assert_eq!(order(&a), ["c", "a", "b", "d"]);
    assert!(!a.move_down("d"), "last stays last");
    assert!(!a.move_up("x") && !a.move_down("x") && !a.move_to("x", 0), "not on the list");
    assert!(a.move_to("d", 0));
    assert_eq!(order(&a), ["d", "c", "a", "b"]);
    assert!(a.move_to("d", 99), "past the end is last");
    assert_eq!(order(&a), ["c", "a", "b", "d"]);
    assert!(a.move_to("c", 2));
    assert_eq!(order(&a), ["a", "b", "c", "d"]);
    assert!(!a.move_to("c", 2), "already there");
    let mut empty = Agenda::default();
    assert!(!empty.move_to("a", 0));
}

#[test]
fn agenda_notes() {
    let mut a = agenda(&["a", "b"]);
    assert!(a.set_note("b", "Brief van de woningcorporatie meenemen"));
    assert!(!a.set_note("x", "nergens"));
    assert_eq!(a.note("b"), Some("Brief van de woningcorporatie meenemen"));
    assert_eq!(a.note("a"), Some(""));
    assert_eq!(a.note("x"), None);
}

#[test]
fn agenda_follows_changed_answers_and_keeps_notes() {
    let mut a = agenda(&["adl", "debts", "safety"]);
    a.move_to("safety", 0);
    a.set_note("debts", "aanmaning van maart");
    a.set_note("safety", "");
    // debts and safety no longer ticked, housing and mental newly ticked.
    let ch = a.reconcile_areas(&["adl", "mental", "housing"]);
    assert_eq!(ch.removed, ["safety", "debts"], "in the agenda's order");
    assert_eq!(ch.added, ["mental", "housing"], "new ones in questionnaire order");
    assert_eq!(order(&a), ["adl", "mental", "housing"], "new ones at the end, the rest keeps its order");
    assert_eq!(
        a.parked,
        [AgendaItem { area: "debts".into(), note: "aanmaning van maart".into() }],
        "a written note is kept"
    );
    // Nothing changed: nothing happens.
    assert_eq!(a.reconcile_areas(&["housing", "adl", "mental"]), AgendaChanges::default());
    assert_eq!(order(&a), ["adl", "mental", "housing"], "the person's order wins over the questionnaire's");
    // debts ticked again: it comes back with its note.
    let ch = a.reconcile_areas(&["adl", "mental", "housing", "debts"]);
    assert_eq!(ch.added, ["debts"]);
    assert_eq!(a.note("debts"), Some("aanmaning van maart"));
    assert!(a.parked.is_empty());
    // Everything unticked.
    a.reconcile_areas(&[]);
    assert!(a.items.is_empty());
    assert_eq!(a.parked.len(), 1);
}

#[test]
fn agenda_round_trips_any_note_text() {
    let notes = [
        "",
        "Zeg \"nee\" als het niet past; en 'dat' ook",
        "regel 1\nregel 2\r\nregel 3\ttab",
        "<script>alert('x')</script> & &amp; </textarea>",
        "أريد أن أتحدث عن الديون", // Arabic, right to left
        "\u{202E}omgekeerd\u{202C} \u{2028}\u{2029} \u{0}\u{1b}[31m",
        "😀 emoji, ë, ĳ, ß",
        "\\ backslash \\n geen regelovergang \\\"",
        "{\"format\":1,\"kind\":\"agenda\"}",
    ];
    let mut a = agenda(&["a", "b", "c", "d", "e", "f", "g", "h", "i"]);
    for (i, n) in notes.iter().enumerate() {
        a.set_note(&a.items[i].area.clone(), *n);
    }
    a.parked.push(AgendaItem { area: "z".into(), note: "geparkeerd \"z\"".into() });
    let text = encode_agenda(&a);
    assert_eq!(decode_agenda(&text), Ok(a.clone()));
    // Stored as one line of JSON: nothing in a note can break out of its string.
    assert!(!text.contains('\n'));
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["data"]["items"][3]["note"], notes[3]);
}

#[test]
fn agenda_refuses_damaged_records() {
    let rec = |data: Value| encode_record(AGENDA_KIND, data);
    assert_eq!(decode_agenda("{\"format\":1,"), Err(DecodeError::NotJson));
    assert_eq!(
        decode_agenda(&encode_record("history", json!({"items": []}))),
        Err(DecodeError::WrongKind { expected: "agenda", found: "history".into() })
    );
    let newer = json!({"format": FORMAT + 1, "kind": "agenda", "data": {"items": []}}).to_string();
    assert_eq!(decode_agenda(&newer), Err(DecodeError::NewerFormat(FORMAT + 1)));
    let cases = [
        (json!([]), "data"),
        (json!({}), "items"),
        (json!({"items": {}}), "items"),
        (json!({"items": [1]}), "items[0]"),
        (json!({"items": [{"note": "x"}]}), "items[0].area"),
        (json!({"items": [{"area": "", "note": "x"}]}), "items[0].area"),
        (json!({"items": [{"area": "a"}]}), "items[0].note"),
        (json!({"items": [{"area": "a", "note": 5}]}), "items[0].note"),
        (json!({"items": [{"area": "a", "note": ""}, {"area": "a", "note": ""}]}), "items[1].area"),
        (json!({"items": [{"area": "a", "note": ""}], "parked": [{"area": "a", "note": "x"}]}), "parked[0].area"),
        (json!({"items": [], "parked": "x"}), "parked"),
    ];
    for (data, path) in cases {
        assert_eq!(decode_agenda(&rec(data.clone())), Err(DecodeError::BadContent(path.into())), "{data}");
    }
    assert_eq!(decode_agenda(&rec(json!({"items": []}))), Ok(Agenda::default()), "parked may be absent");
}

/// Fixtures written by every released format; each must still load.
#[test]
fn every_released_agenda_and_history_format_loads() {
    let agenda_v1 = r#"{"format":1,"kind":"agenda","data":{"items":[{"area":"debts","note":"brief"}],"parked":[]}}"#;
    assert_eq!(decode_agenda(agenda_v1).unwrap().note("debts"), Some("brief"));
    let history_v1 = r#"{"format":1,"kind":"history","data":{"entries":[{"id":"check-2026-11-22","questionnaire":"hoe-gaat-het",
        "completed":"2026-11-22","levels":[{"area":"adl","level":"some_problems"},{"area":"parenting","level":"not_asked"}]}]}}"#;
    let h = decode_history(history_v1).unwrap();
    assert_eq!(h.entries[0].level("adl"), Level::Some);
    assert_eq!(h.entries[0].level("parenting"), Level::NotAsked);
}

// --- Completed checks and history ------------------------------------------------------------

fn check(id: &str, date: CivilDate, levels: &[(&str, Level)]) -> CompletedCheck {
    CompletedCheck {
        id: id.into(),
        questionnaire: QUESTIONNAIRE_ID.into(),
        completed: date,
        levels: levels.iter().map(|(a, l)| AreaLevel { area: a.to_string(), level: *l }).collect(),
    }
}

#[test]
fn completed_check_from_a_form() {
    let mut f = Form::new(q());
    set(&mut f, "adl_level", &["many_problems"]);
    set(&mut f, "debts_level", &["not_applicable"]);
    let s = SelfCheckSummary::from_form(&f);
    let c = CompletedCheck::from_summary("check-2026-11-22".into(), QUESTIONNAIRE_ID, d(2026, 11, 22), &s);
    assert_eq!(c.levels.len(), 15);
    assert_eq!(c.level("adl"), Level::Many);
    assert_eq!(c.level("debts"), Level::NotApplicable);
    assert_eq!(c.level("parenting"), Level::NotAsked);
    assert_eq!(c.level("groceries"), Level::Skipped);
    assert_eq!(c.level("unknown_area"), Level::NotAsked);
    assert_eq!(decode_check(&encode_check(&c)), Ok(c));
}

#[test]
fn history_ids_add_replace_latest_remove() {
    let mut h = History::default();
    let day = d(2026, 11, 22);
    assert_eq!(h.next_id(day), "check-2026-11-22");
    h.add(check(&h.next_id(day), day, &[("adl", Level::Some)]));
    assert_eq!(h.next_id(day), "check-2026-11-22-2");
    h.add(check(&h.next_id(day), day, &[]));
    assert_eq!(h.next_id(day), "check-2026-11-22-3");
    h.add(check("old", d(2025, 1, 1), &[]));
    assert_eq!(h.latest().unwrap().id, "check-2026-11-22-2", "latest by date, later entry on the same day");
    h.add(check("check-2026-11-22", day, &[("adl", Level::Good)]));
    assert_eq!(h.entries.len(), 3, "same id replaces");
    assert_eq!(h.entries[0].level("adl"), Level::Good, "and keeps its place");
    assert_eq!(h.remove("old").map(|c| c.id), Some("old".into()));
    assert!(h.remove("old").is_none());
    assert!(History::default().latest().is_none());
}

#[test]
fn history_round_trip() {
    let mut h = History::default();
    h.add(check(
        "a",
        d(2024, 2, 29),
        &[("adl", Level::Good), ("parenting", Level::NotAsked), ("debts", Level::Skipped)],
    ));
    h.add(check("b \"quoted\" <x>", d(2026, 12, 31), &[("mental", Level::Many), ("social", Level::NotApplicable)]));
    assert_eq!(decode_history(&encode_history(&h)), Ok(h.clone()));
    assert_eq!(decode_history(&encode_history(&History::default())), Ok(History::default()));
}

#[test]
fn history_refuses_damaged_records() {
    let good = json!({"id": "a", "questionnaire": "hoe-gaat-het", "completed": "2026-11-22", "levels": [{"area": "adl", "level": "many_problems"}]});
    let with = |f: &dyn Fn(&mut Value)| {
        let mut e = good.clone();
        f(&mut e);
        encode_record(HISTORY_KIND, json!({"entries": [good.clone(), e]}))
    };
    let cases: Vec<(String, &str)> = vec![
        (with(&|e| e["id"] = json!("a")), "entries[1].id"),
        (with(&|e| e["id"] = json!("")), "entries[1].id"),
        (
            with(&|e| {
                e.as_object_mut().unwrap().remove("questionnaire");
            }),
            "entries[1].questionnaire",
        ),
        (
            with(&|e| {
                e["id"] = json!("b");
                e["completed"] = json!("2026-02-30");
            }),
            "entries[1].completed",
        ),
        (
            with(&|e| {
                e["id"] = json!("b");
                e["completed"] = json!("22-11-2026");
            }),
            "entries[1].completed",
        ),
        (
            with(&|e| {
                e["id"] = json!("b");
                e["levels"][0]["level"] = json!("goed");
            }),
            "entries[1].levels[0].level",
        ),
        (
            with(&|e| {
                e["id"] = json!("b");
                e["levels"] = json!([{"area": "adl", "level": "no_problems"}, {"area": "adl", "level": "skipped"}]);
            }),
            "entries[1].levels[1].area",
        ),
        (
            with(&|e| {
                e["id"] = json!("b");
                e.as_object_mut().unwrap().remove("levels");
            }),
            "entries[1].levels",
        ),
        (
            with(&|e| {
                e["id"] = json!("b");
                e["levels"] = json!("adl");
            }),
            "entries[1].levels",
        ),
        (with(&|e| *e = json!("b")), "entries[1]"),
        (encode_record(HISTORY_KIND, json!({})), "entries"),
        (encode_record(HISTORY_KIND, json!({"entries": {}})), "entries"),
        (encode_record(HISTORY_KIND, json!(null)), "data"),
    ];
    for (text, path) in cases {
        assert_eq!(decode_history(&text), Err(DecodeError::BadContent(path.into())), "{text}");
    }
    assert_eq!(
        decode_check(&encode_record(HISTORY_KIND, good.clone())),
        Err(DecodeError::WrongKind { expected: CHECK_KIND, found: HISTORY_KIND.into() })
    );
    assert!(decode_history(&encode_record(HISTORY_KIND, json!({"entries": [good]}))).is_ok());
}

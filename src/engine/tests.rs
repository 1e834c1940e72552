//! Engine behaviour on small hand-written questionnaires. The public conformance files are
//! tested in `tests/conformance.rs`.

use super::*;
use serde_json::json;
use std::sync::Arc;

fn load(v: serde_json::Value) -> Arc<Questionnaire> {
    Arc::new(questionnaire_from_value(&v).unwrap_or_else(|e| panic!("{e:?}")))
}

fn slot(q: &Questionnaire, link: &str, reps: &[u32]) -> Slot {
    Slot::new(q.find(link).unwrap(), reps.to_vec())
}

fn yes_no() -> serde_json::Value {
    json!([{"valueCoding": {"code": "yes"}}, {"valueCoding": {"code": "no"}}])
}

fn code(c: &str) -> AnswerValue {
    AnswerValue::Coding(Coding { code: Some(c.into()), ..Default::default() })
}

#[test]
fn every_operator_and_behavior() {
    let q = load(json!({
        "resourceType": "Questionnaire",
        "item": [
            {"linkId": "n", "type": "integer"},
            {"linkId": "exists", "type": "string", "enableWhen": [{"question": "n", "operator": "exists", "answerBoolean": true}]},
            {"linkId": "absent", "type": "string", "enableWhen": [{"question": "n", "operator": "exists", "answerBoolean": false}]},
            {"linkId": "eq", "type": "string", "enableWhen": [{"question": "n", "operator": "=", "answerInteger": 5}]},
            {"linkId": "ne", "type": "string", "enableWhen": [{"question": "n", "operator": "!=", "answerInteger": 5}]},
            {"linkId": "gt", "type": "string", "enableWhen": [{"question": "n", "operator": ">", "answerInteger": 5}]},
            {"linkId": "lt", "type": "string", "enableWhen": [{"question": "n", "operator": "<", "answerInteger": 5}]},
            {"linkId": "ge", "type": "string", "enableWhen": [{"question": "n", "operator": ">=", "answerInteger": 5}]},
            {"linkId": "le", "type": "string", "enableWhen": [{"question": "n", "operator": "<=", "answerDecimal": 5.0}]},
            {"linkId": "all", "type": "string", "enableBehavior": "all", "enableWhen": [
                {"question": "n", "operator": ">", "answerInteger": 1}, {"question": "n", "operator": "<", "answerInteger": 9}]},
            {"linkId": "any", "type": "string", "enableBehavior": "any", "enableWhen": [
                {"question": "n", "operator": "<", "answerInteger": 1}, {"question": "n", "operator": ">", "answerInteger": 9}]}
        ]
    }));
    let mut f = Form::new(q.clone());
    let on = |f: &Form, l: &str| f.is_enabled(&slot(&q, l, &[]));
    let expect = |f: &Form, list: &[(&str, bool)]| {
        for (l, want) in list {
            assert_eq!(on(f, l), *want, "{l}");
        }
    };
    expect(
        &f,
        &[
            ("exists", false),
            ("absent", true),
            ("eq", false),
            ("ne", false),
            ("gt", false),
            ("all", false),
            ("any", false),
        ],
    );
    f.set_answer(slot(&q, "n", &[]), Some(AnswerValue::Integer(5)));
    expect(
        &f,
        &[
            ("exists", true),
            ("absent", false),
            ("eq", true),
            ("ne", false),
            ("gt", false),
            ("lt", false),
            ("ge", true),
            ("le", true),
            ("all", true),
            ("any", false),
        ],
    );
    f.set_answer(slot(&q, "n", &[]), Some(AnswerValue::Integer(10)));
    expect(
        &f,
        &[("eq", false), ("ne", true), ("gt", true), ("ge", true), ("le", false), ("all", false), ("any", true)],
    );
    f.set_answer(slot(&q, "n", &[]), Some(AnswerValue::Integer(0)));
    expect(&f, &[("lt", true), ("le", true), ("gt", false), ("any", true), ("all", false)]);
}

#[test]
fn disabled_answers_count_as_absent_and_are_not_exported() {
    let q = load(json!({
        "resourceType": "Questionnaire", "url": "http://x/q", "version": "2",
        "item": [
            {"linkId": "a", "type": "choice", "answerOption": yes_no()},
            {"linkId": "b", "type": "choice", "answerOption": yes_no(),
             "enableWhen": [{"question": "a", "operator": "=", "answerCoding": {"code": "yes"}}]},
            {"linkId": "c", "type": "string", "enableWhen": [{"question": "b", "operator": "exists", "answerBoolean": true}]}
        ]
    }));
    let mut f = Form::new(q.clone());
    f.set_answer(slot(&q, "a", &[]), Some(code("yes")));
    f.set_answer(slot(&q, "b", &[]), Some(code("no")));
    f.set_answer(slot(&q, "c", &[]), Some(AnswerValue::String("geheim".into())));
    assert!(f.is_enabled(&slot(&q, "c", &[])));
    f.set_answer(slot(&q, "a", &[]), Some(code("no")));
    assert!(!f.is_enabled(&slot(&q, "b", &[])));
    assert!(!f.is_enabled(&slot(&q, "c", &[])), "c depends on a disabled answer");
    let r = f.to_response(ResponseStatus::Completed, Some("2026-01-01T10:00:00+01:00"));
    let text = r.to_string();
    assert!(!text.contains("geheim"), "{text}");
    assert_eq!(r["questionnaire"], "http://x/q|2");
    assert_eq!(r["item"].as_array().unwrap().len(), 1);
    // The answers are kept in the form: switching back brings them back.
    f.set_answer(slot(&q, "a", &[]), Some(code("yes")));
    assert!(f.to_response(ResponseStatus::InProgress, None).to_string().contains("geheim"));
}

#[test]
fn repeating_groups_nested_and_conditions_within_repetition() {
    let q = load(json!({
        "resourceType": "Questionnaire",
        "item": [{"linkId": "person", "type": "group", "repeats": true, "item": [
            {"linkId": "name", "type": "string"},
            {"linkId": "has_kids", "type": "boolean"},
            {"linkId": "kid", "type": "group", "repeats": true,
             "enableWhen": [{"question": "has_kids", "operator": "=", "answerBoolean": true}],
             "item": [{"linkId": "kid_age", "type": "integer"}]}
        ]}]
    }));
    let mut f = Form::new(q.clone());
    let person = slot(&q, "person", &[]);
    f.add_group_instance(person.clone());
    f.set_answer(slot(&q, "name", &[0]), Some(AnswerValue::String("A".into())));
    f.set_answer(slot(&q, "name", &[1]), Some(AnswerValue::String("B".into())));
    f.set_answer(slot(&q, "has_kids", &[1]), Some(AnswerValue::Boolean(true)));
    assert!(!f.is_enabled(&slot(&q, "kid", &[0])));
    assert!(f.is_enabled(&slot(&q, "kid", &[1])));
    f.add_group_instance(slot(&q, "kid", &[1]));
    f.set_answer(slot(&q, "kid_age", &[1, 0]), Some(AnswerValue::Integer(4)));
    f.set_answer(slot(&q, "kid_age", &[1, 1]), Some(AnswerValue::Integer(7)));
    let r = f.to_response(ResponseStatus::Completed, None);
    let people = r["item"].as_array().unwrap();
    assert_eq!(people.len(), 2);
    assert_eq!(people[1]["item"][2]["linkId"], "kid");
    assert_eq!(people[1]["item"][3]["item"][0]["answer"][0]["valueInteger"], 7);
    // Removing the first person shifts the second into its place.
    f.remove_group_instance(&person, 0);
    assert_eq!(f.group_count(&person), 1);
    assert_eq!(f.answers(&slot(&q, "name", &[0])), &[AnswerValue::String("B".into())]);
    assert!(f.is_enabled(&slot(&q, "kid", &[0])));
    assert_eq!(f.answers(&slot(&q, "kid_age", &[0, 1])), &[AnswerValue::Integer(7)]);
}

#[test]
fn broken_file_lists_every_problem_with_paths() {
    let errs = parse_questionnaire(r#"{
        "resourceType": "Questionnaire",
        "item": [
            {"linkId": "a", "type": "integer", "answerOption": [{"valueDate": "2020-01-01"}]},
            {"linkId": "a", "type": "string"},
            {"linkId": "g", "type": "group", "item": [
                {"linkId": "c", "type": "string", "enableWhen": [{"question": "nope", "operator": "=", "answerString": "x"}]},
                {"linkId": "d"},
                {"linkId": "e", "type": "boolean", "enableWhen": [{"question": "a", "operator": "=", "answerString": "x"}]}
            ]}
        ]
    }"#)
    .unwrap_err();
    let kinds: Vec<_> = errs.iter().map(|e| (e.path.as_ref().map(|p| p.position.as_str()), &e.problem)).collect();
    assert!(kinds.contains(&(Some("1"), &LoadProblem::OptionDoesNotFit { answer_type: "Date".into() })), "{kinds:?}");
    assert!(
        kinds.contains(&(Some("2"), &LoadProblem::DuplicateLinkId { link_id: "a".into(), first_position: "1".into() }))
    );
    assert!(kinds.contains(&(Some("3.1"), &LoadProblem::EnableWhenTargetMissing { question: "nope".into() })));
    assert!(kinds.contains(&(Some("3.2"), &LoadProblem::MissingType)));
    assert!(kinds.contains(&(
        Some("3.3"),
        &LoadProblem::EnableWhenAnswerDoesNotFit { question: "a".into(), answer_type: "String".into() }
    )));
    assert_eq!(errs.len(), 5, "{kinds:?}");
}

#[test]
fn file_level_problems() {
    assert!(matches!(parse_questionnaire("{ nope").unwrap_err()[0].problem, LoadProblem::InvalidJson { line: 1, .. }));
    assert_eq!(
        parse_questionnaire(r#"{"resourceType": "Patient"}"#).unwrap_err()[0].problem,
        LoadProblem::NotAQuestionnaire { found: Some("Patient".into()) }
    );
    assert_eq!(parse_questionnaire("[1]").unwrap_err()[0].problem, LoadProblem::NotAnObject);
}

#[test]
fn cycles_are_reported_not_looped() {
    let errs = parse_questionnaire(r#"{"resourceType": "Questionnaire", "item": [
        {"linkId": "a", "type": "boolean", "enableWhen": [{"question": "b", "operator": "exists", "answerBoolean": true}]},
        {"linkId": "b", "type": "boolean", "enableWhen": [{"question": "a", "operator": "exists", "answerBoolean": true}]}
    ]}"#)
    .unwrap_err();
    assert!(errs.iter().any(|e| matches!(e.problem, LoadProblem::EnableWhenCycle { .. })), "{errs:?}");
}

#[test]
fn sloppy_extensions_and_expressions_are_ignored() {
    let q = load(json!({"resourceType": "Questionnaire",
        "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/variable", "valueExpression": {"expression": "%x"}}],
        "item": [{"linkId": "a", "type": "decimal",
            "extension": [
                {"url": "http://hl7.org/fhir/StructureDefinition/questionnaire-hidden", "valueBoolean": "yes"},
                {"url": "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl", "valueCodeableConcept": 12},
                {"url": "http://example.org/unknown", "valueString": 5},
                {"url": "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression", "valueExpression": {"language": "text/fhirpath", "expression": "1+1"}},
                {"url": "http://hl7.org/fhir/StructureDefinition/minValue", "valueDecimal": 1.5}
            ],
            "_text": {"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/translation", "extension": [{"url": "lang", "valueCode": 3}]}]},
            "text": "Gewicht"}]
    }));
    let item = q.item(0);
    assert!(!item.hidden && item.control.is_none());
    assert_eq!(item.min_value, Some(AnswerValue::Decimal(1.5)));
    assert_eq!(item.text.get("en"), "Gewicht");
}

#[test]
fn translations_initial_values_and_weights() {
    let q = load(json!({"resourceType": "Questionnaire", "item": [
        {"linkId": "c", "type": "choice", "repeats": true,
         "text": "Kleur", "_text": {"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/translation",
            "extension": [{"url": "lang", "valueCode": "en"}, {"url": "content", "valueString": "Colour"}]}]},
         "answerOption": [
            {"valueCoding": {"code": "r", "display": "Rood", "_display": {"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/translation",
                "extension": [{"url": "lang", "valueCode": "en"}, {"url": "content", "valueString": "Red"}]}]}},
              "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/ordinalValue", "valueDecimal": 2}]},
            {"valueCoding": {"code": "b", "display": "Blauw"}, "initialSelected": true}
         ]},
        {"linkId": "n", "type": "integer", "initial": [{"valueInteger": 3}]}
    ]}));
    assert_eq!(q.item(0).text.get("en"), "Colour");
    assert_eq!(q.item(0).options[0].label.get("en"), "Red");
    assert_eq!(q.item(0).options[0].weight, Some(2.0));
    let f = Form::new(q.clone());
    let chosen = f.answers(&slot(&q, "c", &[]));
    assert!(chosen.len() == 1 && chosen[0].matches(&code("b")), "{chosen:?}");
    assert_eq!(f.answers(&slot(&q, "n", &[])), &[AnswerValue::Integer(3)]);
}

#[test]
fn validation_required_ranges_and_length() {
    let q = load(json!({"resourceType": "Questionnaire", "item": [
        {"linkId": "g", "type": "group", "item": [
            {"linkId": "req", "type": "string", "required": true},
            {"linkId": "n", "type": "integer", "extension": [
                {"url": "http://hl7.org/fhir/StructureDefinition/minValue", "valueInteger": 0},
                {"url": "http://hl7.org/fhir/StructureDefinition/maxValue", "valueInteger": 10}]},
            {"linkId": "s", "type": "string", "maxLength": 3},
            {"linkId": "off", "type": "string", "required": true,
             "enableWhen": [{"question": "n", "operator": "=", "answerInteger": 99}]}
        ]}
    ]}));
    let mut f = Form::new(q.clone());
    let g = vec![q.find("g").unwrap()];
    assert_eq!(f.validate(&g).iter().map(|i| &i.problem).collect::<Vec<_>>(), vec![&Invalid::Required]);
    f.set_answer(slot(&q, "req", &[]), Some(AnswerValue::String("x".into())));
    f.set_answer(slot(&q, "n", &[]), Some(AnswerValue::Integer(11)));
    f.set_answer(slot(&q, "s", &[]), Some(AnswerValue::String("abcd".into())));
    let problems: Vec<_> = f.validate(&g).into_iter().map(|i| i.problem).collect();
    assert_eq!(problems, vec![Invalid::AboveMax { max: "10".into() }, Invalid::TooLong { max: 3 }]);
    let s = q.item(q.find("s").unwrap());
    assert_eq!(parse_input(s, "abcd"), Err(InputProblem::TooLong { max: 3 }));
    let n = q.item(q.find("n").unwrap());
    assert_eq!(parse_input(n, "1,5"), Err(InputProblem::NotAWholeNumber));
    assert_eq!(parse_input(n, "  "), Ok(None));
}

#[test]
fn input_parsing_per_type() {
    let q = load(json!({"resourceType": "Questionnaire", "item": [
        {"linkId": "d", "type": "decimal"}, {"linkId": "t", "type": "time"},
        {"linkId": "dt", "type": "dateTime"}, {"linkId": "date", "type": "date"}]}));
    assert_eq!(parse_input(q.item(0), "1,5"), Ok(Some(AnswerValue::Decimal(1.5))));
    assert_eq!(parse_input(q.item(0), "NaN"), Err(InputProblem::NotANumber));
    assert_eq!(input_text(&AnswerValue::Decimal(1.8), true), "1,8");
    assert_eq!(input_text(&AnswerValue::Decimal(1.8), false), "1.8");
    assert_eq!(
        parse_input(q.item(0), &input_text(&AnswerValue::Decimal(1.75), true)),
        Ok(Some(AnswerValue::Decimal(1.75)))
    );
    assert_eq!(input_text(&AnswerValue::Time("09:30:00".into()), true), "09:30");
    assert_eq!(parse_input(q.item(1), "09:30"), Ok(Some(AnswerValue::Time("09:30:00".into()))));
    assert_eq!(
        parse_input(q.item(2), "2024-05-01T10:30"),
        Ok(Some(AnswerValue::DateTime("2024-05-01T10:30:00".into())))
    );
    assert_eq!(parse_input(q.item(3), "1-5-2024"), Err(InputProblem::NotADate));
}

#[test]
fn pages_skip_disabled_screens() {
    let q = load(json!({"resourceType": "Questionnaire", "item": [
        {"linkId": "intro", "type": "display", "text": "Welkom"},
        {"linkId": "a", "type": "boolean"},
        {"linkId": "g", "type": "group", "enableWhen": [{"question": "a", "operator": "=", "answerBoolean": true}],
         "item": [{"linkId": "b", "type": "string"}]},
        {"linkId": "c", "type": "string"}
    ]}));
    let ps = pages(&q);
    assert_eq!(ps.len(), 3);
    assert_eq!(ps[0].roots.len(), 2, "display goes with the next question");
    let mut f = Form::new(q.clone());
    assert_eq!(f.next_page(&ps, 0), Some(2));
    assert_eq!(f.navigation(&ps, 2), Navigation { current: 2, total: 2, has_previous: true, is_last: true });
    assert_eq!(f.navigation(&ps, 0), Navigation { current: 1, total: 2, has_previous: false, is_last: false });
    f.set_answer(slot(&q, "a", &[]), Some(AnswerValue::Boolean(true)));
    assert_eq!(f.next_page(&ps, 0), Some(1));
    assert_eq!(f.previous_page(&ps, 2), Some(1));
}

#[test]
fn a_change_only_invalidates_what_depends_on_it() {
    let mut items = vec![json!({"linkId": "switch", "type": "boolean"})];
    for i in 0..1000 {
        let mut it = json!({"linkId": format!("q{i}"), "type": "string"});
        if i % 100 == 0 {
            it["enableWhen"] = json!([{"question": "switch", "operator": "=", "answerBoolean": true}]);
        }
        items.push(it);
    }
    let q = load(json!({"resourceType": "Questionnaire", "item": items}));
    assert_eq!(q.affected[0].len(), 10);
    assert!(q.affected[5].is_empty());
    let mut f = Form::new(q.clone());
    f.set_answer(slot(&q, "switch", &[]), Some(AnswerValue::Boolean(true)));
    assert!(f.is_enabled(&slot(&q, "q100", &[])));
    f.set_answer(slot(&q, "switch", &[]), Some(AnswerValue::Boolean(false)));
    assert!(!f.is_enabled(&slot(&q, "q100", &[])));
}

/// A `display` child with itemControl `help` or `flyover` (FHIR R4's form for "what does this
/// mean?") is read as the explanation of its parent: in its language, not a question, not a
/// child, and never in the response.
#[test]
fn help_and_flyover_items_explain_their_parent() {
    let control = |code: &str| {
        json!([{"url": "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl",
            "valueCodeableConcept": {"coding": [{"system": "http://hl7.org/fhir/questionnaire-item-control", "code": code}]}}])
    };
    let en = |t: &str| {
        json!({"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/translation",
            "extension": [{"url": "lang", "valueCode": "en"}, {"url": "content", "valueString": t}]}]})
    };
    let q = load(json!({
        "resourceType": "Questionnaire",
        "item": [
            {"linkId": "top-help", "type": "display", "text": "Geen vraag boven mij.", "extension": control("help")},
            {"linkId": "g", "type": "group", "text": "Wonen", "item": [
                {"linkId": "g-help", "type": "display", "text": "Over uw huis.", "extension": control("help")},
                {"linkId": "huur", "type": "boolean", "text": "Huurt u?", "required": true, "item": [
                    {"linkId": "huur-help", "type": "display", "text": "Huren: u betaalt elke maand.",
                        "_text": en("Renting: you pay every month."), "extension": control("help")},
                    {"linkId": "huur-kort", "type": "display", "text": "Kort gezegd.", "extension": control("flyover")},
                    {"linkId": "huur-verborgen", "type": "display", "text": "Niet tonen.", "extension": json!([
                        control("help")[0].clone(),
                        {"url": "http://hl7.org/fhir/StructureDefinition/questionnaire-hidden", "valueBoolean": true}])}
                ]},
                {"linkId": "uitleg", "type": "display", "text": "Gewone uitleg."},
                {"linkId": "met-kind", "type": "display", "text": "Een blok.", "extension": control("help"), "item": [
                    {"linkId": "binnen", "type": "string", "text": "Binnen"}]}
            ]}
        ]
    }));
    let item = |l: &str| q.item(q.find(l).unwrap());
    let huur = item("huur");
    assert_eq!(huur.help.len(), 2, "help and flyover, not the hidden one");
    assert_eq!(huur.help[0].get("nl"), "Huren: u betaalt elke maand.");
    assert_eq!(huur.help[0].get("en"), "Renting: you pay every month.");
    assert_eq!(huur.help[1].get("en"), "Kort gezegd.", "without a translation: the base text");
    assert!(huur.children.is_empty(), "explanations are not children");
    assert_eq!(item("g").help.len(), 1, "a group can be explained too");
    for l in ["huur-help", "huur-kort", "huur-verborgen", "g-help"] {
        assert!(item(l).is_help, "{l}");
        assert!(!item(l).kind.is_question(), "{l}");
    }
    // Without a parent, or with items of its own, a display item stays an ordinary item.
    assert!(!item("top-help").is_help);
    assert!(!item("met-kind").is_help);
    assert!(item("met-kind").help.is_empty());
    let g_children: Vec<&str> = item("g").children.iter().map(|&c| q.item(c).link_id.as_str()).collect();
    assert_eq!(g_children, ["huur", "uitleg", "met-kind"]);
    assert!(!q.descendants(q.find("g").unwrap()).iter().any(|&d| q.item(d).is_help));
    // Screens: the top-level display item is on the group's screen, as before.
    assert_eq!(pages(&q).len(), 1);

    // The help is not a question: validation asks only for the real answer, and the response
    // holds no trace of any explanation.
    let mut f = Form::new(q.clone());
    let g = vec![q.find("g").unwrap()];
    let problems: Vec<_> = f.validate(&g).into_iter().map(|p| q.item(p.slot.item).link_id.clone()).collect();
    assert_eq!(problems, ["huur"]);
    f.set_answer(slot(&q, "huur", &[]), Some(AnswerValue::Boolean(true)));
    f.set_answer(slot(&q, "binnen", &[]), Some(AnswerValue::String("ja".into())));
    assert!(f.validate(&g).is_empty());
    let r = f.to_response(ResponseStatus::Completed, None).to_string();
    assert!(r.contains("\"huur\"") && r.contains("\"binnen\""), "{r}");
    for l in ["huur-help", "huur-kort", "huur-verborgen", "g-help", "Huren", "Renting", "Kort gezegd", "Over uw huis"] {
        assert!(!r.contains(l), "{l} in {r}");
    }
    // A help item's linkId still counts: a second item with it is a duplicate.
    let dup = questionnaire_from_value(&json!({"resourceType": "Questionnaire", "item": [
        {"linkId": "v", "type": "string", "item": [{"linkId": "h", "type": "display", "text": "x", "extension": control("help")}]},
        {"linkId": "h", "type": "string"}]}));
    assert!(matches!(&dup.unwrap_err()[..], [LoadIssue { problem: LoadProblem::DuplicateLinkId { .. }, .. }]));
}

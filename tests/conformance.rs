//! Conformance of the questionnaire engine against public FHIR R4 questionnaires
//! (`../shared/conformance/fhir-r4/`, see its SOURCES.md) and the app's own
//! `public/questionnaires/`.
//!
//! Every loadable questionnaire is filled in completely and exported as a
//! `QuestionnaireResponse` into `target/fhir-samples/<file-stem>.json`; those samples are checked
//! here against the structural rules of FHIR and afterwards, independently, by
//! `tests/fhir_validate.py` (the `fhir.resources` R4B models).

use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use wijkpeil::engine::*;

const AUTHORED: &str = "2026-11-22T10:00:00+01:00";
const CONFORMANCE_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/conformance/fhir-r4");
const PUBLIC_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/public/questionnaires");
const SAMPLES_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/target/fhir-samples");

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn load_path(path: &Path) -> Arc<Questionnaire> {
    match parse_questionnaire(&read(path)) {
        Ok(q) => Arc::new(q),
        Err(issues) => {
            let list: Vec<String> = issues.iter().map(|i| format!("  - {i}")).collect();
            panic!("{} does not load:\n{}", path.display(), list.join("\n"))
        }
    }
}

fn conformance(file: &str) -> Arc<Questionnaire> {
    load_path(&Path::new(CONFORMANCE_DIR).join(file))
}

fn id(q: &Questionnaire, link_id: &str) -> ItemId {
    q.find(link_id).unwrap_or_else(|| panic!("no item with linkId {link_id:?}"))
}

fn slot(q: &Questionnaire, link_id: &str, reps: &[u32]) -> Slot {
    Slot::new(id(q, link_id), reps.to_vec())
}

fn coding(system: &str, code: &str) -> AnswerValue {
    AnswerValue::Coding(Coding { system: Some(system.into()), code: Some(code.into()), display: None })
}

fn string(s: &str) -> AnswerValue {
    AnswerValue::String(s.into())
}

/// The answer option of an item whose coding has `code`.
fn option(q: &Questionnaire, link_id: &str, code: &str) -> AnswerValue {
    let item = q.item(id(q, link_id));
    item.options
        .iter()
        .map(|o| o.value.clone())
        .find(|v| v.code() == Some(code))
        .unwrap_or_else(|| panic!("{link_id} has no option with code {code:?}"))
}

fn enabled(f: &Form, link_id: &str) -> bool {
    f.is_enabled(&slot(&f.def, link_id, &[]))
}

/// Every response item (depth first, answers' nested items included) as (linkId, item).
fn response_items(resp: &Value) -> Vec<(String, &Value)> {
    fn walk<'a>(list: &'a Value, out: &mut Vec<(String, &'a Value)>) {
        for it in list.as_array().into_iter().flatten() {
            out.push((it["linkId"].as_str().unwrap_or_default().to_string(), it));
            walk(&it["item"], out);
            for a in it["answer"].as_array().into_iter().flatten() {
                walk(&a["item"], out);
            }
        }
    }
    let mut out = Vec::new();
    walk(&resp["item"], &mut out);
    out
}

fn response_link_ids(resp: &Value) -> Vec<String> {
    response_items(resp).into_iter().map(|(l, _)| l).collect()
}

/// The (first) response item with this linkId.
fn response_item<'a>(resp: &'a Value, link_id: &str) -> Option<&'a Value> {
    response_items(resp).into_iter().find(|(l, _)| l == link_id).map(|(_, v)| v)
}

fn write_sample(stem: &str, resp: &Value) {
    std::fs::create_dir_all(SAMPLES_DIR).expect("create target/fhir-samples");
    let path = Path::new(SAMPLES_DIR).join(format!("{stem}.json"));
    let text = serde_json::to_string_pretty(resp).expect("serialize response");
    std::fs::write(&path, text + "\n").unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

// --- FHIR primitive formats (R4 regexes, written out by hand) ---------------------------------

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn num_in(s: &str, lo: u32, hi: u32) -> bool {
    digits(s) && s.parse::<u32>().is_ok_and(|n| (lo..=hi).contains(&n))
}

/// FHIR `date`: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with real month and day numbers.
fn fhir_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let year = parts[0].len() == 4 && digits(parts[0]) && parts[0] != "0000";
    match parts.as_slice() {
        [_] => year,
        [_, m] => year && m.len() == 2 && num_in(m, 1, 12),
        [_, m, d] => year && m.len() == 2 && num_in(m, 1, 12) && d.len() == 2 && num_in(d, 1, 31),
        _ => false,
    }
}

/// FHIR `time`: `hh:mm:ss` with optional fraction.
fn fhir_time(s: &str) -> bool {
    let (main, frac) = match s.split_once('.') {
        Some((m, f)) => (m, Some(f)),
        None => (s, None),
    };
    let p: Vec<&str> = main.split(':').collect();
    p.len() == 3
        && p.iter().all(|x| x.len() == 2)
        && num_in(p[0], 0, 23)
        && num_in(p[1], 0, 59)
        && num_in(p[2], 0, 60)
        && frac.is_none_or(digits)
}

/// FHIR `dateTime`: a date, or a full date with time **and** time zone.
fn fhir_date_time(s: &str) -> bool {
    let Some((date, rest)) = s.split_once('T') else { return fhir_date(s) };
    if date.len() != 10 || !fhir_date(date) {
        return false;
    }
    let (time, zone) = if let Some(t) = rest.strip_suffix('Z') {
        (t, "Z")
    } else if rest.len() > 6 {
        rest.split_at(rest.len() - 6)
    } else {
        return false;
    };
    let zone_ok = zone == "Z"
        || (zone.len() == 6
            && (zone.starts_with('+') || zone.starts_with('-'))
            && &zone[3..4] == ":"
            && num_in(&zone[1..3], 0, 14)
            && num_in(&zone[4..6], 0, 59));
    fhir_time(time) && zone_ok
}

/// Checks one `value[x]` of a response answer; returns a problem text.
fn check_primitive(key: &str, v: &Value) -> Option<String> {
    let bad = |what: &str| Some(format!("{key} = {v} is not a valid FHIR {what}"));
    match key {
        "valueBoolean" => (!v.is_boolean()).then(|| bad("boolean"))?,
        "valueInteger" => match v.as_i64() {
            Some(n) if i32::try_from(n).is_ok() => None,
            _ => bad("integer (32-bit)"),
        },
        "valueDecimal" => (!v.as_f64().is_some_and(f64::is_finite)).then(|| bad("decimal"))?,
        "valueString" => match v.as_str() {
            Some(s) if !s.trim().is_empty() => None,
            _ => bad("string (non-empty)"),
        },
        "valueDate" => (!v.as_str().is_some_and(fhir_date)).then(|| bad("date"))?,
        "valueDateTime" => (!v.as_str().is_some_and(fhir_date_time)).then(|| bad("dateTime"))?,
        "valueTime" => (!v.as_str().is_some_and(fhir_time)).then(|| bad("time"))?,
        "valueCoding" => {
            let o = v.as_object()?;
            let allowed = ["system", "version", "code", "display", "userSelected"];
            if o.is_empty() || o.keys().any(|k| !allowed.contains(&k.as_str())) {
                return bad("Coding");
            }
            None
        }
        _ => Some(format!("{key}: value[x] type this app never writes")),
    }
}

/// The structural rules of a QuestionnaireResponse for `q`; returns every violation.
fn check_response(q: &Questionnaire, resp: &Value) -> Vec<String> {
    let mut errs = Vec::new();
    if resp["resourceType"] != "QuestionnaireResponse" {
        errs.push(format!("resourceType is {}", resp["resourceType"]));
    }
    if !matches!(resp["status"].as_str(), Some("in-progress" | "completed")) {
        errs.push(format!("status is {}", resp["status"]));
    }
    if let Some(c) = q.canonical() {
        if resp["questionnaire"] != json!(c) {
            errs.push(format!("questionnaire is {}, expected {c}", resp["questionnaire"]));
        }
    }
    if let Some(a) = resp.get("authored") {
        if !a.as_str().is_some_and(fhir_date_time) {
            errs.push(format!("authored {a} is not a FHIR dateTime"));
        }
    }
    let allowed_root = ["resourceType", "questionnaire", "status", "authored", "item", "id", "subject"];
    for k in resp.as_object().map(Map::keys).into_iter().flatten() {
        if !allowed_root.contains(&k.as_str()) {
            errs.push(format!("unexpected root field {k}"));
        }
    }
    if let Some(items) = resp.get("item") {
        check_items(q, items, None, "item", &mut errs);
    }
    errs
}

/// `container`: the questionnaire item the list sits under (None = the root).
fn check_items(q: &Questionnaire, list: &Value, container: Option<ItemId>, at: &str, errs: &mut Vec<String>) {
    let Some(list) = list.as_array() else {
        errs.push(format!("{at} is not an array"));
        return;
    };
    if list.is_empty() {
        errs.push(format!("{at} is an empty array (FHIR forbids empty arrays)"));
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, it) in list.iter().enumerate() {
        let here = format!("{at}[{i}]");
        let Some(obj) = it.as_object() else {
            errs.push(format!("{here} is not an object"));
            continue;
        };
        let Some(link) = obj.get("linkId").and_then(Value::as_str) else {
            errs.push(format!("{here} has no linkId"));
            continue;
        };
        let here = format!("{here}({link})");
        *seen.entry(link).or_default() += 1;
        for k in obj.keys() {
            if !["linkId", "text", "answer", "item", "definition"].contains(&k.as_str()) {
                errs.push(format!("{here}: unexpected field {k}"));
            }
        }
        let Some(qid) = q.find(link) else {
            errs.push(format!("{here}: linkId not in the questionnaire"));
            continue;
        };
        let item = q.item(qid);
        if let Some(c) = container {
            if !q.descendants(c).contains(&qid) {
                errs.push(format!("{here}: not below {} in the questionnaire", q.item(c).link_id));
            }
        }
        if let Some(t) = obj.get("text") {
            if t.as_str() != Some(item.text.base.as_str()) {
                errs.push(format!("{here}: text {t} differs from the questionnaire"));
            }
        }
        match item.kind {
            ItemType::Group => {
                if obj.contains_key("answer") {
                    errs.push(format!("{here}: group item has an answer"));
                }
                match obj.get("item") {
                    Some(children) => check_items(q, children, Some(qid), &format!("{here}.item"), errs),
                    None => errs.push(format!("{here}: group item without items")),
                }
            }
            k if k.is_question() => {
                if obj.contains_key("item") {
                    errs.push(format!("{here}: question item has items beside its answers"));
                }
                let Some(answers) = obj.get("answer").and_then(Value::as_array).filter(|a| !a.is_empty()) else {
                    errs.push(format!("{here}: question item without answers"));
                    continue;
                };
                if answers.len() > 1 && !item.repeats {
                    errs.push(format!("{here}: {} answers to a question that does not repeat", answers.len()));
                }
                for (j, a) in answers.iter().enumerate() {
                    let at_a = format!("{here}.answer[{j}]");
                    let Some(ao) = a.as_object() else {
                        errs.push(format!("{at_a} is not an object"));
                        continue;
                    };
                    let values: Vec<&String> = ao.keys().filter(|k| k.starts_with("value")).collect();
                    if values.len() != 1 {
                        errs.push(format!("{at_a}: {} value[x] keys, expected exactly 1", values.len()));
                    }
                    for key in ao.keys().filter(|k| !k.starts_with("value") && k.as_str() != "item") {
                        errs.push(format!("{at_a}: unexpected field {key}"));
                    }
                    for key in values {
                        if let Some(p) = check_primitive(key, &ao[key]) {
                            errs.push(format!("{at_a}: {p}"));
                        }
                    }
                    match AnswerValue::from_fhir(ao, "value") {
                        Ok(Some(v)) if k.accepts(&v) => {}
                        other => errs.push(format!("{at_a}: value {other:?} does not fit type {}", item.type_code)),
                    }
                    if let Some(children) = ao.get("item") {
                        check_items(q, children, Some(qid), &format!("{at_a}.item"), errs);
                    }
                }
            }
            _ => errs.push(format!("{here}: {} item in the response", item.type_code)),
        }
    }
    // Only repeating groups may appear more than once among siblings.
    for (link, n) in seen {
        let rep_group = q.find(link).is_some_and(|i| q.item(i).is_repeating_group());
        if n > 1 && !rep_group {
            errs.push(format!("{at}: linkId {link} appears {n} times but is not a repeating group"));
        }
    }
}

fn assert_valid(q: &Questionnaire, resp: &Value) {
    let errs = check_response(q, resp);
    assert!(errs.is_empty(), "response breaks FHIR rules:\n  {}\n{resp:#}", errs.join("\n  "));
}

// --- Filling in a whole form ------------------------------------------------------------------

/// A plausible answer (or answers, for repeating questions) to an item; empty when a person
/// could not answer it in this app (a choice whose options are in an external value set).
fn plausible(item: &Item) -> Vec<AnswerValue> {
    let clamp_i = |n: i64| {
        let lo = item.min_value.as_ref().and_then(AnswerValue::as_number).map_or(i64::MIN, |x| x.ceil() as i64);
        let hi = item.max_value.as_ref().and_then(AnswerValue::as_number).map_or(i64::MAX, |x| x.floor() as i64);
        n.max(lo).min(hi)
    };
    let clamp_f = |n: f64| {
        let lo = item.min_value.as_ref().and_then(AnswerValue::as_number).unwrap_or(f64::MIN);
        let hi = item.max_value.as_ref().and_then(AnswerValue::as_number).unwrap_or(f64::MAX);
        n.max(lo).min(hi)
    };
    let text = |s: &str| {
        let t: String = s.chars().take(item.max_length.unwrap_or(usize::MAX)).collect();
        AnswerValue::String(t)
    };
    let how_many = if item.repeats { 2 } else { 1 };
    match item.kind {
        ItemType::Boolean => vec![AnswerValue::Boolean(true)],
        ItemType::Choice | ItemType::OpenChoice if !item.options.is_empty() => {
            item.options.iter().take(how_many).map(|o| o.value.clone()).collect()
        }
        ItemType::OpenChoice => vec![text("iets anders")],
        ItemType::Choice => Vec::new(),
        ItemType::Integer => vec![AnswerValue::Integer(clamp_i(3))],
        ItemType::Decimal => vec![AnswerValue::Decimal(clamp_f(2.5))],
        ItemType::String => vec![text("antwoord")],
        ItemType::Text => vec![text("Een langer antwoord.\nMet twee regels.")],
        ItemType::Date => vec![AnswerValue::Date("2026-11-22".into())],
        ItemType::DateTime => vec![AnswerValue::DateTime(AUTHORED.into())],
        ItemType::Time => vec![AnswerValue::Time("10:30:00".into())],
        ItemType::Group | ItemType::Display | ItemType::Unsupported => Vec::new(),
    }
}

/// One pass over `ids` in context `reps`: answers every enabled, unanswered question and gives
/// every enabled repeating group a second instance. Returns how many changes it made.
fn fill_pass(f: &mut Form, ids: &[ItemId], reps: &[u32]) -> usize {
    let def = f.def.clone();
    let mut changes = 0;
    for &i in ids {
        let item = def.item(i);
        let s = Slot::new(i, reps.to_vec());
        if !f.is_enabled(&s) {
            continue;
        }
        if item.is_repeating_group() {
            if f.group_count(&s) < 2 {
                f.add_group_instance(s.clone());
                changes += 1;
            }
            for n in 0..f.group_count(&s) {
                let mut inner = reps.to_vec();
                inner.push(n);
                changes += fill_pass(f, &item.children, &inner);
            }
            continue;
        }
        if item.kind.is_question() && f.answers(&s).is_empty() {
            let values = plausible(item);
            if !values.is_empty() {
                f.set_answers(s, values);
                changes += 1;
            }
        }
        changes += fill_pass(f, &item.children, reps);
    }
    changes
}

fn fill_everything(f: &mut Form) {
    let roots = f.def.roots.clone();
    for _ in 0..20 {
        if fill_pass(f, &roots, &[]) == 0 {
            return;
        }
    }
    panic!("filling in did not settle after 20 passes");
}

/// Fills in a questionnaire file completely, checks the response and writes the sample.
fn fill_check_export(path: &Path) {
    let q = load_path(path);
    let mut f = Form::new(q.clone());
    fill_everything(&mut f);
    let resp = f.to_response(ResponseStatus::Completed, Some(AUTHORED));
    assert_valid(&q, &resp);

    // Every enabled question that a person can answer here is in the response.
    let exported = response_link_ids(&resp);
    for (i, item) in q.items.iter().enumerate() {
        if item.kind.is_question() && item.repeat_scope.is_empty() && f.is_enabled(&Slot::new(i, Vec::new())) {
            let answerable = !plausible(item).is_empty() || !f.answers(&Slot::new(i, Vec::new())).is_empty();
            assert_eq!(exported.contains(&item.link_id), answerable, "{}: {}", path.display(), item.link_id);
        }
    }
    // Each repeating group that shows up does so once per instance (two, after filling in).
    let mut per_list: Vec<HashMap<String, usize>> = Vec::new();
    fn count_lists(list: &Value, out: &mut Vec<HashMap<String, usize>>) {
        let mut m = HashMap::new();
        for it in list.as_array().into_iter().flatten() {
            *m.entry(it["linkId"].as_str().unwrap_or_default().to_string()).or_default() += 1;
            count_lists(&it["item"], out);
            for a in it["answer"].as_array().into_iter().flatten() {
                count_lists(&a["item"], out);
            }
        }
        out.push(m);
    }
    count_lists(&resp["item"], &mut per_list);
    for m in &per_list {
        for (link, n) in m {
            if q.find(link).is_some_and(|i| q.item(i).is_repeating_group()) {
                assert_eq!(*n, 2, "{}: repeating group {link} should appear twice", path.display());
            }
        }
    }
    // Nothing is left for validation except questions nobody can answer here.
    for issue in f.validate(&q.roots) {
        let item = q.item(issue.slot.item);
        let unanswerable = item.options_missing
            || (item.kind == ItemType::Group
                && q.descendants(issue.slot.item).iter().all(|&d| plausible(q.item(d)).is_empty()));
        assert!(unanswerable, "{}: after filling in, {}: {:?}", path.display(), item.link_id, issue.problem);
    }
    let stem = path.file_stem().and_then(|s| s.to_str()).expect("file stem");
    write_sample(stem, &resp);
}

// ---------------------------------------------------------------------------------------------
// Every file loads, is filled in, and exports a valid response
// ---------------------------------------------------------------------------------------------

/// The files the per-file tests below cover; `all_files_are_covered` keeps the list complete.
const CONFORMANCE_FILES: &[&str] = &[
    "framingham-HCHD.json",
    "hunger-vital-signs.json",
    "metabolic.json",
    "phq9.json",
    "questionnaire-sdc-profile-example-PHQ9.json",
    "questionnaire-sdc-test-all-data-types.json",
    "questionnaire-sdc-test-enablewhen.json",
    "questionnaire-sdc-test-initial-value-multiple.json",
    "questionnaire-sdc-test-initial-value.json",
    "questionnaire-sdc-test-repeatable-nested-groups.json",
    "questionnaire-sdc-test-required-field.json",
    "ussg-fhp.json",
    "vital-sign-questionnaire.json",
    "weight-height-questionnaire.json",
];
const PUBLIC_FILES: &[&str] =
    &["hoe-gaat-het.json", "past-mijn-vraag.json", "vervolg-start.json", "vervolg.json", "voorbeeld-alles.json"];

fn json_files(dir: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {dir}: {e}"))
        .map(|e| e.expect("dir entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    names
}

#[test]
fn all_files_are_covered() {
    let conf: Vec<String> =
        json_files(CONFORMANCE_DIR).into_iter().filter(|n| !n.starts_with("questionnaireresponse-")).collect();
    assert_eq!(conf, CONFORMANCE_FILES, "add new conformance files to CONFORMANCE_FILES and a test");
    let public: Vec<String> =
        json_files(PUBLIC_DIR).into_iter().filter(|n| n != "index.json" && n != "voorbeeld-kapot.json").collect();
    assert_eq!(public, PUBLIC_FILES, "add new public questionnaires to PUBLIC_FILES and a test");
}

/// Every questionnaire the app lists in `index.json` exists and loads.
#[test]
fn public_index_lists_loadable_files() {
    let index: Value = serde_json::from_str(&read(&Path::new(PUBLIC_DIR).join("index.json"))).expect("index.json");
    let entries = index.as_array().expect("index.json is a list");
    assert!(!entries.is_empty());
    for e in entries {
        let file = e["file"].as_str().expect("entry has file");
        let q = load_path(&Path::new(PUBLIC_DIR).join(file));
        assert_eq!(q.id.as_deref(), e["id"].as_str(), "{file}: id differs from index.json");
    }
}

macro_rules! file_tests {
    ($dir:expr, $( $(#[$attr:meta])* $name:ident => $file:literal ),* $(,)?) => {
        $(
            $(#[$attr])*
            #[test]
            fn $name() {
                fill_check_export(&PathBuf::from($dir).join($file));
            }
        )*
    };
}

file_tests!(CONFORMANCE_DIR,
    fill_framingham_hchd => "framingham-HCHD.json",
    fill_hunger_vital_signs => "hunger-vital-signs.json",
    fill_metabolic => "metabolic.json",
    fill_phq9 => "phq9.json",
    fill_sdc_phq9 => "questionnaire-sdc-profile-example-PHQ9.json",
    fill_sdc_all_data_types => "questionnaire-sdc-test-all-data-types.json",
    fill_sdc_enablewhen => "questionnaire-sdc-test-enablewhen.json",

    fill_sdc_initial_value_multiple => "questionnaire-sdc-test-initial-value-multiple.json",
    fill_sdc_initial_value => "questionnaire-sdc-test-initial-value.json",
    fill_sdc_repeatable_nested_groups => "questionnaire-sdc-test-repeatable-nested-groups.json",
    fill_sdc_required_field => "questionnaire-sdc-test-required-field.json",
    fill_ussg_fhp => "ussg-fhp.json",
    fill_vital_signs => "vital-sign-questionnaire.json",
    fill_weight_height => "weight-height-questionnaire.json",
);

file_tests!(PUBLIC_DIR,
    fill_public_hoe_gaat_het => "hoe-gaat-het.json",
    fill_public_past_mijn_vraag => "past-mijn-vraag.json",
    fill_public_vervolg => "vervolg.json",
    fill_public_vervolg_start => "vervolg-start.json",
    fill_public_voorbeeld_alles => "voorbeeld-alles.json",
);

#[test]
fn broken_example_lists_every_problem_with_positions() {
    let errs = parse_questionnaire(&read(&Path::new(PUBLIC_DIR).join("voorbeeld-kapot.json")))
        .expect_err("voorbeeld-kapot.json must not load");
    let found: Vec<(Option<&str>, Option<&str>, &LoadProblem)> = errs
        .iter()
        .map(|e| {
            let p = e.path.as_ref();
            (p.map(|p| p.position.as_str()), p.and_then(|p| p.link_id.as_deref()), &e.problem)
        })
        .collect();
    let expected = [
        (Some("1.1"), Some("leeftijd"), LoadProblem::OptionDoesNotFit { answer_type: "Date".into() }),
        (
            Some("1.3"),
            Some("woonplaats"),
            LoadProblem::DuplicateLinkId { link_id: "woonplaats".into(), first_position: "1.2".into() },
        ),
        (Some("1.4"), Some("toelichting"), LoadProblem::EnableWhenTargetMissing { question: "bestaat_niet".into() }),
        (Some("1.5"), Some("zonder_type"), LoadProblem::MissingType),
    ];
    for (pos, link, problem) in &expected {
        assert!(found.contains(&(*pos, *link, problem)), "missing {pos:?} {link:?} {problem:?} in {found:#?}");
    }
    assert_eq!(errs.len(), expected.len(), "unexpected extra problems: {found:#?}");
    // Each problem names an item: nothing is reported for "the file" in general.
    assert!(errs.iter().all(|e| e.path.is_some()));
    // Readable for logs: position and linkId come first.
    assert!(errs[0].to_string().starts_with("item 1.1 (leeftijd): "), "{}", errs[0]);
}

// ---------------------------------------------------------------------------------------------
// SDC enableWhen test form, scenario by scenario
// ---------------------------------------------------------------------------------------------

const EW: &str = "questionnaire-sdc-test-enablewhen.json";

mod s1 {
    pub const Q1: &str = "83d5c1a6-5dc3-44d0-9d9e-d687c72e143e";
    pub const Q2: &str = "fe0106a5-0e25-43a4-9820-7acb7e74d9d7";
    pub const Q3_RADIO: &str = "s1-radio";
    pub const Q4_789: &str = "5e1209b7-c9e0-4bf4-b228-fr096s903m25";
    pub const Q_456: &str = "5e1209b7-c9e0-4bf4-b228-c6591b540qmo";
    pub const HIDDEN_UNTIL_Q1: &str = "e5da17a7-7546-45c5-9bcd-d0b09a74cc14";
    pub const HIDDEN_UNTIL_RADIO_2: &str = "e5da17a7-7546-45c5-9bcd-d0b09a74ty76";
    pub const GROUP_UNTIL_Q1: &str = "65578509-21ae-4a48-94de-e46b1e87d3fb";
    pub const GROUP_UNTIL_Q1_CHILD: &str = "65578509-21ae-4a48-94de-e46b1e54kjui";
    pub const GROUP_PRESENT_UNTIL_Q2: &str = "3ca80fdf-6598-4dd7-b9df-8a2f10895e4e";
    pub const GROUP_UNTIL_RADIO_2: &str = "65578509-21ae-4a48-94de-e46be454f8k1";
    pub const GROUP_UNTIL_DROPDOWN_4: &str = "65578509-21ae-4a48-94de-h1l9v32opase";
    pub const GROUP_NOT_7: &str = "65578509-21ae-4a48-3f56-aswtysn1238";
    pub const GROUP_8_AND_4: &str = "76daed4f-f957-45cb-9584-aab95f6021d4";
}

#[test]
fn scenario1_checkboxes_radios_and_dropdowns() {
    use s1::*;
    let q = conformance(EW);
    let mut f = Form::new(q.clone());
    // Nothing answered: everything that waits for an answer is hidden.
    for l in [HIDDEN_UNTIL_Q1, HIDDEN_UNTIL_RADIO_2, GROUP_UNTIL_Q1, GROUP_UNTIL_Q1_CHILD, GROUP_UNTIL_RADIO_2] {
        assert!(!enabled(&f, l), "{l} shown before anything was answered");
    }
    assert!(!enabled(&f, GROUP_UNTIL_DROPDOWN_4) && !enabled(&f, GROUP_8_AND_4));

    // "Question hidden until Q1 checked", "Group hidden until enabled Q1 checked".
    f.set_answer(slot(&q, Q1, &[]), Some(AnswerValue::Boolean(true)));
    assert!(enabled(&f, HIDDEN_UNTIL_Q1) && enabled(&f, GROUP_UNTIL_Q1) && enabled(&f, GROUP_UNTIL_Q1_CHILD));
    f.set_answer(slot(&q, Q1, &[]), Some(AnswerValue::Boolean(false)));
    assert!(!enabled(&f, HIDDEN_UNTIL_Q1) && !enabled(&f, GROUP_UNTIL_Q1_CHILD), "unchecked Q1 hides again");

    // "Group present until Q2 checked" (enableWhen Q2 = false).
    f.set_answer(slot(&q, Q2, &[]), Some(AnswerValue::Boolean(false)));
    assert!(enabled(&f, GROUP_PRESENT_UNTIL_Q2));
    f.set_answer(slot(&q, Q2, &[]), Some(AnswerValue::Boolean(true)));
    assert!(!enabled(&f, GROUP_PRESENT_UNTIL_Q2));

    // "Question hidden until Q3 radio 2 Selected": answerString "2" against coding code "2".
    f.set_answer(slot(&q, Q3_RADIO, &[]), Some(option(&q, Q3_RADIO, "1")));
    assert!(!enabled(&f, HIDDEN_UNTIL_RADIO_2) && !enabled(&f, GROUP_UNTIL_RADIO_2));
    f.set_answer(slot(&q, Q3_RADIO, &[]), Some(option(&q, Q3_RADIO, "2")));
    assert!(enabled(&f, HIDDEN_UNTIL_RADIO_2) && enabled(&f, GROUP_UNTIL_RADIO_2));

    // "Group hidden until dropdown selected" (= "4").
    f.set_answer(slot(&q, Q_456, &[]), Some(option(&q, Q_456, "5")));
    assert!(!enabled(&f, GROUP_UNTIL_DROPDOWN_4));
    f.set_answer(slot(&q, Q_456, &[]), Some(option(&q, Q_456, "4")));
    assert!(enabled(&f, GROUP_UNTIL_DROPDOWN_4));

    // "Group hidden until 7 is undeleted" (!= "7").
    f.set_answer(slot(&q, Q4_789, &[]), Some(option(&q, Q4_789, "7")));
    assert!(!enabled(&f, GROUP_NOT_7));
    f.set_answer(slot(&q, Q4_789, &[]), Some(option(&q, Q4_789, "9")));
    assert!(enabled(&f, GROUP_NOT_7));

    // "Group hidden until 8 and 4 selected": both conditions (enableBehavior all).
    assert!(!enabled(&f, GROUP_8_AND_4), "4 alone is not enough");
    f.set_answer(slot(&q, Q4_789, &[]), Some(option(&q, Q4_789, "8")));
    assert!(enabled(&f, GROUP_8_AND_4), "8 and 4");
    f.set_answer(slot(&q, Q_456, &[]), Some(option(&q, Q_456, "6")));
    assert!(!enabled(&f, GROUP_8_AND_4), "8 alone is not enough");
    f.set_answer(slot(&q, Q_456, &[]), None);
    assert!(!enabled(&f, GROUP_8_AND_4), "8 with the dropdown cleared");
}

mod s2 {
    pub const YNU: &str = "1acf93a7-0890-44cd-be48-542defb35248";
    pub const YES_GROUP: &str = "945b97b5-6d74-4a55-9be1-1989751219fb";
    pub const YES_QUESTION: &str = "840c08ad-4b27-4c1d-9d6e-824202518ad0";
    pub const YES_NO_GROUP: &str = "fab7c5c4-0ac0-4afa-bd6d-c0ce4f5e0bdf";
    pub const V2_0532: &str = "http://terminology.hl7.org/CodeSystem/v2-0532";
}

#[test]
fn scenario2_coded_answer_from_external_value_set() {
    use s2::*;
    let q = conformance(EW);
    let item = q.item(id(&q, YNU));
    assert!(item.options.is_empty() && item.options_missing, "external answerValueSet is not fetched");
    let mut f = Form::new(q.clone());
    let cases = [("Y", true, true), ("N", false, true), ("ASKU", false, false)];
    for (code, yes, yes_no) in cases {
        f.set_answer(slot(&q, YNU, &[]), Some(coding(V2_0532, code)));
        assert_eq!(enabled(&f, YES_GROUP), yes, "'Group visible when Yes selected' with {code}");
        assert_eq!(enabled(&f, YES_QUESTION), yes, "its question with {code}");
        assert_eq!(enabled(&f, YES_NO_GROUP), yes_no, "'Group visible when Yes/No' with {code}");
    }
    // Same code from another code system is another answer.
    f.set_answer(slot(&q, YNU, &[]), Some(coding("http://example.org/other", "Y")));
    assert!(!enabled(&f, YES_GROUP));
    // A coding without a system still matches on its code.
    f.set_answer(
        slot(&q, YNU, &[]),
        Some(AnswerValue::Coding(Coding { code: Some("Y".into()), ..Default::default() })),
    );
    assert!(enabled(&f, YES_GROUP));
}

mod s3 {
    pub const RADIO: &str = "s3-radio";
    pub const BELOW: &str = "945b97b5-6d74-4a55-9be1-19897512jj89";
    pub const AT_LEAST: &str = "04fabc33-534a-4047-9a13-c13b0b63fa17";
}

#[test]
fn scenario3_decimal_comparison_with_coded_options() {
    use s3::*;
    let q = conformance(EW);
    let mut f = Form::new(q.clone());
    assert!(!enabled(&f, BELOW) && !enabled(&f, AT_LEAST), "no answer: neither comparison holds");
    // enableWhen: "< 2.1" for "value < 2.2" and ">= 2.1" for ">= 2.2", against codes "1.1" .. "3.3".
    for (code, below, at_least) in [("1.1", true, false), ("2.2", false, true), ("3.3", false, true)] {
        f.set_answer(slot(&q, RADIO, &[]), Some(option(&q, RADIO, code)));
        assert_eq!(enabled(&f, BELOW), below, "'Group visible when value < 2.2' with {code}");
        assert_eq!(enabled(&f, AT_LEAST), at_least, "'Group visible when value >= 2.2' with {code}");
    }
}

mod s4 {
    pub const RADIO: &str = "s4-radio";
    pub const ONLY_2: &str = "945b97b5-6d74-4a55-9be1-1989751233ew";
    pub const ONE_AND_TWO: &str = "04fabc33-534a-4047-9a13-c13b0b63gh76";
}

#[test]
fn scenario4_integer_comparison_with_coded_options() {
    use s4::*;
    let q = conformance(EW);
    let mut f = Form::new(q.clone());
    for (code, only_2, one_and_two) in [("1", false, true), ("2", true, true), ("3", false, false)] {
        f.set_answer(slot(&q, RADIO, &[]), Some(option(&q, RADIO, code)));
        assert_eq!(enabled(&f, ONLY_2), only_2, "'Group hidden until integer 2 selected' with {code}");
        assert_eq!(enabled(&f, ONE_AND_TWO), one_and_two, "'Group visible for 1 and 2' with {code}");
    }
}

#[test]
fn scenario5_date_and_time_triggers() {
    let q = conformance(EW);
    let mut f = Form::new(q.clone());
    let (dob, after, on_or_before) = ("date_of_birth_question", "date_greater_2000-01-01", "date_less_2000-01-01");
    assert!(!enabled(&f, after) && !enabled(&f, on_or_before));
    for (date, is_after) in [("1999-12-31", false), ("2000-01-01", false), ("2000-01-02", true), ("2012-06-30", true)] {
        f.set_answer(slot(&q, dob, &[]), Some(AnswerValue::Date(date.into())));
        assert_eq!(enabled(&f, after), is_after, "'DOB > 2000-01-01' with {date}");
        assert_eq!(enabled(&f, on_or_before), !is_after, "'DOB <= 2000-01-01' with {date}");
    }

    let (time, later, not_later) =
        ("datetime_question", "datetime_question_greter_than", "datetime_question_less_than_equal");
    assert!(!enabled(&f, later) && !enabled(&f, not_later));
    for (t, is_later) in
        [("09:00:00", false), ("11:11:10", false), ("11:11:11", false), ("11:11:12", true), ("23:00:00", true)]
    {
        f.set_answer(slot(&q, time, &[]), Some(AnswerValue::Time(t.into())));
        assert_eq!(enabled(&f, later), is_later, "'Time Greater Than 11:11:11' with {t}");
        assert_eq!(enabled(&f, not_later), !is_later, "'Time Less Than 11:11:11' (<=) with {t}");
    }
    // A time typed as hh:mm in the browser becomes hh:mm:00 and compares as such.
    let typed = parse_input(q.item(id(&q, time)), "11:12").expect("valid time").expect("not empty");
    f.set_answer(slot(&q, time, &[]), Some(typed));
    assert!(enabled(&f, later) && !enabled(&f, not_later));
}

#[test]
fn scenario6_multi_select_with_code_9() {
    let q = conformance(EW);
    let (bc029, other) = ("BC029", "BOWOPTOTH");
    assert!(q.item(id(&q, bc029)).repeats);
    let mut f = Form::new(q.clone());
    let s = slot(&q, bc029, &[]);
    assert!(!enabled(&f, other));
    f.toggle(s.clone(), option(&q, bc029, "1"), true);
    f.toggle(s.clone(), option(&q, bc029, "3"), true);
    assert!(!enabled(&f, other), "9 not selected");
    f.toggle(s.clone(), option(&q, bc029, "9"), true);
    assert_eq!(f.answers(&s).len(), 3);
    assert!(enabled(&f, other), "9 selected among others");
    f.toggle(s.clone(), option(&q, bc029, "1"), false);
    assert!(enabled(&f, other), "9 still selected");
    f.toggle(s.clone(), option(&q, bc029, "9"), false);
    assert!(!enabled(&f, other), "9 deselected");
    // Toggling the same option twice does not add it twice.
    f.toggle(s.clone(), option(&q, bc029, "9"), true);
    f.toggle(s.clone(), option(&q, bc029, "9"), true);
    assert_eq!(f.answers(&s).len(), 2);
    f.set_answer(slot(&q, other, &[]), Some(string("Iets anders")));
    let resp = f.to_response(ResponseStatus::Completed, Some(AUTHORED));
    assert_valid(&q, &resp);
    let answers = response_item(&resp, bc029).expect("BC029 exported")["answer"].as_array().unwrap().clone();
    let codes: Vec<&str> = answers.iter().map(|a| a["valueCoding"]["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["3", "9"]);
    assert_eq!(response_item(&resp, other).unwrap()["answer"][0]["valueString"], "Iets anders");
    write_sample("scenario-enablewhen-multi-select", &resp);
}

// ---------------------------------------------------------------------------------------------
// Required fields, initial values, repeating groups, data types
// ---------------------------------------------------------------------------------------------

#[test]
fn required_fields_are_reported_until_answered() {
    let q = conformance("questionnaire-sdc-test-required-field.json");
    let mut f = Form::new(q.clone());
    let missing = |f: &Form| -> Vec<String> {
        f.validate(&q.roots)
            .into_iter()
            .map(|i| {
                assert_eq!(i.problem, Invalid::Required);
                q.item(i.slot.item).link_id.clone()
            })
            .collect()
    };
    // `radio` takes its options from an external value set the app never fetches: a person
    // cannot answer it, so it never blocks them (the other required items still do).
    assert!(q.item(id(&q, "radio")).options_missing);
    assert_eq!(missing(&f), ["textq", "radio2", "radio3"]);
    f.set_answer(slot(&q, "textq", &[]), Some(string("Ja")));
    f.set_answer(slot(&q, "radio2", &[]), Some(option(&q, "radio2", "2")));
    assert_eq!(missing(&f), ["radio3"]);
    f.set_answer(slot(&q, "radio3", &[]), Some(option(&q, "radio3", "3")));
    assert_eq!(missing(&f), Vec::<String>::new());
    f.set_answer(slot(&q, "radio", &[]), Some(coding(s2::V2_0532, "Y")));
    // Clearing an answer makes it required again.
    f.set_answer(slot(&q, "textq", &[]), None);
    assert_eq!(missing(&f), ["textq"]);
    f.set_answer(slot(&q, "textq", &[]), Some(string("Toch wel")));
    let resp = f.to_response(ResponseStatus::Completed, Some(AUTHORED));
    assert_valid(&q, &resp);
    assert_eq!(response_link_ids(&resp), ["grp", "textq", "radio", "radio2", "radio3"]);
    write_sample("scenario-required-field", &resp);
}

#[test]
fn initial_values_are_present_in_a_new_form() {
    let q = conformance("questionnaire-sdc-test-initial-value.json");
    let f = Form::new(q.clone());
    let ynu = f.answers(&slot(&q, "1acf93a7-0890-44cd-be48-542defb35248", &[]));
    assert_eq!(
        ynu,
        [AnswerValue::Coding(Coding {
            system: Some("http://snomed.info/sct".into()),
            code: Some("373066001".into()),
            display: Some("Yes".into()),
        })]
    );
    assert_eq!(f.answers(&slot(&q, "init-val-string", &[])), [string("YUP")]);
    assert!(f.answers(&slot(&q, "5e1209b7-c9e0-4bf4-b228-c6533c892a3e", &[])).is_empty(), "no initial");
    let resp = f.to_response(ResponseStatus::InProgress, None);
    assert_valid(&q, &resp);
    assert_eq!(resp["status"], "in-progress");
    assert!(resp.get("authored").is_none());
    let yes = &response_item(&resp, "1acf93a7-0890-44cd-be48-542defb35248").unwrap()["answer"];
    assert_eq!(
        yes,
        &json!([{"valueCoding": {"system": "http://snomed.info/sct", "code": "373066001", "display": "Yes"}}])
    );
    assert_eq!(response_item(&resp, "init-val-string").unwrap()["answer"], json!([{"valueString": "YUP"}]));
    write_sample("scenario-initial-value", &resp);
}

#[test]

fn initial_values_multiple_are_present_in_a_new_form() {
    let q = conformance("questionnaire-sdc-test-initial-value-multiple.json");
    let f = Form::new(q.clone());
    let ynu = f.answers(&slot(&q, "1acf93a7-0890-44cd-be48-542defb35248", &[]));
    let codes: Vec<_> = ynu.iter().filter_map(AnswerValue::code).collect();
    assert_eq!(codes, ["373066001", "373067005"], "both initial values of a repeating item");
    let resp = f.to_response(ResponseStatus::InProgress, None);
    assert_valid(&q, &resp);
}

#[test]
fn repeatable_nested_groups_nest_in_the_response() {
    let q = conformance("questionnaire-sdc-test-repeatable-nested-groups.json");
    let (top, first, g1, service, text1, g2, text2) = (
        "a7837ce4-6ba4-4d01-913c-d20a6685556b",
        "a9f40adc-f194-4efb-b4f7-9396d0ca8e49",
        "ba91450b-6e67-40dc-8629-0f1b60577774",
        "34b78239-1df2-49c5-a1ab-8f5691c7ede0",
        "b7e29109-f729-4359-aa29-6c9e7c7b2318",
        "68ca912397a145bd9e9f265702b5cf45",
        "b7e29109-f729-4359-aa29-6c9e7c7b2328",
    );
    assert_eq!(q.item(id(&q, text2)).repeat_scope, [id(&q, g1), id(&q, g2)]);
    let mut f = Form::new(q.clone());
    f.set_answer(slot(&q, first, &[]), Some(string("eerste")));
    f.add_group_instance(slot(&q, g1, &[]));
    assert_eq!(f.group_count(&slot(&q, g1, &[])), 2);
    f.add_group_instance(slot(&q, g2, &[1]));
    assert_eq!(f.group_count(&slot(&q, g2, &[1])), 2);
    assert_eq!(f.group_count(&slot(&q, g2, &[0])), 1, "instances are counted per enclosing instance");
    f.set_answer(slot(&q, service, &[0]), Some(coding("http://example.org/service", "home-care")));
    f.set_answer(slot(&q, text1, &[0]), Some(string("g1-0")));
    f.set_answer(slot(&q, text1, &[1]), Some(string("g1-1")));
    f.set_answer(slot(&q, text2, &[0, 0]), Some(string("g2-0-0")));
    f.set_answer(slot(&q, text2, &[1, 0]), Some(string("g2-1-0")));
    f.set_answer(slot(&q, text2, &[1, 1]), Some(string("g2-1-1")));
    let resp = f.to_response(ResponseStatus::Completed, Some(AUTHORED));
    assert_valid(&q, &resp);
    let strip = |v: &Value| -> Value {
        // Compare structure and answers only (texts are checked by assert_valid).
        fn go(v: &Value) -> Value {
            match v {
                Value::Object(m) => {
                    Value::Object(m.iter().filter(|(k, _)| *k != "text").map(|(k, v)| (k.clone(), go(v))).collect())
                }
                Value::Array(a) => Value::Array(a.iter().map(go).collect()),
                other => other.clone(),
            }
        }
        go(v)
    };
    let s = |x: &str| json!([{"valueString": x}]);
    let expected = json!([{"linkId": top, "item": [
        {"linkId": first, "answer": s("eerste")},
        {"linkId": g1, "item": [
            {"linkId": service, "answer": [{"valueCoding": {"system": "http://example.org/service", "code": "home-care"}}]},
            {"linkId": text1, "answer": s("g1-0")},
            {"linkId": g2, "item": [{"linkId": text2, "answer": s("g2-0-0")}]}
        ]},
        {"linkId": g1, "item": [
            {"linkId": text1, "answer": s("g1-1")},
            {"linkId": g2, "item": [{"linkId": text2, "answer": s("g2-1-0")}]},
            {"linkId": g2, "item": [{"linkId": text2, "answer": s("g2-1-1")}]}
        ]}
    ]}]);
    assert_eq!(strip(&resp["item"]), expected, "{resp:#}");
    write_sample("scenario-repeatable-nested-groups", &resp);

    // Removing the first outer instance moves the second (with its two inner ones) up.
    f.remove_group_instance(&slot(&q, g1, &[]), 0);
    let resp = f.to_response(ResponseStatus::Completed, Some(AUTHORED));
    assert_valid(&q, &resp);
    let g1_items: Vec<_> = response_items(&resp).into_iter().filter(|(l, _)| l == g1).collect();
    assert_eq!(g1_items.len(), 1);
    assert_eq!(f.answers(&slot(&q, text2, &[0, 1])), [string("g2-1-1")]);
    assert!(!resp.to_string().contains("g1-0"));
}

#[test]
fn all_data_types_round_trip_to_the_response() {
    let q = conformance("questionnaire-sdc-test-all-data-types.json");
    let aus = "https://sqlonfhir-r4.azurewebsites.net/fhir/CodeSystem/australian-states";
    let answers: Vec<(&str, AnswerValue, &str)> = vec![
        ("id-string", string("Een korte tekst"), "valueString"),
        ("id-text", string("Regel één\nRegel twee — met ë en 中文"), "valueString"),
        ("id-boolean", AnswerValue::Boolean(false), "valueBoolean"),
        ("id-date", AnswerValue::Date("2026-02-28".into()), "valueDate"),
        ("id-datetime", AnswerValue::DateTime("2026-11-22T10:15:30+01:00".into()), "valueDateTime"),
        ("id-time", AnswerValue::Time("23:59:59".into()), "valueTime"),
        ("id-integer", AnswerValue::Integer(-42), "valueInteger"),
        ("id-decimal", AnswerValue::Decimal(3.75), "valueDecimal"),
        ("id-choice", coding("http://example.org/service", "a"), "valueCoding"),
        ("440f8cc6-3ea2-40c2-b03a-d03187131fd3", coding(aus, "VIC"), "valueCoding"),
        ("06aaa075-86e4-4cf2-a1ef-a86ab10e86e9", coding("urn:iso:std:iso:3166", "NL"), "valueCoding"),
        ("EF8E3936-3246-4B3E-A46C-9FDAA5ACB635", string("Nederland (zelf getypt)"), "valueString"),
    ];
    let mut f = Form::new(q.clone());
    for (link, v, _) in &answers {
        let item = q.item(id(&q, link));
        assert!(item.kind.accepts(v), "{link} ({}) accepts {v:?}", item.type_code);
        f.set_answer(slot(&q, link, &[]), Some(v.clone()));
    }
    let resp = f.to_response(ResponseStatus::Completed, Some(AUTHORED));
    assert_valid(&q, &resp);
    for (link, v, key) in &answers {
        let item = response_item(&resp, link).unwrap_or_else(|| panic!("{link} not exported"));
        let list = item["answer"].as_array().unwrap();
        assert_eq!(list.len(), 1);
        let obj = list[0].as_object().unwrap();
        assert_eq!(obj.keys().collect::<Vec<_>>(), [key], "{link}");
        assert_eq!(AnswerValue::from_fhir(obj, "value"), Ok(Some(v.clone())), "{link} round trip");
    }
    assert_eq!(response_item(&resp, "id-decimal").unwrap()["answer"][0]["valueDecimal"], json!(3.75));
    assert_eq!(response_item(&resp, "id-integer").unwrap()["answer"][0]["valueInteger"], json!(-42));
    // Display and attachment items never appear.
    let links = response_link_ids(&resp);
    for l in ["1acf93a7-0890-44cd-be48-542defb35248", "9acf93a7-0890-44cd-be48-542defb35223", "id-attachment"] {
        assert!(!links.iter().any(|x| x == l), "{l} exported");
    }
    assert_eq!(q.item(id(&q, "id-attachment")).kind, ItemType::Unsupported);
    write_sample("scenario-all-data-types", &resp);
}

// ---------------------------------------------------------------------------------------------
// Disabled answers are never exported
// ---------------------------------------------------------------------------------------------

#[test]
fn disabled_answers_are_not_exported() {
    use s1::*;
    let q = conformance(EW);
    let mut f = Form::new(q.clone());
    f.set_answer(slot(&q, Q1, &[]), Some(AnswerValue::Boolean(true)));
    f.set_answer(slot(&q, HIDDEN_UNTIL_Q1, &[]), Some(string("geheim-vraag")));
    f.set_answer(slot(&q, GROUP_UNTIL_Q1_CHILD, &[]), Some(string("geheim-groep")));
    let on = f.to_response(ResponseStatus::Completed, Some(AUTHORED));
    assert_valid(&q, &on);
    let text = on.to_string();
    assert!(text.contains("geheim-vraag") && text.contains("geheim-groep"));

    f.set_answer(slot(&q, Q1, &[]), Some(AnswerValue::Boolean(false)));
    for status in [ResponseStatus::Completed, ResponseStatus::InProgress] {
        let off = f.to_response(status, Some(AUTHORED));
        assert_valid(&q, &off);
        let text = off.to_string();
        assert!(!text.contains("geheim"), "{off:#}");
        let links = response_link_ids(&off);
        for l in [HIDDEN_UNTIL_Q1, GROUP_UNTIL_Q1, GROUP_UNTIL_Q1_CHILD] {
            assert!(!links.iter().any(|x| x == l), "{l} exported while disabled");
        }
        assert_eq!(response_item(&off, Q1).unwrap()["answer"], json!([{"valueBoolean": false}]));
    }
    // Clearing the controlling answer disables them too.
    f.set_answer(slot(&q, Q1, &[]), None);
    assert!(!f.to_response(ResponseStatus::Completed, None).to_string().contains("geheim"));
}

#[test]
fn disabled_answers_in_repeating_groups_and_under_questions_are_not_exported() {
    // ussg-fhp: "Living?" (a question) has child questions that nest under its answer; the
    // family member group repeats, and each instance decides for itself.
    let q = conformance("ussg-fhp.json");
    let (member, living, dob, cause) =
        ("/54114-4", "/54114-4/54139-1", "/54114-4/54139-1/54124-3", "/54114-4/54139-1/54112-8");
    let yes = option(&q, living, "LA33-6");
    let no = option(&q, living, "LA32-8");
    let mut f = Form::new(q.clone());
    f.add_group_instance(slot(&q, member, &[]));
    for rep in [0, 1] {
        f.set_answer(slot(&q, living, &[rep]), Some(yes.clone()));
        f.set_answer(slot(&q, dob, &[rep]), Some(AnswerValue::Date(format!("19{}0-05-01", rep + 5))));
        f.set_answer(slot(&q, cause, &[rep]), Some(option(&q, cause, "LA10533-0")));
    }
    assert!(!f.is_enabled(&slot(&q, cause, &[0])), "cause of death needs Living = No");
    f.set_answer(slot(&q, living, &[1]), Some(no));
    assert!(f.is_enabled(&slot(&q, dob, &[0])) && !f.is_enabled(&slot(&q, dob, &[1])));
    assert!(f.is_enabled(&slot(&q, cause, &[1])));

    let resp = f.to_response(ResponseStatus::Completed, Some(AUTHORED));
    assert_valid(&q, &resp);
    let members: Vec<&Value> = resp["item"].as_array().unwrap().iter().filter(|i| i["linkId"] == member).collect();
    assert_eq!(members.len(), 2, "two family members");
    let nested = |m: &Value| -> Vec<String> {
        let living_item =
            m["item"].as_array().unwrap().iter().find(|i| i["linkId"] == living).expect("Living? answered");
        assert_eq!(living_item["answer"].as_array().unwrap().len(), 1);
        living_item["answer"][0]["item"]
            .as_array()
            .map(|l| l.iter().map(|i| i["linkId"].as_str().unwrap().to_string()).collect())
            .unwrap_or_default()
    };
    assert_eq!(nested(members[0]), [dob], "alive: date of birth under the answer, no cause of death");
    assert_eq!(nested(members[1]), [cause], "deceased: cause of death, the date of birth is not exported");
    assert!(resp.to_string().contains("1950-05-01") && !resp.to_string().contains("1960-05-01"));
    write_sample("scenario-ussg-fhp-living", &resp);
}

// ---------------------------------------------------------------------------------------------
// Answers as the UI makes them (parse_input) must be valid FHIR too
// ---------------------------------------------------------------------------------------------

fn typed_answer_item(kind: &str) -> Arc<Questionnaire> {
    let v = json!({"resourceType": "Questionnaire", "url": "https://wijkpeil.example/Questionnaire/t",
        "item": [{"linkId": "x", "type": kind, "text": "x"}]});
    Arc::new(questionnaire_from_value(&v).expect("loads"))
}

/// Types `raw` into an item of `kind` and returns the exported `value[x]` (or the input problem).
fn typed_and_exported(kind: &str, raw: &str) -> Result<(String, Value), InputProblem> {
    let q = typed_answer_item(kind);
    let v = parse_input(q.item(0), raw)?.expect("not empty");
    let mut f = Form::new(q.clone());
    f.set_answer(Slot::new(0, Vec::new()), Some(v));
    let resp = f.to_response(ResponseStatus::Completed, Some(AUTHORED));
    let obj = resp["item"][0]["answer"][0].as_object().expect("one answer").clone();
    let (k, v) = obj.into_iter().next().expect("a value");
    Ok((k, v))
}

#[test]
fn typed_answers_export_as_valid_fhir() {
    for (kind, raw, key, want) in [
        ("integer", "42", "valueInteger", json!(42)),
        ("integer", "-7", "valueInteger", json!(-7)),
        ("decimal", "1,75", "valueDecimal", json!(1.75)),
        ("decimal", "2", "valueDecimal", json!(2.0)),
        ("date", "2024-02-29", "valueDate", json!("2024-02-29")),
        ("date", "2024-05", "valueDate", json!("2024-05")),
        ("time", "09:30", "valueTime", json!("09:30:00")),
        ("time", "23:59:59", "valueTime", json!("23:59:59")),
        ("string", "  Ruimte mag  ", "valueString", json!("  Ruimte mag  ")),
        ("text", "a\nb", "valueString", json!("a\nb")),
    ] {
        let (k, v) = typed_and_exported(kind, raw).unwrap_or_else(|e| panic!("{kind} {raw:?}: {e:?}"));
        assert_eq!((k.as_str(), &v), (key, &want), "{kind} {raw:?}");
        assert_eq!(check_primitive(&k, &v), None);
    }
}

/// The browser's `<input type=datetime-local>` gives `2024-05-01T10:30`; FHIR `dateTime` requires
/// a time zone whenever a time is given.
#[test]

fn typed_date_time_exports_with_a_time_zone() {
    let (k, v) = typed_and_exported("dateTime", "2024-05-01T10:30").expect("accepted");
    assert_eq!(k, "valueDateTime");
    assert_eq!(check_primitive(&k, &v), None);
}

#[test]

fn typed_impossible_dates_are_refused() {
    for raw in ["2024-13-01", "2024-00-10", "2024-05-45", "0000-01-01"] {
        assert_eq!(typed_and_exported("date", raw).map(|x| x.1), Err(InputProblem::NotADate), "{raw}");
    }
}

#[test]

fn typed_impossible_times_are_refused() {
    for raw in ["25:00", "10:75", "10:00:00 uur"] {
        assert_eq!(typed_and_exported("time", raw).map(|x| x.1), Err(InputProblem::NotATime), "{raw}");
    }
}

#[test]

fn typed_integers_fit_fhir_integer() {
    for raw in ["2147483648", "-2147483649", "99999999999"] {
        assert_eq!(typed_and_exported("integer", raw).map(|x| x.1), Err(InputProblem::NotAWholeNumber), "{raw}");
    }
}

// ---------------------------------------------------------------------------------------------
// Contained value sets
// ---------------------------------------------------------------------------------------------

/// `answerValueSet: "#VSPHQ9"` points to a ValueSet contained in the same file; `Item::options_missing`
/// is documented as "an answerValueSet that is not contained in the file".
#[test]

fn contained_value_set_gives_the_options() {
    let q = conformance("questionnaire-sdc-profile-example-PHQ9.json");
    let item = q.item(id(&q, "H1/T1/Q1"));
    assert!(!item.options_missing, "the value set is in the file");
    let codes: Vec<_> = item.options.iter().filter_map(|o| o.value.code()).collect();
    assert_eq!(codes, ["Not-at-all", "Several-days", "More than half the days", "Nearly every day"]);
    let weights: Vec<_> = item.options.iter().map(|o| o.weight).collect();
    assert_eq!(weights, [Some(0.0), Some(1.0), Some(2.0), Some(3.0)]);
    assert!(item.options.iter().all(|o| matches!(&o.value,
        AnswerValue::Coding(c) if c.system.as_deref() == Some("http://hl7.org/fhir/uv/sdc/CodeSystem/CSPHQ9"))));
}

// ---------------------------------------------------------------------------------------------
// The checker itself: it must be able to fail
// ---------------------------------------------------------------------------------------------

#[test]
fn structural_checker_catches_broken_responses() {
    let q = conformance("questionnaire-sdc-test-required-field.json");
    let base = |items: Value| json!({"resourceType": "QuestionnaireResponse", "questionnaire": "Questionnaire/questionnaire-sdc-test-required-radios", "status": "completed", "item": items});
    let good = base(json!([{"linkId": "grp", "item": [{"linkId": "textq", "answer": [{"valueString": "x"}]}]}]));
    assert_eq!(check_response(&q, &good), Vec::<String>::new());
    let broken = [
        json!([{"linkId": "grp", "answer": [{"valueString": "x"}], "item": [{"linkId": "textq", "answer": [{"valueString": "x"}]}]}]),
        json!([{"linkId": "grp"}]),
        json!([{"linkId": "grp", "item": [{"linkId": "textq"}]}]),
        json!([{"linkId": "grp", "item": [{"linkId": "textq", "answer": [{"valueString": "x", "valueBoolean": true}]}]}]),
        json!([{"linkId": "grp", "item": [{"linkId": "textq", "answer": [{}]}]}]),
        json!([{"linkId": "grp", "item": [{"linkId": "nope", "answer": [{"valueString": "x"}]}]}]),
        json!([{"linkId": "grp", "item": [{"linkId": "textq", "answer": [{"valueBoolean": true}]}]}]),
        json!([{"linkId": "grp", "item": [{"linkId": "textq", "answer": [{"valueString": "x"}, {"valueString": "y"}]}]}]),
        json!([{"linkId": "grp", "item": []}]),
        json!([{"linkId": "grp", "item": [{"linkId": "textq", "answer": [{"valueString": "x"}]}]},
               {"linkId": "grp", "item": [{"linkId": "textq", "answer": [{"valueString": "y"}]}]}]),
        json!([{"linkId": "textq", "answer": [{"valueString": "x"}]}, {"linkId": "grp", "item": [{"linkId": "grp", "item": []}]}]),
    ];
    for b in broken {
        assert!(!check_response(&q, &base(b.clone())).is_empty(), "not caught: {b}");
    }
    assert!(
        fhir_date_time("2026-11-22T10:00:00+01:00")
            && fhir_date_time("2026-11-22")
            && fhir_date_time("2026-11-22T10:00:00Z")
    );
    assert!(!fhir_date_time("2026-11-22T10:00:00") && !fhir_date_time("2026-11-22T10:00+01:00"));
    assert!(fhir_time("10:00:00") && fhir_time("10:00:00.5") && !fhir_time("10:00") && !fhir_time("24:00:00"));
    assert!(fhir_date("2026") && fhir_date("2026-02") && !fhir_date("2026-2") && !fhir_date("2026-13-01"));
}

/// FHIR `initial` applies to every instance of the item, also inside a repeating group.
#[test]

fn initial_values_inside_repeating_groups() {
    let q = Arc::new(
        questionnaire_from_value(&json!({"resourceType": "Questionnaire", "item": [
            {"linkId": "kind", "type": "group", "repeats": true, "item": [
                {"linkId": "naam", "type": "string"},
                {"linkId": "thuis", "type": "boolean", "initial": [{"valueBoolean": true}]}
            ]}
        ]}))
        .expect("loads"),
    );
    let mut f = Form::new(q.clone());
    assert_eq!(f.answers(&slot(&q, "thuis", &[0])), [AnswerValue::Boolean(true)], "first instance");
    f.add_group_instance(slot(&q, "kind", &[]));
    assert_eq!(f.answers(&slot(&q, "thuis", &[1])), [AnswerValue::Boolean(true)], "added instance");
}

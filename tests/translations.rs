//! Every text of the shipped questionnaires (`public/questionnaires/index.json`) and of the demo
//! municipality config is there in all six languages: Dutch as the base text and a translation
//! for each of [`TRANSLATED`]. A missing translation fails here instead of showing Dutch to
//! someone who chose another language.
//!
//! Each translation must also keep what may not change in translation:
//! - the placeholders (`{name}`) of the Dutch text;
//! - its numbers (phone numbers such as 0800-2000, 112 and 113, ages, weeks), as digits;
//! - the Dutch official terms people meet in letters and on the phone ([`DUTCH_TERMS`]), kept
//!   in brackets after the translation, for the languages in [`KEEP_DUTCH_TERMS`].
//!
//! The texts: in a questionnaire every `title`, `description`, `copyright`, `text`, `prefix` and
//! `display` (items, answer options, contained ValueSets), with translations in FHIR
//! `translation` extensions; in the config every `{"nl": …}` text object. The engine's and the
//! config parser's view is checked too, so a translation in a place they do not read counts as
//! missing. `scripts/questionnaire-texts.py` exports and imports the texts per language.

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use wijkpeil::config::Config;
use wijkpeil::engine::{parse_questionnaire, LocalText};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const TRANSLATION: &str = "http://hl7.org/fhir/StructureDefinition/translation";
/// The languages besides the Dutch base text.
const TRANSLATED: [&str; 5] = ["en", "ar", "tr", "pl", "uk"];
/// FHIR string fields that people read.
const TEXT_FIELDS: [&str; 6] = ["title", "description", "copyright", "text", "prefix", "display"];
/// Dutch terms a translation keeps (in brackets) when the Dutch text has them, and whether the
/// match ignores case. "Veilig Thuis" is the organisation; "veilig thuis" (safe at home) is not.
const DUTCH_TERMS: [(&str, bool); 4] =
    [("wijkteam", true), ("Veilig Thuis", false), ("bezwaar", true), ("cliëntondersteuner", true)];
/// The languages that keep the Dutch terms. The English texts were written before this rule and
/// translate the terms ("neighbourhood team"); changing them is a content decision of its own.
const KEEP_DUTCH_TERMS: [&str; 4] = ["ar", "tr", "pl", "uk"];

/// One text: where it is, the Dutch base text and its translations as found.
struct Text {
    place: String,
    nl: String,
    translations: Vec<(String, String)>,
}

/// Numbers written as digits, with their inner dashes (`0800-2000`, `112`, `2`).
fn numbers(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let inner_dash = c == '-' && !current.is_empty() && chars.peek().is_some_and(char::is_ascii_digit);
        if c.is_ascii_digit() || inner_dash {
            current.push(c);
        } else if !current.is_empty() {
            out.insert(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.insert(current);
    }
    out
}

fn placeholders(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        out.insert(rest[start..start + len + 1].to_string());
        rest = &rest[start + len + 1..];
    }
    out
}

/// Everything wrong with one text's translations.
fn problems(text: &Text) -> Vec<String> {
    let mut out = Vec::new();
    let place = &text.place;
    for lang in TRANSLATED {
        let found: Vec<&String> = text.translations.iter().filter(|(l, _)| l == lang).map(|(_, t)| t).collect();
        let t = match found.as_slice() {
            [] => {
                out.push(format!("{place}: no {lang} for {:?}", text.nl));
                continue;
            }
            [t] if t.trim().is_empty() => {
                out.push(format!("{place}: empty {lang} for {:?}", text.nl));
                continue;
            }
            [t] => t.as_str(),
            _ => {
                out.push(format!("{place}: {} {lang} translations for {:?}", found.len(), text.nl));
                continue;
            }
        };
        if placeholders(t) != placeholders(&text.nl) {
            out.push(format!("{place}: {lang} placeholders {:?} differ from Dutch {:?}", placeholders(t), text.nl));
        }
        if numbers(t) != numbers(&text.nl) {
            out.push(format!("{place}: {lang} numbers {:?} differ from Dutch {:?}", numbers(t), numbers(&text.nl)));
        }
        if KEEP_DUTCH_TERMS.contains(&lang) {
            for (term, any_case) in DUTCH_TERMS {
                let has = |s: &str| if any_case { s.to_lowercase().contains(term) } else { s.contains(term) };
                if has(&text.nl) && !has(t) {
                    out.push(format!("{place}: {lang} lacks the Dutch term {term:?}: {t:?}"));
                }
            }
        }
    }
    for (lang, _) in &text.translations {
        if !TRANSLATED.contains(&lang.as_str()) {
            out.push(format!("{place}: unexpected language {lang:?}"));
        }
    }
    out
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(ROOT).join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn shipped_questionnaires() -> Vec<String> {
    let index: Value = serde_json::from_str(&read("public/questionnaires/index.json")).unwrap();
    index.as_array().unwrap().iter().map(|e| e["file"].as_str().unwrap().to_string()).collect()
}

/// The `translation` extensions of `_field`.
fn fhir_translations(meta: &Value) -> Vec<(String, String)> {
    let exts = meta["extension"].as_array().into_iter().flatten().filter(|e| e["url"] == TRANSLATION);
    exts.filter_map(|e| {
        let parts = e["extension"].as_array()?;
        let part = |name: &str, key: &str| parts.iter().find(|p| p["url"] == name)?[key].as_str().map(str::to_string);
        Some((part("lang", "valueCode")?, part("content", "valueString")?))
    })
    .collect()
}

/// Every text field of a FHIR resource, at any depth (contained ValueSets included).
fn fhir_texts(file: &str, path: &str, v: &Value, out: &mut Vec<Text>) {
    match v {
        Value::Object(m) => {
            for field in TEXT_FIELDS {
                if let Some(Value::String(nl)) = m.get(field) {
                    let translations = fhir_translations(m.get(&format!("_{field}")).unwrap_or(&Value::Null));
                    out.push(Text { place: format!("{file}{path}.{field}"), nl: nl.clone(), translations });
                }
            }
            for (k, x) in m.iter().filter(|(k, _)| !k.starts_with('_')) {
                let step = match m.get("linkId").and_then(Value::as_str) {
                    Some(link) if k == "item" => format!("{path}[{link}].item"),
                    _ => format!("{path}.{k}"),
                };
                fhir_texts(file, &step, x, out);
            }
        }
        Value::Array(l) => l.iter().enumerate().for_each(|(i, x)| fhir_texts(file, &format!("{path}[{i}]"), x, out)),
        _ => {}
    }
}

/// Every `{"nl": …}` text object of the config.
fn config_objects(path: &str, v: &Value, out: &mut Vec<Text>) {
    match v {
        Value::Object(m) => match m.get("nl") {
            Some(Value::String(nl)) => {
                let translations = m
                    .iter()
                    .filter(|(l, _)| *l != "nl")
                    .map(|(l, t)| (l.clone(), t.as_str().unwrap_or_default().to_string()))
                    .collect();
                out.push(Text { place: format!("gemeente.json{path}"), nl: nl.clone(), translations });
            }
            _ => m.iter().for_each(|(k, x)| config_objects(&format!("{path}.{k}"), x, out)),
        },
        Value::Array(l) => l.iter().enumerate().for_each(|(i, x)| config_objects(&format!("{path}[{i}]"), x, out)),
        _ => {}
    }
}

/// A parsed text. The config parser lists the Dutch base among the translations: left out.
fn local(place: String, t: &LocalText) -> Text {
    let translations = t.translations.iter().filter(|(l, _)| l != "nl").cloned().collect();
    Text { place, nl: t.base.clone(), translations }
}

fn report(texts: &[Text]) -> Vec<String> {
    texts.iter().flat_map(problems).collect()
}

// --- The checker itself ------------------------------------------------------------------------

#[test]
fn checker_flags_what_a_translation_lost() {
    let text = |nl: &str, t: &str| Text {
        place: "x".into(),
        nl: nl.into(),
        translations: TRANSLATED.iter().map(|l| (l.to_string(), t.to_string())).collect(),
    };
    assert!(problems(&text("Bel 0800-2000 of {who}.", "Call 0800-2000 or {who} (wijkteam).")).is_empty());
    let missing = Text { place: "x".into(), nl: "Ja".into(), translations: vec![("en".into(), "Yes".into())] };
    assert_eq!(problems(&missing).len(), 4, "ar, tr, pl and uk are missing");
    let mut twice = text("Ja", "Yes");
    twice.translations.push(("pl".into(), "Tak".into()));
    twice.translations.push(("de".into(), "Ja".into()));
    assert_eq!(problems(&twice).len(), 2, "pl twice, and a language the app does not have");
    assert_eq!(problems(&text("Ja", " ")).len(), 5, "empty");
    assert_eq!(problems(&text("Bel 0800-2000.", "Call 0800-2001.")).len(), 5, "a changed phone number");
    assert_eq!(problems(&text("Bel 112.", "Call us.")).len(), 5, "a lost number");
    assert_eq!(problems(&text("Hallo {name}", "Hello {naam}")).len(), 5, "a changed placeholder");
    assert_eq!(problems(&text("Het wijkteam belt.", "The team calls.")).len(), 4, "the Dutch term, except in English");
    assert_eq!(problems(&text("Bel Veilig Thuis.", "Call Veilig Thuis.")).len(), 0);
    assert_eq!(problems(&text("Veilig thuis", "Safe at home")).len(), 0, "not the organisation");
    assert_eq!(
        numbers("Bel 0800-2000, kies 1 of chat via 113.nl - 24/7"),
        ["0800-2000", "1", "113", "24", "7"].map(String::from).into()
    );
    assert_eq!(placeholders("{a} en {b}"), ["{a}", "{b}"].map(String::from).into());
}

// --- The texts ---------------------------------------------------------------------------------

#[test]
fn every_questionnaire_text_is_in_every_language() {
    let files = shipped_questionnaires();
    assert_eq!(files, ["past-mijn-vraag.json", "hoe-gaat-het.json", "vervolg.json", "vervolg-start.json"]);
    let mut texts = Vec::new();
    for f in &files {
        let before = texts.len();
        let json: Value = serde_json::from_str(&read(&format!("public/questionnaires/{f}"))).unwrap();
        fhir_texts(f, "", &json, &mut texts);
        assert!(texts.len() - before > 10, "{f}: texts were read");
    }
    let failures = report(&texts);
    assert!(failures.is_empty(), "{} problems:\n{}", failures.len(), failures.join("\n"));
}

/// What the engine reads: title, description, item texts, explanations and answer options
/// (inline or from a contained ValueSet).
#[test]
fn the_engine_reads_every_language() {
    let mut texts = Vec::new();
    for f in shipped_questionnaires() {
        let q = parse_questionnaire(&read(&format!("public/questionnaires/{f}"))).unwrap();
        texts.push(local(format!("{f}: title"), &q.title));
        texts.push(local(format!("{f}: description"), &q.description));
        for item in q.items.iter().filter(|i| !i.is_help) {
            texts.push(local(format!("{f}: {}", item.link_id), &item.text));
            for (i, help) in item.help.iter().enumerate() {
                texts.push(local(format!("{f}: {} help {i}", item.link_id), help));
            }
            for o in &item.options {
                texts.push(local(format!("{f}: {} option {:?}", item.link_id, o.value.code()), &o.label));
            }
        }
    }
    assert!(texts.len() > 300, "{} texts", texts.len());
    let failures = report(&texts);
    assert!(failures.is_empty(), "{} problems:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_config_text_is_in_every_language() {
    let raw = read("public/config/gemeente.json");
    let mut texts = Vec::new();
    config_objects("", &serde_json::from_str(&raw).unwrap(), &mut texts);
    assert!(texts.len() > 40, "{} texts", texts.len());
    // What the app shows, as the config parser reads it: a plain string there (a name without
    // translations) is a text with none.
    let c = Config::parse(&raw).unwrap();
    texts.push(local("municipality.name".into(), &c.municipality.name));
    for u in &c.urgent_contacts {
        texts.push(local(format!("urgent_contacts {} name", u.id), &u.name));
        texts.extend(u.when.iter().map(|t| local(format!("urgent_contacts {} when", u.id), t)));
    }
    for w in &c.wijken {
        texts.push(local(format!("wijken {} name", w.code), &w.name));
        texts.push(local(format!("wijken {} team", w.code), &w.team.name));
        texts.extend(w.team.urgent_route.iter().map(|t| local(format!("wijken {} urgent_route", w.code), t)));
        for walk_in in &w.team.walk_in {
            texts.extend(walk_in.place.iter().map(|t| local(format!("wijken {} walk_in", w.code), t)));
        }
    }
    for p in c.partners.iter().chain(&c.client_support) {
        texts.push(local(format!("{} name", p.id), &p.name));
        texts.extend(p.about.iter().map(|t| local(format!("{} about", p.id), t)));
    }
    let failures = report(&texts);
    assert!(failures.is_empty(), "{} problems:\n{}", failures.len(), failures.join("\n"));
}

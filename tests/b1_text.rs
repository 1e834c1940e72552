//! Plain Dutch (B1) for every text a person reads: all values of `locales/nl.txt`, the Dutch
//! texts of the questionnaires in `public/questionnaires/` (except the deliberately broken
//! `voorbeeld-kapot.json` and the engine's test form `voorbeeld-alles.json`) and the Dutch texts
//! of the demo municipality config.
//!
//! The rules, kept simple so content authors can apply them by hand:
//!
//! 1. **Sentence length: at most 20 words.** B1 guides advise short sentences (about 15 words on
//!    average); 20 is the upper limit here. A sentence ends at `.`, `?` or `!` followed by a space
//!    (or the end), and at a line break. A word is anything between spaces with a letter or digit
//!    in it; a placeholder such as `{count}` counts as one word.
//! 2. **No unexplained jargon.** The words in [`JARGON`] (Wmo and social-domain terms people do
//!    not know) may only appear when the same text explains them: a parenthesis opens after the
//!    word in the same sentence — "een indicatie (een besluit over uw hulp)" —, or an
//!    abbreviation stands in parentheses right after its full name — "Centrum voor Jeugd en
//!    Gezin (CJG)" —, or the text contains one of the phrases in [`EXPLAINERS`] ("dat betekent",
//!    "dat wil zeggen", "bedoelen we", "dat heet", …). Longer terms match inside compounds (`herindicatie`,
//!    `zorgaanbieders`); abbreviations only as whole words (`Wmo-loket` counts, `chocolade`
//!    does not contain OCO).
//!
//! The checker is tested on bad input first, so a passing run means the texts are fine, not
//! that the checker sees nothing.

use serde_json::Value;
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const MAX_WORDS: usize = 20;

/// Questionnaires that are not content for residents.
const NOT_CHECKED: [&str; 3] = ["index.json", "voorbeeld-kapot.json", "voorbeeld-alles.json"];

#[derive(Debug, Clone, Copy)]
enum Match {
    /// Anywhere in a word (and across words for terms with a space).
    Part,
    /// A whole word; hyphens separate words (`Wmo-loket` holds `wmo`).
    Word,
}

/// Terms that must not appear unexplained (lower case).
const JARGON: &[(&str, Match)] = &[
    ("indicatie", Match::Part),
    ("beschikking", Match::Part),
    ("maatwerk", Match::Part),
    ("voorziening", Match::Part),
    ("aanbieder", Match::Part),
    ("ondersteuningsbehoefte", Match::Part),
    ("zelfredza", Match::Part),
    ("casemanager", Match::Part),
    ("casusregie", Match::Part),
    ("procesregie", Match::Part),
    ("regisseur", Match::Part),
    ("participatie", Match::Part),
    ("keukentafelgesprek", Match::Part),
    ("dagbesteding", Match::Part),
    ("eigen kracht", Match::Part),
    ("eigen bijdrage", Match::Part),
    ("hulpvraag", Match::Part),
    ("levensgebied", Match::Part),
    ("integraal", Match::Part),
    ("vroegsignalering", Match::Part),
    ("wmo", Match::Word),
    ("wlz", Match::Word),
    ("oco", Match::Word),
    ("ggz", Match::Word),
    ("cjg", Match::Word),
    ("ciz", Match::Word),
    ("jgt", Match::Word),
    ("swt", Match::Word),
    // Words from the app's own world that residents stumbled on: "afgehandeld" (say what
    // happened instead), "cliëntondersteuner" (explain it in the text: free help, not from the
    // municipality), file formats, a wijkteam's "inloop", and policy names.
    ("afgehandeld", Match::Part),
    ("cliëntondersteun", Match::Part),
    ("fhir", Match::Word),
    ("json", Match::Word),
    ("inloop", Match::Part),
    ("monitor sociaal domein", Match::Part),
    ("maatwerkvoorziening", Match::Part),
    ("van toepassing", Match::Part),
];

/// Phrases that explain a term in the same text.
const EXPLAINERS: &[&str] = &["dat betekent", "dit betekent", "dat wil zeggen", "bedoelen we", "dat heet", "dit heet"];

#[derive(Debug, Clone, PartialEq, Eq)]
enum Problem {
    LongSentence { words: usize, sentence: String },
    Jargon { term: &'static str },
}

/// The sentences of a text (see rule 1).
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' || c == '\r' {
            out.push(std::mem::take(&mut current));
            continue;
        }
        current.push(c);
        if matches!(c, '.' | '?' | '!') && chars.peek().is_none_or(|n| n.is_whitespace()) {
            out.push(std::mem::take(&mut current));
        }
    }
    out.push(current);
    out.into_iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
}

fn word_count(sentence: &str) -> usize {
    sentence.split_whitespace().filter(|w| w.chars().any(|c| c.is_alphanumeric() || c == '{')).count()
}

/// Byte position of the first occurrence of `term` in `lower` (already lower case), if any.
fn find_term(lower: &str, term: &str, how: Match) -> Option<usize> {
    match how {
        Match::Part => lower.find(term),
        Match::Word => {
            let mut start = None;
            for (i, c) in lower.char_indices().chain([(lower.len(), ' ')]) {
                match (c.is_alphanumeric(), start) {
                    (true, None) => start = Some(i),
                    (false, Some(s)) => {
                        if &lower[s..i] == term {
                            return Some(s);
                        }
                        start = None;
                    }
                    _ => {}
                }
            }
            None
        }
    }
}

fn check_text(text: &str) -> Vec<Problem> {
    let text = text.replace("\\n", "\n");
    let mut problems = Vec::new();
    for s in sentences(&text) {
        let words = word_count(&s);
        if words > MAX_WORDS {
            problems.push(Problem::LongSentence { words, sentence: s.clone() });
        }
    }
    let lower_text = text.to_lowercase();
    let explained_in_text = EXPLAINERS.iter().any(|e| lower_text.contains(e));
    for &(term, how) in JARGON {
        // Only the first use counts: explained there (or by a phrase anywhere in the text), the
        // term may come back later in the same text without a second explanation.
        let first_use = sentences(&lower_text).into_iter().find_map(|s| find_term(&s, term, how).map(|at| (s, at)));
        if let Some((s, at)) = first_use {
            // "(uitleg)" after the term, or the term as "(AFKORTING)" right after its full name.
            let explained_here = s[at..].contains('(') || s[..at].ends_with('(');
            if !explained_in_text && !explained_here {
                problems.push(Problem::Jargon { term });
            }
        }
    }
    problems
}

// --- Collecting the texts ----------------------------------------------------------------------

/// (where, text) pairs.
type Texts = Vec<(String, String)>;

fn catalog_texts() -> Texts {
    let path = Path::new(ROOT).join("locales/nl.txt");
    let text = std::fs::read_to_string(&path).expect("locales/nl.txt");
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (format!("locales/nl.txt: {}", k.trim()), v.trim().to_string()))
        .collect()
}

fn questionnaire_files() -> Vec<String> {
    let dir = Path::new(ROOT).join("public/questionnaires");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("public/questionnaires")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json") && !NOT_CHECKED.contains(&n.as_str()))
        .collect();
    names.sort();
    names
}

fn load(file: &str) -> Value {
    let path = Path::new(ROOT).join("public/questionnaires").join(file);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// Every Dutch text shown to a person: title, description, copyright, item texts and answer
/// option texts, inline or in a contained ValueSet (`answerValueSet: "#id"`). Their translations
/// are checked in `tests/translations.rs`.
fn questionnaire_texts(file: &str, q: &Value) -> Texts {
    fn walk(file: &str, items: &Value, out: &mut Texts) {
        for it in items.as_array().into_iter().flatten() {
            let link = it["linkId"].as_str().unwrap_or("?");
            if let Some(t) = it["text"].as_str() {
                out.push((format!("{file}: {link}"), t.to_string()));
            }
            for o in it["answerOption"].as_array().into_iter().flatten() {
                if let Some(t) = o["valueCoding"]["display"].as_str() {
                    out.push((format!("{file}: {link} option"), t.to_string()));
                }
                if let Some(t) = o["valueString"].as_str() {
                    out.push((format!("{file}: {link} option"), t.to_string()));
                }
            }
            walk(file, &it["item"], out);
        }
    }
    let mut out = Vec::new();
    for key in ["title", "description", "copyright"] {
        if let Some(t) = q[key].as_str() {
            out.push((format!("{file}: {key}"), t.to_string()));
        }
    }
    for vs in q["contained"].as_array().into_iter().flatten().filter(|r| r["resourceType"] == "ValueSet") {
        let id = vs["id"].as_str().unwrap_or("?");
        let included = vs["compose"]["include"].as_array().into_iter().flatten();
        let concepts = included.flat_map(|i| i["concept"].as_array().into_iter().flatten());
        let expanded = vs["expansion"]["contains"].as_array().into_iter().flatten();
        for c in concepts.chain(expanded) {
            if let Some(t) = c["display"].as_str() {
                out.push((format!("{file}: ValueSet {id} option"), t.to_string()));
            }
        }
    }
    walk(file, &q["item"], &mut out);
    out
}

/// The Dutch texts of the demo config: every `{"nl": …}` value.
fn config_texts() -> Texts {
    fn walk(path: &str, v: &Value, out: &mut Texts) {
        match v {
            Value::Object(m) => {
                if let Some(Value::String(nl)) = m.get("nl") {
                    out.push((format!("gemeente.json: {path}"), nl.clone()));
                }
                for (k, x) in m {
                    walk(&format!("{path}.{k}"), x, out);
                }
            }
            Value::Array(l) => l.iter().enumerate().for_each(|(i, x)| walk(&format!("{path}[{i}]"), x, out)),
            _ => {}
        }
    }
    let text = std::fs::read_to_string(Path::new(ROOT).join("public/config/gemeente.json")).unwrap();
    let mut out = Vec::new();
    walk("", &serde_json::from_str(&text).unwrap(), &mut out);
    out
}

fn report(all: Texts) -> Vec<String> {
    let mut failures = Vec::new();
    for (place, text) in all {
        for p in check_text(&text) {
            failures.push(match p {
                Problem::LongSentence { words, sentence } => {
                    format!("{place}: {words} words (max {MAX_WORDS}): {sentence:?}")
                }
                Problem::Jargon { term } => format!("{place}: '{term}' without explanation: {text:?}"),
            });
        }
    }
    failures
}

// --- The checker itself ------------------------------------------------------------------------

#[test]
fn checker_flags_long_sentences() {
    let twenty = "een ".repeat(19) + "zin.";
    assert_eq!(word_count(&twenty), 20);
    assert!(check_text(&twenty).is_empty(), "20 words is allowed");
    let long =
        "Dit is een heel lange zin met veel te veel woorden die niemand in een keer goed kan lezen als hij moe is.";
    assert_eq!(check_text(long), [Problem::LongSentence { words: 23, sentence: long.to_string() }]);
    // Sentences end at . ? ! and line breaks (also the catalog's written "\n").
    assert!(check_text(&format!("{twenty} {twenty}")).is_empty());
    assert!(check_text(&format!("{}?\n{}", "ja ".repeat(19), "nee ".repeat(20))).is_empty());
    assert!(check_text(&format!("{}\\n{}", "ja ".repeat(19), "nee ".repeat(20))).is_empty());
    assert_eq!(
        check_text(&format!("{}, {}", "ja ".repeat(19), "nee ".repeat(2))).len(),
        1,
        "a comma does not end a sentence"
    );
    // A dot inside a number or code does not end the sentence.
    assert_eq!(sentences("Versie 1.2 is nieuw. Ja!"), ["Versie 1.2 is nieuw.", "Ja!"]);
    // Punctuation is not a word; a placeholder is.
    assert_eq!(word_count("Stap {current} van {total} — klaar ?"), 5);
}

#[test]
fn checker_flags_unexplained_jargon() {
    let jargon = |t: &str| -> Vec<&'static str> {
        check_text(t)
            .into_iter()
            .filter_map(|p| match p {
                Problem::Jargon { term } => Some(term),
                _ => None,
            })
            .collect()
    };
    assert_eq!(jargon("U krijgt een indicatie."), ["indicatie"]);
    assert_eq!(jargon("Na de herindicatie belt de Zorgaanbieder."), ["indicatie", "aanbieder"]);
    assert_eq!(jargon("Ga naar het Wmo-loket."), ["wmo"]);
    assert_eq!(jargon("Vraag uw OCO."), ["oco"]);
    assert_eq!(jargon("Dit heeft met uw zelfredzaamheid te maken."), ["zelfredza"]);
    // Explained in the same sentence by a parenthesis after the term.
    assert!(jargon("U krijgt een indicatie (een besluit over welke hulp u krijgt).").is_empty());
    assert!(jargon("Het Centrum voor Jeugd en Gezin (CJG) helpt.").is_empty(), "abbreviation after its full name");
    assert_eq!(jargon("Het CJG helpt."), ["cjg"]);
    assert_eq!(jargon("Het CJG (Centrum voor Jeugd en Gezin) helpt."), Vec::<&str>::new());
    // A parenthesis before the term, or in another sentence, does not explain it.
    assert_eq!(jargon("(Let op) U krijgt een indicatie."), ["indicatie"]);
    assert_eq!(jargon("U krijgt een indicatie. Bel ons (gratis)."), ["indicatie"]);
    // Explained at its first use, once per text; explained only later is too late.
    assert!(jargon("Een cliëntondersteuner (gratis hulp) komt mee. De cliëntondersteuner luistert.").is_empty());
    assert_eq!(
        jargon("De cliëntondersteuner luistert. Een cliëntondersteuner (gratis hulp) komt mee."),
        ["cliëntondersteun"]
    );
    // The words added after residents stumbled on them.
    assert_eq!(jargon("Uw vraag is afgehandeld."), ["afgehandeld"]);
    assert_eq!(jargon("Download het FHIR-bestand of de JSON."), ["fhir", "json"]);
    assert_eq!(jargon("Inloop op dinsdag."), ["inloop"]);
    assert_eq!(jargon("Niet van toepassing"), ["van toepassing"]);
    assert_eq!(jargon("Volgens de Monitor Sociaal Domein."), ["monitor sociaal domein"]);
    assert!(jargon("Een vraag om cliëntondersteuning. Dat betekent: iemand helpt u gratis.").is_empty());
    // Explained by a phrase in the same text.
    assert!(jargon("U krijgt een beschikking. Dat betekent: een brief met het besluit.").is_empty());
    assert!(jargon("Met Wmo bedoelen we de wet voor hulp thuis.").is_empty());
    // Whole words only for abbreviations.
    assert!(jargon("Een protocol met chocolade en een wmostraat.").is_empty());
    assert!(jargon("").is_empty());
}

// --- The texts ---------------------------------------------------------------------------------

#[test]
fn catalog_texts_are_plain_dutch() {
    let texts = catalog_texts();
    assert!(texts.len() > 100, "the catalog was read ({} texts)", texts.len());
    let failures = report(texts);
    assert!(failures.is_empty(), "not B1 in locales/nl.txt:\n{}", failures.join("\n"));
}

#[test]
fn questionnaire_texts_are_plain_dutch() {
    let files = questionnaire_files();
    assert_eq!(files, ["hoe-gaat-het.json", "past-mijn-vraag.json", "vervolg-start.json", "vervolg.json"]);
    let mut texts = Texts::new();
    for f in &files {
        let q = load(f);
        let found = questionnaire_texts(f, &q);
        assert!(found.len() > 5, "{f}: texts were read");
        texts.extend(found);
    }
    let failures = report(texts);
    assert!(failures.is_empty(), "not B1:\n{}", failures.join("\n"));
}

#[test]
fn config_texts_are_plain_dutch() {
    let texts = config_texts();
    assert!(texts.len() > 10, "the config was read ({} texts)", texts.len());
    let failures = report(texts);
    assert!(failures.is_empty(), "not B1 in gemeente.json:\n{}", failures.join("\n"));
}

//! Every parser that reads data from outside (a file someone picked, a config, a stored record, a
//! sealed map, a record sent to the register) under random and mutated input: no panic, no hang,
//! every failure a typed error. 10,000 cases per parser (set `WIJKPEIL_FUZZ_CASES` for more);
//! each prints `PROPTEST <name> <n> cases` (seen with `cargo test --test fuzz_parsers -- --show-output`).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::Value;
use std::time::{Duration, Instant};
use wijkpeil::backup::{decode_backup, encode_backup, open_locked_backup, read_file, BackupError};
use wijkpeil::config::Config as AppConfig;
use wijkpeil::engine::parse_questionnaire;
use wijkpeil::register::parse_record;
use wijkpeil::small_collections::SortedMap;
use wijkpeil::storage_format::decode_draft;
use wijkpeil::vault::{self, KdfParams, VaultKey};

/// One case may take this long at most (a debug build on a busy 2-core machine): longer is a hang.
const SLOW: Duration = Duration::from_secs(2);

fn cases() -> u32 {
    std::env::var("WIJKPEIL_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(10_000)
}

/// Runs `check` on `cases()` inputs, fails on a panic, a slow case or a failed check, and prints
/// how many cases ran.
fn fuzz(name: &str, strategy: impl Strategy<Value = String>, check: impl Fn(&str) -> Result<(), TestCaseError>) {
    let mut runner = TestRunner::new(Config { cases: cases(), failure_persistence: None, ..Config::default() });
    let ran = std::cell::Cell::new(0u32);
    let result = runner.run(&strategy, |input| {
        let start = Instant::now();
        check(&input)?;
        prop_assert!(start.elapsed() < SLOW, "{name}: one case took {:?}", start.elapsed());
        ran.set(ran.get() + 1);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
    println!("PROPTEST {name} {} cases", ran.get());
    assert!(ran.get() >= cases(), "{name}: only {} cases ran", ran.get());
}

/// Random JSON, with object keys from `words` (the format's own field names) or anything.
fn json_value(words: Vec<String>) -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map(Value::Number).unwrap_or(Value::Null)),
        "\\PC{0,24}".prop_map(Value::String),
        proptest::sample::select(words.clone()).prop_map(Value::String),
    ];
    let key = prop_oneof![proptest::sample::select(words), "\\PC{0,12}"];
    leaf.prop_recursive(4, 48, 8, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            proptest::collection::vec((key.clone(), inner), 0..8)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Every string (keys and values) of a JSON text: the vocabulary random documents are made of.
fn words(seeds: &[String]) -> Vec<String> {
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::String(s) if s.len() < 40 => out.push(s.clone()),
            Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            Value::Object(m) => m.iter().for_each(|(k, x)| {
                out.push(k.clone());
                walk(x, out)
            }),
            _ => {}
        }
    }
    let mut out = vec!["format".to_string(), "kind".to_string()];
    for s in seeds {
        if let Ok(v) = serde_json::from_str(s) {
            walk(&v, &mut out);
        }
    }
    out.sort();
    out.dedup();
    out
}

/// All JSON pointers of a document.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match v {
        Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| pointers(x, format!("{at}/{i}"), out)),
        Value::Object(m) => {
            m.iter().for_each(|(k, x)| pointers(x, format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), out))
        }
        _ => {}
    }
}

/// A change to a valid document: first in its JSON (replace the value at the n-th pointer by
/// random JSON, or remove it), then in its bytes (overwrite, insert, delete, cut off).
#[derive(Debug, Clone)]
enum Mutation {
    Replace(usize, Value),
    Remove(usize),
    Overwrite(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Truncate(usize),
}

fn mutate(seed: &Value, mutations: &[Mutation]) -> String {
    let mut doc = seed.clone();
    for m in mutations {
        let mut all = Vec::new();
        pointers(&doc, String::new(), &mut all);
        match m {
            Mutation::Replace(i, new) => {
                if let Some(slot) = doc.pointer_mut(&all[i % all.len()]) {
                    *slot = new.clone();
                }
            }
            Mutation::Remove(i) => {
                let p = &all[i % all.len()];
                if let Some((parent, last)) = p.rsplit_once('/') {
                    match doc.pointer_mut(parent) {
                        Some(Value::Object(o)) => {
                            o.remove(&last.replace("~1", "/").replace("~0", "~"));
                        }
                        Some(Value::Array(a)) => {
                            if let Some(k) = last.parse::<usize>().ok().filter(|k| *k < a.len()) {
                                a.remove(k);
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    let mut bytes = doc.to_string().into_bytes();
    for m in mutations {
        let n = bytes.len();
        match m {
            Mutation::Overwrite(i, b) if n > 0 => bytes[i % n] = *b,
            Mutation::Insert(i, more) => {
                let at = i % (n + 1);
                bytes.splice(at..at, more.iter().copied());
            }
            Mutation::Delete(i, len) => {
                let at = i % (n + 1);
                bytes.drain(at..(at + len).min(n));
            }
            Mutation::Truncate(i) => bytes.truncate(i % (n + 1)),
            _ => {}
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Random text, random JSON of the format's vocabulary, and mutated valid documents.
fn inputs(seeds: Vec<String>) -> impl Strategy<Value = String> {
    let vocabulary = words(&seeds);
    let parsed: Vec<Value> = seeds.iter().map(|s| serde_json::from_str(s).unwrap()).collect();
    let mutation = prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Overwrite(i, b)),
        (
            any::<usize>(),
            prop_oneof![
                proptest::collection::vec(any::<u8>(), 1..8),
                proptest::sample::select(vec![
                    "{", "}", "[", "]", "\"", ",", ":", "null", "1e999", "-0", "\\u0000", "\u{202e}"
                ])
                .prop_map(|s| s.as_bytes().to_vec()),
            ]
        )
            .prop_map(|(i, b)| Mutation::Insert(i, b)),
        (any::<usize>(), 1usize..64).prop_map(|(i, n)| Mutation::Delete(i, n)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), json_value(vocabulary.clone())).prop_map(|(i, v)| Mutation::Replace(i, v)),
        (any::<usize>(), json_value(vocabulary.clone())).prop_map(|(i, v)| Mutation::Replace(i, v)),
        any::<usize>().prop_map(Mutation::Remove),
    ];
    prop_oneof![
        1 => proptest::collection::vec(any::<u8>(), 0..256).prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        2 => json_value(vocabulary).prop_map(|v| v.to_string()),
        6 => (proptest::sample::select(parsed), proptest::collection::vec(mutation, 1..4))
            .prop_map(|(seed, ms)| mutate(&seed, &ms)),
    ]
}

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn fuzz_questionnaire_parser() {
    // The smaller questionnaires: every item kind (voorbeeld-alles), a broken one, a real one.
    let seeds = ["voorbeeld-alles", "voorbeeld-kapot", "vervolg-start"]
        .map(|q| read(&format!("public/questionnaires/{q}.json")))
        .to_vec();
    fuzz("questionnaire", inputs(seeds), |text| {
        // Issues are a typed list; an accepted questionnaire is one the engine can show.
        if let Err(issues) = parse_questionnaire(text) {
            prop_assert!(!issues.is_empty());
        }
        Ok(())
    });
}

#[test]
fn fuzz_config_parser() {
    fuzz("config", inputs(vec![read("public/config/gemeente.json")]), |text| {
        match AppConfig::parse(text) {
            Ok(c) => prop_assert!(c.check().is_empty()),
            Err(issues) => prop_assert!(!issues.is_empty()),
        }
        Ok(())
    });
}

const DRAFT: &str = r#"{"format":1,"kind":"draft","data":{"questionnaire":"vervolg","status":"in-progress","page":0,"updated":"2026-11-22T10:00:00+01:00","answers":[{"link_id":"n","reps":[],"values":[{"valueString":"x"}]}],"groups":[]}}"#;
const RECORD: &str = r#"{"format":1,"kind":"fit_check","id":"0123456789abcdef0123456789abcdef","week":"2026-W47","wijk":"oost","areas":["money_debts"],"under_18":"no","breadth":"one","outcome":"fits","destinations":["debt"]}"#;
const FOLLOW_UP: &str = r#"{"format":1,"kind":"follow_up","id":"0123456789abcdef0123456789abcdef","week":"2026-W47","wijk":null,"respondent":"client","area_change":{"debts":"better"},"outcome":"helped","solution_match":null,"other_solution":null,"problem_still":null,"time_to_help":null,"eff_quality":null,"eff_fits":null,"eff_do_things":null,"eff_manage":null,"eff_quality_of_life":null,"knows_oco":null,"want_follow_up":null}"#;

#[test]
fn fuzz_backup_file() {
    let key = format!("wijkpeil:register:fit_check:{}", "0123456789abcdef0123456789abcdef");
    let outbox = r#"{"format":1,"kind":"outbox","data":{"entries":[{"id":"0123456789abcdef0123456789abcdef","key":"wijkpeil:register:fit_check:0123456789abcdef0123456789abcdef","choice":"send","delivered":false,"refused":null,"attempts":0,"next_try_ms":0}]}}"#;
    let seed = encode_backup(
        &[
            ("wijkpeil:draft:vervolg".into(), DRAFT.into()),
            (key, RECORD.into()),
            ("wijkpeil:outbox".into(), outbox.into()),
            ("wijkpeil:pref:wijk".into(), "oost".into()),
        ],
        "2026-11-22T10:00:00+01:00",
    );
    assert!(decode_backup(&seed).is_ok());
    fuzz("backup", inputs(vec![seed]), |text| {
        match decode_backup(text) {
            // Whatever a file holds, nothing it brings is chosen to send.
            Ok(records) => {
                for (k, v) in records.iter().filter(|(k, _)| k == "wijkpeil:outbox") {
                    let o =
                        wijkpeil::outbox::decode_outbox(v).map_err(|e| TestCaseError::fail(format!("{k}: {e:?}")))?;
                    prop_assert!(o.due(f64::MAX).is_empty());
                }
            }
            Err(e) => prop_assert!(!e.message_key().is_empty()),
        }
        let _: Result<_, BackupError> = read_file(text);
        Ok(())
    });
}

#[test]
fn fuzz_vault_envelope() {
    let kdf = KdfParams { salt: vec![7; 16], iterations: 1000 };
    let key = VaultKey([9; 32]);
    let records: SortedMap<String, String> = [("wijkpeil:draft:vervolg".to_string(), DRAFT.to_string())].into();
    let seeds = vec![
        vault::seal(&key, [1; 12], &kdf, "eerste", &records),
        wijkpeil::backup::encode_locked_backup(&key, [2; 12], &kdf, &[("wijkpeil:draft:x".into(), DRAFT.into())]),
    ];
    fuzz("vault", inputs(seeds), |text| {
        if let Ok(params) = vault::kdf_params(text) {
            // Parameters read from a file never ask for an endless key derivation.
            prop_assert!(params.iterations > 0);
        }
        let _ = vault::open(&key, "eerste", text);
        let _ = open_locked_backup(&key, text);
        Ok(())
    });
}

#[test]
fn fuzz_stored_drafts() {
    fuzz("draft", inputs(vec![DRAFT.to_string()]), |text| {
        let _ = decode_draft(text);
        Ok(())
    });
}

#[test]
fn fuzz_register_records() {
    fuzz("register-record", inputs(vec![RECORD.to_string(), FOLLOW_UP.to_string()]), |text| {
        let Ok(value) = serde_json::from_str::<Value>(text) else { return Ok(()) };
        if let Ok(record) = parse_record(&value) {
            // What is accepted is exactly the format: it reads back as itself.
            prop_assert_eq!(parse_record(&record.to_json()), Ok(record));
        }
        Ok(())
    });
}

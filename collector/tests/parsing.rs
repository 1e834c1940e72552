//! Property tests of request parsing (`api::read_record`, what `POST /v1/records` runs on every
//! body): random bytes, random JSON, and valid records mutated — no panic, no hang, and every
//! refusal one of the typed errors (`api::ERROR_CODES`) with a 4xx status and a message.
//!
//! 10,000 cases per property; `COLLECTOR_PROPTEST_CASES` sets another number. Each property
//! prints how many cases it ran to stderr (`PROPTEST name: N cases`; shown with `--nocapture`).

mod common;

use axum::http::{header, HeaderMap, HeaderValue};
use common::*;
use proptest::prelude::*;
use serde_json::{json, Map, Value};
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use wijkpeil_collector::api::{read_record, Checks, ERROR_CODES, MAX_BODY};

fn cases() -> u32 {
    std::env::var("COLLECTOR_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000)
}

fn config() -> ProptestConfig {
    ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() }
}

fn checks() -> Checks {
    let codes = wijkpeil_collector::settings::codes_from_config(CONFIG).unwrap();
    let set = |v: Vec<String>| v.into_iter().collect();
    Checks {
        wijken: set(codes.wijken),
        destinations: set(codes.destinations),
        urgent_kinds: set(codes.urgent_kinds),
        ..Checks::default()
    }
}

const TODAY: (i32, u32, u32) = Q3_CLOSED;

/// Parses `body` as the endpoint does; panics (fails the case) on a hang or an untyped answer.
fn parse(content_type: &str, body: &[u8], checks: &Checks, ran: &AtomicU64) {
    ran.fetch_add(1, Ordering::Relaxed);
    let mut headers = HeaderMap::new();
    if let Ok(v) = HeaderValue::from_str(content_type) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    let started = Instant::now();
    let answer = read_record(&headers, body, checks, TODAY);
    assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());
    match answer {
        Ok(record) => {
            // Whatever is accepted is a record in the canonical form, with known codes.
            assert!(body.len() <= MAX_BODY);
            assert_eq!(wijkpeil_wire::parse_record(&record.to_json()).as_ref(), Ok(&record));
            assert!(record.wijk().is_none_or(|w| checks.wijken.contains(w)));
        }
        Err(e) => {
            assert!(ERROR_CODES.contains(&e.code()), "untyped error {}", e.code());
            assert!(e.status().is_client_error(), "{} {}", e.status(), e.code());
            assert!(!e.message().is_empty());
        }
    }
}

fn report(name: &str, ran: &AtomicU64) {
    let _ = writeln!(std::io::stderr(), "PROPTEST {name}: {} cases", ran.load(Ordering::Relaxed));
}

/// Any JSON value, nested a few levels.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,24}".prop_map(Value::String),
        prop::sample::select(vec!["noord", "fits", "housing", "2026-W33", "crisis", "urgent", "oco", "yes"])
            .prop_map(|s| Value::String(s.to_string())),
    ];
    leaf.prop_recursive(4, 48, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec(("[a-z_]{1,12}", inner), 0..8)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<String, Value>>())),
        ]
    })
}

/// The valid records the mutations start from.
fn bases() -> Vec<Value> {
    vec![
        fit_record(1, Some("noord"), (2026, 8, 12)),
        fit_record(2, None, (2026, 11, 20)),
        follow_up_record(3, Some("oost"), (2026, 10, 5)),
        crisis_record(4, Some("zuid"), (2026, 11, 2)),
        urgent_record(5, (2026, 11, 2)),
    ]
}

#[derive(Debug, Clone)]
enum Mutation {
    Remove(usize),
    Replace(usize, Value),
    Add(String, Value),
    /// Inserts a character into a string field.
    Poke(usize, usize, char),
    /// On the serialized bytes: cut at, or flip a byte at, a position.
    Cut(usize),
    Flip(usize, u8),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Remove),
        (any::<usize>(), any_json()).prop_map(|(i, v)| Mutation::Replace(i, v)),
        ("[a-z_]{1,10}|.{0,70}", any_json()).prop_map(|(k, v)| Mutation::Add(k, v)),
        (any::<usize>(), any::<usize>(), any::<char>()).prop_map(|(i, at, c)| Mutation::Poke(i, at, c)),
        any::<usize>().prop_map(Mutation::Cut),
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Mutation::Flip(at, b)),
    ]
}

fn mutate(base: &Value, mutations: &[Mutation]) -> Vec<u8> {
    let mut v = base.clone();
    let mut bytes: Option<Vec<u8>> = None;
    for m in mutations {
        let obj = v.as_object_mut().expect("a record is an object");
        let key = |i: usize| obj.keys().nth(i % obj.len().max(1)).cloned();
        match m {
            Mutation::Remove(i) => {
                if let Some(k) = key(*i) {
                    obj.remove(&k);
                }
            }
            Mutation::Replace(i, x) => {
                if let Some(k) = key(*i) {
                    obj.insert(k, x.clone());
                }
            }
            Mutation::Add(k, x) => {
                obj.insert(k.clone(), x.clone());
            }
            Mutation::Poke(i, at, c) => {
                if let Some(k) = key(*i) {
                    if let Some(Value::String(s)) = obj.get_mut(&k) {
                        let at = s.char_indices().map(|(n, _)| n).nth(at % (s.chars().count() + 1)).unwrap_or(s.len());
                        s.insert(at, *c);
                    }
                }
            }
            Mutation::Cut(at) => {
                let b = bytes.get_or_insert_with(|| v.to_string().into_bytes());
                let at = at % (b.len() + 1);
                b.truncate(at);
            }
            Mutation::Flip(at, x) => {
                let b = bytes.get_or_insert_with(|| v.to_string().into_bytes());
                if !b.is_empty() {
                    let at = at % b.len();
                    b[at] ^= x;
                }
            }
        }
    }
    bytes.unwrap_or_else(|| v.to_string().into_bytes())
}

/// Runs `test` on `cases()` values of `strategy`; fails with the smallest failing value.
fn run<S: Strategy>(name: &str, strategy: S, test: impl Fn(S::Value, &AtomicU64)) {
    let ran = AtomicU64::new(0);
    let mut runner = proptest::test_runner::TestRunner::new(config());
    let result = runner.run(&strategy, |value| {
        test(value, &ran);
        Ok(())
    });
    report(name, &ran);
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
}

#[test]
fn random_bodies_are_refused_with_a_typed_error() {
    let content_types =
        vec!["application/json", "application/json; charset=utf-8", "text/plain", "", "APPLICATION/JSON"];
    let checks = checks();
    run(
        "random bodies",
        (prop::collection::vec(any::<u8>(), 0..(MAX_BODY + 200)), prop::sample::select(content_types)),
        |(body, content_type), ran| parse(content_type, &body, &checks, ran),
    );
}

#[test]
fn random_json_is_refused_with_a_typed_error() {
    let checks = checks();
    run("random JSON", any_json(), |v, ran| parse("application/json", v.to_string().as_bytes(), &checks, ran));
}

#[test]
fn mutated_records_never_panic() {
    let (checks, bases) = (checks(), bases());
    run("mutated records", (0..bases.len(), prop::collection::vec(mutation(), 1..5)), |(base, mutations), ran| {
        parse("application/json", &mutate(&bases[base], &mutations), &checks, ran)
    });
}

#[test]
fn the_valid_bases_are_accepted() {
    for base in bases() {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        assert!(read_record(&headers, base.to_string().as_bytes(), &checks(), TODAY).is_ok(), "{base}");
    }
}

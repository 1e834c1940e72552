//! Property tests of the register record format over random dossiers: whatever a person types
//! (names, e-mail addresses, phone numbers, exact dates, free text) into whatever field, a
//! record built with the public builders holds none of it, and the collector accepts it.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use serde_json::Value;
use std::collections::BTreeSet;
use wijkpeil::desk::DeskChoices;
use wijkpeil::fit_check::{evaluate, FitAnswers, Routing, URGENT_QUESTIONS};
use wijkpeil::register::*;

/// Personal data that must never reach a record, in the shapes people type it.
fn personal() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Z][a-z]{2,8} (de |van |van der )?[A-Z][a-z]{2,10}",
        "[a-z]{3,8}\\.[a-z]{2,8}@[a-z]{3,8}\\.(nl|com)",
        "06-?[0-9]{8}",
        "\\+31 ?6 ?[0-9]{8}",
        "[0-3][0-9]-[01][0-9]-20[0-9]{2}",
        "20[0-9]{2}-[01][0-9]-[0-3][0-9]",
        "[0-2][0-9]:[0-5][0-9]",
        "[0-9]{9}",                                // BSN-shaped
        "[A-Z][a-z]{3,10}straat [0-9]{1,3}[a-z]?", // an address
        "[A-Za-z ]{0,20}[A-Z][a-z ,.!?]{5,60}",    // a sentence
        // Lowercase text in the shape of a config code (`[a-z][a-z0-9_-]*`): a name with a birth
        // year, a user name. Only the config's allow-lists keep these out, not the shape check.
        "[a-z]{3,8}-[a-z]{3,10}-(19|20)[0-9]{2}",
        "[a-z]{3,8}_[0-9]{4}",
    ]
}

/// Either free text or a real code from `codes`: records must keep the one and drop the other.
fn text_or_code(codes: &'static [&'static str]) -> impl Strategy<Value = (String, Option<String>)> {
    prop_oneof![
        personal().prop_map(|p| (p.clone(), Some(p))),
        proptest::sample::select(codes).prop_map(|c| (c.to_string(), None)),
        Just((String::new(), None)),
    ]
}

#[derive(Debug, Clone)]
struct Dossier {
    fit: FitAnswers,
    routing: Routing,
    follow_up: FollowUpAnswers,
    wijk: Option<String>,
    date: (i32, u32, u32),
    id: [u8; 16],
    oco: bool,
    /// Everything personal typed into the dossier.
    secrets: Vec<String>,
}

const AREAS_AND_LIFE_AREAS: &[&str] =
    &["money_debts", "housing", "care_at_home", "loneliness", "other", "adl", "debts", "safety", "mental"];
const DESTINATION_CODES: &[&str] = &["debt", "youth", "emergency", "team_urgent", "shelter"];
const CHANGES: &[&str] = &["better", "same", "worse"];

fn dossier() -> impl Strategy<Value = Dossier> {
    let choices: Vec<BoxedStrategy<(String, Option<String>)>> =
        FOLLOW_UP_QUESTIONS.iter().map(|(_, codes)| text_or_code(codes).boxed()).collect();
    (
        (
            proptest::collection::vec(text_or_code(AREAS_AND_LIFE_AREAS), 0..8),
            text_or_code(&["yes", "no", "unknown", "one"]),
            text_or_code(&["one", "several", "unknown"]),
            proptest::collection::vec(any::<bool>(), URGENT_QUESTIONS.len()),
            proptest::collection::vec(text_or_code(DESTINATION_CODES), 0..20),
        ),
        (
            choices,
            proptest::collection::vec((text_or_code(AREAS_AND_LIFE_AREAS), text_or_code(CHANGES)), 0..20),
            proptest::option::of(text_or_code(&["noord", "oost", "wk036301"])),
            (prop_oneof![1000i32..=9998, 2020i32..2040], 1u32..=12, 1u32..=28),
            any::<[u8; 16]>(),
            any::<bool>(),
        ),
    )
        .prop_map(|((areas, under_18, breadth, urgent, destinations), (choices, changes, wijk, date, id, oco))| {
            let mut secrets: Vec<String> = Vec::new();
            let mut take = |(value, secret): (String, Option<String>)| {
                secrets.extend(secret);
                value
            };
            let fit = FitAnswers {
                urgent: URGENT_QUESTIONS
                    .iter()
                    .zip(&urgent)
                    .filter(|(_, on)| **on)
                    .map(|(q, _)| q.to_string())
                    .collect(),
                areas: areas.into_iter().map(&mut take).collect::<wijkpeil::small_collections::SortedSet<_>>(),
                under_18: take(under_18),
                breadth: take(breadth),
                network: "no".into(),
            };
            let destinations: Vec<String> = destinations.into_iter().map(&mut take).collect();
            // Every urgent question and every area routes to the same (partly typed-in) codes.
            let routing = Routing {
                urgent: URGENT_QUESTIONS.iter().map(|q| (q.to_string(), destinations.clone())).collect(),
                areas: fit.areas.iter().map(|a| (a.clone(), destinations.clone())).collect(),
                under_18: destinations.clone(),
            };
            let mut follow_up = FollowUpAnswers::default();
            for (n, choice) in choices.into_iter().enumerate() {
                follow_up.choices[n] = take(choice);
            }
            follow_up.area_change = changes.into_iter().map(|(a, c)| (take(a), take(c))).collect();
            let wijk = wijk.map(&mut take);
            Dossier { fit, routing, follow_up, wijk, date, id, oco, secrets }
        })
}

/// Every string in a JSON value: object keys and string values.
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|i| strings(i, out)),
        Value::Object(m) => m.iter().for_each(|(k, v)| {
            out.push(k.clone());
            strings(v, out)
        }),
        _ => {}
    }
}

/// The strings a record of this dossier may hold: allow-listed codes, field names, its id, its
/// week and the config codes it was given.
fn permitted(d: &Dossier) -> BTreeSet<String> {
    let mut ok: BTreeSet<String> = FIT_AREAS
        .iter()
        .chain(&UNDER_18)
        .chain(&BREADTH)
        .chain(&FIT_OUTCOMES)
        .chain(&RESPONDENTS)
        .chain(&LIFE_AREAS)
        .chain(&AREA_CHANGES)
        .chain(FOLLOW_UP_QUESTIONS.iter().flat_map(|(f, codes)| std::iter::once(f).chain(codes.iter())))
        .chain(DESTINATION_CODES)
        .chain(&CHANNELS)
        .chain(&["noord", "oost", "wk036301", "fit_check", "follow_up", "urgent"])
        .chain(&["format", "kind", "id", "week", "wijk", "areas", "under_18", "breadth", "outcome"])
        .chain(&["destinations", "respondent", "area_change", "channel", "quarter"])
        .map(|s| s.to_string())
        .collect();
    ok.insert(record_id(d.id));
    ok.insert(week_code(d.date));
    ok.insert(quarter_of_date(d.date));
    ok
}

/// The config of these dossiers: its wijk codes and destinations (partner outcomes, urgent kinds).
fn config_codes() -> ConfigCodes {
    ConfigCodes {
        wijken: ["noord", "oost", "wk036301"].map(str::to_string).to_vec(),
        destinations: DESTINATION_CODES.iter().map(|c| c.to_string()).collect(),
        urgent_kinds: Vec::new(),
    }
}

fn check(record: Record, d: &Dossier) -> Result<(), TestCaseError> {
    let json = record.to_json();
    let text = json.to_string();
    for secret in &d.secrets {
        prop_assert!(!text.contains(secret.as_str()), "{secret:?} is in {text}");
    }
    let (y, m, day) = d.date;
    for exact in [format!("{y:04}-{m:02}-{day:02}"), format!("{day:02}-{m:02}-{y:04}")] {
        prop_assert!(!text.contains(&exact), "the exact date is in {text}");
    }
    let mut found = Vec::new();
    strings(&json, &mut found);
    let ok = permitted(d);
    for s in found {
        prop_assert!(ok.contains(&s), "{s:?} is not a code: {text}");
    }
    prop_assert_eq!(parse_record_in(&json, &config_codes()), Ok(record));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn fit_records_hold_no_personal_data(d in dossier()) {
        let result = evaluate(&d.fit, &d.routing);
        let record = fit_record(&d.fit, &result, d.wijk.as_deref(), d.date, &config_codes())
            .expect("the app's outcomes are codes of the format")
            .with_id(d.id);
        // An urgent check keeps its quarter alone: no wijk, week, area or contact code.
        if !d.fit.urgent.is_empty() {
            prop_assert_eq!(record.kind(), "urgent");
            prop_assert_eq!(record.to_json().as_object().map(|o| o.len()), Some(5));
        }
        check(record, &d)?;
    }

    #[test]
    fn follow_up_records_hold_no_personal_data(d in dossier()) {
        let respondent = if d.oco { Respondent::Oco } else { Respondent::Client };
        let record = FollowUpRecord::new(d.id, d.date, d.wijk.as_deref(), respondent, &d.follow_up);
        check(config_codes().keep_known(Record::FollowUp(record)), &d)?;
    }

    /// A question the team registered at the desk: whatever reaches the choices (typed text in
    /// place of a channel, area, outcome, wijk or partner code), the record holds codes only,
    /// and always a channel that needs the team's key.
    #[test]
    fn desk_records_hold_no_personal_data(
        d in dossier(),
        channel in text_or_code(&["phone", "walk_in", "email", "partner", "app"]),
        outcome in text_or_code(&["fits", "fits_and_also", "elsewhere_faster", "urgent"]),
    ) {
        let mut d = d;
        let mut c = DeskChoices::default();
        c.set_channel(&channel.0);
        c.wijk = d.wijk.clone();
        for a in &d.fit.areas {
            c.toggle_area(a);
        }
        c.set_outcome(&outcome.0);
        for r in &d.routing.under_18 {
            c.toggle_referral(r);
        }
        d.secrets.extend(channel.1.into_iter().chain(outcome.1));
        match c.record(d.date, &config_codes()) {
            Ok(r) => {
                prop_assert!(channel_needs_team_key(r.channel()));
                check(r.with_id(d.id), &d)?;
            }
            Err(problems) => prop_assert!(!problems.is_empty()),
        }
    }

    /// Personal data put into any field, known or not, is refused with that field named.
    #[test]
    fn parse_refuses_personal_data_in_any_field(
        d in dossier(),
        key in prop_oneof![
            proptest::sample::select(
                FOLLOW_UP_QUESTIONS.iter().map(|(f, _)| *f)
                    .chain(["format", "kind", "id", "week", "wijk", "respondent", "area_change"])
                    .collect::<Vec<_>>()
            ).prop_map(str::to_string),
            "[a-z_]{1,12}",
        ],
        junk in personal(),
    ) {
        let record = FollowUpRecord::new(d.id, d.date, d.wijk.as_deref(), Respondent::Client, &d.follow_up);
        let mut json = config_codes().keep_known(Record::FollowUp(record)).to_json();
        json[key.as_str()] = Value::String(junk);
        let err = parse_record_in(&json, &config_codes()).expect_err("personal data accepted");
        prop_assert_eq!(err.field(), Some(key.as_str()));
    }
}

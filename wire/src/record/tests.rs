use super::*;

const ID: [u8; 16] = [0xab; 16];
const ID_HEX: &str = "abababababababababababababababab";

fn fit_codes() -> FitCodes {
    FitCodes {
        channel: "app".into(),
        areas: vec!["money_debts".into(), "housing".into()],
        under_18: "no".into(),
        breadth: "several".into(),
        outcome: "fits_and_also".into(),
        destinations: vec!["debt".into()],
    }
}

fn fit_record() -> Record {
    Record::fit_check(&fit_codes(), Some("noord"), (2026, 11, 22)).unwrap().with_id(ID)
}

fn follow_up_record() -> Record {
    let mut answers =
        FollowUpAnswers::with(&[("outcome", "rejected"), ("eff_quality", "agree"), ("reason_explained", "no")]);
    answers.area_change = vec![("debts".into(), "better".into()), ("adl".into(), "same".into())];
    Record::FollowUp(FollowUpRecord::new(ID, (2027, 1, 1), None, Respondent::Mantelzorger, &answers))
}

#[test]
fn a_fit_record_holds_codes_only() {
    assert_eq!(
        fit_record().to_json(),
        json!({"format": 2, "kind": "fit_check", "id": ID_HEX, "week": "2026-W47", "wijk": "noord", "channel": "app",
               "areas": ["housing", "money_debts"], "under_18": "no", "breadth": "several",
               "outcome": "fits_and_also", "destinations": ["debt"]})
    );
}

#[test]
fn an_urgent_check_carries_only_its_quarter_and_channel() {
    let codes = FitCodes { outcome: URGENT.into(), destinations: vec!["crisis".into()], ..fit_codes() };
    let r = Record::fit_check(&codes, Some("noord"), (2026, 11, 22)).unwrap().with_id(ID);
    assert_eq!(
        r.to_json(),
        json!({"format": 2, "kind": "urgent", "id": ID_HEX, "quarter": "2026-Q4", "channel": "app"})
    );
    assert_eq!((r.wijk(), r.week(), r.quarter().as_str()), (None, None, "2026-Q4"));
}

#[test]
fn a_follow_up_record_holds_codes_only() {
    let json = follow_up_record().to_json();
    assert_eq!(json["week"], "2026-W53");
    assert_eq!(json["respondent"], "mantelzorger");
    assert_eq!(json["outcome"], "rejected");
    assert_eq!(json["reason_explained"], "no");
    assert_eq!(json["solution_match"], Value::Null);
    assert_eq!(json["area_change"], json!({"adl": "same", "debts": "better"}));
    assert_eq!(json.as_object().unwrap().len(), FOLLOW_UP_FIXED_FIELDS.len() + FOLLOW_UP_QUESTIONS.len());
}

#[test]
fn builders_drop_what_is_not_a_code() {
    let mut answers = FollowUpAnswers::with(&[("outcome", "Jan hielp me op 3 maart"), ("name", "Jan")]);
    answers.area_change = vec![("debts".into(), "much better!".into()), ("my flat".into(), "worse".into())];
    let r = FollowUpRecord::new(ID, (2026, 3, 3), Some("Noord West"), Respondent::Client, &answers);
    assert_eq!(r.answers, FollowUpAnswers::default());
    assert_eq!(r.wijk, None);
    let codes = FitCodes {
        areas: vec!["Mijn buurman".into(), "housing".into(), "housing".into()],
        under_18: "13 jaar".into(),
        destinations: vec!["Schuldhulp BV".into(), "debt".into()],
        ..fit_codes()
    };
    let Some(Record::FitCheck(f)) = Record::fit_check(&codes, Some("0612345678"), (2026, 3, 3)) else { panic!() };
    assert_eq!(
        (f.areas, f.under_18.as_str(), f.destinations, f.wijk),
        (vec!["housing".to_string()], "", vec!["debt".to_string()], None)
    );
    // An outcome or channel outside the format makes no record at all.
    assert_eq!(Record::fit_check(&FitCodes { outcome: "maybe".into(), ..fit_codes() }, None, (2026, 3, 3)), None);
    assert_eq!(Record::fit_check(&FitCodes { channel: "whatsapp".into(), ..fit_codes() }, None, (2026, 3, 3)), None);
}

#[test]
fn records_survive_a_round_trip() {
    let urgent = Record::fit_check(
        &FitCodes { outcome: URGENT.into(), channel: "phone".into(), ..fit_codes() },
        None,
        (2026, 1, 1),
    )
    .unwrap()
    .with_id(ID);
    for r in [fit_record(), follow_up_record(), urgent] {
        assert_eq!(parse_record(&r.to_json()), Ok(r));
    }
}

#[test]
fn format_1_records_still_read_as_format_2() {
    let fit = json!({"format": 1, "kind": "fit_check", "id": ID_HEX, "week": "2026-W47", "wijk": "noord",
                     "areas": ["housing"], "under_18": null, "breadth": "one", "outcome": "fits", "destinations": []});
    let Ok(Record::FitCheck(f)) = parse_record(&fit) else { panic!() };
    assert_eq!((f.channel, f.outcome), ("app", "fits"));
    assert_eq!(
        parse_record(&with(fit.clone(), "channel", json!("app"))),
        Err(RecordError::UnknownField("channel".into()))
    );
    // Format 1 sent an urgent check with wijk, week and crisis codes: only its quarter is kept.
    let urgent = with(with(fit, "outcome", json!("urgent")), "destinations", json!(["crisis"]));
    let r = parse_record(&urgent).unwrap();
    assert_eq!(
        r.to_json(),
        json!({"format": 2, "kind": "urgent", "id": ID_HEX, "quarter": "2026-Q4", "channel": "app"})
    );
    let follow = json!({"format": 1, "kind": "follow_up", "id": ID_HEX, "week": "2026-W47", "wijk": null,
        "respondent": "oco", "outcome": "helped", "solution_match": null, "other_solution": null, "problem_still": "yes",
        "time_to_help": null, "eff_quality": null, "eff_fits": null, "eff_do_things": null, "eff_manage": null,
        "eff_quality_of_life": null, "knows_oco": null, "want_follow_up": null, "area_change": {}});
    let Ok(Record::FollowUp(f)) = parse_record(&follow) else { panic!() };
    assert_eq!((f.answers.get("problem_still"), f.answers.get("reason_explained")), ("yes", ""));
    assert_eq!(
        parse_record(&with(follow, "reason_explained", json!("no"))),
        Err(RecordError::UnknownField("reason_explained".into()))
    );
    // No urgent kind in format 1.
    let v1_urgent = json!({"format": 1, "kind": "urgent", "id": ID_HEX, "quarter": "2026-Q4", "channel": "app"});
    assert_eq!(parse_record(&v1_urgent), Err(RecordError::UnknownCode("kind")));
}

#[test]
fn format_1_is_taken_until_its_last_day() {
    assert!(format_accepted_on(2, (2040, 1, 1)));
    assert!(format_accepted_on(1, FORMAT_1_ACCEPTED_UNTIL));
    assert!(!format_accepted_on(1, (2027, 7, 1)));
    assert!(!format_accepted_on(3, (2026, 1, 1)));
}

fn with(mut v: Value, key: &str, x: Value) -> Value {
    v[key] = x;
    v
}

fn without(mut v: Value, key: &str) -> Value {
    v.as_object_mut().unwrap().remove(key);
    v
}

#[test]
fn parse_names_the_field_it_refuses() {
    let fit = fit_record().to_json();
    let follow = follow_up_record().to_json();
    let urgent = json!({"format": 2, "kind": "urgent", "id": ID_HEX, "quarter": "2026-Q4", "channel": "app"});
    let cases = [
        (json!([1]), RecordError::NotAnObject),
        (with(fit.clone(), "name", json!("Jan")), RecordError::UnknownField("name".into())),
        (with(fit.clone(), "respondent", json!("oco")), RecordError::UnknownField("respondent".into())),
        (with(fit.clone(), "kind", json!("diary")), RecordError::UnknownCode("kind")),
        (without(fit.clone(), "kind"), RecordError::Missing("kind")),
        (without(fit.clone(), "wijk"), RecordError::Missing("wijk")),
        (without(fit.clone(), "channel"), RecordError::Missing("channel")),
        (with(fit.clone(), "channel", json!("whatsapp")), RecordError::UnknownCode("channel")),
        (with(fit.clone(), "format", json!(3)), RecordError::UnsupportedFormat),
        (
            with(fit.clone(), "format", json!("2")),
            RecordError::WrongType { field: "format", expected: "a whole number" },
        ),
        (with(fit.clone(), "id", json!("ABABABABABABABABABABABABABABABAB")), RecordError::BadId),
        (with(fit.clone(), "week", json!("2026-11-22")), RecordError::BadWeek),
        (with(fit.clone(), "wijk", json!("Noord West")), RecordError::UnknownCode("wijk")),
        (with(fit.clone(), "wijk", json!(3)), RecordError::WrongType { field: "wijk", expected: "a string or null" }),
        (with(fit.clone(), "areas", json!("housing")), RecordError::WrongType { field: "areas", expected: "a list" }),
        (with(fit.clone(), "areas", json!(["garden"])), RecordError::UnknownCode("areas")),
        (with(fit.clone(), "areas", json!(["housing", "housing"])), RecordError::Repeated("areas")),
        (
            with(fit.clone(), "areas", json!(["money_debts", "housing"])),
            RecordError::WrongType { field: "areas", expected: "a sorted list" },
        ),
        (with(fit.clone(), "under_18", json!("maybe")), RecordError::UnknownCode("under_18")),
        (with(fit.clone(), "outcome", Value::Null), RecordError::WrongType { field: "outcome", expected: "a string" }),
        // Format 2 has no urgent outcome: an urgent check is a record of its own kind.
        (with(fit.clone(), "outcome", json!("urgent")), RecordError::UnknownCode("outcome")),
        (
            with(fit.clone(), "destinations", json!(vec!["a"; MAX_DESTINATIONS + 1])),
            RecordError::TooMany { field: "destinations", max: MAX_DESTINATIONS },
        ),
        (with(fit.clone(), "destinations", json!(["Schuldhulp BV"])), RecordError::UnknownCode("destinations")),
        (with(urgent.clone(), "wijk", json!("noord")), RecordError::UnknownField("wijk".into())),
        (with(urgent.clone(), "week", json!("2026-W47")), RecordError::UnknownField("week".into())),
        (with(urgent.clone(), "quarter", json!("2026-Q5")), RecordError::BadQuarter),
        (without(urgent.clone(), "quarter"), RecordError::Missing("quarter")),
        (with(follow.clone(), "areas", json!([])), RecordError::UnknownField("areas".into())),
        (with(follow.clone(), "channel", json!("app")), RecordError::UnknownField("channel".into())),
        (with(follow.clone(), "respondent", json!("neighbour")), RecordError::UnknownCode("respondent")),
        (with(follow.clone(), "eff_fits", json!("yes")), RecordError::UnknownCode("eff_fits")),
        (without(follow.clone(), "knows_oco"), RecordError::Missing("knows_oco")),
        (without(follow.clone(), "taken_seriously"), RecordError::Missing("taken_seriously")),
        (with(follow.clone(), "area_change", json!({"garden": "better"})), RecordError::UnknownCode("area_change")),
        (
            with(follow.clone(), "area_change", json!({"debts": 1})),
            RecordError::WrongType { field: "area_change", expected: "an object of codes" },
        ),
    ];
    for (value, expected) in cases {
        assert_eq!(parse_record(&value), Err(expected.clone()), "{value}");
        assert!(expected.to_string().len() > 5);
    }
}

#[test]
fn record_ids_round_trip_through_their_bytes() {
    let bytes = [0u8, 1, 2, 3, 250, 251, 252, 253, 254, 255, 16, 32, 64, 128, 7, 9];
    assert_eq!(record_id_bytes(&record_id(bytes)), Some(bytes));
    assert_eq!(record_id_bytes("not an id"), None);
    let id = record_id([0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0, 0, 0, 0, 0, 0, 0, 0xff]);
    assert_eq!(id, "0123456789abcdef00000000000000ff");
    assert!(is_record_id(&id));
    assert!(!is_record_id(&id.to_uppercase()));
    assert!(!is_record_id(&id[1..]));
}

#[test]
fn config_codes_start_with_a_letter() {
    for ok in ["noord", "wk036301", "team_urgent", "zuid-west", &"a".repeat(40)] {
        assert!(is_config_code(ok), "{ok}");
    }
    for bad in ["", "0612345678", "2026-03-12", "Noord", "noord west", "jan@x.nl", "_x", &"a".repeat(41)] {
        assert!(!is_config_code(bad), "{bad}");
    }
}

#[test]
fn an_unknown_field_name_is_cut_short() {
    let long = "x".repeat(500);
    let err = parse_record(&with(fit_record().to_json(), &long, json!(1))).unwrap_err();
    assert_eq!(err.field().map(str::len), Some(64));
}

#[test]
fn only_the_configs_codes_pass() {
    let codes =
        crate::ConfigCodes { wijken: vec!["oost".into()], destinations: vec!["debt".into()], urgent_kinds: vec![] };
    // Shaped like a code, but a name and a birth year: only the config's list stops it.
    assert!(is_config_code("jan-jansen-1985"));
    let r = Record::FollowUp(FollowUpRecord::new(
        ID,
        (2026, 11, 18),
        Some("jan-jansen-1985"),
        Respondent::Client,
        &FollowUpAnswers::default(),
    ));
    assert_eq!(codes.keep_known(r.clone()).wijk(), None);
    assert_eq!(crate::codes::parse_record_in(&r.to_json(), &codes), Err(RecordError::UnknownCode("wijk")));
    let ok = Record::fit_check(&fit_codes(), Some("oost"), (2026, 11, 18)).unwrap().with_id(ID);
    assert!(crate::codes::parse_record_in(&ok.to_json(), &codes).is_ok());
    let partner = Record::fit_check(
        &FitCodes { destinations: vec!["bureau-jansen".into()], ..fit_codes() },
        Some("oost"),
        (2026, 11, 18),
    )
    .unwrap();
    let Record::FitCheck(kept) = codes.keep_known(partner.clone()) else { panic!() };
    assert!(kept.destinations.is_empty());
    assert_eq!(codes.check(&partner), Err(RecordError::UnknownCode("destinations")));
}

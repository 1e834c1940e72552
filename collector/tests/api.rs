//! The collector over HTTP on loopback, against a real SQLite file and a real PostgreSQL
//! server (when `COLLECTOR_TEST_PG_URL` is set; `scripts/test-collector.sh` always sets it).

mod common;

use common::*;
use serde_json::{json, Value};
use std::sync::Arc;
use wijkpeil_collector::store::{PostgresStore, Store};

/// Runs a scenario once on SQLite and once on PostgreSQL.
macro_rules! on_both_stores {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            use super::*;
            #[tokio::test]
            async fn sqlite() {
                super::$name(Backend::sqlite()).await
            }
            #[tokio::test]
            async fn postgres() {
                if let Some(backend) = Backend::postgres().await {
                    super::$name(backend).await
                }
            }
        }
    )*};
}

on_both_stores!(
    a_record_is_stored_once_and_acknowledged_twice,
    refusals_name_what_is_wrong,
    concurrent_duplicates_are_stored_once,
    the_register_shows_no_small_count,
    records_survive_a_restart,
    published_figures_never_change,
    crisis_signals_are_kept_without_wijk_and_week,
    team_registrations_need_a_key_and_are_counted_apart,
    urgent_signals_of_an_older_database_count_as_the_apps,
);

const Q3: (i32, u32, u32) = (2026, 8, 12);

async fn a_record_is_stored_once_and_acknowledged_twice(backend: Backend) {
    let server = backend.start(&settings()).await;
    let base = format!("http://{}", server.addr);
    let http = client();
    let record = fit_record(1, Some("noord"), Q3);
    let id = record["id"].clone();
    assert_eq!(post(&http, &base, &record).await, (201, json!({ "id": id })));
    assert_eq!(post(&http, &base, &record).await, (200, json!({ "id": id })));
    let follow = follow_up_record(2, None, Q3);
    assert_eq!(post(&http, &base, &follow).await.0, 201);
    // Another record under a taken id.
    let other = fit_record(3, Some("oost"), Q3);
    let mut clash = other.clone();
    clash["id"] = id.clone();
    let (status, body) = post(&http, &base, &clash).await;
    assert_eq!((status, body["error"].as_str(), body["field"].as_str()), (409, Some("id_taken"), Some("id")));
    assert_eq!(backend.count().await, 2);
    server.stop().await.unwrap();
}

async fn refusals_name_what_is_wrong(backend: Backend) {
    let server = backend.start(&settings()).await;
    let base = format!("http://{}", server.addr);
    let http = client();
    let good = fit_record(10, Some("noord"), Q3);
    let with = |key: &str, v: Value| {
        let mut r = good.clone();
        r[key] = v;
        r
    };
    let cases = [
        (with("name", json!("Jan de Vries")), 422, "unknown_field", Some("name")),
        (with("areas", json!("housing")), 422, "wrong_type", Some("areas")),
        (with("outcome", json!("Jan hielp")), 422, "unknown_code", Some("outcome")),
        (with("week", json!("2026-08-12")), 422, "bad_week", Some("week")),
        (with("week", json!("9999-W01")), 422, "bad_week", Some("week")),
        (with("wijk", json!("west")), 422, "unknown_code", Some("wijk")),
        (with("id", json!("1234")), 422, "bad_id", Some("id")),
        (json!([good.clone()]), 422, "not_an_object", None),
    ];
    for (body, status, error, field) in cases {
        let (s, answer) = post(&http, &base, &body).await;
        assert_eq!((s, answer["error"].as_str(), answer["field"].as_str()), (status, Some(error), field), "{body}");
        assert!(answer["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let raw = |content_type: &'static str, body: String| {
        let http = http.clone();
        let url = format!("{base}/v1/records");
        async move {
            let resp = http.post(url).header("content-type", content_type).body(body).send().await.unwrap();
            let status = resp.status().as_u16();
            (status, resp.json::<Value>().await.unwrap()["error"].as_str().map(str::to_string))
        }
    };
    assert_eq!(raw("text/plain", good.to_string()).await, (415, Some("wrong_content_type".into())));
    assert_eq!(raw("application/json", "{\"kind\":".into()).await, (400, Some("invalid_json".into())));
    let padded = format!("{}{}", good, " ".repeat(5000));
    assert_eq!(raw("application/json", padded).await, (413, Some("too_large".into())));
    assert_eq!(backend.count().await, 0, "nothing refused was stored");
    server.stop().await.unwrap();
}

async fn concurrent_duplicates_are_stored_once(backend: Backend) {
    let server = backend.start(&settings()).await;
    let base = Arc::new(format!("http://{}", server.addr));
    let http = client();
    let mut tasks = Vec::new();
    for n in 0..40u64 {
        // 10 records, each sent 4 times at once.
        let (http, base) = (http.clone(), base.clone());
        tasks
            .push(tokio::spawn(async move { post(&http, &base, &fit_record(100 + n % 10, Some("zuid"), Q3)).await.0 }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 10, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 30, "{statuses:?}");
    assert_eq!(backend.count().await, 10);
    assert_eq!(backend.distinct_ids().await, 10);
    server.stop().await.unwrap();
}

async fn the_register_shows_no_small_count(backend: Backend) {
    let clock = TestClock::at(IN_Q3);
    let server = backend.start_clocked(&settings(), &clock).await;
    let base = format!("http://{}", server.addr);
    let http = client();
    // Q3: noord 25, oost 14, zuid 3, no wijk 0 fit checks; 12 follow-ups in noord.
    let mut n = 1000;
    for (wijk, count) in [("noord", 25), ("oost", 14), ("zuid", 3)] {
        for _ in 0..count {
            n += 1;
            assert_eq!(post(&http, &base, &fit_record(n, Some(wijk), Q3)).await.0, 201);
        }
    }
    for _ in 0..12 {
        n += 1;
        assert_eq!(post(&http, &base, &follow_up_record(n, Some("noord"), Q3)).await.0, 201);
    }
    let register: Value = http.get(format!("{base}/v1/register.json")).send().await.unwrap().json().await.unwrap();
    assert_eq!(register["periods"], json!([]), "Q3 is still open");
    clock.set(Q3_CLOSED);
    let register: Value = http.get(format!("{base}/v1/register.json")).send().await.unwrap().json().await.unwrap();
    assert_eq!(register["columns"], json!(["noord", "oost", "zuid", "(none)"]));
    assert_eq!(register["min_cell"], 10);
    let q3 = &register["periods"][0];
    assert_eq!(q3["period"], "2026-Q3");
    let table = |kind: &str, question: &str| {
        q3["tables"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["kind"] == kind && t["question"] == question)
            .unwrap()
            .clone()
    };
    let records = &table("fit_check", "records")["rows"][0];
    // zuid (3) is hidden; the empty "(none)" is hidden too but protects nothing (that nobody
    // sent a record without a wijk may be known), so oost (14) is hidden with them: the total
    // gives only the sum of zuid and oost away.
    assert_eq!(records["counts"], json!([25, null, null, null]));
    assert_eq!(records["total"], 42);
    let mut shown = 0;
    for period in register["periods"].as_array().unwrap() {
        for t in period["tables"].as_array().unwrap() {
            for row in t["rows"].as_array().unwrap() {
                for v in row["counts"].as_array().unwrap().iter().chain([&row["total"]]) {
                    if let Some(v) = v.as_u64() {
                        assert!(v >= 10, "{} {} shows {v}", t["question"], row["answer"]);
                        shown += 1;
                    }
                }
            }
        }
    }
    assert!(shown > 10, "the register shows something");
    let csv = http.get(format!("{base}/v1/register.csv")).send().await.unwrap();
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = csv.text().await.unwrap();
    assert!(csv.starts_with("period,kind,question,answer,wijk,count,status\n"));
    assert!(csv.contains("2026-Q3,fit_check,records,records,noord,25,final\n"));
    assert!(csv.contains("2026-Q3,fit_check,records,records,zuid,,final\n"));
    server.stop().await.unwrap();
}

async fn records_survive_a_restart(backend: Backend) {
    let server = backend.start(&settings()).await;
    let base = format!("http://{}", server.addr);
    let record = follow_up_record(7, Some("oost"), Q3);
    assert_eq!(post(&client(), &base, &record).await.0, 201);
    server.stop().await.unwrap();
    let server = backend.start(&settings()).await;
    let base = format!("http://{}", server.addr);
    assert_eq!(post(&client(), &base, &record).await.0, 200, "known after a restart");
    assert_eq!(backend.count().await, 1);
    server.stop().await.unwrap();
}

async fn download(http: &reqwest::Client, base: &str) -> (String, String) {
    let json = http.get(format!("{base}/v1/register.json")).send().await.unwrap().text().await.unwrap();
    let csv = http.get(format!("{base}/v1/register.csv")).send().await.unwrap().text().await.unwrap();
    (json, csv)
}

/// Promise 1: once a quarter is published its figures never change — not by a late record, not
/// by probing it with known records, not by a restart with another threshold or code list.
async fn published_figures_never_change(backend: Backend) {
    let clock = TestClock::at(IN_Q3);
    let server = backend.start_clocked(&settings(), &clock).await;
    let base = format!("http://{}", server.addr);
    let http = client();
    let mut n = 5000;
    for (wijk, count) in [("noord", 14), ("oost", 12), ("zuid", 11)] {
        for _ in 0..count {
            n += 1;
            assert_eq!(post(&http, &base, &fit_record(n, Some(wijk), Q3)).await.0, 201);
        }
    }
    clock.set(Q3_CLOSED);
    // Closed: a record of Q3 is refused even before anyone has downloaded the register.
    let (status, body) = post(&http, &base, &fit_record(9001, Some("noord"), Q3)).await;
    assert_eq!((status, body["error"].as_str(), body["field"].as_str()), (422, Some("quarter_closed"), Some("week")));
    assert!(body["message"].as_str().is_some_and(|m| m.contains("2026-Q3")));
    let first = download(&http, &base).await;
    let published: Value = serde_json::from_str(&first.0).unwrap();
    assert_eq!(published["periods"][0]["period"], "2026-Q3");
    assert_eq!(published["periods"][0]["provisional"], false);
    // Nine known records into the closed quarter, to see whether a cell appears: all refused.
    for k in 0..9 {
        let (status, body) = post(&http, &base, &fit_record(9100 + k, Some("zuid"), Q3)).await;
        assert_eq!((status, body["error"].as_str()), (422, Some("quarter_closed")));
    }
    assert_eq!(download(&http, &base).await, first);
    // A record of the running quarter is taken, and changes nothing published.
    assert_eq!(post(&http, &base, &fit_record(9200, Some("noord"), Q3_CLOSED)).await.0, 201);
    assert_eq!(download(&http, &base).await, first);
    server.stop().await.unwrap();

    // Another threshold and another code list: Q3 stays as it was published.
    let mut other = settings();
    other.min_cell = 3;
    other.wijken = vec!["noord".into(), "oost".into()];
    let server = backend.start_clocked(&other, &clock).await;
    let base = format!("http://{}", server.addr);
    assert_eq!(download(&http, &base).await, first, "byte for byte after a restart with other settings");
    assert_eq!(download(&http, &base).await, first);
    let (status, body) = post(&http, &base, &fit_record(9300, Some("noord"), Q3)).await;
    assert_eq!((status, body["error"].as_str()), (422, Some("quarter_closed")));
    server.stop().await.unwrap();

    // Even a collector whose clock runs behind (Q3 open again by the date) refuses Q3: it is
    // frozen in the database.
    clock.set(IN_Q3);
    let server = backend.start_clocked(&settings(), &clock).await;
    let base = format!("http://{}", server.addr);
    let (status, body) = post(&http, &base, &fit_record(9400, Some("noord"), Q3)).await;
    assert_eq!((status, body["error"].as_str()), (422, Some("quarter_closed")));
    server.stop().await.unwrap();
}

/// Promise 5: an urgent fit check (yes to the suicide question: `crisis`) is kept as its id and
/// quarter only, and published only as a municipality-wide total per quarter.
async fn crisis_signals_are_kept_without_wijk_and_week(backend: Backend) {
    let clock = TestClock::at(IN_Q3);
    let server = backend.start_clocked(&settings(), &clock).await;
    let base = format!("http://{}", server.addr);
    let http = client();
    let crisis = crisis_record(1, Some("zuid"), Q3);
    assert_eq!(crisis["outcome"], "urgent");
    assert_eq!(crisis["destinations"], json!(["crisis", "emergency"]));
    assert_eq!(post(&http, &base, &crisis).await.0, 201);
    assert_eq!(post(&http, &base, &crisis).await.0, 200, "sent twice, counted once");
    assert_eq!(backend.count().await, 0, "not among the records");
    assert_eq!(
        backend.texts("SELECT id || ' ' || quarter FROM urgent").await,
        vec![format!("{} 2026-Q3", crisis["id"].as_str().unwrap())]
    );
    let everything = backend.texts("SELECT id || ' ' || quarter FROM urgent UNION ALL SELECT body FROM records").await;
    assert!(everything.iter().all(|row| !row.contains("zuid") && !row.contains("W33")), "{everything:?}");
    // The same id with other contents is another record.
    let mut clash = fit_record(2, Some("zuid"), Q3);
    clash["id"] = crisis["id"].clone();
    assert_eq!(post(&http, &base, &clash).await.0, 409);
    for k in 0..10 {
        let wijk = ["noord", "oost", "zuid"][k % 3];
        assert_eq!(post(&http, &base, &crisis_record(10 + k as u64, Some(wijk), Q3)).await.0, 201);
    }
    // Format 2 sends an urgent check as its quarter alone: counted with the others.
    let v2 = urgent_record(50, Q3);
    assert_eq!(v2.as_object().unwrap().len(), 5, "{v2}");
    assert_eq!(post(&http, &base, &v2).await.0, 201);
    for k in 0..12 {
        assert_eq!(post(&http, &base, &fit_record(100 + k, Some("noord"), Q3)).await.0, 201);
    }
    clock.set(Q3_CLOSED);
    let register: Value = http.get(format!("{base}/v1/register.json")).send().await.unwrap().json().await.unwrap();
    let q3 = &register["periods"][0];
    assert_eq!(q3["urgent"], 12);
    let tables = q3["tables"].as_array().unwrap();
    let records = tables.iter().find(|t| t["kind"] == "fit_check" && t["question"] == "records").unwrap();
    assert_eq!(records["rows"][0]["total"], 12, "urgent signals are not fit-check records");
    let outcome = tables.iter().find(|t| t["kind"] == "fit_check" && t["question"] == "outcome").unwrap();
    assert!(outcome["rows"].as_array().unwrap().iter().all(|r| r["answer"] != "urgent"));
    let csv = http.get(format!("{base}/v1/register.csv")).send().await.unwrap().text().await.unwrap();
    assert!(csv.contains("2026-Q3,urgent,records,records,(all),12,final\n"), "{csv}");
    assert!(!csv.contains("crisis"));
    server.stop().await.unwrap();
}

/// Only a team with a key from `--team-keys` registers questions; the key is not stored, and
/// the register counts the team's questions apart from the app's checks (never one sum), with
/// the team's urgent signals apart too.
async fn team_registrations_need_a_key_and_are_counted_apart(backend: Backend) {
    let clock = TestClock::at(IN_Q3);
    let server = backend.start_clocked(&settings_with_team(), &clock).await;
    let base = format!("http://{}", server.addr);
    let http = client();
    let phoned = team_record(1, "noord", "phone", "housing", "fits", Q3);
    let (status, answer) = post(&http, &base, &phoned).await;
    assert_eq!(
        (status, answer["error"].as_str(), answer["field"].as_str()),
        (403, Some("team_key_required"), Some("channel"))
    );
    let (status, answer) = post_with_key(&http, &base, &phoned, "k7Qm-2xPa-9LdW-XXXX").await;
    assert_eq!((status, answer["error"].as_str()), (403, Some("team_key_invalid")));
    assert_eq!(backend.count().await, 0, "nothing without the key");
    assert_eq!(post_with_key(&http, &base, &phoned, TEAM_KEY).await.0, 201);
    assert_eq!(post_with_key(&http, &base, &phoned, TEAM_KEY).await.0, 200, "sent twice, counted once");
    // 12 questions registered in noord (one more above), 12 checks from the app there.
    for k in 0..11 {
        let channel = ["walk_in", "email", "partner"][k % 3];
        let outcome = ["elsewhere_faster", "fits_and_also"][k % 2];
        assert_eq!(
            post_with_key(
                &http,
                &base,
                &team_record(10 + k as u64, "noord", channel, "housing", outcome, Q3),
                TEAM_KEY
            )
            .await
            .0,
            201
        );
    }
    for k in 0..12 {
        assert_eq!(post(&http, &base, &fit_record(100 + k, Some("noord"), Q3)).await.0, 201);
    }
    // Urgent: 11 registered by the team, 10 sent from the app.
    for k in 0..11 {
        let urgent = team_record(200 + k, "noord", "walk_in", "housing", "urgent", Q3);
        assert_eq!(post_with_key(&http, &base, &urgent, TEAM_KEY).await.0, 201);
    }
    for k in 0..10 {
        assert_eq!(post(&http, &base, &urgent_record(300 + k, Q3)).await.0, 201);
    }
    let stored = backend
        .texts("SELECT body FROM records UNION ALL SELECT id || ' ' || quarter || ' ' || source FROM urgent")
        .await;
    assert_eq!(stored.len(), 24 + 21);
    assert!(stored.iter().all(|row| !row.contains(TEAM_KEY) && !row.contains("team-noord")), "no key or team is kept");
    assert_eq!(stored.iter().filter(|row| row.ends_with(" team")).count(), 11);
    assert_eq!(stored.iter().filter(|row| row.ends_with(" app")).count(), 10);

    clock.set(Q3_CLOSED);
    let register: Value = http.get(format!("{base}/v1/register.json")).send().await.unwrap().json().await.unwrap();
    let q3 = &register["periods"][0];
    assert_eq!((q3["urgent"].as_u64(), q3["team_urgent"].as_u64()), (Some(10), Some(11)));
    let tables = q3["tables"].as_array().unwrap();
    let find = |kind: &str, question: &str| {
        tables
            .iter()
            .find(|t| t["kind"] == kind && t["question"] == question)
            .unwrap_or_else(|| panic!("{kind} {question}"))
    };
    assert_eq!(find("team", "records")["rows"][0]["total"], 12);
    assert_eq!(find("fit_check", "records")["rows"][0]["total"], 12);
    let channel = find("team", "channel");
    assert_eq!(
        channel["rows"].as_array().unwrap().iter().map(|r| r["answer"].as_str().unwrap()).collect::<Vec<_>>(),
        ["phone", "walk_in", "email", "partner"]
    );
    // Housing by outcome for the team, beside its row of the areas table.
    let housing = find("team", "area_outcome.housing");
    let outcome_of =
        |answer: &str| housing["rows"].as_array().unwrap().iter().find(|r| r["answer"] == answer).unwrap().clone();
    // Every registration named housing, in noord only: its total over all wijken would be
    // the areas table's 12, so that is hidden with the 1 (else 12 minus the rest gives it).
    let housing_row =
        find("team", "areas")["rows"].as_array().unwrap().iter().find(|r| r["answer"] == "housing").unwrap().clone();
    assert_eq!(housing_row["total"], Value::Null);
    assert_eq!(outcome_of("fits")["total"], Value::Null, "1 is hidden");
    let csv = http.get(format!("{base}/v1/register.csv")).send().await.unwrap().text().await.unwrap();
    assert!(csv.contains("2026-Q3,team,records,records,(all),12,final\n"), "{csv}");
    assert!(csv.contains("2026-Q3,team_urgent,records,records,(all),11,final\n"), "{csv}");
    assert!(csv.contains("2026-Q3,urgent,records,records,(all),10,final\n"), "{csv}");
    server.stop().await.unwrap();
}

/// A database of a collector from before team registrations has urgent signals without a
/// source: they were all sent from the app, and count there.
async fn urgent_signals_of_an_older_database_count_as_the_apps(backend: Backend) {
    let ids: Vec<String> = (0..10).map(|n| format!("{:032x}", 900 + n)).collect();
    let values: Vec<String> = ids.iter().map(|id| format!("('{id}', '2026-Q3')")).collect();
    backend
        .execute(&format!(
            "CREATE TABLE urgent (id TEXT PRIMARY KEY, quarter TEXT NOT NULL); INSERT INTO urgent (id, quarter) VALUES {};",
            values.join(", ")
        ))
        .await;
    let clock = TestClock::at(Q3_CLOSED);
    let server = backend.start_clocked(&settings(), &clock).await;
    let base = format!("http://{}", server.addr);
    let register: Value = client().get(format!("{base}/v1/register.json")).send().await.unwrap().json().await.unwrap();
    assert_eq!(register["periods"][0]["urgent"], 10);
    assert_eq!(register["periods"][0]["team_urgent"], Value::Null);
    server.stop().await.unwrap();
}

/// Promise 2: a register build runs on a thread of its own. The test runtime has one thread:
/// were the build on it, the health check could not be answered while the build is held.
#[tokio::test]
async fn a_register_build_in_progress_does_not_block_other_requests() {
    let backend = Backend::sqlite();
    let (entered_tx, entered_rx) = std::sync::mpsc::channel::<()>();
    let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
    let (entered_tx, release_rx) = (std::sync::Mutex::new(entered_tx), std::sync::Mutex::new(release_rx));
    let hook: BuildHook = Arc::new(move || {
        let _ = entered_tx.lock().unwrap().send(());
        let _ = release_rx.lock().unwrap().recv_timeout(std::time::Duration::from_secs(30));
    });
    let server = backend.start_with(&settings(), &TestClock::at(Q3_CLOSED), Some(hook), None).await;
    let base = format!("http://{}", server.addr);
    let http = client();
    let building = {
        let (http, base) = (http.clone(), base.clone());
        tokio::spawn(async move { http.get(format!("{base}/v1/register.json")).send().await.unwrap().status() })
    };
    tokio::task::spawn_blocking(move || entered_rx.recv_timeout(std::time::Duration::from_secs(10)))
        .await
        .unwrap()
        .expect("the build started");
    let health = tokio::time::timeout(std::time::Duration::from_secs(5), http.get(format!("{base}/v1/health")).send())
        .await
        .expect("health answered while the build is held")
        .unwrap();
    assert_eq!(health.status().as_u16(), 200);
    let stored = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        post(&http, &base, &fit_record(1, Some("noord"), (2026, 11, 20))),
    )
    .await
    .expect("a record is taken while the build is held");
    assert_eq!(stored.0, 201);
    assert!(!building.is_finished());
    release_tx.send(()).unwrap();
    assert_eq!(building.await.unwrap().as_u16(), 200);
    server.stop().await.unwrap();
}

/// Promise 1, demos: `--publish-open-quarter` shows the running quarter as provisional, and
/// never freezes it.
#[tokio::test]
async fn the_open_quarter_is_shown_provisional_and_never_frozen() {
    let backend = Backend::sqlite();
    let clock = TestClock::at(IN_Q3);
    let mut s = settings();
    s.publish_open_quarter = true;
    s.min_cell = 2;
    let server = backend.start_clocked(&s, &clock).await;
    let base = format!("http://{}", server.addr);
    let http = client();
    for n in 0..4 {
        assert_eq!(post(&http, &base, &fit_record(n, Some("noord"), Q3)).await.0, 201);
    }
    let (json, csv) = download(&http, &base).await;
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        (v["periods"][0]["period"].as_str(), v["periods"][0]["provisional"].as_bool()),
        (Some("2026-Q3"), Some(true))
    );
    assert!(csv.contains("2026-Q3,fit_check,records,records,noord,4,provisional\n"), "{csv}");
    assert_eq!(post(&http, &base, &fit_record(10, Some("noord"), Q3)).await.0, 201);
    let v: Value = serde_json::from_str(&download(&http, &base).await.0).unwrap();
    assert_eq!(v["periods"][0]["tables"][0]["rows"][0]["counts"][0], 5, "provisional figures follow the records");
    assert_eq!(backend.texts("SELECT quarter FROM published").await, Vec::<String>::new(), "nothing frozen");
    clock.set(Q3_CLOSED);
    let v: Value = serde_json::from_str(&download(&http, &base).await.0).unwrap();
    assert_eq!(v["periods"][0]["provisional"], false);
    assert_eq!(backend.texts("SELECT quarter FROM published").await, vec!["2026-Q3".to_string()]);
    server.stop().await.unwrap();
}

/// Promise 4: after the store tidies up (at every start, then hourly), neither the row order
/// nor `xmin` of PostgreSQL's tables follows arrival.
#[tokio::test]
async fn postgres_rows_say_nothing_about_arrival() {
    let Some(backend) = Backend::postgres().await else { return };
    let server = backend.start(&settings()).await;
    let base = format!("http://{}", server.addr);
    let http = client();
    let mut sent = Vec::new();
    for n in 0..40u64 {
        let r =
            if n % 5 == 0 { crisis_record(700 + n, Some("oost"), Q3) } else { fit_record(700 + n, Some("oost"), Q3) };
        sent.push(r["id"].as_str().unwrap().to_string());
        assert_eq!(post(&http, &base, &r).await.0, 201);
    }
    let arrival = backend.texts("SELECT id FROM records ORDER BY ctid").await;
    assert!(backend.texts("SELECT DISTINCT xmin::text FROM records").await.len() > 1, "before: one transaction each");
    assert_ne!(arrival, {
        let mut a = arrival.clone();
        a.sort();
        a
    });
    server.stop().await.unwrap();
    // A restart tidies.
    let server = backend.start(&settings()).await;
    for table in ["records", "urgent"] {
        let by_row = backend.texts(&format!("SELECT id FROM {table} ORDER BY ctid")).await;
        let mut sorted = by_row.clone();
        sorted.sort();
        assert_eq!(by_row, sorted, "{table}: rows in id order");
        assert_eq!(backend.texts(&format!("SELECT DISTINCT xmin::text FROM {table}")).await.len(), 1, "{table}");
    }
    assert_eq!(backend.count().await, 32);
    server.stop().await.unwrap();
}

/// Promise 4: TLS to PostgreSQL. `scripts/test-collector.sh` runs its server with TLS on (a
/// certificate of a throw-away CA for 127.0.0.1) and names that CA in `COLLECTOR_TEST_PG_CA`.
#[tokio::test]
async fn postgres_over_tls_verifies_the_server() {
    let (Ok(url), Ok(ca)) = (std::env::var(PG_URL_VAR), std::env::var("COLLECTOR_TEST_PG_CA")) else {
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "SKIPPED: no TLS test server (COLLECTOR_TEST_PG_CA)");
        return;
    };
    let sep = if url.contains('?') { '&' } else { '?' };
    let require = format!("{url}{sep}sslmode=require");
    let store = PostgresStore::connect_with_ca(&require, Some(&ca)).await.expect("TLS with the CA");
    store.count().await.expect("a query over TLS");
    // Without the CA the server's certificate is not trusted: no connection, not even under
    // `require` (which libpq would take unverified).
    let refused = PostgresStore::connect_with_ca(&require, None).await.err().expect("refused without the CA");
    let why = refused.to_string().to_lowercase();
    assert!(why.contains("certificate") || why.contains("tls"), "{refused}");
    // The server has TLS, so `disable` is the only way to go without it.
    let plain = format!("{url}{sep}sslmode=disable");
    PostgresStore::connect_with_ca(&plain, None).await.expect("sslmode=disable connects without TLS");
}

/// Promise 6: behind the trusted proxy, each forwarded client has a bucket of its own; anyone
/// else's forwarded address is ignored.
#[tokio::test]
async fn behind_the_trusted_proxy_each_client_has_its_own_limit() {
    let backend = Backend::sqlite();
    let mut s = settings();
    s.rate = wijkpeil_collector::rate_limit::RateConfig::per_minute(6, 2);
    s.trust_proxy = Some("127.0.0.1".parse().unwrap());
    let server = backend.start(&s).await;
    let url = format!("http://{}/v1/health", server.addr);
    let http = client();
    let get = |client: &'static str| http.get(&url).header("x-forwarded-for", client).send();
    for client in ["203.0.113.1", "203.0.113.2"] {
        assert_eq!(get(client).await.unwrap().status().as_u16(), 200);
        assert_eq!(get(client).await.unwrap().status().as_u16(), 200);
        assert_eq!(get(client).await.unwrap().status().as_u16(), 429, "{client}");
    }
    server.stop().await.unwrap();
    // Not trusted: the header is ignored, and all share the peer's bucket.
    s.trust_proxy = None;
    let server = backend.start(&s).await;
    let url = format!("http://{}/v1/health", server.addr);
    let get = |client: &'static str| http.get(&url).header("x-forwarded-for", client).send();
    assert_eq!(get("203.0.113.1").await.unwrap().status().as_u16(), 200);
    assert_eq!(get("203.0.113.2").await.unwrap().status().as_u16(), 200);
    assert_eq!(get("203.0.113.3").await.unwrap().status().as_u16(), 429);
    server.stop().await.unwrap();
}

/// Promise 2: a client that sends its headers or its body too slowly does not hold a
/// connection: headers within the header timeout, the body within the body timeout (408).
#[tokio::test]
async fn slow_clients_are_cut_off() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let backend = Backend::sqlite();
    let timeout = std::time::Duration::from_millis(300);
    let server = backend.start_with(&settings(), &TestClock::at(IN_Q3), None, Some(timeout)).await;
    // Headers begun, never finished: the connection is closed.
    let mut slow = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    slow.write_all(b"POST /v1/records HTTP/1.1\r\nhost: x\r\n").await.unwrap();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(std::time::Duration::from_secs(5), slow.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "closed after the header timeout");
    // Headers complete, the body never: 408.
    let mut slow = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    slow.write_all(
        b"POST /v1/records HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 300\r\n\r\n{\"format\"",
    )
    .await
    .unwrap();
    let mut answer = vec![0u8; 1024];
    let n = tokio::time::timeout(std::time::Duration::from_secs(5), slow.read(&mut answer))
        .await
        .expect("an answer after the body timeout")
        .unwrap();
    let answer = String::from_utf8_lossy(&answer[..n]);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("body_timeout"), "{answer}");
    server.stop().await.unwrap();
}

#[tokio::test]
async fn cors_answers_configured_origins_only() {
    let backend = Backend::sqlite();
    let server = backend.start(&settings()).await;
    let url = format!("http://{}/v1/records", server.addr);
    let http = client();
    let preflight = |origin: &'static str| {
        http.request(reqwest::Method::OPTIONS, &url)
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .send()
    };
    let ok = preflight("http://127.0.0.1:8080").await.unwrap();
    assert!(ok.status().is_success());
    assert_eq!(ok.headers()["access-control-allow-origin"], "http://127.0.0.1:8080");
    assert!(ok.headers()["access-control-allow-methods"].to_str().unwrap().contains("POST"));
    let other = preflight("http://evil.example").await.unwrap();
    assert!(other.headers().get("access-control-allow-origin").is_none());
    server.stop().await.unwrap();
}

#[tokio::test]
async fn a_client_that_sends_too_much_is_told_to_wait() {
    let backend = Backend::sqlite();
    let mut s = settings();
    s.rate = wijkpeil_collector::rate_limit::RateConfig::per_minute(6, 3);
    let server = backend.start(&s).await;
    let base = format!("http://{}", server.addr);
    let http = client();
    for n in 0..3 {
        assert_eq!(post(&http, &base, &fit_record(n, None, Q3)).await.0, 201);
    }
    let resp = http
        .post(format!("{base}/v1/records"))
        .header("content-type", "application/json")
        .header("origin", "http://127.0.0.1:8080")
        .body(fit_record(3, None, Q3).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 429);
    assert_eq!(resp.headers()["retry-after"], "10");
    // The app can read the refusal: it carries CORS headers.
    assert_eq!(resp.headers()["access-control-allow-origin"], "http://127.0.0.1:8080");
    assert_eq!(backend.count().await, 3);
    server.stop().await.unwrap();
}

/// Promise 5, for records stored by an older collector: an urgent fit check in the records table
/// (with its wijk and week) is turned into an urgent signal when the collector starts.
#[tokio::test]
async fn urgent_records_stored_before_are_converted_at_start() {
    let backend = Backend::sqlite();
    let server = backend.start(&settings()).await;
    server.stop().await.unwrap();
    let Backend::Sqlite { path, .. } = &backend else { unreachable!() };
    let legacy = crisis_record(77, Some("zuid"), Q3);
    {
        let conn = rusqlite::Connection::open(path).unwrap();
        conn.execute(
            "INSERT INTO records (id, kind, week, wijk, body) VALUES (?1, 'fit_check', '2026-W33', 'zuid', ?2)",
            [legacy["id"].as_str().unwrap(), &legacy.to_string()],
        )
        .unwrap();
    }
    assert_eq!(backend.count().await, 1);
    let server = backend.start(&settings()).await;
    assert_eq!(backend.count().await, 0, "no longer a record");
    assert_eq!(
        backend.texts("SELECT id || ' ' || quarter FROM urgent").await,
        vec![format!("{} 2026-Q3", legacy["id"].as_str().unwrap())]
    );
    let base = format!("http://{}", server.addr);
    assert_eq!(post(&client(), &base, &legacy).await.0, 200, "known as delivered");
    server.stop().await.unwrap();
}

//! The collector over HTTP on loopback, against a real SQLite file and a real PostgreSQL
//! server (when `COLLECTOR_TEST_PG_URL` is set; `scripts/test-collector.sh` always sets it).

mod common;

use common::*;
use serde_json::{json, Value};
use std::sync::Arc;

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
    let server = backend.start(&settings()).await;
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
    // zuid (3) is hidden, and so is the empty "(none)": the total gives only their sum away.
    assert_eq!(records["counts"], json!([25, 14, null, null]));
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
    assert!(csv.starts_with("period,kind,question,answer,wijk,count\n"));
    assert!(csv.contains("2026-Q3,fit_check,records,records,noord,25\n"));
    assert!(csv.contains("2026-Q3,fit_check,records,records,zuid,\n"));
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

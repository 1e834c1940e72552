//! A bounded load test on loopback: starts a collector in this process, sends it `--records`
//! distinct records (and `--duplicates` of them a second time) from `--concurrency` clients,
//! checks that the database holds every distinct record exactly once, and prints throughput
//! and latency. Then a flood of refused records (unknown wijk codes) from the same clients while
//! one client asks `/v1/health` in turn: prints the health latency under the flood (a figure,
//! not a pass/fail). Stops with an error after `--max-seconds`.
//!
//! cargo run -p wijkpeil-collector --profile server --bin load -- [--db URL|PATH] [--records N]
//!   [--duplicates N] [--concurrency N] [--max-seconds N]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use wijkpeil_collector::api::{App, Checks};
use wijkpeil_collector::rate_limit::RateConfig;
use wijkpeil_collector::server::start;
use wijkpeil_collector::settings::codes_from_config;
use wijkpeil_collector::store::{is_postgres_url, PostgresStore, SqliteStore, Store};
use wijkpeil_wire::{FitCodes, FollowUpAnswers, FollowUpRecord, Record, Respondent, FIT_AREAS};

struct Options {
    db: Option<String>,
    records: usize,
    duplicates: usize,
    concurrency: usize,
    max_seconds: u64,
}

fn options() -> Result<Options, String> {
    let mut o = Options { db: None, records: 20_000, duplicates: 2_000, concurrency: 32, max_seconds: 120 };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        let number = || value.parse::<usize>().map_err(|_| format!("{flag}: not a number: {value}"));
        match flag.as_str() {
            "--db" => o.db = Some(value.clone()),
            "--records" => o.records = number()?,
            "--duplicates" => o.duplicates = number()?,
            "--concurrency" => o.concurrency = number()?.max(1),
            "--max-seconds" => o.max_seconds = number()? as u64,
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    if o.duplicates > o.records {
        return Err("--duplicates cannot exceed --records".into());
    }
    Ok(o)
}

/// Distinct ids: `n` spread over 16 bytes.
fn id_bytes(n: u64) -> [u8; 16] {
    let mut b = [0u8; 16];
    b[..8].copy_from_slice(&n.to_be_bytes());
    b[8..].copy_from_slice(&n.wrapping_mul(0x9E37_79B9_7F4A_7C15).to_be_bytes());
    b
}

/// Record `n`, built as the app builds it: fit checks and follow-ups over four wijken (and
/// none) and the weeks of 2025 and 2026 up to now.
fn record(n: u64) -> String {
    const WIJKEN: [Option<&str>; 5] = [Some("noord"), Some("oost"), Some("zuid"), Some("west"), None];
    let wijk = WIJKEN[(n % 5) as usize];
    let date = (2025 + (n % 2) as i32, 1 + (n / 7 % 10) as u32, 1 + (n / 3 % 28) as u32);
    if n.is_multiple_of(3) {
        let mut answers = FollowUpAnswers::with(&[
            ("outcome", ["helped", "partly", "rejected", "referred", "waiting"][(n / 3 % 5) as usize]),
            ("solution_match", ["yes", "partly", "no", "unknown"][(n % 4) as usize]),
            ("eff_quality", ["agree", "neutral", "fully_agree"][(n % 3) as usize]),
        ]);
        answers.area_change = vec![("debts".into(), ["better", "same", "worse"][(n % 3) as usize].into())];
        let who = [Respondent::Client, Respondent::Oco, Respondent::Mantelzorger][(n % 3) as usize];
        Record::FollowUp(FollowUpRecord::new(id_bytes(n), date, wijk, who, &answers)).to_json().to_string()
    } else {
        let area = FIT_AREAS[(n % FIT_AREAS.len() as u64) as usize];
        let codes = FitCodes {
            channel: "app".into(),
            areas: vec![area.to_string()],
            under_18: ["no", "yes", "unknown", ""][(n % 4) as usize].into(),
            breadth: ["one", "several"][(n % 2) as usize].into(),
            // As the app's routing of the demo config: money questions may go to debt help.
            outcome: if area == "money_debts" { "fits_and_also" } else { "fits" }.into(),
            destinations: if area == "money_debts" { vec!["debt".into()] } else { Vec::new() },
        };
        Record::fit_check(&codes, wijk, date).expect("codes of the format").with_id(id_bytes(n)).to_json().to_string()
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
}

struct Outcome {
    created: usize,
    repeated: usize,
    failed: Vec<String>,
    latencies: Vec<Duration>,
}

async fn run<S: Store>(store: S, o: &Options) -> Result<(), String> {
    // The app's demo municipality: the wijken and partner codes the records use.
    let codes = codes_from_config(concat!(env!("CARGO_MANIFEST_DIR"), "/../public/config/gemeente.json"))?;
    let set = |v: Vec<String>| v.into_iter().collect();
    let checks = Checks {
        wijken: set(codes.wijken),
        destinations: set(codes.destinations),
        urgent_kinds: set(codes.urgent_kinds),
        ..Checks::default()
    };
    let mut app = App::new(store, checks, 10, Some(RateConfig::per_minute(u32::MAX, u32::MAX)));
    // Every quarter open and shown, so that records of any week are taken and the register
    // below aggregates all of them.
    app.publish_open_quarter = true;
    app.close_after_days = 100_000;
    let app = Arc::new(app);
    let listener = TcpListener::bind("127.0.0.1:0").await.map_err(|e| e.to_string())?;
    let server = start(app.clone(), &[], listener).await?;
    let url = format!("http://{}/v1/records", server.addr);

    // Each distinct record once, the first `duplicates` a second time, in a mixed order.
    let mut order: Vec<u64> = (0..o.records as u64).chain(0..o.duplicates as u64).collect();
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    for i in (1..order.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        order.swap(i, (state % (i as u64 + 1)) as usize);
    }
    let bodies: Arc<Vec<String>> = Arc::new(order.iter().map(|&n| record(n)).collect());
    let next = Arc::new(AtomicUsize::new(0));
    let outcome = Arc::new(Mutex::new(Outcome {
        created: 0,
        repeated: 0,
        failed: Vec::new(),
        latencies: Vec::with_capacity(bodies.len()),
    }));
    let http = reqwest::Client::builder().pool_max_idle_per_host(o.concurrency).build().map_err(|e| e.to_string())?;
    let deadline = Instant::now() + Duration::from_secs(o.max_seconds);

    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..o.concurrency {
        let (http, url, bodies, next, outcome) =
            (http.clone(), url.clone(), bodies.clone(), next.clone(), outcome.clone());
        workers.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= bodies.len() || Instant::now() > deadline {
                    return;
                }
                let sent = Instant::now();
                let answer = http
                    .post(&url)
                    .header("content-type", "application/json")
                    .body(bodies[i].clone())
                    .send()
                    .await
                    .map(|r| r.status().as_u16());
                let took = sent.elapsed();
                let mut out = outcome.lock().unwrap();
                out.latencies.push(took);
                match answer {
                    Ok(201) => out.created += 1,
                    Ok(200) => out.repeated += 1,
                    Ok(s) => out.failed.push(format!("status {s}")),
                    Err(e) => out.failed.push(e.to_string()),
                }
            }
        }));
    }
    for w in workers {
        w.await.map_err(|e| e.to_string())?;
    }
    let elapsed = started.elapsed();

    let register_started = Instant::now();
    let register = app.register().await.map_err(|e| format!("register: {e:?}"))?;
    let register_took = register_started.elapsed();
    let stored = app.store.count().await.map_err(|e| e.to_string())?;
    let flood = flood(&http, &server.addr.to_string(), o).await;
    server.stop().await.map_err(|e| e.to_string())?;

    let mut out = outcome.lock().unwrap();
    out.latencies.sort();
    let sent = out.latencies.len();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "LOAD sent={sent} distinct={} duplicates={} concurrency={} seconds={:.2} throughput={:.0} records/s",
        o.records,
        o.duplicates,
        o.concurrency,
        elapsed.as_secs_f64(),
        sent as f64 / elapsed.as_secs_f64()
    );
    if sent > 0 {
        println!(
            "LOAD latency p50={:.2}ms p95={:.2}ms p99={:.2}ms max={:.2}ms",
            ms(percentile(&out.latencies, 0.50)),
            ms(percentile(&out.latencies, 0.95)),
            ms(percentile(&out.latencies, 0.99)),
            ms(*out.latencies.last().unwrap())
        );
    }
    println!(
        "LOAD stored={stored} created(201)={} repeated(200)={} failed={} register: {} periods in {:.0}ms",
        out.created,
        out.repeated,
        out.failed.len(),
        register.register.periods.len(),
        ms(register_took)
    );
    let (refused, mut health) = flood;
    health.sort();
    if let (Some(max), false) = (health.last(), health.is_empty()) {
        println!(
            "LOAD health during a flood of {refused} refused records: n={} p50={:.2}ms p99={:.2}ms max={:.2}ms",
            health.len(),
            ms(percentile(&health, 0.50)),
            ms(percentile(&health, 0.99)),
            ms(*max)
        );
    }
    let mut problems = Vec::new();
    if sent < order.len() {
        problems.push(format!("stopped after {} s with {} of {} sent", o.max_seconds, sent, order.len()));
    }
    if let Some(first) = out.failed.first() {
        problems.push(format!("{} requests failed, first: {first}", out.failed.len()));
    }
    if out.created != o.records || out.repeated != o.duplicates {
        problems.push(format!("expected {} × 201 and {} × 200", o.records, o.duplicates));
    }
    if stored != o.records as u64 {
        problems.push(format!("the database holds {stored} records, not {}", o.records));
    }
    if problems.is_empty() {
        println!("LOAD ok: every distinct record stored exactly once");
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// `concurrency` clients post records with an unknown wijk (each refused, 422) for a while
/// (half as many as the records, at least 2,000) while one client asks `/v1/health` one after the
/// other: (records refused, health latencies).
async fn flood(http: &reqwest::Client, addr: &str, o: &Options) -> (usize, Vec<Duration>) {
    let total = (o.records / 2).max(2_000);
    let next = Arc::new(AtomicUsize::new(0));
    let refused = Arc::new(AtomicUsize::new(0));
    let url = format!("http://{addr}/v1/records");
    let mut workers = Vec::new();
    for _ in 0..o.concurrency {
        let (http, url, next, refused) = (http.clone(), url.clone(), next.clone(), refused.clone());
        workers.push(tokio::spawn(async move {
            while next.fetch_add(1, Ordering::Relaxed) < total {
                let mut v: serde_json::Value = serde_json::from_str(&record(1)).expect("record");
                v["wijk"] = "nergens".into();
                let answer =
                    http.post(&url).header("content-type", "application/json").body(v.to_string()).send().await;
                if answer.is_ok_and(|r| r.status().as_u16() == 422) {
                    refused.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
    }
    let mut health = Vec::new();
    let health_url = format!("http://{addr}/v1/health");
    while next.load(Ordering::Relaxed) < total {
        let sent = Instant::now();
        if http.get(&health_url).send().await.is_ok_and(|r| r.status().is_success()) {
            health.push(sent.elapsed());
        }
    }
    for w in workers {
        let _ = w.await;
    }
    (refused.load(Ordering::Relaxed), health)
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let o = match options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("load: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let result = match &o.db {
        Some(url) if is_postgres_url(url) => run_postgres(url, &o).await,
        db => {
            let dir = std::env::temp_dir().join(format!("wijkpeil-load-{}", std::process::id()));
            let _ = std::fs::create_dir_all(&dir);
            let path = db.as_ref().map_or_else(|| dir.join("load.sqlite"), std::path::PathBuf::from);
            println!("LOAD store=sqlite file={}", path.display());
            let result = match SqliteStore::open(&path) {
                Ok(store) => run(store, &o).await,
                Err(e) => Err(e.to_string()),
            };
            if db.is_none() {
                let _ = std::fs::remove_dir_all(&dir);
            }
            result
        }
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("LOAD FAILED: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Runs in a schema of its own, dropped afterwards, so the database starts and ends empty.
async fn run_postgres(url: &str, o: &Options) -> Result<(), String> {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await.map_err(|e| e.to_string())?;
    tokio::spawn(connection);
    let schema = format!("load_{}", std::process::id());
    client
        .batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"))
        .await
        .map_err(|e| e.to_string())?;
    let sep = if url.contains('?') { '&' } else { '?' };
    println!("LOAD store=postgres schema={schema}");
    let result = match PostgresStore::connect(&format!("{url}{sep}options=-csearch_path%3D{schema}")).await {
        Ok(store) => run(store, o).await,
        Err(e) => Err(e.to_string()),
    };
    let _ = client.batch_execute(&format!("DROP SCHEMA {schema} CASCADE")).await;
    result
}

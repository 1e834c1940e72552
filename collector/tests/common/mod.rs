//! Test helpers: a collector on a real SQLite file or a real PostgreSQL server, and records
//! made with the record format's own builders.
#![allow(dead_code)] // each test binary uses a part

use serde_json::json;
use serde_json::Value;
use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use tokio::net::TcpListener;
use wijkpeil_collector::api::{App, Clock};
use wijkpeil_collector::rate_limit::RateConfig;
use wijkpeil_collector::server::{start, Running};
use wijkpeil_collector::settings::Settings;
use wijkpeil_collector::store::{PostgresStore, SqliteStore};
use wijkpeil_wire::{
    civil_from_days, days_from_civil, week_code, FitCodes, FollowUpAnswers, FollowUpRecord, Record, Respondent, URGENT,
};

/// The PostgreSQL server the tests use; `scripts/test-collector.sh` starts one and sets it.
pub const PG_URL_VAR: &str = "COLLECTOR_TEST_PG_URL";

pub enum Backend {
    Sqlite {
        _dir: tempfile::TempDir,
        path: PathBuf,
    },
    /// A fresh schema of its own on the test server.
    Postgres {
        url: String,
    },
}

impl Backend {
    pub fn sqlite() -> Backend {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("collector.sqlite");
        Backend::Sqlite { _dir: dir, path }
    }

    /// `None` (and a note on stderr) when no test server is configured.
    pub async fn postgres() -> Option<Backend> {
        let Ok(base) = std::env::var(PG_URL_VAR) else {
            // Straight to stderr: the test harness would swallow `eprintln!` of a passing test.
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED: {PG_URL_VAR} is not set (scripts/test-collector.sh starts PostgreSQL and sets it)"
            );
            return None;
        };
        let (client, connection) =
            tokio_postgres::connect(&base, tokio_postgres::NoTls).await.expect("connect to test PostgreSQL");
        tokio::spawn(connection);
        let schema = format!("t{}", hex_id(rand_u64()).get(..16).unwrap());
        client.batch_execute(&format!("CREATE SCHEMA {schema}")).await.expect("create schema");
        let sep = if base.contains('?') { '&' } else { '?' };
        Some(Backend::Postgres { url: format!("{base}{sep}options=-csearch_path%3D{schema}") })
    }

    /// Started with `settings`, its clock at `IN_Q3` (2026-Q3 still open).
    pub async fn start(&self, settings: &Settings) -> Running {
        self.start_with(settings, &TestClock::at(IN_Q3), None, None).await
    }

    /// Started with `settings` and `clock`.
    pub async fn start_clocked(&self, settings: &Settings, clock: &TestClock) -> Running {
        self.start_with(settings, clock, None, None).await
    }

    /// Started with `settings`, `clock`, `hook` called at the start of each register build, and
    /// `timeout` for headers and bodies.
    pub async fn start_with(
        &self,
        settings: &Settings,
        clock: &TestClock,
        hook: Option<BuildHook>,
        timeout: Option<std::time::Duration>,
    ) -> Running {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        match self {
            Backend::Sqlite { path, .. } => {
                let store = SqliteStore::open(path).expect("open sqlite");
                let mut app = App::from_settings(store, settings);
                (app.clock, app.build_hook) = (clock.clock(), hook);
                if let Some(t) = timeout {
                    (app.header_timeout, app.body_timeout) = (t, t);
                }
                start(Arc::new(app), &settings.allow_origins, listener).await.expect("start")
            }
            Backend::Postgres { url } => {
                let store = PostgresStore::connect(url).await.expect("connect postgres");
                let mut app = App::from_settings(store, settings);
                (app.clock, app.build_hook) = (clock.clock(), hook);
                if let Some(t) = timeout {
                    (app.header_timeout, app.body_timeout) = (t, t);
                }
                start(Arc::new(app), &settings.allow_origins, listener).await.expect("start")
            }
        }
    }

    /// Records stored, counted in the database itself.
    pub async fn count(&self) -> u64 {
        match self {
            Backend::Sqlite { path, .. } => {
                let conn = rusqlite::Connection::open(path).expect("open");
                conn.query_row("SELECT COUNT(*) FROM records", [], |r| r.get::<_, i64>(0)).expect("count") as u64
            }
            Backend::Postgres { url } => {
                let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await.expect("connect");
                tokio::spawn(connection);
                client.query_one("SELECT COUNT(*) FROM records", &[]).await.expect("count").get::<_, i64>(0) as u64
            }
        }
    }

    /// The first column of every row `sql` gives, as text.
    pub async fn texts(&self, sql: &str) -> Vec<String> {
        match self {
            Backend::Sqlite { path, .. } => {
                let conn = rusqlite::Connection::open(path).expect("open");
                let mut stmt = conn.prepare(sql).expect("prepare");
                stmt.query_map([], |r| r.get::<_, String>(0)).expect("query").map(|r| r.expect("row")).collect()
            }
            Backend::Postgres { url } => {
                let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await.expect("connect");
                tokio::spawn(connection);
                client.query(sql, &[]).await.expect("query").iter().map(|r| r.get::<_, String>(0)).collect()
            }
        }
    }

    /// Runs `sql` (a few statements) on the database, before or between starts.
    pub async fn execute(&self, sql: &str) {
        match self {
            Backend::Sqlite { path, .. } => {
                rusqlite::Connection::open(path).expect("open").execute_batch(sql).expect("execute");
            }
            Backend::Postgres { url } => {
                let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await.expect("connect");
                tokio::spawn(connection);
                client.batch_execute(sql).await.expect("execute");
            }
        }
    }

    /// Distinct ids stored, and the rows with the given id.
    pub async fn distinct_ids(&self) -> u64 {
        match self {
            Backend::Sqlite { path, .. } => {
                let conn = rusqlite::Connection::open(path).expect("open");
                conn.query_row("SELECT COUNT(DISTINCT id) FROM records", [], |r| r.get::<_, i64>(0)).expect("count")
                    as u64
            }
            Backend::Postgres { url } => {
                let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await.expect("connect");
                tokio::spawn(connection);
                client.query_one("SELECT COUNT(DISTINCT id) FROM records", &[]).await.expect("count").get::<_, i64>(0)
                    as u64
            }
        }
    }
}

pub type BuildHook = Arc<dyn Fn() + Send + Sync>;

/// A day in 2026-Q3 (open then; the test records are of 2026-W33).
pub const IN_Q3: (i32, u32, u32) = (2026, 9, 20);
/// A day when 2026-Q3 is closed (28 days after its last week).
pub const Q3_CLOSED: (i32, u32, u32) = (2026, 11, 25);

/// A clock a test sets: the collector's idea of today.
#[derive(Clone)]
pub struct TestClock(Arc<AtomicI64>);

impl TestClock {
    pub fn at(date: (i32, u32, u32)) -> TestClock {
        TestClock(Arc::new(AtomicI64::new(days_from_civil(date.0, date.1, date.2))))
    }

    pub fn set(&self, date: (i32, u32, u32)) {
        self.0.store(days_from_civil(date.0, date.1, date.2), Ordering::SeqCst);
    }

    pub fn clock(&self) -> Clock {
        let days = self.0.clone();
        Arc::new(move || civil_from_days(days.load(Ordering::SeqCst)))
    }
}

/// The demo municipality config of the app.
pub const CONFIG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../public/config/gemeente.json");

/// Settings for tests: the demo config restricted to noord/oost/zuid, no rate limit to speak
/// of, threshold 10.
pub fn settings() -> Settings {
    let args: Vec<String> =
        ["--config", CONFIG, "--wijken", "noord,oost,zuid", "--allow-origin", "http://127.0.0.1:8080"]
            .iter()
            .map(|s| s.to_string())
            .collect();
    let mut s = Settings::parse(&args, |_| None).expect("test settings");
    s.rate = RateConfig::per_minute(1_000_000, 1_000_000);
    s
}

/// A fit check that answered yes to the suicide question as the app sent it in format 1: with
/// its wijk, week and the crisis codes (`crisis`, `emergency`).
pub fn crisis_record(n: u64, wijk: Option<&str>, date: (i32, u32, u32)) -> Value {
    json!({"format": 1, "kind": "fit_check", "id": hex_id(n), "week": week_code(date), "wijk": wijk,
           "areas": ["mental_health"], "under_18": "no", "breadth": "one", "outcome": "urgent",
           "destinations": ["crisis", "emergency"]})
}

/// The same in format 2: an urgent signal with its quarter only.
pub fn urgent_record(n: u64, date: (i32, u32, u32)) -> Value {
    let codes = FitCodes { channel: "app".into(), outcome: URGENT.into(), ..Default::default() };
    Record::fit_check(&codes, Some("zuid"), date).expect("an urgent record").with_id(id_bytes(n)).to_json()
}

fn rand_u64() -> u64 {
    use std::hash::{BuildHasher, RandomState};
    RandomState::new().hash_one(std::time::SystemTime::now())
}

fn hex_id(n: u64) -> String {
    wijkpeil_wire::record_id(id_bytes(n))
}

/// Distinct 16 id bytes per `n`.
pub fn id_bytes(n: u64) -> [u8; 16] {
    let mut b = [0u8; 16];
    b[..8].copy_from_slice(&n.to_be_bytes());
    b[8..].copy_from_slice(&(n.wrapping_mul(0x9E37_79B9_7F4A_7C15)).to_be_bytes());
    b
}

/// A fit-check record as the app builds it.
pub fn fit_record(n: u64, wijk: Option<&str>, date: (i32, u32, u32)) -> Value {
    const AREAS: [&str; 4] = ["housing", "money_debts", "loneliness", "mental_health"];
    let area = AREAS[(n % 4) as usize];
    // As the demo config routes it: money questions fit, and debt help may also help.
    let money = area == "money_debts";
    let codes = FitCodes {
        channel: "app".into(),
        areas: vec![area.to_string()],
        under_18: ["no", "yes", ""][(n % 3) as usize].into(),
        breadth: "one".into(),
        outcome: if money { "fits_and_also" } else { "fits" }.into(),
        destinations: if money { vec!["debt".into()] } else { Vec::new() },
    };
    Record::fit_check(&codes, wijk, date).expect("codes of the format").with_id(id_bytes(n)).to_json()
}

/// A follow-up record as the app builds it.
pub fn follow_up_record(n: u64, wijk: Option<&str>, date: (i32, u32, u32)) -> Value {
    let mut answers = FollowUpAnswers::with(&[
        ("outcome", ["helped", "partly", "waiting"][(n % 3) as usize]),
        ("problem_still", "no"),
        ("eff_quality", "agree"),
    ]);
    answers.area_change = vec![("debts".into(), "better".into())];
    let who = if n.is_multiple_of(2) { Respondent::Client } else { Respondent::Oco };
    Record::FollowUp(FollowUpRecord::new(id_bytes(n), date, wijk, who, &answers)).to_json()
}

/// The key of the test team (`settings_with_team`).
pub const TEAM_KEY: &str = "k7Qm-2xPa-9LdW-4tRz";

/// `settings()` with one team that may register questions: `team-noord` with `TEAM_KEY`.
pub fn settings_with_team() -> Settings {
    let mut s = settings();
    s.team_keys = wijkpeil_collector::team_keys::TeamKeys::parse(&format!("team-noord {TEAM_KEY}")).expect("keys");
    s
}

/// A question a team registered: its channel, one area, the outcome (`urgent` makes it an
/// urgent signal), no age or breadth.
pub fn team_record(n: u64, wijk: &str, channel: &str, area: &str, outcome: &str, date: (i32, u32, u32)) -> Value {
    let codes = FitCodes {
        channel: channel.into(),
        areas: vec![area.to_string()],
        outcome: outcome.into(),
        destinations: if outcome == "elsewhere_faster" { vec!["debt".into()] } else { Vec::new() },
        ..Default::default()
    };
    Record::fit_check(&codes, Some(wijk), date).expect("codes of the format").with_id(id_bytes(n)).to_json()
}

/// POSTs `body` as JSON with `Authorization: Bearer <key>`; the status and the JSON answer.
pub async fn post_with_key(http: &reqwest::Client, base: &str, body: &Value, key: &str) -> (u16, Value) {
    send(http.post(format!("{base}/v1/records")).header("authorization", format!("Bearer {key}")), body).await
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().build().expect("http client")
}

/// POSTs `body` as JSON; the status and the JSON answer.
pub async fn post(http: &reqwest::Client, base: &str, body: &Value) -> (u16, Value) {
    send(http.post(format!("{base}/v1/records")), body).await
}

/// Sends `request` with `body` as JSON; the status and the JSON answer (null if none).
async fn send(request: reqwest::RequestBuilder, body: &Value) -> (u16, Value) {
    let resp = request.header("content-type", "application/json").body(body.to_string()).send().await.expect("post");
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

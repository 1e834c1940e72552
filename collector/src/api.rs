//! The HTTP API:
//! - `POST /v1/records`: one record (JSON, at most `MAX_BODY` bytes). 201 stored, 200 stored
//!   before (both `{"id": …}`), 4xx with `{"error", "field", "message"}` otherwise.
//! - `GET /v1/register.json`, `GET /v1/register.csv`: the register per wijk, small cells hidden.
//! - `GET /v1/health`.
//!
//! Privacy: nothing here logs or stores an IP address, user agent, cookie, query string or the
//! time a record arrived. The request log (`log_request`) writes method, route, status and
//! duration only; the rate limit keys clients by a rotating keyed hash held in memory.

use crate::aggregate::{
    assemble, build_periods, quarter_of_date, urgent_source, Register, RegisterOptions, UrgentCount,
};
use crate::rate_limit::{RateConfig, RateLimiter};
use crate::render::{period_from_json, period_json, register_csv, register_json};
use crate::store::{Inserted, Store, StoredRecord};
use crate::team_keys::{bearer, TeamKeys};
use axum::body::{to_bytes, Body};
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tower_http::cors::{AllowOrigin, CorsLayer};
use wijkpeil_wire::{
    civil_from_days, days_from_civil, format_accepted_on, format_of, iso_week, parse_record, parse_week, Record,
    RecordError,
};

/// A record is a few hundred bytes; this leaves room and no more.
pub const MAX_BODY: usize = 4096;
/// By default a quarter closes this long after its last week: records wait in outboxes of
/// devices that were offline. Once closed it is published, frozen, and takes no more records.
pub const CLOSE_AFTER_DAYS: i64 = 28;
/// A request body not read completely within this time is refused (408).
pub const BODY_TIMEOUT: Duration = Duration::from_secs(10);
/// A client has this long to send a request's headers; then the connection is closed.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Every error code the API answers with.
pub const ERROR_CODES: [&str; 23] = [
    "invalid_json",
    "too_large",
    "wrong_content_type",
    "body_timeout",
    "id_taken",
    "rate_limited",
    "storage_unavailable",
    "quarter_closed",
    "not_an_object",
    "unknown_field",
    "missing_field",
    "wrong_type",
    "unknown_code",
    "too_many",
    "repeated_code",
    "unsupported_format",
    "bad_id",
    "bad_week",
    "bad_quarter",
    "team_key_required",
    "team_key_invalid",
    "not_found",
    "build_failed",
];

/// A date (UTC): year, month, day.
pub type Date = (i32, u32, u32);
/// Where the collector gets today's date: the system clock, or a test's.
pub type Clock = Arc<dyn Fn() -> Date + Send + Sync>;

/// Today's date (UTC) from the system clock.
pub fn system_clock() -> Clock {
    Arc::new(|| {
        let secs = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        civil_from_days((secs / 86_400) as i64)
    })
}

/// What the collector checks beyond the record format: the municipality's codes.
#[derive(Debug, Clone, Default)]
pub struct Checks {
    pub wijken: BTreeSet<String>,
    /// Partner outcome codes and urgent contact kinds.
    pub destinations: BTreeSet<String>,
    /// Urgent contact kinds: a fit check suggesting one is an urgent signal.
    pub urgent_kinds: BTreeSet<String>,
    /// The teams that may register questions (records with a channel other than `app`).
    pub team_keys: TeamKeys,
}

pub struct App<S> {
    pub store: S,
    pub checks: Checks,
    pub min_cell: u64,
    /// Configured wijk codes, in order: the register's columns.
    pub wijken: Vec<String>,
    /// Also show the quarters not yet closed, marked provisional (never frozen).
    pub publish_open_quarter: bool,
    pub close_after_days: i64,
    pub limiter: Option<RateLimiter>,
    /// The reverse proxy whose forwarded client address the rate limit uses.
    pub trust_proxy: Option<IpAddr>,
    pub clock: Clock,
    /// Called at the start of every register build, on the build's own thread (tests hold a
    /// build open with it).
    pub build_hook: Option<Arc<dyn Fn() + Send + Sync>>,
    /// How long a client may take to send a request's headers, and its body.
    pub header_timeout: Duration,
    pub body_timeout: Duration,
    /// Bumped by every newly stored record.
    generation: AtomicU64,
    /// Quarters published for good (also in the store's `published` table).
    frozen: Mutex<BTreeSet<String>>,
    cache: Mutex<Option<CachedRegister>>,
    /// One build at a time; requests that come meanwhile wait for it and take its result.
    building: tokio::sync::Mutex<()>,
}

/// The register as served: built once per change of what is published.
pub struct Published {
    pub register: Register,
    pub json: String,
    pub csv: String,
}

/// What the cached register was built from: the first quarter still open, and the records
/// stored (only when open quarters are shown: closed ones take no more records).
type CacheKey = (String, Option<u64>);

struct CachedRegister {
    key: CacheKey,
    published: Arc<Published>,
}

impl<S: Store> App<S> {
    pub fn new(store: S, checks: Checks, min_cell: u64, rate: Option<RateConfig>) -> App<S> {
        let wijken = checks.wijken.iter().cloned().collect();
        App {
            store,
            checks,
            min_cell,
            wijken,
            publish_open_quarter: false,
            close_after_days: CLOSE_AFTER_DAYS,
            limiter: rate.map(RateLimiter::new),
            trust_proxy: None,
            clock: system_clock(),
            build_hook: None,
            header_timeout: HEADER_TIMEOUT,
            body_timeout: BODY_TIMEOUT,
            generation: AtomicU64::new(0),
            frozen: Mutex::new(BTreeSet::new()),
            cache: Mutex::new(None),
            building: tokio::sync::Mutex::new(()),
        }
    }

    /// Reads which quarters are frozen, and turns urgent records stored by an older collector
    /// (with wijk and week) into urgent signals (quarter only). Before serving.
    pub async fn prepare(&self) -> Result<(), crate::store::StoreError> {
        let frozen = self.store.frozen().await?;
        self.frozen.lock().unwrap_or_else(|e| e.into_inner()).extend(frozen.into_iter().map(|(q, _)| q));
        let bodies = self.store.bodies().await?;
        let mut moved = 0;
        for body in bodies {
            let Some(record) = serde_json::from_str::<Value>(&body).ok().and_then(|v| parse_record(&v).ok()) else {
                continue;
            };
            if self.checks.is_urgent(&record) {
                if let StoredRecord::Urgent { id, quarter, source } = StoredRecord::urgent(&record) {
                    self.store.make_urgent(id, quarter, source).await?;
                    moved += 1;
                }
            }
        }
        if moved > 0 {
            tracing::info!("{moved} urgent records kept as urgent signals only (no wijk, no week)");
            self.store.tidy().await?;
        }
        Ok(())
    }

    /// The first quarter that is not closed yet: earlier ones are published and frozen.
    pub fn first_open_quarter(&self) -> String {
        quarter_of_date(days_before((self.clock)(), self.close_after_days))
    }

    fn is_closed(&self, quarter: &str) -> bool {
        quarter < self.first_open_quarter().as_str()
            || self.frozen.lock().unwrap_or_else(|e| e.into_inner()).contains(quarter)
    }
}

/// A refusal, as JSON: `{"error": code, "field": name or null, "message": text}`.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    field: Option<String>,
    message: String,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { status, code, field: None, message: message.into() }
    }

    fn record(e: &RecordError) -> ApiError {
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: e.code(),
            field: e.field().map(str::to_string),
            message: e.to_string(),
        }
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn code(&self) -> &'static str {
        self.code
    }

    pub fn field(&self) -> Option<&str> {
        self.field.as_deref()
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({"error": self.code, "field": self.field, "message": self.message});
        (self.status, Json(body)).into_response()
    }
}

/// The router with CORS for `allow_origins` (none: same origin only), the rate limit and the
/// request log.
pub fn router<S: Store>(app: Arc<App<S>>, allow_origins: &[String]) -> Result<Router, String> {
    let mut router = Router::new()
        .route("/v1/records", post(post_record::<S>))
        .route("/v1/register.json", get(get_register_json::<S>))
        .route("/v1/register.csv", get(get_register_csv::<S>))
        .route("/v1/health", get(|| async { Json(json!({"ok": true})) }))
        .layer(middleware::from_fn_with_state(app.clone(), rate_limit::<S>))
        .with_state(app);
    if !allow_origins.is_empty() {
        let origins = allow_origins
            .iter()
            .map(|o| HeaderValue::from_str(o).map_err(|_| format!("not an origin: {o}")))
            .collect::<Result<Vec<_>, _>>()?;
        // Outside the rate limit, so that a 429 also carries CORS headers the app can read.
        router = router.layer(
            CorsLayer::new()
                .allow_origin(AllowOrigin::list(origins))
                .allow_methods([Method::GET, Method::POST])
                // The team key of a question registered by a team (`team_keys`).
                .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION])
                .max_age(Duration::from_secs(3600)),
        );
    }
    Ok(router.layer(middleware::from_fn(log_request)))
}

/// Logs method, route, status and duration — never the client's address, user agent, cookies
/// or query string.
async fn log_request(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let route = request.extensions().get::<MatchedPath>().map_or("(no route)", |p| p.as_str()).to_string();
    let start = Instant::now();
    let response = next.run(request).await;
    tracing::info!("{method} {route} {} {:.1}ms", response.status().as_u16(), start.elapsed().as_secs_f64() * 1000.0);
    response
}

/// The client address the rate limit counts a request under: the peer's, or — when the peer is
/// the trusted proxy — the address that proxy forwarded: the last `X-Forwarded-For` entry (the
/// one the proxy itself appended; earlier ones are the client's word), else the last
/// `Forwarded: for=`. Used for the keyed hash only: never logged or stored.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trust_proxy: Option<IpAddr>) -> IpAddr {
    if trust_proxy != Some(peer) {
        return peer;
    }
    // The last entry of the last header line: the proxy's own (an unreadable one is not
    // skipped for an earlier one, which the client may have written).
    let last = |name: header::HeaderName| headers.get_all(name).iter().next_back()?.to_str().ok()?.rsplit(',').next();
    let from_xff = last(header::HeaderName::from_static("x-forwarded-for")).and_then(parse_node);
    let from_forwarded = || {
        last(header::FORWARDED)?.split(';').find_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            k.trim().eq_ignore_ascii_case("for").then(|| parse_node(v)).flatten()
        })
    };
    from_xff.or_else(from_forwarded).unwrap_or(peer)
}

/// An address as a proxy writes it: `192.0.2.1`, `"[2001:db8::1]:4711"`, `192.0.2.1:80`.
fn parse_node(s: &str) -> Option<IpAddr> {
    let s = s.trim().trim_matches('"');
    if let Ok(ip) = s.parse() {
        return Some(ip);
    }
    if let Some(rest) = s.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok();
    }
    s.parse::<SocketAddr>().ok().map(|a| a.ip())
}

async fn rate_limit<S: Store>(State(app): State<Arc<App<S>>>, request: Request, next: Next) -> Response {
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    if let (Some(limiter), Some(peer)) = (&app.limiter, peer) {
        if let Err(wait) = limiter.check(client_ip(peer, request.headers(), app.trust_proxy)) {
            let mut response =
                ApiError::new(StatusCode::TOO_MANY_REQUESTS, "rate_limited", "too many requests: try again later")
                    .into_response();
            let seconds = wait.as_secs_f64().ceil().max(1.0) as u64;
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            return response;
        }
    }
    next.run(request).await
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"))
}

fn days_before(date: Date, days: i64) -> Date {
    civil_from_days(days_from_civil(date.0, date.1, date.2) - days)
}

/// A week after next week cannot have been lived yet (a day of slack for time zones and clocks).
fn is_future_week(week: &str, today: Date) -> bool {
    parse_week(week).is_some_and(|w| w > iso_week(next_week(today).0, next_week(today).1, next_week(today).2))
}

fn next_week(today: Date) -> Date {
    civil_from_days(days_from_civil(today.0, today.1, today.2) + 7)
}

impl Checks {
    /// The record's codes are the municipality's, and its week is not in the future.
    pub fn check(&self, record: &Record, today: Date) -> Result<(), ApiError> {
        let unknown = |field: &str, what: &str| ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "unknown_code",
            field: Some(field.to_string()),
            message: format!("\"{field}\" holds a {what} this collector does not know"),
        };
        if record.wijk().is_some_and(|w| !self.wijken.contains(w)) {
            return Err(unknown("wijk", "wijk code"));
        }
        if let Record::FitCheck(r) = record {
            if r.destinations.iter().any(|d| !self.destinations.contains(d)) {
                return Err(unknown("destinations", "partner code"));
            }
        }
        let future = match record.week() {
            Some(week) => is_future_week(week, today).then_some(("bad_week", "week")),
            None => (record.quarter() > quarter_of_date(next_week(today))).then_some(("bad_quarter", "quarter")),
        };
        if let Some((code, field)) = future {
            return Err(ApiError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                code,
                field: Some(field.into()),
                message: format!("\"{field}\" lies in the future"),
            });
        }
        Ok(())
    }

    /// Only a wijkteam registers a question that came by phone, at the walk-in hour, by e-mail
    /// or via a partner: such a record needs a team's key (`Authorization: Bearer <key>`). The
    /// app's own records (channel `app`) need none. The key is checked, never kept: the record
    /// is stored without it and without the team.
    pub fn check_team(&self, record: &Record, headers: &HeaderMap) -> Result<(), ApiError> {
        if !wijkpeil_wire::channel_needs_team_key(record.channel()) {
            return Ok(());
        }
        let refused = |code, message: &str| ApiError {
            status: StatusCode::FORBIDDEN,
            code,
            field: Some("channel".into()),
            message: message.into(),
        };
        let presented = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(bearer);
        match presented {
            None => Err(refused(
                "team_key_required",
                "a question registered by a wijkteam needs that team's key (Authorization: Bearer <key>)",
            )),
            Some(key) if !self.team_keys.knows(key) => Err(refused(
                "team_key_invalid",
                "this team key is not known here: ask the municipality for your team's key",
            )),
            Some(_) => Ok(()),
        }
    }

    /// An urgent signal (format 2 sends it as its own kind, format 1 as a fit check with the
    /// outcome `urgent`, which the parser reads as one), or a stored fit check of an older
    /// collector that suggests an urgent contact (`crisis`, `violence`, …).
    pub fn is_urgent(&self, record: &Record) -> bool {
        match record {
            Record::Urgent(_) => true,
            Record::FitCheck(r) => r.destinations.iter().any(|d| self.urgent_kinds.contains(d)),
            Record::FollowUp(_) => false,
        }
    }
}

/// Reads one record from a request's headers and complete body, and checks it: content type,
/// size, JSON, the record format, the municipality's codes, the week. Pure: the property tests
/// run it on random and mutated bodies.
pub fn read_record(headers: &HeaderMap, body: &[u8], checks: &Checks, today: Date) -> Result<Record, ApiError> {
    if !is_json(headers) {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "wrong_content_type",
            "send the record as application/json",
        ));
    }
    if body.len() > MAX_BODY {
        return Err(too_large());
    }
    let value: Value = serde_json::from_slice(body)
        .map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, "invalid_json", "the body is not JSON"))?;
    // Format 1 only for its transition period (outboxes that waited offline).
    if format_of(&value).is_some_and(|f| !format_accepted_on(f, today)) {
        return Err(ApiError::record(&RecordError::UnsupportedFormat));
    }
    let record = parse_record(&value).map_err(|e| ApiError::record(&e))?;
    checks.check(&record, today)?;
    checks.check_team(&record, headers)?;
    Ok(record)
}

fn too_large() -> ApiError {
    ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", format!("a record is at most {MAX_BODY} bytes"))
}

async fn post_record<S: Store>(State(app): State<Arc<App<S>>>, headers: HeaderMap, body: Body) -> Response {
    match store_record(&app, &headers, body).await {
        Ok((status, id)) => (status, Json(json!({ "id": id }))).into_response(),
        Err(e) => e.into_response(),
    }
}

async fn store_record<S: Store>(
    app: &App<S>,
    headers: &HeaderMap,
    body: Body,
) -> Result<(StatusCode, String), ApiError> {
    if !is_json(headers) {
        return read_record(headers, &[], &app.checks, (app.clock)()).map(|_| (StatusCode::OK, String::new()));
    }
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_BODY) {
        return Err(too_large());
    }
    let bytes = match tokio::time::timeout(app.body_timeout, to_bytes(body, MAX_BODY)).await {
        Ok(read) => read.map_err(|_| too_large())?,
        Err(_) => return Err(ApiError::new(StatusCode::REQUEST_TIMEOUT, "body_timeout", "the record came too slowly")),
    };
    let today = (app.clock)();
    let record = read_record(headers, &bytes, &app.checks, today)?;
    let quarter = record.quarter();
    if app.is_closed(&quarter) {
        return Err(ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "quarter_closed",
            field: Some(if record.week().is_some() { "week" } else { "quarter" }.into()),
            message: format!("{quarter} is closed and published: its figures no longer change"),
        });
    }
    let stored = if app.checks.is_urgent(&record) { StoredRecord::urgent(&record) } else { StoredRecord::new(&record) };
    let inserted = app.store.insert(stored).await.map_err(|e| {
        tracing::error!("storing a record failed: {e}");
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "storage_unavailable",
            "the record was not stored: try again later",
        )
    })?;
    let id = record.id().to_string();
    match inserted {
        Inserted::Stored => {
            app.generation.fetch_add(1, Ordering::Relaxed);
            Ok((StatusCode::CREATED, id))
        }
        Inserted::AlreadyStored => Ok((StatusCode::OK, id)),
        Inserted::IdTaken => Err(ApiError {
            status: StatusCode::CONFLICT,
            code: "id_taken",
            field: Some("id".into()),
            message: "another record has this id".into(),
        }),
    }
}

fn unavailable(e: impl std::fmt::Display) -> ApiError {
    tracing::error!("reading the register failed: {e}");
    ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "storage_unavailable", "try again later")
}

/// Everything a register build needs, owned: it runs on a blocking thread.
struct BuildInput {
    bodies: Vec<String>,
    urgent: Vec<UrgentCount>,
    frozen: Vec<(String, String)>,
    options: RegisterOptions,
    checks: Checks,
    first_open: String,
    publish_open: bool,
    hook: Option<Arc<dyn Fn() + Send + Sync>>,
}

struct BuildOutput {
    published: Published,
    /// Closed quarters built now for the first time: frozen before they are served.
    to_freeze: Vec<(String, String)>,
}

/// Parsing, counting, suppression and rendering: CPU work, never on an async worker thread.
fn build(input: BuildInput) -> BuildOutput {
    if let Some(hook) = &input.hook {
        hook();
    }
    let mut records = Vec::with_capacity(input.bodies.len());
    let mut urgent: BTreeMap<(String, String), u64> =
        input.urgent.into_iter().map(|u| ((u.quarter, u.source), u.count)).collect();
    let mut unreadable = 0;
    for body in &input.bodies {
        match serde_json::from_str::<Value>(body).ok().and_then(|v| parse_record(&v).ok()) {
            // Stored before urgent signals were kept apart (`App::prepare` moves them).
            Some(r) if input.checks.is_urgent(&r) => {
                *urgent.entry((r.quarter(), urgent_source(&r).to_string())).or_default() += 1
            }
            Some(r) => records.push(r),
            None => unreadable += 1,
        }
    }
    if unreadable > 0 {
        tracing::warn!("{unreadable} stored records are no longer readable");
    }
    let mut periods = Vec::new();
    let mut frozen = BTreeSet::new();
    for (quarter, body) in &input.frozen {
        match serde_json::from_str::<Value>(body).ok().as_ref().and_then(period_from_json) {
            Some(p) => periods.push(p),
            None => tracing::error!("the published {quarter} is unreadable: left out"),
        }
        frozen.insert(quarter.clone());
    }
    let first_open = input.first_open.as_str();
    let include = |q: &str| !frozen.contains(q) && (q < first_open || input.publish_open);
    let urgent: Vec<UrgentCount> =
        urgent.into_iter().map(|((quarter, source), count)| UrgentCount { quarter, source, count }).collect();
    let new = build_periods(&records, &urgent, &input.options, include, |q| q >= first_open);
    let to_freeze =
        new.iter().filter(|p| !p.provisional).map(|p| (p.period.clone(), period_json(p).to_string())).collect();
    periods.extend(new);
    let register = assemble(periods, &input.options);
    let json = register_json(&register).to_string();
    let csv = register_csv(&register);
    BuildOutput { published: Published { register, json, csv }, to_freeze }
}

impl<S: Store> App<S> {
    fn cache_key(&self) -> CacheKey {
        let generation = self.publish_open_quarter.then(|| self.generation.load(Ordering::Relaxed));
        (self.first_open_quarter(), generation)
    }

    fn cached(&self, key: &CacheKey) -> Option<Arc<Published>> {
        let cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache.as_ref().filter(|c| &c.key == key).map(|c| c.published.clone())
    }

    /// The register: built anew only when what is published changed (a quarter closed, or —
    /// with open quarters shown — a record was added), once for all requests waiting, on a
    /// blocking thread; closed quarters built for the first time are frozen first.
    pub async fn register(&self) -> Result<Arc<Published>, ApiError> {
        let key = self.cache_key();
        if let Some(p) = self.cached(&key) {
            return Ok(p);
        }
        let _building = self.building.lock().await;
        let key = self.cache_key();
        if let Some(p) = self.cached(&key) {
            return Ok(p);
        }
        let frozen = self.store.frozen().await.map_err(unavailable)?;
        let bodies = self.store.bodies().await.map_err(unavailable)?;
        let urgent = self.store.urgent_counts().await.map_err(unavailable)?;
        let input = BuildInput {
            bodies,
            urgent,
            frozen,
            options: RegisterOptions { min_cell: self.min_cell, wijken: self.wijken.clone(), first_unpublished: None },
            checks: self.checks.clone(),
            first_open: key.0.clone(),
            publish_open: self.publish_open_quarter,
            hook: self.build_hook.clone(),
        };
        let out = tokio::task::spawn_blocking(move || build(input)).await.map_err(|e| {
            tracing::error!("the register build failed: {e}");
            ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "build_failed", "the register could not be built")
        })?;
        let mut raced = false;
        for (quarter, body) in out.to_freeze {
            if self.store.freeze(quarter.clone(), body).await.map_err(unavailable)? == Inserted::AlreadyStored {
                // Frozen meanwhile by another collector on this database: that version stands.
                raced = true;
            }
            self.frozen.lock().unwrap_or_else(|e| e.into_inner()).insert(quarter);
        }
        if raced {
            // The next request builds from the stored version; this one is not cached.
            return Err(ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "storage_unavailable", "try again"));
        }
        let published = Arc::new(out.published);
        *self.cache.lock().unwrap_or_else(|e| e.into_inner()) =
            Some(CachedRegister { key, published: published.clone() });
        Ok(published)
    }
}

async fn get_register_json<S: Store>(State(app): State<Arc<App<S>>>) -> Result<Response, ApiError> {
    let published = app.register().await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], published.json.clone()).into_response())
}

async fn get_register_csv<S: Store>(State(app): State<Arc<App<S>>>) -> Result<Response, ApiError> {
    let published = app.register().await?;
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], published.csv.clone()).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_after_next_week_are_in_the_future() {
        let today = (2026, 11, 22); // Sunday of 2026-W47
        assert!(!is_future_week("2026-W47", today));
        assert!(!is_future_week("2026-W48", today));
        assert!(is_future_week("2026-W49", today));
        assert!(is_future_week("2027-W01", today));
        assert!(!is_future_week("2020-W01", today));
    }

    #[test]
    fn a_quarter_closes_four_weeks_after_it_ended() {
        // Quarters go by ISO week: Q3 2026 ends with week 39 (Sunday 27 September); week 40
        // has its Thursday in October.
        let unpublished = |today| quarter_of_date(days_before(today, CLOSE_AFTER_DAYS));
        assert_eq!(unpublished((2026, 10, 25)), "2026-Q3"); // 27 Sep: Q3 still waits
        assert_eq!(unpublished((2026, 10, 26)), "2026-Q4"); // 28 Sep: Q3 is out
        assert_eq!(unpublished((2026, 11, 22)), "2026-Q4");
    }

    #[test]
    fn only_json_is_accepted() {
        let mut h = HeaderMap::new();
        assert!(!is_json(&h));
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
        assert!(is_json(&h));
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
        assert!(!is_json(&h));
    }

    fn checks() -> Checks {
        let set = |l: &[&str]| l.iter().map(|s| s.to_string()).collect();
        Checks {
            wijken: set(&["noord", "oost"]),
            destinations: set(&["debt", "crisis", "emergency"]),
            urgent_kinds: set(&["crisis", "emergency"]),
            team_keys: TeamKeys::parse("noord k7Qm-2xPa-9LdW-4tRz").unwrap(),
        }
    }

    fn fit(wijk: Option<&str>, destinations: &[&str], outcome: &'static str) -> Record {
        let mut v = json!({"format": 1, "kind": "fit_check", "id": "abababababababababababababababab",
            "week": "2026-W30", "wijk": wijk, "areas": ["housing"], "under_18": null, "breadth": "one",
            "outcome": outcome, "destinations": destinations});
        v["destinations"] = json!(destinations);
        parse_record(&v).unwrap()
    }

    #[test]
    fn unknown_codes_are_refused() {
        let today = (2026, 11, 22);
        assert!(checks().check(&fit(Some("noord"), &["debt"], "fits_and_also"), today).is_ok());
        assert!(checks().check(&fit(None, &[], "fits"), today).is_ok());
        let e = checks().check(&fit(Some("centrum"), &[], "fits"), today).unwrap_err();
        assert_eq!((e.code(), e.field()), ("unknown_code", Some("wijk")));
        let e = checks().check(&fit(Some("noord"), &["schuldhulp_x"], "fits_and_also"), today).unwrap_err();
        assert_eq!((e.code(), e.field()), ("unknown_code", Some("destinations")));
        // Nothing configured: nothing accepted (the collector does not start without a config).
        let e = Checks::default().check(&fit(Some("noord"), &[], "fits"), today).unwrap_err();
        assert_eq!(e.code(), "unknown_code");
    }

    #[test]
    fn urgent_signals_are_recognised() {
        assert!(checks().is_urgent(&fit(Some("noord"), &["crisis"], "urgent")));
        assert!(checks().is_urgent(&fit(Some("noord"), &[], "urgent")));
        assert!(checks().is_urgent(&fit(Some("noord"), &["emergency"], "fits_and_also")));
        assert!(!checks().is_urgent(&fit(Some("noord"), &["debt"], "fits_and_also")));
    }

    fn json_headers() -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        h
    }

    fn urgent(quarter: &str, channel: &str) -> Vec<u8> {
        json!({"format": 2, "kind": "urgent", "id": "abababababababababababababababab", "quarter": quarter,
               "channel": channel})
        .to_string()
        .into_bytes()
    }

    #[test]
    fn format_2_urgent_signals_are_taken_and_a_future_quarter_is_not() {
        let today = (2026, 11, 22);
        let r = read_record(&json_headers(), &urgent("2026-Q4", "app"), &checks(), today).unwrap();
        assert!(checks().is_urgent(&r));
        assert_eq!((r.wijk(), r.week(), r.quarter().as_str()), (None, None, "2026-Q4"));
        let e = read_record(&json_headers(), &urgent("2027-Q1", "app"), &checks(), today).unwrap_err();
        assert_eq!((e.code(), e.field()), ("bad_quarter", Some("quarter")));
        // In the last days of a quarter, next week may already be in the next one.
        assert!(read_record(&json_headers(), &urgent("2027-Q1", "app"), &checks(), (2026, 12, 30)).is_ok());
    }

    #[test]
    fn a_question_registered_by_a_team_needs_a_team_key() {
        let today = (2026, 11, 22);
        let e = read_record(&json_headers(), &urgent("2026-Q4", "phone"), &checks(), today).unwrap_err();
        assert_eq!((e.code(), e.field(), e.status()), ("team_key_required", Some("channel"), StatusCode::FORBIDDEN));
        let with_key = |value: &'static str| {
            let mut h = json_headers();
            h.insert(header::AUTHORIZATION, HeaderValue::from_static(value));
            h
        };
        let e = read_record(&with_key("Bearer k7Qm-2xPa-9LdW-0000"), &urgent("2026-Q4", "walk_in"), &checks(), today)
            .unwrap_err();
        assert_eq!((e.code(), e.status()), ("team_key_invalid", StatusCode::FORBIDDEN));
        assert!(!e.message().contains("k7Qm"), "the answer does not repeat the key");
        let e = read_record(&with_key("Basic k7Qm-2xPa-9LdW-4tRz"), &urgent("2026-Q4", "email"), &checks(), today)
            .unwrap_err();
        assert_eq!(e.code(), "team_key_required");
        let key = with_key("Bearer k7Qm-2xPa-9LdW-4tRz");
        for channel in ["phone", "walk_in", "email", "partner"] {
            assert!(read_record(&key, &urgent("2026-Q4", channel), &checks(), today).is_ok(), "{channel}");
        }
        // The app's own records need no key, and a key with them changes nothing.
        assert!(read_record(&json_headers(), &urgent("2026-Q4", "app"), &checks(), today).is_ok());
        assert!(
            read_record(&with_key("Bearer wrong-key-wrong-key"), &urgent("2026-Q4", "app"), &checks(), today).is_ok()
        );
    }

    #[test]
    fn format_1_is_taken_until_its_last_day_only() {
        let v1 = json!({"format": 1, "kind": "fit_check", "id": "abababababababababababababababab",
            "week": "2027-W20", "wijk": "noord", "areas": ["housing"], "under_18": null, "breadth": "one",
            "outcome": "fits", "destinations": []})
        .to_string()
        .into_bytes();
        assert!(read_record(&json_headers(), &v1, &checks(), wijkpeil_wire::FORMAT_1_ACCEPTED_UNTIL).is_ok());
        let e = read_record(&json_headers(), &v1, &checks(), (2027, 7, 1)).unwrap_err();
        assert_eq!(e.code(), "unsupported_format");
    }

    #[test]
    fn the_forwarded_address_counts_only_from_the_trusted_proxy() {
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let other: IpAddr = "198.51.100.9".parse().unwrap();
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", HeaderValue::from_static("1.2.3.4, 203.0.113.7"));
        assert_eq!(client_ip(proxy, &h, Some(proxy)), "203.0.113.7".parse::<IpAddr>().unwrap(), "the last hop");
        assert_eq!(client_ip(other, &h, Some(proxy)), other, "not from the proxy: the header is the client's word");
        assert_eq!(client_ip(proxy, &h, None), proxy, "no proxy trusted");
        let mut h = HeaderMap::new();
        h.insert(header::FORWARDED, HeaderValue::from_static("for=192.0.2.1, for=\"[2001:db8::1]:4711\";proto=https"));
        assert_eq!(client_ip(proxy, &h, Some(proxy)), "2001:db8::1".parse::<IpAddr>().unwrap());
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", HeaderValue::from_static("garbage"));
        assert_eq!(client_ip(proxy, &h, Some(proxy)), proxy, "unreadable: the proxy's own bucket");
    }
}

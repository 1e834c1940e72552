//! The HTTP API:
//! - `POST /v1/records`: one record (JSON, at most `MAX_BODY` bytes). 201 stored, 200 stored
//!   before (both `{"id": …}`), 4xx with `{"error", "field", "message"}` otherwise.
//! - `GET /v1/register.json`, `GET /v1/register.csv`: the register per wijk, small cells hidden.
//! - `GET /v1/health`.
//!
//! Privacy: nothing here logs or stores an IP address, user agent, cookie, query string or the
//! time a record arrived. The request log (`log_request`) writes method, route, status and
//! duration only; the rate limit keys clients by a rotating keyed hash held in memory.

use crate::aggregate::{build_register, quarter_of_date, Register, RegisterOptions};
use crate::rate_limit::{RateConfig, RateLimiter};
use crate::render::{register_csv, register_json};
use crate::store::{Inserted, Store, StoredRecord};
use axum::body::{to_bytes, Body};
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tower_http::cors::{AllowOrigin, CorsLayer};
use wijkpeil::opening_hours::civil_from_days;
use wijkpeil::register::{iso_week, parse_record, parse_week, Record, RecordError};

/// A record is a few hundred bytes; this leaves room and no more.
pub const MAX_BODY: usize = 4096;
/// A quarter is published this long after it closed: records wait in outboxes of devices that
/// were offline, and each one arriving after publication would change the published numbers
/// by one (showing, to someone comparing, what that one record said).
pub const PUBLISH_AFTER_DAYS: i64 = 28;

/// What the collector checks beyond the record format.
#[derive(Debug, Clone, Default)]
pub struct Checks {
    pub wijken: Option<BTreeSet<String>>,
    pub destinations: Option<BTreeSet<String>>,
}

pub struct App<S> {
    pub store: S,
    pub checks: Checks,
    pub min_cell: u64,
    /// Configured wijk codes, in order: the register's columns.
    pub wijken: Vec<String>,
    pub publish_open_quarter: bool,
    pub limiter: Option<RateLimiter>,
    /// Bumped by every newly stored record; the cached register is of one generation.
    generation: AtomicU64,
    cache: Mutex<Option<CachedRegister>>,
}

struct CachedRegister {
    generation: u64,
    first_unpublished: Option<String>,
    register: Arc<Register>,
}

impl<S: Store> App<S> {
    pub fn new(store: S, checks: Checks, min_cell: u64, rate: Option<RateConfig>) -> App<S> {
        let wijken = checks.wijken.iter().flatten().cloned().collect();
        App {
            store,
            checks,
            min_cell,
            wijken,
            publish_open_quarter: false,
            limiter: rate.map(RateLimiter::new),
            generation: AtomicU64::new(0),
            cache: Mutex::new(None),
        }
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
                .allow_headers([header::CONTENT_TYPE])
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

async fn rate_limit<S: Store>(State(app): State<Arc<App<S>>>, request: Request, next: Next) -> Response {
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    if let (Some(limiter), Some(ip)) = (&app.limiter, peer) {
        if let Err(wait) = limiter.check(ip) {
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

/// Today's date (UTC) from the system clock.
fn today() -> (i32, u32, u32) {
    let secs = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    civil_from_days((secs / 86_400) as i64)
}

fn days_before(date: (i32, u32, u32), days: i64) -> (i32, u32, u32) {
    civil_from_days(wijkpeil::opening_hours::days_from_civil(date.0, date.1, date.2) - days)
}

/// A week after next week cannot have been lived yet (a day of slack for time zones and clocks).
fn is_future_week(week: &str, today: (i32, u32, u32)) -> bool {
    let days = wijkpeil::opening_hours::days_from_civil(today.0, today.1, today.2);
    let (y, m, d) = civil_from_days(days + 7);
    parse_week(week).is_some_and(|w| w > iso_week(y, m, d))
}

impl Checks {
    fn check(&self, record: &Record) -> Result<(), ApiError> {
        let unknown = |field: &str, what: &str| ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "unknown_code",
            field: Some(field.to_string()),
            message: format!("\"{field}\" holds a {what} this collector does not know"),
        };
        if let (Some(wijken), Some(wijk)) = (&self.wijken, record.wijk()) {
            if !wijken.contains(wijk) {
                return Err(unknown("wijk", "wijk code"));
            }
        }
        if let (Some(known), Record::FitCheck(r)) = (&self.destinations, record) {
            if r.destinations.iter().any(|d| !known.contains(d)) {
                return Err(unknown("destinations", "partner code"));
            }
        }
        if is_future_week(record.week(), today()) {
            return Err(ApiError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                code: "bad_week",
                field: Some("week".into()),
                message: "\"week\" lies in the future".into(),
            });
        }
        Ok(())
    }
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
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "wrong_content_type",
            "send the record as application/json",
        ));
    }
    let too_large =
        || ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", format!("a record is at most {MAX_BODY} bytes"));
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_BODY) {
        return Err(too_large());
    }
    let bytes = to_bytes(body, MAX_BODY).await.map_err(|_| too_large())?;
    let value: Value = serde_json::from_slice(&bytes)
        .map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, "invalid_json", "the body is not JSON"))?;
    let record = parse_record(&value).map_err(|e| ApiError::record(&e))?;
    app.checks.check(&record)?;
    let inserted = app.store.insert(StoredRecord::new(&record)).await.map_err(|e| {
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

impl<S: Store> App<S> {
    /// The register, built anew only when records were added or a quarter closed.
    pub async fn register(&self) -> Result<Arc<Register>, ApiError> {
        let first_unpublished =
            (!self.publish_open_quarter).then(|| quarter_of_date(days_before(today(), PUBLISH_AFTER_DAYS)));
        let generation = self.generation.load(Ordering::Relaxed);
        if let Some(c) = self.cache.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
            if c.generation == generation && c.first_unpublished == first_unpublished {
                return Ok(c.register.clone());
            }
        }
        let bodies = self.store.bodies().await.map_err(|e| {
            tracing::error!("reading records failed: {e}");
            ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "storage_unavailable", "try again later")
        })?;
        let records: Vec<Record> = bodies
            .iter()
            .filter_map(|b| serde_json::from_str::<Value>(b).ok().and_then(|v| parse_record(&v).ok()))
            .collect();
        if records.len() != bodies.len() {
            tracing::warn!("{} stored records are no longer readable", bodies.len() - records.len());
        }
        let options = RegisterOptions {
            min_cell: self.min_cell,
            wijken: self.wijken.clone(),
            first_unpublished: first_unpublished.clone(),
        };
        let register = Arc::new(build_register(&records, &options));
        *self.cache.lock().unwrap_or_else(|e| e.into_inner()) =
            Some(CachedRegister { generation, first_unpublished, register: register.clone() });
        Ok(register)
    }
}

async fn get_register_json<S: Store>(State(app): State<Arc<App<S>>>) -> Result<Response, ApiError> {
    let register = app.register().await?;
    Ok(Json(register_json(&register)).into_response())
}

async fn get_register_csv<S: Store>(State(app): State<Arc<App<S>>>) -> Result<Response, ApiError> {
    let register = app.register().await?;
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], register_csv(&register)).into_response())
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
    fn a_quarter_is_published_four_weeks_after_it_closed() {
        // Quarters go by ISO week: Q3 2026 ends with week 39 (Sunday 27 September); week 40
        // has its Thursday in October.
        let unpublished = |today| quarter_of_date(days_before(today, PUBLISH_AFTER_DAYS));
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
}

//! Starting the collector: the store a `--db` names, the app around it, and the listener.
//! Connections are served by hyper directly, for its header read timeout (a client that sends
//! its headers slowly holds a connection at most `api::HEADER_TIMEOUT`); the body has
//! `api::BODY_TIMEOUT`.

use crate::api::{router, App, Checks};
use crate::settings::Settings;
use crate::store::{is_postgres_url, PostgresStore, SqliteStore, Store};
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tower::ServiceExt;

/// Running requests get this long to finish when the collector stops.
const STOP_GRACE: Duration = Duration::from_secs(10);
/// How often PostgreSQL's tables are rewritten in id order while records come in.
const TIDY_EVERY: Duration = Duration::from_secs(3600);

impl<S: Store> App<S> {
    pub fn from_settings(store: S, settings: &Settings) -> App<S> {
        let set = |codes: &[String]| codes.iter().cloned().collect();
        let checks = Checks {
            wijken: set(&settings.wijken),
            destinations: set(&settings.destinations),
            urgent_kinds: set(&settings.urgent_kinds),
            team_keys: settings.team_keys.clone(),
        };
        let mut app = App::new(store, checks, settings.min_cell, Some(settings.rate));
        // Keep the configured order of wijken for the register's columns.
        app.wijken = settings.wijken.clone();
        app.publish_open_quarter = settings.publish_open_quarter;
        app.close_after_days = settings.close_after_days as i64;
        app.trust_proxy = settings.trust_proxy;
        app
    }
}

/// A collector serving in the background.
pub struct Running {
    pub addr: SocketAddr,
    shutdown: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// Stops accepting, lets running requests finish, and waits.
    pub async fn stop(self) -> std::io::Result<()> {
        let _ = self.shutdown.send(());
        self.task.await.unwrap_or_else(|e| Err(std::io::Error::other(e)))
    }
}

/// Prepares `app` (`App::prepare`) and serves it on `listener` until `stop`.
pub async fn start<S: Store>(
    app: Arc<App<S>>,
    allow_origins: &[String],
    listener: TcpListener,
) -> Result<Running, String> {
    app.prepare().await.map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let header_timeout = app.header_timeout;
    let router = router(app, allow_origins)?;
    let (shutdown, mut stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let graceful = hyper_util::server::graceful::GracefulShutdown::new();
        loop {
            let (stream, peer) = tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok(a) => a,
                    Err(e) => {
                        // Out of file descriptors and the like (no address in these errors).
                        tracing::warn!("accept failed: {e}");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                },
                _ = &mut stopped => break,
            };
            let router = router.clone();
            // The peer address goes to the rate limit only (as axum's `ConnectInfo`).
            let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
                request.extensions_mut().insert(ConnectInfo(peer));
                router.clone().oneshot(request.map(axum::body::Body::new))
            });
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout)
                .serve_connection(TokioIo::new(stream), service);
            let connection = graceful.watch(connection);
            tokio::spawn(async move {
                let _ = connection.await;
            });
        }
        drop(listener);
        let _ = tokio::time::timeout(STOP_GRACE, graceful.shutdown()).await;
        Ok(())
    });
    Ok(Running { addr, shutdown, task })
}

/// Opens the store `settings.db` names and serves until Ctrl-C or SIGTERM.
pub async fn run(settings: Settings) -> Result<(), String> {
    let listener =
        TcpListener::bind(settings.listen).await.map_err(|e| format!("listen on {}: {e}", settings.listen))?;
    if is_postgres_url(&settings.db) {
        log_team_keys(&settings);
        let store = PostgresStore::connect(&settings.db).await.map_err(|e| e.to_string())?;
        tracing::info!("storing in PostgreSQL");
        serve(Arc::new(App::from_settings(store, &settings)), &settings, listener).await
    } else {
        log_team_keys(&settings);
        let store = SqliteStore::open(Path::new(&settings.db)).map_err(|e| format!("{}: {e}", settings.db))?;
        tracing::info!("storing in SQLite file {}", settings.db);
        serve(Arc::new(App::from_settings(store, &settings)), &settings, listener).await
    }
}

/// How many teams may register questions (never their ids or keys).
fn log_team_keys(settings: &Settings) {
    match settings.team_keys.len() {
        0 => tracing::info!("no team keys: only the app's own records are taken"),
        n => tracing::info!(
            "team keys of {n} teams: their questions registered by phone, walk-in, e-mail or partner are taken"
        ),
    }
}

async fn serve<S: Store>(app: Arc<App<S>>, settings: &Settings, listener: TcpListener) -> Result<(), String> {
    let running = start(app.clone(), &settings.allow_origins, listener).await?;
    tracing::info!("listening on http://{}", running.addr);
    let tidy = tokio::spawn(async move {
        loop {
            tokio::time::sleep(TIDY_EVERY).await;
            if let Err(e) = app.store.tidy().await {
                tracing::warn!("tidying the store failed: {e}");
            }
        }
    });
    shutdown_signal().await;
    tracing::info!("stopping");
    tidy.abort();
    running.stop().await.map_err(|e| e.to_string())
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).expect("SIGTERM handler");
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}

//! Starting the collector: the store a `--db` names, the app around it, and the listener.

use crate::api::{router, App, Checks};
use crate::settings::Settings;
use crate::store::{is_postgres_url, PostgresStore, SqliteStore, Store};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

impl<S: Store> App<S> {
    pub fn from_settings(store: S, settings: &Settings) -> App<S> {
        let set = |codes: &Option<Vec<String>>| codes.as_ref().map(|c| c.iter().cloned().collect());
        let checks = Checks { wijken: set(&settings.wijken), destinations: set(&settings.destinations) };
        let mut app = App::new(store, checks, settings.min_cell, Some(settings.rate));
        // Keep the configured order of wijken for the register's columns.
        app.wijken = settings.wijken.clone().unwrap_or_default();
        app.publish_open_quarter = settings.publish_open_quarter;
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

/// Serves `app` on `listener` until `stop`.
pub fn start<S: Store>(app: Arc<App<S>>, allow_origins: &[String], listener: TcpListener) -> Result<Running, String> {
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let router = router(app, allow_origins)?;
    let (shutdown, stopped) = oneshot::channel::<()>();
    // Connect info gives the rate limit the peer address; nothing else reads it.
    let service = router.into_make_service_with_connect_info::<SocketAddr>();
    let task = tokio::spawn(async move {
        axum::serve(listener, service)
            .with_graceful_shutdown(async move {
                let _ = stopped.await;
            })
            .await
    });
    Ok(Running { addr, shutdown, task })
}

/// Opens the store `settings.db` names and serves until Ctrl-C or SIGTERM.
pub async fn run(settings: Settings) -> Result<(), String> {
    let listener =
        TcpListener::bind(settings.listen).await.map_err(|e| format!("listen on {}: {e}", settings.listen))?;
    let running = if is_postgres_url(&settings.db) {
        let store = PostgresStore::connect(&settings.db).await.map_err(|e| e.to_string())?;
        tracing::info!("storing in PostgreSQL");
        start(Arc::new(App::from_settings(store, &settings)), &settings.allow_origins, listener)?
    } else {
        let store = SqliteStore::open(Path::new(&settings.db)).map_err(|e| format!("{}: {e}", settings.db))?;
        tracing::info!("storing in SQLite file {}", settings.db);
        start(Arc::new(App::from_settings(store, &settings)), &settings.allow_origins, listener)?
    };
    tracing::info!("listening on http://{}", running.addr);
    shutdown_signal().await;
    tracing::info!("stopping");
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

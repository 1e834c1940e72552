//! PostgreSQL storage: a few connections used in turn (tokio-postgres pipelines the queries of
//! concurrent requests on each), reconnected when the server dropped one.
//!
//! Arrival order: a heap table keeps rows in the order they came (`ctid`) and each row the
//! transaction that wrote it (`xmin`), both of which follow arrival. `tidy` (at start, then
//! hourly while records come in: see `server::run`) rewrites the tables in one transaction in
//! the order of the random ids, into new files (`TRUNCATE`): afterwards every row has the same
//! `xmin` and the row order is that of the ids, as in SQLite's `WITHOUT ROWID` table. Deleted
//! rows (records turned into urgent signals) go with the old files.
//!
//! TLS: `sslmode=prefer` (tokio-postgres's default), `require` or `disable` in the URL; with
//! TLS the server's certificate is verified (native-tls, the system's OpenSSL and roots), also
//! under `prefer`/`require`. `COLLECTOR_DB_CA` names a PEM file with a further root (a
//! municipality's own CA).

use super::{Inserted, StoreError, StoredRecord, UrgentCount};
use postgres_native_tls::MakeTlsConnector;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use tokio::sync::{RwLock, RwLockReadGuard};
use tokio_postgres::{Client, Statement};

const CONNECTIONS: usize = 4;

const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS records (
        id   TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        week TEXT NOT NULL,
        wijk TEXT,
        body TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS urgent (
        id      TEXT PRIMARY KEY,
        quarter TEXT NOT NULL
    );
    -- A collector from before team registrations: its urgent signals all came from the app.
    ALTER TABLE urgent ADD COLUMN IF NOT EXISTS source TEXT NOT NULL DEFAULT 'app';
    CREATE TABLE IF NOT EXISTS published (
        quarter TEXT PRIMARY KEY,
        body    TEXT NOT NULL
    );";

/// Both tables, copied aside, emptied into new files and filled again in id order.
const REWRITE: &str = "
    LOCK TABLE records, urgent IN ACCESS EXCLUSIVE MODE;
    CREATE TEMP TABLE records_copy ON COMMIT DROP AS SELECT id, kind, week, wijk, body FROM records;
    CREATE TEMP TABLE urgent_copy ON COMMIT DROP AS SELECT id, quarter, source FROM urgent;
    TRUNCATE records, urgent;
    INSERT INTO records (id, kind, week, wijk, body)
        SELECT id, kind, week, wijk, body FROM records_copy ORDER BY id COLLATE \"C\";
    INSERT INTO urgent (id, quarter, source)
        SELECT id, quarter, source FROM urgent_copy ORDER BY id COLLATE \"C\";";

struct Connection {
    client: Client,
    insert: Statement,
    existing: Statement,
    insert_urgent: Statement,
    existing_urgent: Statement,
}

pub struct PostgresStore {
    url: String,
    tls: MakeTlsConnector,
    connections: Vec<RwLock<Connection>>,
    next: AtomicUsize,
    /// Rows were added or removed since the last rewrite.
    dirty: AtomicBool,
}

/// The TLS connector for every connection: the system's roots, and the PEM file `ca` if given.
pub fn tls_connector(ca: Option<&str>) -> Result<MakeTlsConnector, StoreError> {
    let mut builder = native_tls::TlsConnector::builder();
    if let Some(path) = ca {
        let pem = std::fs::read(path).map_err(|e| StoreError::Tls(format!("{path}: {e}")))?;
        let ca = native_tls::Certificate::from_pem(&pem).map_err(|e| StoreError::Tls(format!("{path}: {e}")))?;
        builder.add_root_certificate(ca);
    }
    Ok(MakeTlsConnector::new(builder.build().map_err(|e| StoreError::Tls(e.to_string()))?))
}

async fn open(url: &str, tls: &MakeTlsConnector) -> Result<Client, StoreError> {
    let (client, connection) = tokio_postgres::connect(url, tls.clone()).await?;
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            tracing::warn!("postgres connection closed: {e}");
        }
    });
    Ok(client)
}

async fn connect(url: &str, tls: &MakeTlsConnector) -> Result<Connection, StoreError> {
    let client = open(url, tls).await?;
    let insert = client
        .prepare(
            "INSERT INTO records (id, kind, week, wijk, body) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING",
        )
        .await?;
    let existing = client.prepare("SELECT body FROM records WHERE id = $1").await?;
    let insert_urgent = client
        .prepare("INSERT INTO urgent (id, quarter, source) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING")
        .await?;
    let existing_urgent = client.prepare("SELECT quarter, source FROM urgent WHERE id = $1").await?;
    Ok(Connection { client, insert, existing, insert_urgent, existing_urgent })
}

impl PostgresStore {
    /// Connects, creates the tables if they are not there, and rewrites them (see the module
    /// note). The URL may set the schema with `?options=-csearch_path%3Dname`.
    pub async fn connect(url: &str) -> Result<PostgresStore, StoreError> {
        Self::connect_with_ca(url, std::env::var("COLLECTOR_DB_CA").ok().as_deref()).await
    }

    /// `connect`, trusting the root certificate(s) in the PEM file `ca` besides the system's.
    pub async fn connect_with_ca(url: &str, ca: Option<&str>) -> Result<PostgresStore, StoreError> {
        let tls = tls_connector(ca)?;
        let client = open(url, &tls).await?;
        client.batch_execute(SCHEMA).await?;
        drop(client);
        let mut connections = Vec::with_capacity(CONNECTIONS);
        for _ in 0..CONNECTIONS {
            connections.push(RwLock::new(connect(url, &tls).await?));
        }
        let store = PostgresStore {
            url: url.to_string(),
            tls,
            connections,
            next: AtomicUsize::new(0),
            dirty: AtomicBool::new(true),
        };
        super::Store::tidy(&store).await?;
        Ok(store)
    }

    /// The next connection in turn, connected again if the server closed it.
    async fn connection(&self) -> Result<RwLockReadGuard<'_, Connection>, StoreError> {
        let slot = &self.connections[self.next.fetch_add(1, Ordering::Relaxed) % CONNECTIONS];
        {
            let conn = slot.read().await;
            if !conn.client.is_closed() {
                return Ok(conn);
            }
        }
        let mut conn = slot.write().await;
        if conn.client.is_closed() {
            *conn = connect(&self.url, &self.tls).await?;
        }
        Ok(conn.downgrade())
    }
}

impl super::Store for PostgresStore {
    async fn insert(&self, r: StoredRecord) -> Result<Inserted, StoreError> {
        let conn = self.connection().await?;
        let c = &conn.client;
        let outcome = match &r {
            StoredRecord::Full { id, kind, week, wijk, body } => {
                if c.query_opt(&conn.existing_urgent, &[id]).await?.is_some() {
                    Inserted::IdTaken
                } else if c.execute(&conn.insert, &[id, kind, week, wijk, body]).await? == 1 {
                    Inserted::Stored
                } else {
                    match c.query_opt(&conn.existing, &[id]).await? {
                        Some(row) if row.get::<_, &str>(0) == body => Inserted::AlreadyStored,
                        _ => Inserted::IdTaken,
                    }
                }
            }
            StoredRecord::Urgent { id, quarter, source } => {
                if c.query_opt(&conn.existing, &[id]).await?.is_some() {
                    Inserted::IdTaken
                } else if c.execute(&conn.insert_urgent, &[id, quarter, source]).await? == 1 {
                    Inserted::Stored
                } else {
                    match c.query_opt(&conn.existing_urgent, &[id]).await? {
                        Some(row) if row.get::<_, &str>(0) == quarter && row.get::<_, &str>(1) == *source => {
                            Inserted::AlreadyStored
                        }
                        _ => Inserted::IdTaken,
                    }
                }
            }
        };
        if outcome == Inserted::Stored {
            self.dirty.store(true, Ordering::Relaxed);
        }
        Ok(outcome)
    }

    async fn bodies(&self) -> Result<Vec<String>, StoreError> {
        let conn = self.connection().await?;
        let rows = conn.client.query("SELECT body FROM records", &[]).await?;
        Ok(rows.iter().map(|row| row.get(0)).collect())
    }

    async fn count(&self) -> Result<u64, StoreError> {
        let conn = self.connection().await?;
        let row = conn.client.query_one("SELECT COUNT(*) FROM records", &[]).await?;
        Ok(row.get::<_, i64>(0) as u64)
    }

    async fn urgent_counts(&self) -> Result<Vec<UrgentCount>, StoreError> {
        let conn = self.connection().await?;
        let rows = conn
            .client
            .query(
                "SELECT quarter, source, COUNT(*) FROM urgent GROUP BY quarter, source ORDER BY quarter, source",
                &[],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|row| UrgentCount { quarter: row.get(0), source: row.get(1), count: row.get::<_, i64>(2) as u64 })
            .collect())
    }

    async fn make_urgent(&self, id: String, quarter: String, source: &'static str) -> Result<(), StoreError> {
        let mut client = open(&self.url, &self.tls).await?;
        let tx = client.transaction().await?;
        tx.execute(
            "INSERT INTO urgent (id, quarter, source) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING",
            &[&id, &quarter, &source],
        )
        .await?;
        tx.execute("DELETE FROM records WHERE id = $1", &[&id]).await?;
        tx.commit().await?;
        self.dirty.store(true, Ordering::Relaxed);
        Ok(())
    }

    async fn frozen(&self) -> Result<Vec<(String, String)>, StoreError> {
        let conn = self.connection().await?;
        let rows = conn.client.query("SELECT quarter, body FROM published ORDER BY quarter", &[]).await?;
        Ok(rows.iter().map(|row| (row.get(0), row.get(1))).collect())
    }

    async fn freeze(&self, quarter: String, body: String) -> Result<Inserted, StoreError> {
        let conn = self.connection().await?;
        let added = conn
            .client
            .execute(
                "INSERT INTO published (quarter, body) VALUES ($1, $2) ON CONFLICT (quarter) DO NOTHING",
                &[&quarter, &body],
            )
            .await?;
        Ok(if added == 1 { Inserted::Stored } else { Inserted::AlreadyStored })
    }

    async fn tidy(&self) -> Result<(), StoreError> {
        if !self.dirty.swap(false, Ordering::Relaxed) {
            return Ok(());
        }
        let mut client = open(&self.url, &self.tls).await?;
        let tx = client.transaction().await?;
        tx.batch_execute(REWRITE).await?;
        tx.commit().await.inspect_err(|_| self.dirty.store(true, Ordering::Relaxed))?;
        Ok(())
    }
}

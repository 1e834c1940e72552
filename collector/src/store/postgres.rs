//! PostgreSQL storage: a few connections used in turn (tokio-postgres pipelines the queries of
//! concurrent requests on each), reconnected when the server dropped one.

use super::{Inserted, StoreError, StoredRecord};
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::sync::{RwLock, RwLockReadGuard};
use tokio_postgres::{Client, NoTls, Statement};

const CONNECTIONS: usize = 4;

const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS records (
        id   TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        week TEXT NOT NULL,
        wijk TEXT,
        body TEXT NOT NULL
    );";

struct Connection {
    client: Client,
    insert: Statement,
    existing: Statement,
}

pub struct PostgresStore {
    url: String,
    connections: Vec<RwLock<Connection>>,
    next: AtomicUsize,
}

async fn connect(url: &str) -> Result<Connection, StoreError> {
    let (client, connection) = tokio_postgres::connect(url, NoTls).await?;
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            tracing::warn!("postgres connection closed: {e}");
        }
    });
    let insert = client
        .prepare(
            "INSERT INTO records (id, kind, week, wijk, body) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING",
        )
        .await?;
    let existing = client.prepare("SELECT body FROM records WHERE id = $1").await?;
    Ok(Connection { client, insert, existing })
}

impl PostgresStore {
    /// Connects, and creates the table if it is not there. The URL may set the schema with
    /// `?options=-csearch_path%3Dname`.
    pub async fn connect(url: &str) -> Result<PostgresStore, StoreError> {
        let (client, connection) = tokio_postgres::connect(url, NoTls).await?;
        let setup = tokio::spawn(connection);
        client.batch_execute(SCHEMA).await?;
        drop(client);
        let _ = setup.await;
        let mut connections = Vec::with_capacity(CONNECTIONS);
        for _ in 0..CONNECTIONS {
            connections.push(RwLock::new(connect(url).await?));
        }
        Ok(PostgresStore { url: url.to_string(), connections, next: AtomicUsize::new(0) })
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
            *conn = connect(&self.url).await?;
        }
        Ok(conn.downgrade())
    }
}

impl super::Store for PostgresStore {
    async fn insert(&self, r: StoredRecord) -> Result<Inserted, StoreError> {
        let conn = self.connection().await?;
        let added = conn.client.execute(&conn.insert, &[&r.id, &r.kind, &r.week, &r.wijk, &r.body]).await?;
        if added == 1 {
            return Ok(Inserted::Stored);
        }
        let row = conn.client.query_opt(&conn.existing, &[&r.id]).await?;
        Ok(match row {
            Some(row) if row.get::<_, &str>(0) == r.body => Inserted::AlreadyStored,
            _ => Inserted::IdTaken,
        })
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
}

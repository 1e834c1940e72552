//! SQLite storage. One writer thread owns the write connection and commits whatever inserts
//! are waiting in one transaction: with `synchronous=FULL` every acknowledged record is on
//! disk, and a burst of records costs one fsync instead of one each.

use super::{Inserted, StoreError, StoredRecord};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use tokio::sync::oneshot;

/// At most this many inserts share one transaction.
const MAX_BATCH: usize = 256;

const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS records (
        id   TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        week TEXT NOT NULL,
        wijk TEXT,
        body TEXT NOT NULL
    ) WITHOUT ROWID;";

type Reply = oneshot::Sender<Result<Inserted, StoreError>>;

pub struct SqliteStore {
    path: PathBuf,
    jobs: mpsc::Sender<(StoredRecord, Reply)>,
}

impl SqliteStore {
    /// Opens (or creates) the database file and starts its writer thread.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        let conn = Connection::open(path)?;
        // WAL: readers (the register) never wait for the writer. FULL: a commit is on disk.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(SCHEMA)?;
        let (jobs, queue) = mpsc::channel();
        std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || write_loop(conn, queue))
            .expect("spawn sqlite writer thread");
        Ok(SqliteStore { path: path.to_path_buf(), jobs })
    }

    fn read_connection(&self) -> Result<Connection, StoreError> {
        let conn = Connection::open_with_flags(&self.path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        Ok(conn)
    }

    async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> Result<T, StoreError> {
        let conn = self.read_connection()?;
        tokio::task::spawn_blocking(move || f(&conn).map_err(StoreError::from))
            .await
            .map_err(|_| StoreError::WorkerGone)?
    }
}

fn write_loop(mut conn: Connection, queue: mpsc::Receiver<(StoredRecord, Reply)>) {
    // Ends when the store (the only sender) is dropped.
    while let Ok(first) = queue.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        match insert_batch(&mut conn, &batch) {
            Ok(outcomes) => {
                for ((_, reply), outcome) in batch.into_iter().zip(outcomes) {
                    let _ = reply.send(Ok(outcome));
                }
            }
            Err(e) => {
                tracing::error!("sqlite batch of {} failed: {e}", batch.len());
                // rusqlite errors are not `Clone`: every waiting request gets the message.
                for (_, reply) in batch {
                    let _ = reply.send(Err(StoreError::Batch(e.to_string())));
                }
            }
        }
    }
}

fn insert_batch(conn: &mut Connection, batch: &[(StoredRecord, Reply)]) -> rusqlite::Result<Vec<Inserted>> {
    let tx = conn.transaction()?;
    let mut outcomes = Vec::with_capacity(batch.len());
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO records (id, kind, week, wijk, body) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (id) DO NOTHING",
        )?;
        let mut existing = tx.prepare_cached("SELECT body FROM records WHERE id = ?1")?;
        for (r, _) in batch {
            let outcome = if insert.execute(params![r.id, r.kind, r.week, r.wijk, r.body])? == 1 {
                Inserted::Stored
            } else {
                let body: Option<String> = existing.query_row([&r.id], |row| row.get(0)).optional()?;
                if body.as_deref() == Some(r.body.as_str()) {
                    Inserted::AlreadyStored
                } else {
                    Inserted::IdTaken
                }
            };
            outcomes.push(outcome);
        }
    }
    tx.commit()?;
    Ok(outcomes)
}

impl super::Store for SqliteStore {
    async fn insert(&self, record: StoredRecord) -> Result<Inserted, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.jobs.send((record, reply)).map_err(|_| StoreError::WorkerGone)?;
        answer.await.map_err(|_| StoreError::WorkerGone)?
    }

    async fn bodies(&self) -> Result<Vec<String>, StoreError> {
        self.read(|conn| {
            let mut stmt = conn.prepare("SELECT body FROM records")?;
            let rows = stmt.query_map([], |row| row.get(0))?;
            rows.collect()
        })
        .await
    }

    async fn count(&self) -> Result<u64, StoreError> {
        self.read(|conn| conn.query_row("SELECT COUNT(*) FROM records", [], |row| row.get::<_, i64>(0)))
            .await
            .map(|n| n as u64)
    }
}

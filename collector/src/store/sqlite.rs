//! SQLite storage. One writer thread owns the write connection and commits whatever inserts
//! are waiting in one transaction: with `synchronous=FULL` every acknowledged record is on
//! disk, and a burst of records costs one fsync instead of one each.

use super::{Inserted, StoreError, StoredRecord, UrgentCount};
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
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS urgent (
        id      TEXT PRIMARY KEY,
        quarter TEXT NOT NULL,
        source  TEXT NOT NULL DEFAULT 'app'
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS published (
        quarter TEXT PRIMARY KEY,
        body    TEXT NOT NULL
    ) WITHOUT ROWID;";

type Reply = oneshot::Sender<Result<Inserted, StoreError>>;

/// What the writer thread does.
enum Job {
    Insert(StoredRecord),
    MakeUrgent { id: String, quarter: String, source: &'static str },
    Freeze { quarter: String, body: String },
}

pub struct SqliteStore {
    path: PathBuf,
    jobs: mpsc::Sender<(Job, Reply)>,
}

impl SqliteStore {
    /// Opens (or creates) the database file and starts its writer thread.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        let conn = Connection::open(path)?;
        // WAL: readers (the register) never wait for the writer. FULL: a commit is on disk.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        // A deleted row (a record turned into an urgent signal) is overwritten, not left behind.
        conn.pragma_update(None, "secure_delete", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(SCHEMA)?;
        // A database of a collector from before team registrations: its urgent signals all came
        // from the app.
        let has_source: bool =
            conn.query_row("SELECT COUNT(*) FROM pragma_table_info('urgent') WHERE name = 'source'", [], |row| {
                row.get::<_, i64>(0).map(|n| n > 0)
            })?;
        if !has_source {
            conn.execute_batch("ALTER TABLE urgent ADD COLUMN source TEXT NOT NULL DEFAULT 'app'")?;
        }
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

fn write_loop(mut conn: Connection, queue: mpsc::Receiver<(Job, Reply)>) {
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

fn insert_batch(conn: &mut Connection, batch: &[(Job, Reply)]) -> rusqlite::Result<Vec<Inserted>> {
    let tx = conn.transaction()?;
    let mut outcomes = Vec::with_capacity(batch.len());
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO records (id, kind, week, wijk, body) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (id) DO NOTHING",
        )?;
        let mut existing = tx.prepare_cached("SELECT body FROM records WHERE id = ?1")?;
        let mut insert_urgent = tx.prepare_cached(
            "INSERT INTO urgent (id, quarter, source) VALUES (?1, ?2, ?3) ON CONFLICT (id) DO NOTHING",
        )?;
        let mut existing_urgent = tx.prepare_cached("SELECT quarter, source FROM urgent WHERE id = ?1")?;
        for (job, _) in batch {
            let outcome = match job {
                Job::Insert(StoredRecord::Full { id, kind, week, wijk, body }) => {
                    if existing_urgent.query_row([id], |_| Ok(())).optional()?.is_some() {
                        Inserted::IdTaken
                    } else if insert.execute(params![id, kind, week, wijk, body])? == 1 {
                        Inserted::Stored
                    } else {
                        let stored: Option<String> = existing.query_row([id], |row| row.get(0)).optional()?;
                        if stored.as_deref() == Some(body.as_str()) {
                            Inserted::AlreadyStored
                        } else {
                            Inserted::IdTaken
                        }
                    }
                }
                Job::Insert(StoredRecord::Urgent { id, quarter, source }) => {
                    if existing.query_row([id], |_| Ok(())).optional()?.is_some() {
                        Inserted::IdTaken
                    } else if insert_urgent.execute(params![id, quarter, source])? == 1 {
                        Inserted::Stored
                    } else {
                        let stored: Option<(String, String)> =
                            existing_urgent.query_row([id], |row| Ok((row.get(0)?, row.get(1)?))).optional()?;
                        if stored.as_ref().is_some_and(|(q, s)| q == quarter && s == source) {
                            Inserted::AlreadyStored
                        } else {
                            Inserted::IdTaken
                        }
                    }
                }
                Job::MakeUrgent { id, quarter, source } => {
                    insert_urgent.execute(params![id, quarter, source])?;
                    tx.execute("DELETE FROM records WHERE id = ?1", [id])?;
                    Inserted::Stored
                }
                Job::Freeze { quarter, body } => {
                    let added = tx.execute(
                        "INSERT INTO published (quarter, body) VALUES (?1, ?2) ON CONFLICT (quarter) DO NOTHING",
                        params![quarter, body],
                    )?;
                    if added == 1 {
                        Inserted::Stored
                    } else {
                        Inserted::AlreadyStored
                    }
                }
            };
            outcomes.push(outcome);
        }
    }
    tx.commit()?;
    Ok(outcomes)
}

impl SqliteStore {
    async fn write(&self, job: Job) -> Result<Inserted, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.jobs.send((job, reply)).map_err(|_| StoreError::WorkerGone)?;
        answer.await.map_err(|_| StoreError::WorkerGone)?
    }
}

impl super::Store for SqliteStore {
    async fn insert(&self, record: StoredRecord) -> Result<Inserted, StoreError> {
        self.write(Job::Insert(record)).await
    }

    async fn make_urgent(&self, id: String, quarter: String, source: &'static str) -> Result<(), StoreError> {
        self.write(Job::MakeUrgent { id, quarter, source }).await.map(|_| ())
    }

    async fn freeze(&self, quarter: String, body: String) -> Result<Inserted, StoreError> {
        self.write(Job::Freeze { quarter, body }).await
    }

    async fn urgent_counts(&self) -> Result<Vec<UrgentCount>, StoreError> {
        self.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT quarter, source, COUNT(*) FROM urgent GROUP BY quarter, source ORDER BY quarter, source",
            )?;
            let rows = stmt.query_map([], |row| {
                Ok(UrgentCount { quarter: row.get(0)?, source: row.get(1)?, count: row.get::<_, i64>(2)? as u64 })
            })?;
            rows.collect()
        })
        .await
    }

    async fn frozen(&self) -> Result<Vec<(String, String)>, StoreError> {
        self.read(|conn| {
            let mut stmt = conn.prepare("SELECT quarter, body FROM published ORDER BY quarter")?;
            let rows = stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
            rows.collect()
        })
        .await
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

//! Where records are kept: SQLite (a file; the default) or PostgreSQL (a `postgres://` URL).
//!
//! A stored row is the record's id, kind, week, wijk and its canonical JSON — nothing else: no
//! time of arrival, no address, no order of arrival that means anything (SQLite keys the table
//! by the random id).

mod postgres;
mod sqlite;

pub use postgres::PostgresStore;
pub use sqlite::SqliteStore;

use std::future::Future;
use wijkpeil::register::Record;

/// One accepted record as it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRecord {
    pub id: String,
    pub kind: &'static str,
    pub week: String,
    pub wijk: Option<String>,
    /// `record.to_json()` as text: the same record always gives the same text.
    pub body: String,
}

impl StoredRecord {
    pub fn new(record: &Record) -> StoredRecord {
        StoredRecord {
            id: record.id().to_string(),
            kind: record.kind(),
            week: record.week().to_string(),
            wijk: record.wijk().map(str::to_string),
            body: record.to_json().to_string(),
        }
    }
}

/// What happened to a record sent to the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inserted {
    /// New: stored now.
    Stored,
    /// The same record was stored before (an outbox sending it again).
    AlreadyStored,
    /// Another record already has this id.
    IdTaken,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("sqlite: {0}")]
    Batch(String),
    #[error("postgres: {0}")]
    Postgres(#[from] tokio_postgres::Error),
    #[error("the storage worker stopped")]
    WorkerGone,
}

/// The storage the collector needs; both backends pass the same tests.
pub trait Store: Send + Sync + 'static {
    /// Stores a record unless its id is taken; durable when it returns `Stored`.
    fn insert(&self, record: StoredRecord) -> impl Future<Output = Result<Inserted, StoreError>> + Send;

    /// The canonical JSON of every stored record, for the register.
    fn bodies(&self) -> impl Future<Output = Result<Vec<String>, StoreError>> + Send;

    /// How many records are stored.
    fn count(&self) -> impl Future<Output = Result<u64, StoreError>> + Send;
}

/// The store a `--db` value names: a PostgreSQL URL, else an SQLite file path.
pub fn is_postgres_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

//! Where records are kept: SQLite (a file; the default) or PostgreSQL (a `postgres://` URL).
//!
//! A stored row is the record's id, kind, week, wijk and its canonical JSON — nothing else: no
//! time of arrival, no address, no order of arrival that means anything (SQLite keys the table
//! by the random id; PostgreSQL rewrites its table in id order). An urgent signal is kept as
//! its id, quarter and source (`app` or `team`) only (table `urgent`), and every published quarter as the JSON it was
//! published as (table `published`), so that it never changes.

mod postgres;
mod sqlite;

pub use postgres::PostgresStore;
pub use sqlite::SqliteStore;

pub use crate::aggregate::UrgentCount;
use std::future::Future;
use wijkpeil_wire::Record;

/// One accepted record as it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoredRecord {
    /// A record as it is: id, kind, week, wijk and its canonical JSON.
    Full {
        id: String,
        kind: &'static str,
        week: String,
        wijk: Option<String>,
        /// `record.to_json()` as text: the same record always gives the same text.
        body: String,
    },
    /// An urgent signal (a fit check that answered yes to an urgent question): its id, so a
    /// record sent twice counts once, its quarter, and whether a person sent it (`app`) or a
    /// team registered it (`team`), which the register counts apart — no wijk, week, answers,
    /// channel or team.
    Urgent { id: String, quarter: String, source: &'static str },
}

impl StoredRecord {
    pub fn new(record: &Record) -> StoredRecord {
        StoredRecord::Full {
            id: record.id().to_string(),
            kind: record.kind(),
            week: record.week().unwrap_or_default().to_string(),
            wijk: record.wijk().map(str::to_string),
            body: record.to_json().to_string(),
        }
    }

    /// What is kept of an urgent signal.
    pub fn urgent(record: &Record) -> StoredRecord {
        StoredRecord::Urgent {
            id: record.id().to_string(),
            quarter: record.quarter(),
            source: crate::aggregate::urgent_source(record),
        }
    }

    pub fn id(&self) -> &str {
        match self {
            StoredRecord::Full { id, .. } | StoredRecord::Urgent { id, .. } => id,
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
    #[error("postgres tls: {0}")]
    Tls(String),
    #[error("the storage worker stopped")]
    WorkerGone,
}

/// The storage the collector needs; both backends pass the same tests.
pub trait Store: Send + Sync + 'static {
    /// Stores a record unless its id is taken; durable when it returns `Stored`.
    fn insert(&self, record: StoredRecord) -> impl Future<Output = Result<Inserted, StoreError>> + Send;

    /// The canonical JSON of every stored record, for the register.
    fn bodies(&self) -> impl Future<Output = Result<Vec<String>, StoreError>> + Send;

    /// How many records are stored (urgent signals not included).
    fn count(&self) -> impl Future<Output = Result<u64, StoreError>> + Send;

    /// Urgent signals per quarter and source.
    fn urgent_counts(&self) -> impl Future<Output = Result<Vec<UrgentCount>, StoreError>> + Send;

    /// Turns a stored record into an urgent signal (id, quarter and source only): for records
    /// stored before urgent signals were kept apart.
    fn make_urgent(
        &self,
        id: String,
        quarter: String,
        source: &'static str,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The published quarters, each as the JSON it was first published as.
    fn frozen(&self) -> impl Future<Output = Result<Vec<(String, String)>, StoreError>> + Send;

    /// Keeps a quarter's published figures for good: `Stored`, or `AlreadyStored` when the
    /// quarter was frozen before (that version stays).
    fn freeze(&self, quarter: String, body: String) -> impl Future<Output = Result<Inserted, StoreError>> + Send;

    /// Housekeeping that hides arrival order (PostgreSQL: rewrites the tables in id order).
    fn tidy(&self) -> impl Future<Output = Result<(), StoreError>> + Send {
        async { Ok(()) }
    }
}

/// The store a `--db` value names: a PostgreSQL URL, else an SQLite file path.
pub fn is_postgres_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

//! Thin adapters to the browser: storage, fetch, downloads, the address bar, the clock,
//! the speech synthesis.
//! Each returns typed errors to its caller; none of them panics.

pub mod download;
pub mod drafts;
pub mod durable;
pub mod early;
pub mod fetch;
pub mod idb;
pub mod maps;
pub mod outbox;
pub mod page;
pub mod speech;
pub mod storage;

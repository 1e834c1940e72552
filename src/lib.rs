//! Wijkpeil: pure logic (`engine`, `config`, `storage_format`, `i18n`, `fit_check`, `self_check`,
//! `follow_up`, …) is free of web-sys and signals and tested natively; `ui` and `web` are the thin
//! browser layer on top.
pub mod backup;
pub mod civil_date;
pub mod config;
pub mod desk;
pub mod dossier;
pub mod engine;
pub mod fit_check;
pub mod follow_up;
pub mod i18n;
pub mod id_list;
pub mod objection;
pub mod opening_hours;
pub mod outbox;
pub mod passphrase;
pub mod read_aloud;
pub mod register;
pub mod route;
pub mod self_check;
pub mod small_collections;
pub mod storage;
pub mod storage_format;
pub mod vault;

#[cfg(target_arch = "wasm32")]
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod web;

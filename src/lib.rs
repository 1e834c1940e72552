//! Wijkpeil: pure logic (`engine`, `config`, `storage_format`, `i18n`) is free of web-sys and
//! signals and tested natively; `ui` and `web` are the thin browser layer on top.
pub mod config;
pub mod engine;
pub mod fit_check;
pub mod i18n;
pub mod opening_hours;
pub mod register;
pub mod route;
pub mod storage_format;

#[cfg(target_arch = "wasm32")]
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod web;

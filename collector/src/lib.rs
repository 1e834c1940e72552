//! The Wijkpeil collector: receives optional anonymous register records (format:
//! `wijkpeil_wire`, the record format shared with the app) and publishes the register per wijk with small cells suppressed.
pub mod aggregate;
pub mod api;
#[cfg(test)]
mod attack;
pub mod rate_limit;
pub mod render;
pub mod server;
pub mod settings;
pub mod store;
pub mod suppression;
pub mod team_keys;

//! The wire format of Wijkpeil's anonymous register, defined once for the app (which builds and
//! sends records) and the collector (which accepts them and publishes the register).
//!
//! - [`record`]: the record formats (2, and 1 still read), their allow-lists and the parser;
//! - [`calendar`]: day numbers, ISO weeks and quarters, the only times a record carries;
//! - [`codes`]: the codes a municipality's `gemeente.json` allows (wijken, partner outcomes);
//! - [`team_key`]: the shape of the key a team sends with the questions it registers.
//!
//! No I/O, no clock: the caller passes today's date where one is needed.

pub mod calendar;
pub mod codes;
pub mod record;
pub mod team_key;

pub use calendar::*;
pub use codes::{parse_record_in, ConfigCodes};
pub use record::*;
pub use team_key::*;

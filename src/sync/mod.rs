//! The sync engine: `incoming` turns what connectors parsed into store rows (pure); `engine`
//! fetches a feed and writes a round atomically; `run` schedules rounds for `sync --once/--watch`
//! and for the dashboard.

mod alarm_rounds;
mod cap_index;
pub mod engine;
pub mod incoming;
mod open311;
pub mod run;
mod writing;

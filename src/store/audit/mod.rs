//! The audit log: who did what, when, with the record before and after. Rows are chained by an
//! HMAC-SHA256 keyed with the service account's audit key (see `audit_key`), so an edit, a
//! deletion or a chain rebuilt with plain SHA-256 behind the program's back is detected by
//! `anjian audit verify`, which names the first row that no longer fits. Deleting the newest rows
//! leaves a shorter chain that still fits: an anchor (row count and head MAC, `anjian audit
//! anchor`) kept outside the database catches that.
//!
//! Databases from before the keyed chain kept a plain SHA-256 chain. When such a database is first
//! opened with a key, the old chain is verified once and the keyed chain continues from that row
//! (the boundary), recorded with its own MAC together with what the old chain's check found.

mod boundary;
mod chain;
#[cfg(test)]
mod tests;
mod verify;

pub use boundary::{Boundary, boundary};
pub(super) use boundary::{boundary_missing, key_missing, start_keyed_chain};
pub(super) use chain::append;
pub use chain::{Entry, append_legacy};
pub use verify::{Anchor, Report, Verdict, anchor, verify};

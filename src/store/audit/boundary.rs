//! Where the keyed chain starts: recorded once, when a database is first opened with a key (a
//! new one, or one from before the keyed chain, whose plain chain is checked then), and kept with
//! a MAC of its own.

use super::super::audit_key::AuditKey;
use super::super::{Result, StoreError};
use super::chain::{GENESIS, Walk, walk};
use rusqlite::{Connection, OptionalExtension, params};

/// Where the keyed chain starts, as recorded when the database was first opened with a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Boundary {
    /// The last row of the plain chain (0: the chain was keyed from its first row).
    pub row: i64,
    pub head: String,
    /// What the one check of the plain chain found ("intact", or where it was broken).
    pub legacy: String,
    pub at: String,
    pub mac: String,
}

pub fn boundary_mac(key: &AuditKey, row: i64, head: &str, legacy: &str, at: &str) -> String {
    key.mac(&["anjian audit boundary", &row.to_string(), head, legacy, at])
}

pub fn boundary(conn: &Connection) -> Result<Option<Boundary>> {
    Ok(conn
        .query_row("SELECT row, head, legacy, at, mac FROM audit_chain WHERE id = 1", [], |r| {
            Ok(Boundary { row: r.get(0)?, head: r.get(1)?, legacy: r.get(2)?, at: r.get(3)?, mac: r.get(4)? })
        })
        .optional()?)
}

/// Records the boundary if the database has none yet (a new database, or the first open of one
/// from before the keyed chain), checking the plain chain once. Runs in the caller's write
/// transaction, so two processes opening the same old database record it once.
/// Returns the boundary row when this call recorded it, `None` when it was there already.
pub(in crate::store) fn start_keyed_chain(conn: &Connection, key: &AuditKey, at: &str) -> Result<Option<i64>> {
    if boundary(conn)?.is_some() {
        return Ok(None);
    }
    let (legacy, row, head) = match walk(conn, None, 0, GENESIS, i64::MAX)? {
        Walk::Intact { rows, head } => ("intact".to_string(), rows, head),
        Walk::Broken { id, reason } => {
            let (rows, head): (i64, String) = conn.query_row(
                "SELECT COALESCE(max(id), 0), COALESCE((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), ?1) FROM audit_log",
                [GENESIS],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            (format!("broken at row {id} before the upgrade: {reason}"), rows, head)
        }
    };
    let m = boundary_mac(key, row, &head, &legacy, at);
    conn.execute(
        "INSERT INTO audit_chain (id, row, head, legacy, at, mac) VALUES (1, ?1, ?2, ?3, ?4, ?5)",
        params![row, head, legacy, at, m],
    )?;
    Ok(Some(row))
}

/// `StoreError` for a database whose record of the keyed chain's start was deleted.
pub(in crate::store) fn boundary_missing(db: &std::path::Path) -> StoreError {
    StoreError::Refused(format!(
        "database {}: its audit log has rows and it has an audit key, but the record of where its keyed \
         chain starts is gone (deleted outside anjian); the log cannot be vouched for. Restore the last \
         backup; if an upgrade to this version was interrupted just now, move the audit key aside and \
         open the database again",
        db.display()
    ))
}

/// `StoreError` for a database whose keyed chain has lost its key.
pub(in crate::store) fn key_missing(db: &std::path::Path, key: &std::path::Path) -> StoreError {
    StoreError::Refused(format!(
        "database {}: its audit log is keyed, but the audit key {} is missing; restore the key from where \
         keys are kept (without it the log can be neither continued nor checked)",
        db.display(),
        key.display()
    ))
}

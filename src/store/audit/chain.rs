//! The chain's links: how a row is linked to the one before it (keyed, or the plain SHA-256 of
//! databases from before the audit key), how a row is appended, and the walk that checks a run of
//! rows link by link.

use super::super::Result;
use super::super::audit_key::{AuditKey, hex};
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

pub struct Entry<'a> {
    pub at: &'a str,
    pub operator: &'a str,
    pub action: &'a str,
    pub entity: &'a str,
    pub record: &'a str,
    pub before: Option<String>,
    pub after: Option<String>,
}

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

fn parts<'a>(id: &'a str, prev: &'a str, e: &'a Entry<'_>) -> [&'a str; 9] {
    [
        id,
        prev,
        e.at,
        e.operator,
        e.action,
        e.entity,
        e.record,
        e.before.as_deref().unwrap_or("\u{0}"),
        e.after.as_deref().unwrap_or("\u{0}"),
    ]
}

/// The keyed link of a row.
pub fn mac(key: &AuditKey, id: i64, prev: &str, e: &Entry<'_>) -> String {
    let id = id.to_string();
    key.mac(&parts(&id, prev, e))
}

/// The plain SHA-256 link of the chain before the boundary (anyone could compute it).
pub fn legacy_hash(id: i64, prev: &str, e: &Entry<'_>) -> String {
    let id = id.to_string();
    let mut h = Sha256::new();
    for part in parts(&id, prev, e) {
        h.update(part.as_bytes());
        h.update([0xff]);
    }
    hex(&h.finalize())
}

pub(in crate::store) fn append(conn: &Connection, key: &AuditKey, e: &Entry<'_>) -> Result<()> {
    let last: Option<(i64, String)> = conn
        .prepare_cached("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (id, prev) = match last {
        Some((id, h)) => (id + 1, h),
        None => (1, GENESIS.to_string()),
    };
    let h = mac(key, id, &prev, e);
    conn.prepare_cached(
        "INSERT INTO audit_log (id, at, operator, action, entity, record, before, after, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![id, e.at, e.operator, e.action, e.entity, e.record, e.before, e.after, prev, h])?;
    Ok(())
}

pub enum Walk {
    Intact { rows: i64, head: String },
    Broken { id: i64, reason: String },
}

/// Walks rows after `from` (whose link is `prev`) up to `until`, keyed when `key` is given, plain
/// otherwise (the plain walk stops at the boundary of a keyed database).
pub fn walk(conn: &Connection, key: Option<&AuditKey>, from: i64, prev: &str, until: i64) -> Result<Walk> {
    let mut stmt = conn.prepare(
        "SELECT id, at, operator, action, entity, record, before, after, prev_hash, hash FROM audit_log
         WHERE id > ?1 AND id <= ?2 ORDER BY id",
    )?;
    let mut rows = stmt.query([from, until])?;
    let mut expected_prev = prev.to_string();
    let mut expected_id = from + 1;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let (at, operator, action, entity, record): (String, String, String, String, String) =
            (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?);
        let (before, after): (Option<String>, Option<String>) = (r.get(6)?, r.get(7)?);
        let (prev, stored): (String, String) = (r.get(8)?, r.get(9)?);
        if id != expected_id {
            return Ok(Walk::Broken { id, reason: format!("row {expected_id} is missing (deleted)") });
        }
        if prev != expected_prev {
            return Ok(Walk::Broken {
                id,
                reason: "its link to the previous row is broken (a row was deleted or edited)".into(),
            });
        }
        let e =
            Entry { at: &at, operator: &operator, action: &action, entity: &entity, record: &record, before, after };
        let ok = match key {
            Some(k) => mac(k, id, &prev, &e) == stored,
            None => legacy_hash(id, &prev, &e) == stored,
        };
        if !ok {
            return Ok(Walk::Broken {
                id,
                reason: if key.is_some() {
                    "its content does not match its MAC (the row was edited, or the chain rebuilt without the audit key)"
                        .into()
                } else {
                    "its content does not match its hash (the row was edited)".into()
                },
            });
        }
        expected_prev = stored;
        expected_id += 1;
    }
    Ok(Walk::Intact { rows: expected_id - 1, head: expected_prev })
}

/// For tests of old databases: appends a row linked the way the plain chain did.
#[doc(hidden)]
pub fn append_legacy(conn: &Connection, e: &Entry<'_>) -> Result<()> {
    let last: Option<(i64, String)> = conn
        .query_row("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (id, prev) = last.map(|(i, h)| (i + 1, h)).unwrap_or((1, GENESIS.to_string()));
    let h = legacy_hash(id, &prev, e);
    conn.execute(
        "INSERT INTO audit_log (id, at, operator, action, entity, record, before, after, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![id, e.at, e.operator, e.action, e.entity, e.record, e.before, e.after, prev, h],
    )?;
    Ok(())
}

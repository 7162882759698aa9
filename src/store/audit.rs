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

use super::audit_key::{AuditKey, hex};
use super::{Result, StoreError};
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

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

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
fn mac(key: &AuditKey, id: i64, prev: &str, e: &Entry<'_>) -> String {
    let id = id.to_string();
    key.mac(&parts(&id, prev, e))
}

/// The plain SHA-256 link of the chain before the boundary (anyone could compute it).
fn legacy_hash(id: i64, prev: &str, e: &Entry<'_>) -> String {
    let id = id.to_string();
    let mut h = Sha256::new();
    for part in parts(&id, prev, e) {
        h.update(part.as_bytes());
        h.update([0xff]);
    }
    hex(&h.finalize())
}

pub(super) fn append(conn: &Connection, key: &AuditKey, e: &Entry<'_>) -> Result<()> {
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

fn boundary_mac(key: &AuditKey, row: i64, head: &str, legacy: &str, at: &str) -> String {
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
pub(super) fn start_keyed_chain(conn: &Connection, key: &AuditKey, at: &str) -> Result<Option<i64>> {
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

enum Walk {
    Intact { rows: i64, head: String },
    Broken { id: i64, reason: String },
}

/// Walks rows after `from` (whose link is `prev`) up to `until`, keyed when `key` is given, plain
/// otherwise (the plain walk stops at the boundary of a keyed database).
fn walk(conn: &Connection, key: Option<&AuditKey>, from: i64, prev: &str, until: i64) -> Result<Walk> {
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

/// A record of the log kept outside the database: how many rows there were and the newest row's
/// MAC, written `ROWS:MAC`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub rows: i64,
    pub mac: String,
}

impl std::fmt::Display for Anchor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.rows, self.mac)
    }
}

impl std::str::FromStr for Anchor {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Anchor, String> {
        let bad = || format!("\"{s}\" is not an anchor; write it as `anjian audit anchor` prints it (ROWS:MAC)");
        let (n, m) = s.trim().split_once(':').ok_or_else(bad)?;
        let rows: i64 = n.parse().map_err(|_| bad())?;
        if rows < 0 || m.len() != 64 || !m.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(bad());
        }
        Ok(Anchor { rows, mac: m.to_ascii_lowercase() })
    }
}

/// The anchor of the log as it stands.
pub fn anchor(conn: &Connection) -> Result<Anchor> {
    let (rows, mac): (i64, String) = conn.query_row(
        "SELECT COALESCE(max(id), 0), COALESCE((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), ?1) FROM audit_log",
        [GENESIS],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(Anchor { rows, mac })
}

#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Intact { rows: i64 },
    Broken { id: i64, reason: String },
}

/// What `audit verify` found: the chain, the boundary, the anchor and the audited tables.
#[derive(Debug, PartialEq, Eq)]
pub struct Report {
    pub chain: Verdict,
    pub boundary: Option<Boundary>,
    /// Tables that differ from what the log says (operators, roles, scopes, PINs, stations).
    pub drift: Vec<String>,
}

impl Report {
    pub fn intact(&self) -> bool {
        matches!(self.chain, Verdict::Intact { .. }) && self.drift.is_empty()
    }
}

/// Walks the whole chain (plain up to the boundary, keyed after it), checks the boundary record,
/// the anchor if one is given, and the audited tables against the log.
pub fn verify(conn: &Connection, key: &AuditKey, anchor: Option<&Anchor>) -> Result<Report> {
    let b = boundary(conn)?;
    let chain = chain_verdict(conn, key, b.as_ref(), anchor)?;
    let drift = if matches!(chain, Verdict::Intact { .. }) { super::audited_state::drift(conn)? } else { Vec::new() };
    Ok(Report { chain, boundary: b, drift })
}

fn chain_verdict(conn: &Connection, key: &AuditKey, b: Option<&Boundary>, anchor: Option<&Anchor>) -> Result<Verdict> {
    let (from, prev) = match b {
        None => (0, GENESIS.to_string()),
        Some(b) => {
            if boundary_mac(key, b.row, &b.head, &b.legacy, &b.at) != b.mac {
                return Ok(Verdict::Broken {
                    id: b.row,
                    reason: "the record of where the keyed chain starts was changed (or this is not the database's audit key)"
                        .into(),
                });
            }
            if b.legacy != "intact" {
                return Ok(Verdict::Broken {
                    id: b.row,
                    reason: format!("the chain before the audit key was {}", b.legacy),
                });
            }
            if b.row > 0 {
                match walk(conn, None, 0, GENESIS, b.row)? {
                    Walk::Intact { head, .. } if head == b.head => {}
                    Walk::Intact { rows, .. } => {
                        return Ok(Verdict::Broken {
                            id: rows.min(b.row),
                            reason: "the rows before the audit key no longer end where they did at the upgrade".into(),
                        });
                    }
                    Walk::Broken { id, reason } => return Ok(Verdict::Broken { id, reason }),
                }
            }
            (b.row, b.head.clone())
        }
    };
    let rows = match walk(conn, Some(key), from, &prev, i64::MAX)? {
        Walk::Broken { id, reason } => return Ok(Verdict::Broken { id, reason }),
        Walk::Intact { rows, .. } => rows,
    };
    if let Some(a) = anchor {
        if rows < a.rows {
            return Ok(Verdict::Broken {
                id: rows + 1,
                reason: format!(
                    "the log ends at row {rows}, but the anchor recorded {} rows: the newest rows were deleted",
                    a.rows
                ),
            });
        }
        let at_anchor: Option<String> = if a.rows == 0 {
            Some(GENESIS.to_string())
        } else {
            conn.query_row("SELECT hash FROM audit_log WHERE id = ?1", [a.rows], |r| r.get(0)).optional()?
        };
        if at_anchor.as_deref() != Some(a.mac.as_str()) {
            return Ok(Verdict::Broken {
                id: a.rows,
                reason: "this row differs from the anchor: the log was rewritten since the anchor was taken".into(),
            });
        }
    }
    Ok(Verdict::Intact { rows })
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

/// `StoreError` for a database whose record of the keyed chain's start was deleted.
pub(super) fn boundary_missing(db: &std::path::Path) -> StoreError {
    StoreError::Refused(format!(
        "database {}: its audit log has rows and it has an audit key, but the record of where its keyed \
         chain starts is gone (deleted outside anjian); the log cannot be vouched for. Restore the last \
         backup; if an upgrade to this version was interrupted just now, move the audit key aside and \
         open the database again",
        db.display()
    ))
}

/// `StoreError` for a database whose keyed chain has lost its key.
pub(super) fn key_missing(db: &std::path::Path, key: &std::path::Path) -> StoreError {
    StoreError::Refused(format!(
        "database {}: its audit log is keyed, but the audit key {} is missing; restore the key from where \
         keys are kept (without it the log can be neither continued nor checked)",
        db.display(),
        key.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn store_with_rows(n: usize) -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut s = Store::open(&dir.path().join("a.db")).expect("open");
        for i in 0..n {
            s.write("王值班", |w| {
                w.audit("test.write", "unit", &i.to_string(), None, Some(&serde_json::json!({"i": i})))
            })
            .expect("write");
        }
        (dir, s)
    }

    fn check(s: &Store, anchor: Option<&Anchor>) -> Verdict {
        verify(s.conn(), s.audit_key(), anchor).expect("verify").chain
    }

    #[test]
    fn intact_chain_verifies() {
        let (_d, s) = store_with_rows(5);
        assert_eq!(check(&s, None), Verdict::Intact { rows: 5 });
        let b = boundary(s.conn()).expect("b").expect("recorded at creation");
        assert_eq!((b.row, b.legacy.as_str()), (0, "intact"));
    }

    #[test]
    fn edited_and_deleted_rows_are_named() {
        let (_d, s) = store_with_rows(5);
        // The triggers stop casual edits; someone determined drops them first, as with the sqlite3 shell.
        s.conn().execute_batch("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;").expect("drop");
        s.conn().execute("UPDATE audit_log SET operator = 'x' WHERE id = 3", []).expect("edit");
        assert!(matches!(check(&s, None), Verdict::Broken { id: 3, .. }));
        s.conn().execute("UPDATE audit_log SET operator = '王值班' WHERE id = 3", []).expect("undo");
        s.conn().execute("DELETE FROM audit_log WHERE id = 2", []).expect("delete");
        match check(&s, None) {
            Verdict::Broken { id, reason } => {
                assert_eq!(id, 3);
                assert!(reason.contains("row 2 is missing"), "{reason}");
            }
            v => panic!("{v:?}"),
        }
    }

    #[test]
    fn a_chain_rebuilt_with_plain_sha256_is_caught_at_its_first_row() {
        let (_d, s) = store_with_rows(4);
        s.conn().execute_batch("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;").expect("drop");
        // Rewrite row 2 and recompute every link after it the way the old chain did.
        s.conn().execute("UPDATE audit_log SET operator = '别人' WHERE id = 2", []).expect("edit");
        type Row = (i64, String, String, String, String, String, Option<String>, Option<String>);
        let rows: Vec<Row> = s
            .conn()
            .prepare("SELECT id, at, operator, action, entity, record, before, after FROM audit_log ORDER BY id")
            .expect("p")
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?))
            })
            .expect("q")
            .collect::<rusqlite::Result<_>>()
            .expect("rows");
        let mut prev: String =
            s.conn().query_row("SELECT hash FROM audit_log WHERE id = 1", [], |r| r.get(0)).expect("h1");
        for (id, at, op, action, entity, record, before, after) in rows.into_iter().skip(1) {
            let e = Entry { at: &at, operator: &op, action: &action, entity: &entity, record: &record, before, after };
            let h = legacy_hash(id, &prev, &e);
            s.conn()
                .execute("UPDATE audit_log SET prev_hash = ?1, hash = ?2 WHERE id = ?3", params![prev, h, id])
                .expect("rechain");
            prev = h;
        }
        assert!(matches!(check(&s, None), Verdict::Broken { id: 2, .. }), "{:?}", check(&s, None));
    }

    #[test]
    fn an_anchor_catches_the_newest_rows_deleted() {
        let (_d, mut s) = store_with_rows(3);
        let a = anchor(s.conn()).expect("anchor");
        assert_eq!(a.rows, 3);
        assert_eq!(a.to_string().parse::<Anchor>(), Ok(a.clone()));
        s.write("x", |w| w.audit("test.more", "unit", "9", None, None)).expect("later row");
        assert_eq!(check(&s, Some(&a)), Verdict::Intact { rows: 4 }, "later rows do not matter");
        s.conn().execute_batch("DROP TRIGGER audit_log_no_delete;").expect("drop");
        s.conn().execute("DELETE FROM audit_log WHERE id >= 3", []).expect("truncate");
        assert_eq!(check(&s, None), Verdict::Intact { rows: 2 }, "a shorter chain still fits");
        match check(&s, Some(&a)) {
            Verdict::Broken { id: 3, reason } => assert!(reason.contains("newest rows were deleted"), "{reason}"),
            v => panic!("{v:?}"),
        }
        for bad in ["", "3", "x:y", "3:abc", "-1:0000000000000000000000000000000000000000000000000000000000000000"] {
            assert!(bad.parse::<Anchor>().is_err(), "{bad}");
        }
    }

    #[test]
    fn an_old_database_continues_keyed_from_a_recorded_boundary() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("old.db");
        drop(Store::open(&path).expect("create"));
        // Make it look like a database from before the keyed chain: plain rows, no boundary.
        {
            let c = Connection::open(&path).expect("raw");
            c.execute_batch(
                "DROP TRIGGER audit_chain_no_delete; DROP TRIGGER audit_chain_no_update; DELETE FROM audit_chain;",
            )
            .expect("no boundary");
            for i in 0..3 {
                let r = i.to_string();
                let e = Entry {
                    at: "2026-01-01T00:00:00+08:00",
                    operator: "老值班",
                    action: "old.write",
                    entity: "unit",
                    record: &r,
                    before: None,
                    after: None,
                };
                append_legacy(&c, &e).expect("legacy row");
            }
        }
        std::fs::remove_file(crate::store::audit_key::path_for(&path)).expect("no key yet");
        let mut s = Store::open(&path).expect("upgrade");
        let b = boundary(s.conn()).expect("b").expect("boundary");
        assert_eq!((b.row, b.legacy.as_str()), (3, "intact"));
        s.write("新值班", |w| w.audit("new.write", "unit", "4", None, None)).expect("keyed row");
        let r = verify(s.conn(), s.audit_key(), None).expect("verify");
        assert_eq!(r.chain, Verdict::Intact { rows: 5 }, "3 plain rows, the snapshot and a keyed one");
        // Editing a plain row is still caught, and so is moving the boundary.
        s.conn().execute_batch("DROP TRIGGER audit_log_no_update;").expect("drop");
        s.conn().execute("UPDATE audit_log SET operator = 'x' WHERE id = 2", []).expect("edit");
        assert!(matches!(check(&s, None), Verdict::Broken { id: 2, .. }));
        s.conn().execute("UPDATE audit_log SET operator = '老值班' WHERE id = 2", []).expect("undo");
        s.conn().execute("UPDATE audit_chain SET row = 5", []).expect("move (its triggers were dropped above)");
        assert!(matches!(check(&s, None), Verdict::Broken { reason, .. } if reason.contains("was changed")));
    }

    #[test]
    fn triggers_refuse_edits_through_the_program() {
        let (_d, s) = store_with_rows(1);
        let err = s.conn().execute("UPDATE audit_log SET operator = 'x'", []).expect_err("refused");
        assert!(err.to_string().contains("append-only"));
    }
}

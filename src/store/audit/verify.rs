//! `anjian audit verify` and `anjian audit anchor`: the whole chain walked (plain up to the
//! boundary, keyed after it), the boundary's own MAC, an anchor kept outside the database, and the
//! audited tables against the log.

use super::super::Result;
use super::super::audit_key::AuditKey;
use super::boundary::{Boundary, boundary, boundary_mac};
use super::chain::{GENESIS, Walk, walk};
use rusqlite::{Connection, OptionalExtension};

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
    let drift =
        if matches!(chain, Verdict::Intact { .. }) { super::super::audited_state::drift(conn)? } else { Vec::new() };
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

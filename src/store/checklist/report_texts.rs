//! What the office writes into a quarter's report beside its figures (the drafted sections, with
//! the version each was read at) and the record of each compiled file with its hash.

use crate::domain::calendar::Quarter;
use crate::store::{Result, StoreError, Writer};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

/// The office's own text for a part of a quarter's report ("problems", "next_quarter"), and its
/// version (0 when nothing has been written yet).
pub fn draft(conn: &Connection, quarter: Quarter, part: &str) -> Result<(String, i64)> {
    Ok(conn
        .query_row(
            "SELECT body, version FROM report_draft WHERE quarter = ?1 AND part = ?2",
            params![quarter.label(), part],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .unwrap_or_default())
}

/// Saves a report section's text if nobody else saved it since `expected_version` was read.
pub fn save_draft(w: &mut Writer<'_>, quarter: Quarter, part: &str, body: &str, expected_version: i64) -> Result<i64> {
    let label = quarter.label();
    let found: Option<(i64, String, String, String)> =
        w.tx.query_row(
            "SELECT version, body, updated_by, updated_at FROM report_draft WHERE quarter = ?1 AND part = ?2",
            params![label, part],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    if found.as_ref().map(|f| f.0).unwrap_or(0) != expected_version {
        let (by, at) = found.map(|f| (f.2, f.3)).unwrap_or_default();
        return Err(StoreError::Conflict {
            entity: "report section".into(),
            record: format!("{label}/{part}"),
            by,
            at,
        });
    }
    w.tx.execute(
        "INSERT INTO report_draft (quarter, part, body, version, updated_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (quarter, part) DO UPDATE SET body = excluded.body, version = excluded.version,
             updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        params![label, part, body, expected_version + 1, w.operator, w.at],
    )?;
    let before = found.map(|f| json!({"body": f.1}));
    w.audit("report.draft", "report_draft", &format!("{label}/{part}"), before.as_ref(), Some(&json!({"body": body})))?;
    Ok(expected_version + 1)
}

/// A file written by a report compile, recorded with its hash.
#[derive(Debug, Clone, PartialEq)]
pub struct Compiled {
    pub quarter: String,
    pub compiled_by: String,
    pub compiled_at: String,
    pub format: String,
    pub path: String,
    pub sha256: String,
    pub bytes: i64,
}

pub fn record_compiled(
    w: &mut Writer<'_>,
    quarter: Quarter,
    format: &str,
    path: &str,
    sha256: &str,
    bytes: i64,
) -> Result<()> {
    w.tx.execute(
        "INSERT INTO report_compiled (quarter, compiled_by, compiled_at, format, path, sha256, bytes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![quarter.label(), w.operator, w.at, format, path, sha256, bytes],
    )?;
    let id = w.tx.last_insert_rowid();
    w.audit(
        "report.compile",
        "report_compiled",
        &id.to_string(),
        None,
        Some(&json!({"quarter": quarter.label(), "format": format, "path": path, "sha256": sha256, "bytes": bytes})),
    )
}

/// The compiled reports of a quarter, newest first.
pub fn compiled(conn: &Connection, quarter: Quarter) -> Result<Vec<Compiled>> {
    let mut stmt = conn.prepare_cached(
        "SELECT quarter, compiled_by, compiled_at, format, path, sha256, bytes FROM report_compiled
         WHERE quarter = ?1 ORDER BY compiled_at DESC, id DESC",
    )?;
    let rows = stmt
        .query_map([quarter.label()], |r| {
            Ok(Compiled {
                quarter: r.get(0)?,
                compiled_by: r.get(1)?,
                compiled_at: r.get(2)?,
                format: r.get(3)?,
                path: r.get(4)?,
                sha256: r.get(5)?,
                bytes: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

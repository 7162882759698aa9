//! The audit log: who did what, when, with the record before and after. Rows are chained by
//! SHA-256 so that an edit or deletion made behind the program's back (e.g. with the sqlite3 shell)
//! is detected by `anjian audit verify`, which names the first row that no longer fits.

use super::Result;
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

fn hash(id: i64, prev: &str, e: &Entry<'_>) -> String {
    let mut h = Sha256::new();
    // Fields are separated by a byte that cannot occur in UTF-8 text, so no two rows hash alike by
    // moving text from one field to the next.
    for part in [
        id.to_string().as_str(),
        prev,
        e.at,
        e.operator,
        e.action,
        e.entity,
        e.record,
        e.before.as_deref().unwrap_or("\u{0}"),
        e.after.as_deref().unwrap_or("\u{0}"),
    ] {
        h.update(part.as_bytes());
        h.update([0xff]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

pub(super) fn append(conn: &Connection, e: &Entry<'_>) -> Result<()> {
    let last: Option<(i64, String)> = conn
        .query_row("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (id, prev) = match last {
        Some((id, h)) => (id + 1, h),
        None => (1, GENESIS.to_string()),
    };
    let h = hash(id, &prev, e);
    conn.prepare_cached(
        "INSERT INTO audit_log (id, at, operator, action, entity, record, before, after, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![id, e.at, e.operator, e.action, e.entity, e.record, e.before, e.after, prev, h])?;
    Ok(())
}

#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Intact { rows: i64 },
    Broken { id: i64, reason: String },
}

/// Walks the chain from the first row and stops at the first row that does not fit.
pub fn verify(conn: &Connection) -> Result<Verdict> {
    let mut stmt = conn.prepare(
        "SELECT id, at, operator, action, entity, record, before, after, prev_hash, hash FROM audit_log ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    let mut expected_prev = GENESIS.to_string();
    let mut expected_id = 1;
    let mut count = 0;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let (at, operator, action, entity, record): (String, String, String, String, String) =
            (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?);
        let before: Option<String> = r.get(6)?;
        let after: Option<String> = r.get(7)?;
        let prev: String = r.get(8)?;
        let stored: String = r.get(9)?;
        if id != expected_id {
            return Ok(Verdict::Broken { id, reason: format!("row {expected_id} is missing (deleted)") });
        }
        if prev != expected_prev {
            return Ok(Verdict::Broken {
                id,
                reason: "its link to the previous row is broken (a row was deleted or edited)".into(),
            });
        }
        let e =
            Entry { at: &at, operator: &operator, action: &action, entity: &entity, record: &record, before, after };
        if hash(id, &prev, &e) != stored {
            return Ok(Verdict::Broken {
                id,
                reason: "its content does not match its hash (the row was edited)".into(),
            });
        }
        expected_prev = stored;
        expected_id += 1;
        count += 1;
    }
    Ok(Verdict::Intact { rows: count })
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

    #[test]
    fn intact_chain_verifies() {
        let (_d, s) = store_with_rows(5);
        assert_eq!(verify(s.conn()).expect("verify"), Verdict::Intact { rows: 5 });
    }

    #[test]
    fn edited_and_deleted_rows_are_named() {
        let (_d, s) = store_with_rows(5);
        // The triggers stop casual edits; someone determined drops them first, as with the sqlite3 shell.
        s.conn().execute_batch("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;").expect("drop");
        s.conn().execute("UPDATE audit_log SET operator = 'x' WHERE id = 3", []).expect("edit");
        assert!(matches!(verify(s.conn()).expect("verify"), Verdict::Broken { id: 3, .. }));
        s.conn().execute("UPDATE audit_log SET operator = '王值班' WHERE id = 3", []).expect("undo");
        s.conn().execute("DELETE FROM audit_log WHERE id = 2", []).expect("delete");
        match verify(s.conn()).expect("verify") {
            Verdict::Broken { id, reason } => {
                assert_eq!(id, 3);
                assert!(reason.contains("row 2 is missing"), "{reason}");
            }
            v => panic!("{v:?}"),
        }
    }

    #[test]
    fn triggers_refuse_edits_through_the_program() {
        let (_d, s) = store_with_rows(1);
        let err = s.conn().execute("UPDATE audit_log SET operator = 'x'", []).expect_err("refused");
        assert!(err.to_string().contains("append-only"));
    }
}

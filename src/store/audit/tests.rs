//! The chain checked end to end: intact, edited, deleted, rebuilt without the key, cut short
//! behind an anchor, continued from an old database's plain chain, and refused by the triggers.

use super::boundary::boundary;
use super::chain::{Entry, append_legacy, legacy_hash};
use super::verify::{Anchor, Verdict, anchor, verify};
use crate::store::Store;
use rusqlite::{Connection, params};

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
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?)))
        .expect("q")
        .collect::<rusqlite::Result<_>>()
        .expect("rows");
    let mut prev: String = s.conn().query_row("SELECT hash FROM audit_log WHERE id = 1", [], |r| r.get(0)).expect("h1");
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

//! The audit log against someone with the database file and the sqlite3 shell but not the audit
//! key: newest rows deleted (caught by an anchor kept elsewhere), rows rewritten with the chain
//! recomputed the old way (caught at the first row), and who-may-do-what changed in the tables
//! directly (caught by comparing the tables with what the log says, naming table and operator).

mod common;

use sha2::{Digest, Sha256};
use std::path::Path;
use std::process::{Command, Output};

fn anjian(db: &Path, args: &[&str]) -> Output {
    Command::new(common::bin()).arg("--db").arg(db).args(args).env_remove("ANJIAN_DB").output().expect("anjian")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Runs SQL the way an insider would: the sqlite3 shell (rusqlite when there is none).
fn sqlite3(db: &Path, sql: &str) {
    match Command::new("sqlite3").arg(db).arg(sql).output() {
        Ok(o) => assert!(o.status.success(), "sqlite3: {}", text(&o.stderr)),
        Err(_) => {
            eprintln!("NOTE: no sqlite3 shell here; the same SQL through rusqlite");
            rusqlite::Connection::open(db).expect("open").execute_batch(sql).expect("sql");
        }
    }
}

fn demo() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = common::private_dir();
    let db = dir.path().join("office.db");
    let out = Command::new(common::bin()).args(["demo", "--no-tui", "--db"]).arg(&db).output().expect("demo");
    assert!(out.status.success(), "{}", text(&out.stderr));
    (dir, db)
}

/// Rewrites the links of rows `from..` the way the chain was built before the audit key: plain
/// SHA-256 over the id, the previous link and the fields (what a forger without the key can do).
fn rechain_plain(c: &rusqlite::Connection, from: i64) {
    type Row = (i64, String, String, String, String, String, Option<String>, Option<String>);
    let rows: Vec<Row> = c
        .prepare(
            "SELECT id, at, operator, action, entity, record, before, after FROM audit_log WHERE id >= ?1 ORDER BY id",
        )
        .expect("stmt")
        .query_map([from], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?))
        })
        .expect("rows")
        .collect::<rusqlite::Result<_>>()
        .expect("rows");
    let mut prev: String = if from <= 1 {
        "0".repeat(64)
    } else {
        c.query_row("SELECT hash FROM audit_log WHERE id = ?1", [from - 1], |r| r.get(0)).expect("previous row")
    };
    for (id, at, op, action, entity, record, before, after) in rows {
        let mut h = Sha256::new();
        for part in [
            id.to_string().as_str(),
            &prev,
            &at,
            &op,
            &action,
            &entity,
            &record,
            before.as_deref().unwrap_or("\u{0}"),
            after.as_deref().unwrap_or("\u{0}"),
        ] {
            h.update(part.as_bytes());
            h.update([0xff]);
        }
        let hash: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
        c.execute("UPDATE audit_log SET prev_hash = ?1, hash = ?2 WHERE id = ?3", rusqlite::params![prev, hash, id])
            .expect("rechain");
        prev = hash;
    }
}

#[test]
fn deleting_the_newest_rows_is_caught_by_the_anchor() {
    let (_d, db) = demo();
    let out = anjian(&db, &["audit", "anchor"]);
    assert!(out.status.success());
    let anchor = text(&out.stdout).trim().to_string();
    let (rows, mac) = anchor.split_once(':').expect("ROWS:MAC");
    assert_eq!(mac.len(), 64, "{anchor}");
    let rows: i64 = rows.parse().expect("rows");
    assert!(anjian(&db, &["audit", "verify", "--anchor", &anchor]).status.success());

    sqlite3(&db, &format!("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id > {};", rows - 3));
    // The shorter chain still links up: without the anchor nothing shows.
    let out = anjian(&db, &["audit", "verify"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = anjian(&db, &["audit", "verify", "--anchor", &anchor]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr).trim(),
        format!(
            "audit log broken at row {}: the log ends at row {}, but the anchor recorded {rows} rows: the newest rows were deleted",
            rows - 2,
            rows - 3
        )
    );
    let bad = anjian(&db, &["audit", "verify", "--anchor", "12:xyz"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("is not an anchor"), "{}", text(&bad.stderr));
}

#[test]
fn rows_rewritten_and_rechained_with_plain_sha256_are_named_at_the_first() {
    let (_d, db) = demo();
    sqlite3(&db, "DROP TRIGGER audit_log_no_update;");
    // The forger changes row 20 and recomputes every link after it as the old chain did.
    let c = rusqlite::Connection::open(&db).expect("open");
    c.execute("UPDATE audit_log SET operator = '别人' WHERE id = 20", []).expect("edit");
    rechain_plain(&c, 20);
    drop(c);
    let out = anjian(&db, &["audit", "verify"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).starts_with("audit log broken at row 20: its content does not match its MAC"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn roles_scopes_pins_and_station_keys_changed_in_the_tables_are_named() {
    let (_d, db) = demo();
    // A second operator, through anjian (audited), whose PIN hash the insider will borrow.
    let mut add = Command::new(common::bin())
        .arg("--db")
        .arg(&db)
        .args(["operator", "add", "李明", "--role", "duty", "--pin-stdin"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    std::io::Write::write_all(&mut add.stdin.take().expect("stdin"), b"246813\n").expect("pin");
    assert!(add.wait_with_output().expect("wait").status.success());
    assert!(anjian(&db, &["audit", "verify"]).status.success());

    let table: &[(&str, &str)] = &[
        (
            "UPDATE operator SET role = 'admin' WHERE name = '李明';",
            "changed outside anjian: operator 李明: role is admin in the operator table, duty in the audit log",
        ),
        (
            "INSERT INTO operator_scope (operator_id, community_id) SELECT o.id, c.id FROM operator o, community c \
             WHERE o.name = '李明' AND c.name = '溪口村';",
            "changed outside anjian: operator 李明: the operator_scope table differs from the scope in the audit log",
        ),
        (
            "UPDATE operator SET pin_hash = (SELECT pin_hash FROM operator WHERE name = '李明') WHERE name = '演示值班员';",
            "changed outside anjian: operator 演示值班员: the PIN hash in the operator table is not the one the audit log recorded",
        ),
        (
            "UPDATE operator SET disabled = 1 WHERE name = '李明';",
            "changed outside anjian: operator 李明: disabled in the operator table, enabled in the audit log",
        ),
        (
            "INSERT INTO operator (name, role, pin_hash, created_at) VALUES ('后门', 'admin', 'x', '2026-01-01');",
            "changed outside anjian: operator 后门: in the operator table but never added through anjian",
        ),
        (
            "INSERT INTO station (name, created_at) VALUES ('暗站', '2026-01-01'); \
             INSERT INTO station_key (station_id, kind, base64, fingerprint, added_at) \
             SELECT id, 'ssh-ed25519', 'AAAAC3NzaC1lZDI1NTE5AAAAIPLyn6MBjr0/51YLJn9fkFjXc1ebHkC3dsSuj0y1elZY', 'SHA256:x', '2026-01-01' \
             FROM station WHERE name = '暗站';",
            "changed outside anjian: station 暗站: in the station table but never added through anjian",
        ),
    ];
    for (sql, said) in table {
        sqlite3(&db, sql);
        let out = anjian(&db, &["audit", "verify"]);
        assert_eq!(out.status.code(), Some(1), "{sql}");
        let err = text(&out.stderr);
        assert!(err.lines().any(|l| l == *said), "{sql}\nwanted: {said}\ngot:\n{err}");
        // The chain itself is intact: this is the tables, not the log.
        assert!(text(&out.stdout).starts_with("audit log intact"), "{}", text(&out.stdout));
    }
}

/// A database from before the keyed chain (schema 14, a plain SHA-256 chain, no audit key) opened
/// by this version: the old chain is checked once, the keyed chain continues from there, and
/// `audit verify` says where the boundary is.
#[test]
fn an_old_database_upgrades_in_place_and_verify_names_the_boundary() {
    let (_d, db) = demo();
    // Make it what the previous release left: no keyed-chain table, no station tables, the chain
    // plain SHA-256 throughout, no audit key.
    {
        let c = rusqlite::Connection::open(&db).expect("open");
        // The change log's triggers (migration 029), by the names it gives them.
        let change_log = include_str!("../src/store/sql/029_change_log.sql");
        let triggers: String = change_log
            .split("CREATE TRIGGER ")
            .skip(1)
            .filter_map(|t| t.split_whitespace().next())
            .map(|name| format!("DROP TRIGGER IF EXISTS {name};"))
            .collect();
        // (Migration 036 dropped the feed entries' three again.)
        c.execute_batch(&format!("{triggers} DROP TABLE change_log;")).expect("drop the change log");
        // The lead indexes of short searches (migration 030).
        let leads: String = include_str!("../src/store/sql/030_search_leads.sql")
            .split("CREATE INDEX ")
            .skip(1)
            .filter_map(|t| t.split_whitespace().next())
            .map(|name| format!("DROP INDEX {name};"))
            .collect();
        c.execute_batch(&leads).expect("drop the lead indexes");
        // The tip-off list by channel (migration 031).
        c.execute_batch("DROP INDEX tipoff_channel_list;").expect("drop the channel index");
        // The alarm acknowledgements' index (migration 032).
        c.execute_batch("DROP INDEX alarm_actual_acked;").expect("drop the acknowledgements' index");
        // The hazard register by source and by status (migration 033).
        c.execute_batch("DROP INDEX hazard_source_list; DROP INDEX hazard_status_list;")
            .expect("drop the hazard filter indexes");
        // The hazards' kept counts (migration 035).
        c.execute_batch(
            "DROP TRIGGER hazard_tally_insert; DROP TRIGGER hazard_tally_delete;
             DROP TRIGGER hazard_tally_update; DROP TABLE hazard_tally;",
        )
        .expect("drop the hazards' kept counts");
        // The units' busy days (migration 034).
        c.execute_batch(
            "DROP TRIGGER unit_due_tally_insert; DROP TRIGGER unit_due_tally_delete;
             DROP TRIGGER unit_due_tally_update; DROP TABLE unit_due_tally;",
        )
        .expect("drop the units' busy days");
        c.execute_batch(
            "DROP TABLE audit_chain; DROP TABLE station_key; DROP TABLE station_scope; DROP TABLE station;
             DROP INDEX signin_attempt_place; DROP TRIGGER audit_log_no_update;
             DROP INDEX audit_log_by_record; DROP INDEX alarm_hazard; DROP INDEX tipoff_hazard;
             ALTER TABLE hazard DROP COLUMN rectification_evidence;
             DROP TABLE feed_pending; ALTER TABLE feed DROP COLUMN level_unread;
             ALTER TABLE feed DROP COLUMN nonconforming;
             ALTER TABLE plan_measure DROP COLUMN every_high_hazard; ALTER TABLE plan_measure DROP COLUMN level;
             ALTER TABLE office DROP COLUMN full_name; ALTER TABLE office DROP COLUMN superior;
             ALTER TABLE office DROP COLUMN contact_person; ALTER TABLE office DROP COLUMN contact_phone;
             ALTER TABLE office DROP COLUMN main_plan;
             DROP TABLE accident; DROP TABLE work_record; DROP TABLE delivery_member; DROP TABLE delivery; DROP TABLE notify_cursor;
             ALTER TABLE office DROP COLUMN sealed; ALTER TABLE office DROP COLUMN tables_apart;
             ALTER TABLE hazard DROP COLUMN officer_id;
             DROP TRIGGER alarm_tally_insert; DROP TRIGGER alarm_tally_delete; DROP TRIGGER alarm_tally_update;
             DROP TABLE alarm_tally; DROP INDEX tipoff_verify_clock; DROP INDEX tipoff_reply_clock;
             DROP INDEX hazard_major_open; DROP INDEX hazard_closed_on; DROP INDEX inspection_kind_done;
             PRAGMA user_version = 14;",
        )
        .expect("downgrade");
        rechain_plain(&c, 1);
        c.execute_batch(
            "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
             BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;",
        )
        .expect("trigger back");
    }
    let rows_before: i64 = rusqlite::Connection::open(&db)
        .expect("open")
        .query_row("SELECT max(id) FROM audit_log", [], |r| r.get(0))
        .expect("rows");
    std::fs::remove_file(anjian::store::audit_key::path_for(&db)).expect("no audit key yet");

    let out = anjian(&db, &["audit", "verify"]);
    assert!(out.status.success(), "{}{}", text(&out.stdout), text(&out.stderr));
    let said = text(&out.stdout);
    assert!(
        said.starts_with(&format!("rows 1–{rows_before} are the plain SHA-256 chain of before the audit key"))
            && said.contains(&format!("intact); keyed from row {}", rows_before + 1)),
        "{said}"
    );
    assert!(anjian::store::audit_key::path_for(&db).exists(), "the audit key was made");
    // The state of the operators at the upgrade is on the record, so later edits are named.
    sqlite3(&db, "UPDATE operator SET role = 'admin';");
    let out = anjian(&db, &["audit", "verify"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("role is admin in the operator table, supervisor in the audit log"),
        "{}",
        text(&out.stderr)
    );
}

/// The record of where the keyed chain starts deleted and the rows rechained the old way: the
/// database is not keyed again as if it were an old one; every open, `audit verify` included,
/// says what happened.
#[test]
fn a_deleted_boundary_is_not_blessed_by_keying_the_chain_again() {
    let (_d, db) = demo();
    sqlite3(&db, "DROP TRIGGER audit_chain_no_delete; DELETE FROM audit_chain; DROP TRIGGER audit_log_no_update;");
    let out = anjian(&db, &["audit", "verify"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("the record of where its keyed chain starts is gone"), "{}", text(&out.stderr));
    let out = anjian(&db, &["export", "units"]);
    assert_eq!(out.status.code(), Some(2), "no command works on it");
}

//! The counts the Alarms and Hazards screens read are kept by the writes that change them
//! (`alarm_tally`, migration 026; `hazard_tally`, migration 035), never recounted on a key: they
//! equal `COUNT(*)` after any mix of writes from other connections (property tests), and after a
//! syncing process killed with SIGKILL in the middle of storing bursts of alarms, again and again,
//! and after a process building an office killed in the middle of its hazard writes.

mod common;

use anjian::domain::RiskLevel;
use anjian::store::alarm_queue::{self, AlarmFilter, StatusSet};
use proptest::prelude::*;

const STATUSES: [&str; 6] = ["new", "acknowledged", "dispatched", "resolved", "false_alarm", "cancelled"];
const LEVELS: [&str; 4] = ["major", "significant", "general", "low"];
const FEEDS: [&str; 3] = ["weather", "gas", "sensors"];

/// Every filter the tally serves, its kept count against a count of the rows.
fn check(c: &rusqlite::Connection) {
    let by_level = alarm_queue::open_by_level(c).expect("by level");
    for (i, level) in RiskLevel::ALL.iter().enumerate() {
        let counted: i64 = c
            .query_row(
                "SELECT count(*) FROM alarm WHERE status IN ('new', 'acknowledged', 'dispatched') AND level = ?1",
                [level.code()],
                |r| r.get(0),
            )
            .expect("counted");
        assert_eq!(by_level[i], counted, "open {level:?} alarms, the Overview's figure");
    }
    let feeds: Vec<String> = c
        .prepare("SELECT DISTINCT feed FROM alarm UNION SELECT 'nowhere'")
        .expect("q")
        .query_map([], |r| r.get(0))
        .expect("q")
        .collect::<Result<_, _>>()
        .expect("feeds");
    for status in [StatusSet::Open, StatusSet::Closed, StatusSet::All] {
        for level in [None, Some(RiskLevel::Major), Some(RiskLevel::Low)] {
            for feed in std::iter::once(None).chain(feeds.iter().cloned().map(Some)) {
                let f = AlarmFilter { status, level, feed: feed.clone(), ..AlarmFilter::default() };
                let kept = alarm_queue::count(c, &f).expect("kept");
                let status_sql = match status {
                    StatusSet::Open => "status IN ('new', 'acknowledged', 'dispatched')",
                    StatusSet::Closed => "status NOT IN ('new', 'acknowledged', 'dispatched')",
                    StatusSet::All => "1",
                };
                let counted: i64 = c
                    .query_row(
                        &format!("SELECT count(*) FROM alarm WHERE {status_sql} AND (?1 IS NULL OR level = ?1) AND (?2 IS NULL OR feed = ?2)"),
                        rusqlite::params![level.map(|l| l.code()), feed],
                        |r| r.get(0),
                    )
                    .expect("counted");
                assert_eq!(kept, counted, "{status:?} {level:?} {feed:?}");
            }
        }
    }
}

#[derive(Debug, Clone)]
enum Op {
    Insert(usize, usize, usize),
    Update(i64, usize, usize, usize),
    Delete(i64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..6usize, 0..4usize, 0..3usize).prop_map(|(s, l, f)| Op::Insert(s, l, f)),
        (0..400i64, 0..6usize, 0..4usize, 0..3usize).prop_map(|(i, s, l, f)| Op::Update(i, s, l, f)),
        (0..400i64).prop_map(Op::Delete),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Writes from other connections, several to a transaction, some rolled back.
    #[test]
    fn kept_counts_equal_the_rows_after_any_writes(batches in proptest::collection::vec((proptest::collection::vec(op(), 1..12), any::<bool>()), 1..10)) {
        let demo = common::demo_copy();
        let mut c = rusqlite::Connection::open(&demo.path).expect("open");
        c.execute_batch("DELETE FROM alarm_area; DELETE FROM delivery_member; DELETE FROM delivery;").expect("clear links");
        let mut n = 0;
        for (ops, commit) in batches {
            let tx = c.transaction().expect("tx");
            for o in ops {
                n += 1;
                match o {
                    Op::Insert(s, l, f) => {
                        tx.execute(
                            "INSERT INTO alarm (dedup_key, feed, source, msg_status, level, status, headline, event, area, sent, first_seen, last_seen)
                             VALUES (?1, ?2, 's', 'Actual', ?3, ?4, 'h', 'e', 'a', '2026-11-30T09:00:00+08:00', 'x', 'x')",
                            rusqlite::params![format!("p{n}"), FEEDS[f], LEVELS[l], STATUSES[s]],
                        ).expect("insert");
                    }
                    Op::Update(i, s, l, f) => {
                        tx.execute(
                            "UPDATE alarm SET status = ?2, level = ?3, feed = ?4 WHERE id = (SELECT id FROM alarm ORDER BY id LIMIT 1 OFFSET ?1)",
                            rusqlite::params![i, STATUSES[s], LEVELS[l], FEEDS[f]],
                        ).expect("update");
                    }
                    Op::Delete(i) => {
                        tx.execute(
                            "DELETE FROM alarm WHERE id = (SELECT id FROM alarm ORDER BY id LIMIT 1 OFFSET ?1)",
                            [i],
                        ).expect("delete");
                    }
                }
            }
            if commit { tx.commit().expect("commit") } else { tx.rollback().expect("rollback") }
        }
        check(&c);
    }
}

/// A syncing process killed with SIGKILL while it stores bursts of alarms: whatever it had
/// committed is counted, and nothing half-written is.
#[test]
fn kept_counts_survive_a_sync_killed_mid_write() {
    let demo = common::demo_copy();
    let server = common::fixture_server("ok");
    let cfg = demo.dir.path().join("sync.toml");
    std::fs::write(
        &cfg,
        format!(
            "[[feeds]]\nname = \"sensors\"\nkind = \"monitor\"\nurl = \"{}/monitor/alarms\"\ninterval = \"1s\"\n",
            server.base
        ),
    )
    .expect("config");
    for round in 0..6u64 {
        common::control(&server.base, "/control/tick?n=400");
        let mut sync = common::Reaped(
            std::process::Command::new(common::bin())
                .arg("--db")
                .arg(&demo.path)
                .arg("--config")
                .arg(&cfg)
                .args(["sync", "--watch"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .expect("sync"),
        );
        // A different moment each time: before, during and after the burst's transaction.
        std::thread::sleep(std::time::Duration::from_millis(150 + round * 170));
        let _ = sync.0.kill();
        let _ = sync.0.wait();
        let c = rusqlite::Connection::open(&demo.path).expect("open");
        check(&c);
    }
    let stored: i64 = rusqlite::Connection::open(&demo.path)
        .expect("open")
        .query_row("SELECT count(*) FROM alarm WHERE feed = 'sensors'", [], |r| r.get(0))
        .expect("stored");
    assert!(stored > 0, "the sync stored something before it was killed");
}

/// A process building an office killed with SIGKILL at moments spread over its hazard writes:
/// the history's transaction (hazards created one by one and moved through their statuses) and the
/// bulk one (a thousand hazards, tip-offs and twenty thousand alarms). Each kill leaves the hazards'
/// and the alarms' kept counts equal to the rows, whichever transactions had committed.
#[test]
fn kept_hazard_counts_survive_a_writer_killed_mid_write() {
    use std::io::BufRead;
    // (the stage after whose start the process is killed, how long after)
    let moments = [
        ("history", 0u64),
        ("history", 60),
        ("hazards, tip-offs", 0),
        ("hazards, tip-offs", 250),
        ("hazards, tip-offs", 700),
        ("search indexes", 0),
    ];
    let mut killed_mid_run = 0;
    let mut with_hazards = 0;
    for (stage, after) in moments {
        let dir = common::private_dir();
        let path = dir.path().join("office.db");
        let mut building = common::Reaped(
            std::process::Command::new(common::bin())
                .arg("--db")
                .arg(&path)
                .args(["gen", "--scale", "town"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("gen"),
        );
        // Kept open until the kill: a closed pipe would end the build at its next progress line.
        let mut progress = std::io::BufReader::new(building.0.stderr.take().expect("stderr")).lines();
        let mut seen = Vec::new();
        for line in progress.by_ref() {
            let line = line.expect("progress line");
            let reached = line.starts_with(&format!("gen: {stage}"));
            seen.push(line);
            if reached {
                break;
            }
        }
        assert!(seen.last().is_some_and(|l| l.starts_with(&format!("gen: {stage}"))), "gen reached {stage}: {seen:?}");
        std::thread::sleep(std::time::Duration::from_millis(after));
        let _ = building.0.kill();
        let status = building.0.wait().expect("wait");
        drop(progress);
        if !status.success() {
            killed_mid_run += 1;
        }
        let c = rusqlite::Connection::open(&path).expect("open");
        check_hazards(&c);
        check(&c);
        let hazards: i64 = c.query_row("SELECT count(*) FROM hazard", [], |r| r.get(0)).expect("hazards");
        if hazards > 0 {
            with_hazards += 1;
        }
    }
    assert!(killed_mid_run >= 5, "the kills landed before the build finished ({killed_mid_run} of 6)");
    assert!(with_hazards >= 2, "some kills came after hazards had committed ({with_hazards} of 6)");
}

const HAZARD_STATUSES: [&str; 4] = ["found", "rectifying", "awaiting_verification", "closed"];
const SOURCES: [&str; 5] = ["self_inspection", "inspection", "tipoff", "alarm", "other"];

/// Every Hazards filter the tally serves, its kept count against a count of the rows.
fn check_hazards(c: &rusqlite::Connection) {
    use anjian::domain::hazard::{HazardSource, HazardStatus};
    use anjian::store::hazards::{self, HazardFilter};
    let statuses = std::iter::once(None).chain(HazardStatus::ALL.iter().copied().map(Some));
    for status in statuses {
        for open_only in [false, true] {
            for major in [None, Some(true), Some(false)] {
                for source in [None, Some(HazardSource::Tipoff), Some(HazardSource::SelfInspection)] {
                    let f = HazardFilter { status, open_only, major, source, ..HazardFilter::default() };
                    let kept = hazards::count(c, &f).expect("kept");
                    let counted: i64 = c
                        .query_row(
                            "SELECT count(*) FROM hazard WHERE (?1 IS NULL OR status = ?1) AND (NOT ?2 OR status <> 'closed')
                             AND (?3 IS NULL OR major = ?3) AND (?4 IS NULL OR source = ?4)",
                            rusqlite::params![status.map(|s| s.code()), open_only, major, source.map(|s| s.code())],
                            |r| r.get(0),
                        )
                        .expect("counted");
                    assert_eq!(kept, counted, "{status:?} open only {open_only} major {major:?} {source:?}");
                }
            }
        }
    }
}

#[derive(Debug, Clone)]
enum HazardOp {
    Insert(usize, usize, bool),
    Update(i64, usize, usize, bool),
    Delete(i64),
}

fn hazard_op() -> impl Strategy<Value = HazardOp> {
    prop_oneof![
        (0..4usize, 0..5usize, any::<bool>()).prop_map(|(s, o, m)| HazardOp::Insert(s, o, m)),
        (0..400i64, 0..4usize, 0..5usize, any::<bool>()).prop_map(|(i, s, o, m)| HazardOp::Update(i, s, o, m)),
        (0..400i64).prop_map(HazardOp::Delete),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Hazards written from other connections, several to a transaction, some rolled back.
    #[test]
    fn kept_hazard_counts_equal_the_rows_after_any_writes(batches in proptest::collection::vec((proptest::collection::vec(hazard_op(), 1..12), any::<bool>()), 1..10)) {
        let demo = common::demo_copy();
        let mut c = rusqlite::Connection::open(&demo.path).expect("open");
        // What points at hazards lets go of them, so any may be deleted.
        c.execute_batch(
            "PRAGMA foreign_keys = OFF; UPDATE alarm SET hazard_id = NULL; UPDATE tipoff SET hazard_id = NULL;",
        ).expect("unlink");
        let unit: i64 = c.query_row("SELECT min(id) FROM unit", [], |r| r.get(0)).expect("a unit");
        for (ops, commit) in batches {
            let tx = c.transaction().expect("tx");
            for o in ops {
                match o {
                    HazardOp::Insert(s, o, m) => {
                        tx.execute(
                            "INSERT INTO hazard (unit_id, description, major, source, found_on, found_by, measures, responsible,
                                                 deadline, supervised, supervising_level, status, updated_by, updated_at)
                             VALUES (?1, '堵塞', ?2, ?3, '2026-11-20', '王', '', '', '2026-12-20', 0, '', ?4, 't', 'x')",
                            rusqlite::params![unit, m, SOURCES[o], HAZARD_STATUSES[s]],
                        ).expect("insert");
                    }
                    HazardOp::Update(i, s, o, m) => {
                        tx.execute(
                            "UPDATE hazard SET status = ?2, source = ?3, major = ?4 WHERE id = (SELECT id FROM hazard ORDER BY id LIMIT 1 OFFSET ?1)",
                            rusqlite::params![i, HAZARD_STATUSES[s], SOURCES[o], m],
                        ).expect("update");
                    }
                    HazardOp::Delete(i) => {
                        tx.execute(
                            "DELETE FROM hazard WHERE id = (SELECT id FROM hazard ORDER BY id LIMIT 1 OFFSET ?1)",
                            [i],
                        ).expect("delete");
                    }
                }
            }
            if commit { tx.commit().expect("commit") } else { tx.rollback().expect("rollback") }
        }
        check_hazards(&c);
    }
}

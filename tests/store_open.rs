//! Opening the store while another terminal holds the write lock: the open neither fails nor waits
//! for the lock (the planner statistics it refreshes are best effort), as happens when dozens of
//! sessions start on one district database while a sync is writing.

mod common;

use std::time::{Duration, Instant};

#[test]
fn a_busy_database_opens_at_once() {
    let demo = common::demo_copy();
    drop(common::open(&demo.path));
    let holder = rusqlite::Connection::open(&demo.path).expect("holder");
    // Statistics that look stale, so that the open wants to refresh them.
    holder.execute_batch("DELETE FROM sqlite_stat1;").expect("forget statistics");
    holder
        .execute_batch(
            "BEGIN IMMEDIATE; INSERT INTO unit (name, sector, risk_level) VALUES ('占锁单位', 'other', 'low');",
        )
        .expect("hold the write lock");
    let t = Instant::now();
    let store = anjian::store::Store::open(&demo.path).expect("opens while another connection writes");
    assert!(t.elapsed() < Duration::from_secs(5), "the open waited {:?} for the lock", t.elapsed());
    let units: i64 = store.conn().query_row("SELECT count(*) FROM unit", [], |r| r.get(0)).expect("reads");
    assert!(units > 0);
    holder.execute_batch("COMMIT;").expect("commit");
}

/// Terminals that start together on a file made by an older release (or on no file yet) migrate
/// it at the same moment: every one of them opens, none with "table … already exists".
#[test]
fn sessions_starting_together_migrate_one_file() {
    for round in 0..3 {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("new.db");
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(8));
        let opened: Vec<_> = (0..8)
            .map(|_| {
                let (path, barrier) = (path.clone(), barrier.clone());
                std::thread::spawn(move || {
                    barrier.wait();
                    anjian::store::Store::open(&path).map(|_| ()).map_err(|e| e.to_string())
                })
            })
            .collect();
        for h in opened {
            let result = h.join().expect("thread");
            assert!(result.is_ok(), "round {round}: {result:?}");
        }
        let version: i64 = rusqlite::Connection::open(&path)
            .and_then(|c| c.query_row("PRAGMA user_version", [], |r| r.get(0)))
            .expect("version");
        assert_eq!(version, anjian::store::migrations::LATEST);
    }
}

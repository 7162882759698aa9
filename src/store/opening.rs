//! Opening the office's file when others may be opening it too: the connection's settings, the
//! schema brought up to date, and a new file made readable by the service account only. Sessions
//! that start together (after an upgrade, every station at 08:00) meet here; SQLite answers some
//! of their meetings with "locked" at once instead of waiting, so those are tried again for as
//! long as a busy wait would last.

use super::migrations;
use rusqlite::Connection;
use std::path::Path;
use std::time::{Duration, Instant};

/// How long a write waits for another terminal's transaction before giving up.
pub(super) const BUSY: Duration = Duration::from_secs(10);

fn busy(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::DatabaseBusy)
}

/// `step`, waiting for other openers: on a file made a moment ago, switching it to WAL needs the
/// file to itself.
pub(super) fn when_free<T>(mut step: impl FnMut() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    let started = Instant::now();
    loop {
        match step() {
            Err(e) if busy(&e) && started.elapsed() < BUSY => std::thread::sleep(Duration::from_millis(10)),
            other => return other,
        }
    }
}

/// Waits for another connection's write a millisecond at a time, for as long as [`BUSY`]. SQLite's
/// own busy wait sleeps 1, 2, 5, 10, 15, 20, 25 … ms between its tries, so a terminal's write that
/// met the sync's batch of 30 ms waited until the try at 53 ms; a millisecond at a time it waits
/// about as long as the batch.
fn wait_a_millisecond(tries: i32) -> bool {
    if Duration::from_millis(u64::try_from(tries).unwrap_or(0)) >= BUSY {
        return false;
    }
    std::thread::sleep(Duration::from_millis(1));
    true
}

pub(super) fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_handler(Some(wait_a_millisecond))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Checkpoints are left to the sync, whose connection runs one every 4,000 pages of log
    // (`bulk::sync_writer`): at SQLite's default of 1,000 a terminal's small write was the commit
    // that crossed it, and waited for the copy and the sync of the database file (0.25 s among 200
    // busy sessions). Without a sync running, the first commit past 10,000 pages checkpoints.
    conn.pragma_update(None, "wal_autocheckpoint", 10_000)?;
    // A statement journal (each INSERT into a table with triggers and a unique index keeps one)
    // in memory: as a temporary file it cost two pwrite calls per page touched, 200,000 calls for
    // 5,000 stored alarms.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    // The sync's batch runs some twenty statements per alarm; the default 16 made it compile
    // some again for every row.
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}

/// Brings the schema up to date from `version`. Each step commits with its version, so a step
/// that fails because another process has just made it is no error: the version is read again
/// and the steps go on from there, for as long as someone is making progress. A step that met
/// another opener's commit between its read and its write is tried again.
pub(super) fn migrate(conn: &mut Connection, mut version: i64) -> Result<(), rusqlite_migration::Error> {
    let started = Instant::now();
    loop {
        let Err(e) = migrations::migrations().to_latest(conn) else { return Ok(()) };
        let now: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if now >= migrations::LATEST {
            return Ok(());
        }
        if now <= version {
            let locked = matches!(&e, rusqlite_migration::Error::RusqliteError { err, .. } if busy(err));
            if !(locked && started.elapsed() < BUSY) {
                return Err(e);
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        version = now;
    }
}

#[cfg(unix)]
pub(super) fn create_private(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    match std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

#[cfg(not(unix))]
pub(super) fn create_private(_path: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_busy_write_waits_a_millisecond_at_a_time_for_as_long_as_busy() {
        let limit = i32::try_from(BUSY.as_millis()).expect("fits");
        assert!(wait_a_millisecond(0));
        assert!(wait_a_millisecond(limit - 1));
        assert!(!wait_a_millisecond(limit), "gives up after BUSY");
        assert!(!wait_a_millisecond(i32::MAX));
    }

    #[test]
    fn a_terminal_s_commit_leaves_checkpoints_to_the_sync() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("c.db");
        let conn = Connection::open(&path).expect("open");
        configure(&conn).expect("configure");
        let pages =
            |c: &Connection| c.query_row("PRAGMA wal_autocheckpoint", [], |r| r.get::<_, i64>(0)).expect("pragma");
        assert_eq!(pages(&conn), 10_000);
        // 1,500 pages of log in small commits, as terminals write: none of them checkpointed.
        conn.execute_batch("CREATE TABLE t (x BLOB)").expect("table");
        for _ in 0..1_500 {
            conn.execute("INSERT INTO t VALUES (zeroblob(4000))", []).expect("insert");
        }
        let log = std::fs::metadata(dir.path().join("c.db-wal")).expect("wal").len();
        assert!(log > 1_500 * 4096, "the log was checkpointed by a terminal's commit: {log} bytes");
        // The sync's connection checkpoints sooner.
        let store = crate::store::Store::open(&path).expect("store");
        crate::store::bulk::sync_writer(&store).expect("tuned");
        assert_eq!(pages(store.conn()), 4_000);
    }

    #[test]
    fn a_write_waits_for_another_connections_transaction_and_then_goes_through() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("b.db");
        let mut a = Connection::open(&path).expect("a");
        configure(&a).expect("configure a");
        a.execute_batch("CREATE TABLE t (x INTEGER)").expect("table");
        let b = Connection::open(&path).expect("b");
        configure(&b).expect("configure b");
        let tx = a.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).expect("a writes");
        tx.execute("INSERT INTO t VALUES (1)", []).expect("insert");
        let waiting = std::thread::spawn(move || {
            b.execute("INSERT INTO t VALUES (2)", [])
                .map(|_| b.query_row("SELECT count(*) FROM t", [], |r| r.get::<_, i64>(0)))
        });
        std::thread::sleep(Duration::from_millis(50));
        tx.commit().expect("a commits");
        let counted = waiting.join().expect("b's thread").expect("b's write waited, then went through");
        assert_eq!(counted.expect("count"), 2, "b saw a's row and its own");
    }
}

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

pub(super) fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
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

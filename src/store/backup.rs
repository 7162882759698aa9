//! Backups with SQLite's online backup API: a consistent copy of a database that dashboards and a
//! sync are writing to (one read transaction, so the copy is one moment of the office), checked
//! before it is called a backup, and restored only after the backup is checked and the current
//! database is kept aside.

use super::audit::{self, Verdict};
use super::audit_key::AuditKey;
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0}: already exists; give a new file name (a backup never overwrites)")]
    Exists(String),
    #[error("{path}: {message}")]
    Io { path: String, message: String },
    #[error("{path}: not an anjian database: {why}")]
    NotAnjian { path: String, why: String },
    #[error("{path}: damaged: PRAGMA integrity_check says {detail}")]
    Damaged { path: String, detail: String },
    #[error("{path}: the audit log is broken at row {id}: {reason}")]
    AuditBroken { path: String, id: i64, reason: String },
    #[error("{path}: {source}")]
    Sqlite { path: String, source: rusqlite::Error },
}

type Result<T> = std::result::Result<T, BackupError>;

fn sqlite(path: &Path) -> impl Fn(rusqlite::Error) -> BackupError + '_ {
    move |source| BackupError::Sqlite { path: path.display().to_string(), source }
}

/// Where a backup's reporter key goes with `--with-key`: beside it, as `PATH.key`.
pub fn key_beside(backup: &Path) -> PathBuf {
    beside(backup, ".key")
}

/// Where a backup's audit key goes with `--with-key`: beside it, as `PATH.audit-key`.
pub fn audit_key_beside(backup: &Path) -> PathBuf {
    beside(backup, ".audit-key")
}

fn beside(backup: &Path, suffix: &str) -> PathBuf {
    let mut name = backup.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(suffix);
    backup.with_file_name(name)
}

/// What a checked database holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub bytes: u64,
    pub audit_rows: i64,
    pub schema_version: i64,
}

/// Copies the database at `db` to the new file `dest` in one step of the online backup API, then
/// checks the copy. The copy is written beside `dest` under a temporary name and renamed when
/// checked, so a file at `dest` is always a whole, checked backup.
pub fn backup(db: &Path, dest: &Path, key: &AuditKey) -> Result<Checked> {
    if dest.exists() {
        return Err(BackupError::Exists(dest.display().to_string()));
    }
    let tmp = partial_name(dest);
    let _ = std::fs::remove_file(&tmp);
    let copied = (|| {
        let src = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_WRITE).map_err(sqlite(db))?;
        src.busy_timeout(Duration::from_secs(10)).map_err(sqlite(db))?;
        create_private(&tmp)?;
        let mut out = Connection::open(&tmp).map_err(sqlite(&tmp))?;
        copy(&src, &mut out, &tmp)?;
        // A backup is one file: in rollback-journal mode, so that opening it to check it (or later
        // to read it) leaves no -wal and -shm beside it. A restore into the live (WAL) database
        // keeps the live one's WAL mode.
        out.pragma_update(None, "journal_mode", "DELETE").map_err(sqlite(&tmp))?;
        drop(out);
        check(&tmp, key)
    })();
    match copied {
        Ok(_) => {
            std::fs::rename(&tmp, dest).map_err(|e| io(dest, e))?;
            check(dest, key)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Replaces the database at `db` with the checked backup `from`, after copying the current one to
/// the returned path. Open dashboards see the restored office at their next read. `key` is the
/// audit key the backup's chain was written with; `current` the one of the database it replaces.
pub fn restore(from: &Path, db: &Path, stamp: &str, key: &AuditKey, current: &AuditKey) -> Result<(Checked, PathBuf)> {
    let checked = check(from, key)?;
    let kept = db.with_extension(format!("before-restore-{stamp}.db"));
    backup(db, &kept, current)?;
    let src = Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(sqlite(from))?;
    let mut live = Connection::open(db).map_err(sqlite(db))?;
    live.busy_timeout(Duration::from_secs(10)).map_err(sqlite(db))?;
    copy(&src, &mut live, db)?;
    Ok((checked, kept))
}

/// Opens `path` read-only and checks that it is a whole anjian database: its schema, SQLite's
/// integrity check and the audit log's keyed chain (with the audit key `key`).
pub fn check(path: &Path, key: &AuditKey) -> Result<Checked> {
    let bytes = std::fs::metadata(path).map_err(|e| io(path, e))?.len();
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| BackupError::NotAnjian { path: path.display().to_string(), why: e.to_string() })?;
    let not_ours = |why: String| BackupError::NotAnjian { path: path.display().to_string(), why };
    let schema_version: i64 =
        conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| not_ours(e.to_string()))?;
    let has_audit: bool = conn
        .query_row("SELECT EXISTS(SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log')", [], |r| {
            r.get(0)
        })
        .map_err(|e| not_ours(e.to_string()))?;
    if schema_version < 1 || !has_audit {
        return Err(not_ours("it has no anjian schema".into()));
    }
    let detail: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .and_then(|mut s| s.query_map([], |r| r.get::<_, String>(0))?.collect())
        .map_err(sqlite(path))?;
    if detail != ["ok"] {
        return Err(BackupError::Damaged { path: path.display().to_string(), detail: detail.join("; ") });
    }
    match audit::verify(&conn, key, None).map(|r| r.chain) {
        Ok(Verdict::Intact { rows }) => Ok(Checked { bytes, audit_rows: rows, schema_version }),
        Ok(Verdict::Broken { id, reason }) => {
            Err(BackupError::AuditBroken { path: path.display().to_string(), id, reason })
        }
        Err(e) => Err(not_ours(e.to_string())),
    }
}

/// The whole database in one step (one read transaction on the source: a consistent moment even
/// while others write). A busy destination is waited for by its busy handler; a lock held by
/// this process is retried a few times.
fn copy(src: &Connection, dst: &mut Connection, dst_path: &Path) -> Result<()> {
    let b = Backup::new(src, dst).map_err(sqlite(dst_path))?;
    for _ in 0..50 {
        if b.step(-1).map_err(sqlite(dst_path))? == StepResult::Done {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(BackupError::Io { path: dst_path.display().to_string(), message: "the database stayed locked for 5 s".into() })
}

/// An empty file only its owner can read, as the database itself is created: a backup holds the
/// same records.
fn create_private(path: &Path) -> Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    opts.open(path).map(drop).map_err(|e| io(path, e))
}

fn partial_name(dest: &Path) -> PathBuf {
    let mut name = dest.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".partial");
    dest.with_file_name(name)
}

fn io(path: &Path, e: std::io::Error) -> BackupError {
    BackupError::Io { path: path.display().to_string(), message: e.to_string() }
}

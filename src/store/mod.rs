//! The local SQLite store. Every screen reads from here, every write goes through [`Store::write`]
//! so that it is one transaction with audit rows, and several processes can share one file.

pub mod accidents;
pub mod alarm_area;
pub mod alarm_history;
mod alarm_incoming;
pub mod alarm_known;
pub mod alarm_queue;
mod alarm_rows;
pub mod alarm_steps;
pub mod alarms;
pub mod audit;
pub mod audit_key;
pub mod audited_state;
pub mod backup;
pub mod bulk;
pub mod change_log;
pub mod checklist;
pub mod deadlines;
pub mod deliveries;
pub mod delivery_routing;
pub mod duty;
pub mod feed_pending;
pub mod feeds;
pub mod hazard_dispatch;
pub mod hazard_steps;
pub mod hazards;
pub mod history;
pub mod inspections;
pub mod keyset;
pub mod migrations;
mod multi_row;
mod opening;
use opening::{BUSY, configure, create_private, migrate, when_free};
pub mod network;
pub mod officer_choices;
pub mod operators;
pub mod report_figures;
pub mod scope;
pub mod sessions;
pub mod stations;
pub mod stats;
pub mod text_search;
pub mod tipoffs;
pub mod units;
pub mod work_records;

use rusqlite::{Connection, OpenFlags, Transaction};
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database {path}: {source}")]
    Open { path: PathBuf, source: rusqlite::Error },
    #[error("database {path}: cannot bring the schema up to date: {message}")]
    Migrate { path: PathBuf, message: String },
    #[error("database {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{}", sql_text(.0))]
    Sql(rusqlite::Error),
    #[error("{entity} {record} was changed by {by} at {at} while you were editing it; reload and try again")]
    Conflict { entity: String, record: String, by: String, at: String },
    #[error("cannot hash the PIN: {0}")]
    Pin(String),
    #[error("{entity} {record} not found")]
    NotFound { entity: String, record: String },
    /// A rule said no (the officer can act on the message); the transaction rolls back.
    #[error("{0}")]
    Refused(String),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Sql(e)
    }
}

/// SQLite's words, and for the errors about the disk what the office can do about them. (Not a
/// `source`: the text already carries SQLite's message, and a chain would print it twice.)
fn sql_text(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode as C;
    let hint = match e.sqlite_error_code() {
        Some(C::DiskFull) => "the disk is full: free some space and try again; a failed write leaves nothing half-done",
        Some(C::SystemIoFailure) => {
            "writing to the disk failed (is it full, or failing?); a failed write leaves nothing half-done"
        }
        Some(C::ReadOnly) => "the database file or its folder is read-only for this account",
        Some(C::CannotOpen) => "the database file or its folder cannot be opened by this account",
        _ => return e.to_string(),
    };
    format!("{e} ({hint})")
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// The database handle other layers hold and pass to store functions (a store's own connection,
/// or an operator's scoped view). Only `store/` runs SQL on it; a test keeps it so.
pub type Conn = rusqlite::Connection;

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Keys the audit chain (see `audit`); read from its own private file beside the database.
    audit_key: std::sync::Arc<audit_key::AuditKey>,
    /// A fixed time for every write (screen tests and benchmarks that must not depend on the
    /// clock); None: the real time.
    clock: Option<chrono::DateTime<chrono::FixedOffset>>,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    /// A new file is created with mode 0600 before SQLite touches it, so there is no moment in which
    /// other users of the machine could read the office's records. The audit key beside it is
    /// created with a new database (or at the first open of one from before the keyed chain).
    pub fn open(path: &Path) -> Result<Store> {
        Self::open_as(path, true)
    }

    /// Opens an existing database whose audit key exists, creating nothing but SQLite's own
    /// `-wal` and `-shm`: a station's dashboard never makes the office's files.
    pub fn open_existing(path: &Path) -> Result<Store> {
        Self::open_as(path, false)
    }

    fn open_as(path: &Path, create: bool) -> Result<Store> {
        let io = |source| StoreError::Io { path: path.to_path_buf(), source };
        if create {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                crate::system::private_file::create_folder(parent).map_err(io)?;
            }
            create_private(path).map_err(io)?;
        } else if !path.is_file() {
            return Err(StoreError::Refused(format!("database {}: does not exist", path.display())));
        }
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|source| StoreError::Open { path: path.to_path_buf(), source })?;
        when_free(|| configure(&conn)).map_err(|source| StoreError::Open { path: path.to_path_buf(), source })?;
        let schema_before: i64 = when_free(|| conn.query_row("PRAGMA user_version", [], |r| r.get(0)))
            .map_err(|source| StoreError::Open { path: path.to_path_buf(), source })?;
        migrate(&mut conn, schema_before)
            .map_err(|e| StoreError::Migrate { path: path.to_path_buf(), message: e.to_string() })?;
        let key_existed = audit_key::path_for(path).exists();
        let key = Self::audit_key_for(&conn, path, create)?;
        // Keeps the planner's statistics in step with the data (a list on a million alarms walks
        // the time index or the status index depending on them). Cheap when they are current;
        // the limit bounds the sampling when they are not.
        // Best effort and brief: statistics are never worth failing or stalling a start, and with
        // many terminals writing another open will do it.
        let _ = conn.busy_timeout(Duration::from_millis(50));
        let _ = conn.execute_batch("PRAGMA analysis_limit = 400; PRAGMA optimize = 0x10002;");
        conn.busy_timeout(BUSY).map_err(|source| StoreError::Open { path: path.to_path_buf(), source })?;
        let mut store = Store { conn, path: path.to_path_buf(), clock: None, audit_key: std::sync::Arc::new(key) };
        if audit::boundary(&store.conn)?.is_none() {
            // The keyed chain starts when a database first meets an audit key: a new database, or
            // the upgrade from before keyed chains (schema 15). A database that has audit rows and
            // an audit key but no record of where its keyed chain starts had that record deleted:
            // keying it again would bless whatever its rows now say.
            let has_rows: bool = store.conn.query_row("SELECT EXISTS(SELECT 1 FROM audit_log)", [], |r| r.get(0))?;
            let upgrading = schema_before < migrations::KEYED_AUDIT_SCHEMA || !key_existed;
            if has_rows && !upgrading {
                return Err(audit::boundary_missing(path));
            }
            store.start_keyed_chain()?;
        }
        Ok(store)
    }

    /// The audit key of a database: it must exist once the chain is keyed; before that (a new
    /// database, or one from before keyed chains) it is made when `create` allows.
    fn audit_key_for(conn: &Connection, path: &Path, create: bool) -> Result<audit_key::AuditKey> {
        let key_path = audit_key::path_for(path);
        let refused = |e: audit_key::AuditKeyError| StoreError::Refused(e.to_string());
        match audit_key::AuditKey::load(&key_path).map_err(refused)? {
            Some(k) => Ok(k),
            None if audit::boundary(conn)?.is_some() || !create => Err(audit::key_missing(path, &key_path)),
            None => audit_key::AuditKey::load_or_create(&key_path).map_err(refused),
        }
    }

    /// Records where the keyed chain starts, and for a database that had records before, what the
    /// audited tables held then (the log of older databases did not carry them in full).
    fn start_keyed_chain(&mut self) -> Result<()> {
        self.write("anjian", |w| {
            let Some(row) = audit::start_keyed_chain(&w.tx, &w.key, &w.at)? else { return Ok(()) };
            if row > 0 || audited_state::has_any(&w.tx)? {
                let state = audited_state::from_tables(&w.tx)?;
                let value = serde_json::to_value(&state).map_err(|e| StoreError::Refused(e.to_string()))?;
                w.audit("audit.snapshot", "audit", "state", None, Some(&value))?;
            }
            Ok(())
        })
    }

    /// The audit chain and the audited tables in one verdict (as `audit verify` without an anchor
    /// decides it): tables that differ from the log count as broken.
    pub fn audit_verdict(&self) -> Result<audit::Verdict> {
        let report = audit::verify(&self.conn, &self.audit_key, None)?;
        Ok(match (report.chain, report.drift.first()) {
            (audit::Verdict::Intact { .. }, Some(d)) => audit::Verdict::Broken { id: 0, reason: d.clone() },
            (v, _) => v,
        })
    }

    /// SQLite's quick check of the file ("ok", or what is damaged).
    pub fn quick_check(&self) -> Result<String> {
        Ok(self.conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?)
    }

    /// The key that MACs this database's audit chain.
    pub fn audit_key(&self) -> &audit_key::AuditKey {
        &self.audit_key
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Stamps every later write with `at` instead of the real time (tests of what screens show).
    pub fn fix_clock(&mut self, at: chrono::DateTime<chrono::FixedOffset>) {
        self.clock = Some(at);
    }

    fn stamp(&self) -> String {
        crate::domain::time::stamp(self.clock.unwrap_or_else(crate::domain::time::now))
    }

    /// Runs `f` in one IMMEDIATE transaction (the write lock is taken up front, so two writers queue
    /// on the busy timeout instead of failing on upgrade). Audit rows written through the [`Writer`]
    /// commit or roll back together with the change they describe.
    pub fn write<T>(&mut self, operator: &str, f: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        let at = self.stamp();
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut w = Writer { tx, operator: operator.to_string(), at, key: self.audit_key.clone() };
        let out = f(&mut w)?;
        w.tx.commit()?;
        Ok(out)
    }

    /// Runs `f` exactly as [`Store::write`] would, then rolls everything back: a dry run that
    /// reports what a write would do without doing it.
    pub fn trial<T>(&mut self, operator: &str, f: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        let at = self.stamp();
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut w = Writer { tx, operator: operator.to_string(), at, key: self.audit_key.clone() };
        let out = f(&mut w)?;
        w.tx.rollback()?;
        Ok(out)
    }

    /// `PRAGMA data_version` changes when another connection commits; polling it tells a terminal
    /// that its screen is stale without re-reading any table.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }
}

/// An open write transaction that knows who is writing and when.
pub struct Writer<'c> {
    pub tx: Transaction<'c>,
    pub operator: String,
    pub at: String,
    key: std::sync::Arc<audit_key::AuditKey>,
}

impl Writer<'_> {
    /// Appends one audit row to the chain inside this transaction.
    pub fn audit(
        &mut self,
        action: &str,
        entity: &str,
        record: &str,
        before: Option<&serde_json::Value>,
        after: Option<&serde_json::Value>,
    ) -> Result<()> {
        audit::append(
            &self.tx,
            &self.key,
            &audit::Entry {
                at: &self.at,
                operator: &self.operator,
                action,
                entity,
                record,
                before: before.map(|v| v.to_string()),
                after: after.map(|v| v.to_string()),
            },
        )
    }

    /// A MAC under the audit key, for values that must be comparable but not readable (a name
    /// typed at sign-in that is no operator's).
    pub fn keyed_digest(&self, parts: &[&str]) -> String {
        self.key.mac(parts)
    }

    /// Bumps `version` of a row if it still has the version the caller read; otherwise reports who
    /// changed it and when. Every edit of an existing row goes through here.
    pub fn bump_version(&mut self, table: Table, id: i64, expected: i64) -> Result<()> {
        let t = table.name();
        let n = self.tx.execute(
            &format!(
                "UPDATE {t} SET version = version + 1, updated_by = ?1, updated_at = ?2 WHERE id = ?3 AND version = ?4"
            ),
            rusqlite::params![self.operator, self.at, id, expected],
        )?;
        if n == 1 {
            return Ok(());
        }
        let found: Option<(String, String)> = self
            .tx
            .query_row(&format!("SELECT updated_by, updated_at FROM {t} WHERE id = ?1"), [id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .ok();
        match found {
            Some((by, at)) => Err(StoreError::Conflict { entity: t.to_string(), record: id.to_string(), by, at }),
            None => Err(StoreError::NotFound { entity: t.to_string(), record: id.to_string() }),
        }
    }
}

/// Tables with optimistic concurrency; a closed set so that no table name comes from input.
#[derive(Debug, Clone, Copy)]
pub enum Table {
    Community,
    Grid,
    Officer,
    Unit,
    Office,
    Hazard,
    ManualDeadline,
    Alarm,
    Silence,
    Tipoff,
    DutyShift,
    DutyEntry,
    Accident,
    WorkRecord,
}

impl Table {
    fn name(self) -> &'static str {
        match self {
            Table::Community => "community",
            Table::Grid => "grid",
            Table::Officer => "officer",
            Table::Unit => "unit",
            Table::Office => "office",
            Table::Hazard => "hazard",
            Table::ManualDeadline => "manual_deadline",
            Table::Alarm => "alarm",
            Table::Silence => "silence",
            Table::Tipoff => "tipoff",
            Table::DutyShift => "duty_shift",
            Table::DutyEntry => "duty_entry",
            Table::Accident => "accident",
            Table::WorkRecord => "work_record",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_database_is_private_and_in_wal_mode() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("sub/office.db");
        let store = Store::open(&path).expect("open");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        let mode: String = store.conn().query_row("PRAGMA journal_mode", [], |r| r.get(0)).expect("pragma");
        assert_eq!(mode, "wal");
        let fk: i64 = store.conn().query_row("PRAGMA foreign_keys", [], |r| r.get(0)).expect("pragma");
        assert_eq!(fk, 1);
        drop(store);
        // Reopening an up-to-date database runs no migration and keeps the data.
        Store::open(&path).expect("reopen");
    }

    #[test]
    fn racing_edits_get_a_conflict_naming_who_changed_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("office.db");
        let mut a = Store::open(&path).expect("open a");
        let mut b = Store::open(&path).expect("open b");
        a.write("setup", |w| {
            w.tx.execute("INSERT INTO community (id, name) VALUES (1, '东湖社区')", [])?;
            Ok(())
        })
        .expect("insert");
        // Both terminals read version 1, then both try to save.
        a.write("张三", |w| w.bump_version(Table::Community, 1, 1)).expect("first save wins");
        let err = b.write("李四", |w| w.bump_version(Table::Community, 1, 1)).expect_err("second save must conflict");
        match err {
            StoreError::Conflict { by, record, .. } => {
                assert_eq!(by, "张三");
                assert_eq!(record, "1");
            }
            other => panic!("expected conflict, got {other}"),
        }
        let v: i64 = b.conn().query_row("SELECT version FROM community WHERE id = 1", [], |r| r.get(0)).expect("v");
        assert_eq!(v, 2, "the losing edit changed nothing");
    }
}

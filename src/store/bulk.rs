//! Writing a generated office in bulk (`anjian gen`, the benchmarks' districts): a large page
//! cache for sheet-sized transactions, the search indexes rebuilt once instead of row by row, and
//! prepared inserters for history rows that skip the per-row checks of the interactive paths.

use super::{Result, Store, StoreError};
use rusqlite::{Statement, params};

/// Sizes the page cache for transactions that touch every index of the units (a city's sheet
/// would spill to the WAL long before its commit with SQLite's default 2 MB).
pub fn large_cache(store: &Store) -> Result<()> {
    store.conn().execute_batch("PRAGMA cache_size = -1048576;").map_err(StoreError::from)
}

/// The sync's connection, which writes in batches of thousands of alarms: a page cache of 32 MB
/// (the default is 2 MB) keeps the indexes it writes to in memory across a batch, and a
/// checkpoint every 16 MB of log instead of every 4 MB copies a page written by several batches
/// once.
pub fn sync_writer(store: &Store) -> Result<()> {
    store
        .conn()
        .execute_batch("PRAGMA cache_size = -32768; PRAGMA wal_autocheckpoint = 4000;")
        .map_err(StoreError::from)
}

/// Drops the search indexes' insert triggers (each row's statement would make FTS5 flush and
/// merge) and the change log's (a row logged for every row written); returns them for
/// [`resume_search_triggers`], which logs the load as one change of everything.
pub fn suspend_search_triggers(store: &Store) -> Result<Vec<String>> {
    let conn = store.conn();
    let triggers: Vec<(String, String)> = conn
        .prepare(
            r"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND (name LIKE '%\_fts\_insert' ESCAPE '\'
                OR (name LIKE 'change\_%' ESCAPE '\' AND name != 'change_log_prune'))",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (name, _) in &triggers {
        conn.execute_batch(&format!("DROP TRIGGER {name};"))?;
    }
    Ok(triggers.into_iter().map(|(_, sql)| sql).collect())
}

/// Rebuilds every search index once and puts the triggers back.
pub fn resume_search_triggers(store: &Store, triggers: &[String]) -> Result<()> {
    let conn = store.conn();
    for fts in ["unit_fts", "hazard_fts", "tipoff_fts", "alarm_fts"] {
        conn.execute_batch(&format!("INSERT INTO {fts}({fts}) VALUES ('rebuild');"))?;
    }
    for sql in triggers {
        conn.execute_batch(&format!("{sql};"))?;
    }
    conn.execute("INSERT INTO change_log (tbl) VALUES (?1)", [crate::domain::changes::EVERYTHING])?;
    Ok(())
}

/// Folds the WAL into the file and gathers the planner's statistics: a generated office is then
/// what a long-used one looks like to the query planner.
pub fn finish(store: &Store) -> Result<()> {
    store.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;").map_err(StoreError::from)
}

/// The highest unit id (generated units are numbered from 1) and the hazards there are.
pub fn sizes(store: &Store) -> Result<(i64, i64)> {
    Ok(store.conn().query_row("SELECT COALESCE(max(id), 0), (SELECT count(*) FROM hazard) FROM unit", [], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?)
}

pub struct HistoryHazard<'a> {
    pub unit_id: i64,
    pub description: &'a str,
    pub major: bool,
    pub source: &'a str,
    pub found_on: String,
    pub deadline: String,
    pub status: &'a str,
    pub closed_on: Option<String>,
}

pub struct HistoryTipoff<'a> {
    pub channel: &'a str,
    pub status: &'a str,
    /// The day it came in (and was accepted).
    pub received_on: String,
    pub unit_id: i64,
    pub verify_due: String,
    pub verified_on: Option<String>,
    pub substantiated: Option<bool>,
    pub reply_due: Option<String>,
    pub replied_on: Option<String>,
    pub reward: Option<f64>,
}

pub struct HistoryAlarm<'a> {
    pub dedup_key: String,
    pub feed: &'a str,
    pub level: &'a str,
    pub status: &'a str,
    pub event: &'a str,
    pub sent: String,
    pub unit_id: i64,
    pub closed_at: Option<String>,
    pub acked_at: Option<String>,
}

/// Prepared inserts of history rows inside one write transaction.
pub struct History<'t> {
    hazard: Statement<'t>,
    tipoff: Statement<'t>,
    alarm: Statement<'t>,
}

impl<'t> History<'t> {
    pub fn new(w: &'t super::Writer<'_>) -> Result<History<'t>> {
        Ok(History {
            hazard: w.tx.prepare(
                "INSERT INTO hazard (unit_id, description, major, source, found_on, deadline, status, closed_on, supervised)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?3)",
            )?,
            tipoff: w.tx.prepare(
                "INSERT INTO tipoff (channel, status, received_at, description, unit_id, accepted_on, verify_due,
                                     verified_on, substantiated, reply_due, replied_on, reward)
                 VALUES (?1, ?2, ?3 || 'T10:00:00+08:00', '群众反映存在安全隐患', ?4, ?3, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?,
            alarm: w.tx.prepare(
                "INSERT INTO alarm (dedup_key, feed, source, msg_status, level, status, headline, event, sent, unit_id,
                                    first_seen, last_seen, closed_at, acked_at)
                 VALUES (?1, ?2, 'gen', 'Actual', ?3, ?4, ?5 || '：' || ?5, ?5, ?6, ?7, ?6, ?6, ?8, ?9)",
            )?,
        })
    }

    pub fn hazard(&mut self, h: &HistoryHazard<'_>) -> Result<()> {
        self.hazard.execute(params![
            h.unit_id,
            h.description,
            h.major,
            h.source,
            h.found_on,
            h.deadline,
            h.status,
            h.closed_on
        ])?;
        Ok(())
    }

    pub fn tipoff(&mut self, t: &HistoryTipoff<'_>) -> Result<()> {
        self.tipoff.execute(params![
            t.channel,
            t.status,
            t.received_on,
            t.unit_id,
            t.verify_due,
            t.verified_on,
            t.substantiated,
            t.reply_due,
            t.replied_on,
            t.reward
        ])?;
        Ok(())
    }

    pub fn alarm(&mut self, a: &HistoryAlarm<'_>) -> Result<()> {
        self.alarm.execute(params![
            a.dedup_key,
            a.feed,
            a.level,
            a.status,
            a.event,
            a.sent,
            a.unit_id,
            a.closed_at,
            a.acked_at
        ])?;
        Ok(())
    }
}

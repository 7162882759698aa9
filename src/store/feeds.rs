//! A feed's bookkeeping: who fetches it (the lease), what the server sent last time (validators),
//! which index entries were already read, and its health.
//!
//! Lease and health updates are single statements outside the audit log on purpose: they are the
//! engine's own state, written every round, and carry no decision of a person. The alarms they
//! lead to are written by [`super::alarms::ingest`], which is audited.

use super::multi_row::{self, Shape};
use super::{Result, Writer};
use crate::upstream::http::Validators;
use chrono::{DateTime, FixedOffset};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use std::path::Path;
use std::time::Duration;

fn stamp(t: DateTime<FixedOffset>) -> String {
    crate::domain::time::stamp(t)
}

/// Takes or renews the lease on `feed` for `owner` until `now + hold`. Returns `Ok(None)` when
/// `owner` holds it, or the other holder's name while their lease runs. A holder on this machine
/// whose process is gone (killed, crashed) loses the lease at once instead of when it runs out.
pub fn acquire_lease(
    conn: &Connection,
    feed: &str,
    owner: &str,
    now: DateTime<FixedOffset>,
    hold: Duration,
) -> Result<Option<String>> {
    let until = stamp(now + chrono::Duration::from_std(hold).unwrap_or(chrono::Duration::minutes(5)));
    let changed = conn.execute(
        "UPDATE feed SET lease_owner = ?2, lease_until = ?3
         WHERE name = ?1 AND (lease_owner IS NULL OR lease_owner = ?2 OR lease_until IS NULL OR lease_until < ?4)",
        params![feed, owner, until, stamp(now)],
    )?;
    if changed == 1 {
        return Ok(None);
    }
    let holder = conn
        .query_row("SELECT lease_owner FROM feed WHERE name = ?1", [feed], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten();
    match holder {
        Some(h) if holder_is_gone(&h, owner) => {
            let taken = conn.execute(
                "UPDATE feed SET lease_owner = ?2, lease_until = ?3 WHERE name = ?1 AND lease_owner = ?4",
                params![feed, owner, until, h],
            )?;
            Ok(if taken == 1 { None } else { Some(h) })
        }
        Some(h) => Ok(Some(h)),
        None => Ok(Some(format!("(feed {feed} is not registered)"))),
    }
}

/// Owners are "host:pid". On the same host, a pid without /proc entry is a dead process.
fn holder_is_gone(holder: &str, me: &str) -> bool {
    let (Some((host, pid)), Some((my_host, _))) = (holder.rsplit_once(':'), me.rsplit_once(':')) else {
        return false;
    };
    host == my_host
        && pid.parse::<u32>().is_ok()
        && Path::new("/proc/self").exists()
        && !Path::new("/proc").join(pid).exists()
}

/// Gives the lease back so that another process may fetch at once.
pub fn release_lease(conn: &Connection, feed: &str, owner: &str) -> Result<()> {
    conn.execute(
        "UPDATE feed SET lease_owner = NULL, lease_until = NULL WHERE name = ?1 AND lease_owner = ?2",
        params![feed, owner],
    )?;
    Ok(())
}

/// Gives back every lease `owner` holds, through a connection of its own: a process on its way
/// out does not wait for its sync's connection, which a round's commit may still hold.
pub fn release_all_now(db: &Path, owner: &str) -> Result<()> {
    let conn = Connection::open(db)?;
    conn.busy_timeout(std::time::Duration::from_secs(2))?;
    conn.execute("UPDATE feed SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?1", [owner])?;
    Ok(())
}

pub fn validators(conn: &Connection, feed: &str) -> Result<Validators> {
    Ok(conn
        .query_row("SELECT etag, last_modified FROM feed WHERE name = ?1", [feed], |r| {
            Ok(Validators { etag: r.get(0)?, last_modified: r.get(1)? })
        })
        .optional()?
        .unwrap_or_default())
}

/// Stored with the batch the body produced, so a crash before the batch commits refetches it.
pub fn set_validators(w: &mut Writer<'_>, feed: &str, v: &Validators) -> Result<()> {
    w.tx.execute(
        "UPDATE feed SET etag = ?2, last_modified = ?3 WHERE name = ?1",
        params![feed, v.etag, v.last_modified],
    )?;
    Ok(())
}

/// Whether the index entry was read already in this version.
pub fn entry_seen(conn: &Connection, feed: &str, entry_id: &str, updated: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM feed_entry WHERE feed = ?1 AND entry_id = ?2 AND updated = ?3")?
        .exists(params![feed, entry_id, updated])?)
}

/// The index entries of a feed read before, as (entry id, updated).
pub fn entries_read(conn: &Connection, feed: &str) -> Result<std::collections::HashSet<(String, String)>> {
    let mut stmt = conn.prepare_cached("SELECT entry_id, updated FROM feed_entry WHERE feed = ?1")?;
    let seen = stmt
        .query_map([feed], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(seen)
}

/// Records the entries (id, updated) a round read, 64 to a statement (`store::multi_row`: each
/// statement here keeps a statement journal, for the upsert). An entry named twice is updated by
/// its second row. Not in the change log (migration 036): only the sync reads them.
pub fn mark_entries(w: &mut Writer<'_>, feed: &str, entries: &[(String, String)]) -> Result<()> {
    let shape = Shape {
        head: "INSERT INTO feed_entry (feed, entry_id, updated) VALUES ",
        row: "(?, ?, ?)",
        tail: " ON CONFLICT (feed, entry_id) DO UPDATE SET updated = excluded.updated",
    };
    multi_row::write(&w.tx, &shape, entries, |s, at, (id, updated)| {
        s.raw_bind_parameter(at, feed)?;
        s.raw_bind_parameter(at + 1, id)?;
        s.raw_bind_parameter(at + 2, updated)?;
        Ok(at + 3)
    })?;
    Ok(())
}

/// The feed's last successful round, if any.
pub fn last_success(conn: &Connection, feed: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT last_success FROM feed WHERE name = ?1", [feed], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten())
}

/// The feed's last error, as a round's transaction finds it.
pub fn last_error(conn: &Connection, feed: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT last_error FROM feed WHERE name = ?1", [feed], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten())
}

/// Puts `last_error` back after a round's first part: the round is not over, and a document that
/// keeps failing goes on showing its error until the rest of the round says otherwise.
pub fn keep_last_error(w: &mut Writer<'_>, feed: &str, before: Option<&str>) -> Result<()> {
    w.tx.execute("UPDATE feed SET last_error = ?2 WHERE name = ?1", params![feed, before])?;
    Ok(())
}

/// Puts `last_success` back after a failed round's batch (its quarantined items are written, but
/// the round was not a success), in the batch's transaction.
pub fn keep_last_success(w: &mut Writer<'_>, feed: &str, before: Option<&str>) -> Result<()> {
    w.tx.execute("UPDATE feed SET last_success = ?2 WHERE name = ?1", params![feed, before])?;
    Ok(())
}

/// A round that reached the feed but brought nothing new (HTTP 304, or nothing unread).
pub fn record_success(conn: &Connection, feed: &str, at: DateTime<FixedOffset>) -> Result<()> {
    conn.execute(
        "UPDATE feed SET last_attempt = ?2, last_success = ?2, last_error = NULL WHERE name = ?1",
        params![feed, stamp(at)],
    )?;
    Ok(())
}

pub fn record_failure(conn: &Connection, feed: &str, at: DateTime<FixedOffset>, error: &str) -> Result<()> {
    conn.execute(
        "UPDATE feed SET last_attempt = ?2, last_error = ?3 WHERE name = ?1",
        params![feed, stamp(at), error],
    )?;
    Ok(())
}

/// Notes how far ahead of this machine's clock the batch's items were dated (RFC 3339 `times`;
/// unreadable ones are the parser's business, not this). An empty batch says nothing of the clock
/// and leaves the last judgement.
pub fn record_clock<'a>(w: &mut Writer<'_>, feed: &str, times: impl Iterator<Item = &'a str>) -> Result<()> {
    let Ok(now) = DateTime::parse_from_rfc3339(&w.at) else { return Ok(()) };
    let mut times = times.filter_map(|t| DateTime::parse_from_rfc3339(t).ok()).peekable();
    if times.peek().is_none() {
        return Ok(());
    }
    let ahead = crate::domain::clock_skew::ahead_of(now, times);
    w.tx.execute("UPDATE feed SET ahead_seconds = ?2 WHERE name = ?1", params![feed, ahead])?;
    Ok(())
}

/// Adds a round's alarms with an unread level word and its non-conforming documents to the
/// feed's counts, in the round's transaction.
pub fn count_notes(w: &mut Writer<'_>, feed: &str, level_unread: usize, nonconforming: usize) -> Result<()> {
    if level_unread + nonconforming > 0 {
        w.tx.execute(
            "UPDATE feed SET level_unread = level_unread + ?2, nonconforming = nonconforming + ?3 WHERE name = ?1",
            params![feed, level_unread as i64, nonconforming as i64],
        )?;
    }
    Ok(())
}

/// One feed's health as the Overview and `export feeds` show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeedHealth {
    pub name: String,
    pub kind: String,
    pub url: String,
    pub last_success: Option<String>,
    pub last_error: Option<String>,
    pub last_attempt: Option<String>,
    pub items: i64,
    pub quarantined: i64,
    /// How far ahead of this machine's clock its last items were dated, beyond the tolerance.
    pub ahead_seconds: Option<i64>,
    /// Linked documents not read yet, still retried.
    pub pending: i64,
    /// Linked documents given up after the feed's give-up age: alerts that were never read.
    pub given_up: i64,
    /// Alarms whose level word was not understood (the level came from the severity).
    pub level_unread: i64,
    /// CAP documents read leniently although they did not conform to the schema.
    pub nonconforming: i64,
}

pub fn health(conn: &Connection) -> Result<Vec<FeedHealth>> {
    let mut stmt = conn.prepare_cached(
        "SELECT name, kind, url, last_success, last_error, last_attempt, items, quarantined, ahead_seconds,
                (SELECT count(*) FROM feed_pending p WHERE p.feed = feed.name AND p.given_up_at IS NULL),
                (SELECT count(*) FROM feed_pending p WHERE p.feed = feed.name AND p.given_up_at IS NOT NULL),
                level_unread, nonconforming
         FROM feed ORDER BY name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(FeedHealth {
            name: r.get(0)?,
            kind: r.get(1)?,
            url: r.get(2)?,
            last_success: r.get(3)?,
            last_error: r.get(4)?,
            last_attempt: r.get(5)?,
            items: r.get(6)?,
            quarantined: r.get(7)?,
            ahead_seconds: r.get(8)?,
            pending: r.get(9)?,
            given_up: r.get(10)?,
            level_unread: r.get(11)?,
            nonconforming: r.get(12)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// More entries than one statement holds, one of them named twice (its second row wins), and
    /// an entry read in an earlier round updated.
    #[test]
    fn entries_read_are_recorded_many_to_a_statement() {
        let dir = tempfile::tempdir().expect("tmp");
        let mut store = super::super::Store::open(&dir.path().join("a.db")).expect("store");
        let first = vec![("e0".to_string(), "v1".to_string())];
        store.write("test", |w| mark_entries(w, "cap", &first)).expect("first round");
        let mut round: Vec<(String, String)> = (0..150).map(|i| (format!("e{i}"), "v2".to_string())).collect();
        round.push(("e7".into(), "v3".into()));
        store.write("test", |w| mark_entries(w, "cap", &round)).expect("second round");
        let read = entries_read(store.conn(), "cap").expect("read");
        assert_eq!(read.len(), 150);
        assert!(read.contains(&("e0".to_string(), "v2".to_string())), "updated by the later round");
        assert!(read.contains(&("e7".to_string(), "v3".to_string())), "the second row of the same entry wins");
        assert!(read.contains(&("e149".to_string(), "v2".to_string())), "the short last chunk is written");
    }
}

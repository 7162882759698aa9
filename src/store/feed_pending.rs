//! A feed's linked documents not read yet. An index entry whose document failed (404, a timeout,
//! a server error) is kept here with its links, attempts and next try, and retried on later rounds
//! whatever the index answers: an unchanged index answers 304 and lists nothing, and the alert
//! must not be lost behind it. Past the feed's give-up age the row is marked given up, not
//! deleted, so feed health keeps saying that a document was never read.
//!
//! Written in the round's own transaction (with the alarms and the entries read), so a crash
//! leaves the pending list as it was before the round.

use super::{Result, Writer};
use chrono::{DateTime, FixedOffset};
use rusqlite::{Connection, OptionalExtension, params};
use std::time::Duration;

/// One document to fetch again: the index entry it belongs to and its links in order.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingDocument {
    pub entry_id: String,
    pub updated: String,
    pub links: Vec<String>,
}

/// How long to wait after the `attempts`-th failure: one minute, doubling, at most an hour (a
/// document a server lost for a while is asked for about 24 times a day, not every round).
pub fn retry_after(attempts: u32) -> Duration {
    let minutes = 1u64 << attempts.saturating_sub(1).min(6);
    Duration::from_secs(minutes.min(60) * 60)
}

/// The feed's pending documents due at `now` (not given up), oldest first.
pub fn due(conn: &Connection, feed: &str, now: DateTime<FixedOffset>) -> Result<Vec<PendingDocument>> {
    let mut stmt = conn.prepare_cached(
        "SELECT entry_id, updated, links FROM feed_pending
         WHERE feed = ?1 AND given_up_at IS NULL AND next_try <= ?2 ORDER BY first_seen, entry_id",
    )?;
    let rows = stmt.query_map(params![feed, crate::domain::time::stamp(now)], |r| {
        Ok(PendingDocument {
            entry_id: r.get(0)?,
            updated: r.get(1)?,
            links: r.get::<_, String>(2)?.lines().map(str::to_string).collect(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether a failure gave the document up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterFailure {
    Retry,
    GivenUp,
}

/// Records a failed fetch at the writer's time. A new entry (or a new version of one) starts a
/// fresh row; a known one counts one more attempt, and is given up once `give_up_after` has passed
/// since it was first seen.
pub fn failed(
    w: &mut Writer<'_>,
    feed: &str,
    doc: &PendingDocument,
    error: &str,
    give_up_after: Duration,
) -> Result<AfterFailure> {
    let now = DateTime::parse_from_rfc3339(&w.at).unwrap_or_else(|_| crate::domain::time::now());
    let known: Option<(String, String, u32)> =
        w.tx.query_row(
            "SELECT updated, first_seen, attempts FROM feed_pending WHERE feed = ?1 AND entry_id = ?2",
            params![feed, doc.entry_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let (first_seen, attempts) = match known {
        Some((updated, first, n)) if updated == doc.updated => (first, n + 1),
        _ => (w.at.clone(), 1),
    };
    let age = DateTime::parse_from_rfc3339(&first_seen).map(|f| now - f).unwrap_or_default();
    let give_up = age.to_std().unwrap_or_default() >= give_up_after;
    let next = now + chrono::Duration::from_std(retry_after(attempts)).unwrap_or(chrono::Duration::hours(1));
    w.tx.execute(
        "INSERT INTO feed_pending (feed, entry_id, updated, links, first_seen, attempts, next_try, last_error, given_up_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (feed, entry_id) DO UPDATE SET updated = excluded.updated, links = excluded.links,
             first_seen = excluded.first_seen, attempts = excluded.attempts, next_try = excluded.next_try,
             last_error = excluded.last_error, given_up_at = excluded.given_up_at",
        params![
            feed,
            doc.entry_id,
            doc.updated,
            doc.links.join("\n"),
            first_seen,
            attempts,
            crate::domain::time::stamp(next),
            error,
            give_up.then(|| w.at.clone()),
        ],
    )?;
    Ok(if give_up { AfterFailure::GivenUp } else { AfterFailure::Retry })
}

/// The document was read: it is no longer pending.
pub fn read(w: &mut Writer<'_>, feed: &str, entry_id: &str) -> Result<()> {
    w.tx.prepare_cached("DELETE FROM feed_pending WHERE feed = ?1 AND entry_id = ?2")?
        .execute(params![feed, entry_id])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_from_a_minute_to_an_hour() {
        let minutes: Vec<u64> = (1..=9).map(|n| retry_after(n).as_secs() / 60).collect();
        assert_eq!(minutes, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
        assert_eq!(retry_after(0).as_secs(), 60);
        assert_eq!(retry_after(u32::MAX).as_secs(), 3600);
    }
}

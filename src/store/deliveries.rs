//! The notification outbox over the store: what waits, leased by one sender at a time, and the
//! answer recorded — sent, or failed with the next try after a backoff, or dead after the last try
//! or a refusal that a retry cannot change — each in its alarm's timeline. What puts messages in
//! is `delivery_routing.rs`.

use super::alarm_queue::{self, AlarmRow};
use super::{Result, Writer};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    pub id: i64,
    pub key: String,
    pub receiver: String,
    pub kind: String,
    pub alarm_id: Option<i64>,
    /// The hazard a dispatch message is about.
    pub hazard_id: Option<i64>,
    /// The message as JSON (`notify::message::Message`'s fields).
    pub message: String,
    pub created_at: String,
    pub due_at: String,
    pub attempts: i64,
    pub status: String,
    pub last_error: String,
    pub sent_at: Option<String>,
}

const SELECT: &str = "SELECT id, key, receiver, kind, alarm_id, message, created_at, due_at, attempts, status,
    last_error, sent_at, hazard_id FROM delivery";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Delivery> {
    Ok(Delivery {
        id: r.get(0)?,
        key: r.get(1)?,
        receiver: r.get(2)?,
        kind: r.get(3)?,
        alarm_id: r.get(4)?,
        message: r.get(5)?,
        created_at: r.get(6)?,
        due_at: r.get(7)?,
        attempts: r.get(8)?,
        status: r.get(9)?,
        last_error: r.get(10)?,
        sent_at: r.get(11)?,
        hazard_id: r.get(12)?,
    })
}

/// The other alarms a message carries (its group's), in the order they came.
pub fn companions(conn: &Connection, delivery: i64) -> Result<Vec<AlarmRow>> {
    let ids: Vec<i64> = conn
        .prepare_cached(
            "SELECT da.alarm_id FROM delivery_member da JOIN delivery d ON d.id = da.delivery_id
             WHERE da.delivery_id = ?1 AND da.alarm_id IS NOT d.alarm_id ORDER BY da.alarm_id",
        )?
        .query_map([delivery], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for id in ids {
        if let Some(a) = alarm_queue::row(conn, id)? {
            out.push(a);
        }
    }
    Ok(out)
}

/// The grid an alarm is placed in, for the message (the first, when several).
pub(super) fn grid_of(conn: &Connection, alarm: i64) -> Result<String> {
    Ok(conn
        .prepare_cached(
            "SELECT g.name FROM alarm_area aa JOIN grid g ON g.id = aa.grid_id WHERE aa.alarm_id = ?1 ORDER BY g.id LIMIT 1",
        )?
        .query_row([alarm], |r| r.get(0))
        .optional()?
        .unwrap_or_default())
}

/// Messages due at `now`, not leased by another sender, oldest first.
pub fn due(conn: &Connection, now: &str, limit: i64) -> Result<Vec<Delivery>> {
    Ok(conn
        .prepare_cached(&format!(
            "{SELECT} WHERE status = 'pending' AND due_at <= ?1 AND (lease_until IS NULL OR lease_until < ?1)
             ORDER BY due_at, id LIMIT ?2"
        ))?
        .query_map(params![now, limit], row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// Takes the message for one delivery until `until`; false when another sender has it.
pub fn lease(w: &mut Writer<'_>, id: i64, until: &str) -> Result<bool> {
    Ok(w.tx.execute(
        "UPDATE delivery SET lease_until = ?2 WHERE id = ?1 AND status = 'pending' AND (lease_until IS NULL OR lease_until < ?3)",
        params![id, until, w.at],
    )? == 1)
}

/// The receiver took it.
pub fn sent(w: &mut Writer<'_>, id: i64, answer: &str) -> Result<()> {
    w.tx.execute(
        "UPDATE delivery SET status = 'sent', sent_at = ?2, attempts = attempts + 1, last_error = '', lease_until = NULL,
           version = version + 1, updated_by = ?3, updated_at = ?2 WHERE id = ?1",
        params![id, w.at, w.operator],
    )?;
    note(w, id, json!({"sent": answer}))
}

/// It failed: tried again at `next` (RFC 3339), or kept as dead when `next` is `None`.
pub fn failed(w: &mut Writer<'_>, id: i64, words: &str, next: Option<&str>) -> Result<()> {
    w.tx.execute(
        "UPDATE delivery SET attempts = attempts + 1, last_error = ?2, lease_until = NULL,
           status = CASE WHEN ?3 IS NULL THEN 'dead' ELSE 'pending' END, due_at = COALESCE(?3, due_at),
           version = version + 1, updated_by = ?4, updated_at = ?5 WHERE id = ?1",
        params![id, words, next, w.operator, w.at],
    )?;
    note(w, id, json!({"failed": words, "next": next}))
}

/// The alarm's timeline (or the hazard's history) hears what became of its message.
fn note(w: &mut Writer<'_>, id: i64, what: serde_json::Value) -> Result<()> {
    let (alarm, hazard, receiver): (Option<i64>, Option<i64>, String) =
        w.tx.query_row("SELECT alarm_id, hazard_id, receiver FROM delivery WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    let mut what = what;
    what["receiver"] = json!(receiver);
    match (alarm, hazard) {
        (Some(a), _) => w.audit("alarm.delivery", "alarm", &a.to_string(), None, Some(&what)),
        (None, Some(h)) => w.audit("hazard.delivery", "hazard", &h.to_string(), None, Some(&what)),
        (None, None) => w.audit("delivery", "delivery", &id.to_string(), None, Some(&what)),
    }
}

/// Every message, newest first (the export), and the counts the Overview shows.
pub fn all(conn: &Connection) -> Result<Vec<Delivery>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT} ORDER BY id DESC"))?
        .query_map([], row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// (pending, sent, dead).
pub fn counts(conn: &Connection) -> Result<(i64, i64, i64)> {
    Ok(conn.query_row(
        "SELECT count(*) FILTER (WHERE status = 'pending'), count(*) FILTER (WHERE status = 'sent'),
                count(*) FILTER (WHERE status = 'dead') FROM delivery",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?)
}

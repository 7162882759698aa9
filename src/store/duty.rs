//! The duty log over the store: shifts, entries, serious accidents with their reporting clock,
//! and the hand-over — drafted from what happened during the shift, edited and signed by the
//! officer, acknowledged by the next one.

use super::{Result, StoreError, Table, Writer};
use crate::domain::calendar::HolidayCalendar;
use crate::domain::deadline::Deadline;
use crate::domain::duty::EntryKind;
use chrono::{DateTime, Duration, FixedOffset};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

#[derive(Debug, Clone, PartialEq)]
pub struct Shift {
    pub id: i64,
    pub operator: String,
    pub started_at: String,
    pub ended_at: Option<String>,
    pub handover: String,
    pub acknowledged_by: Option<String>,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub id: i64,
    pub operator: String,
    pub at: String,
    pub kind: EntryKind,
    pub text: String,
    pub reported_at: Option<String>,
    pub version: i64,
}

const SHIFT: &str = "SELECT id, operator, started_at, ended_at, handover, acknowledged_by, version FROM duty_shift";
const ENTRY: &str = "SELECT id, operator, at, kind, text, reported_at, version FROM duty_entry";

fn shift_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Shift> {
    Ok(Shift {
        id: r.get(0)?,
        operator: r.get(1)?,
        started_at: r.get(2)?,
        ended_at: r.get(3)?,
        handover: r.get(4)?,
        acknowledged_by: r.get(5)?,
        version: r.get(6)?,
    })
}

fn entry_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
    Ok(Entry {
        id: r.get(0)?,
        operator: r.get(1)?,
        at: r.get(2)?,
        kind: EntryKind::parse(&r.get::<_, String>(3)?).unwrap_or(EntryKind::Other),
        text: r.get(4)?,
        reported_at: r.get(5)?,
        version: r.get(6)?,
    })
}

/// The operator's shift in progress, if any.
pub fn current_shift(conn: &Connection, operator: &str) -> Result<Option<Shift>> {
    Ok(conn
        .query_row(
            &format!("{SHIFT} WHERE operator = ?1 AND ended_at IS NULL ORDER BY id DESC LIMIT 1"),
            [operator],
            shift_row,
        )
        .optional()?)
}

/// Starts the writer's shift (or returns the one already running).
pub fn start_shift(w: &mut Writer<'_>) -> Result<i64> {
    if let Some(s) = current_shift(&w.tx, &w.operator)? {
        return Ok(s.id);
    }
    w.tx.execute(
        "INSERT INTO duty_shift (operator, started_at, updated_by, updated_at) VALUES (?1, ?2, ?1, ?2)",
        params![w.operator, w.at],
    )?;
    let id = w.tx.last_insert_rowid();
    w.audit("duty.start", "duty_shift", &id.to_string(), None, Some(&json!({"at": w.at})))?;
    Ok(id)
}

/// A log entry by the writer, in their shift if one is running.
pub fn add_entry(w: &mut Writer<'_>, kind: EntryKind, text: &str) -> Result<i64> {
    if text.trim().is_empty() {
        return Err(StoreError::Refused("a log entry needs its text".into()));
    }
    let shift = current_shift(&w.tx, &w.operator)?.map(|s| s.id);
    w.tx.execute(
        "INSERT INTO duty_entry (shift_id, operator, at, kind, text, updated_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?2, ?3)",
        params![shift, w.operator, w.at, kind.code(), text.trim()],
    )?;
    let id = w.tx.last_insert_rowid();
    w.audit(
        "duty.entry",
        "duty_entry",
        &id.to_string(),
        None,
        Some(&json!({"kind": kind.code(), "text": text.trim()})),
    )?;
    // The register has the accident from this moment, to be completed with its unit and figures.
    if kind == EntryKind::SeriousAccident {
        super::accidents::open_from_duty_log(w, id, text.trim())?;
    }
    Ok(id)
}

/// The newest entries, newest first.
pub fn recent_entries(conn: &Connection, limit: i64) -> Result<Vec<Entry>> {
    let mut stmt = conn.prepare_cached(&format!("{ENTRY} ORDER BY at DESC, id DESC LIMIT ?1"))?;
    let rows = stmt.query_map([limit], entry_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Serious accidents not yet reported upwards, oldest first: every terminal shows their clock.
pub fn unreported_accidents(conn: &Connection) -> Result<Vec<Entry>> {
    let mut stmt = conn
        .prepare_cached(&format!("{ENTRY} WHERE kind = 'serious_accident' AND reported_at IS NULL ORDER BY at, id"))?;
    let rows = stmt.query_map([], entry_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Marks a serious accident as reported upwards: its clock stops.
pub fn mark_reported(w: &mut Writer<'_>, id: i64, version: i64) -> Result<()> {
    w.bump_version(Table::DutyEntry, id, version)?;
    let n = w.tx.execute(
        "UPDATE duty_entry SET reported_at = ?2 WHERE id = ?1 AND kind = 'serious_accident' AND reported_at IS NULL",
        params![id, w.at],
    )?;
    if n == 0 {
        return Err(StoreError::Refused(format!("log entry {id} is not an unreported serious accident")));
    }
    w.audit("duty.reported", "duty_entry", &id.to_string(), None, Some(&json!({"reported_at": w.at})))?;
    super::accidents::reported_from_duty_log(w, id)
}

/// What the shift saw, for the hand-over draft.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Handover {
    pub alarms_received: i64,
    pub alarms_open: i64,
    pub tipoffs_taken: i64,
    pub hazards_changed: i64,
    pub entries: i64,
    pub accidents_unreported: i64,
    /// How many deadlines fall due within the next 24 hours (overdue ones are not counted).
    pub due_coming: i64,
    /// The first of them, most urgent first.
    pub due_soon: Vec<Deadline>,
    /// Office-wide, whoever's shift they arrived in: red and orange alarms nobody has acknowledged
    /// (what the banner counts), all alarms still open, and items past their deadline.
    pub office_unacknowledged: i64,
    pub office_alarms_open: i64,
    pub office_overdue: i64,
}

/// Counts what happened between `from` and `now` (RFC 3339 stamps) for the hand-over.
pub fn handover(conn: &Connection, cal: &HolidayCalendar, from: &str, now: DateTime<FixedOffset>) -> Result<Handover> {
    let to = crate::domain::time::stamp(now);
    let one = |sql: &str| -> Result<i64> { Ok(conn.query_row(sql, params![from, to], |r| r.get(0))?) };
    let today = now.date_naive();
    let q = crate::store::deadlines::DeadlineQuery {
        until: Some((now + Duration::hours(24)).date_naive()),
        ..crate::store::deadlines::DeadlineQuery::all(today)
    };
    // The merged list puts overdue items first; the hand-over wants what falls due next, so it
    // starts after them.
    let overdue = crate::store::deadlines::DeadlineQuery { overdue_only: true, ..q.clone() };
    let skip = crate::store::deadlines::count(conn, &overdue, cal)?;
    let coming = crate::store::deadlines::count(conn, &q, cal)? - skip;
    Ok(Handover {
        alarms_received: one(
            "SELECT count(*) FROM alarm WHERE first_seen BETWEEN ?1 AND ?2 AND msg_status = 'Actual'",
        )?,
        alarms_open: one("SELECT count(*) FROM alarm WHERE first_seen BETWEEN ?1 AND ?2 AND msg_status = 'Actual'
               AND status IN ('new', 'acknowledged', 'dispatched')")?,
        tipoffs_taken: one("SELECT count(*) FROM tipoff WHERE received_at BETWEEN ?1 AND ?2")?,
        hazards_changed: one(
            "SELECT count(DISTINCT record) FROM audit_log WHERE entity = 'hazard' AND at BETWEEN ?1 AND ?2",
        )?,
        entries: one("SELECT count(*) FROM duty_entry WHERE at BETWEEN ?1 AND ?2")?,
        accidents_unreported: conn.query_row(
            "SELECT count(*) FROM duty_entry WHERE kind = 'serious_accident' AND reported_at IS NULL",
            [],
            |r| r.get(0),
        )?,
        due_coming: coming,
        due_soon: crate::store::deadlines::page(conn, &q, cal, skip.max(0) as usize, 10)?,
        office_unacknowledged: crate::store::alarm_queue::needing_attention(conn, &to, 10_000)?.len() as i64,
        office_alarms_open: conn.query_row(
            "SELECT count(*) FROM alarm WHERE msg_status = 'Actual' AND status IN ('new', 'acknowledged', 'dispatched')",
            [],
            |r| r.get(0),
        )?,
        office_overdue: skip,
    })
}

/// Ends the shift with the hand-over text the officer edited and signed.
pub fn end_shift(w: &mut Writer<'_>, id: i64, version: i64, handover: &str) -> Result<()> {
    w.bump_version(Table::DutyShift, id, version)?;
    let n = w.tx.execute(
        "UPDATE duty_shift SET ended_at = ?2, handover = ?3 WHERE id = ?1 AND ended_at IS NULL AND operator = ?4",
        params![id, w.at, handover, w.operator],
    )?;
    if n == 0 {
        return Err(StoreError::Refused(format!("shift {id} is not {}'s shift in progress", w.operator)));
    }
    w.audit("duty.handover", "duty_shift", &id.to_string(), None, Some(&json!({"handover": handover})))
}

/// The latest signed hand-over by another officer that nobody has acknowledged yet.
pub fn pending_handover(conn: &Connection, operator: &str) -> Result<Option<Shift>> {
    Ok(conn
        .query_row(
            &format!(
                "{SHIFT} WHERE ended_at IS NOT NULL AND acknowledged_at IS NULL AND operator <> ?1
                 ORDER BY ended_at DESC LIMIT 1"
            ),
            [operator],
            shift_row,
        )
        .optional()?)
}

/// The next officer has read the hand-over; the older ones still waiting (shifts nobody took
/// over from) are marked read with it, each in the audit log, since the latest hand-over is the
/// one that describes the office now.
pub fn acknowledge(w: &mut Writer<'_>, id: i64, version: i64) -> Result<()> {
    w.bump_version(Table::DutyShift, id, version)?;
    let ended: Option<String> = w.tx.query_row("SELECT ended_at FROM duty_shift WHERE id = ?1", [id], |r| r.get(0))?;
    let older: Vec<(i64, i64)> = match &ended {
        Some(at) => {
            w.tx.prepare(
                "SELECT id, version FROM duty_shift WHERE id <> ?1 AND ended_at IS NOT NULL AND ended_at <= ?2
                   AND acknowledged_at IS NULL AND operator <> ?3",
            )?
            .query_map(params![id, at, w.operator], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?
        }
        None => Vec::new(),
    };
    for (shift, v) in std::iter::once((id, version)).chain(older.iter().copied()) {
        if shift != id {
            w.bump_version(Table::DutyShift, shift, v)?;
        }
        w.tx.execute(
            "UPDATE duty_shift SET acknowledged_by = ?2, acknowledged_at = ?3 WHERE id = ?1",
            params![shift, w.operator, w.at],
        )?;
        let with = (shift != id).then_some(id);
        w.audit(
            "duty.acknowledge",
            "duty_shift",
            &shift.to_string(),
            None,
            Some(&json!({"by": w.operator, "with": with})),
        )?;
    }
    Ok(())
}

/// The latest signed hand-overs (anyone's, the operator's own included), newest first, to reread.
pub fn recent_handovers(conn: &Connection, limit: i64) -> Result<Vec<Shift>> {
    Ok(conn
        .prepare_cached(&format!("{SHIFT} WHERE ended_at IS NOT NULL ORDER BY ended_at DESC, id DESC LIMIT ?1"))?
        .query_map([limit], shift_row)?
        .collect::<rusqlite::Result<_>>()?)
}

//! What duty officers do to alarms beyond the status step in [`super::alarms::transition`]:
//! dispatch to an officer, open a hazard from an alarm, and silences. Each is one audited write
//! with the row's version checked.

use super::hazards::{self, NewHazard};
use super::{Result, StoreError, Table, Writer};
use crate::domain::OperatorRole;
use crate::domain::alarm::{AlarmStatus, check_alarm_transition};
use crate::domain::silence::Matcher;
use rusqlite::{OptionalExtension, params};
use serde_json::json;

/// A refusal the officer can act on, or the database failing.
#[derive(Debug, thiserror::Error)]
pub enum StepError {
    #[error("{0}")]
    Refused(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for StepError {
    fn from(e: rusqlite::Error) -> Self {
        StepError::Store(e.into())
    }
}

fn status_of(w: &Writer<'_>, id: i64) -> std::result::Result<AlarmStatus, StepError> {
    let s: Option<String> = w.tx.query_row("SELECT status FROM alarm WHERE id = ?1", [id], |r| r.get(0)).optional()?;
    s.and_then(|s| AlarmStatus::parse(&s)).ok_or_else(|| StepError::Refused(format!("alarm {id} not found")))
}

/// Sends the alarm to an officer (who goes to look); the alarm becomes dispatched.
pub fn dispatch(
    w: &mut Writer<'_>,
    id: i64,
    version: i64,
    officer_id: i64,
    role: OperatorRole,
    note: &str,
) -> std::result::Result<(), StepError> {
    let from = status_of(w, id)?;
    check_alarm_transition(from, AlarmStatus::Dispatched, role)
        .map_err(|e| StepError::Refused(format!("alarm {id}: {e}")))?;
    let officer: Option<String> =
        w.tx.query_row("SELECT name FROM officer WHERE id = ?1", [officer_id], |r| r.get(0)).optional()?;
    let officer = officer.ok_or_else(|| StepError::Refused(format!("officer {officer_id} not found")))?;
    w.bump_version(Table::Alarm, id, version)?;
    w.tx.execute(
        "UPDATE alarm SET status = 'dispatched', officer_id = ?2, close_note = ?3 WHERE id = ?1",
        params![id, officer_id, note],
    )?;
    w.audit(
        "alarm.dispatch",
        "alarm",
        &id.to_string(),
        Some(&json!({"status": from.code()})),
        Some(&json!({"status": "dispatched", "officer": officer, "note": note})),
    )?;
    Ok(())
}

/// Opens a hazard at the alarm's unit, source "alarm", and links the two. The alarm is
/// acknowledged on the way if it was new (somebody has clearly seen it).
pub fn open_hazard(
    w: &mut Writer<'_>,
    id: i64,
    version: i64,
    hazard: &NewHazard,
    role: OperatorRole,
) -> std::result::Result<i64, StepError> {
    if role < OperatorRole::Duty {
        return Err(StepError::Refused(format!(
            "only duty officers and above may open hazards; you are {}",
            role.code()
        )));
    }
    let from = status_of(w, id)?;
    let linked: Option<i64> = w.tx.query_row("SELECT hazard_id FROM alarm WHERE id = ?1", [id], |r| r.get(0))?;
    if let Some(h) = linked {
        return Err(StepError::Refused(format!("alarm {id} already opened hazard #{h}")));
    }
    w.bump_version(Table::Alarm, id, version)?;
    let hazard_id = hazards::create(w, hazard)?;
    let status = if from == AlarmStatus::New { AlarmStatus::Acknowledged } else { from };
    w.tx.execute("UPDATE alarm SET hazard_id = ?2, status = ?3 WHERE id = ?1", params![id, hazard_id, status.code()])?;
    w.audit(
        "alarm.open_hazard",
        "alarm",
        &id.to_string(),
        Some(&json!({"status": from.code()})),
        Some(&json!({"status": status.code(), "hazard": hazard_id})),
    )?;
    Ok(hazard_id)
}

/// Starts a silence now for `minutes`; the matcher is checked before anything is stored.
pub fn add_silence(
    w: &mut Writer<'_>,
    matcher: &str,
    minutes: i64,
    reason: &str,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> std::result::Result<i64, StepError> {
    Matcher::parse(matcher).map_err(|e| StepError::Refused(e.to_string()))?;
    if reason.trim().is_empty() {
        return Err(StepError::Refused("a silence needs a reason".into()));
    }
    let (start, end) =
        (crate::domain::time::stamp(now), crate::domain::time::stamp(now + chrono::Duration::minutes(minutes)));
    w.tx.execute(
        "INSERT INTO silence (matcher, reason, starts_at, ends_at, created_by, updated_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)",
        params![matcher.trim(), reason.trim(), start, end, w.operator, w.at],
    )?;
    let id = w.tx.last_insert_rowid();
    w.audit(
        "silence.add",
        "silence",
        &id.to_string(),
        None,
        Some(&json!({"matcher": matcher.trim(), "reason": reason.trim(), "until": end})),
    )?;
    Ok(id)
}

pub fn remove_silence(w: &mut Writer<'_>, id: i64, version: i64) -> Result<()> {
    w.bump_version(Table::Silence, id, version)?;
    w.tx.execute("UPDATE silence SET removed_at = ?2, removed_by = ?3 WHERE id = ?1", params![id, w.at, w.operator])?;
    w.audit("silence.remove", "silence", &id.to_string(), None, Some(&json!({"removed": true})))
}

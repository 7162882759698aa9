//! A hazard's step through the closed loop (found → rectifying → awaiting verification →
//! closed, and back): checked against the rules and the caller's version, closing with the
//! verification note and the rectification evidence, audited.

use super::{StoreError, Table, Writer};
use crate::domain::OperatorRole;
use crate::domain::hazard::{HazardStatus, check_closure, check_transition};
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum HazardError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("hazard {id}: {source}")]
    Transition { id: i64, source: crate::domain::hazard::TransitionError },
}

impl From<rusqlite::Error> for HazardError {
    fn from(e: rusqlite::Error) -> Self {
        HazardError::Store(e.into())
    }
}

/// Moves a hazard one step in the loop, if the caller's copy is still current and the step and
/// role allow it. Closing records who verified it, when, the verification note (验收意见) and the
/// rectification evidence, and is refused without either.
#[allow(clippy::too_many_arguments)]
pub fn transition(
    w: &mut Writer<'_>,
    id: i64,
    expected_version: i64,
    to: HazardStatus,
    role: OperatorRole,
    on: NaiveDate,
    note: &str,
    evidence: &str,
) -> std::result::Result<(), HazardError> {
    let row: Option<(String, bool)> =
        w.tx.query_row("SELECT status, major FROM hazard WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
    let (from, major) = row.ok_or_else(|| StoreError::NotFound { entity: "hazard".into(), record: id.to_string() })?;
    let from = HazardStatus::parse(&from).unwrap_or(HazardStatus::Found);
    check_transition(from, to, major, role).map_err(|source| HazardError::Transition { id, source })?;
    if to == HazardStatus::Closed {
        check_closure(note, evidence).map_err(|source| HazardError::Transition { id, source })?;
    }
    w.bump_version(Table::Hazard, id, expected_version)?;
    if to == HazardStatus::Closed {
        w.tx.execute(
            "UPDATE hazard SET status = ?1, closed_on = ?2, closed_by = ?3, closure_note = ?4,
                    rectification_evidence = ?5 WHERE id = ?6",
            params![to.code(), on.to_string(), w.operator, note.trim(), evidence.trim(), id],
        )?;
    } else {
        w.tx.execute(
            "UPDATE hazard SET status = ?1, closed_on = NULL, closed_by = NULL WHERE id = ?2",
            params![to.code(), id],
        )?;
    }
    let action = if from == HazardStatus::Closed { "hazard.reopen" } else { "hazard.transition" };
    w.audit(
        action,
        "hazard",
        &id.to_string(),
        Some(&json!({"status": from.code()})),
        Some(&json!({"status": to.code(), "on": on.to_string(), "note": note, "evidence": evidence})),
    )?;
    Ok(())
}

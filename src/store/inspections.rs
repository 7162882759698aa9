//! Self-inspections and drills as recorded by the office. Recording one moves the unit's next due
//! date (through the last-done fact on the unit), and its findings may open a hazard at once.

use super::hazards::{self, NewHazard};
use super::{Result, StoreError, Writer};
use chrono::NaiveDate;
use rusqlite::params;
use serde_json::json;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InspectionKind {
    SelfInspection,
    Drill,
}

impl InspectionKind {
    pub fn code(self) -> &'static str {
        match self {
            Self::SelfInspection => "self_inspection",
            Self::Drill => "drill",
        }
    }

    fn column(self) -> &'static str {
        match self {
            Self::SelfInspection => "last_self_inspection",
            Self::Drill => "last_drill",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewInspection {
    pub unit_id: i64,
    pub kind: InspectionKind,
    pub done_on: NaiveDate,
    pub done_by: String,
    pub findings: String,
}

/// Records an inspection or drill; with `hazard`, its findings open that hazard, linked to it.
/// Returns (inspection id, hazard id).
pub fn record(w: &mut Writer<'_>, i: &NewInspection, hazard: Option<NewHazard>) -> Result<(i64, Option<i64>)> {
    let exists: bool = w.tx.query_row("SELECT EXISTS(SELECT 1 FROM unit WHERE id = ?1)", [i.unit_id], |r| r.get(0))?;
    if !exists {
        return Err(StoreError::NotFound { entity: "unit".into(), record: i.unit_id.to_string() });
    }
    w.tx.execute(
        "INSERT INTO inspection (unit_id, kind, done_on, done_by, findings, recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![i.unit_id, i.kind.code(), i.done_on.to_string(), i.done_by, i.findings, w.operator, w.at],
    )?;
    let id = w.tx.last_insert_rowid();
    // An older record entered late must not move the date backwards.
    let col = i.kind.column();
    w.tx.execute(
        &format!("UPDATE unit SET {col} = ?1 WHERE id = ?2 AND ({col} IS NULL OR {col} < ?1)"),
        params![i.done_on.to_string(), i.unit_id],
    )?;
    let after = json!({"unit_id": i.unit_id, "kind": i.kind.code(), "done_on": i.done_on.to_string(), "done_by": i.done_by, "findings": i.findings});
    w.audit("inspection.record", "inspection", &id.to_string(), None, Some(&after))?;
    let hazard_id = match hazard {
        Some(h) => Some(hazards::create(w, &NewHazard { inspection_id: Some(id), unit_id: i.unit_id, ..h })?),
        None => None,
    };
    Ok((id, hazard_id))
}

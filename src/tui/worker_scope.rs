//! The write side of operator scopes: a scoped operator's change is admitted only when the record
//! it touches (or the unit a new record is for) is visible in their scoped view, and changes to
//! the office's own things (reports, plans, silences) are not theirs to make.

use super::worker::{Backend, WriteOp};
use crate::store::scope::{ScopedTable, visible};

impl Backend {
    pub(super) fn within_scope(&self, op: &WriteOp) -> Result<(), String> {
        let Some(conn) = &self.scoped else { return Ok(()) };
        let target = match op {
            WriteOp::RecordInspection(i, _) => Some((ScopedTable::Unit, i.unit_id)),
            WriteOp::CreateHazard(h) => Some((ScopedTable::Unit, h.unit_id)),
            WriteOp::UpdateHazard { id, .. } | WriteOp::Transition { id, .. } => Some((ScopedTable::Hazard, *id)),
            WriteOp::CompleteManual { id, .. } => Some((ScopedTable::ManualDeadline, *id)),
            WriteOp::AddManual { unit_id: Some(u), .. } => Some((ScopedTable::Unit, *u)),
            WriteOp::AlarmStep { id, .. } | WriteOp::AlarmDispatch { id, .. } => Some((ScopedTable::Alarm, *id)),
            WriteOp::AlarmHazard { id, hazard, .. } => {
                if !visible(conn, ScopedTable::Unit, hazard.unit_id).map_err(|e| e.to_string())? {
                    return Err(outside("unit", hazard.unit_id));
                }
                Some((ScopedTable::Alarm, *id))
            }
            WriteOp::TipoffCreate(t) => match t.unit_id {
                Some(u) => Some((ScopedTable::Unit, u)),
                None => {
                    return Err("a station takes in tip-offs about the units of its own grids: pick the unit".into());
                }
            },
            WriteOp::TipoffStep { id, .. } | WriteOp::TipoffHazard { id, .. } | WriteOp::Reveal { id, .. } => {
                Some((ScopedTable::Tipoff, *id))
            }
            WriteOp::SubmitReport { .. }
            | WriteOp::AddManual { unit_id: None, .. }
            | WriteOp::AddSilence { .. }
            | WriteOp::RemoveSilence { .. }
            | WriteOp::ChecklistEdit { .. }
            | WriteOp::ReportDraft { .. } => {
                return Err("this is the office's own business, outside the grids you are limited to".into());
            }
            WriteOp::DutyEnd { id, .. } | WriteOp::DutyAcknowledge { id, .. } => Some((ScopedTable::DutyShift, *id)),
            WriteOp::DutyReported { id, .. } => Some((ScopedTable::DutyEntry, *id)),
            WriteOp::SignOut { .. } | WriteOp::DutyStart | WriteOp::DutyEntry { .. } => None,
        };
        match target {
            Some((table, id)) if !visible(conn, table, id).map_err(|e| e.to_string())? => {
                Err(outside(&format!("{table:?}").to_lowercase(), id))
            }
            _ => Ok(()),
        }
    }
}

fn outside(what: &str, id: i64) -> String {
    format!("{what} #{id} is outside the grids you are limited to")
}

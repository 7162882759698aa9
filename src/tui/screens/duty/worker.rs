//! The store side of the Duty screen: the operator's shift, the log, unreported serious accidents,
//! a hand-over waiting to be acknowledged, and the draft of the operator's own hand-over.

use crate::store::duty::{self, Entry, Shift};
use crate::tui::worker::{Backend, Reply, Request, WriteOp};

/// What the Duty screen (and the accident banner) shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DutyPane {
    pub shift: Option<Shift>,
    pub entries: Vec<Entry>,
    /// Another officer's signed hand-over not yet acknowledged.
    pub pending: Option<Shift>,
    pub accidents: Vec<Entry>,
}

/// How many log entries the screen keeps.
const ENTRIES: i64 = 200;

impl Backend {
    pub(in crate::tui) fn read_duty(&self, req: Request) -> crate::store::Result<Reply> {
        let c = self.conn();
        Ok(match req {
            Request::Duty { operator } => Reply::Duty(Box::new(DutyPane {
                shift: duty::current_shift(c, &operator)?,
                entries: duty::recent_entries(c, ENTRIES)?,
                pending: duty::pending_handover(c, &operator)?,
                accidents: duty::unreported_accidents(c)?,
            })),
            Request::HandoverDraft { from, now } => Reply::HandoverDraft(duty::handover(c, &self.cal, &from, now)?),
            _ => Reply::Error("not a duty request".into()),
        })
    }

    pub(in crate::tui) fn write_duty(&mut self, operator: &str, op: WriteOp) -> Result<(String, Option<i64>), String> {
        let r = self.store.write(operator, |w| match op {
            WriteOp::DutyStart => duty::start_shift(w).map(|id| format!("shift #{id}")),
            WriteOp::DutyEntry { kind, text } => duty::add_entry(w, kind, &text).map(|id| format!("#{id}")),
            WriteOp::DutyEnd { id, version, handover } => {
                duty::end_shift(w, id, version, &handover).map(|_| format!("shift #{id}"))
            }
            WriteOp::DutyAcknowledge { id, version } => {
                duty::acknowledge(w, id, version).map(|_| format!("shift #{id}"))
            }
            WriteOp::DutyReported { id, version } => duty::mark_reported(w, id, version).map(|_| format!("#{id}")),
            _ => Err(crate::store::StoreError::Refused("not a duty write".into())),
        });
        r.map(|m| (m, None)).map_err(|e| e.to_string())
    }
}

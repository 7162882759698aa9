//! The store side of the Duty screen: the operator's shift, the log, unreported serious accidents,
//! a hand-over waiting to be acknowledged, the draft of the operator's own hand-over, the writes.

use super::DutyScreen;
use super::msg::{DutyPane, Rep, Req, Write};
use crate::store::duty;
use crate::store::scope::ScopedTable;
use crate::tui::backend::{Backend, Reach, WriteError, Written};
use crate::tui::screen_def::Answer;

/// How many log entries the screen keeps.
const ENTRIES: i64 = 200;
/// How many past hand-overs `p` shows (about a week of three shifts a day).
const HANDOVERS: i64 = 21;

impl Answer for DutyScreen {
    fn read(b: &mut Backend, req: Req) -> crate::store::Result<Rep> {
        let c = b.conn();
        Ok(match req {
            Req::Pane { operator } => Rep::Pane(Box::new(DutyPane {
                shift: duty::current_shift(c, &operator)?,
                entries: duty::recent_entries(c, ENTRIES)?,
                pending: duty::pending_handover(c, &operator)?,
                accidents: duty::unreported_accidents(c)?,
            })),
            Req::HandoverDraft { from, now } => Rep::HandoverDraft(duty::handover(c, &b.cal, &from, now)?),
            Req::Handovers => Rep::Handovers(duty::recent_handovers(c, HANDOVERS)?),
        })
    }

    fn reach(w: &Write) -> Reach {
        match w {
            Write::End { id, .. } | Write::Acknowledge { id, .. } => Reach::record(ScopedTable::DutyShift, *id),
            Write::Reported { id, .. } => Reach::record(ScopedTable::DutyEntry, *id),
            Write::Start | Write::Entry { .. } => Reach::Anywhere,
        }
    }

    fn write(b: &mut Backend, operator: &str, w: Write) -> Result<Written, WriteError> {
        b.write(operator, |tx| match w {
            Write::Start => duty::start_shift(tx).map(|id| format!("shift #{id}")),
            Write::Entry { kind, text } => duty::add_entry(tx, kind, &text).map(|id| format!("#{id}")),
            Write::End { id, version, handover } => duty::end_shift(tx, id, version, &handover).map(|_| format!("shift #{id}")),
            Write::Acknowledge { id, version } => duty::acknowledge(tx, id, version).map(|_| format!("shift #{id}")),
            Write::Reported { id, version } => duty::mark_reported(tx, id, version).map(|_| format!("#{id}")),
        })
        .map(Written::new)
    }
}

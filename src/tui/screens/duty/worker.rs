//! The store side of the Duty screen: the operator's shift, the log, unreported serious accidents,
//! a hand-over waiting to be acknowledged, the draft of the operator's own hand-over, the writes.

use super::DutyScreen;
use super::msg::{DutyPane, Rep, Req, Write};
use crate::store::{accidents, duty, work_records};
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
            Req::Pane { operator, quarter, zh } => Rep::Pane(Box::new(DutyPane {
                shift: duty::current_shift(c, &operator)?,
                entries: duty::recent_entries(c, ENTRIES)?,
                pending: duty::pending_handover(c, &operator)?,
                accidents: duty::unreported_accidents(c)?,
                to_complete: accidents::to_complete(c)?,
                register: accidents::section(c, quarter.start(), quarter.end(), zh)?,
                work: work_records::section(c, quarter.start(), quarter.end())?,
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
            // An accident or a case at a unit is that unit's grid's business; one elsewhere is
            // anybody's to record, and the office's own work (training, publicity) the office's.
            Write::Accident { input, .. } => match input.unit {
                Some(u) => Reach::record(ScopedTable::Unit, u),
                None => Reach::Anywhere,
            },
            Write::Work(input) => match input.unit {
                Some(u) => Reach::record(ScopedTable::Unit, u),
                None => Reach::Office,
            },
        }
    }

    fn write(b: &mut Backend, operator: &str, w: Write) -> Result<Written, WriteError> {
        b.write(operator, |tx| match w {
            Write::Start => duty::start_shift(tx).map(|id| format!("shift #{id}")),
            Write::Entry { kind, text } => duty::add_entry(tx, kind, &text).map(|id| format!("#{id}")),
            Write::End { id, version, handover } => duty::end_shift(tx, id, version, &handover).map(|_| format!("shift #{id}")),
            Write::Acknowledge { id, version } => duty::acknowledge(tx, id, version).map(|_| format!("shift #{id}")),
            Write::Reported { id, version } => duty::mark_reported(tx, id, version).map(|_| format!("#{id}")),
            Write::Accident { edit: Some((id, version)), input } => {
                accidents::update(tx, id, version, &input).map(|_| format!("accident #{id}"))
            }
            Write::Accident { edit: None, input } => accidents::upsert(tx, &input).map(|_| "accident".to_string()),
            Write::Work(input) => work_records::upsert(tx, &input).map(|_| "work record".to_string()),
        })
        .map(Written::new)
    }
}

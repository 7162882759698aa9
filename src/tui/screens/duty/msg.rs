//! What the Duty screen asks of the store worker, what comes back, and its writes and forms.

use crate::domain::duty::EntryKind;
use crate::domain::figures::{AccidentSection, WorkSection};
use crate::store::accidents::{Accident, AccidentInput};
use crate::store::duty::{Entry, Handover, Shift};
use crate::store::work_records::WorkInput;
use crate::tui::screen_def::{Kind, Slot};

#[derive(Debug, Clone, PartialEq)]
pub enum Req {
    /// The operator's shift and the log (and the accident clocks every terminal shows).
    Pane { operator: String, quarter: crate::domain::calendar::Quarter, zh: bool },
    /// What happened since `from`, for the hand-over.
    HandoverDraft { from: String, now: chrono::DateTime<chrono::FixedOffset> },
    /// The latest signed hand-overs, to reread.
    Handovers,
}

impl Kind for Req {
    fn kind(&self) -> Option<Slot> {
        match self {
            Req::Pane { .. } => Slot::of("pane"),
            Req::HandoverDraft { .. } => Slot::of("draft"),
            Req::Handovers => Slot::of("handovers"),
        }
    }
}

/// What the Duty screen (and the accident banner) shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DutyPane {
    pub shift: Option<Shift>,
    pub entries: Vec<Entry>,
    /// Another officer's signed hand-over not yet acknowledged.
    pub pending: Option<Shift>,
    pub accidents: Vec<Entry>,
    /// Register entries the log opened, still without their unit.
    pub to_complete: Vec<Accident>,
    /// This quarter's accident register and work records, as the report will count them.
    pub register: AccidentSection,
    pub work: WorkSection,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Rep {
    Pane(Box<DutyPane>),
    HandoverDraft(Handover),
    Handovers(Vec<Shift>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Write {
    Start,
    Entry { kind: EntryKind, text: String },
    End { id: i64, version: i64, handover: String },
    Acknowledge { id: i64, version: i64 },
    Reported { id: i64, version: i64 },
    /// A new accident, or (with its id and version) one the log opened, completed.
    Accident { edit: Option<(i64, i64)>, input: Box<AccidentInput> },
    Work(Box<WorkInput>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Form {
    Entry,
    /// The end of a shift: the hand-over's parts, labelled in the form's order.
    Handover { id: i64, version: i64, labels: Vec<String> },
    Accident { edit: Option<(i64, i64)> },
    Work,
}

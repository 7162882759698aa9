//! What the Tip-offs screen asks of the store worker, what comes back, and its writes and forms.

use crate::domain::OperatorRole;
use crate::store::hazards::NewHazard;
use crate::store::keyset::Page;
use crate::store::tipoffs::{Identity, NewTipoff, Step, TipoffFilter, TipoffRow};
use crate::tui::list_detail::Record;
use crate::tui::paged::Window;
use crate::tui::screen_def::{Kind, Slot};
use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq)]
pub enum Req {
    List { seq: u64, filter: TipoffFilter, at: Window },
    Detail(i64),
    /// A supervisor opens the reporter's identity: audited in the same transaction, checked
    /// against the signed-in operator's own role and scope (whatever a request says).
    Reveal { id: i64, operator: String },
}

impl Kind for Req {
    fn kind(&self) -> Option<Slot> {
        match self {
            Req::List { seq, .. } => Slot::page(*seq),
            Req::Detail(_) => Slot::of("detail"),
            Req::Reveal { .. } => None,
        }
    }
}

/// The detail pane of one tip-off.
#[derive(Debug, Clone, PartialEq)]
pub struct TipoffPane {
    pub row: TipoffRow,
    /// (at, operator, kind, text), oldest first.
    pub events: Vec<(String, String, String, String)>,
    /// Whether the reporter left a name or phone (shown as "registered"; never opened for it).
    pub reporter: bool,
    /// The reward the office's rule proposes for the recorded fine.
    pub reward_proposal: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Rep {
    List { seq: u64, total: Option<i64>, at: Window, page: Page<TipoffRow> },
    Detail(i64, Option<Box<TipoffPane>>),
    Revealed {
        id: i64,
        /// Wiped from memory when dropped (the screen forgets it on lock or when moving on).
        identity: Result<Identity, String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Write {
    Create(NewTipoff),
    Step { id: i64, version: i64, step: Step, role: OperatorRole, on: NaiveDate },
    /// A hazard opened from a substantiated tip-off, linked to it.
    Hazard { id: i64, version: i64, hazard: NewHazard },
}

/// The steps that ask for something before they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepForm {
    Transfer,
    Result,
    Extend,
    Reply,
    Reward,
    Close,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Form {
    New,
    Step { id: i64, version: i64, form: StepForm },
    Hazard { id: i64, version: i64, unit_id: i64 },
}

impl Record for TipoffRow {
    fn record(&self) -> Option<(i64, i64)> {
        Some((self.id, self.version))
    }
}

impl Record for TipoffPane {
    fn record(&self) -> Option<(i64, i64)> {
        self.row.record()
    }
}

//! What the Hazards screen asks of the store worker, what comes back, the writes it ends in and
//! the forms it opens (its own, and the inspection and new-hazard forms other screens ask for).

use crate::domain::OperatorRole;
use crate::domain::hazard::HazardStatus;
use crate::store::hazards::{Hazard, HazardEdit, HazardFilter, NewHazard};
use crate::store::inspections::{InspectionKind, NewInspection};
use crate::store::keyset::Page;
use crate::tui::list_detail::Record;
use crate::tui::paged::Window;
use crate::tui::screen_def::{Kind, Slot};
use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq)]
pub enum Req {
    List { seq: u64, filter: HazardFilter, at: Window },
    Detail(i64),
    /// The officers to offer for dispatching this hazard.
    Officers(i64),
}

impl Kind for Req {
    fn kind(&self) -> Option<Slot> {
        match self {
            Req::List { seq, .. } => Slot::page(*seq),
            Req::Detail(_) => Slot::of("detail"),
            Req::Officers(_) => Slot::of("officers"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Rep {
    List { seq: u64, total: Option<i64>, at: Window, page: Page<Hazard> },
    Detail(i64, Option<Box<Hazard>>),
    Officers(i64, Vec<crate::store::officer_choices::OfficerChoice>),
}

/// Changes to the register; each is one audited transaction.
#[derive(Debug, Clone, PartialEq)]
pub enum Write {
    /// An inspection or drill, and the hazard it found, if any.
    Inspection(NewInspection, Option<NewHazard>),
    Create(NewHazard),
    Update { id: i64, version: i64, edit: HazardEdit },
    /// To an officer who follows the rectification up (and is told, when the config says where).
    Dispatch { id: i64, version: i64, officer_id: i64 },
    /// A step in the loop; closing carries the verification note and the rectification evidence.
    Transition {
        id: i64,
        version: i64,
        to: HazardStatus,
        role: OperatorRole,
        on: NaiveDate,
        note: String,
        evidence: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Form {
    Inspection { unit_id: i64, kind: InspectionKind },
    New { unit_id: i64 },
    /// A new hazard whose unit is picked in the form's first field.
    NewPicked,
    Edit { id: i64, version: i64 },
    /// Verification before closing: who verified is the operator, the form takes the note and
    /// the evidence.
    Close { id: i64, version: i64 },
    /// The officer is the one picked in the form's first field.
    Dispatch { id: i64, version: i64 },
}

impl Record for Hazard {
    fn record(&self) -> Option<(i64, i64)> {
        Some((self.id, self.version))
    }
}

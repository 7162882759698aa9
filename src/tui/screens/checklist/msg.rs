//! What the Checklist screen asks of the store worker, what comes back, and its writes and forms.

use crate::domain::calendar::Quarter;
use crate::domain::checklist::{Figure, SelfScore};
use crate::i18n::Lang;
use crate::report::export::Format;
use crate::report::model::Report;
use crate::store::checklist::{EntryEdit, Item, PlanRow};
use crate::tui::screen_def::{Kind, Slot};
use chrono::NaiveDate;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq)]
pub enum Req {
    /// A plan's checklist for a quarter (the first plan when none is chosen yet).
    Items {
        seq: u64,
        plan: Option<i64>,
        /// A measure whose plan to show (overrides `plan`).
        focus: Option<i64>,
        quarter: Quarter,
        lang: Lang,
    },
    /// Some of the figures of the items shown, counted again (their tables changed elsewhere).
    Figures { seq: u64, quarter: Quarter, today: NaiveDate, needed: Vec<Figure>, lang: Lang },
    Compile {
        quarter: Quarter,
        today: NaiveDate,
        /// The dashboard's clock, stamped on the report.
        at: String,
        operator: String,
        lang: Lang,
    },
    /// One file of a compiled report; the screen asks for one format at a time, which moves its
    /// gauge.
    WriteFile { report: Box<Report>, format: Format, dir: PathBuf, lang: Lang },
}

impl Kind for Req {
    fn kind(&self) -> Option<Slot> {
        match self {
            Req::Items { .. } => Slot::of("items"),
            // Only the same figures counted again replace each other.
            // Counts, after the rows they belong to; only the same figures counted again
            // replace each other.
            Req::Figures { needed, .. } => Slot::keyed("count", needed.iter().fold(0, |m, f| m | 1 << (*f as i64))),
            Req::Compile { .. } => Slot::of("compile"),
            // Each file of an export is its own step.
            Req::WriteFile { format, .. } => Slot::keyed("file", *format as i64),
        }
    }
}

/// What the Checklist screen shows of one plan and quarter.
#[derive(Debug, Clone, PartialEq)]
pub struct ChecklistPane {
    pub seq: u64,
    pub plans: Vec<PlanRow>,
    /// The plan shown (None when no plan is loaded).
    pub plan: Option<i64>,
    pub quarter: Quarter,
    pub items: Vec<Item>,
    /// The figures its items show, each with its value; empty until counted (they are asked for
    /// after the items arrive).
    pub figures: Vec<(Figure, String)>,
    pub score: Option<SelfScore>,
    /// The report's own parts for the quarter: (part, text, version), in `report::OWN_PARTS` order.
    pub drafts: Vec<(String, String, i64)>,
    /// What the report still needs of the office's identity, in words (None: nothing).
    pub identity_missing: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Rep {
    Items(Box<ChecklistPane>),
    Figures { seq: u64, figures: Vec<(Figure, String)> },
    Compiled(Result<Box<Report>, String>),
    FileWritten(Result<crate::report::export::Written, String>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Write {
    /// An item's status, note, section and points for a quarter.
    Edit { measure_id: i64, quarter: Quarter, version: i64, edit: EntryEdit },
    /// One of the report's own parts.
    Draft { quarter: Quarter, part: String, body: String, version: i64 },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Form {
    Item { measure_id: i64, quarter: Quarter, version: i64 },
    /// The report's own parts: (part, version read) in the form's field order.
    ReportText { quarter: Quarter, parts: Vec<(String, i64)> },
}

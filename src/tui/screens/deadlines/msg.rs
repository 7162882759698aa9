//! What the Deadlines screen asks of the store worker, what comes back, and its writes and form.

use crate::domain::deadline::{Deadline, DeadlineKind};
use crate::store::deadlines::DeadlineQuery;
use crate::store::keyset::Page;
use crate::tui::list_detail::Record;
use crate::tui::paged::Window;
use crate::tui::screen_def::{Kind, Slot};
use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq)]
pub enum Req {
    List { seq: u64, query: DeadlineQuery, at: Window },
    /// How many items fall on each day of a month (the calendar).
    BusyDays { month: NaiveDate, query: DeadlineQuery },
    /// The grouped view: for each kind filter (its index), the query of that kind.
    Groups(Vec<(usize, DeadlineQuery)>),
    /// The years whose holidays are loaded (a date outside them is marked not adjusted).
    Years(chrono::NaiveDate),
}

impl Kind for Req {
    fn kind(&self) -> Option<Slot> {
        match self {
            Req::List { seq, .. } => Slot::page(*seq),
            Req::BusyDays { .. } => Slot::of("busy"),
            Req::Groups(_) => Slot::of("groups"),
            Req::Years(_) => Slot::of("years"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Rep {
    List { seq: u64, total: Option<i64>, at: Window, page: Page<Deadline> },
    BusyDays(NaiveDate, Vec<(NaiveDate, i64)>),
    Groups(Vec<Group>),
    /// The years whose holidays are loaded, and next year's when its calendar is missing (from
    /// 1 November on).
    Years(Vec<i32>, Option<i32>),
}

/// One row of the grouped view: a kind filter (index into `KIND_FILTERS`) and a state, with its
/// count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Group {
    pub filter: usize,
    pub overdue: bool,
    pub n: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Write {
    /// A monthly, quarterly or annual report was sent.
    SubmitReport { kind: DeadlineKind, period: String, on: NaiveDate },
    CompleteManual { id: i64, version: i64, on: NaiveDate },
    AddManual { title: String, due: NaiveDate, unit_id: Option<i64>, note: String },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Form {
    /// A manual item, for the unit of the selected row if it has one.
    Manual { unit_id: Option<i64> },
}

/// A deadline is merged from many sources and has no record of its own to follow.
impl Record for Deadline {
    fn record(&self) -> Option<(i64, i64)> {
        None
    }
}

//! State of the Deadlines screen: the merged list (paged from the worker), its filters, and the
//! month calendar of the selected item's month. Keys in `keys.rs`, the store side in `worker.rs`,
//! drawing in `view.rs`, messages in `msg.rs`; `screen.rs` is the screen as the app sees it.

mod keys;
pub mod msg;
mod screen;
pub mod view;
mod worker;

use crate::domain::calendar::month_end;
use crate::domain::deadline::{Deadline, DeadlineKind};
use crate::store::deadlines::DeadlineQuery;
use crate::tui::list_detail::{ListDetail, NoPane, Wants};
use crate::tui::screen_def::Ctx;
use chrono::{Datelike, Duration, NaiveDate};
use msg::Req;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Window {
    #[default]
    All,
    Week,
    Month,
    Overdue,
}

impl Window {
    pub fn next(self) -> Window {
        match self {
            Window::All => Window::Week,
            Window::Week => Window::Month,
            Window::Month => Window::Overdue,
            Window::Overdue => Window::All,
        }
    }
}

/// Kind filters offered by `t`, in order; reports count as one, and so do the tip-off clocks.
pub const KIND_FILTERS: [Option<DeadlineKind>; 8] = [
    None,
    Some(DeadlineKind::SelfInspection),
    Some(DeadlineKind::Drill),
    Some(DeadlineKind::Hazard),
    Some(DeadlineKind::QuarterlyReport),
    Some(DeadlineKind::Manual),
    Some(DeadlineKind::TipoffVerify),
    Some(DeadlineKind::PlanMeasure),
];

#[derive(Debug, Default)]
pub struct DeadlinesScreen {
    pub window: Window,
    pub kind: usize,
    pub grid: Option<i64>,
    pub records: ListDetail<Deadline, NoPane>,
    /// The calendar's month, and how many items fall on each of its days.
    pub month: Option<NaiveDate>,
    pub busy: Vec<(NaiveDate, i64)>,
    /// The grouped view (`z`): counts by kind and state instead of the rows; its cursor.
    pub grouped: bool,
    pub groups: Vec<msg::Group>,
    pub group_cursor: usize,
    /// The years whose holidays are loaded (empty until known: nothing is marked).
    pub holiday_years: Vec<i32>,
    /// Next year, when its holidays are not loaded and the year is near (said in the detail pane).
    pub holidays_missing: Option<i32>,
}

impl DeadlinesScreen {
    pub fn query(&self, today: NaiveDate) -> DeadlineQuery {
        let kinds = match KIND_FILTERS[self.kind % KIND_FILTERS.len()] {
            None => Vec::new(),
            Some(DeadlineKind::QuarterlyReport) => {
                vec![DeadlineKind::MonthlyReport, DeadlineKind::QuarterlyReport, DeadlineKind::AnnualReport]
            }
            Some(DeadlineKind::TipoffVerify) => vec![DeadlineKind::TipoffVerify, DeadlineKind::TipoffReply],
            Some(k) => vec![k],
        };
        let until = match self.window {
            Window::All | Window::Overdue => None,
            Window::Week => Some(today + Duration::days(6)),
            Window::Month => Some(month_end(today)),
        };
        DeadlineQuery {
            today,
            kinds,
            grid: self.grid,
            community: None,
            until,
            overdue_only: self.window == Window::Overdue,
        }
    }

    /// The grouped view's request: every kind filter, within the window and grid shown.
    fn groups_request(&self, today: NaiveDate) -> Req {
        let queries = (1..KIND_FILTERS.len())
            .map(|i| {
                let one = DeadlinesScreen { kind: i, window: self.window, grid: self.grid, ..Default::default() };
                (i, one.query(today))
            })
            .collect();
        Req::Groups(queries)
    }

    pub fn selected(&self) -> Option<&Deadline> {
        self.records.selected()
    }

    fn busy_request(&self, today: NaiveDate) -> Req {
        let m = self.month.unwrap_or(today);
        let first = NaiveDate::from_ymd_opt(m.year(), m.month(), 1).unwrap_or(m);
        Req::BusyDays { month: first, query: DeadlineQuery { until: None, overdue_only: false, ..self.query(today) } }
    }

    /// Asks for what the list needs, and keeps the calendar on the selected item's month.
    fn want(&mut self, w: Wants, cx: &mut Ctx<Self>) {
        let today = cx.env.today;
        for at in w.pages {
            cx.read(Req::List { seq: self.records.seq, query: self.query(today), at });
        }
        // A selected row not read yet (End, a jump) leaves the calendar where it is until the
        // row arrives: moving it to today first cost a month's busy days for nothing.
        let due = match (self.selected(), self.month) {
            (Some(d), _) => d.due,
            (None, Some(_)) => return,
            (None, None) => today,
        };
        if !self.month.is_some_and(|m| m.year() == due.year() && m.month() == due.month()) {
            self.month = Some(due);
            cx.read(self.busy_request(today));
        }
    }

    /// The list again from where the cursor is (after a write), with the calendar.
    fn reload_list(&mut self, cx: &mut Ctx<Self>) {
        let at = self.records.reload();
        cx.read(Req::List { seq: self.records.seq, query: self.query(cx.env.today), at });
        cx.read(self.busy_request(cx.env.today));
    }

    /// A new query (a filter changed): from the top.
    fn restart(&mut self, cx: &mut Ctx<Self>) {
        let at = self.records.restart();
        cx.read(Req::List { seq: self.records.seq, query: self.query(cx.env.today), at });
        cx.read(self.busy_request(cx.env.today));
    }
}

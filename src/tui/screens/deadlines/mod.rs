//! State of the Deadlines screen: the merged list (paged from the worker), its filters, and the
//! month calendar of the selected item's month.

pub mod view;

use crate::domain::calendar::month_end;
use crate::domain::deadline::{Deadline, DeadlineKind};
use crate::store::deadlines::DeadlineQuery;
use crate::tui::action::Action;
use crate::tui::paged::Paged;
use crate::tui::worker::{Reply, Request};
use chrono::{Datelike, Duration, NaiveDate};

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
    pub list: Paged<Deadline>,
    pub seq: u64,
    pub month: Option<NaiveDate>,
    pub busy: Vec<(NaiveDate, i64)>,
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

    /// Reloads the list from the top (after a filter change or a write).
    pub fn reload(&mut self, today: NaiveDate) -> Vec<Request> {
        self.seq += 1;
        let at = self.list.clear_keeping_cursor();
        vec![self.page_request(at, today), self.busy_request(today)]
    }

    fn busy_request(&self, today: NaiveDate) -> Request {
        let m = self.month.unwrap_or(today);
        let first = NaiveDate::from_ymd_opt(m.year(), m.month(), 1).unwrap_or(m);
        Request::BusyDays {
            month: first,
            query: DeadlineQuery { until: None, overdue_only: false, ..self.query(today) },
        }
    }

    fn page_request(&self, at: crate::tui::paged::Window, today: NaiveDate) -> Request {
        Request::Deadlines { seq: self.seq, query: self.query(today), at }
    }

    pub fn selected(&self) -> Option<&Deadline> {
        self.list.selected_row()
    }

    pub fn apply(&mut self, reply: Reply, height: usize, today: NaiveDate) -> Vec<Request> {
        match reply {
            Reply::Deadlines { seq, total, at, page } if seq == self.seq => {
                let mut out: Vec<Request> = self
                    .list
                    .receive(total, &at, page, height)
                    .map(|o| self.page_request(o, today))
                    .into_iter()
                    .collect();
                out.extend(self.follow(today));
                out
            }
            Reply::BusyDays(month, days) => {
                if self.month.map(|m| (m.year(), m.month())) == Some((month.year(), month.month()))
                    || self.month.is_none()
                {
                    self.busy = days;
                }
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// Keeps the calendar on the selected item's month.
    fn follow(&mut self, today: NaiveDate) -> Vec<Request> {
        let due = self.selected().map(|d| d.due).unwrap_or(today);
        let same = self.month.is_some_and(|m| m.year() == due.year() && m.month() == due.month());
        if same {
            return Vec::new();
        }
        self.month = Some(due);
        vec![self.busy_request(today)]
    }

    pub fn handle(&mut self, action: Action, height: usize, today: NaiveDate) -> Option<Vec<Request>> {
        let delta = crate::tui::paged::nav_delta(action, height);
        if let Some(d) = delta {
            let mut out: Vec<Request> =
                self.list.move_by(d, height).map(|o| self.page_request(o, today)).into_iter().collect();
            out.extend(self.follow(today));
            return Some(out);
        }
        match action {
            Action::CycleWindow => self.window = self.window.next(),
            Action::CycleKind => self.kind = (self.kind + 1) % KIND_FILTERS.len(),
            Action::Back if self.grid.is_some() => self.grid = None,
            _ => return None,
        }
        self.list.selected = 0;
        self.list.scroll = 0;
        Some(self.reload(today))
    }
}

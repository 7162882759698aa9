//! State of the Hazards screen: the register as a paged list with filters, and the detail pane.

pub mod view;

use crate::domain::hazard::{HazardSource, HazardStatus};
use crate::store::hazards::{Hazard, HazardFilter};
use crate::tui::action::Action;
use crate::tui::paged::{Paged, Window};
use crate::tui::worker::{Reply, Request};
use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusFilter {
    #[default]
    Open,
    Overdue,
    Closed,
    All,
}

impl StatusFilter {
    fn next(self) -> StatusFilter {
        match self {
            StatusFilter::Open => StatusFilter::Overdue,
            StatusFilter::Overdue => StatusFilter::Closed,
            StatusFilter::Closed => StatusFilter::All,
            StatusFilter::All => StatusFilter::Open,
        }
    }
}

#[derive(Debug, Default)]
pub struct HazardsScreen {
    pub status: StatusFilter,
    pub major_only: bool,
    /// Index into `HazardSource::ALL`, or none.
    pub source: Option<usize>,
    pub grid: Option<i64>,
    pub community: Option<i64>,
    /// Show just this hazard (after a jump from the Deadlines screen).
    pub only: Option<i64>,
    /// The `/` search text.
    pub text: String,
    pub list: Paged<Hazard>,
    pub seq: u64,
    pub detail: Option<Hazard>,
}

impl HazardsScreen {
    pub fn filter(&self, today: NaiveDate) -> HazardFilter {
        HazardFilter {
            status: (self.status == StatusFilter::Closed).then_some(HazardStatus::Closed),
            open_only: self.status == StatusFilter::Open,
            major: self.major_only.then_some(true),
            source: self.source.and_then(|i| HazardSource::ALL.get(i).copied()),
            grid: self.grid,
            community: self.community,
            overdue_as_of: (self.status == StatusFilter::Overdue).then_some(today),
            unit: None,
            id: self.only,
            text: self.text.clone(),
        }
    }

    pub fn reload(&mut self, today: NaiveDate) -> Vec<Request> {
        self.seq += 1;
        let at = self.list.clear_keeping_cursor();
        vec![self.page_request(at, today)]
    }

    fn page_request(&self, at: Window, today: NaiveDate) -> Request {
        Request::Hazards { seq: self.seq, filter: self.filter(today), at }
    }

    pub fn selected(&self) -> Option<&Hazard> {
        self.list.selected_row()
    }

    fn follow(&mut self) -> Vec<Request> {
        match self.selected().map(|h| h.id) {
            Some(id)
                if self.detail.as_ref().map(|d| (d.id, d.version)) != self.selected().map(|h| (h.id, h.version)) =>
            {
                vec![Request::HazardDetail(id)]
            }
            Some(_) => Vec::new(),
            None => {
                self.detail = None;
                Vec::new()
            }
        }
    }

    pub fn apply(&mut self, reply: Reply, height: usize, today: NaiveDate) -> Vec<Request> {
        match reply {
            Reply::Hazards { seq, total, at, page } if seq == self.seq => {
                let mut out: Vec<Request> = self
                    .list
                    .receive(total, &at, page, height)
                    .map(|o| self.page_request(o, today))
                    .into_iter()
                    .collect();
                out.extend(self.follow());
                out
            }
            Reply::HazardDetail(id, h) if self.selected().map(|s| s.id) == Some(id) => {
                self.detail = h;
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    pub fn handle(&mut self, action: Action, height: usize, today: NaiveDate) -> Option<Vec<Request>> {
        let delta = crate::tui::paged::nav_delta(action, height);
        if let Some(d) = delta {
            let mut out: Vec<Request> =
                self.list.move_by(d, height).map(|o| self.page_request(o, today)).into_iter().collect();
            out.extend(self.follow());
            return Some(out);
        }
        match action {
            Action::CycleStatus => self.status = self.status.next(),
            Action::MajorOnly => self.major_only = !self.major_only,
            Action::CycleSource => {
                self.source = match self.source {
                    None => Some(0),
                    Some(i) if i + 1 < HazardSource::ALL.len() => Some(i + 1),
                    Some(_) => None,
                }
            }
            Action::Back if self.grid.is_some() || self.community.is_some() || self.only.is_some() => {
                self.grid = None;
                self.community = None;
                self.only = None;
            }
            _ => return None,
        }
        self.only = if action == Action::Back { None } else { self.only };
        self.list.selected = 0;
        self.list.scroll = 0;
        Some(self.reload(today))
    }
}

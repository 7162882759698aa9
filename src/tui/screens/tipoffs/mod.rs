//! State of the Tip-offs screen: the queue with its filters, the detail pane, and an identity
//! revealed to a supervisor (kept only while that tip-off stays selected and open).

pub(crate) mod keys;
pub mod view;
pub mod worker;

use crate::domain::tipoff::{Channel, TipoffStatus};
use crate::store::tipoffs::{TipoffFilter, TipoffRow, TipoffSet};
use crate::tui::action::Action;
use crate::tui::paged::{Paged, Window};
use crate::tui::worker::{Reply, Request, TipoffPane};
use chrono::NaiveDate;

#[derive(Debug, Default)]
pub struct TipoffsScreen {
    pub set: TipoffSet,
    /// Index into `Channel::ALL`, or none.
    pub channel: Option<usize>,
    pub grid: Option<i64>,
    pub community: Option<i64>,
    /// The `/` search text.
    pub text: String,
    pub list: Paged<TipoffRow>,
    pub seq: u64,
    pub detail: Option<Box<TipoffPane>>,
    /// (tip-off id, name, phone) in clear, after an audited reveal.
    pub revealed: Option<(i64, crate::store::tipoffs::Identity)>,
    /// The tip-off to keep the cursor on when the list comes back in a new order (a step moves
    /// an item: the clock that orders the queue changes).
    keep: Option<i64>,
}

impl TipoffsScreen {
    pub fn filter(&self, today: NaiveDate) -> TipoffFilter {
        TipoffFilter {
            set: self.set,
            channel: self.channel.and_then(|i| Channel::ALL.get(i).copied()),
            grid: self.grid,
            community: self.community,
            today: today.to_string(),
            text: self.text.clone(),
        }
    }

    pub fn reload(&mut self, today: NaiveDate) -> Vec<Request> {
        self.seq += 1;
        self.keep = self.selected().map(|t| t.id);
        let at = self.list.clear_keeping_cursor();
        vec![self.page_request(at, today)]
    }

    fn page_request(&self, at: Window, today: NaiveDate) -> Request {
        Request::Tipoffs { seq: self.seq, filter: self.filter(today), at }
    }

    pub fn selected(&self) -> Option<&TipoffRow> {
        self.list.selected_row()
    }

    pub fn current(&self) -> Option<&TipoffPane> {
        let sel = self.selected()?;
        self.detail.as_deref().filter(|p| p.row.id == sel.id && p.row.version == sel.version)
    }

    /// Forgets a revealed identity unless it belongs to the open, selected tip-off.
    pub fn hide_identity_unless_current(&mut self) {
        let keep = match (&self.revealed, self.selected()) {
            (Some((id, ..)), Some(sel)) => *id == sel.id && sel.status != TipoffStatus::Closed,
            _ => false,
        };
        if !keep {
            self.revealed = None;
        }
    }

    fn follow(&mut self) -> Vec<Request> {
        self.hide_identity_unless_current();
        match self.selected().map(|t| (t.id, t.version)) {
            Some(key) if self.detail.as_ref().map(|d| (d.row.id, d.row.version)) != Some(key) => {
                vec![Request::TipoffDetail(key.0)]
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
            Reply::Tipoffs { seq, total, at, page } if seq == self.seq => {
                if let Some(i) = self.keep.and_then(|id| page.rows.iter().position(|r| r.id == id)) {
                    self.list.selected = at.first_index(page.rows.len()) + i;
                    self.keep = None;
                }
                let mut out: Vec<Request> = self
                    .list
                    .receive(total, &at, page, height)
                    .map(|o| self.page_request(o, today))
                    .into_iter()
                    .collect();
                out.extend(self.follow());
                out
            }
            Reply::TipoffDetail(id, pane) if self.selected().map(|s| s.id) == Some(id) => {
                self.detail = pane;
                self.hide_identity_unless_current();
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    pub fn handle(&mut self, action: Action, height: usize, today: NaiveDate) -> Option<Vec<Request>> {
        if let Some(d) = crate::tui::paged::nav_delta(action, height) {
            let mut out: Vec<Request> =
                self.list.move_by(d, height).map(|o| self.page_request(o, today)).into_iter().collect();
            out.extend(self.follow());
            return Some(out);
        }
        match action {
            Action::TipoffSet => {
                self.set = match self.set {
                    TipoffSet::Open => TipoffSet::Overdue,
                    TipoffSet::Overdue => TipoffSet::Closed,
                    TipoffSet::Closed => TipoffSet::All,
                    TipoffSet::All => TipoffSet::Open,
                }
            }
            Action::TipoffChannel => {
                self.channel = match self.channel {
                    None => Some(0),
                    Some(i) if i + 1 < Channel::ALL.len() => Some(i + 1),
                    Some(_) => None,
                }
            }
            Action::Back if self.grid.is_some() || self.community.is_some() => {
                self.grid = None;
                self.community = None;
            }
            _ => return None,
        }
        self.list.selected = 0;
        self.list.scroll = 0;
        Some(self.reload(today))
    }
}

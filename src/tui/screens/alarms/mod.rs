//! State of the Alarms screen: the queue (or its groups) as a paged list with filters, the
//! detail pane, and the silences panel.

pub(crate) mod keys;
pub mod view;
pub mod worker;

use crate::domain::RiskLevel;
use crate::domain::silence::Matcher;
use crate::store::alarm_queue::{AlarmFilter, AlarmRow, StatusSet};
use crate::tui::action::Action;
use crate::tui::paged::{Paged, Window};
use crate::tui::worker::{AlarmItem, AlarmMeta, AlarmPane, Reply, Request};

#[derive(Debug, Default)]
pub struct AlarmsScreen {
    pub filter: AlarmFilter,
    pub grouped: bool,
    pub list: Paged<AlarmItem>,
    pub seq: u64,
    pub detail: Option<Box<AlarmPane>>,
    pub meta: AlarmMeta,
    /// The silences' matchers, parsed once when they arrive (rows are checked against them).
    pub matchers: Vec<Matcher>,
    /// The silences panel replaces the detail pane; its own cursor.
    pub silences_open: bool,
    pub silence_cursor: usize,
    /// Where the list was when a group was opened, to come back to it.
    group_return: Option<usize>,
}

impl AlarmsScreen {
    pub fn reload(&mut self) -> Vec<Request> {
        self.seq += 1;
        let at = self.list.clear_keeping_cursor();
        vec![self.page_request(at)]
    }

    fn page_request(&self, at: Window) -> Request {
        Request::Alarms {
            seq: self.seq,
            filter: self.filter.clone(),
            grouped: self.grouped && self.filter.group.is_none(),
            at,
        }
    }

    pub fn selected(&self) -> Option<&AlarmRow> {
        match self.list.selected_row() {
            Some(AlarmItem::Alarm(a)) => Some(a),
            _ => None,
        }
    }

    /// The selected alarm's detail, when it is loaded and current.
    pub fn current(&self) -> Option<&AlarmPane> {
        let sel = self.selected()?;
        self.detail.as_deref().filter(|p| p.detail.row.id == sel.id && p.detail.row.version == sel.version)
    }

    pub fn is_silenced(&self, row: &AlarmRow) -> bool {
        self.matchers.iter().any(|m| m.matches(&row.facts()))
    }

    fn follow(&mut self) -> Vec<Request> {
        match self.selected().map(|a| (a.id, a.version)) {
            Some(key) if self.detail.as_ref().map(|d| (d.detail.row.id, d.detail.row.version)) != Some(key) => {
                vec![Request::AlarmDetail(key.0)]
            }
            Some(_) => Vec::new(),
            None => {
                self.detail = None;
                Vec::new()
            }
        }
    }

    pub fn apply(&mut self, reply: Reply, height: usize) -> Vec<Request> {
        match reply {
            Reply::Alarms { seq, total, at, page } if seq == self.seq => {
                let mut out: Vec<Request> =
                    self.list.receive(total, &at, page, height).map(|o| self.page_request(o)).into_iter().collect();
                out.extend(self.follow());
                out
            }
            Reply::AlarmDetail(id, pane) if self.selected().map(|s| s.id) == Some(id) => {
                self.detail = pane;
                Vec::new()
            }
            Reply::AlarmMeta(meta) => {
                self.matchers = meta.silences.iter().filter_map(|s| Matcher::parse(&s.matcher).ok()).collect();
                self.silence_cursor = self.silence_cursor.min(meta.silences.len().saturating_sub(1));
                self.meta = meta;
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    pub fn restart(&mut self) -> Vec<Request> {
        self.list.selected = 0;
        self.list.scroll = 0;
        self.reload()
    }

    /// Keys of the screen; `None` when the action is not the screen's.
    pub fn handle(&mut self, action: Action, height: usize) -> Option<Vec<Request>> {
        if self.silences_open {
            match action {
                Action::Down => {
                    self.silence_cursor = (self.silence_cursor + 1).min(self.meta.silences.len().saturating_sub(1));
                    return Some(Vec::new());
                }
                Action::Up => {
                    self.silence_cursor = self.silence_cursor.saturating_sub(1);
                    return Some(Vec::new());
                }
                Action::Back | Action::Silences => {
                    self.silences_open = false;
                    return Some(Vec::new());
                }
                _ => {}
            }
        }
        if let Some(d) = crate::tui::paged::nav_delta(action, height) {
            let mut out: Vec<Request> =
                self.list.move_by(d, height).map(|o| self.page_request(o)).into_iter().collect();
            out.extend(self.follow());
            return Some(out);
        }
        match action {
            Action::AlarmStatus => {
                self.filter.status = match self.filter.status {
                    StatusSet::Open => StatusSet::All,
                    StatusSet::All => StatusSet::Closed,
                    StatusSet::Closed => StatusSet::Open,
                }
            }
            Action::AlarmLevel => {
                self.filter.level = match self.filter.level {
                    None => Some(RiskLevel::Major),
                    Some(l) => {
                        RiskLevel::ALL.iter().position(|x| *x == l).and_then(|i| RiskLevel::ALL.get(i + 1)).copied()
                    }
                }
            }
            Action::AlarmFeed => {
                let names: Vec<&str> = self.meta.feeds.iter().map(|f| f.name.as_str()).collect();
                self.filter.feed = match &self.filter.feed {
                    None => names.first().map(|s| s.to_string()),
                    Some(cur) => {
                        names.iter().position(|n| n == cur).and_then(|i| names.get(i + 1)).map(|s| s.to_string())
                    }
                }
            }
            Action::AlarmGroup => {
                self.grouped = !self.grouped;
                self.filter.group = None;
            }
            Action::Silences => {
                self.silences_open = true;
                return Some(Vec::new());
            }
            Action::Open => match self.list.selected_row() {
                Some(AlarmItem::Group(g)) => {
                    self.filter.group = Some((g.area.clone(), g.event.clone()));
                    self.group_return = Some(self.list.selected);
                }
                _ => return Some(Vec::new()),
            },
            Action::Back if self.filter.group.is_some() => {
                self.filter.group = None;
                let back = self.group_return.take().unwrap_or(0);
                self.list.scroll = 0;
                self.list.selected = back;
                return Some(self.reload());
            }
            Action::Back if self.filter.grid.is_some() || self.filter.community.is_some() => {
                self.filter.grid = None;
                self.filter.community = None;
            }
            _ => return None,
        }
        Some(self.restart())
    }
}

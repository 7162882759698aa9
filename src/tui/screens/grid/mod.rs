//! State of the Grid screen: the community → grid → unit tree, the flat filter list, the coverage
//! gaps, and the detail or map pane. Communities and grids are few (a district has thousands of
//! grids at most) and are held whole; units are only ever held a page at a time. The tree's
//! mechanics are in `tree.rs`, the store side in `worker.rs`, drawing in `view.rs`, `detail.rs`
//! and `map.rs`, messages in `msg.rs`; `screen.rs` is the screen as the app sees it.

pub mod detail;
pub mod map;
pub mod msg;
mod screen;
pub mod tree;
pub mod view;
mod worker;

use crate::domain::{Community, Gap, GapKind, Grid, UnitDetail, UnitPoint, UnitRow};
use crate::store::units::{Scope, UnitQuery};
use crate::tui::action::Action;
use crate::tui::paged::{PAGE, Paged, Window};
use msg::{GridKey, Rep, Req};
use std::collections::{HashMap, HashSet};

/// Units shown under an expanded grid before the tree offers the full paged list instead.
pub const TREE_UNITS: i64 = 300;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TreeRow {
    Community(usize),
    Grid(usize),
    NoGrid,
    Unit {
        key: GridKey,
        index: usize,
    },
    /// "… N more": opens the paged list of the grid.
    More {
        key: GridKey,
        remaining: i64,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Tree,
    List,
    Gaps,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Detail,
    Map,
}

#[derive(Debug, Default)]
pub struct GridScreen {
    pub communities: Vec<Community>,
    pub grids: Vec<Grid>,
    pub no_grid: i64,
    pub loaded: bool,
    pub open_communities: HashSet<i64>,
    pub open_grids: HashSet<GridKey>,
    pub units: HashMap<GridKey, (i64, Vec<UnitRow>)>,
    pub rows: Vec<TreeRow>,
    pub tree_sel: usize,
    pub tree_scroll: usize,
    pub view: Option<View>,
    pub list: Paged<UnitRow>,
    pub list_query: UnitQuery,
    pub list_seq: u64,
    pub gaps: Paged<Gap>,
    pub pane: Option<Pane>,
    pub detail: Option<UnitDetail>,
    pub points: Vec<UnitPoint>,
    pub points_scope: Option<Scope>,
}

impl GridScreen {
    pub fn view(&self) -> View {
        self.view.unwrap_or(View::Tree)
    }

    pub fn pane(&self) -> Pane {
        self.pane.unwrap_or(Pane::Detail)
    }

    /// The unit under the cursor in whichever view is showing.
    pub fn selected_unit_id(&self) -> Option<i64> {
        match self.view() {
            View::Tree => self.rows.get(self.tree_sel).and_then(|r| self.unit_at(*r)).map(|u| u.id),
            View::List => self.list.selected_row().map(|u| u.id),
            View::Gaps => self.gaps.selected_row().filter(|g| g.kind != GapKind::GridWithoutOfficer).map(|g| g.id),
        }
    }

    /// The grid the cursor is in (for the map highlight).
    pub fn selected_grid(&self) -> Option<i64> {
        if let Some(d) = &self.detail
            && Some(d.row.id) == self.selected_unit_id()
        {
            return d.grid_id;
        }
        match self.rows.get(self.tree_sel)? {
            TreeRow::Grid(gi) => self.grids.get(*gi).map(|g| g.id),
            TreeRow::Unit { key, .. } | TreeRow::More { key, .. } => *key,
            _ => None,
        }
    }

    /// The map shows the community the cursor is in, or the whole office from the top level.
    fn map_scope(&self) -> Scope {
        let community = match self.rows.get(self.tree_sel) {
            Some(TreeRow::Community(ci)) => self.communities.get(*ci).map(|c| c.id),
            _ => self.selected_grid().and_then(|g| self.grids.iter().find(|x| x.id == g)).map(|g| g.community_id),
        };
        if self.view() == View::Tree { community.map(Scope::Community).unwrap_or(Scope::All) } else { Scope::All }
    }

    /// Requests that keep the pane in step with the selection.
    pub fn follow_selection(&mut self) -> Vec<Req> {
        let mut out = Vec::new();
        match self.pane() {
            Pane::Detail => match self.selected_unit_id() {
                Some(id) if self.detail.as_ref().map(|d| d.row.id) != Some(id) => out.push(Req::Detail(id)),
                Some(_) => {}
                None => self.detail = None,
            },
            Pane::Map => {
                let scope = self.map_scope();
                if self.points_scope != Some(scope) {
                    self.points_scope = Some(scope);
                    out.push(Req::Points(scope));
                }
                if let Some(id) = self.selected_unit_id()
                    && self.detail.as_ref().map(|d| d.row.id) != Some(id)
                {
                    out.push(Req::Detail(id));
                }
            }
        }
        out
    }

    /// Everything to fetch again after the data changed underneath.
    pub fn refetch(&mut self) -> Vec<Req> {
        let mut out = vec![Req::Tree];
        for key in &self.open_grids {
            out.push(Req::Units { grid: *key, limit: TREE_UNITS });
        }
        match self.view() {
            View::List => out.push(self.list_request(self.list.refresh())),
            View::Gaps => out.push(Req::Gaps { offset: self.gaps.offset as i64, limit: PAGE as i64 }),
            View::Tree => {}
        }
        if let Some(d) = &self.detail {
            out.push(Req::Detail(d.row.id));
        }
        if let Some(scope) = self.points_scope {
            out.push(Req::Points(scope));
        }
        out
    }

    fn list_request(&self, at: Window) -> Req {
        Req::List { seq: self.list_seq, query: self.list_query.clone(), at }
    }

    /// Shows a fresh paged list for `query` (the filter, or a grid too big for the tree).
    pub fn open_list(&mut self, query: UnitQuery) -> Vec<Req> {
        self.view = Some(View::List);
        self.list_seq += 1;
        self.list_query = query;
        self.list = Paged::default();
        self.detail = None;
        vec![self.list_request(Window::first())]
    }

    pub fn set_filter_text(&mut self, text: &str) -> Vec<Req> {
        if text.trim().is_empty() {
            self.view = Some(View::Tree);
            return self.follow_selection();
        }
        self.open_list(UnitQuery { scope: Scope::All, text: text.trim().to_string() })
    }

    pub fn on_reply(&mut self, reply: Rep, height: usize) -> Vec<Req> {
        match reply {
            Rep::Tree { communities, grids, no_grid } => {
                let first = !self.loaded;
                self.communities = communities;
                self.grids = grids;
                self.no_grid = no_grid;
                self.loaded = true;
                if first && let Some(c) = self.communities.first() {
                    // Open the first community so a newcomer sees the shape of the tree at once.
                    self.open_communities.insert(c.id);
                }
                self.flatten();
                return self.follow_selection();
            }
            Rep::Units { grid, total, rows } => {
                self.units.insert(grid, (total, rows));
                self.flatten();
                return self.follow_selection();
            }
            Rep::List { seq, total, at, page } if seq == self.list_seq => {
                let mut out: Vec<Req> =
                    self.list.receive(total, &at, page, height).map(|o| self.list_request(o)).into_iter().collect();
                out.extend(self.follow_selection());
                return out;
            }
            Rep::Gaps { total, offset, rows } => {
                self.gaps.total = total as usize;
                self.gaps.fill(offset as usize, rows);
                return self.follow_selection();
            }
            Rep::Detail(id, d) if self.selected_unit_id() == Some(id) => self.detail = d.map(|d| *d),
            Rep::Points(scope, points) if Some(scope) == self.points_scope => self.points = points,
            _ => {}
        }
        Vec::new()
    }

    /// Handles a navigation action; `None` means the screen did not use it.
    pub fn on_action(&mut self, action: Action, height: usize) -> Option<Vec<Req>> {
        let delta = crate::tui::paged::nav_delta(action, height);
        let mut out = Vec::new();
        if let Some(d) = delta {
            match self.view() {
                View::Tree => self.move_tree(d, height),
                View::List => out.extend(self.list.move_by(d, height).map(|o| self.list_request(o))),
                View::Gaps => out.extend(
                    self.gaps
                        .move_by(d, height)
                        .map(|w| Req::Gaps { offset: w.start() as i64, limit: PAGE as i64 }),
                ),
            }
            out.extend(self.follow_selection());
            return Some(out);
        }
        match action {
            Action::Open | Action::Expand | Action::Collapse if self.view() == View::Tree => {
                let row = *self.rows.get(self.tree_sel)?;
                let open = match action {
                    Action::Expand => Some(true),
                    Action::Collapse => Some(false),
                    _ => None,
                };
                if action == Action::Open && matches!(row, TreeRow::Unit { .. }) {
                    self.pane = Some(Pane::Detail);
                } else {
                    out.extend(self.toggle(row, open));
                }
            }
            Action::Back if self.view() != View::Tree => {
                self.view = Some(View::Tree);
                self.list_query = UnitQuery::default();
            }
            Action::Back => return None,
            Action::ToggleMap => {
                self.pane = Some(if self.pane() == Pane::Map { Pane::Detail } else { Pane::Map });
                self.points_scope = None;
            }
            Action::Gaps => {
                self.view = Some(View::Gaps);
                self.gaps = Paged::default();
                out.push(Req::Gaps { offset: 0, limit: PAGE as i64 });
            }
            _ => return None,
        }
        out.extend(self.follow_selection());
        Some(out)
    }
}

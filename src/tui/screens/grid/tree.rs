//! The tree half of the Grid screen: flattening communities, grids and loaded units into rows,
//! expanding and collapsing, and moving the cursor through them.

use crate::domain::UnitRow;
use crate::store::units::{Scope, UnitQuery};
use super::msg::{GridKey, Req};
use super::{GridScreen, TREE_UNITS, TreeRow};
use std::collections::HashMap;

impl GridScreen {
    /// Rebuilds the flattened tree after a change in data or in what is expanded.
    pub fn flatten(&mut self) {
        let mut rows = Vec::new();
        let mut grids_by_community: HashMap<i64, Vec<usize>> = HashMap::new();
        for (i, g) in self.grids.iter().enumerate() {
            grids_by_community.entry(g.community_id).or_default().push(i);
        }
        for (ci, c) in self.communities.iter().enumerate() {
            rows.push(TreeRow::Community(ci));
            if !self.open_communities.contains(&c.id) {
                continue;
            }
            for &gi in grids_by_community.get(&c.id).map(Vec::as_slice).unwrap_or(&[]) {
                rows.push(TreeRow::Grid(gi));
                self.push_units(&mut rows, Some(self.grids[gi].id));
            }
        }
        if self.no_grid > 0 {
            rows.push(TreeRow::NoGrid);
            self.push_units(&mut rows, None);
        }
        self.rows = rows;
        self.tree_sel = self.tree_sel.min(self.rows.len().saturating_sub(1));
    }

    pub(in crate::tui) fn push_units(&self, rows: &mut Vec<TreeRow>, key: GridKey) {
        if !self.open_grids.contains(&key) {
            return;
        }
        if let Some((total, units)) = self.units.get(&key) {
            rows.extend((0..units.len()).map(|index| TreeRow::Unit { key, index }));
            if *total > units.len() as i64 {
                rows.push(TreeRow::More { key, remaining: total - units.len() as i64 });
            }
        }
    }

    pub fn unit_at(&self, row: TreeRow) -> Option<&UnitRow> {
        match row {
            TreeRow::Unit { key, index } => self.units.get(&key).and_then(|(_, u)| u.get(index)),
            _ => None,
        }
    }

    pub(in crate::tui) fn toggle(&mut self, row: TreeRow, open: Option<bool>) -> Vec<Req> {
        let mut out = Vec::new();
        match row {
            TreeRow::Community(ci) => {
                if let Some(id) = self.communities.get(ci).map(|c| c.id) {
                    let now = open.unwrap_or(!self.open_communities.contains(&id));
                    if now {
                        self.open_communities.insert(id)
                    } else {
                        self.open_communities.remove(&id)
                    };
                }
            }
            TreeRow::Grid(_) | TreeRow::NoGrid => {
                let key = match row {
                    TreeRow::Grid(gi) => self.grids.get(gi).map(|g| g.id),
                    _ => None,
                };
                let now = open.unwrap_or(!self.open_grids.contains(&key));
                if now {
                    self.open_grids.insert(key);
                    out.push(Req::Units { grid: key, limit: TREE_UNITS });
                } else {
                    self.open_grids.remove(&key);
                }
            }
            TreeRow::Unit { .. } => {
                if open == Some(false) {
                    self.select_parent();
                }
            }
            TreeRow::More { key, .. } => {
                let scope = key.map(Scope::Grid).unwrap_or(Scope::NoGrid);
                return self.open_list(UnitQuery { scope, text: String::new() });
            }
        }
        self.flatten();
        out
    }

    pub(in crate::tui) fn select_parent(&mut self) {
        let mut i = self.tree_sel;
        while i > 0 {
            i -= 1;
            if matches!(self.rows[i], TreeRow::Grid(_) | TreeRow::NoGrid) {
                self.tree_sel = i;
                return;
            }
        }
    }

    pub(in crate::tui) fn move_tree(&mut self, delta: isize, height: usize) {
        let last = self.rows.len().saturating_sub(1) as isize;
        self.tree_sel = (self.tree_sel as isize + delta).clamp(0, last.max(0)) as usize;
        let h = height.max(1);
        if self.tree_sel < self.tree_scroll {
            self.tree_scroll = self.tree_sel;
        } else if self.tree_sel >= self.tree_scroll + h {
            self.tree_scroll = self.tree_sel + 1 - h;
        }
    }
}

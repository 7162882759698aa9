//! The store side of the Grid screen: the tree, a grid's first units, the flat list's pages, a
//! unit's detail, the map's points and the coverage gaps.

use super::GridScreen;
use super::msg::{Rep, Req};
use crate::store::units::{self, Scope, UnitQuery};
use crate::store::{network, stats};
use crate::tui::backend::{Backend, Reach, WriteError, Written};
use crate::tui::screen_def::{Answer, Never};

/// Most units a map pane asks for; a terminal canvas cannot show more dots than that anyway.
pub const MAP_CAP: i64 = 20_000;

impl Answer for GridScreen {
    fn read(b: &mut Backend, req: Req) -> crate::store::Result<Rep> {
        let c = b.conn();
        Ok(match req {
            Req::Tree => {
                let no_grid = units::count(c, &UnitQuery { scope: Scope::NoGrid, text: String::new() })?;
                Rep::Tree { communities: network::communities(c)?, grids: network::grids(c)?, no_grid }
            }
            Req::Units { grid, limit } => {
                let query = UnitQuery { scope: grid.map(Scope::Grid).unwrap_or(Scope::NoGrid), text: String::new() };
                Rep::Units { grid, total: units::count(c, &query)?, rows: units::first(c, &query, limit)? }
            }
            Req::List { seq, query, at } => {
                // The total is counted once per query (its first page); later pages reuse it.
                let total = if at.seek.opens() { Some(units::count(c, &query)?) } else { None };
                Rep::List { seq, total, page: units::page(c, &query, &at.seek, at.limit)?, at }
            }
            Req::Detail(id) => Rep::Detail(id, units::detail(c, id)?.map(Box::new)),
            Req::Points(scope) => Rep::Points(scope, units::points(c, scope, MAP_CAP)?),
            Req::Gaps { offset, limit } => {
                let s = stats::network(c)?;
                let total = s.units_without_grid + s.grids_without_officer + s.incomplete_teams;
                Rep::Gaps { total, offset, rows: stats::gaps(c, offset, limit)? }
            }
        })
    }

    fn reach(write: &Never) -> Reach {
        match *write {}
    }

    fn write(_: &mut Backend, _: &str, write: Never) -> Result<Written, WriteError> {
        match write {}
    }
}

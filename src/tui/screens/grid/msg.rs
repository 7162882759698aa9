//! What the Grid screen asks of the store worker and what comes back. It writes nothing itself:
//! its `i`, `d` and `n` open the Hazards screen's forms for the unit under the cursor.

use crate::domain::{Community, Gap, Grid, UnitDetail, UnitPoint, UnitRow};
use crate::store::keyset::Page;
use crate::store::units::{Scope, UnitQuery};
use crate::tui::paged::Window;
use crate::tui::screen_def::{Kind, Slot};

/// Which tree node a set of units belongs to: a grid, or the units with no grid.
pub type GridKey = Option<i64>;

#[derive(Debug, Clone, PartialEq)]
pub enum Req {
    Tree,
    /// The first units of an expanded grid.
    Units { grid: GridKey, limit: i64 },
    /// A page of the flat list (the filter, or a grid too big for the tree).
    List { seq: u64, query: UnitQuery, at: Window },
    Detail(i64),
    Points(Scope),
    Gaps { offset: i64, limit: i64 },
}

impl Kind for Req {
    fn kind(&self) -> Option<Slot> {
        match self {
            Req::Tree => Slot::of("tree"),
            // Each expanded grid has its own units; none replaces another's.
            Req::Units { grid, .. } => Slot::keyed("units", grid.unwrap_or(-1)),
            Req::List { seq, .. } => Slot::page(*seq),
            Req::Detail(_) => Slot::of("detail"),
            Req::Points(_) => Slot::of("points"),
            Req::Gaps { offset, .. } => Slot::keyed("gaps", *offset),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Rep {
    Tree { communities: Vec<Community>, grids: Vec<Grid>, no_grid: i64 },
    Units { grid: GridKey, total: i64, rows: Vec<UnitRow> },
    List { seq: u64, total: Option<i64>, at: Window, page: Page<UnitRow> },
    Detail(i64, Option<Box<UnitDetail>>),
    Points(Scope, Vec<UnitPoint>),
    Gaps { total: i64, offset: i64, rows: Vec<Gap> },
}

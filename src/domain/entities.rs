//! Plain records of the grid network as the rest of the program passes them around.

use super::risk::RiskLevel;
use super::roles::{OfficerRole, TeamSeat};
use super::sector::Sector;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Community {
    pub id: i64,
    pub name: String,
    pub grid_count: i64,
    pub unit_count: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grid {
    pub id: i64,
    pub community_id: i64,
    pub name: String,
    pub code: String,
    pub unit_count: i64,
    /// Names of the grid's officers, leader first, for the tree row.
    pub officers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Officer {
    pub id: i64,
    pub name: String,
    pub phone: String,
    pub role: OfficerRole,
}

/// A unit as shown in lists: enough to draw a row without a second query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitRow {
    pub id: i64,
    pub uscc: Option<String>,
    pub name: String,
    pub sector: Sector,
    pub risk: RiskLevel,
    pub grid: Option<String>,
    pub community: Option<String>,
}

/// Everything the detail pane shows about one unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitDetail {
    pub row: UnitRow,
    pub grid_id: Option<i64>,
    pub address: String,
    pub principal: String,
    pub phone: String,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    pub version: i64,
    pub grid_officers: Vec<Officer>,
    pub team: Vec<(TeamSeat, Officer)>,
    /// The unit's hazards, open ones first: (id, status code, deadline, major, description).
    pub hazards: Vec<(i64, String, String, bool, String)>,
    pub last_self_inspection: Option<String>,
    pub last_drill: Option<String>,
}

impl UnitDetail {
    /// A fire key unit needs all five seats of its 五包一 team filled.
    pub fn team_complete(&self) -> bool {
        TeamSeat::ALL.iter().all(|s| self.team.iter().any(|(seat, _)| seat == s))
    }
}

/// A point on the map pane.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct UnitPoint {
    pub lon: f64,
    pub lat: f64,
    pub risk: RiskLevel,
    pub grid_id: Option<i64>,
}

/// Kinds of coverage gap an office must close.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GapKind {
    UnitWithoutGrid,
    GridWithoutOfficer,
    IncompleteTeam,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap {
    pub kind: GapKind,
    /// Unit id for unit gaps, grid id for grid gaps.
    pub id: i64,
    pub label: String,
    pub detail: String,
}

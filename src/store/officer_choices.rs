//! The officers a dispatch form offers, for an alarm or a hazard: those serving the grids the
//! record concerns first (marked), then the others by name, each with what tells two Zhangs apart.

use super::Result;
use rusqlite::{Connection, params};

/// An officer an alarm or a hazard may be dispatched to.
#[derive(Debug, Clone, PartialEq)]
pub struct OfficerChoice {
    pub id: i64,
    pub name: String,
    /// The officer's role code (`grid_leader` …).
    pub role: String,
    /// "community/grid" of each grid the officer serves, joined with "、".
    pub grids: String,
    pub phone: String,
    /// Serves one of the grids the record concerns.
    pub near: bool,
}

/// `near`: an SQL condition on the officer `o` and the record `?1`.
fn choices(conn: &Connection, near: &str, record: i64, limit: i64) -> Result<Vec<OfficerChoice>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT o.id, o.name, o.role, o.phone, {near} AS near,
                    (SELECT group_concat(c.name || '/' || g.name, '、') FROM officer_grid og
                       JOIN grid g ON g.id = og.grid_id JOIN community c ON c.id = g.community_id
                      WHERE og.officer_id = o.id) AS grids
             FROM officer o ORDER BY near DESC, o.name LIMIT ?2"
        ))?
        .query_map(params![record, limit], |r| {
            Ok(OfficerChoice {
                id: r.get(0)?,
                name: r.get(1)?,
                role: r.get(2)?,
                phone: r.get(3)?,
                near: r.get(4)?,
                grids: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// For an alarm: near are the officers of the grids it concerns.
pub fn for_alarm(conn: &Connection, alarm: i64, limit: i64) -> Result<Vec<OfficerChoice>> {
    choices(
        conn,
        "EXISTS (SELECT 1 FROM officer_grid og JOIN alarm_area x ON x.grid_id = og.grid_id
                 WHERE og.officer_id = o.id AND x.alarm_id = ?1)",
        alarm,
        limit,
    )
}

/// For a hazard: near are the officers of its unit's grid.
pub fn for_hazard(conn: &Connection, hazard: i64, limit: i64) -> Result<Vec<OfficerChoice>> {
    choices(
        conn,
        "EXISTS (SELECT 1 FROM officer_grid og JOIN unit u ON u.grid_id = og.grid_id JOIN hazard h ON h.unit_id = u.id
                 WHERE og.officer_id = o.id AND h.id = ?1)",
        hazard,
        limit,
    )
}

//! Counts for the Overview screen and the coverage-gap view.

use super::Result;
use crate::domain::{Gap, GapKind, RiskLevel, Sector};
use rusqlite::Connection;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct NetworkStats {
    pub communities: i64,
    pub grids: i64,
    pub officers: i64,
    pub units: i64,
    pub by_sector: BTreeMap<Sector, i64>,
    pub by_risk: BTreeMap<RiskLevel, i64>,
    pub units_without_grid: i64,
    pub grids_without_officer: i64,
    pub incomplete_teams: i64,
}

fn one(conn: &Connection, sql: &str) -> Result<i64> {
    Ok(conn.prepare_cached(sql)?.query_row([], |r| r.get(0))?)
}

const GRIDS_WITHOUT_OFFICER: &str =
    "FROM grid g WHERE NOT EXISTS (SELECT 1 FROM officer_grid og WHERE og.grid_id = g.id)";
const INCOMPLETE_TEAMS: &str = "FROM unit u WHERE u.sector = 'fire_key_unit' AND (SELECT COUNT(*) FROM guarantee_team t WHERE t.unit_id = u.id) < 5";

pub fn network(conn: &Connection) -> Result<NetworkStats> {
    let mut s = NetworkStats {
        communities: one(conn, "SELECT COUNT(*) FROM community")?,
        grids: one(conn, "SELECT COUNT(*) FROM grid")?,
        officers: one(conn, "SELECT COUNT(*) FROM officer")?,
        units: one(conn, "SELECT COUNT(*) FROM unit")?,
        units_without_grid: one(conn, "SELECT COUNT(*) FROM unit WHERE grid_id IS NULL")?,
        grids_without_officer: one(conn, &format!("SELECT COUNT(*) {GRIDS_WITHOUT_OFFICER}"))?,
        incomplete_teams: one(conn, &format!("SELECT COUNT(*) {INCOMPLETE_TEAMS}"))?,
        ..Default::default()
    };
    let mut stmt = conn.prepare_cached("SELECT sector, COUNT(*) FROM unit GROUP BY sector")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
        let (k, n) = row?;
        *s.by_sector.entry(Sector::parse(&k).unwrap_or(Sector::Other)).or_default() += n;
    }
    let mut stmt = conn.prepare_cached("SELECT risk_level, COUNT(*) FROM unit GROUP BY risk_level")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
        let (k, n) = row?;
        *s.by_risk.entry(RiskLevel::parse(&k).unwrap_or(RiskLevel::Low)).or_default() += n;
    }
    Ok(s)
}

/// One page of coverage gaps: units without a grid, then grids without an officer, then fire key
/// units whose 五包一 team has empty seats.
pub fn gaps(conn: &Connection, offset: i64, limit: i64) -> Result<Vec<Gap>> {
    let sql = format!(
        "SELECT * FROM (
           SELECT 0 AS k, u.id, u.name, COALESCE(u.uscc, u.address) FROM unit u WHERE u.grid_id IS NULL
           UNION ALL
           SELECT 1, g.id, g.name, (SELECT name FROM community WHERE id = g.community_id) {GRIDS_WITHOUT_OFFICER}
           UNION ALL
           SELECT 2, u.id, u.name, (SELECT COUNT(*) FROM guarantee_team t WHERE t.unit_id = u.id) {INCOMPLETE_TEAMS}
         ) ORDER BY k, 3, 2 LIMIT ?1 OFFSET ?2"
    );
    let rows = conn
        .prepare_cached(&sql)?
        .query_map([limit, offset], |r| {
            let k: i64 = r.get(0)?;
            let detail: rusqlite::types::Value = r.get(3)?;
            Ok(Gap {
                kind: match k {
                    0 => GapKind::UnitWithoutGrid,
                    1 => GapKind::GridWithoutOfficer,
                    _ => GapKind::IncompleteTeam,
                },
                id: r.get(1)?,
                label: r.get(2)?,
                detail: match detail {
                    rusqlite::types::Value::Text(t) => t,
                    rusqlite::types::Value::Integer(i) => format!("{i}/5"),
                    _ => String::new(),
                },
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

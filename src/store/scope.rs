//! Operator scopes: a station limited to its communities or grids sees and touches nothing else.
//!
//! The rule is enforced once, under every query: a scoped operator's reads go through a
//! connection of their own in which TEMP views named like the office's tables (`unit`, `grid`,
//! `hazard`, `alarm`, `tipoff` …) shadow them with only the rows in scope. Every list, count,
//! search, detail and report written against those names is scoped without knowing it, and a unit
//! outside the scope cannot be opened even by id. Writes go through the office's own connection
//! and are admitted only for records the scoped connection can see (see `visible`).

use super::{Result, StoreError, Writer};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;
use std::path::Path;

/// The grids an operator may see; `None` for the whole office.
pub fn grids_of(conn: &Connection, operator: &str) -> Result<Option<Vec<i64>>> {
    let id: Option<i64> =
        conn.query_row("SELECT id FROM operator WHERE name = ?1", [operator], |r| r.get(0)).optional()?;
    let Some(id) = id else { return Ok(None) };
    let rows: i64 = conn.query_row("SELECT count(*) FROM operator_scope WHERE operator_id = ?1", [id], |r| r.get(0))?;
    if rows == 0 {
        return Ok(None);
    }
    let mut stmt = conn.prepare(
        "SELECT grid_id FROM operator_scope WHERE operator_id = ?1 AND grid_id IS NOT NULL
         UNION SELECT g.id FROM grid g JOIN operator_scope s ON s.community_id = g.community_id WHERE s.operator_id = ?1
         ORDER BY 1",
    )?;
    let grids = stmt.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(Some(grids))
}

/// Sets an operator's scope (communities and grids by name; both empty: the whole office).
pub fn set(w: &mut Writer<'_>, operator: &str, communities: &[String], grids: &[String]) -> Result<()> {
    let id: i64 =
        w.tx.query_row("SELECT id FROM operator WHERE name = ?1", [operator], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StoreError::NotFound { entity: "operator".into(), record: operator.into() })?;
    w.tx.execute("DELETE FROM operator_scope WHERE operator_id = ?1", [id])?;
    for c in communities {
        let cid: i64 =
            w.tx.query_row("SELECT id FROM community WHERE name = ?1", [c], |r| r.get(0))
                .optional()?
                .ok_or_else(|| StoreError::NotFound { entity: "community".into(), record: c.clone() })?;
        w.tx.execute("INSERT INTO operator_scope (operator_id, community_id) VALUES (?1, ?2)", params![id, cid])?;
    }
    for g in grids {
        // "社区/网格" names a grid exactly; a bare grid name must be unique in the office.
        let (community, grid) = g.split_once('/').map(|(c, g)| (Some(c), g)).unwrap_or((None, g.as_str()));
        let mut stmt = w.tx.prepare(
            "SELECT g.id FROM grid g JOIN community c ON c.id = g.community_id
             WHERE (g.name = ?1 OR g.code = ?1) AND (?2 IS NULL OR c.name = ?2)",
        )?;
        let found: Vec<i64> =
            stmt.query_map(params![grid, community], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        drop(stmt);
        let gid = match found.as_slice() {
            [one] => *one,
            [] => return Err(StoreError::NotFound { entity: "grid".into(), record: g.clone() }),
            _ => {
                return Err(StoreError::Refused(format!(
                    "grid \"{g}\" is in several communities; write it as 社区/网格 (community/grid)"
                )));
            }
        };
        w.tx.execute("INSERT INTO operator_scope (operator_id, grid_id) VALUES (?1, ?2)", params![id, gid])?;
    }
    w.audit("operator.scope", "operator", operator, None, Some(&json!({"communities": communities, "grids": grids})))
}

/// The shadowing views, for a list of grid ids and the operator (whose own duty log it is).
fn views(grids: &[i64], operator: &str) -> String {
    let me = operator.replace('\'', "''");
    let list = if grids.is_empty() {
        "NULL".to_string()
    } else {
        grids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
    };
    format!(
        "CREATE TEMP VIEW grid AS SELECT * FROM main.grid WHERE id IN ({list});
         CREATE TEMP VIEW community AS SELECT * FROM main.community WHERE id IN (SELECT community_id FROM main.grid WHERE id IN ({list}));
         CREATE TEMP VIEW unit AS SELECT * FROM main.unit WHERE grid_id IN ({list});
         CREATE TEMP VIEW officer_grid AS SELECT * FROM main.officer_grid WHERE grid_id IN ({list});
         CREATE TEMP VIEW officer AS SELECT * FROM main.officer WHERE id IN (SELECT officer_id FROM main.officer_grid WHERE grid_id IN ({list}));
         CREATE TEMP VIEW guarantee_team AS SELECT * FROM main.guarantee_team WHERE unit_id IN (SELECT id FROM main.unit WHERE grid_id IN ({list}));
         CREATE TEMP VIEW inspection AS SELECT * FROM main.inspection WHERE unit_id IN (SELECT id FROM main.unit WHERE grid_id IN ({list}));
         CREATE TEMP VIEW hazard AS SELECT * FROM main.hazard WHERE unit_id IN (SELECT id FROM main.unit WHERE grid_id IN ({list}));
         CREATE TEMP VIEW tipoff AS SELECT * FROM main.tipoff WHERE unit_id IN (SELECT id FROM main.unit WHERE grid_id IN ({list}));
         CREATE TEMP VIEW manual_deadline AS SELECT * FROM main.manual_deadline WHERE unit_id IN (SELECT id FROM main.unit WHERE grid_id IN ({list}));
         CREATE TEMP VIEW alarm_area AS SELECT * FROM main.alarm_area WHERE grid_id IN ({list})
             OR (grid_id IS NULL AND community_id IN (SELECT community_id FROM main.grid WHERE id IN ({list})));
         CREATE TEMP VIEW alarm AS SELECT * FROM main.alarm WHERE unit_id IN (SELECT id FROM main.unit WHERE grid_id IN ({list}))
             OR id IN (SELECT alarm_id FROM main.alarm_area WHERE grid_id IN ({list})
                       OR (grid_id IS NULL AND community_id IN (SELECT community_id FROM main.grid WHERE id IN ({list}))));
         -- The office's own reports and plans are not a station's: no report calendar, no plans.
         CREATE TEMP VIEW office AS SELECT id, name, region_code, version, updated_by, updated_at, '' AS started_on FROM main.office;
         CREATE TEMP VIEW plan AS SELECT * FROM main.plan WHERE 0;
         -- The duty log a station keeps is its own.
         CREATE TEMP VIEW duty_shift AS SELECT * FROM main.duty_shift WHERE operator = '{me}';
         CREATE TEMP VIEW duty_entry AS SELECT * FROM main.duty_entry WHERE operator = '{me}';"
    )
}

/// A read connection that sees only `grids` (see the module documentation).
pub fn scoped_connection(db: &Path, grids: &[i64], operator: &str) -> Result<Connection> {
    let conn = Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE)
        .map_err(|source| StoreError::Open { path: db.to_path_buf(), source })?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.execute_batch(&views(grids, operator))?;
    Ok(conn)
}

/// Whether the scoped connection can see a row of `table` (a closed set of names, never input).
pub fn visible(conn: &Connection, table: ScopedTable, id: i64) -> Result<bool> {
    let t = match table {
        ScopedTable::Unit => "unit",
        ScopedTable::Hazard => "hazard",
        ScopedTable::Alarm => "alarm",
        ScopedTable::Tipoff => "tipoff",
        ScopedTable::ManualDeadline => "manual_deadline",
        ScopedTable::DutyShift => "duty_shift",
        ScopedTable::DutyEntry => "duty_entry",
    };
    Ok(conn.query_row(&format!("SELECT EXISTS (SELECT 1 FROM {t} WHERE id = ?1)"), [id], |r| r.get(0))?)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopedTable {
    Unit,
    Hazard,
    Alarm,
    Tipoff,
    ManualDeadline,
    DutyShift,
    DutyEntry,
}

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
    grids_in(conn, "operator_scope", "operator_id", id)
}

/// The grids a station's dashboard may show; `None` for the whole office (the duty room).
pub fn grids_of_station(conn: &Connection, station_id: i64) -> Result<Option<Vec<i64>>> {
    grids_in(conn, "station_scope", "station_id", station_id)
}

/// The grids of a scope table's rows for one owner (table and column are constants, never input).
fn grids_in(conn: &Connection, table: &str, owner: &str, id: i64) -> Result<Option<Vec<i64>>> {
    let rows: i64 = conn.query_row(&format!("SELECT count(*) FROM {table} WHERE {owner} = ?1"), [id], |r| r.get(0))?;
    if rows == 0 {
        return Ok(None);
    }
    let mut stmt = conn.prepare(&format!(
        "SELECT grid_id FROM {table} WHERE {owner} = ?1 AND grid_id IS NOT NULL
         UNION SELECT g.id FROM grid g JOIN {table} s ON s.community_id = g.community_id WHERE s.{owner} = ?1
         ORDER BY 1"
    ))?;
    let grids = stmt.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(Some(grids))
}

/// What an operator sees at a station: the grids both may see (`None`: the whole office).
pub fn intersect(a: Option<Vec<i64>>, b: Option<Vec<i64>>) -> Option<Vec<i64>> {
    match (a, b) {
        (None, x) | (x, None) => x,
        (Some(a), Some(b)) => Some(a.into_iter().filter(|g| b.contains(g)).collect()),
    }
}

/// Communities and grids named the way people write them, as ids: a community's name; a grid as
/// 社区/网格, or its name or code when unique in the office. `communities` and `grids` are taken
/// as what they say; `either` may be a community or a grid.
pub fn resolve(
    conn: &Connection,
    communities: &[String],
    grids: &[String],
    either: &[String],
) -> Result<super::audited_state::ScopeIds> {
    let mut out = super::audited_state::ScopeIds::new();
    let community = |c: &str| -> Result<Option<i64>> {
        Ok(conn.query_row("SELECT id FROM community WHERE name = ?1", [c], |r| r.get(0)).optional()?)
    };
    for c in communities {
        let id = community(c)?.ok_or_else(|| StoreError::NotFound { entity: "community".into(), record: c.clone() })?;
        out.insert(("c".into(), id));
    }
    for g in either {
        match community(g)? {
            Some(id) if !g.contains('/') => {
                out.insert(("c".into(), id));
            }
            _ => {
                out.insert(("g".into(), grid(conn, g)?));
            }
        }
    }
    for g in grids {
        out.insert(("g".into(), grid(conn, g)?));
    }
    Ok(out)
}

fn grid(conn: &Connection, g: &str) -> Result<i64> {
    // "社区/网格" names a grid exactly; a bare grid name must be unique in the office.
    let (community, grid) = g.split_once('/').map(|(c, g)| (Some(c), g)).unwrap_or((None, g));
    let mut stmt = conn.prepare(
        "SELECT g.id FROM grid g JOIN community c ON c.id = g.community_id
         WHERE (g.name = ?1 OR g.code = ?1) AND (?2 IS NULL OR c.name = ?2)",
    )?;
    let found: Vec<i64> = stmt.query_map(params![grid, community], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(StoreError::NotFound { entity: "community or grid".into(), record: g.to_string() }),
        _ => Err(StoreError::Refused(format!(
            "grid \"{g}\" is in several communities; write it as 社区/网格 (community/grid)"
        ))),
    }
}

/// Sets an operator's scope (communities and grids by name; both empty: the whole office).
pub fn set(w: &mut Writer<'_>, operator: &str, communities: &[String], grids: &[String]) -> Result<()> {
    let id: i64 =
        w.tx.query_row("SELECT id FROM operator WHERE name = ?1", [operator], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StoreError::NotFound { entity: "operator".into(), record: operator.into() })?;
    let ids = resolve(&w.tx, communities, grids, &[])?;
    w.tx.execute("DELETE FROM operator_scope WHERE operator_id = ?1", [id])?;
    insert_scope(w, "operator_scope", "operator_id", id, &ids)?;
    w.audit(
        "operator.scope",
        "operator",
        operator,
        None,
        Some(&json!({"communities": communities, "grids": grids, "scope": super::audited_state::scope_json(&ids)})),
    )
}

/// Writes scope rows for one owner (table and column are constants, never input).
pub(super) fn insert_scope(
    w: &mut Writer<'_>,
    table: &str,
    owner: &str,
    id: i64,
    ids: &super::audited_state::ScopeIds,
) -> Result<()> {
    for (kind, target) in ids {
        let column = if kind == "c" { "community_id" } else { "grid_id" };
        w.tx.execute(&format!("INSERT INTO {table} ({owner}, {column}) VALUES (?1, ?2)"), params![id, target])?;
    }
    Ok(())
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
         -- The kept counts, of what the station sees (counted: a station's alarms are few).
         CREATE TEMP VIEW alarm_tally AS SELECT status, level, feed, count(*) AS n FROM alarm GROUP BY status, level, feed;
         CREATE TEMP VIEW hazard_tally AS SELECT status, source, major, count(*) AS n FROM hazard GROUP BY status, source, major;
         -- The office's own reports and plans are not a station's: no report calendar, no plans.
         CREATE TEMP VIEW office AS SELECT id, name, region_code, version, updated_by, updated_at, '' AS started_on,
             full_name, superior, contact_person, contact_phone, main_plan, sealed, tables_apart FROM main.office;
         CREATE TEMP VIEW plan AS SELECT * FROM main.plan WHERE 0;
         -- The duty log a station keeps is its own.
         CREATE TEMP VIEW duty_shift AS SELECT * FROM main.duty_shift WHERE operator = '{me}';
         CREATE TEMP VIEW duty_entry AS SELECT * FROM main.duty_entry WHERE operator = '{me}';
         -- The registers: accidents at the station's units or opened by its own log; work at its units.
         CREATE TEMP VIEW accident AS SELECT * FROM main.accident
             WHERE unit_id IN (SELECT id FROM main.unit WHERE grid_id IN ({list}))
                OR duty_entry_id IN (SELECT id FROM main.duty_entry WHERE operator = '{me}');
         CREATE TEMP VIEW work_record AS SELECT * FROM main.work_record
             WHERE unit_id IN (SELECT id FROM main.unit WHERE grid_id IN ({list}));"
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

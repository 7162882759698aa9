//! Dating an office's records back: the demo town and generated offices are loaded "as of" a day,
//! with their units registered and the office started some time before it, as a long-used
//! database would have them. Each change is audited like any other.

use super::{Result, Writer};
use rusqlite::Connection;
use serde_json::json;

/// Every unit registered on `on` (obligations count from then).
pub fn register_units_on(w: &mut Writer<'_>, on: &str) -> Result<()> {
    w.tx.execute("UPDATE unit SET registered_on = ?1", [on])?;
    w.audit("demo.register", "unit", "*", None, Some(&json!({ "registered_on": on })))
}

/// The office started using anjian on `on` (its report calendar begins there).
pub fn office_started_on(w: &mut Writer<'_>, on: &str) -> Result<()> {
    w.tx.execute("UPDATE office SET started_on = ?1", [on])?;
    w.audit("demo.started", "office", "1", None, Some(&json!({ "started_on": on })))
}

/// The communities' ids in the order they were created.
pub fn community_ids(conn: &Connection) -> Result<Vec<i64>> {
    Ok(conn
        .prepare("SELECT id FROM community ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// The first `n` units that belong to a grid, by id.
pub fn units_in_grids(conn: &Connection, n: i64) -> Result<Vec<i64>> {
    Ok(conn
        .prepare("SELECT id FROM unit WHERE grid_id IS NOT NULL ORDER BY id LIMIT ?1")?
        .query_map([n], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Whether the office has no tip-off yet.
pub fn no_tipoffs(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row("SELECT NOT EXISTS(SELECT 1 FROM tipoff)", [], |r| r.get(0))?)
}

/// A tip-off's version now (the next step is checked against it).
pub fn tipoff_version(w: &Writer<'_>, id: i64) -> Result<i64> {
    Ok(w.tx.query_row("SELECT version FROM tipoff WHERE id = ?1", [id], |r| r.get(0))?)
}

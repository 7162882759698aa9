//! Units (生产经营单位): paged lists, detail, map points, and the upsert used by import.

use super::keyset::{self, Dir, Filter, Order, Page, PageQuery, Seek};
use super::network::{Outcome, officer_from_row};
use super::{Result, Table, Writer};
use crate::domain::{RiskLevel, Sector, TeamSeat, UnitDetail, UnitPoint, UnitRow};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params_from_iter};
use serde_json::json;

/// Which part of the tree a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    #[default]
    All,
    Community(i64),
    Grid(i64),
    NoGrid,
}

/// A list query: a place in the tree plus the `/` filter text. The text matches a unit's name or
/// address anywhere, its USCC from the start, a sector whose name contains it, or a risk level.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UnitQuery {
    pub scope: Scope,
    pub text: String,
}

impl UnitQuery {
    fn where_clause(&self) -> (String, Vec<Value>) {
        let mut parts = Vec::new();
        let mut args: Vec<Value> = Vec::new();
        match self.scope {
            Scope::All => {}
            Scope::Community(c) => {
                parts.push("u.grid_id IN (SELECT id FROM grid WHERE community_id = ?)".to_string());
                args.push(Value::Integer(c));
            }
            Scope::Grid(g) => {
                parts.push("u.grid_id = ?".to_string());
                args.push(Value::Integer(g));
            }
            Scope::NoGrid => parts.push("u.grid_id IS NULL".to_string()),
        }
        let q = self.text.trim();
        if !q.is_empty() {
            let mut alts = vec![super::text_search::contains(&super::text_search::UNITS, "u.id", q, &mut args)];
            let lower = q.to_lowercase();
            for s in Sector::all() {
                if s.name(true).contains(q) || s.name(false).to_lowercase().contains(&lower) || s.code() == lower {
                    alts.push("u.sector = ?".to_string());
                    args.push(Value::Text(s.code().to_string()));
                }
            }
            if let Some(r) =
                RiskLevel::parse(q).filter(|_| q.chars().count() > 1 || !q.chars().all(|c| c.is_ascii_digit()))
            {
                alts.push("u.risk_level = ?".to_string());
                args.push(Value::Text(r.code().to_string()));
            }
            parts.push(format!("({})", alts.join(" OR ")));
        }
        let clause = if parts.is_empty() { String::new() } else { format!("WHERE {}", parts.join(" AND ")) };
        (clause, args)
    }
}

const ROW_COLUMNS: &str = "u.id, u.uscc, u.name, u.sector, u.risk_level, g.name, c.name";
const ROW_JOINS: &str =
    "FROM unit u LEFT JOIN grid g ON g.id = u.grid_id LEFT JOIN community c ON c.id = g.community_id";

fn row_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<UnitRow> {
    let sector: String = r.get(3)?;
    let risk: String = r.get(4)?;
    Ok(UnitRow {
        id: r.get(0)?,
        uscc: r.get(1)?,
        name: r.get(2)?,
        sector: Sector::parse(&sector).unwrap_or(Sector::Other),
        risk: RiskLevel::parse(&risk).unwrap_or(RiskLevel::Low),
        grid: r.get(5)?,
        community: r.get(6)?,
    })
}

pub fn count(conn: &Connection, q: &UnitQuery) -> Result<i64> {
    let (clause, args) = q.where_clause();
    let sql = format!("SELECT COUNT(*) FROM unit u {clause}");
    Ok(conn.prepare_cached(&sql)?.query_row(params_from_iter(args), |r| r.get(0))?)
}

/// The list's order: by name, ties by id (the `unit_name` and `unit_grid_name` indexes).
pub const ORDER: Order = Order(&[("u.name", Dir::Asc), ("u.id", Dir::Asc)]);

/// One page of the list in name order; the screen asks only for the rows it can show.
pub fn page(conn: &Connection, q: &UnitQuery, seek: &Seek, limit: i64) -> Result<Page<UnitRow>> {
    let (clause, args) = q.where_clause();
    let select = format!("SELECT {ROW_COLUMNS}");
    let query = PageQuery { select: &select, from: ROW_JOINS, clause, args, group: "", filter: Filter::Where };
    Ok(keyset::fetch(conn, query, &ORDER, seek, limit, row_from)?)
}

/// The first rows of a list (a tree node, a picker).
pub fn first(conn: &Connection, q: &UnitQuery, limit: i64) -> Result<Vec<UnitRow>> {
    Ok(page(conn, q, &Seek::First, limit)?.rows)
}

pub fn detail(conn: &Connection, id: i64) -> Result<Option<UnitDetail>> {
    let sql = format!(
        "SELECT {ROW_COLUMNS}, u.grid_id, u.address, u.principal, u.phone, u.lon, u.lat, u.version, u.last_self_inspection, u.last_drill {ROW_JOINS} WHERE u.id = ?1"
    );
    let found = conn
        .query_row(&sql, [id], |r| {
            Ok(UnitDetail {
                row: row_from(r)?,
                grid_id: r.get(7)?,
                address: r.get(8)?,
                principal: r.get(9)?,
                phone: r.get(10)?,
                lon: r.get(11)?,
                lat: r.get(12)?,
                version: r.get(13)?,
                grid_officers: Vec::new(),
                team: Vec::new(),
                hazards: Vec::new(),
                last_self_inspection: r.get(14)?,
                last_drill: r.get(15)?,
            })
        })
        .optional()?;
    let Some(mut d) = found else { return Ok(None) };
    if let Some(g) = d.grid_id {
        d.grid_officers = super::network::grid_officers(conn, g)?;
    }
    let mut stmt = conn.prepare_cached(
        "SELECT o.id, o.name, o.phone, o.role, t.seat FROM guarantee_team t JOIN officer o ON o.id = t.officer_id WHERE t.unit_id = ?1",
    )?;
    let mut team = stmt
        .query_map([id], |r| {
            let seat: String = r.get(4)?;
            Ok((TeamSeat::parse(&seat), officer_from_row(r)?))
        })?
        .filter_map(|r| match r {
            Ok((Some(seat), o)) => Some(Ok((seat, o))),
            Ok((None, _)) => None,
            Err(e) => Some(Err(e)),
        })
        .collect::<rusqlite::Result<Vec<_>>>()?;
    team.sort_by_key(|(s, _)| *s);
    d.team = team;
    let mut stmt = conn.prepare_cached(
        "SELECT id, status, deadline, major, description FROM hazard WHERE unit_id = ?1
         ORDER BY status = 'closed', deadline DESC LIMIT 20",
    )?;
    d.hazards = stmt
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(d))
}

/// Coordinates of the units in a scope, for the map pane; capped so that a district-wide map
/// never pulls every row (the canvas has a few thousand cells anyway).
pub fn points(conn: &Connection, scope: Scope, cap: i64) -> Result<Vec<UnitPoint>> {
    let (clause, mut args) = UnitQuery { scope, text: String::new() }.where_clause();
    let extra = if clause.is_empty() { "WHERE" } else { "AND" };
    let sql = format!(
        "SELECT u.lon, u.lat, u.risk_level, u.grid_id FROM unit u {clause} {extra} u.lon IS NOT NULL AND u.lat IS NOT NULL LIMIT ?"
    );
    args.push(Value::Integer(cap));
    let rows = conn
        .prepare_cached(&sql)?
        .query_map(params_from_iter(args), |r| {
            let risk: String = r.get(2)?;
            Ok(UnitPoint {
                lon: r.get(0)?,
                lat: r.get(1)?,
                risk: RiskLevel::parse(&risk).unwrap_or(RiskLevel::Low),
                grid_id: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// A unit as imported: every field the sheet carries, already validated.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitInput {
    pub uscc: Option<String>,
    pub name: String,
    pub address: String,
    pub grid_id: Option<i64>,
    pub sector: Sector,
    pub risk: RiskLevel,
    pub principal: String,
    pub phone: String,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
}

impl UnitInput {
    fn to_json(&self) -> serde_json::Value {
        json!({
            "uscc": self.uscc, "name": self.name, "address": self.address, "grid_id": self.grid_id,
            "sector": self.sector.code(), "risk_level": self.risk.code(), "principal": self.principal,
            "phone": self.phone, "lon": self.lon, "lat": self.lat,
        })
    }
}

/// Finds the unit a sheet row means: by USCC, or by name + address for units without one.
/// A unit named the way people name it in a form or a script: its USCC, or its exact name.
pub fn by_key(conn: &Connection, key: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM unit WHERE uscc = ?1 OR name = ?1 ORDER BY uscc = ?1 DESC LIMIT 1")?
        .query_row([key.trim()], |r| r.get(0))
        .optional()?)
}

/// A unit's name by its id.
pub fn name(conn: &Connection, id: i64) -> Result<Option<String>> {
    Ok(conn.prepare_cached("SELECT name FROM unit WHERE id = ?1")?.query_row([id], |r| r.get(0)).optional()?)
}

/// The lookup behind [`by_sheet_key`]. `+uscc` keeps the planner off the USCC index for the NULL
/// test: on a new database without statistics it walked every unit lacking a USCC for each row
/// (a generated city's history: 950,000 rows × 23,000 such units).
pub const BY_SHEET_KEY: &str = "SELECT id FROM unit WHERE uscc = ?1 OR (+uscc IS NULL AND name = ?1)";

/// The unit a demo or generated sheet names: its USCC, or the name of a unit that has none.
pub fn by_sheet_key(conn: &Connection, key: &str) -> Result<Option<i64>> {
    Ok(conn.prepare_cached(BY_SHEET_KEY)?.query_row([key], |r| r.get(0)).optional()?)
}

pub fn find_id(conn: &Connection, uscc: Option<&str>, name: &str, address: &str) -> Result<Option<i64>> {
    Ok(match uscc {
        Some(code) => {
            conn.prepare_cached("SELECT id FROM unit WHERE uscc = ?1")?.query_row([code], |r| r.get(0)).optional()?
        }
        None => conn
            .prepare_cached("SELECT id FROM unit WHERE uscc IS NULL AND name = ?1 AND address = ?2")?
            .query_row([name, address], |r| r.get(0))
            .optional()?,
    })
}

fn load_input(conn: &Connection, id: i64) -> Result<(UnitInput, i64)> {
    Ok(conn.prepare_cached(
        "SELECT uscc, name, address, grid_id, sector, risk_level, principal, phone, lon, lat, version FROM unit WHERE id = ?1",
    )?
    .query_row([id], |r| {
        let sector: String = r.get(4)?;
        let risk: String = r.get(5)?;
        Ok((
            UnitInput {
                uscc: r.get(0)?,
                name: r.get(1)?,
                address: r.get(2)?,
                grid_id: r.get(3)?,
                sector: Sector::parse(&sector).unwrap_or(Sector::Other),
                risk: RiskLevel::parse(&risk).unwrap_or(RiskLevel::Low),
                principal: r.get(6)?,
                phone: r.get(7)?,
                lon: r.get(8)?,
                lat: r.get(9)?,
            },
            r.get(10)?,
        ))
    })?)
}

pub fn upsert(w: &mut Writer<'_>, u: &UnitInput) -> Result<Outcome> {
    let existing = find_id(&w.tx, u.uscc.as_deref(), &u.name, &u.address)?;
    match existing {
        Some(id) => {
            let (before, version) = load_input(&w.tx, id)?;
            if before == *u {
                return Ok(Outcome::Unchanged);
            }
            w.bump_version(Table::Unit, id, version)?;
            w.tx.prepare_cached(
                "UPDATE unit SET name = ?1, address = ?2, grid_id = ?3, sector = ?4, risk_level = ?5, principal = ?6,
                 phone = ?7, lon = ?8, lat = ?9 WHERE id = ?10",
            )?
            .execute(rusqlite::params![
                u.name,
                u.address,
                u.grid_id,
                u.sector.code(),
                u.risk.code(),
                u.principal,
                u.phone,
                u.lon,
                u.lat,
                id
            ])?;
            w.audit("unit.update", "unit", &id.to_string(), Some(&before.to_json()), Some(&u.to_json()))?;
            Ok(Outcome::Updated)
        }
        None => {
            w.tx.prepare_cached(
                "INSERT INTO unit (uscc, name, address, grid_id, sector, risk_level, principal, phone, lon, lat, updated_by, updated_at, registered_on)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, substr(?12, 1, 10))",
            )?
            .execute(rusqlite::params![
                u.uscc, u.name, u.address, u.grid_id, u.sector.code(), u.risk.code(), u.principal, u.phone, u.lon, u.lat, w.operator, w.at
            ])?;
            let id = w.tx.last_insert_rowid();
            w.audit("unit.create", "unit", &id.to_string(), None, Some(&u.to_json()))?;
            Ok(Outcome::Inserted)
        }
    }
}

/// Changes a unit's risk colour if nobody else changed the unit since it was read.
pub fn set_risk(w: &mut Writer<'_>, id: i64, expected_version: i64, risk: RiskLevel) -> Result<()> {
    let (before, _) = load_input(&w.tx, id)?;
    w.bump_version(Table::Unit, id, expected_version)?;
    w.tx.execute("UPDATE unit SET risk_level = ?1 WHERE id = ?2", rusqlite::params![risk.code(), id])?;
    let after = UnitInput { risk, ..before.clone() };
    w.audit("unit.set_risk", "unit", &id.to_string(), Some(&before.to_json()), Some(&after.to_json()))
}

/// Every unit with its full fields for export, streamed in name order.
/// Every unit's id, USCC and name (matching a sheet's rows to units).
pub fn keys(conn: &Connection) -> Result<Vec<(i64, Option<String>, String)>> {
    let mut stmt = conn.prepare("SELECT id, uscc, name FROM unit")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn for_each_export<E: From<super::StoreError>>(
    conn: &Connection,
    mut f: impl FnMut(ExportUnit) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let sql = |e: rusqlite::Error| E::from(super::StoreError::from(e));
    let mut stmt = conn.prepare(
        "SELECT u.uscc, u.name, g.name, c.name, u.sector, u.risk_level, u.principal, u.phone, u.address, u.lon, u.lat
         FROM unit u LEFT JOIN grid g ON g.id = u.grid_id LEFT JOIN community c ON c.id = g.community_id ORDER BY u.name, u.id",
    ).map_err(sql)?;
    let mut rows = stmt.query([]).map_err(sql)?;
    while let Some(r) = rows.next().map_err(sql)? {
        let unit = export_row(r).map_err(sql)?;
        f(unit)?;
    }
    Ok(())
}

fn export_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ExportUnit> {
    let sector: String = r.get(4)?;
    let risk: String = r.get(5)?;
    let unit = ExportUnit {
        uscc: r.get(0)?,
        name: r.get(1)?,
        grid: r.get(2)?,
        community: r.get(3)?,
        sector: sector.clone(),
        risk_level: RiskLevel::parse(&risk).map(|l| l.colour().to_string()).unwrap_or(risk),
        principal: r.get(6)?,
        phone: r.get(7)?,
        address: r.get(8)?,
        lon: r.get(9)?,
        lat: r.get(10)?,
    };
    Ok(unit)
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct ExportUnit {
    pub uscc: Option<String>,
    pub name: String,
    pub grid: Option<String>,
    pub community: Option<String>,
    pub sector: String,
    pub risk_level: String,
    pub principal: String,
    pub phone: String,
    pub address: String,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
}

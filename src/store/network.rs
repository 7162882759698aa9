//! Communities, grids, officers and 五包一 teams.

use super::{Result, Table, Writer};
use crate::domain::{Community, Grid, Officer, OfficerRole, TeamSeat};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

/// What an upsert did, so that imports can report inserted/updated/unchanged counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Inserted,
    Updated,
    Unchanged,
}

pub fn office_name(conn: &Connection) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT name FROM office WHERE id = 1", [], |r| r.get(0)).optional()?)
}

pub fn set_office(w: &mut Writer<'_>, name: &str, region_code: &str) -> Result<()> {
    let before: Option<(String, String, i64)> =
        w.tx.query_row("SELECT name, region_code, version FROM office WHERE id = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    let after = json!({"name": name, "region_code": region_code});
    match before {
        Some((n, r, _)) if n == name && r == region_code => return Ok(()),
        Some((n, r, v)) => {
            w.bump_version(Table::Office, 1, v)?;
            w.tx.execute("UPDATE office SET name = ?1, region_code = ?2 WHERE id = 1", params![name, region_code])?;
            w.audit("office.update", "office", "1", Some(&json!({"name": n, "region_code": r})), Some(&after))?;
        }
        None => {
            w.tx.execute(
                "INSERT INTO office (id, name, region_code, updated_by, updated_at, started_on) VALUES (1, ?1, ?2, ?3, ?4, substr(?4, 1, 10))",
                params![name, region_code, w.operator, w.at],
            )?;
            w.audit("office.create", "office", "1", None, Some(&after))?;
        }
    }
    Ok(())
}

/// The office's identity as the report names it (an office not set up yet: all empty).
pub fn office_identity(conn: &Connection) -> Result<crate::domain::office::OfficeIdentity> {
    Ok(conn
        .query_row(
            "SELECT name, full_name, superior, contact_person, contact_phone, main_plan, sealed, tables_apart
             FROM office WHERE id = 1",
            [],
            |r| {
                Ok(crate::domain::office::OfficeIdentity {
                    name: r.get(0)?,
                    full_name: r.get(1)?,
                    superior: r.get(2)?,
                    contact_person: r.get(3)?,
                    contact_phone: r.get(4)?,
                    main_plan: r.get(5)?,
                    sealed: r.get(6)?,
                    tables_apart: r.get(7)?,
                })
            },
        )
        .optional()?
        .unwrap_or_default())
}

/// Sets the identity's report fields (the short name and region code stay `set_office`'s), if
/// nobody changed the office since `expected_version`; audited with the values before and after.
pub fn set_office_identity(
    w: &mut Writer<'_>,
    id: &crate::domain::office::OfficeIdentity,
    expected_version: i64,
) -> Result<()> {
    let before = office_identity(&w.tx)?;
    w.bump_version(Table::Office, 1, expected_version)?;
    w.tx.execute(
        "UPDATE office SET full_name = ?1, superior = ?2, contact_person = ?3, contact_phone = ?4, main_plan = ?5,
           sealed = ?6, tables_apart = ?7 WHERE id = 1",
        params![
            id.full_name.trim(),
            id.superior.trim(),
            id.contact_person.trim(),
            id.contact_phone.trim(),
            id.main_plan.trim(),
            id.sealed,
            id.tables_apart
        ],
    )?;
    w.audit("office.identity", "office", "1", Some(&json!(before)), Some(&json!(office_identity(&w.tx)?)))
}

/// The grids of the officer of that name (`None`: nobody is called that); several officers of
/// one name are one person to a calendar.
pub fn grids_of_officer_named(conn: &Connection, name: &str) -> Result<Option<Vec<i64>>> {
    if conn.query_row("SELECT count(*) FROM officer WHERE name = ?1", [name.trim()], |r| r.get::<_, i64>(0))? == 0 {
        return Ok(None);
    }
    let mut stmt = conn.prepare(
        "SELECT DISTINCT og.grid_id FROM officer_grid og JOIN officer o ON o.id = og.officer_id
         WHERE o.name = ?1 ORDER BY og.grid_id",
    )?;
    let ids = stmt.query_map([name.trim()], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(Some(ids))
}

/// The office's administrative region code ('' until set).
pub fn office_region(conn: &Connection) -> Result<String> {
    Ok(conn.query_row("SELECT COALESCE((SELECT region_code FROM office WHERE id = 1), '')", [], |r| r.get(0))?)
}

/// The office row's version (0 before the office exists).
pub fn office_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT version FROM office WHERE id = 1", [], |r| r.get(0)).optional()?.unwrap_or(0))
}

/// Sets a community's administrative region code (which CAP warnings name by prefix).
pub fn set_community_region_code(w: &mut Writer<'_>, id: i64, code: &str) -> Result<()> {
    let (old, version): (String, i64) =
        w.tx.query_row("SELECT region_code, version FROM community WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    if old == code {
        return Ok(());
    }
    w.bump_version(Table::Community, id, version)?;
    w.tx.execute("UPDATE community SET region_code = ?2 WHERE id = ?1", params![id, code])?;
    w.audit(
        "community.update",
        "community",
        &id.to_string(),
        Some(&json!({"region_code": old})),
        Some(&json!({"region_code": code})),
    )
}

/// Finds or creates a community by name.
pub fn ensure_community(w: &mut Writer<'_>, name: &str) -> Result<i64> {
    if let Some(id) = w.tx.query_row("SELECT id FROM community WHERE name = ?1", [name], |r| r.get(0)).optional()? {
        return Ok(id);
    }
    w.tx.execute(
        "INSERT INTO community (name, updated_by, updated_at) VALUES (?1, ?2, ?3)",
        params![name, w.operator, w.at],
    )?;
    let id = w.tx.last_insert_rowid();
    w.audit("community.create", "community", &id.to_string(), None, Some(&json!({"name": name})))?;
    Ok(id)
}

pub struct GridInput {
    pub community: String,
    pub name: String,
    pub code: String,
}

pub fn upsert_grid(w: &mut Writer<'_>, g: &GridInput) -> Result<Outcome> {
    let community_id = ensure_community(w, &g.community)?;
    let existing: Option<(i64, String, i64)> =
        w.tx.query_row(
            "SELECT id, code, version FROM grid WHERE community_id = ?1 AND name = ?2",
            params![community_id, g.name],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let after = json!({"community": g.community, "name": g.name, "code": g.code});
    match existing {
        Some((_, code, _)) if code == g.code => Ok(Outcome::Unchanged),
        Some((id, code, version)) => {
            w.bump_version(Table::Grid, id, version)?;
            w.tx.execute("UPDATE grid SET code = ?1 WHERE id = ?2", params![g.code, id])?;
            let before = json!({"community": g.community, "name": g.name, "code": code});
            w.audit("grid.update", "grid", &id.to_string(), Some(&before), Some(&after))?;
            Ok(Outcome::Updated)
        }
        None => {
            w.tx.execute(
                "INSERT INTO grid (community_id, name, code, updated_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![community_id, g.name, g.code, w.operator, w.at],
            )?;
            let id = w.tx.last_insert_rowid();
            w.audit("grid.create", "grid", &id.to_string(), None, Some(&after))?;
            Ok(Outcome::Inserted)
        }
    }
}

pub struct OfficerInput {
    pub name: String,
    pub phone: String,
    pub role: OfficerRole,
    pub grid_ids: Vec<i64>,
}

/// Officers are identified by name + phone; their grid assignments are replaced by the sheet's.
pub fn upsert_officer(w: &mut Writer<'_>, o: &OfficerInput) -> Result<Outcome> {
    let existing: Option<(i64, String, i64)> =
        w.tx.query_row(
            "SELECT id, role, version FROM officer WHERE name = ?1 AND phone = ?2",
            params![o.name, o.phone],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let mut grids = o.grid_ids.clone();
    grids.sort_unstable();
    grids.dedup();
    let after = json!({"name": o.name, "phone": o.phone, "role": o.role.code(), "grids": grids});
    let (id, outcome) = match existing {
        Some((id, role, version)) => {
            let old_grids = officer_grid_ids(&w.tx, id)?;
            if role == o.role.code() && old_grids == grids {
                return Ok(Outcome::Unchanged);
            }
            w.bump_version(Table::Officer, id, version)?;
            w.tx.execute("UPDATE officer SET role = ?1 WHERE id = ?2", params![o.role.code(), id])?;
            let before = json!({"name": o.name, "phone": o.phone, "role": role, "grids": old_grids});
            w.audit("officer.update", "officer", &id.to_string(), Some(&before), Some(&after))?;
            (id, Outcome::Updated)
        }
        None => {
            w.tx.execute(
                "INSERT INTO officer (name, phone, role, updated_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![o.name, o.phone, o.role.code(), w.operator, w.at],
            )?;
            let id = w.tx.last_insert_rowid();
            w.audit("officer.create", "officer", &id.to_string(), None, Some(&after))?;
            (id, Outcome::Inserted)
        }
    };
    w.tx.execute("DELETE FROM officer_grid WHERE officer_id = ?1", [id])?;
    for g in &grids {
        w.tx.execute("INSERT INTO officer_grid (officer_id, grid_id) VALUES (?1, ?2)", params![id, g])?;
    }
    Ok(outcome)
}

fn officer_grid_ids(conn: &Connection, officer_id: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached("SELECT grid_id FROM officer_grid WHERE officer_id = ?1 ORDER BY grid_id")?;
    let ids = stmt.query_map([officer_id], |r| r.get(0))?.collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(ids)
}

pub fn set_team_seat(w: &mut Writer<'_>, unit_id: i64, seat: TeamSeat, officer_id: i64) -> Result<Outcome> {
    let old: Option<i64> =
        w.tx.query_row(
            "SELECT officer_id FROM guarantee_team WHERE unit_id = ?1 AND seat = ?2",
            params![unit_id, seat.code()],
            |r| r.get(0),
        )
        .optional()?;
    if old == Some(officer_id) {
        return Ok(Outcome::Unchanged);
    }
    w.tx.execute(
        "INSERT INTO guarantee_team (unit_id, seat, officer_id) VALUES (?1, ?2, ?3)
         ON CONFLICT (unit_id, seat) DO UPDATE SET officer_id = excluded.officer_id",
        params![unit_id, seat.code(), officer_id],
    )?;
    let record = format!("{unit_id}/{}", seat.code());
    let after = json!({"officer_id": officer_id});
    let before = old.map(|o| json!({"officer_id": o}));
    w.audit("team.set", "guarantee_team", &record, before.as_ref(), Some(&after))?;
    Ok(if old.is_some() { Outcome::Updated } else { Outcome::Inserted })
}

pub fn communities(conn: &Connection) -> Result<Vec<Community>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.name,
                (SELECT COUNT(*) FROM grid g WHERE g.community_id = c.id),
                (SELECT COUNT(*) FROM unit u JOIN grid g ON u.grid_id = g.id WHERE g.community_id = c.id)
         FROM community c ORDER BY c.id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(Community { id: r.get(0)?, name: r.get(1)?, grid_count: r.get(2)?, unit_count: r.get(3)? })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// All grids with unit counts and officer names (leaders first). A district has a few thousand
/// grids, so the tree keeps them in memory; units are paged separately.
pub fn grids(conn: &Connection) -> Result<Vec<Grid>> {
    let mut stmt = conn.prepare_cached(
        "SELECT g.id, g.community_id, g.name, g.code,
                (SELECT COUNT(*) FROM unit u WHERE u.grid_id = g.id)
         FROM grid g JOIN community c ON c.id = g.community_id ORDER BY c.id, g.code, g.id",
    )?;
    let mut grids = stmt
        .query_map([], |r| {
            Ok(Grid {
                id: r.get(0)?,
                community_id: r.get(1)?,
                name: r.get(2)?,
                code: r.get(3)?,
                unit_count: r.get(4)?,
                officers: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT og.grid_id, o.name FROM officer_grid og JOIN officer o ON o.id = og.officer_id
         ORDER BY og.grid_id, o.role = 'grid_leader' DESC, o.name",
    )?;
    let mut names: std::collections::HashMap<i64, Vec<String>> = std::collections::HashMap::new();
    for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
        let (g, n) = row?;
        names.entry(g).or_default().push(n);
    }
    for g in &mut grids {
        g.officers = names.remove(&g.id).unwrap_or_default();
    }
    Ok(grids)
}

pub fn grid_officers(conn: &Connection, grid_id: i64) -> Result<Vec<Officer>> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.id, o.name, o.phone, o.role FROM officer_grid og JOIN officer o ON o.id = og.officer_id
         WHERE og.grid_id = ?1 ORDER BY o.role = 'grid_leader' DESC, o.name",
    )?;
    let rows = stmt.query_map([grid_id], officer_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub(super) fn officer_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Officer> {
    let role: String = r.get(3)?;
    Ok(Officer {
        id: r.get(0)?,
        name: r.get(1)?,
        phone: r.get(2)?,
        role: OfficerRole::parse(&role).unwrap_or(OfficerRole::GridMember),
    })
}

/// Every grid as (id, community name, grid name, code), for resolving names in imported sheets.
pub fn grid_keys(conn: &Connection) -> Result<Vec<(i64, String, String, String)>> {
    let mut stmt =
        conn.prepare("SELECT g.id, c.name, g.name, g.code FROM grid g JOIN community c ON c.id = g.community_id")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Officers as (id, name, phone), for resolving names in team sheets.
pub fn officer_keys(conn: &Connection) -> Result<Vec<(i64, String, String)>> {
    let mut stmt = conn.prepare("SELECT id, name, phone FROM officer")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Every 五包一 seat: (unit's USCC or name, seat, officer, phone), by unit and seat (export).
pub fn teams(conn: &Connection) -> Result<Vec<(String, String, String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT COALESCE(u.uscc, u.name), t.seat, o.name, o.phone FROM guarantee_team t
         JOIN unit u ON u.id = t.unit_id JOIN officer o ON o.id = t.officer_id ORDER BY u.name, t.seat",
    )?;
    let rows =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Officers with the names of their grids ("社区/网格"), for export.
pub fn officers_with_grids(conn: &Connection) -> Result<Vec<(Officer, Vec<String>)>> {
    let mut stmt = conn.prepare(
        "SELECT o.id, o.name, o.phone, o.role,
                (SELECT GROUP_CONCAT(c.name || '/' || g.name, ';') FROM officer_grid og
                   JOIN grid g ON g.id = og.grid_id JOIN community c ON c.id = g.community_id
                   WHERE og.officer_id = o.id)
         FROM officer o ORDER BY o.name, o.id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            let grids: Option<String> = r.get(4)?;
            Ok((officer_from_row(r)?, grids.map(|g| g.split(';').map(str::to_string).collect()).unwrap_or_default()))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

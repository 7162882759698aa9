//! The office's enforcement cases, training sessions and publicity events over the store. A record
//! is known by its kind, date and title, so that a sheet imported twice adds nothing twice.

use super::network::Outcome;
use super::{Result, StoreError, Table, Writer};
use crate::domain::figures::{WorkLine, WorkSection};
use crate::domain::work_record::WorkKind;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

#[derive(Debug, Clone, PartialEq)]
pub struct WorkInput {
    pub kind: WorkKind,
    pub on: NaiveDate,
    /// The case, the session's subject or the event.
    pub title: String,
    pub unit: Option<i64>,
    pub unit_name: String,
    /// Enforcement: the fine in yuan (0 for a case closed with an order to correct).
    pub fine_yuan: f64,
    /// Training: people trained; publicity: people reached.
    pub people: i64,
    pub note: String,
}

impl WorkInput {
    fn json(&self) -> serde_json::Value {
        json!({
            "kind": self.kind.code(), "on": self.on.to_string(), "title": self.title, "unit": self.unit,
            "unit_name": self.unit_name, "fine_yuan": self.fine_yuan, "people": self.people, "note": self.note,
        })
    }
}

/// A stored record as the upsert compares it: (id, version, unit, unit name, fine, people, note).
type Stored = (i64, i64, Option<i64>, String, f64, i64, String);

pub fn upsert(w: &mut Writer<'_>, r: &WorkInput) -> Result<Outcome> {
    if r.title.trim().is_empty() {
        return Err(StoreError::Refused("a work record needs its title".into()));
    }
    if r.fine_yuan < 0.0 || r.people < 0 {
        return Err(StoreError::Refused("a fine or a number of people cannot be negative".into()));
    }
    let existing: Option<Stored> =
        w.tx.query_row(
            "SELECT id, version, unit_id, unit_name, fine_yuan, people, note FROM work_record
             WHERE kind = ?1 AND on_date = ?2 AND title = ?3",
            params![r.kind.code(), r.on.to_string(), r.title.trim()],
            |x| Ok((x.get(0)?, x.get(1)?, x.get(2)?, x.get(3)?, x.get(4)?, x.get(5)?, x.get(6)?)),
        )
        .optional()?;
    let after = r.json();
    match existing {
        Some((_, _, unit, name, fine, people, note))
            if unit == r.unit && name == r.unit_name && fine == r.fine_yuan && people == r.people && note == r.note =>
        {
            Ok(Outcome::Unchanged)
        }
        Some((id, version, unit, name, fine, people, note)) => {
            w.bump_version(Table::WorkRecord, id, version)?;
            w.tx.execute(
                "UPDATE work_record SET unit_id = ?2, unit_name = ?3, fine_yuan = ?4, people = ?5, note = ?6 WHERE id = ?1",
                params![id, r.unit, r.unit_name, r.fine_yuan, r.people, r.note],
            )?;
            let before = json!({"unit": unit, "unit_name": name, "fine_yuan": fine, "people": people, "note": note});
            w.audit("work.update", "work_record", &id.to_string(), Some(&before), Some(&after))?;
            Ok(Outcome::Updated)
        }
        None => {
            w.tx.execute(
                "INSERT INTO work_record (kind, on_date, title, unit_id, unit_name, fine_yuan, people, note, updated_by, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    r.kind.code(),
                    r.on.to_string(),
                    r.title.trim(),
                    r.unit,
                    r.unit_name,
                    r.fine_yuan,
                    r.people,
                    r.note,
                    w.operator,
                    w.at
                ],
            )?;
            let id = w.tx.last_insert_rowid();
            w.audit("work.create", "work_record", &id.to_string(), None, Some(&after))?;
            Ok(Outcome::Inserted)
        }
    }
}

/// The columns every read takes: the line, then its note and the key a unit is counted by (its
/// id, or the name written for a unit not on record).
const LINE: &str = "SELECT r.on_date, r.kind, r.title, COALESCE(u.name, r.unit_name), r.fine_yuan, r.people, r.note,
        COALESCE(CAST(r.unit_id AS TEXT), NULLIF(r.unit_name, ''))
    FROM work_record r LEFT JOIN unit u ON u.id = r.unit_id";

type Read = (WorkLine, String, Option<String>);

fn line(r: &rusqlite::Row<'_>) -> rusqlite::Result<Read> {
    Ok((
        WorkLine {
            on: r.get(0)?,
            kind: WorkKind::parse(&r.get::<_, String>(1)?).unwrap_or(WorkKind::Publicity),
            title: r.get(2)?,
            unit: r.get(3)?,
            fine_yuan: r.get(4)?,
            people: r.get(5)?,
        },
        r.get(6)?,
        r.get(7)?,
    ))
}

/// Every record with its note, by date (the export).
pub fn all(conn: &Connection) -> Result<Vec<(WorkLine, String)>> {
    let mut stmt = conn.prepare_cached(&format!("{LINE} ORDER BY r.on_date, r.kind, r.id"))?;
    let rows = stmt.query_map([], line)?.map(|x| x.map(|(l, note, _)| (l, note))).collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The records between two dates (inclusive), by date.
pub fn section(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<WorkSection> {
    let mut stmt =
        conn.prepare_cached(&format!("{LINE} WHERE r.on_date BETWEEN ?1 AND ?2 ORDER BY r.on_date, r.kind, r.id"))?;
    let rows: Vec<Read> =
        stmt.query_map(params![from.to_string(), to.to_string()], line)?.collect::<rusqlite::Result<_>>()?;
    let mut s = WorkSection::default();
    let mut units = std::collections::HashSet::new();
    for (line, _, unit_key) in rows {
        match line.kind {
            WorkKind::Enforcement => {
                s.enforcement_cases += 1;
                s.fines_yuan += line.fine_yuan;
                if let Some(k) = unit_key {
                    units.insert(k);
                }
            }
            WorkKind::Training => {
                s.training_sessions += 1;
                s.people_trained += line.people;
            }
            WorkKind::Publicity => {
                s.publicity_events += 1;
                s.people_reached += line.people;
            }
        }
        s.lines.push(line);
    }
    s.units_penalised = units.len() as i64;
    Ok(s)
}

//! The accident register over the store: entries added by hand, by `accident add`, by a sheet, or
//! created when a serious accident is written in the duty log (its one-hour clock then stops in
//! both places at once). Each write is one transaction with its audit row.

use super::network::Outcome;
use super::{Result, StoreError, Table, Writer};
use crate::domain::accident::{self, AccidentLevel};
use crate::domain::figures::{AccidentLine, AccidentSection, Share};
use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

#[derive(Debug, Clone, PartialEq)]
pub struct AccidentInput {
    pub occurred_at: DateTime<FixedOffset>,
    /// The unit on record, if the accident is at one.
    pub unit: Option<i64>,
    /// The unit's name (as on record, or as reported for a unit not on record).
    pub unit_name: String,
    pub place: String,
    /// A GB 6441 type code (`domain::accident::TYPES`).
    pub kind: String,
    pub level: AccidentLevel,
    pub deaths: u32,
    pub injuries: u32,
    pub description: String,
    pub reported_at: Option<DateTime<FixedOffset>>,
}

impl AccidentInput {
    /// What a register refuses: a level below what the casualties make it, a report before the
    /// accident, an unknown type. Said in the user's language by the caller's wording.
    pub fn check(&self) -> std::result::Result<(), String> {
        let floor = AccidentLevel::floor(self.deaths, self.injuries);
        if self.level < floor {
            return Err(format!(
                "{} deaths and {} seriously injured make it at least {} ({})",
                self.deaths,
                self.injuries,
                floor.name(false),
                floor.name(true)
            ));
        }
        if self.reported_at.is_some_and(|r| r < self.occurred_at) {
            return Err("reported before it happened".into());
        }
        if !accident::TYPES.iter().any(|(c, _, _)| *c == self.kind) {
            return Err(format!("unknown accident type \"{}\"", self.kind));
        }
        Ok(())
    }

    fn json(&self) -> serde_json::Value {
        json!({
            "occurred_at": crate::domain::time::stamp(self.occurred_at),
            "unit": self.unit, "unit_name": self.unit_name, "place": self.place, "kind": self.kind,
            "level": self.level.code(), "deaths": self.deaths, "injuries": self.injuries,
            "description": self.description,
            "reported_at": self.reported_at.map(crate::domain::time::stamp),
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Accident {
    pub id: i64,
    pub occurred_at: String,
    pub unit_name: String,
    pub place: String,
    pub kind: String,
    pub level: AccidentLevel,
    pub deaths: i64,
    pub injuries: i64,
    pub description: String,
    pub reported_at: Option<String>,
    /// The duty-log entry that opened it, if one did.
    pub duty_entry: Option<i64>,
    pub version: i64,
}

const SELECT: &str = "SELECT a.id, a.occurred_at, COALESCE(u.name, a.unit_name), a.place, a.kind, a.level, a.deaths,
    a.injuries, a.description, a.reported_at, a.duty_entry_id, a.version
    FROM accident a LEFT JOIN unit u ON u.id = a.unit_id";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Accident> {
    Ok(Accident {
        id: r.get(0)?,
        occurred_at: r.get(1)?,
        unit_name: r.get(2)?,
        place: r.get(3)?,
        kind: r.get(4)?,
        level: AccidentLevel::parse(&r.get::<_, String>(5)?).unwrap_or(AccidentLevel::General),
        deaths: r.get(6)?,
        injuries: r.get(7)?,
        description: r.get(8)?,
        reported_at: r.get(9)?,
        duty_entry: r.get(10)?,
        version: r.get(11)?,
    })
}

/// Adds an accident, or updates the one registered at the same time and unit (so that a sheet
/// imported twice registers nothing twice).
pub fn upsert(w: &mut Writer<'_>, a: &AccidentInput) -> Result<Outcome> {
    a.check().map_err(StoreError::Refused)?;
    let at = crate::domain::time::stamp(a.occurred_at);
    let reported = a.reported_at.map(crate::domain::time::stamp);
    let existing: Option<(i64, i64)> =
        w.tx.query_row(
            "SELECT id, version FROM accident WHERE occurred_at = ?1 AND unit_name = ?2 AND duty_entry_id IS NULL",
            params![at, a.unit_name],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let after = a.json();
    match existing {
        Some((id, version)) => {
            let before = snapshot(&w.tx, id)?;
            let same = before.as_ref().is_some_and(|b| {
                b.get("place") == after.get("place")
                    && b.get("kind") == after.get("kind")
                    && b.get("level") == after.get("level")
                    && b.get("deaths") == after.get("deaths")
                    && b.get("injuries") == after.get("injuries")
                    && b.get("description") == after.get("description")
                    && b.get("reported_at") == after.get("reported_at")
                    && b.get("unit") == after.get("unit")
            });
            if same {
                return Ok(Outcome::Unchanged);
            }
            update(w, id, version, a)?;
            Ok(Outcome::Updated)
        }
        None => {
            w.tx.execute(
                "INSERT INTO accident (occurred_at, unit_id, unit_name, place, kind, level, deaths, injuries,
                   description, reported_at, updated_by, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
                    at,
                    a.unit,
                    a.unit_name,
                    a.place,
                    a.kind,
                    a.level.code(),
                    a.deaths,
                    a.injuries,
                    a.description,
                    reported,
                    w.operator,
                    w.at
                ],
            )?;
            let id = w.tx.last_insert_rowid();
            w.audit("accident.create", "accident", &id.to_string(), None, Some(&after))?;
            Ok(Outcome::Inserted)
        }
    }
}

/// Completes or corrects a registered accident (one the duty log created, say) at its version.
pub fn update(w: &mut Writer<'_>, id: i64, version: i64, a: &AccidentInput) -> Result<()> {
    a.check().map_err(StoreError::Refused)?;
    let before = snapshot(&w.tx, id)?;
    w.bump_version(Table::Accident, id, version)?;
    w.tx.execute(
        "UPDATE accident SET occurred_at = ?2, unit_id = ?3, unit_name = ?4, place = ?5, kind = ?6, level = ?7,
           deaths = ?8, injuries = ?9, description = ?10, reported_at = ?11 WHERE id = ?1",
        params![
            id,
            crate::domain::time::stamp(a.occurred_at),
            a.unit,
            a.unit_name,
            a.place,
            a.kind,
            a.level.code(),
            a.deaths,
            a.injuries,
            a.description,
            a.reported_at.map(crate::domain::time::stamp)
        ],
    )?;
    w.audit("accident.update", "accident", &id.to_string(), before.as_ref(), Some(&a.json()))
}

fn snapshot(conn: &Connection, id: i64) -> Result<Option<serde_json::Value>> {
    Ok(conn
        .query_row(
            "SELECT occurred_at, unit_id, unit_name, place, kind, level, deaths, injuries, description, reported_at
             FROM accident WHERE id = ?1",
            [id],
            |r| {
                Ok(json!({
                    "occurred_at": r.get::<_, String>(0)?, "unit": r.get::<_, Option<i64>>(1)?,
                    "unit_name": r.get::<_, String>(2)?, "place": r.get::<_, String>(3)?,
                    "kind": r.get::<_, String>(4)?, "level": r.get::<_, String>(5)?,
                    "deaths": r.get::<_, i64>(6)?, "injuries": r.get::<_, i64>(7)?,
                    "description": r.get::<_, String>(8)?, "reported_at": r.get::<_, Option<String>>(9)?,
                }))
            },
        )
        .optional()?)
}

/// A serious accident written in the duty log opens a register entry at the same moment: level
/// 较大 (what the log's kind says), type and casualties to be completed. Called inside the log
/// entry's own transaction.
pub fn open_from_duty_log(w: &mut Writer<'_>, entry: i64, text: &str) -> Result<i64> {
    w.tx.execute(
        "INSERT INTO accident (occurred_at, unit_name, kind, level, description, duty_entry_id, updated_by, updated_at)
         VALUES (?1, '', 'other', 'larger', ?2, ?3, ?4, ?1)",
        params![w.at, text, entry, w.operator],
    )?;
    let id = w.tx.last_insert_rowid();
    w.audit("accident.create", "accident", &id.to_string(), None, Some(&json!({"duty_entry": entry, "text": text})))?;
    Ok(id)
}

/// The duty log's accident was reported upward: the register's entry records the same time.
pub fn reported_from_duty_log(w: &mut Writer<'_>, entry: i64) -> Result<()> {
    let id: Option<i64> = w
        .tx
        .query_row("SELECT id FROM accident WHERE duty_entry_id = ?1 AND reported_at IS NULL", [entry], |r| r.get(0))
        .optional()?;
    if let Some(id) = id {
        w.tx.execute("UPDATE accident SET reported_at = ?2 WHERE id = ?1", params![id, w.at])?;
        w.audit("accident.reported", "accident", &id.to_string(), None, Some(&json!({"reported_at": w.at})))?;
    }
    Ok(())
}

/// The accidents that occurred between two dates (inclusive), oldest first.
pub fn between(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<Accident>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE a.occurred_at >= ?1 AND a.occurred_at < ?2 ORDER BY a.occurred_at, a.id"
    ))?;
    let to = to.succ_opt().unwrap_or(to);
    let rows = stmt.query_map(params![from.to_string(), to.to_string()], row)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The newest entries, newest first (the Duty screen's register).
pub fn recent(conn: &Connection, limit: i64) -> Result<Vec<Accident>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} ORDER BY a.occurred_at DESC, a.id DESC LIMIT ?1"))?;
    let rows = stmt.query_map([limit], row)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Every entry, oldest first (the export).
pub fn all(conn: &Connection) -> Result<Vec<Accident>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} ORDER BY a.occurred_at, a.id"))?;
    let rows = stmt.query_map([], row)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Entries the duty log opened whose unit is still to be filled in, oldest first.
pub fn to_complete(conn: &Connection) -> Result<Vec<Accident>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE a.duty_entry_id IS NOT NULL AND a.unit_id IS NULL AND a.unit_name = '' ORDER BY a.occurred_at"
    ))?;
    let rows = stmt.query_map([], row)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn get(conn: &Connection, id: i64) -> Result<Option<Accident>> {
    Ok(conn.query_row(&format!("{SELECT} WHERE a.id = ?1"), [id], row).optional()?)
}

/// The register's figures over a window, with every entry as a line.
pub fn section(conn: &Connection, from: NaiveDate, to: NaiveDate, zh: bool) -> Result<AccidentSection> {
    let list = between(conn, from, to)?;
    let mut s =
        AccidentSection { by_level: AccidentLevel::ALL.iter().map(|l| (*l, 0)).collect(), ..Default::default() };
    for a in &list {
        s.count += 1;
        s.deaths += a.deaths;
        s.injuries += a.injuries;
        if let Some(n) = s.by_level.iter_mut().find(|(l, _)| *l == a.level) {
            n.1 += 1;
        }
        let parse = |t: &str| DateTime::parse_from_rfc3339(t).ok();
        let in_hour = match (parse(&a.occurred_at), a.reported_at.as_deref().and_then(parse)) {
            (Some(at), rep) => accident::reported_in_time(at, rep),
            (None, _) => None,
        };
        if a.level.serious() {
            s.serious_in_hour = Share {
                part: s.serious_in_hour.part + (in_hour == Some(true)) as i64,
                whole: s.serious_in_hour.whole + 1,
            };
        }
        s.lines.push(AccidentLine {
            at: a.occurred_at.get(..16).unwrap_or(&a.occurred_at).replace('T', " "),
            unit: a.unit_name.clone(),
            kind: accident::type_name(&a.kind, zh),
            level: a.level,
            deaths: a.deaths,
            injuries: a.injuries,
            in_hour,
        });
    }
    Ok(s)
}

//! The hazard register (台账): create, move through the closed loop, list, and the rates the
//! assessment asks for.

use super::keyset::{self, Dir, Filter, Order, Page, PageQuery, Seek};
use super::text_search;
use super::{Result, StoreError, Table, Writer};
use crate::domain::hazard::{HazardSource, HazardStatus};
use crate::domain::rates::Rates;
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};
use serde::Serialize;
use serde_json::json;

#[derive(Debug, Clone, PartialEq)]
pub struct NewHazard {
    pub unit_id: i64,
    pub description: String,
    pub major: bool,
    pub source: HazardSource,
    pub found_on: NaiveDate,
    pub found_by: String,
    pub measures: String,
    pub responsible: String,
    pub deadline: NaiveDate,
    pub supervised: bool,
    pub supervising_level: String,
    pub inspection_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hazard {
    pub id: i64,
    pub unit_id: i64,
    pub unit_name: String,
    pub unit_uscc: Option<String>,
    pub grid: Option<String>,
    pub grid_id: Option<i64>,
    pub community: Option<String>,
    pub community_id: Option<i64>,
    pub description: String,
    pub major: bool,
    pub source: HazardSource,
    pub found_on: NaiveDate,
    pub found_by: String,
    pub measures: String,
    pub responsible: String,
    pub deadline: NaiveDate,
    pub supervised: bool,
    pub supervising_level: String,
    pub status: HazardStatus,
    pub closed_on: Option<NaiveDate>,
    pub closed_by: Option<String>,
    pub closure_note: String,
    /// What the rectification was shown by (photos, a re-inspection record), given when closing.
    pub rectification_evidence: String,
    /// The record it came from: the alarm, tip-off or inspection that found it.
    pub origin: Option<Origin>,
    /// The officer it was dispatched to, who follows it up.
    pub officer: Option<String>,
    /// What became of the message that told the officer (read for the detail only).
    #[serde(skip)]
    pub notice: Option<super::hazard_dispatch::Notice>,
    pub version: i64,
}

/// The record a hazard came from; the link is kept on that record's side (alarm, tip-off) or on
/// the hazard (inspection).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    Alarm(i64),
    Tipoff(i64),
    Inspection(i64),
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or(NaiveDate::MIN)
}

pub fn create(w: &mut Writer<'_>, h: &NewHazard) -> Result<i64> {
    w.tx.execute(
        "INSERT INTO hazard (unit_id, description, major, source, found_on, found_by, measures, responsible, deadline,
                             supervised, supervising_level, status, inspection_id, updated_by, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'found', ?12, ?13, ?14)",
        params![
            h.unit_id,
            h.description,
            h.major,
            h.source.code(),
            h.found_on.to_string(),
            h.found_by,
            h.measures,
            h.responsible,
            h.deadline.to_string(),
            h.supervised,
            h.supervising_level,
            h.inspection_id,
            w.operator,
            w.at
        ],
    )?;
    let id = w.tx.last_insert_rowid();
    let after = json!({
        "unit_id": h.unit_id, "description": h.description, "major": h.major, "source": h.source.code(),
        "found_on": h.found_on.to_string(), "deadline": h.deadline.to_string(), "supervised": h.supervised,
    });
    w.audit("hazard.create", "hazard", &id.to_string(), None, Some(&after))?;
    Ok(id)
}

pub use super::hazard_steps::{HazardError, transition};

/// Filters of the Hazards screen.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HazardFilter {
    pub status: Option<HazardStatus>,
    pub open_only: bool,
    pub major: Option<bool>,
    pub source: Option<HazardSource>,
    pub grid: Option<i64>,
    pub community: Option<i64>,
    /// Only hazards past their deadline and not closed, as of this date.
    pub overdue_as_of: Option<NaiveDate>,
    pub unit: Option<i64>,
    pub id: Option<i64>,
    /// The `/` search: the hazard's description or measures, or its unit.
    pub text: String,
}

impl HazardFilter {
    /// The `WHERE` clause over `hazard h` (and its unit `u`) with its arguments; public so tests
    /// can see how the count and the page are planned.
    pub fn clause(&self) -> (String, Vec<Value>) {
        let mut parts = Vec::new();
        let mut args = Vec::new();
        match self.status {
            // As a range on the list index's first column: an equality there would make SQLite
            // sort every closed hazard instead of walking the index in order.
            Some(HazardStatus::Closed) => parts.push("(h.status = 'closed') > 0"),
            Some(s) => {
                parts.push("h.status = ?");
                args.push(Value::Text(s.code().into()));
            }
            None => {}
        }
        // Open and closed as ranges on the list index's first column (see the closed case above).
        if self.open_only {
            parts.push("(h.status = 'closed') < 1");
        }
        if let Some(m) = self.major {
            parts.push("h.major = ?");
            args.push(Value::Integer(m as i64));
        }
        if let Some(s) = self.source {
            parts.push("h.source = ?");
            args.push(Value::Text(s.code().into()));
        }
        if let Some(g) = self.grid {
            parts.push("u.grid_id = ?");
            args.push(Value::Integer(g));
        }
        if let Some(c) = self.community {
            parts.push("u.grid_id IN (SELECT id FROM grid WHERE community_id = ?)");
            args.push(Value::Integer(c));
        }
        if let Some(d) = self.overdue_as_of {
            // The deadline as the list index holds it (an open hazard's CASE is its deadline), so
            // neither the count nor the page reads a hazard's row to test it.
            parts.push("(h.status = 'closed') < 1 AND (CASE WHEN h.status = 'closed' THEN '' ELSE h.deadline END) < ?");
            args.push(Value::Text(d.to_string()));
        }
        if let Some(u) = self.unit {
            parts.push("h.unit_id = ?");
            args.push(Value::Integer(u));
        }
        if let Some(id) = self.id {
            parts.push("h.id = ?");
            args.push(Value::Integer(id));
        }
        let text;
        if !self.text.trim().is_empty() {
            text = text_search::own_or_unit(&text_search::HAZARDS, "h.id", "h.unit_id", &self.text, &mut args);
            parts.push(&text);
        }
        let clause = if parts.is_empty() { String::new() } else { format!("WHERE {}", parts.join(" AND ")) };
        (clause, args)
    }
}

const COLUMNS: &str = "h.id, h.unit_id, u.name, u.uscc, g.name, c.name, h.description, h.major, h.source, h.found_on, h.found_by,
    h.measures, h.responsible, h.deadline, h.supervised, h.supervising_level, h.status, h.closed_on, h.closed_by, h.closure_note, h.version, u.grid_id, c.id,
    h.rectification_evidence, (SELECT min(id) FROM alarm WHERE hazard_id = h.id),
    (SELECT min(id) FROM tipoff WHERE hazard_id = h.id), h.inspection_id, (SELECT name FROM officer WHERE id = h.officer_id)";
const JOINS: &str = "FROM hazard h JOIN unit u ON u.id = h.unit_id LEFT JOIN grid g ON g.id = u.grid_id LEFT JOIN community c ON c.id = g.community_id";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Hazard> {
    let source: String = r.get(8)?;
    let status: String = r.get(16)?;
    let closed_on: Option<String> = r.get(17)?;
    Ok(Hazard {
        id: r.get(0)?,
        unit_id: r.get(1)?,
        unit_name: r.get(2)?,
        unit_uscc: r.get(3)?,
        grid: r.get(4)?,
        community: r.get(5)?,
        description: r.get(6)?,
        major: r.get(7)?,
        source: HazardSource::parse(&source).unwrap_or(HazardSource::Other),
        found_on: date(&r.get::<_, String>(9)?),
        found_by: r.get(10)?,
        measures: r.get(11)?,
        responsible: r.get(12)?,
        deadline: date(&r.get::<_, String>(13)?),
        supervised: r.get(14)?,
        supervising_level: r.get(15)?,
        status: HazardStatus::parse(&status).unwrap_or(HazardStatus::Found),
        closed_on: closed_on.as_deref().map(date),
        closed_by: r.get(18)?,
        closure_note: r.get(19)?,
        version: r.get(20)?,
        grid_id: r.get(21)?,
        community_id: r.get(22)?,
        rectification_evidence: r.get(23)?,
        origin: match (r.get::<_, Option<i64>>(24)?, r.get::<_, Option<i64>>(25)?, r.get::<_, Option<i64>>(26)?) {
            (Some(a), _, _) => Some(Origin::Alarm(a)),
            (_, Some(t), _) => Some(Origin::Tipoff(t)),
            (_, _, Some(i)) => Some(Origin::Inspection(i)),
            _ => None,
        },
        officer: r.get(27)?,
        notice: None,
    })
}

pub fn count(conn: &Connection, f: &HazardFilter) -> Result<i64> {
    let (clause, args) = f.clause();
    // A filter by status, source and major alone is summed from the counts the writes keep
    // (`hazard_tally`, migration 035; its columns are the hazard's, so the clause reads the same).
    let kept = f.grid.is_none()
        && f.community.is_none()
        && f.overdue_as_of.is_none()
        && f.unit.is_none()
        && f.id.is_none()
        && f.text.trim().is_empty();
    // Every hazard has its unit: the joins only matter when the filter names the unit's place.
    let select = match (kept, f.grid.is_some() || f.community.is_some()) {
        (true, _) => "SELECT COALESCE(SUM(h.n), 0) FROM hazard_tally h".to_string(),
        (false, true) => format!("SELECT COUNT(*) {JOINS}"),
        (false, false) => "SELECT COUNT(*) FROM hazard h".to_string(),
    };
    Ok(conn.prepare_cached(&format!("{select} {clause}"))?.query_row(params_from_iter(args), |r| r.get(0))?)
}

/// Open hazards first by deadline, then closed ones newest first.
pub const ORDER: Order = Order(&[
    ("(h.status = 'closed')", Dir::Asc),
    ("(CASE WHEN h.status = 'closed' THEN '' ELSE h.deadline END)", Dir::Asc),
    ("COALESCE(h.closed_on, '')", Dir::Desc),
    ("h.id", Dir::Asc),
]);

/// One page, in [`ORDER`].
pub fn page(conn: &Connection, f: &HazardFilter, seek: &Seek, limit: i64) -> Result<Page<Hazard>> {
    let (clause, args) = f.clause();
    let select = format!("SELECT {COLUMNS}");
    let query = PageQuery { select: &select, from: JOINS, clause, args, group: "", filter: Filter::Where };
    Ok(keyset::fetch(conn, query, &ORDER, seek, limit, from_row)?)
}

/// One hazard, with what became of the message to its officer.
pub fn get(conn: &Connection, id: i64) -> Result<Option<Hazard>> {
    let h = conn
        .prepare_cached(&format!("SELECT {COLUMNS} {JOINS} WHERE h.id = ?1"))?
        .query_row([id], from_row)
        .optional()?;
    match h {
        Some(mut h) if h.officer.is_some() => {
            h.notice = super::hazard_dispatch::notice(conn, id)?;
            Ok(Some(h))
        }
        other => Ok(other),
    }
}

/// Every hazard for export, streamed.
pub fn for_each<E: From<StoreError>>(
    conn: &Connection,
    mut f: impl FnMut(Hazard) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let sql_err = |e: rusqlite::Error| E::from(StoreError::from(e));
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} {JOINS} ORDER BY h.id")).map_err(sql_err)?;
    let mut rows = stmt.query([]).map_err(sql_err)?;
    while let Some(r) = rows.next().map_err(sql_err)? {
        f(from_row(r).map_err(sql_err)?)?;
    }
    Ok(())
}

/// Rates of the hazards found in `[from, to]` (all of them, or only major ones), as of `as_of`,
/// computed in SQL with the same definition as [`Rates::add`].
pub fn rates(conn: &Connection, from: NaiveDate, to: NaiveDate, major_only: bool, as_of: NaiveDate) -> Result<Rates> {
    let sql =
        format!("SELECT {RATE_COLUMNS} FROM hazard h WHERE h.found_on BETWEEN ?1 AND ?2 AND (?4 = 0 OR h.major = 1)");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![from.to_string(), to.to_string(), as_of.to_string(), major_only], |r| rates_at(r, 0))?)
}

/// The four counts of [`Rates`] as SQL over hazards `h`, with the as-of date as parameter ?3.
/// One definition for every grouping, the same as [`Rates::add`].
const RATE_COLUMNS: &str = "COUNT(*),
    COALESCE(SUM(h.closed_on IS NOT NULL AND h.closed_on <= ?3), 0),
    COALESCE(SUM(h.deadline < ?3 OR (h.closed_on IS NOT NULL AND h.closed_on <= ?3)), 0),
    COALESCE(SUM(h.closed_on IS NOT NULL AND h.closed_on <= ?3 AND h.closed_on <= h.deadline), 0)";

/// Reads the four rate columns starting at column `at`.
fn rates_at(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<Rates> {
    Ok(Rates {
        found: r.get::<_, i64>(at)? as u64,
        closed: r.get::<_, i64>(at + 1)? as u64,
        due: r.get::<_, i64>(at + 2)? as u64,
        on_time: r.get::<_, i64>(at + 3)? as u64,
    })
}

/// Rates per source over the same window, for the report and the Overview.
pub fn rates_by_source(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    as_of: NaiveDate,
) -> Result<Vec<(HazardSource, Rates)>> {
    let sql = format!(
        "SELECT h.source, {RATE_COLUMNS} FROM hazard h WHERE h.found_on BETWEEN ?1 AND ?2 GROUP BY 1 ORDER BY 1"
    );
    let rows = conn
        .prepare_cached(&sql)?
        .query_map(params![from.to_string(), to.to_string(), as_of.to_string()], |r| {
            let s: String = r.get(0)?;
            Ok((HazardSource::parse(&s).unwrap_or(HazardSource::Other), rates_at(r, 1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The editable fields of a hazard (the rest is history: who found it, when, its closure).
#[derive(Debug, Clone, PartialEq)]
pub struct HazardEdit {
    pub description: String,
    pub major: bool,
    pub source: HazardSource,
    pub measures: String,
    pub responsible: String,
    pub deadline: NaiveDate,
    pub supervised: bool,
    pub supervising_level: String,
}

pub fn update(w: &mut Writer<'_>, id: i64, expected_version: i64, e: &HazardEdit) -> Result<()> {
    let before =
        get(&w.tx, id)?.ok_or_else(|| StoreError::NotFound { entity: "hazard".into(), record: id.to_string() })?;
    w.bump_version(Table::Hazard, id, expected_version)?;
    w.tx.execute(
        "UPDATE hazard SET description = ?1, major = ?2, source = ?3, measures = ?4, responsible = ?5, deadline = ?6,
                supervised = ?7, supervising_level = ?8 WHERE id = ?9",
        params![
            e.description,
            e.major,
            e.source.code(),
            e.measures,
            e.responsible,
            e.deadline.to_string(),
            e.supervised,
            e.supervising_level,
            id
        ],
    )?;
    let snap = |h: &HazardEdit| {
        json!({"description": h.description, "major": h.major, "source": h.source.code(), "measures": h.measures,
               "responsible": h.responsible, "deadline": h.deadline.to_string(), "supervised": h.supervised,
               "supervising_level": h.supervising_level})
    };
    let old = HazardEdit {
        description: before.description,
        major: before.major,
        source: before.source,
        measures: before.measures,
        responsible: before.responsible,
        deadline: before.deadline,
        supervised: before.supervised,
        supervising_level: before.supervising_level,
    };
    w.audit("hazard.update", "hazard", &id.to_string(), Some(&snap(&old)), Some(&snap(e)))
}

/// Counts for the Overview: open, open major, overdue, supervised.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct HazardCounts {
    pub open: i64,
    pub open_major: i64,
    pub overdue: i64,
    pub supervised_open: i64,
}

pub fn counts(conn: &Connection, today: NaiveDate) -> Result<HazardCounts> {
    Ok(conn
        .prepare_cached(
            "SELECT COUNT(*), COALESCE(SUM(major), 0), COALESCE(SUM(deadline < ?1), 0), COALESCE(SUM(supervised), 0)
         FROM hazard WHERE status <> 'closed'",
        )?
        .query_row([today.to_string()], |r| {
            Ok(HazardCounts { open: r.get(0)?, open_major: r.get(1)?, overdue: r.get(2)?, supervised_open: r.get(3)? })
        })?)
}

/// Rates of the hazards found in `[from, to]` per grid (units without a grid under `None`), for
/// the report's table and the assessment's per-grid view.
pub fn rates_by_grid(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    as_of: NaiveDate,
) -> Result<Vec<(Option<i64>, Rates)>> {
    let sql = format!(
        "SELECT u.grid_id, {RATE_COLUMNS} FROM hazard h JOIN unit u ON u.id = h.unit_id
         WHERE h.found_on BETWEEN ?1 AND ?2 GROUP BY 1 ORDER BY 1"
    );
    let rows = conn
        .prepare_cached(&sql)?
        .query_map(params![from.to_string(), to.to_string(), as_of.to_string()], |r| Ok((r.get(0)?, rates_at(r, 1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

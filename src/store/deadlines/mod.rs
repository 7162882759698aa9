//! The deadline sources over the store. Each yields its deadlines in due order straight from an
//! index (keyset-paged), and the domain's merge interleaves them by urgency, so the Deadlines
//! screen never loads every unit.

mod plan_sources;
mod query;
mod tipoff_sources;
mod writes;

use plan_sources::plan_measures;
pub use query::DeadlineQuery;
use query::{Keyset, REPORT_HORIZON_DAYS, date};
use tipoff_sources::{TIPOFF_FROM, TIPOFF_KINDS, tipoff_source, tipoffs};
pub use writes::{add_manual, complete_manual, submit_report};

use super::Result;
use crate::domain::calendar::HolidayCalendar;
use crate::domain::deadline::{Deadline, DeadlineKind, merge, reports_between};
use chrono::{Duration, NaiveDate};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params_from_iter};

const HIGH_HAZARD: &str =
    "('hazardous_chemicals','non_coal_mine','fireworks','metallurgy','gas','construction','transport')";

/// The index expressions of migration 018, character for character, so the planner uses them:
/// the end of the calendar period after the one of the last record (see
/// [`crate::domain::deadline::end_of_next_period`]).
pub fn due_expr(kind: DeadlineKind) -> String {
    use crate::domain::deadline::{drill_months, self_inspection_months};
    let (col, hh, other) = match kind {
        DeadlineKind::Drill => ("last_drill", drill_months(true), drill_months(false)),
        _ => ("last_self_inspection", self_inspection_months(true), self_inspection_months(false)),
    };
    let base = format!("COALESCE({col}, registered_on)");
    format!(
        "date({base}, 'start of month', \
         '-' || ((CAST(strftime('%m', {base}) AS INTEGER) - 1) % CASE WHEN sector IN {HIGH_HAZARD} THEN {hh} ELSE {other} END) || ' months', \
         CASE WHEN sector IN {HIGH_HAZARD} THEN '+{} months' ELSE '+{} months' END, '-1 day')",
        2 * hh,
        2 * other
    )
}

fn obligation_row(kind: DeadlineKind) -> fn(&rusqlite::Row<'_>) -> rusqlite::Result<(String, i64, Deadline)> {
    fn make(r: &rusqlite::Row<'_>, kind: DeadlineKind) -> rusqlite::Result<(String, i64, Deadline)> {
        let due: String = r.get(0)?;
        let id: i64 = r.get(1)?;
        let name: String = r.get(3)?;
        Ok((
            due.clone(),
            id,
            Deadline {
                kind,
                due: date(&due),
                title: name,
                unit_id: Some(id),
                unit_uscc: r.get(2)?,
                grid_id: r.get(4)?,
                reference: id.to_string(),
                severe: false,
            },
        ))
    }
    match kind {
        DeadlineKind::Drill => |r| make(r, DeadlineKind::Drill),
        _ => |r| make(r, DeadlineKind::SelfInspection),
    }
}

fn obligations<'c>(conn: &'c Connection, q: &DeadlineQuery, kind: DeadlineKind) -> Keyset<'c> {
    let due = due_expr(kind);
    let (mut parts, args) = q.unit_clause(&due);
    // Written as one range (lower bound >=) so that an upper bound joins it in the index search.
    parts.push(format!("{due} >= ? AND NOT ({due} = ? AND u.id <= ?)"));
    let sql = format!(
        "SELECT {due}, u.id, u.uscc, u.name, u.grid_id FROM unit u WHERE {} ORDER BY {due}, u.id LIMIT ?",
        parts.join(" AND ")
    );
    Keyset { conn, sql, args, make: obligation_row(kind), buf: Vec::new().into_iter(), last: None, done: false }
}

fn hazard_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(String, i64, Deadline)> {
    let due: String = r.get(0)?;
    let id: i64 = r.get(1)?;
    Ok((
        due.clone(),
        id,
        Deadline {
            kind: DeadlineKind::Hazard,
            due: date(&due),
            title: format!("{}：{}", r.get::<_, String>(4)?, r.get::<_, String>(2)?),
            unit_id: Some(r.get(5)?),
            unit_uscc: r.get(6)?,
            grid_id: r.get(7)?,
            reference: id.to_string(),
            severe: r.get(3)?,
        },
    ))
}

fn hazards<'c>(conn: &'c Connection, q: &DeadlineQuery, major: bool) -> Keyset<'c> {
    let (mut parts, mut args) = q.unit_clause("h.deadline");
    parts.insert(0, "h.status <> 'closed' AND h.major = ?".to_string());
    args.insert(0, Value::Integer(major as i64));
    parts.push("h.deadline >= ? AND NOT (h.deadline = ? AND h.id <= ?)".to_string());
    let sql = format!(
        "SELECT h.deadline, h.id, h.description, h.major, u.name, u.id, u.uscc, u.grid_id FROM hazard h JOIN unit u ON u.id = h.unit_id
         WHERE {} ORDER BY h.deadline, h.id LIMIT ?",
        parts.join(" AND ")
    );
    Keyset { conn, sql, args, make: hazard_row, buf: Vec::new().into_iter(), last: None, done: false }
}

fn manual_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(String, i64, Deadline)> {
    let due: String = r.get(0)?;
    let id: i64 = r.get(1)?;
    Ok((
        due.clone(),
        id,
        Deadline {
            kind: DeadlineKind::Manual,
            due: date(&due),
            title: r.get(2)?,
            unit_id: r.get(3)?,
            unit_uscc: r.get(4)?,
            grid_id: r.get(5)?,
            reference: id.to_string(),
            severe: false,
        },
    ))
}

fn manual<'c>(conn: &'c Connection, q: &DeadlineQuery) -> Keyset<'c> {
    let (mut parts, args) = q.unit_clause("m.due");
    parts.insert(0, "m.done_on IS NULL".to_string());
    parts.push("m.due >= ? AND NOT (m.due = ? AND m.id <= ?)".to_string());
    let sql = format!(
        "SELECT m.due, m.id, m.title, m.unit_id, u.uscc, u.grid_id FROM manual_deadline m LEFT JOIN unit u ON u.id = m.unit_id
         WHERE {} ORDER BY m.due, m.id LIMIT ?",
        parts.join(" AND ")
    );
    Keyset { conn, sql, args, make: manual_row, buf: Vec::new().into_iter(), last: None, done: false }
}

fn reports(conn: &Connection, q: &DeadlineQuery, cal: &HolidayCalendar) -> Result<Vec<Deadline>> {
    // Reports belong to the office, not to a grid.
    if q.grid.is_some() || q.community.is_some() {
        return Ok(Vec::new());
    }
    let started: Option<String> =
        conn.query_row("SELECT started_on FROM office WHERE id = 1", [], |r| r.get(0)).optional()?;
    let Some(started) = started.filter(|s| !s.is_empty()) else {
        return Ok(Vec::new());
    };
    let mut stmt = conn.prepare_cached("SELECT kind, period FROM report_submission")?;
    let done: std::collections::HashSet<(String, String)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    let to = q.upper().unwrap_or(q.today + Duration::days(REPORT_HORIZON_DAYS));
    Ok(reports_between(cal, date(&started), to)
        .into_iter()
        .filter(|r| q.wants(r.kind) && !done.contains(&(r.kind.code().to_string(), r.period.clone())))
        .map(|r| Deadline {
            kind: r.kind,
            due: r.due,
            title: r.period.clone(),
            unit_id: None,
            unit_uscc: None,
            grid_id: None,
            reference: r.period,
            severe: false,
        })
        .collect())
}

fn streams<'c>(
    conn: &'c Connection,
    q: &DeadlineQuery,
    cal: &HolidayCalendar,
) -> Result<Vec<Box<dyn Iterator<Item = Deadline> + 'c>>> {
    let mut out: Vec<Box<dyn Iterator<Item = Deadline> + 'c>> = Vec::new();
    for kind in [DeadlineKind::SelfInspection, DeadlineKind::Drill] {
        if q.wants(kind) {
            out.push(Box::new(obligations(conn, q, kind)));
        }
    }
    if q.wants(DeadlineKind::Hazard) {
        out.push(Box::new(hazards(conn, q, true)));
        out.push(Box::new(hazards(conn, q, false)));
    }
    if q.wants(DeadlineKind::Manual) {
        out.push(Box::new(manual(conn, q)));
    }
    for kind in TIPOFF_KINDS {
        if q.wants(kind) {
            out.push(Box::new(tipoffs(conn, q, kind)));
        }
    }
    if q.wants(DeadlineKind::PlanMeasure) {
        let plan = plan_measures(conn, q)?;
        if !plan.is_empty() {
            out.push(Box::new(plan.into_iter()));
        }
    }
    // Each report kind is its own stream: their weights are equal, and each is in due order.
    let rs = reports(conn, q, cal)?;
    for kind in [DeadlineKind::MonthlyReport, DeadlineKind::QuarterlyReport, DeadlineKind::AnnualReport] {
        let of_kind: Vec<Deadline> = rs.iter().filter(|r| r.kind == kind).cloned().collect();
        if !of_kind.is_empty() {
            out.push(Box::new(of_kind.into_iter()));
        }
    }
    Ok(out)
}

/// One page of the merged list in urgency order.
pub fn page(
    conn: &Connection,
    q: &DeadlineQuery,
    cal: &HolidayCalendar,
    offset: usize,
    limit: usize,
) -> Result<Vec<Deadline>> {
    Ok(merge(streams(conn, q, cal)?, q.today, offset, limit))
}

/// How many items the query has, counted per source in SQL.
pub fn count(conn: &Connection, q: &DeadlineQuery, cal: &HolidayCalendar) -> Result<i64> {
    let mut n = 0;
    for kind in [DeadlineKind::SelfInspection, DeadlineKind::Drill] {
        if q.wants(kind) {
            let (parts, args) = q.unit_clause(&due_expr(kind));
            let w = if parts.is_empty() { String::new() } else { format!("WHERE {}", parts.join(" AND ")) };
            n += conn
                .prepare_cached(&format!("SELECT COUNT(*) FROM unit u {w}"))?
                .query_row(params_from_iter(args), |r| r.get::<_, i64>(0))?;
        }
    }
    if q.wants(DeadlineKind::Hazard) {
        let (parts, args) = q.unit_clause("h.deadline");
        let extra = parts.iter().map(|p| format!(" AND {p}")).collect::<String>();
        n += conn
            .prepare_cached(&format!(
                "SELECT COUNT(*) FROM hazard h JOIN unit u ON u.id = h.unit_id WHERE h.status <> 'closed'{extra}"
            ))?
            .query_row(params_from_iter(args), |r| r.get::<_, i64>(0))?;
    }
    if q.wants(DeadlineKind::Manual) {
        let (parts, args) = q.unit_clause("m.due");
        let extra = parts.iter().map(|p| format!(" AND {p}")).collect::<String>();
        n += conn
            .prepare_cached(&format!("SELECT COUNT(*) FROM manual_deadline m LEFT JOIN unit u ON u.id = m.unit_id WHERE m.done_on IS NULL{extra}"))?
            .query_row(params_from_iter(args), |r| r.get::<_, i64>(0))?;
    }
    for kind in TIPOFF_KINDS {
        if q.wants(kind) {
            let (due, when) = tipoff_source(kind);
            let (parts, args) = q.unit_clause(due);
            let extra = parts.iter().map(|p| format!(" AND {p}")).collect::<String>();
            n += conn
                .prepare_cached(&format!("SELECT COUNT(*) {TIPOFF_FROM} WHERE {when}{extra}"))?
                .query_row(params_from_iter(args), |r| r.get::<_, i64>(0))?;
        }
    }
    n += reports(conn, q, cal)?.len() as i64;
    if q.wants(DeadlineKind::PlanMeasure) {
        n += plan_measures(conn, q)?.len() as i64;
    }
    Ok(n)
}

/// Days on which something falls due in `[from, to]`, for the month calendar: one grouped range
/// query per source, never a walk through the merged list.
pub fn busy_days(
    conn: &Connection,
    q: &DeadlineQuery,
    cal: &HolidayCalendar,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, i64)>> {
    let mut by_day: std::collections::BTreeMap<NaiveDate, i64> = std::collections::BTreeMap::new();
    let window = DeadlineQuery { until: Some(to), overdue_only: false, ..q.clone() };
    let mut add = |sql: String, mut args: Vec<Value>| -> Result<()> {
        args.push(Value::Text(from.to_string()));
        let mut stmt = conn.prepare_cached(&sql)?;
        for row in stmt.query_map(params_from_iter(args), |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
            let (day, n) = row?;
            *by_day.entry(date(&day)).or_default() += n;
        }
        Ok(())
    };
    for kind in [DeadlineKind::SelfInspection, DeadlineKind::Drill] {
        if q.wants(kind) {
            let due = due_expr(kind);
            let (mut parts, args) = window.unit_clause(&due);
            parts.push(format!("{due} >= ?"));
            add(format!("SELECT {due}, COUNT(*) FROM unit u WHERE {} GROUP BY 1", parts.join(" AND ")), args)?;
        }
    }
    if q.wants(DeadlineKind::Hazard) {
        let (mut parts, args) = window.unit_clause("h.deadline");
        parts.insert(0, "h.status <> 'closed'".into());
        parts.push("h.deadline >= ?".into());
        add(
            format!(
                "SELECT h.deadline, COUNT(*) FROM hazard h JOIN unit u ON u.id = h.unit_id WHERE {} GROUP BY 1",
                parts.join(" AND ")
            ),
            args,
        )?;
    }
    if q.wants(DeadlineKind::Manual) {
        let (mut parts, args) = window.unit_clause("m.due");
        parts.insert(0, "m.done_on IS NULL".into());
        parts.push("m.due >= ?".into());
        add(
            format!(
                "SELECT m.due, COUNT(*) FROM manual_deadline m LEFT JOIN unit u ON u.id = m.unit_id WHERE {} GROUP BY 1",
                parts.join(" AND ")
            ),
            args,
        )?;
    }
    for kind in TIPOFF_KINDS {
        if q.wants(kind) {
            let (due, when) = tipoff_source(kind);
            let (mut parts, args) = window.unit_clause(due);
            parts.insert(0, when.to_string());
            parts.push(format!("{due} >= ?"));
            add(format!("SELECT {due}, COUNT(*) {TIPOFF_FROM} WHERE {} GROUP BY 1", parts.join(" AND ")), args)?;
        }
    }
    for r in reports(conn, &window, cal)?.into_iter().filter(|r| r.due >= from) {
        *by_day.entry(r.due).or_default() += 1;
    }
    if q.wants(DeadlineKind::PlanMeasure) {
        for r in plan_measures(conn, &window)?.into_iter().filter(|r| r.due >= from) {
            *by_day.entry(r.due).or_default() += 1;
        }
    }
    Ok(by_day.into_iter().collect())
}

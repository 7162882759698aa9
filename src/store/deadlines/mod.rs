//! The deadline sources over the store. Each yields its deadlines in due order straight from an
//! index (keyset-paged), and the domain's merge interleaves them by urgency, so the Deadlines
//! screen never loads every unit.

mod plan_sources;
mod query;
mod tipoff_sources;
mod writes;

use plan_sources::plan_measures;
pub use query::DeadlineQuery;
use query::{Keyset, REPORT_HORIZON_DAYS, Reading, date};
use tipoff_sources::{TIPOFF_FROM, TIPOFF_KINDS, tipoff_source, tipoffs};
pub use writes::{add_manual, complete_manual, submit_report};

use super::Result;
use super::keyset::{Key, Page, Seek};
use crate::domain::calendar::HolidayCalendar;
use crate::domain::deadline::{Deadline, DeadlineKind, reports_between};
use crate::domain::deadline_seek::{MergeKey, Stream, after_bound, before_bound, merge};
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

fn obligations<'c>(conn: &'c Connection, q: &DeadlineQuery, kind: DeadlineKind, from: Reading) -> Keyset<'c> {
    let due = due_expr(kind);
    let (mut parts, args) = q.unit_clause(&due);
    // Written as one range (a bound and its tie) so that the other bound joins it in the index search.
    let (seek, order) = from.sql(&due, "u.id");
    parts.push(seek);
    let sql = format!(
        "SELECT {due}, u.id, u.uscc, u.name, u.grid_id FROM unit u WHERE {} {order} LIMIT ?",
        parts.join(" AND ")
    );
    Keyset::new(conn, sql, args, obligation_row(kind), from)
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

fn hazards<'c>(conn: &'c Connection, q: &DeadlineQuery, major: bool, from: Reading) -> Keyset<'c> {
    let (mut parts, mut args) = q.unit_clause("h.deadline");
    parts.insert(0, "h.status <> 'closed' AND h.major = ?".to_string());
    args.insert(0, Value::Integer(major as i64));
    let (seek, order) = from.sql("h.deadline", "h.id");
    parts.push(seek);
    let sql = format!(
        "SELECT h.deadline, h.id, h.description, h.major, u.name, u.id, u.uscc, u.grid_id FROM hazard h JOIN unit u ON u.id = h.unit_id
         WHERE {} {order} LIMIT ?",
        parts.join(" AND ")
    );
    Keyset::new(conn, sql, args, hazard_row, from)
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

fn manual<'c>(conn: &'c Connection, q: &DeadlineQuery, from: Reading) -> Keyset<'c> {
    let (mut parts, args) = q.unit_clause("m.due");
    parts.insert(0, "m.done_on IS NULL".to_string());
    let (seek, order) = from.sql("m.due", "m.id");
    parts.push(seek);
    let sql = format!(
        "SELECT m.due, m.id, m.title, m.unit_id, u.uscc, u.grid_id FROM manual_deadline m LEFT JOIN unit u ON u.id = m.unit_id
         WHERE {} {order} LIMIT ?",
        parts.join(" AND ")
    );
    Keyset::new(conn, sql, args, manual_row, from)
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

/// The sources in their fixed order (a tie between sources goes to the earlier), each with a
/// kind and severity that give its constant weight.
const SOURCES: [(DeadlineKind, bool); 11] = [
    (DeadlineKind::SelfInspection, false),
    (DeadlineKind::Drill, false),
    (DeadlineKind::Hazard, true),
    (DeadlineKind::Hazard, false),
    (DeadlineKind::Manual, false),
    (DeadlineKind::TipoffVerify, false),
    (DeadlineKind::TipoffReply, false),
    (DeadlineKind::PlanMeasure, false),
    (DeadlineKind::MonthlyReport, false),
    (DeadlineKind::QuarterlyReport, false),
    (DeadlineKind::AnnualReport, false),
];

/// A list made in memory (plans, reports) read like a keyset source: numbered in due order,
/// from its bound, in the reading's direction.
fn listed<'c>(rows: Vec<Deadline>, from: Reading) -> Box<dyn Iterator<Item = (Deadline, i64)> + 'c> {
    let numbered = rows.into_iter().zip(0i64..).filter(move |(d, i)| match from.bound {
        None => true,
        Some(b) if from.forward => (d.due, *i) > b,
        Some(b) => (d.due, *i) < b,
    });
    let mut v: Vec<(Deadline, i64)> = numbered.collect();
    if !from.forward {
        v.reverse();
    }
    Box::new(v.into_iter())
}

/// Every wanted source as a stream read from where `reading` says (given its place and weight).
fn streams<'c>(
    conn: &'c Connection,
    q: &DeadlineQuery,
    cal: &HolidayCalendar,
    reading: &dyn Fn(u8, f64) -> Reading,
) -> Result<Vec<Stream<'c>>> {
    let mut out: Vec<Stream<'c>> = Vec::new();
    let rs = if SOURCES[8..].iter().any(|(k, _)| q.wants(*k)) { reports(conn, q, cal)? } else { Vec::new() };
    for (i, (kind, severe)) in SOURCES.into_iter().enumerate() {
        if !q.wants(kind) {
            continue;
        }
        let id = i as u8;
        let weight = Deadline {
            kind,
            severe,
            due: q.today,
            title: String::new(),
            unit_id: None,
            unit_uscc: None,
            grid_id: None,
            reference: String::new(),
        }
        .weight();
        let from = reading(id, weight);
        let s: Box<dyn Iterator<Item = (Deadline, i64)> + 'c> = match kind {
            DeadlineKind::SelfInspection | DeadlineKind::Drill => Box::new(obligations(conn, q, kind, from)),
            DeadlineKind::Hazard => Box::new(hazards(conn, q, severe, from)),
            DeadlineKind::Manual => Box::new(manual(conn, q, from)),
            DeadlineKind::TipoffVerify | DeadlineKind::TipoffReply => Box::new(tipoffs(conn, q, kind, from)),
            DeadlineKind::PlanMeasure => listed(plan_measures(conn, q)?, from),
            // Each report kind is its own stream: their weights are equal, and each is in due order.
            _ => listed(rs.iter().filter(|r| r.kind == kind).cloned().collect(), from),
        };
        out.push((id, s));
    }
    Ok(out)
}

/// Rows `offset..offset + limit` of the merged list in urgency order (exports, reports).
pub fn page(
    conn: &Connection,
    q: &DeadlineQuery,
    cal: &HolidayCalendar,
    offset: usize,
    limit: usize,
) -> Result<Vec<Deadline>> {
    let s = streams(conn, q, cal, &|_, _| Reading::FORWARD)?;
    Ok(merge(s, q.today, true, offset, limit).into_iter().map(|(d, _)| d).collect())
}

fn key_values(k: &MergeKey) -> Key {
    vec![
        Value::Integer(k.class.into()),
        Value::Real(k.value),
        Value::Text(k.due.to_string()),
        Value::Integer(k.stream.into()),
        Value::Integer(k.ord),
    ]
}

fn merge_key(k: &[Value]) -> Option<MergeKey> {
    match k {
        [Value::Integer(class), Value::Real(value), Value::Text(due), Value::Integer(stream), Value::Integer(ord)] => {
            Some(MergeKey {
                class: u8::try_from(*class).ok()?,
                value: *value,
                due: NaiveDate::parse_from_str(due, "%Y-%m-%d").ok()?,
                stream: u8::try_from(*stream).ok()?,
                ord: *ord,
            })
        }
        _ => None,
    }
}

/// A page of the merged list from where `seek` says, with each row's key, so that the screen
/// pages by key in both directions: End reads the last rows backwards, a page up reads the rows
/// before the first one held, and neither merges what lies between the top and there.
pub fn page_keyed(
    conn: &Connection,
    q: &DeadlineQuery,
    cal: &HolidayCalendar,
    seek: &Seek,
    limit: usize,
) -> Result<Page<Deadline>> {
    let today = q.today;
    let (forward, skip, around): (bool, usize, Option<(MergeKey, bool)>) = match seek {
        Seek::First => (true, 0, None),
        Seek::Offset(i) => (true, *i, None),
        Seek::Last => (false, 0, None),
        Seek::After(k) => (true, 0, merge_key(k).map(|k| (k, true))),
        // From a row, the row included: just after the row before it in its own source.
        Seek::From(k) => (true, 0, merge_key(k).map(|k| (MergeKey { ord: k.ord - 1, ..k }, true))),
        Seek::Before(k) => (false, 0, merge_key(k).map(|k| (k, false))),
    };
    let reading = |stream: u8, w: f64| match &around {
        None => Reading { forward, bound: None },
        Some((k, true)) => Reading { forward, bound: Some(after_bound(k, stream, w, today)) },
        Some((k, false)) => Reading { forward, bound: Some(before_bound(k, stream, w, today)) },
    };
    let mut rows = merge(streams(conn, q, cal, &reading)?, today, forward, skip, limit);
    if !forward {
        rows.reverse();
    }
    let keys = rows.iter().map(|(_, k)| key_values(k)).collect();
    Ok(Page { rows: rows.into_iter().map(|(d, _)| d).collect(), keys })
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
    let placed = q.placed();
    if q.wants(DeadlineKind::Hazard) {
        let (parts, args) = q.unit_clause("h.deadline");
        let extra = parts.iter().map(|p| format!(" AND {p}")).collect::<String>();
        let from = if placed { "hazard h JOIN unit u ON u.id = h.unit_id" } else { "hazard h" };
        n += conn
            .prepare_cached(&format!("SELECT COUNT(*) FROM {from} WHERE h.status <> 'closed'{extra}"))?
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
                .prepare_cached(&format!(
                    "SELECT COUNT(*) {} WHERE {when}{extra}",
                    if placed { TIPOFF_FROM } else { "FROM tipoff t" }
                ))?
                .query_row(params_from_iter(args), |r| r.get::<_, i64>(0))?;
        }
    }
    n += reports(conn, q, cal)?.len() as i64;
    if q.wants(DeadlineKind::PlanMeasure) {
        n += plan_measures(conn, q)?.len() as i64;
    }
    Ok(n)
}

/// The units' self-inspections or drills falling due on each day of a range, as the writes keep
/// them (`unit_due_tally`, migration 034); its arguments are the kind, the last day and the first.
pub const UNIT_DUE_DAYS: &str = "SELECT day, n FROM unit_due_tally WHERE kind = ? AND day <= ? AND n > 0 AND day >= ?";

/// The tally's name of a unit's own obligation.
fn tally_kind(kind: DeadlineKind) -> &'static str {
    if kind == DeadlineKind::Drill { "drill" } else { "self_inspection" }
}

/// Days on which something falls due in `[from, to]`, for the month calendar: one grouped range
/// query per source (the units' own obligations read from their tally), never a walk through the
/// merged list.
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
        if q.wants(kind) && !q.placed() {
            // The whole office's: kept by the writes (migration 034), not counted here.
            add(UNIT_DUE_DAYS.to_string(), vec![Value::Text(tally_kind(kind).into()), Value::Text(to.to_string())])?;
        } else if q.wants(kind) {
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
                "SELECT h.deadline, COUNT(*) FROM {} WHERE {} GROUP BY 1",
                if q.placed() { "hazard h JOIN unit u ON u.id = h.unit_id" } else { "hazard h" },
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
            let from = if q.placed() { TIPOFF_FROM } else { "FROM tipoff t" };
            add(format!("SELECT {due}, COUNT(*) {from} WHERE {} GROUP BY 1", parts.join(" AND ")), args)?;
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

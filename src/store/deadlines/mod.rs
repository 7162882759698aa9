//! The deadline sources over the store. Each yields its deadlines in due order straight from an
//! index (keyset-paged), and the domain's merge interleaves them by urgency, so the Deadlines
//! screen never loads every unit.

mod calendar;
mod plan_sources;
mod query;
mod report_sources;
mod tipoff_sources;
mod unit_sources;
mod writes;

pub use calendar::{UNIT_DUE_DAYS, busy_days};
use plan_sources::plan_measures;
pub use query::DeadlineQuery;
use query::{Keyset, Reading, date};
use report_sources::reports;
use tipoff_sources::{TIPOFF_FROM, TIPOFF_KINDS, tipoff_source, tipoffs};
pub use unit_sources::due_expr;
use unit_sources::obligations;
pub use writes::{add_manual, complete_manual, submit_report};

use super::Result;
use super::keyset::{Key, Page, Seek};
use crate::domain::calendar::HolidayCalendar;
use crate::domain::deadline::{Deadline, DeadlineKind};
use crate::domain::deadline_seek::{MergeKey, Stream, after_bound, before_bound, merge};
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{Connection, params_from_iter};

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

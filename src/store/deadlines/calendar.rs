//! The Deadlines screen's month calendar: how many items fall due on each day of a month.

use super::plan_sources::plan_measures;
use super::query::{DeadlineQuery, date};
use super::report_sources::reports;
use super::tipoff_sources::{TIPOFF_FROM, TIPOFF_KINDS, tipoff_source};
use super::unit_sources::due_expr;
use crate::domain::calendar::HolidayCalendar;
use crate::domain::deadline::DeadlineKind;
use crate::store::Result;
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{Connection, params_from_iter};

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

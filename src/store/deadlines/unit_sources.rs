//! The units' own obligations as a deadline source: the next self-inspection and the next drill
//! of every unit, by the rule of `domain::deadline`, written as SQL the expression indexes of
//! migration 018 serve.

use super::query::{DeadlineQuery, Keyset, Reading, date};
use crate::domain::deadline::{Deadline, DeadlineKind};
use rusqlite::Connection;

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

pub(super) fn obligations<'c>(
    conn: &'c Connection,
    q: &DeadlineQuery,
    kind: DeadlineKind,
    from: Reading,
) -> Keyset<'c> {
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

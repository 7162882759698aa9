//! The tip-off clocks as deadline sources: each a keyset stream in due order, like the others.

use super::query::{DeadlineQuery, Keyset, Reading, date};
use crate::domain::deadline::{Deadline, DeadlineKind};
use rusqlite::Connection;

/// The tip-off clocks: verification while accepted or being verified, the reply once verified.
pub(super) fn tipoff_source(kind: DeadlineKind) -> (&'static str, &'static str) {
    match kind {
        DeadlineKind::TipoffReply => ("t.reply_due", "t.status IN ('substantiated', 'unsubstantiated')"),
        _ => ("t.verify_due", "t.status IN ('accepted', 'verifying')"),
    }
}

pub(super) const TIPOFF_FROM: &str = "FROM tipoff t LEFT JOIN unit u ON u.id = t.unit_id";

fn tipoff_row(kind: DeadlineKind) -> fn(&rusqlite::Row<'_>) -> rusqlite::Result<(String, i64, Deadline)> {
    fn make(r: &rusqlite::Row<'_>, kind: DeadlineKind) -> rusqlite::Result<(String, i64, Deadline)> {
        let due: String = r.get(0)?;
        let id: i64 = r.get(1)?;
        let text: String = r.get(2)?;
        Ok((
            due.clone(),
            id,
            Deadline {
                kind,
                due: date(&due),
                title: format!("#{id} {}", text.chars().take(40).collect::<String>()),
                unit_id: r.get(3)?,
                unit_uscc: r.get(4)?,
                grid_id: r.get(5)?,
                reference: id.to_string(),
                severe: false,
            },
        ))
    }
    match kind {
        DeadlineKind::TipoffReply => |r| make(r, DeadlineKind::TipoffReply),
        _ => |r| make(r, DeadlineKind::TipoffVerify),
    }
}

pub(super) fn tipoffs<'c>(conn: &'c Connection, q: &DeadlineQuery, kind: DeadlineKind, from: Reading) -> Keyset<'c> {
    let (due, when) = tipoff_source(kind);
    let (mut parts, args) = q.unit_clause(due);
    parts.insert(0, when.to_string());
    let (seek, order) = from.sql(due, "t.id");
    parts.push(seek);
    let sql = format!(
        "SELECT {due}, t.id, t.description, u.id, u.uscc, u.grid_id {TIPOFF_FROM} WHERE {} {order} LIMIT ?",
        parts.join(" AND ")
    );
    Keyset::new(conn, sql, args, tipoff_row(kind), from)
}

pub(super) const TIPOFF_KINDS: [DeadlineKind; 2] = [DeadlineKind::TipoffVerify, DeadlineKind::TipoffReply];

//! What a deadline query asks, and the keyset-paged stream each source yields its rows through.

use crate::domain::deadline::{Deadline, DeadlineKind};
use chrono::{Duration, NaiveDate};
use rusqlite::types::Value;
use rusqlite::{Connection, params_from_iter};

/// How far ahead the report calendar is unrolled.
pub(super) const REPORT_HORIZON_DAYS: i64 = 400;

/// What the Deadlines screen (or an export) asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct DeadlineQuery {
    pub today: NaiveDate,
    /// Kinds to include; empty means all.
    pub kinds: Vec<DeadlineKind>,
    pub grid: Option<i64>,
    pub community: Option<i64>,
    /// Only items due on or before this date (this week, this month, within N days).
    pub until: Option<NaiveDate>,
    pub overdue_only: bool,
}

impl DeadlineQuery {
    pub fn all(today: NaiveDate) -> Self {
        DeadlineQuery { today, kinds: Vec::new(), grid: None, community: None, until: None, overdue_only: false }
    }

    pub(super) fn wants(&self, k: DeadlineKind) -> bool {
        self.kinds.is_empty() || self.kinds.contains(&k)
    }

    /// Whether the query names a place: a hazard or a tip-off needs its unit joined only then
    /// (a hazard always has one).
    pub(super) fn placed(&self) -> bool {
        self.grid.is_some() || self.community.is_some()
    }

    pub(super) fn upper(&self) -> Option<NaiveDate> {
        if self.overdue_only { Some(self.today - Duration::days(1)) } else { self.until }
    }

    /// Unit scope and due bound as SQL over `u` and a due expression.
    pub(super) fn unit_clause(&self, due: &str) -> (Vec<String>, Vec<Value>) {
        let mut parts = Vec::new();
        let mut args = Vec::new();
        if let Some(g) = self.grid {
            parts.push("u.grid_id = ?".to_string());
            args.push(Value::Integer(g));
        }
        if let Some(c) = self.community {
            parts.push("u.grid_id IN (SELECT id FROM grid WHERE community_id = ?)".to_string());
            args.push(Value::Integer(c));
        }
        if let Some(until) = self.upper() {
            parts.push(format!("{due} <= ?"));
            args.push(Value::Text(until.to_string()));
        }
        (parts, args)
    }
}

pub(super) fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or(NaiveDate::MIN)
}

const PAGE: i64 = 256;

/// Which way a source is read, and from where: its rows after (forward) or before (backward) a
/// (due, id) pair, or from its first or last row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Reading {
    pub(super) forward: bool,
    pub(super) bound: Option<(NaiveDate, i64)>,
}

impl Reading {
    pub(super) const FORWARD: Reading = Reading { forward: true, bound: None };

    /// The keyset condition over a due expression and an id, and the order, for this direction.
    pub(super) fn sql(&self, due: &str, id: &str) -> (String, String) {
        if self.forward {
            (format!("{due} >= ? AND NOT ({due} = ? AND {id} <= ?)"), format!("ORDER BY {due}, {id}"))
        } else {
            (format!("{due} <= ? AND NOT ({due} = ? AND {id} >= ?)"), format!("ORDER BY {due} DESC, {id} DESC"))
        }
    }
}

/// A keyset-paged stream of rows ordered by (due, id), or the reverse; each row with its id.
pub(super) struct Keyset<'c> {
    pub(super) conn: &'c Connection,
    pub(super) sql: String,
    pub(super) args: Vec<Value>,
    pub(super) make: fn(&rusqlite::Row<'_>) -> rusqlite::Result<(String, i64, Deadline)>,
    pub(super) buf: std::vec::IntoIter<(Deadline, i64)>,
    pub(super) last: Option<(String, i64)>,
    pub(super) done: bool,
    pub(super) forward: bool,
}

impl<'c> Keyset<'c> {
    pub(super) fn new(
        conn: &'c Connection,
        sql: String,
        args: Vec<Value>,
        make: fn(&rusqlite::Row<'_>) -> rusqlite::Result<(String, i64, Deadline)>,
        from: Reading,
    ) -> Keyset<'c> {
        let last = from.bound.map(|(d, id)| (d.to_string(), id));
        Keyset { conn, sql, args, make, buf: Vec::new().into_iter(), last, done: false, forward: from.forward }
    }
}

impl Iterator for Keyset<'_> {
    type Item = (Deadline, i64);

    fn next(&mut self) -> Option<(Deadline, i64)> {
        if let Some(d) = self.buf.next() {
            return Some(d);
        }
        if self.done {
            return None;
        }
        let (due, id) = self.last.clone().unwrap_or_else(|| {
            if self.forward { (String::new(), i64::MIN) } else { ("9999-12-31".to_string(), i64::MAX) }
        });
        let mut args = self.args.clone();
        args.extend([Value::Text(due.clone()), Value::Text(due), Value::Integer(id), Value::Integer(PAGE)]);
        let rows: Vec<(String, i64, Deadline)> = match self.conn.prepare_cached(&self.sql) {
            Ok(mut stmt) => match stmt.query_map(params_from_iter(args), self.make) {
                Ok(it) => it.filter_map(|r| r.ok()).collect(),
                Err(_) => Vec::new(),
            },
            Err(_) => Vec::new(),
        };
        if (rows.len() as i64) < PAGE {
            self.done = true;
        }
        self.last = rows.last().map(|(d, i, _)| (d.clone(), *i));
        self.buf = rows.into_iter().map(|(_, id, d)| (d, id)).collect::<Vec<_>>().into_iter();
        self.buf.next()
    }
}

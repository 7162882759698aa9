//! The office's reports as a deadline source: monthly, quarterly and annual returns from the day
//! the office started, less those recorded as submitted.

use super::query::{DeadlineQuery, REPORT_HORIZON_DAYS, date};
use crate::domain::calendar::HolidayCalendar;
use crate::domain::deadline::{Deadline, reports_between};
use crate::store::Result;
use chrono::Duration;
use rusqlite::{Connection, OptionalExtension};

pub(super) fn reports(conn: &Connection, q: &DeadlineQuery, cal: &HolidayCalendar) -> Result<Vec<Deadline>> {
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

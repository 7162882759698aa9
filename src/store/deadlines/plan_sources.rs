//! Plan measures as a deadline source: each dated milestone, and the end of each period of a
//! recurring measure, until the checklist marks that quarter's item done or not applicable. Only
//! what falls due from the quarter the plan was loaded in: earlier milestones are history, kept
//! on the Checklist as carried-over items rather than as a flood of overdue deadlines.

use super::query::{DeadlineQuery, REPORT_HORIZON_DAYS, date};
use crate::domain::calendar::Quarter;
use crate::domain::checklist::Every;
use crate::domain::deadline::{Deadline, DeadlineKind};
use crate::store::Result;
use chrono::Duration;
use rusqlite::Connection;
use std::collections::HashSet;

pub(super) fn plan_measures(conn: &Connection, q: &DeadlineQuery) -> Result<Vec<Deadline>> {
    // Plans belong to the office, not to a grid.
    if q.grid.is_some() || q.community.is_some() {
        return Ok(Vec::new());
    }
    let to = q.upper().unwrap_or(q.today + Duration::days(REPORT_HORIZON_DAYS));
    let mut settled_stmt = conn
        .prepare_cached("SELECT measure_id, quarter FROM checklist_entry WHERE status IN ('done', 'not_applicable')")?;
    let settled: HashSet<(i64, String)> =
        settled_stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.task, m.number, m.title, m.every, p.from_date, p.until_date, substr(p.loaded_at, 1, 10),
                (SELECT group_concat(k.due, ',') FROM plan_milestone k WHERE k.measure_id = m.id)
         FROM plan_measure m JOIN plan p ON p.id = m.plan_id WHERE m.kind = 'measure' AND m.level = ''",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, u32>(1)?,
            r.get::<_, u32>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, String>(7)?,
            r.get::<_, Option<String>>(8)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, task, number, title, every, from, until, loaded, dues) = row?;
        let start = Quarter::of(date(&loaded)).start().max(date(&from));
        let end = to.min(date(&until));
        let mut push = |due: chrono::NaiveDate| {
            let quarter = Quarter::of(due).label();
            if !settled.contains(&(id, quarter.clone())) {
                out.push(Deadline {
                    kind: DeadlineKind::PlanMeasure,
                    due,
                    title: format!("{task}.{number} {title}"),
                    unit_id: None,
                    unit_uscc: None,
                    grid_id: None,
                    reference: format!("{id}/{quarter}"),
                    severe: false,
                });
            }
        };
        for due in dues.iter().flat_map(|d| d.split(',')).map(date) {
            if due >= start && due <= to {
                push(due);
            }
        }
        if let Some(every) = every.as_deref().and_then(Every::parse) {
            for due in every.period_ends(start, end) {
                push(due);
            }
        }
    }
    out.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.reference.cmp(&b.reference)));
    Ok(out)
}

//! The last report of a plan (its final year's fourth quarter) sums the whole plan period up and
//! self-assesses it, as the plans ask (the street plan: "全面梳理总结……形成工作报告" and the
//! office's 自评报告): the period's figures, every measure settled or not with the unfinished ones
//! named, and the self-score on the latest assessment points the office has loaded.

use super::model::{Closing, Share};
use crate::domain::calendar::Quarter;
use crate::store::Conn as Connection;
use crate::store::Result;
use crate::store::checklist::{self, PlanRow};
use crate::store::report_figures::{self as counted, Window};
use chrono::{Datelike, NaiveDate};

fn day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// The closing part when `quarter` is the fourth quarter of the main plan's last year.
pub fn closing(
    conn: &Connection,
    quarter: Quarter,
    as_of: NaiveDate,
    main: Option<&PlanRow>,
    plans: &[PlanRow],
    zh: bool,
) -> Result<Option<Closing>> {
    let Some(p) = main else { return Ok(None) };
    let (Some(from), Some(until)) = (day(&p.from), day(&p.until)) else { return Ok(None) };
    if quarter.start().month() != 10 || quarter.start().year() != until.year() {
        return Ok(None);
    }
    let w = Window { from, to: quarter.end(), as_of };
    let mut measures = Share::default();
    let mut tasks: Vec<(u32, String, Share)> = Vec::new();
    let mut unfinished = Vec::new();
    for (task, title, number, name, settled) in checklist::settled_by(conn, p.id, quarter)? {
        measures.whole += 1;
        measures.part += settled as i64;
        match tasks.last_mut() {
            Some((t, _, s)) if *t == task => {
                s.whole += 1;
                s.part += settled as i64;
            }
            _ => tasks.push((task, title, Share { part: settled as i64, whole: 1 })),
        }
        if !settled {
            unfinished.push(format!("{task}.{number} {name}"));
        }
    }
    // The latest assessment points loaded that have begun by the end of the plan.
    let assessment = plans
        .iter()
        .filter(|a| a.assessment && day(&a.from).is_some_and(|f| f <= quarter.end()))
        .max_by_key(|a| a.until.clone());
    let assessment = match assessment {
        Some(a) => {
            let end = day(&a.until).map(|u| u.min(quarter.end())).unwrap_or(quarter.end());
            let items = checklist::items(conn, a.id, Quarter::of(end))?;
            Some((a.name.clone(), checklist::score(&items)))
        }
        None => None,
    };
    Ok(Some(Closing {
        plan: p.name.clone(),
        from: from.to_string(),
        hazards: counted::hazard_counts(conn, w)?,
        tipoffs: counted::tipoffs(conn, w)?,
        accidents: crate::store::accidents::section(conn, from, quarter.end(), zh)?,
        work: crate::store::work_records::section(conn, from, quarter.end())?,
        measures,
        tasks,
        unfinished,
        assessment,
    }))
}

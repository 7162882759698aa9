//! The quarterly report: compiled from the store into [`model::Report`], then written as Markdown
//! (preview and archive), XLSX (one sheet per table) and DOCX (laid out as an official document).
//! Sections are an open set: a new one is a field of the model and a block in each writer.

pub mod blocks;
mod closing;
pub mod docx;
mod docx_package;
mod docx_table;
pub mod export;
pub mod figures;
pub mod markdown;
pub mod model;
mod outline;
mod prose;
mod prose_registers;
mod registers;
/// The report as its blocks (title, headings, prose, tables): what every format is made from.
pub use outline::blocks;
mod sections;
mod title_lines;
pub mod xlsx;

use crate::domain::calendar::Quarter;
use crate::domain::checklist::{Active, ItemKind, ItemStatus};
use crate::domain::deadline::DeadlineKind;
use crate::i18n::Lang;
use crate::store::Conn as Connection;
use crate::store::Result;
use crate::store::checklist::{self, Item};
use crate::store::deadlines::{self, DeadlineQuery};
use crate::store::report_figures::{self as counted, Window};
use chrono::{Datelike, Duration, NaiveDate};
use model::{ItemLine, NextQuarter, PlanProgress, Report, Share, Summary, TaskProgress};

/// The report parts the office writes itself, kept as drafts: (key, Chinese title, English title).
pub const OWN_PARTS: [(&str, &str, &str); 2] =
    [("problems", "存在的问题", "Problems"), ("next_quarter", "下季度工作计划", "Plan for next quarter")];

/// The item's time node in words: a dated milestone with, once done, the day it was done ("逾期完成"
/// only when that was after the milestone), or "（逾期）" while it is still open past it.
fn node(item: &Item, zh: bool) -> String {
    let done_on = (item.status == ItemStatus::Done)
        .then(|| chrono::NaiveDate::parse_from_str(item.updated_at.get(..10).unwrap_or(""), "%Y-%m-%d").ok())
        .flatten();
    match (item.active, done_on) {
        (Active::Due(d) | Active::Overdue(d), Some(on)) if on > d => {
            if zh {
                format!("{d}（{on}逾期完成）")
            } else {
                format!("{d} (done late, {on})")
            }
        }
        (Active::Due(d) | Active::Overdue(d), Some(on)) => {
            if zh {
                format!("{d}（{on}完成）")
            } else {
                format!("{d} (done {on})")
            }
        }
        (Active::Due(d), None) => d.to_string(),
        (Active::Overdue(d), None) if item.status.settled() => d.to_string(),
        (Active::Overdue(d), None) => {
            if zh {
                format!("{d}（逾期）")
            } else {
                format!("{d} (overdue)")
            }
        }
        (Active::Recurring, _) => crate::domain::checklist::Every::words(item.every, item.every_high_hazard, zh),
        (Active::Ongoing, _) => (if zh { "长期坚持" } else { "ongoing" }).to_string(),
    }
}

/// Compiles the report of `quarter` as of `today` (the quarter's end once it is over).
pub fn compile(conn: &Connection, quarter: Quarter, today: NaiveDate, operator: &str, lang: Lang) -> Result<Report> {
    let at = crate::domain::time::stamp(crate::domain::time::now());
    compile_at(conn, quarter, today, operator, lang, &at)
}

/// As [`compile`], stamped with the given time (the dashboard's clock).
pub fn compile_at(
    conn: &Connection,
    quarter: Quarter,
    today: NaiveDate,
    operator: &str,
    lang: Lang,
    at: &str,
) -> Result<Report> {
    let zh = lang.zh();
    let w = Window { from: quarter.start(), to: quarter.end(), as_of: today.min(quarter.end()).max(quarter.start()) };
    let year_start = NaiveDate::from_ymd_opt(quarter.start().year(), 1, 1).unwrap_or(quarter.start());
    let sections = figures::Sections {
        hazards: counted::hazards(conn, w)?,
        major_open: counted::major_open(conn, w.as_of)?,
        tipoffs: counted::tipoffs(conn, w)?,
        alarms: counted::alarms(conn, w)?,
        inspections: counted::inspections(conn, w)?,
        accidents_year: crate::store::accidents::section(conn, year_start, quarter.end(), zh)?,
        work: crate::store::work_records::section(conn, w.from, w.to)?,
    };
    let major_open = sections.major_open;
    let accidents = crate::store::accidents::section(conn, w.from, w.to, zh)?;
    let identity = crate::store::network::office_identity(conn)?;
    // A fourth quarter's report sums up the year as well: January to the figures' date.
    let year = if quarter.start().month() == 10 {
        let y = Window { from: year_start, to: quarter.end(), as_of: w.as_of };
        Some(model::YearFigures {
            year: year_start.year(),
            hazards: counted::hazard_counts(conn, y)?,
            major_open,
            tipoffs: counted::tipoffs(conn, y)?,
            alarms: counted::alarm_counts(conn, y)?,
            accidents: sections.accidents_year.clone(),
            work: crate::store::work_records::section(conn, year_start, quarter.end())?,
        })
    } else {
        None
    };
    let mut plans = Vec::new();
    let mut settled = Share::default();
    // The office's main plan when it has named one (a measure in several plans counted once, in
    // the plan the report follows); every loaded plan until then.
    let all_plans = checklist::plans(conn)?;
    let main_plan = all_plans.iter().find(|p| p.key == identity.main_plan);
    let closing = closing::closing(conn, quarter, w.as_of, main_plan, &all_plans, zh)?;
    let main = main_plan.is_some();
    for p in all_plans.iter().filter(|p| !main || p.key == identity.main_plan) {
        let items = checklist::items(conn, p.id, quarter)?;
        if items.is_empty() {
            continue;
        }
        let mut tasks: Vec<TaskProgress> = Vec::new();
        for item in &items {
            let line = ItemLine {
                number: item.number,
                title: item.title.clone(),
                kind: item.kind,
                node: node(item, zh),
                target: item.target.clone(),
                section: item.section.clone(),
                status: item.status,
                note: item.note.clone(),
                figure: item.figure.map(|f| (f, figures::figure_value(f, &sections, zh))),
                points: item.points,
                points_lost: item.points_lost,
                loss_reason: item.loss_reason.clone(),
            };
            let counted = item.kind == ItemKind::Measure;
            let done = counted && item.status.settled();
            match tasks.last_mut() {
                Some(t) if t.number == item.task => {
                    t.items.push(line);
                    t.done.part += done as i64;
                    t.done.whole += counted as i64;
                }
                _ => tasks.push(TaskProgress {
                    number: item.task,
                    title: item.task_title.clone(),
                    done: Share { part: done as i64, whole: counted as i64 },
                    items: vec![line],
                }),
            }
        }
        for t in &tasks {
            settled.part += t.done.part;
            settled.whole += t.done.whole;
        }
        let score = p.assessment.then(|| checklist::score(&items));
        plans.push(PlanProgress { key: p.key.clone(), name: p.name.clone(), tasks, score });
    }
    let next = next_quarter(conn, quarter, w.as_of, lang)?;
    let own = |part: &str| checklist::draft(conn, quarter, part).map(|(body, _)| body);
    let office = identity.signing_name().to_string();
    let (units, grids) = counted::network_size(conn)?;
    let summary = Summary {
        units,
        grids,
        hazards_found: sections.hazards.found,
        hazards_on_time: sections.hazards.on_time,
        major_open,
        tipoffs_received: sections.tipoffs.received,
        tipoffs_accepted: sections.tipoffs.accepted,
        alarms_received: sections.alarms.received,
        checklist_done: settled,
    };
    Ok(Report {
        office,
        quarter: quarter.label(),
        from: w.from.to_string(),
        to: w.to.to_string(),
        as_of: w.as_of.to_string(),
        compiled_at: at.to_string(),
        compiled_by: operator.to_string(),
        summary,
        plans,
        hazards: sections.hazards,
        tipoffs: sections.tipoffs,
        alarms: sections.alarms,
        inspections: sections.inspections,
        accidents,
        work: sections.work,
        closing,
        sealed: identity.sealed,
        tables_apart: identity.tables_apart,
        next_quarter: next,
        problems: own("problems")?,
        plan_next: own("next_quarter")?,
        addressee: identity.superior.clone(),
        contact: (!identity.contact_person.is_empty())
            .then(|| (identity.contact_person.clone(), identity.contact_phone.clone())),
        year,
    })
}

fn next_quarter(conn: &Connection, quarter: Quarter, as_of: NaiveDate, lang: Lang) -> Result<NextQuarter> {
    let next = quarter.next();
    let milestones = counted::milestones(conn, next.start(), next.end())?;
    let cal = crate::domain::calendar::HolidayCalendar::built_in();
    let mut by_kind = Vec::new();
    for kind in DeadlineKind::ALL {
        let q = |until: NaiveDate| DeadlineQuery { kinds: vec![kind], until: Some(until), ..DeadlineQuery::all(as_of) };
        let n = deadlines::count(conn, &q(next.end()), &cal)?
            - deadlines::count(conn, &q(next.start() - Duration::days(1)), &cal)?;
        if n > 0 {
            by_kind.push((kind.name(lang.zh()).to_string(), n));
        }
    }
    Ok(NextQuarter { quarter: next.label(), milestones, by_kind })
}

/// The values of the linked figures a checklist shows, computing only the sections they need.
/// The tables a figure is counted from (what [`figure_values`] reads for it): the Checklist
/// counts a figure again only when one of them changed. `tests/change_log.rs` holds each to what
/// SQLite says its queries read.
pub fn figure_reads(f: crate::domain::checklist::Figure) -> &'static [&'static str] {
    use crate::domain::checklist::Figure as F;
    match f {
        F::HazardOnTime | F::MajorHazardsOpen => &["hazard"],
        F::TipoffVerifiedOnTime | F::TipoffRepliedOnTime => &["tipoff"],
        F::AlarmAcknowledged => &["alarm"],
        F::SelfInspections | F::Drills | F::GridCoverage => &["grid", "inspection", "unit"],
        F::Accidents | F::AccidentReporting => &["accident", "unit"],
        F::Enforcement | F::TrainingPublicity => &["unit", "work_record"],
    }
}

pub fn figure_values(
    conn: &Connection,
    quarter: Quarter,
    today: NaiveDate,
    needed: &[crate::domain::checklist::Figure],
    lang: Lang,
) -> Result<Vec<(crate::domain::checklist::Figure, String)>> {
    use crate::domain::checklist::Figure as F;
    let w = Window { from: quarter.start(), to: quarter.end(), as_of: today.min(quarter.end()).max(quarter.start()) };
    let wants = |fs: &[F]| needed.iter().any(|f| fs.contains(f));
    let zh = lang.zh();
    let year_start = NaiveDate::from_ymd_opt(quarter.start().year(), 1, 1).unwrap_or(quarter.start());
    let mut s = figures::Sections::default();
    // The Checklist shows figures, not the report's lists: counts only (the same numbers).
    if wants(&[F::HazardOnTime]) {
        s.hazards = counted::hazard_counts(conn, w)?;
    }
    if wants(&[F::MajorHazardsOpen]) {
        s.major_open = counted::major_open(conn, w.as_of)?;
    }
    if wants(&[F::TipoffVerifiedOnTime, F::TipoffRepliedOnTime]) {
        s.tipoffs = counted::tipoffs(conn, w)?;
    }
    if wants(&[F::AlarmAcknowledged]) {
        s.alarms = counted::alarm_acknowledgement(conn, w)?;
    }
    if wants(&[F::SelfInspections, F::Drills, F::GridCoverage]) {
        s.inspections = counted::inspection_counts(conn, w)?;
    }
    if wants(&[F::Accidents, F::AccidentReporting]) {
        s.accidents_year = crate::store::accidents::section(conn, year_start, quarter.end(), zh)?;
    }
    if wants(&[F::Enforcement, F::TrainingPublicity]) {
        s.work = crate::store::work_records::section(conn, w.from, w.to)?;
    }
    let mut out: Vec<(F, String)> = Vec::new();
    for f in needed {
        if !out.iter().any(|(g, _)| g == f) {
            out.push((*f, figures::figure_value(*f, &s, zh)));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(active: Active, status: ItemStatus, updated_at: &str) -> Item {
        Item {
            measure_id: 1,
            task: 1,
            task_title: String::new(),
            number: 1,
            title: String::new(),
            kind: ItemKind::Measure,
            active,
            target: None,
            every: None,
            every_high_hazard: None,
            section: String::new(),
            status,
            note: String::new(),
            points: None,
            points_lost: None,
            loss_reason: String::new(),
            rule: String::new(),
            figure: None,
            evidence: String::new(),
            version: 1,
            updated_by: String::new(),
            updated_at: updated_at.into(),
        }
    }

    #[test]
    fn a_done_item_says_when_and_late_only_when_it_was() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        let at = "2026-11-20T10:00:00+08:00";
        for (active, status, words) in [
            (Active::Due(d("2026-12-31")), ItemStatus::Done, "2026-12-31（2026-11-20完成）"),
            (Active::Overdue(d("2026-09-30")), ItemStatus::Done, "2026-09-30（2026-11-20逾期完成）"),
            (Active::Due(d("2026-11-20")), ItemStatus::Done, "2026-11-20（2026-11-20完成）"),
            (Active::Overdue(d("2026-09-30")), ItemStatus::InProgress, "2026-09-30（逾期）"),
            (Active::Overdue(d("2026-09-30")), ItemStatus::NotApplicable, "2026-09-30"),
            (Active::Due(d("2026-12-31")), ItemStatus::NotStarted, "2026-12-31"),
        ] {
            assert_eq!(node(&item(active, status, at), true), words, "{active:?} {status:?}");
        }
    }
}

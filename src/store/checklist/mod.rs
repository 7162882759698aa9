//! Plans loaded from templates and the quarter's checklist kept against them. A measure has no
//! checklist row until someone touches it ("not started"); each edit bumps the row's version so
//! that two officers editing one item get the conflict message instead of overwriting each other.

mod plans;
mod report_texts;

pub use plans::{PlanRow, load_plan, plans};
pub use report_texts::{Compiled, compiled, draft, record_compiled, save_draft};

use super::{Result, StoreError, Writer};
use crate::domain::calendar::Quarter;
use crate::domain::checklist::{Active, Every, Figure, ItemKind, ItemStatus, ScoreLine, TimeNode, active, self_score};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;
use std::collections::HashMap;

/// One line of a quarter's checklist.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub measure_id: i64,
    pub task: u32,
    pub task_title: String,
    pub number: u32,
    pub title: String,
    pub kind: ItemKind,
    pub active: Active,
    /// What the milestone falling in (or carried into) this quarter is to achieve.
    pub target: Option<String>,
    pub every: Option<Every>,
    /// The high-hazard sectors' frequency, when the plan sets another one.
    pub every_high_hazard: Option<Every>,
    pub section: String,
    pub status: ItemStatus,
    pub note: String,
    pub points: Option<f64>,
    pub points_lost: Option<f64>,
    pub loss_reason: String,
    pub rule: String,
    pub figure: Option<Figure>,
    pub evidence: String,
    /// 0 while the item has no row yet.
    pub version: i64,
    pub updated_by: String,
    pub updated_at: String,
}

struct MeasureRow {
    id: i64,
    task: u32,
    task_title: String,
    number: u32,
    title: String,
    kind: ItemKind,
    every: Option<Every>,
    every_high_hazard: Option<Every>,
    ongoing: bool,
    section: String,
    points: Option<f64>,
    rule: String,
    figure: Option<Figure>,
    evidence: String,
    milestones: Vec<(NaiveDate, String)>,
}

fn measures(conn: &Connection, plan_id: i64) -> Result<Vec<MeasureRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.task, COALESCE(t.title, ''), m.number, m.title, m.kind, m.every, m.ongoing, m.section,
                m.points, m.rule, m.figure, m.evidence, m.every_high_hazard
         FROM plan_measure m LEFT JOIN plan_task t ON t.plan_id = m.plan_id AND t.number = m.task
         WHERE m.plan_id = ?1 AND m.level = '' ORDER BY m.seq",
    )?;
    let mut rows: Vec<MeasureRow> = stmt
        .query_map([plan_id], |r| {
            Ok(MeasureRow {
                id: r.get(0)?,
                task: r.get(1)?,
                task_title: r.get(2)?,
                number: r.get(3)?,
                title: r.get(4)?,
                kind: ItemKind::parse(&r.get::<_, String>(5)?).unwrap_or_default(),
                every: r.get::<_, Option<String>>(6)?.as_deref().and_then(Every::parse),
                ongoing: r.get(7)?,
                section: r.get(8)?,
                points: r.get(9)?,
                rule: r.get(10)?,
                figure: r.get::<_, Option<String>>(11)?.as_deref().and_then(Figure::parse),
                evidence: r.get(12)?,
                every_high_hazard: r.get::<_, Option<String>>(13)?.as_deref().and_then(Every::parse),
                milestones: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut ms = conn.prepare_cached(
        "SELECT k.measure_id, k.due, k.target FROM plan_milestone k JOIN plan_measure m ON m.id = k.measure_id
         WHERE m.plan_id = ?1 ORDER BY k.due",
    )?;
    let mut by_measure: HashMap<i64, Vec<(NaiveDate, String)>> = HashMap::new();
    for row in ms.query_map([plan_id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))? {
        let (id, due, target) = row?;
        if let Ok(d) = NaiveDate::parse_from_str(&due, "%Y-%m-%d") {
            by_measure.entry(id).or_default().push((d, target));
        }
    }
    for m in &mut rows {
        m.milestones = by_measure.remove(&m.id).unwrap_or_default();
    }
    Ok(rows)
}

struct EntryRow {
    status: ItemStatus,
    section: String,
    note: String,
    points_lost: Option<f64>,
    loss_reason: String,
    version: i64,
    updated_by: String,
    updated_at: String,
}

/// The plan's period, for the activity rule.
fn span(conn: &Connection, plan_id: i64) -> Result<(NaiveDate, NaiveDate)> {
    let (from, until): (String, String) = conn
        .query_row("SELECT from_date, until_date FROM plan WHERE id = ?1", [plan_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| StoreError::NotFound { entity: "plan".into(), record: plan_id.to_string() })?;
    let p = |s: &str, d| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or(d);
    Ok((p(&from, NaiveDate::MIN), p(&until, NaiveDate::MAX)))
}

/// The items of `plan_id` active in quarter `q`, in the template's order.
pub fn items(conn: &Connection, plan_id: i64, q: Quarter) -> Result<Vec<Item>> {
    let span = span(conn, plan_id)?;
    let label = q.label();
    let mut stmt = conn.prepare_cached(
        "SELECT e.measure_id, e.quarter, e.status, e.section, e.note, e.points_lost, e.loss_reason, e.version,
                e.updated_by, e.updated_at
         FROM checklist_entry e JOIN plan_measure m ON m.id = e.measure_id WHERE m.plan_id = ?1",
    )?;
    let mut current: HashMap<i64, EntryRow> = HashMap::new();
    let mut settled_before: HashMap<i64, bool> = HashMap::new();
    for row in stmt.query_map([plan_id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            EntryRow {
                status: ItemStatus::parse(&r.get::<_, String>(2)?).unwrap_or_default(),
                section: r.get(3)?,
                note: r.get(4)?,
                points_lost: r.get(5)?,
                loss_reason: r.get(6)?,
                version: r.get(7)?,
                updated_by: r.get(8)?,
                updated_at: r.get(9)?,
            },
        ))
    })? {
        let (id, quarter, entry) = row?;
        // "2025Q3" < "2026Q1": labels sort as quarters while years have four digits.
        if quarter < label && entry.status.settled() {
            settled_before.insert(id, true);
        }
        if quarter == label {
            current.insert(id, entry);
        }
    }
    let mut out = Vec::new();
    for m in measures(conn, plan_id)? {
        let node = TimeNode { due: m.milestones.iter().map(|x| x.0).collect(), every: m.every, ongoing: m.ongoing };
        let Some(why) = active(&node, q, span, settled_before.contains_key(&m.id)) else { continue };
        let target = match why {
            Active::Due(d) | Active::Overdue(d) => {
                m.milestones.iter().find(|x| x.0 == d).map(|x| x.1.clone()).filter(|t| !t.is_empty())
            }
            _ => None,
        };
        let e = current.remove(&m.id);
        out.push(Item {
            measure_id: m.id,
            task: m.task,
            task_title: m.task_title,
            number: m.number,
            title: m.title,
            kind: m.kind,
            active: why,
            target,
            every: m.every,
            every_high_hazard: m.every_high_hazard,
            section: e.as_ref().map(|e| e.section.clone()).filter(|s| !s.is_empty()).unwrap_or(m.section),
            status: e.as_ref().map(|e| e.status).unwrap_or_default(),
            note: e.as_ref().map(|e| e.note.clone()).unwrap_or_default(),
            points: m.points,
            points_lost: e.as_ref().and_then(|e| e.points_lost),
            loss_reason: e.as_ref().map(|e| e.loss_reason.clone()).unwrap_or_default(),
            rule: m.rule,
            figure: m.figure,
            evidence: m.evidence,
            version: e.as_ref().map(|e| e.version).unwrap_or(0),
            updated_by: e.as_ref().map(|e| e.updated_by.clone()).unwrap_or_default(),
            updated_at: e.map(|e| e.updated_at).unwrap_or_default(),
        });
    }
    Ok(out)
}

/// One measure at a plan's end: (task number, task title, number, title, settled).
pub type FinalMeasure = (u32, String, u32, String, bool);

/// Every office-level measure of the plan and whether it stands settled (done or not applicable)
/// at the end of quarter `q`: a dated measure once it was settled in any quarter up to `q`; a
/// recurring or ongoing one by its status in `q` itself (its work never ends; the last quarter's
/// status is what the plan's summary can say of it).
pub fn settled_by(conn: &Connection, plan_id: i64, q: Quarter) -> Result<Vec<FinalMeasure>> {
    let label = q.label();
    let mut stmt = conn.prepare_cached(
        "SELECT e.measure_id, e.quarter = ?2 FROM checklist_entry e JOIN plan_measure m ON m.id = e.measure_id
         WHERE m.plan_id = ?1 AND e.quarter <= ?2 AND e.status IN ('done', 'not_applicable')",
    )?;
    let mut ever: HashMap<i64, bool> = HashMap::new();
    for row in stmt.query_map(params![plan_id, label], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, bool>(1)?)))? {
        let (id, in_q) = row?;
        let e = ever.entry(id).or_insert(false);
        *e |= in_q;
    }
    Ok(measures(conn, plan_id)?
        .into_iter()
        .filter(|m| m.kind == ItemKind::Measure)
        .map(|m| {
            let dated = m.every.is_none() && !m.ongoing && !m.milestones.is_empty();
            let settled = match ever.get(&m.id) {
                Some(in_q) => dated || *in_q,
                None => false,
            };
            (m.task, m.task_title, m.number, m.title, settled)
        })
        .collect())
}

/// The self-score of a quarter's items: points lost as entered, none for an item not applicable.
pub fn score(items: &[Item]) -> crate::domain::checklist::SelfScore {
    let lines: Vec<ScoreLine> = items
        .iter()
        .map(|i| ScoreLine {
            kind: i.kind,
            points: i.points,
            entered: if i.status == ItemStatus::NotApplicable { 0.0 } else { i.points_lost.unwrap_or(0.0) },
        })
        .collect();
    self_score(&lines)
}

/// Settled and active measures of the office's main plan in a quarter (of every loaded plan
/// until it names one; deductions and bonuses are not progress items), for the Overview: the
/// same count as the Checklist screen and the report.
pub fn quarter_progress(conn: &Connection, q: Quarter) -> Result<(i64, i64)> {
    let mut out = (0, 0);
    // The office's main plan, as its report counts; every plan until it names one.
    let main_plan = crate::store::network::office_identity(conn)?.main_plan;
    let all = plans(conn)?;
    let main = all.iter().any(|p| p.key == main_plan);
    for p in all.into_iter().filter(|p| !main || p.key == main_plan) {
        for i in items(conn, p.id, q)?.iter().filter(|i| i.kind == ItemKind::Measure) {
            out.0 += i.status.settled() as i64;
            out.1 += 1;
        }
    }
    Ok(out)
}

/// The plan a measure belongs to.
pub fn plan_of(conn: &Connection, measure_id: i64) -> Result<Option<i64>> {
    Ok(conn.query_row("SELECT plan_id FROM plan_measure WHERE id = ?1", [measure_id], |r| r.get(0)).optional()?)
}

/// What an edit changes; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EntryEdit {
    pub status: Option<ItemStatus>,
    pub note: Option<String>,
    pub section: Option<String>,
    /// Points lost (scored items), deducted (deductions) or gained (bonuses); `Some(None)` clears.
    pub points_lost: Option<Option<f64>>,
    pub loss_reason: Option<String>,
}

/// Edits the checklist row of a measure for a quarter, if it still has `expected_version` (0 for
/// an item nobody has touched yet). Returns the new version.
pub fn edit(
    w: &mut Writer<'_>,
    measure_id: i64,
    quarter: Quarter,
    expected_version: i64,
    e: &EntryEdit,
) -> Result<i64> {
    let label = quarter.label();
    let record = format!("{measure_id}/{label}");
    let (kind, points): (String, Option<f64>) = w
        .tx
        .query_row("SELECT kind, points FROM plan_measure WHERE id = ?1", [measure_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| StoreError::NotFound { entity: "plan measure".into(), record: measure_id.to_string() })?;
    if let Some(Some(p)) = e.points_lost {
        if !p.is_finite() || p < 0.0 {
            return Err(StoreError::Refused(format!("points for item {record} must be zero or more, not {p}")));
        }
        if kind == "measure" {
            let Some(max) = points else {
                return Err(StoreError::Refused(format!("item {record} carries no points; nothing can be lost")));
            };
            if p > max {
                return Err(StoreError::Refused(format!("item {record} carries {max} points; {p} cannot be lost")));
            }
        }
    }
    type Before = (i64, String, String, String, Option<f64>, String, String, String);
    let before: Option<Before> =
        w.tx.query_row(
            "SELECT version, status, section, note, points_lost, loss_reason, updated_by, updated_at
             FROM checklist_entry WHERE measure_id = ?1 AND quarter = ?2",
            params![measure_id, label],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?)),
        )
        .optional()?;
    let current_version = before.as_ref().map(|b| b.0).unwrap_or(0);
    if current_version != expected_version {
        let (by, at) = before.map(|b| (b.6, b.7)).unwrap_or_default();
        return Err(StoreError::Conflict { entity: "checklist item".into(), record, by, at });
    }
    let (status, section, note, lost, reason) = match &before {
        Some(b) => (b.1.clone(), b.2.clone(), b.3.clone(), b.4, b.5.clone()),
        None => (ItemStatus::NotStarted.code().to_string(), String::new(), String::new(), None, String::new()),
    };
    let status = e.status.map(|s| s.code().to_string()).unwrap_or(status.clone());
    let after = (
        status,
        e.section.clone().unwrap_or(section),
        e.note.clone().unwrap_or(note),
        e.points_lost.unwrap_or(lost),
        e.loss_reason.clone().unwrap_or(reason),
    );
    w.tx.execute(
        "INSERT INTO checklist_entry (measure_id, quarter, status, section, note, points_lost, loss_reason, version,
                                      updated_by, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (measure_id, quarter) DO UPDATE SET status = excluded.status, section = excluded.section,
             note = excluded.note, points_lost = excluded.points_lost, loss_reason = excluded.loss_reason,
             version = excluded.version, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        params![measure_id, label, after.0, after.1, after.2, after.3, after.4, expected_version + 1, w.operator, w.at],
    )?;
    let before_json =
        before.map(|b| json!({"status": b.1, "section": b.2, "note": b.3, "points_lost": b.4, "loss_reason": b.5}));
    let after_json =
        json!({"status": after.0, "section": after.1, "note": after.2, "points_lost": after.3, "loss_reason": after.4});
    w.audit("checklist.edit", "checklist_entry", &record, before_json.as_ref(), Some(&after_json))?;
    Ok(expected_version + 1)
}

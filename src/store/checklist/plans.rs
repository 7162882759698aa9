//! Loading a plan template into the database, and the list of loaded plans. Loading the same
//! template again updates it in place: measures are matched by their place in the template, so
//! the checklist kept against them stays attached.

use crate::plan::template::Template;
use crate::store::{Result, Writer};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

#[derive(Debug, Clone, PartialEq)]
pub struct PlanRow {
    pub id: i64,
    pub key: String,
    pub name: String,
    pub source: String,
    pub from: String,
    pub until: String,
    pub tasks: i64,
    pub measures: i64,
    /// The template carries points: the Checklist shows a self-score.
    pub assessment: bool,
}

/// Loads (or reloads) a template; returns the plan's id.
pub fn load_plan(w: &mut Writer<'_>, t: &Template) -> Result<i64> {
    let existing: Option<i64> =
        w.tx.query_row("SELECT id FROM plan WHERE key = ?1", [&t.id], |r| r.get(0)).optional()?;
    let from = t.from.to_string();
    let until = t.until.to_string();
    let id = match existing {
        Some(id) => {
            w.tx.execute(
                "UPDATE plan SET name = ?2, source = ?3, from_date = ?4, until_date = ?5, loaded_by = ?6, loaded_at = ?7 WHERE id = ?1",
                params![id, t.name, t.source, from, until, w.operator, w.at],
            )?;
            id
        }
        None => {
            w.tx.execute(
                "INSERT INTO plan (key, name, source, from_date, until_date, loaded_by, loaded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![t.id, t.name, t.source, from, until, w.operator, w.at],
            )?;
            w.tx.last_insert_rowid()
        }
    };
    w.tx.execute("DELETE FROM plan_task WHERE plan_id = ?1", [id])?;
    for task in &t.tasks {
        w.tx.execute(
            "INSERT INTO plan_task (plan_id, number, title) VALUES (?1, ?2, ?3)",
            params![id, task.number, task.title],
        )?;
    }
    for (seq, m) in t.measures.iter().enumerate() {
        w.tx.execute(
            "INSERT INTO plan_measure (plan_id, seq, task, number, title, kind, every, ongoing, section, points, rule, figure,
                                       evidence, every_high_hazard, level)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
             ON CONFLICT (plan_id, seq) DO UPDATE SET task = excluded.task, number = excluded.number,
                 title = excluded.title, kind = excluded.kind, every = excluded.every, ongoing = excluded.ongoing,
                 section = excluded.section, points = excluded.points, rule = excluded.rule,
                 figure = excluded.figure, evidence = excluded.evidence,
                 every_high_hazard = excluded.every_high_hazard, level = excluded.level",
            params![
                id,
                seq as i64,
                m.task,
                m.number,
                m.title,
                m.kind.code(),
                m.every.map(|e| e.code()),
                m.ongoing,
                m.section.clone().unwrap_or_default(),
                m.points,
                m.rule.clone().unwrap_or_default(),
                m.figure.map(|f| f.code()),
                m.evidence.clone().unwrap_or_default(),
                m.every_high_hazard.map(|e| e.code()),
                m.level.map(|l| l.code()).unwrap_or_default(),
            ],
        )?;
        let measure_id: i64 = w.tx.query_row(
            "SELECT id FROM plan_measure WHERE plan_id = ?1 AND seq = ?2",
            params![id, seq as i64],
            |r| r.get(0),
        )?;
        w.tx.execute("DELETE FROM plan_milestone WHERE measure_id = ?1", [measure_id])?;
        for (i, due) in m.due.iter().enumerate() {
            w.tx.execute(
                "INSERT INTO plan_milestone (measure_id, due, target) VALUES (?1, ?2, ?3)",
                params![measure_id, due.to_string(), m.targets.get(i).cloned().unwrap_or_default()],
            )?;
        }
    }
    // A shorter template leaves measures past its end: they keep their checklist history but
    // are no longer on any list.
    let dropped = w.tx.execute(
        "DELETE FROM plan_measure WHERE plan_id = ?1 AND seq >= ?2
           AND id NOT IN (SELECT measure_id FROM checklist_entry)",
        params![id, t.measures.len() as i64],
    )?;
    w.tx.execute(
        "UPDATE plan_measure SET ongoing = 0, every = NULL WHERE plan_id = ?1 AND seq >= ?2",
        params![id, t.measures.len() as i64],
    )?;
    w.tx.execute(
        "DELETE FROM plan_milestone WHERE measure_id IN (SELECT id FROM plan_measure WHERE plan_id = ?1 AND seq >= ?2)",
        params![id, t.measures.len() as i64],
    )?;
    w.audit(
        if existing.is_some() { "plan.reload" } else { "plan.load" },
        "plan",
        &t.id,
        None,
        Some(&json!({"name": t.name, "tasks": t.tasks.len(), "measures": t.measures.len(), "dropped": dropped})),
    )?;
    Ok(id)
}

pub fn plans(conn: &Connection) -> Result<Vec<PlanRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.key, p.name, p.source, p.from_date, p.until_date,
                (SELECT count(*) FROM plan_task t WHERE t.plan_id = p.id),
                (SELECT count(*) FROM plan_measure m WHERE m.plan_id = p.id AND m.level = ''
                    AND (m.ongoing OR m.every IS NOT NULL OR EXISTS (SELECT 1 FROM plan_milestone k WHERE k.measure_id = m.id))),
                EXISTS (SELECT 1 FROM plan_measure m WHERE m.plan_id = p.id AND (m.points IS NOT NULL OR m.kind <> 'measure'))
         FROM plan p ORDER BY p.id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(PlanRow {
                id: r.get(0)?,
                key: r.get(1)?,
                name: r.get(2)?,
                source: r.get(3)?,
                from: r.get(4)?,
                until: r.get(5)?,
                tasks: r.get(6)?,
                measures: r.get(7)?,
                assessment: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

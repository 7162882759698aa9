//! The writes behind the Deadlines screen: an item of the office's own added or done, and a
//! report marked as sent.

use crate::domain::deadline::DeadlineKind;
use crate::store::{Result, Table, Writer};
use chrono::NaiveDate;
use rusqlite::params;
use serde_json::json;

pub fn add_manual(w: &mut Writer<'_>, title: &str, due: NaiveDate, unit_id: Option<i64>, note: &str) -> Result<i64> {
    w.tx.execute(
        "INSERT INTO manual_deadline (title, due, unit_id, note, updated_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![title, due.to_string(), unit_id, note, w.operator, w.at],
    )?;
    let id = w.tx.last_insert_rowid();
    w.audit(
        "deadline.add",
        "manual_deadline",
        &id.to_string(),
        None,
        Some(&json!({"title": title, "due": due.to_string(), "unit_id": unit_id})),
    )?;
    Ok(id)
}

pub fn complete_manual(w: &mut Writer<'_>, id: i64, expected_version: i64, on: NaiveDate) -> Result<()> {
    w.bump_version(Table::ManualDeadline, id, expected_version)?;
    w.tx.execute("UPDATE manual_deadline SET done_on = ?1 WHERE id = ?2", params![on.to_string(), id])?;
    w.audit("deadline.done", "manual_deadline", &id.to_string(), None, Some(&json!({"done_on": on.to_string()})))
}

/// Marks a report as sent; it leaves the list. Sending twice keeps the first date.
pub fn submit_report(w: &mut Writer<'_>, kind: DeadlineKind, period: &str, on: NaiveDate) -> Result<()> {
    let n = w.tx.execute(
        "INSERT OR IGNORE INTO report_submission (kind, period, submitted_on, submitted_by) VALUES (?1, ?2, ?3, ?4)",
        params![kind.code(), period, on.to_string(), w.operator],
    )?;
    if n == 1 {
        w.audit(
            "report.submit",
            "report_submission",
            &format!("{}/{period}", kind.code()),
            None,
            Some(&json!({"on": on.to_string()})),
        )?;
    }
    Ok(())
}

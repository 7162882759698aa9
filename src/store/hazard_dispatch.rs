//! Dispatching a hazard to an officer who follows its rectification up (跟进): the officer on the
//! hazard, the audit row the notification router reads (so the officer is told, as for an alarm),
//! and what became of the message (the officers offered are in `officer_choices.rs`).

use super::{Result, StoreError, Table, Writer};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

/// Puts `officer_id` on the hazard, one audited transaction with the version check; the
/// officer's name. A closed hazard has nothing left to follow up.
pub fn dispatch(w: &mut Writer<'_>, id: i64, version: i64, officer_id: i64) -> Result<String> {
    let (status, before): (String, Option<String>) =
        w.tx.query_row(
            "SELECT h.status, o.name FROM hazard h LEFT JOIN officer o ON o.id = h.officer_id WHERE h.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound { entity: "hazard".into(), record: id.to_string() })?;
    if status == "closed" {
        return Err(StoreError::Refused(format!("hazard {id} is closed: there is nothing to follow up")));
    }
    let officer: String =
        w.tx.query_row("SELECT name FROM officer WHERE id = ?1", [officer_id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StoreError::NotFound { entity: "officer".into(), record: officer_id.to_string() })?;
    w.bump_version(Table::Hazard, id, version)?;
    w.tx.execute("UPDATE hazard SET officer_id = ?2 WHERE id = ?1", params![id, officer_id])?;
    w.audit(
        "hazard.dispatch",
        "hazard",
        &id.to_string(),
        Some(&json!({"officer": before})),
        Some(&json!({"officer": officer})),
    )?;
    Ok(officer)
}

/// What became of the latest message about a hazard: to whom, and sent, waiting or failed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Notice {
    pub receiver: String,
    /// pending, sent or dead.
    pub status: String,
    /// When it was sent, or queued.
    pub at: String,
    pub error: String,
}

pub fn notice(conn: &Connection, hazard: i64) -> Result<Option<Notice>> {
    Ok(conn
        .prepare_cached(
            "SELECT receiver, status, COALESCE(sent_at, created_at), last_error FROM delivery
             WHERE hazard_id = ?1 ORDER BY id DESC LIMIT 1",
        )?
        .query_row([hazard], |r| Ok(Notice { receiver: r.get(0)?, status: r.get(1)?, at: r.get(2)?, error: r.get(3)? }))
        .optional()?)
}

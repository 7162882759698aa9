//! A tip-off's timeline: every step, intake and upstream change leaves an event.

use crate::store::{Result, Writer};
use rusqlite::params;

/// One event on a tip-off's timeline, stamped with the writer's time and operator.
pub(super) fn event(w: &mut Writer<'_>, id: i64, kind: &str, text: &str) -> Result<()> {
    w.tx.prepare_cached("INSERT INTO tipoff_event (tipoff_id, at, operator, kind, text) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![id, w.at, w.operator, kind, text])?;
    Ok(())
}

//! Who did what to an alarm and when, read back from the audit log (the record of every step is
//! already there, chained; keeping a second copy would let the two disagree). Migration 016's
//! index on (entity, record) finds an alarm's rows without a scan.

use super::Result;
use rusqlite::{Connection, params};

/// One step on an alarm: acknowledged, dispatched (to whom), resolved, false alarm, a hazard
/// opened from it.
#[derive(Debug, Clone, PartialEq)]
pub struct AlarmStep {
    pub at: String,
    pub operator: String,
    /// The status it went to (`acknowledged`, `dispatched` …), or `hazard` for a hazard opened.
    pub to: String,
    /// The officer it was dispatched to.
    pub officer: Option<String>,
    pub note: String,
    pub hazard: Option<i64>,
    /// A notification step (`to` is then `alarm.notify`, `alarm.delivery` or `alarm.escalate`):
    /// what the audit row says of it (receiver, held, sent, failed, step …).
    pub notice: Option<serde_json::Value>,
}

/// The alarm's steps, oldest first.
pub fn steps(conn: &Connection, alarm: i64) -> Result<Vec<AlarmStep>> {
    let rows: Vec<(String, String, String, Option<String>)> = conn
        .prepare_cached(
            "SELECT at, operator, action, after FROM audit_log
              WHERE entity = 'alarm' AND record = ?1 ORDER BY id LIMIT 50",
        )?
        .query_map(params![alarm.to_string()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows
        .into_iter()
        .map(|(at, operator, action, after)| {
            let after: serde_json::Value = after.and_then(|a| serde_json::from_str(&a).ok()).unwrap_or_default();
            let text = |k: &str| after.get(k).and_then(|v| v.as_str()).map(str::to_string);
            let hazard = after.get("hazard").and_then(|v| v.as_i64());
            let notice = matches!(action.as_str(), "alarm.notify" | "alarm.delivery" | "alarm.escalate");
            let to =
                if action == "alarm.open_hazard" { "hazard".to_string() } else { text("status").unwrap_or(action) };
            AlarmStep {
                at,
                operator,
                officer: text("officer"),
                note: text("note").unwrap_or_default(),
                hazard,
                notice: notice.then(|| after.clone()),
                to,
            }
        })
        .collect())
}

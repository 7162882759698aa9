//! What puts messages in the notification outbox, each in one transaction with the cursor it
//! moves and the alarm's timeline: new alarms routed to receivers (known by "alarm:ID:RECEIVER",
//! so nothing is queued twice; silenced and inhibited ones noted), joining a group's waiting
//! message, reminders of groups nobody acknowledged, dispatches (read from their audit rows) and
//! the escalation steps unacknowledged red and orange alarms have reached.

use super::alarm_queue::{self, AlarmRow};
use super::deliveries::grid_of;
use super::hazards::{self, Hazard};
use super::{Result, Writer};
use crate::domain::escalation::{Step, Whom};
use crate::domain::route::{Decision, OpenRed, Route};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

/// What one routing pass did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Routed {
    pub queued: usize,
    pub silenced: usize,
    pub inhibited: usize,
    pub unrouted: usize,
}

fn group_key_of(a: &AlarmRow, r: &Route) -> String {
    crate::domain::route::group_key(&a.facts(), &r.group_by)
}

/// `stamp` plus `secs` seconds, as a stamp (the stamp itself when it does not parse).
fn later(stamp: &str, secs: i64) -> String {
    match chrono::DateTime::parse_from_rfc3339(stamp) {
        Ok(t) if secs > 0 => crate::domain::time::stamp(t + chrono::Duration::seconds(secs)),
        _ => stamp.to_string(),
    }
}

/// Groups told last more than their route's repeat interval ago whose alarms are still new
/// (nobody acknowledged them): one reminder each, carrying those alarms (key with the time of the
/// message it repeats: once per interval).
pub fn repeat_groups(
    w: &mut Writer<'_>,
    routes: &[Route],
    now: chrono::DateTime<chrono::FixedOffset>,
    render: &dyn Fn(&AlarmRow, &str) -> serde_json::Value,
) -> Result<usize> {
    let mut queued = 0;
    for r in routes.iter().filter(|r| !r.group_by.is_empty()) {
        let Some(every) = r.repeat_secs else { continue };
        let cutoff = crate::domain::time::stamp(now - chrono::Duration::seconds(every));
        let groups: Vec<(String, String)> = w
            .tx
            .prepare_cached(
                "SELECT group_key, MAX(sent_at) FROM delivery WHERE receiver = ?1 AND group_key <> '' AND status = 'sent'
                 GROUP BY group_key HAVING MAX(sent_at) <= ?2",
            )?
            .query_map(params![r.receiver, cutoff], |x| Ok((x.get(0)?, x.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (group, last) in groups {
            let pending: bool = w.tx.query_row(
                "SELECT count(*) > 0 FROM delivery WHERE receiver = ?1 AND group_key = ?2 AND status = 'pending'",
                params![r.receiver, group],
                |x| x.get(0),
            )?;
            if pending {
                continue;
            }
            let open: Vec<i64> =
                w.tx.prepare_cached(
                    "SELECT DISTINCT da.alarm_id FROM delivery_member da JOIN delivery d ON d.id = da.delivery_id
                       JOIN alarm a ON a.id = da.alarm_id
                     WHERE d.receiver = ?1 AND d.group_key = ?2 AND a.status = 'new' ORDER BY da.alarm_id",
                )?
                .query_map(params![r.receiver, group], |x| x.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let Some(first) = open.first().and_then(|id| alarm_queue::row(&w.tx, *id).ok().flatten()) else { continue };
            let grid = grid_of(&w.tx, first.id)?;
            let mut message = render(&first, &grid);
            message["kind"] = json!("repeat");
            let key = format!("repeat:{}:{group}:{last}", r.receiver);
            let n = w.tx.execute(
                "INSERT OR IGNORE INTO delivery (key, receiver, kind, alarm_id, message, created_at, due_at, group_key, updated_by, updated_at)
                 VALUES (?1, ?2, 'repeat', ?3, ?4, ?5, ?5, ?6, ?7, ?5)",
                params![key, r.receiver, first.id, message.to_string(), w.at, group, w.operator],
            )?;
            if n == 1 {
                let d = w.tx.last_insert_rowid();
                for id in &open {
                    w.tx.execute(
                        "INSERT INTO delivery_member (delivery_id, alarm_id) VALUES (?1, ?2)",
                        params![d, id],
                    )?;
                    w.audit(
                        "alarm.notify",
                        "alarm",
                        &id.to_string(),
                        None,
                        Some(&json!({"receiver": r.receiver, "repeat": true})),
                    )?;
                }
                queued += 1;
            }
        }
    }
    Ok(queued)
}

/// Routes the alarms stored since the cursor (at most `limit`), each to its receiver; `render`
/// makes the message of an alarm (its grid given). One transaction: the cursor moves with what
/// was queued.
pub fn route_new(
    w: &mut Writer<'_>,
    routes: &[Route],
    limit: i64,
    render: &dyn Fn(&AlarmRow, &str) -> serde_json::Value,
) -> Result<Routed> {
    let after: i64 = w.tx.query_row("SELECT last_alarm FROM notify_cursor WHERE id = 1", [], |r| r.get(0))?;
    let rows = alarm_queue::new_since(&w.tx, after, limit)?;
    let silences = alarm_queue::active_silences(&w.tx, &w.at)?;
    let mut out = Routed::default();
    let mut last = after;
    for a in rows {
        last = a.id;
        if !a.status.open() {
            continue;
        }
        let open_red: Vec<OpenRed> =
            w.tx.prepare_cached(
                "SELECT id, event, area FROM alarm WHERE level = 'major' AND msg_status = 'Actual'
                   AND status IN ('new', 'acknowledged', 'dispatched') AND event = ?1 AND area = ?2 AND id <> ?3",
            )?
            .query_map(params![a.event, a.area, a.id], |r| {
                Ok(OpenRed { id: r.get(0)?, event: r.get(1)?, area: r.get(2)? })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let decision =
            crate::domain::route::decide(routes, &a.facts(), alarm_queue::silenced(&silences, &a), &open_red);
        match decision {
            Decision::Send { route, receiver } => {
                let group = routes.get(route).map(|r| group_key_of(&a, r)).unwrap_or_default();
                // An alarm of a group whose message still waits joins it (sent as one).
                if !group.is_empty() {
                    let waiting: Option<i64> =
                        w.tx.query_row(
                            "SELECT id FROM delivery WHERE receiver = ?1 AND group_key = ?2 AND status = 'pending'
                               AND attempts = 0 AND due_at > ?3 AND (lease_until IS NULL OR lease_until < ?3)
                             ORDER BY id LIMIT 1",
                            params![receiver, group, w.at],
                            |r| r.get(0),
                        )
                        .optional()?;
                    if let Some(d) = waiting {
                        w.tx.execute(
                            "INSERT OR IGNORE INTO delivery_member (delivery_id, alarm_id) VALUES (?1, ?2)",
                            params![d, a.id],
                        )?;
                        out.queued += 1;
                        w.audit(
                            "alarm.notify",
                            "alarm",
                            &a.id.to_string(),
                            None,
                            Some(&json!({"receiver": receiver, "group": group})),
                        )?;
                        continue;
                    }
                }
                let wait = routes.get(route).map(|r| r.group_wait_secs).unwrap_or(0);
                let due = later(&w.at, wait);
                let grid = grid_of(&w.tx, a.id)?;
                let message = render(&a, &grid).to_string();
                let key = format!("alarm:{}:{receiver}", a.id);
                let n = w.tx.execute(
                    "INSERT OR IGNORE INTO delivery (key, receiver, kind, alarm_id, message, created_at, due_at, group_key, updated_by, updated_at)
                     VALUES (?1, ?2, 'alarm', ?3, ?4, ?5, ?6, ?7, ?8, ?5)",
                    params![key, receiver, a.id, message, w.at, due, group, w.operator],
                )?;
                if n == 1 {
                    let d = w.tx.last_insert_rowid();
                    w.tx.execute(
                        "INSERT INTO delivery_member (delivery_id, alarm_id) VALUES (?1, ?2)",
                        params![d, a.id],
                    )?;
                    out.queued += 1;
                    w.audit("alarm.notify", "alarm", &a.id.to_string(), None, Some(&json!({"receiver": receiver})))?;
                }
            }
            Decision::Silenced => {
                out.silenced += 1;
                w.audit("alarm.notify", "alarm", &a.id.to_string(), None, Some(&json!({"held": "silenced"})))?;
            }
            Decision::Inhibited { by } => {
                out.inhibited += 1;
                w.audit(
                    "alarm.notify",
                    "alarm",
                    &a.id.to_string(),
                    None,
                    Some(&json!({"held": "inhibited", "by": by})),
                )?;
            }
            Decision::NoRoute => out.unrouted += 1,
        }
    }
    w.tx.execute("UPDATE notify_cursor SET last_alarm = ?1 WHERE id = 1", [last])?;
    Ok(out)
}

/// How the messages of dispatches are made: an alarm's (with its grid and the officer's mobile)
/// and a hazard's (with the officer's mobile).
pub struct DispatchRender<'a> {
    pub alarm: &'a dyn Fn(&AlarmRow, &str, Vec<String>) -> serde_json::Value,
    pub hazard: &'a dyn Fn(&Hazard, Vec<String>) -> serde_json::Value,
}

/// Queues a message for each dispatch of an alarm or a hazard recorded since the cursor (the
/// audit row is written in the dispatch's own transaction, so none is missed), to the receiver
/// `receiver_for` names for the officer (their own, or the office's; none: not told),
/// @-mentioning the officer; in one transaction with the cursor's move.
pub fn route_dispatches(
    w: &mut Writer<'_>,
    receiver_for: &dyn Fn(&str) -> Option<String>,
    render: &DispatchRender<'_>,
) -> Result<usize> {
    let after: i64 = w.tx.query_row("SELECT last_dispatch FROM notify_cursor WHERE id = 1", [], |r| r.get(0))?;
    let rows: Vec<(i64, String, i64, String)> =
        w.tx.prepare_cached(
            "SELECT id, action, CAST(record AS INTEGER), COALESCE(json_extract(after, '$.officer'), '') FROM audit_log
             WHERE action IN ('alarm.dispatch', 'hazard.dispatch') AND id > ?1 ORDER BY id",
        )?
        .query_map([after], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut queued = 0;
    let mut last = after;
    for (audit, action, record, officer) in rows {
        last = audit;
        let Some(receiver) = receiver_for(&officer) else { continue };
        let on_hazard = action == "hazard.dispatch";
        let table = if on_hazard { "hazard" } else { "alarm" };
        let phone: Option<String> =
            w.tx.query_row(
                &format!("SELECT o.phone FROM {table} x JOIN officer o ON o.id = x.officer_id WHERE x.id = ?1 AND o.phone <> ''"),
                [record],
                |r| r.get(0),
            )
            .optional()?;
        let message = if on_hazard {
            let Some(h) = hazards::get(&w.tx, record)? else { continue };
            (render.hazard)(&h, phone.into_iter().collect())
        } else {
            let Some(a) = alarm_queue::row(&w.tx, record)? else { continue };
            let grid = grid_of(&w.tx, record)?;
            (render.alarm)(&a, &grid, phone.into_iter().collect())
        };
        let (alarm_id, hazard_id) = if on_hazard { (None, Some(record)) } else { (Some(record), None) };
        let n = w.tx.execute(
            "INSERT OR IGNORE INTO delivery (key, receiver, kind, alarm_id, hazard_id, message, created_at, due_at, updated_by, updated_at)
             VALUES (?1, ?2, 'dispatch', ?3, ?4, ?5, ?6, ?6, ?7, ?6)",
            params![format!("dispatch:{audit}"), receiver, alarm_id, hazard_id, message.to_string(), w.at, w.operator],
        )?;
        if n == 1 {
            queued += 1;
            w.audit(
                &format!("{table}.notify"),
                table,
                &record.to_string(),
                None,
                Some(&json!({"receiver": receiver})),
            )?;
        }
    }
    // The cursor counts audit rows; rows of other kinds since it are passed over too.
    let top: i64 = w.tx.query_row("SELECT COALESCE(MAX(id), 0) FROM audit_log", [], |r| r.get(0))?;
    w.tx.execute("UPDATE notify_cursor SET last_dispatch = ?1 WHERE id = 1", [last.max(top)])?;
    Ok(queued)
}

/// The mobiles a step @-mentions for an alarm: its grid's officers, or its community's grid
/// leaders, and the step's own.
fn mentions(conn: &Connection, alarm: i64, step: &Step) -> Result<Vec<String>> {
    let sql = match step.whom {
        Whom::Grid => Some(
            "SELECT DISTINCT o.phone FROM alarm_area aa JOIN officer_grid og ON og.grid_id = aa.grid_id
             JOIN officer o ON o.id = og.officer_id WHERE aa.alarm_id = ?1 AND o.phone <> '' ORDER BY o.phone",
        ),
        Whom::Community => Some(
            "SELECT DISTINCT o.phone FROM alarm_area aa JOIN grid g ON g.community_id = aa.community_id
             JOIN officer_grid og ON og.grid_id = g.id JOIN officer o ON o.id = og.officer_id
             WHERE aa.alarm_id = ?1 AND o.role = 'grid_leader' AND o.phone <> '' ORDER BY o.phone",
        ),
        Whom::Office => None,
    };
    let mut out: Vec<String> = match sql {
        Some(q) => conn.prepare_cached(q)?.query_map([alarm], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?,
        None => Vec::new(),
    };
    out.extend(step.mobiles.iter().cloned());
    out.dedup();
    Ok(out)
}

/// Queues the escalation steps each unacknowledged red or orange alarm (not silenced, not
/// expired) has reached at `now`, each step once (key "esc:ID:STEP"), in the alarm's timeline.
/// `render` makes the message (the alarm, its grid, whom to @).
pub fn escalate(
    w: &mut Writer<'_>,
    steps: &[Step],
    now: chrono::DateTime<chrono::FixedOffset>,
    render: &dyn Fn(&AlarmRow, &str, Vec<String>) -> serde_json::Value,
) -> Result<usize> {
    if steps.is_empty() {
        return Ok(0);
    }
    let mut queued = 0;
    for a in alarm_queue::needing_attention(&w.tx, &w.at, 10_000)? {
        let Ok(sent) = chrono::DateTime::parse_from_rfc3339(&a.sent) else { continue };
        let minutes = (now - sent).num_minutes();
        for i in crate::domain::escalation::reached(steps, a.level, minutes, false) {
            let step = &steps[i];
            let key = format!("esc:{}:{i}", a.id);
            let exists: bool =
                w.tx.query_row("SELECT count(*) > 0 FROM delivery WHERE key = ?1", [&key], |r| r.get(0))?;
            if exists {
                continue;
            }
            let grid = grid_of(&w.tx, a.id)?;
            let whom = mentions(&w.tx, a.id, step)?;
            let message = render(&a, &grid, whom.clone()).to_string();
            w.tx.execute(
                "INSERT INTO delivery (key, receiver, kind, alarm_id, message, created_at, due_at, updated_by, updated_at)
                 VALUES (?1, ?2, 'escalation', ?3, ?4, ?5, ?5, ?6, ?5)",
                params![key, step.receiver, a.id, message, w.at, w.operator],
            )?;
            w.audit(
                "alarm.escalate",
                "alarm",
                &a.id.to_string(),
                None,
                Some(&json!({"step": i + 1, "after_minutes": step.after_minutes, "receiver": step.receiver, "mentions": whom})),
            )?;
            queued += 1;
        }
    }
    Ok(queued)
}

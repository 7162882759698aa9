//! What a write queues in the notification outbox, in the write's own transaction: the messages
//! for new alarms (called by the feed ingest that stores them, and by every round for alarms a
//! process without the config stored) and for dispatches (called by the dispatch's write, and by
//! every round), and a round's reminders and escalation steps. The router's cursor moves in the
//! same transaction, so each is queued once whoever gets there first; every message is made here,
//! in the office's language.

use super::message::Message;
use crate::config::receivers::DispatchConfig;
use crate::domain::route::Route;
use crate::store::alarm_queue::AlarmRow;
use crate::store::delivery_routing::{self, DispatchRender, Routed};
use crate::store::hazards::Hazard;
use crate::store::{Result, Writer};

/// The message for an alarm.
pub fn message_of(a: &AlarmRow, grid: &str, zh: bool) -> Message {
    Message {
        short_id: format!("A{}", a.id),
        kind: "alarm".into(),
        level: a.level.colour().into(),
        headline: a.headline.clone(),
        area: a.area.clone(),
        unit: a.unit_name.clone().unwrap_or_default(),
        grid: grid.to_string(),
        officer: a.officer.clone().unwrap_or_default(),
        at: a.sent.clone(),
        mobiles: Vec::new(),
        zh,
        ..Message::default()
    }
}

/// The message that dispatches a hazard to its officer: its description, unit, grid and the
/// rectification deadline.
pub fn hazard_message(h: &Hazard, zh: bool) -> Message {
    let grid = match (&h.community, &h.grid) {
        (Some(c), Some(g)) => format!("{c}/{g}"),
        (_, g) => g.clone().unwrap_or_default(),
    };
    Message {
        short_id: format!("H{}", h.id),
        kind: "hazard".into(),
        level: if h.major { "major".into() } else { String::new() },
        headline: h.description.clone(),
        unit: h.unit_name.clone(),
        grid,
        officer: h.officer.clone().unwrap_or_default(),
        at: crate::domain::time::stamp(crate::domain::time::now()),
        due: h.deadline.to_string(),
        zh,
        ..Message::default()
    }
}

/// Routes the alarms stored since the router's cursor (those of this transaction included).
pub fn alarms(w: &mut Writer<'_>, routes: &[Route], zh: bool) -> Result<Routed> {
    let render = |a: &AlarmRow, grid: &str| serde_json::to_value(message_of(a, grid, zh)).unwrap_or_default();
    delivery_routing::route_new(w, routes, 10_000, &render)
}

/// An alarm's message of `kind` ("dispatch", "escalation"), @-mentioning `whom`.
fn addressed(a: &AlarmRow, grid: &str, zh: bool, kind: &str, whom: Vec<String>) -> serde_json::Value {
    let mut m = message_of(a, grid, zh);
    m.kind = kind.into();
    m.mobiles = whom;
    serde_json::to_value(m).unwrap_or_default()
}

/// Reminders of groups told and still unacknowledged after their route's repeat interval.
pub fn reminders(w: &mut Writer<'_>, routes: &[Route], zh: bool) -> Result<usize> {
    let render = |a: &AlarmRow, grid: &str| serde_json::to_value(message_of(a, grid, zh)).unwrap_or_default();
    delivery_routing::repeat_groups(w, routes, crate::domain::time::now(), &render)
}

/// The escalation steps unacknowledged red and orange alarms have reached.
pub fn escalations(w: &mut Writer<'_>, steps: &[crate::domain::escalation::Step], zh: bool) -> Result<usize> {
    let render = |a: &AlarmRow, grid: &str, whom: Vec<String>| addressed(a, grid, zh, "escalation", whom);
    delivery_routing::escalate(w, steps, crate::domain::time::now(), &render)
}

/// Queues the messages of the dispatches recorded since the cursor (this transaction's included).
pub fn dispatches(w: &mut Writer<'_>, dispatch: &DispatchConfig, zh: bool) -> Result<usize> {
    let alarm = |a: &AlarmRow, grid: &str, whom: Vec<String>| addressed(a, grid, zh, "dispatch", whom);
    let hazard = |h: &Hazard, whom: Vec<String>| {
        let mut m = hazard_message(h, zh);
        m.mobiles = whom;
        serde_json::to_value(m).unwrap_or_default()
    };
    let render = DispatchRender { alarm: &alarm, hazard: &hazard };
    delivery_routing::route_dispatches(w, &|o| dispatch.receiver_for(o), &render)
}

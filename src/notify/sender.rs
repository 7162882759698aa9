//! One round of notifications: the alarms stored since the last round routed into the outbox
//! (`store::deliveries`), then every message due delivered — leased first, so that two senders
//! never send one message, and its answer recorded. A failure worth retrying waits 1, 2, 4 …
//! minutes (at most an hour) and the eighth failure, or a refusal a retry cannot change, leaves
//! the message dead: kept, exported, counted.

use super::deliver::{self, Answer};
use super::message::Message;
use crate::config::receivers::ReceiverConfig;
use crate::domain::route::Route;
use crate::store::alarm_queue::AlarmRow;
use crate::store::deliveries::{self, Routed};
use crate::store::{Result, Store};
use chrono::Duration;

/// Tries before a message is given up as dead.
pub const MAX_ATTEMPTS: i64 = 8;
/// How long a sender holds a message it is delivering.
const LEASE: Duration = Duration::minutes(2);

/// The wait before try `attempts + 1`: 1, 2, 4 … minutes, at most an hour.
pub fn backoff(attempts: i64) -> Duration {
    Duration::minutes((1i64 << attempts.clamp(0, 6)).min(60))
}

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
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Round {
    pub routed: Routed,
    pub sent: usize,
    pub retrying: usize,
    pub dead: usize,
}

/// Routes new alarms and delivers what is due, as `operator` in the audit log; messages and the
/// errors kept with them in the office's language (`zh`).
pub async fn round(
    store: &mut Store,
    operator: &str,
    receivers: &[ReceiverConfig],
    routes: &[Route],
    zh: bool,
) -> Result<Round> {
    let mut out = Round::default();
    let render = |a: &AlarmRow, grid: &str| serde_json::to_value(message_of(a, grid, zh)).unwrap_or_default();
    out.routed = store.write(operator, |w| deliveries::route_new(w, routes, 10_000, &render))?;
    let now = crate::domain::time::now();
    let due = deliveries::due(store.conn(), &crate::domain::time::stamp(now), 500)?;
    for d in due {
        let until = crate::domain::time::stamp(crate::domain::time::now() + LEASE);
        if !store.write(operator, |w| deliveries::lease(w, d.id, &until))? {
            continue;
        }
        let answer =
            match (receivers.iter().find(|r| r.name == d.receiver), serde_json::from_str::<Message>(&d.message)) {
                (Some(r), Ok(m)) => deliver::send(r, &m, crate::domain::time::now().timestamp_millis(), zh).await,
                (None, _) => Answer::Failed {
                    retry: false,
                    status: None,
                    code: None,
                    words: if zh {
                        format!("配置中已没有接收方“{}”", d.receiver)
                    } else {
                        format!("receiver \"{}\" is no longer in the config", d.receiver)
                    },
                },
                (_, Err(e)) => {
                    Answer::Failed { retry: false, status: None, code: None, words: format!("message: {e}") }
                }
            };
        match &answer {
            Answer::Delivered { .. } => {
                store.write(operator, |w| deliveries::sent(w, d.id, &answer.words(zh)))?;
                out.sent += 1;
            }
            Answer::Failed { retry, words, .. } => {
                let next = (*retry && d.attempts + 1 < MAX_ATTEMPTS)
                    .then(|| crate::domain::time::stamp(crate::domain::time::now() + backoff(d.attempts)));
                store.write(operator, |w| deliveries::failed(w, d.id, words, next.as_deref()))?;
                if next.is_some() {
                    out.retrying += 1;
                } else {
                    out.dead += 1;
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_wait_doubles_to_an_hour() {
        let mins: Vec<i64> = (0..9).map(|a| super::backoff(a).num_minutes()).collect();
        assert_eq!(mins, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
    }
}

//! One round of notifications: the alarms stored since the last round routed into the outbox
//! (`store::deliveries`), then every message due delivered — leased first, so that two senders
//! never send one message, and its answer recorded. A failure worth retrying waits 1, 2, 4 …
//! minutes (at most an hour) and the eighth failure, or a refusal a retry cannot change, leaves
//! the message dead: kept, exported, counted.

use super::deliver::{self, Answer};
use super::message::Message;
use super::queue;
use crate::config::receivers::ReceiverConfig;
use crate::domain::route::Route;
use crate::store::deliveries;
use crate::store::delivery_routing::Routed;
use crate::store::{Result, Store, StoreError};
use chrono::Duration;
use std::sync::{Arc, Mutex};

/// Tries before a message is given up as dead.
pub const MAX_ATTEMPTS: i64 = 8;
/// How long a sender holds a message it is delivering.
const LEASE: Duration = Duration::minutes(2);

/// The wait before try `attempts + 1`: 1, 2, 4 … minutes, at most an hour.
pub fn backoff(attempts: i64) -> Duration {
    Duration::minutes((1i64 << attempts.clamp(0, 6)).min(60))
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Round {
    pub routed: Routed,
    /// Escalation messages queued.
    pub escalated: usize,
    /// Dispatch messages queued.
    pub dispatched: usize,
    /// Reminders of groups still open.
    pub repeated: usize,
    pub sent: usize,
    pub retrying: usize,
    pub dead: usize,
}

/// Runs `f` on the store off the async threads (SQLite blocks).
async fn db<T: Send + 'static>(
    store: &Arc<Mutex<Store>>,
    f: impl FnOnce(&mut Store) -> Result<T> + Send + 'static,
) -> Result<T> {
    let s = store.clone();
    tokio::task::spawn_blocking(move || {
        let mut guard = s.lock().map_err(|_| StoreError::Refused("a notification task panicked".into()))?;
        f(&mut guard)
    })
    .await
    .map_err(|e| StoreError::Refused(format!("notification task: {e}")))?
}

/// What a round needs of the config: the receivers, the routes, the office's language.
#[derive(Debug, Clone)]
pub struct Setup {
    pub receivers: Vec<ReceiverConfig>,
    pub routes: Vec<Route>,
    /// The escalation chain for unacknowledged red and orange alarms.
    pub steps: Vec<crate::domain::escalation::Step>,
    /// Where a dispatch notifies its officer.
    pub dispatch: Option<crate::config::receivers::DispatchConfig>,
    /// Messages and the errors kept with them in the office's language.
    pub zh: bool,
}

impl Setup {
    /// The receivers, routes and chain of a config; messages in its language (Chinese unless it
    /// says otherwise), whoever runs the round.
    pub fn from_config(c: &crate::config::Config) -> std::result::Result<Setup, String> {
        Ok(Setup {
            receivers: c.receivers.clone(),
            routes: c.routes.iter().map(|r| r.route()).collect::<std::result::Result<_, String>>()?,
            steps: c.escalation.iter().map(|e| e.step()).collect::<std::result::Result<_, String>>()?,
            dispatch: c.dispatch.clone(),
            zh: c.lang.unwrap_or_default().zh(),
        })
    }
}

/// Routes new alarms and delivers what is due, as `operator` in the audit log. The store is held
/// only for each write, never while a receiver answers: terminals and feeds go on meanwhile.
pub async fn round(store: &Arc<Mutex<Store>>, operator: &str, setup: &Setup) -> Result<Round> {
    let mut out = Round::default();
    let zh = setup.zh;
    let (op, routes) = (operator.to_string(), setup.routes.clone());
    out.routed = db(store, move |s| s.write(&op, |w| queue::alarms(w, &routes, zh))).await?;
    if let Some(dispatch) = setup.dispatch.clone() {
        let op = operator.to_string();
        out.dispatched = db(store, move |s| s.write(&op, |w| queue::dispatches(w, &dispatch, zh))).await?;
    }
    let (op, routes) = (operator.to_string(), setup.routes.clone());
    out.repeated = db(store, move |s| s.write(&op, |w| queue::reminders(w, &routes, zh))).await?;
    let (op, steps) = (operator.to_string(), setup.steps.clone());
    out.escalated = db(store, move |s| s.write(&op, |w| queue::escalations(w, &steps, zh))).await?;
    let now = crate::domain::time::stamp(crate::domain::time::now());
    let due = db(store, move |s| deliveries::due(s.conn(), &now, 500)).await?;
    for d in due {
        let until = crate::domain::time::stamp(crate::domain::time::now() + LEASE);
        let (op, id) = (operator.to_string(), d.id);
        if !db(store, move |s| s.write(&op, |w| deliveries::lease(w, id, &until))).await? {
            continue;
        }
        // A group's message names its other alarms as they are now.
        let others = db(store, move |s| deliveries::companions(s.conn(), id)).await?;
        let message = serde_json::from_str::<Message>(&d.message).map(|mut m| {
            m.more = others
                .iter()
                .map(|a| format!("A{} {} {}", a.id, super::message::level_words(a.level.colour(), zh), a.headline))
                .collect();
            m
        });
        let answer = match (setup.receivers.iter().find(|r| r.name == d.receiver), message) {
            (Some(r), Ok(m)) => {
                deliver::send(r, &m, crate::domain::time::now().timestamp_millis(), zh, Some(&d.key)).await
            }
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
            (_, Err(e)) => Answer::Failed { retry: false, status: None, code: None, words: format!("message: {e}") },
        };
        let op = operator.to_string();
        match answer {
            Answer::Delivered { .. } => {
                let words = answer.words(zh);
                db(store, move |s| s.write(&op, |w| deliveries::sent(w, id, &words))).await?;
                out.sent += 1;
            }
            Answer::Failed { retry, words, .. } => {
                let next = (retry && d.attempts + 1 < MAX_ATTEMPTS)
                    .then(|| crate::domain::time::stamp(crate::domain::time::now() + backoff(d.attempts)));
                let dead = next.is_none();
                db(store, move |s| s.write(&op, |w| deliveries::failed(w, id, &words, next.as_deref()))).await?;
                if dead {
                    out.dead += 1;
                } else {
                    out.retrying += 1;
                }
            }
        }
    }
    Ok(out)
}

impl Round {
    /// "routed: 2 queued, …; sent: …" as the command and the sync service print it.
    pub fn line(&self, zh: bool) -> String {
        let r = &self.routed;
        if zh {
            format!(
                "分派：排队{}条，静默{}条，被抑制{}条，无路由{}条；派发通知{}条；再次提醒{}条；升级{}条；发送：成功{}条，待重试{}条，失败放弃{}条",
                r.queued,
                r.silenced,
                r.inhibited,
                r.unrouted,
                self.dispatched,
                self.repeated,
                self.escalated,
                self.sent,
                self.retrying,
                self.dead
            )
        } else {
            format!(
                "routed: {} queued, {} silenced, {} inhibited, {} without a route; dispatches: {}; reminders: {}; escalated: {}; sent: {} delivered, {} to retry, {} dead",
                r.queued,
                r.silenced,
                r.inhibited,
                r.unrouted,
                self.dispatched,
                self.repeated,
                self.escalated,
                self.sent,
                self.retrying,
                self.dead
            )
        }
    }

    /// Whether anything happened (the sync service prints a line only then).
    pub fn busy(&self) -> bool {
        let r = &self.routed;
        r.queued
            + r.silenced
            + r.inhibited
            + self.dispatched
            + self.repeated
            + self.escalated
            + self.sent
            + self.retrying
            + self.dead
            > 0
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_wait_doubles_to_an_hour() {
        let mins: Vec<i64> = (0..9).map(|a| super::backoff(a).num_minutes()).collect();
        assert_eq!(mins, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
    }
}

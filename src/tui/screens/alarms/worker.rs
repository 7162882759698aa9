//! The store side of the Alarms screen: the queue's pages and groups, the detail with its chain
//! the officers it can be dispatched to (when the dispatch form opens), the feeds and silences,
//! and the writes.

use super::AlarmsScreen;
use super::msg::{AlarmItem, AlarmMeta, AlarmPane, Rep, Req, Write};
use crate::store::StoreError;
use crate::store::alarm_queue;
use crate::store::alarm_steps::{self, StepError};
use crate::store::feeds;
use crate::store::scope::ScopedTable;
use crate::tui::backend::{Backend, Reach, WriteError, Written};
use crate::tui::screen_def::Answer;

/// Officers offered in the dispatch form.
/// Enough for a street office's whole roster; typing narrows it.
const OFFICER_CHOICES: i64 = 2000;

impl Answer for AlarmsScreen {
    fn read(b: &mut Backend, req: Req) -> crate::store::Result<Rep> {
        let c = b.conn();
        Ok(match req {
            Req::List { seq, filter, grouped, at } => {
                let opens = at.seek.opens() && !super::msg::counted_after(&filter, &at);
                if grouped {
                    let total = if opens { Some(alarm_queue::group_count(c, &filter)?) } else { None };
                    let page = alarm_queue::groups(c, &filter, &at.seek, at.limit)?.map(AlarmItem::Group);
                    Rep::List { seq, total, at, page }
                } else {
                    let total = if opens { Some(alarm_queue::count(c, &filter)?) } else { None };
                    let page = alarm_queue::page(c, &filter, &at.seek, at.limit)?.map(AlarmItem::Alarm);
                    Rep::List { seq, total, at, page }
                }
            }
            Req::Count { seq, filter, grouped } => {
                let total =
                    if grouped { alarm_queue::group_count(c, &filter)? } else { alarm_queue::count(c, &filter)? };
                Rep::Count { seq, total }
            }
            Req::Detail(id) => {
                let pane = match alarm_queue::detail(c, id)? {
                    Some(detail) => {
                        let steps = crate::store::alarm_history::steps(c, id)?;
                        Some(Box::new(AlarmPane { detail, steps }))
                    }
                    None => None,
                };
                Rep::Detail(id, pane)
            }
            Req::Officers(id) => Rep::Officers(id, crate::store::officer_choices::for_alarm(c, id, OFFICER_CHOICES)?),
            Req::Meta { now } => {
                Rep::Meta(AlarmMeta { feeds: feeds::health(c)?, silences: alarm_queue::active_silences(c, &now)? })
            }
        })
    }

    fn reach(w: &Write) -> Reach {
        match w {
            Write::Step { id, .. } | Write::Dispatch { id, .. } => Reach::record(ScopedTable::Alarm, *id),
            Write::Hazard { id, hazard, .. } => {
                Reach::Records(vec![(ScopedTable::Unit, hazard.unit_id), (ScopedTable::Alarm, *id)])
            }
            Write::AddSilence { .. } | Write::RemoveSilence { .. } => Reach::Office,
        }
    }

    fn write(b: &mut Backend, operator: &str, write: Write) -> Result<Written, WriteError> {
        // A refusal becomes an error of the closure, so the transaction rolls back whole.
        let refused = |e: StepError| match e {
            StepError::Refused(m) => StoreError::Refused(m),
            StepError::Store(e) => e,
        };
        // A dispatch's write also queues the message that tells the officer.
        let dispatching = matches!(write, Write::Dispatch { .. });
        let apply = |w: &mut crate::store::Writer<'_>| match write {
            Write::Step { id, version, to, role, note } => crate::store::alarms::transition(w, id, version, to, role, &note)
                .map(|_| Written::new(format!("alarm #{id}")))
                .map_err(StoreError::Refused),
            Write::Dispatch { id, version, officer_id, role, note } => {
                alarm_steps::dispatch(w, id, version, officer_id, role, &note)
                    .map(|_| Written::new(format!("alarm #{id}")))
                    .map_err(refused)
            }
            Write::Hazard { id, version, hazard, role } => {
                alarm_steps::open_hazard(w, id, version, &hazard, role).map(Written::hazard).map_err(refused)
            }
            Write::AddSilence { matcher, minutes, reason, from } => {
                alarm_steps::add_silence(w, &matcher, minutes, &reason, from)
                    .map(|id| Written::new(format!("silence #{id}")))
                    .map_err(refused)
            }
            Write::RemoveSilence { id, version } => {
                alarm_steps::remove_silence(w, id, version).map(|_| Written::new(format!("silence #{id}")))
            }
        };
        if dispatching { b.write_dispatch(operator, apply) } else { b.write(operator, apply) }
    }
}

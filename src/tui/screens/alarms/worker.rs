//! The worker's alarm requests: the queue's pages and groups, the detail with its chain and the
//! officers it can be dispatched to, the filters' and Overview's figures, and the writes.

use crate::store::StoreError;
use crate::store::alarm_queue::{self, AlarmDetail, AlarmGroup, AlarmRow, Silence};
use crate::store::alarm_steps::{self, StepError};
use crate::store::feeds::{self, FeedHealth};
use crate::tui::worker::{Backend, Reply, Request, WriteOp};

/// A line of the Alarms list: one alarm, or one group (area + event) when grouping is on.
// Rows are almost always alarms; boxing them to shrink the rare group variant would cost an
// allocation per row.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum AlarmItem {
    Alarm(AlarmRow),
    Group(AlarmGroup),
}

/// The detail pane: the alarm and the officers it may be dispatched to (its grids' first).
#[derive(Debug, Clone, PartialEq)]
pub struct AlarmPane {
    pub detail: AlarmDetail,
    pub officers: Vec<(i64, String)>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct AlarmMeta {
    pub feeds: Vec<FeedHealth>,
    pub silences: Vec<Silence>,
    /// Open alarms by level: red, orange, yellow, blue.
    pub open_by_level: [i64; 4],
}

/// Officers offered in the dispatch form.
const OFFICER_CHOICES: i64 = 40;

impl Backend {
    pub(in crate::tui) fn read_alarms(&self, req: Request) -> crate::store::Result<Reply> {
        let c = self.conn();
        Ok(match req {
            Request::Alarms { seq, filter, grouped, at } => {
                let opens = at.seek.opens();
                if grouped {
                    let total = if opens { Some(alarm_queue::group_count(c, &filter)?) } else { None };
                    let page = alarm_queue::groups(c, &filter, &at.seek, at.limit)?.map(AlarmItem::Group);
                    Reply::Alarms { seq, total, at, page }
                } else {
                    let total = if opens { Some(alarm_queue::count(c, &filter)?) } else { None };
                    let page = alarm_queue::page(c, &filter, &at.seek, at.limit)?.map(AlarmItem::Alarm);
                    Reply::Alarms { seq, total, at, page }
                }
            }
            Request::AlarmDetail(id) => {
                let pane = match alarm_queue::detail(c, id)? {
                    Some(detail) => {
                        let officers = alarm_queue::dispatch_choices(c, id, OFFICER_CHOICES)?;
                        Some(Box::new(AlarmPane { detail, officers }))
                    }
                    None => None,
                };
                Reply::AlarmDetail(id, pane)
            }
            Request::AlarmMeta { now } => Reply::AlarmMeta(AlarmMeta {
                feeds: feeds::health(c)?,
                silences: alarm_queue::active_silences(c, &now)?,
                open_by_level: alarm_queue::open_by_level(c)?,
            }),
            Request::Attention { now } => Reply::Attention(alarm_queue::needing_attention(c, &now, 50)?),
            _ => Reply::Error("not an alarm request".into()),
        })
    }

    pub(in crate::tui) fn write_alarm(&mut self, operator: &str, op: WriteOp) -> Result<(String, Option<i64>), String> {
        // A refusal becomes an error of the closure, so the transaction rolls back whole.
        let refused = |e: StepError| match e {
            StepError::Refused(m) => StoreError::Refused(m),
            StepError::Store(e) => e,
        };
        self.store
            .write(operator, |w| match op {
                WriteOp::AlarmStep { id, version, to, role, note } => {
                    crate::store::alarms::transition(w, id, version, to, role, &note)
                        .map(|_| (format!("alarm #{id}"), None))
                        .map_err(StoreError::Refused)
                }
                WriteOp::AlarmDispatch { id, version, officer_id, role, note } => {
                    alarm_steps::dispatch(w, id, version, officer_id, role, &note)
                        .map(|_| (format!("alarm #{id}"), None))
                        .map_err(refused)
                }
                WriteOp::AlarmHazard { id, version, hazard, role } => {
                    alarm_steps::open_hazard(w, id, version, &hazard, role)
                        .map(|h| (format!("hazard #{h}"), Some(h)))
                        .map_err(refused)
                }
                WriteOp::AddSilence { matcher, minutes, reason, from } => {
                    alarm_steps::add_silence(w, &matcher, minutes, &reason, from)
                        .map(|id| (format!("silence #{id}"), None))
                        .map_err(refused)
                }
                WriteOp::RemoveSilence { id, version } => {
                    alarm_steps::remove_silence(w, id, version).map(|_| (format!("silence #{id}"), None))
                }
                _ => Err(StoreError::Refused("not an alarm write".into())),
            })
            .map_err(|e| e.to_string())
    }
}

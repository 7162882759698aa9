//! What the Alarms screen asks of the store worker, what comes back, and its writes and forms.

use crate::domain::OperatorRole;
use crate::domain::alarm::AlarmStatus;
use crate::store::alarm_queue::{AlarmDetail, AlarmFilter, AlarmGroup, AlarmRow, Silence};
use crate::store::feeds::FeedHealth;
use crate::store::hazards::NewHazard;
use crate::store::keyset::Page;
use crate::tui::list_detail::Record;
use crate::tui::paged::Window;
use crate::tui::screen_def::{Kind, Slot};

#[derive(Debug, Clone, PartialEq)]
pub enum Req {
    List { seq: u64, filter: AlarmFilter, grouped: bool, at: Window },
    /// How many a search finds, asked after its first page (see [`counted_after`]).
    Count { seq: u64, filter: AlarmFilter, grouped: bool },
    Detail(i64),
    /// The officers an alarm may be dispatched to, read when the dispatch form opens (not with
    /// every detail: a district's roster is long and the cursor moves often).
    Officers(i64),
    /// Feed names (the feed filter) and the silences in force (the silences panel).
    Meta { now: String },
}

impl Kind for Req {
    fn kind(&self) -> Option<Slot> {
        match self {
            Req::List { seq, .. } => Slot::page(*seq),
            Req::Count { seq, .. } => Some(Slot { name: "count", key: 0, generation: *seq }),
            Req::Detail(_) => Slot::of("detail"),
            Req::Officers(_) => Slot::of("officers"),
            Req::Meta { .. } => Slot::of("meta"),
        }
    }
}

/// A search's first page (or the rows a reload brings back) comes without its count, which
/// follows in its own reply: counting a quarter of a million alarms found takes longer than
/// finding the page, and the officer reads the rows meanwhile.
pub fn counted_after(filter: &AlarmFilter, at: &Window) -> bool {
    !filter.text.trim().is_empty() && matches!(at.seek, crate::store::keyset::Seek::First | crate::store::keyset::Seek::From(_))
}

/// A line of the Alarms list: one alarm, or one group (area + event) when grouping is on.
// Rows are almost always alarms; boxing them to shrink the rare group variant would cost an
// allocation per row.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum AlarmItem {
    Alarm(AlarmRow),
    Group(AlarmGroup),
}

/// The detail pane: the alarm and what was done with it.
#[derive(Debug, Clone, PartialEq)]
pub struct AlarmPane {
    pub detail: AlarmDetail,
    /// Who acknowledged, dispatched, resolved it and when, oldest first.
    pub steps: Vec<crate::store::alarm_history::AlarmStep>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct AlarmMeta {
    pub feeds: Vec<FeedHealth>,
    pub silences: Vec<Silence>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Rep {
    List { seq: u64, total: Option<i64>, at: Window, page: Page<AlarmItem> },
    Count { seq: u64, total: i64 },
    Detail(i64, Option<Box<AlarmPane>>),
    Officers(i64, Vec<crate::store::officer_choices::OfficerChoice>),
    Meta(AlarmMeta),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Write {
    Step { id: i64, version: i64, to: AlarmStatus, role: OperatorRole, note: String },
    Dispatch { id: i64, version: i64, officer_id: i64, role: OperatorRole, note: String },
    /// A hazard opened from an alarm at its unit, linked to it.
    Hazard { id: i64, version: i64, hazard: NewHazard, role: OperatorRole },
    /// Starts at `from` (the app's clock), for `minutes`.
    AddSilence { matcher: String, minutes: i64, reason: String, from: chrono::DateTime<chrono::FixedOffset> },
    RemoveSilence { id: i64, version: i64 },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Form {
    /// Dispatch: the officer is the one picked in the form's first field.
    Dispatch { id: i64, version: i64 },
    Silence,
    Hazard { id: i64, version: i64, unit_id: i64 },
}

impl Record for AlarmItem {
    fn record(&self) -> Option<(i64, i64)> {
        match self {
            AlarmItem::Alarm(a) => Some((a.id, a.version)),
            AlarmItem::Group(_) => None,
        }
    }
}

impl Record for AlarmPane {
    fn record(&self) -> Option<(i64, i64)> {
        Some((self.detail.row.id, self.detail.row.version))
    }
}

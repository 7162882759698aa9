//! What the Overview asks of the store worker and what comes back: the network's figures, the
//! hazards' figures, the deadlines' and checklist's, the tip-off queue's counts, the alarms by
//! level and feed health. Each part is read on its own, so a commit reads again only the parts
//! whose tables it changed (a terminal's new deadline leaves the hazards' rates alone).

use crate::domain::rates::Rates;
use crate::store::feeds::FeedHealth;
use crate::store::hazards::HazardCounts;
use crate::store::stats::NetworkStats;
use crate::tui::screen_def::{Kind, Slot};
use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq)]
pub enum Req {
    Stats,
    Hazards { today: NaiveDate },
    Due { today: NaiveDate },
    Tipoffs { today: NaiveDate },
    Alarms,
}

impl Kind for Req {
    fn kind(&self) -> Option<Slot> {
        match self {
            Req::Stats => Slot::of("stats"),
            Req::Hazards { .. } => Slot::of("hazards"),
            Req::Due { .. } => Slot::of("due"),
            Req::Tipoffs { .. } => Slot::of("tipoffs"),
            Req::Alarms => Slot::of("alarms"),
        }
    }
}

/// The Overview's hazard figures.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HazardFigures {
    pub counts: HazardCounts,
    /// This year's hazards (all, and major only), as of today.
    pub year_all: Rates,
    pub year_major: Rates,
}

/// The Overview's deadline and checklist figures.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DueFigures {
    pub deadlines_overdue: i64,
    pub due_this_week: i64,
    /// This quarter's checklist items (all loaded plans): settled, active.
    pub checklist: (i64, i64),
    /// A year whose holiday arrangement is not loaded and matters now (see `HolidayCalendar`).
    pub holidays_missing: Option<i32>,
}

/// Open alarms by level (red, orange, yellow, blue) and each feed's health.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AlarmFigures {
    pub open_by_level: [i64; 4],
    pub feeds: Vec<FeedHealth>,
    /// The notification outbox: (pending, sent, dead).
    pub deliveries: (i64, i64, i64),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Rep {
    Stats(NetworkStats),
    Hazards(HazardFigures),
    Due(DueFigures),
    /// Received, open and overdue tip-offs.
    Tipoffs((i64, i64, i64)),
    Alarms(AlarmFigures),
}

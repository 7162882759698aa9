//! The figures of a quarter that the report prints and the checklist links to: plain data,
//! counted by `store::report_figures` and laid out by the report's writers.

use crate::domain::hazard::HazardSource;
use serde::Serialize;

/// A share: part of whole, shown as "12/15 (80.0%)"; `None` as a rate when the whole is zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Share {
    pub part: i64,
    pub whole: i64,
}

impl Share {
    pub fn percent(&self) -> Option<f64> {
        (self.whole > 0).then(|| self.part as f64 * 100.0 / self.whole as f64)
    }

    pub fn show(&self) -> String {
        match self.percent() {
            Some(p) => format!("{}/{} ({p:.1}%)", self.part, self.whole),
            None => format!("{}/{}", self.part, self.whole),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct HazardSection {
    /// Found in the quarter, per source.
    pub by_source: Vec<(HazardSource, i64)>,
    pub found: i64,
    /// Closed in the quarter.
    pub rectified: i64,
    /// Rectified on time among those found in the quarter that were due by the as-of date.
    pub on_time: Share,
    pub supervised: Vec<HazardLine>,
    pub overdue: Vec<HazardLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HazardLine {
    pub id: i64,
    pub unit: String,
    pub description: String,
    pub major: bool,
    pub deadline: String,
    pub status: String,
    pub supervising_level: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct TipoffSection {
    pub received: i64,
    /// Accepted (受理) in the quarter: received is what came in, accepted what the office took on.
    pub accepted: i64,
    pub by_channel: Vec<(String, i64)>,
    pub verified: i64,
    /// Verified by the limit, among those verified in the quarter and those whose limit passed in
    /// it without a verification (counted against the office, as the hazard rate counts).
    pub verified_on_time: Share,
    /// Accepted tip-offs whose verification limit passed in the quarter without a verification.
    pub verify_overdue: i64,
    pub substantiated: i64,
    /// Replied by the limit, among those replied in the quarter and those whose reply limit passed
    /// in it without a reply.
    pub replied_on_time: Share,
    /// Verified tip-offs whose reply limit passed in the quarter without a reply.
    pub reply_overdue: i64,
    pub transferred: i64,
    pub rewards: i64,
    pub reward_total: f64,
    pub avg_days_to_verify: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct AlarmSection {
    pub received: i64,
    /// red, orange, yellow, blue.
    pub by_level: Vec<(String, i64)>,
    pub by_feed: Vec<(String, i64)>,
    pub acknowledged: i64,
    pub median_minutes_to_ack: Option<f64>,
    /// Closed as false alarms among the alarms of the quarter that were closed by the office.
    pub false_alarms: Share,
}

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct InspectionSection {
    pub self_inspections: i64,
    /// Units with at least one self-inspection in the quarter, of all units.
    pub units_self_inspected: Share,
    /// High-hazard units with three (monthly) self-inspections in the quarter.
    pub high_hazard_monthly: Share,
    pub drills: i64,
    /// Units whose drill is within its period at the as-of date.
    pub units_drilled: Share,
    pub grid_coverage: Share,
}

/// The accident register over a window (国务院令第493号 levels; 1-hour reporting for 较大 and up).
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct AccidentSection {
    pub count: i64,
    pub deaths: i64,
    pub injuries: i64,
    /// Per level, every level listed (zero included), lowest first.
    pub by_level: Vec<(crate::domain::accident::AccidentLevel, i64)>,
    /// 较大 and up reported upward within the hour, of all 较大 and up (an unreported one counts
    /// against the office, as every rate does).
    pub serious_in_hour: Share,
    pub lines: Vec<AccidentLine>,
}

impl AccidentSection {
    pub fn of_level(&self, l: crate::domain::accident::AccidentLevel) -> i64 {
        self.by_level.iter().find(|(x, _)| *x == l).map(|(_, n)| *n).unwrap_or(0)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AccidentLine {
    /// "2026-11-03 14:20" in Beijing time.
    pub at: String,
    pub unit: String,
    pub kind: String,
    pub level: crate::domain::accident::AccidentLevel,
    pub deaths: i64,
    pub injuries: i64,
    /// Reported upward within the hour; `None` while not reported.
    pub in_hour: Option<bool>,
}

/// The office's own enforcement, training and publicity over a window.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct WorkSection {
    pub enforcement_cases: i64,
    /// Distinct units with a case.
    pub units_penalised: i64,
    pub fines_yuan: f64,
    pub training_sessions: i64,
    pub people_trained: i64,
    pub publicity_events: i64,
    pub people_reached: i64,
    pub lines: Vec<WorkLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkLine {
    pub on: String,
    pub kind: crate::domain::work_record::WorkKind,
    pub title: String,
    pub unit: String,
    pub fine_yuan: f64,
    pub people: i64,
}

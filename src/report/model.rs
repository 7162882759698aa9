//! The quarterly report as data: every figure and list the writers (Markdown, XLSX, DOCX) and the
//! terminal preview print. Compiled once from the store; no writer queries anything. No field can
//! hold a reporter's identity: tip-offs appear only as counts.

use crate::domain::checklist::{Figure, ItemKind, ItemStatus, SelfScore};
use crate::domain::hazard::HazardSource;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub office: String,
    /// "2025Q3".
    pub quarter: String,
    pub from: String,
    pub to: String,
    /// The date the figures are taken at: the quarter's end, or today while it runs.
    pub as_of: String,
    pub compiled_at: String,
    pub compiled_by: String,
    pub summary: Summary,
    pub plans: Vec<PlanProgress>,
    pub hazards: HazardSection,
    pub tipoffs: TipoffSection,
    pub alarms: AlarmSection,
    pub inspections: InspectionSection,
    pub next_quarter: NextQuarter,
    /// The office's own sections ("problems", "next quarter"), as drafted in the Checklist screen.
    pub problems: String,
    pub plan_next: String,
}

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
pub struct Summary {
    pub units: i64,
    pub grids: i64,
    pub hazards_found: i64,
    pub hazards_on_time: Share,
    pub major_open: i64,
    pub tipoffs_received: i64,
    pub alarms_received: i64,
    pub checklist_done: Share,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanProgress {
    pub key: String,
    pub name: String,
    pub tasks: Vec<TaskProgress>,
    /// For templates that carry points.
    pub score: Option<SelfScore>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskProgress {
    pub number: u32,
    pub title: String,
    /// Settled (done or not applicable) of the items active this quarter.
    pub done: Share,
    pub items: Vec<ItemLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemLine {
    pub number: u32,
    pub title: String,
    pub kind: ItemKind,
    /// "2025-12-31", "每季度", "长期" … in the report's language.
    pub node: String,
    pub target: Option<String>,
    pub section: String,
    pub status: ItemStatus,
    pub note: String,
    /// The linked figure and its value this quarter.
    pub figure: Option<(Figure, String)>,
    pub points: Option<f64>,
    pub points_lost: Option<f64>,
    pub loss_reason: String,
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
    pub by_channel: Vec<(String, i64)>,
    pub verified: i64,
    pub verified_on_time: Share,
    pub substantiated: i64,
    pub replied_on_time: Share,
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

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct NextQuarter {
    pub quarter: String,
    /// Plan items with a dated milestone in the next quarter: (plan, "task.number title", due).
    pub milestones: Vec<(String, String, String)>,
    /// Deadlines of each kind falling in the next quarter.
    pub by_kind: Vec<(String, i64)>,
}

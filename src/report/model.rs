//! The quarterly report as data: every figure and list the writers (Markdown, XLSX, DOCX) and the
//! terminal preview print. Compiled once from the store; no writer queries anything. No field can
//! hold a reporter's identity: tip-offs appear only as counts.

use crate::domain::checklist::{Figure, ItemKind, ItemStatus, SelfScore};
pub use crate::domain::figures::{
    AccidentLine, AccidentSection, AlarmSection, HazardLine, HazardSection, InspectionSection, Share, TipoffSection,
    WorkLine, WorkSection,
};
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
    /// The body the report is addressed to (主送机关); empty until the office names it.
    pub addressee: String,
    /// Who to call about the report, and the phone (the 附注 under the date).
    pub contact: Option<(String, String)>,
    /// In a fourth quarter: the whole year's figures, January to the figures' date.
    pub year: Option<YearFigures>,
    /// Signed under the office's seal (GB/T 9704 7.3.5.1) rather than without one (7.3.5.2).
    pub sealed: bool,
    /// The attachments' tables travel as the workbook; the document ends with the signature.
    pub tables_apart: bool,
    /// The quarter's accident register and the office's own work records.
    pub accidents: AccidentSection,
    pub work: WorkSection,
    /// In the last year of the main plan, its fourth quarter: the whole plan period summed up and
    /// self-assessed (the plans ask for a 总结 and a 自评报告 at the end).
    pub closing: Option<Closing>,
}

/// The plan period's summary and self-assessment, for the last report of a plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Closing {
    pub plan: String,
    pub from: String,
    pub hazards: HazardSection,
    pub tipoffs: TipoffSection,
    pub accidents: AccidentSection,
    pub work: WorkSection,
    /// Every measure of the plan (office level), settled of all, and per task.
    pub measures: Share,
    pub tasks: Vec<(u32, String, Share)>,
    /// Measures not settled at the end, "task.number title".
    pub unfinished: Vec<String>,
    /// The latest assessment points loaded (its name and year) and the self-score on them.
    pub assessment: Option<(String, SelfScore)>,
}

/// The year's figures a fourth-quarter report adds (the annual summary the plans ask for).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearFigures {
    pub year: i32,
    pub hazards: HazardSection,
    pub major_open: i64,
    pub tipoffs: TipoffSection,
    pub alarms: AlarmSection,
    pub accidents: AccidentSection,
    pub work: WorkSection,
}

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Summary {
    pub units: i64,
    pub grids: i64,
    pub hazards_found: i64,
    pub hazards_on_time: Share,
    pub major_open: i64,
    pub tipoffs_received: i64,
    pub tipoffs_accepted: i64,
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
pub struct NextQuarter {
    pub quarter: String,
    /// Plan items with a dated milestone in the next quarter: (plan, "task.number title", due).
    pub milestones: Vec<(String, String, String)>,
    /// Deadlines of each kind falling in the next quarter.
    pub by_kind: Vec<(String, i64)>,
}

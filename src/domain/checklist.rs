//! The quarter's checklist as rules: which measures of a plan are active in a quarter, the status an
//! item can have, the data figures a measure can be measured by, and the self-score of an
//! assessment. Pure, so that the tables below pin every rule.

use super::calendar::{Quarter, add_months};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// How often a recurring measure is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Every {
    Month,
    Quarter,
    HalfYear,
    Year,
}

impl Every {
    pub fn code(self) -> &'static str {
        match self {
            Every::Month => "month",
            Every::Quarter => "quarter",
            Every::HalfYear => "half_year",
            Every::Year => "year",
        }
    }

    pub fn parse(s: &str) -> Option<Every> {
        [Every::Month, Every::Quarter, Every::HalfYear, Every::Year].into_iter().find(|e| e.code() == s)
    }

    pub fn name(self, zh: bool) -> &'static str {
        match (self, zh) {
            (Every::Month, true) => "每月",
            (Every::Quarter, true) => "每季度",
            (Every::HalfYear, true) => "每半年",
            (Every::Year, true) => "每年",
            (Every::Month, false) => "monthly",
            (Every::Quarter, false) => "quarterly",
            (Every::HalfYear, false) => "half-yearly",
            (Every::Year, false) => "yearly",
        }
    }

    /// "每年", or with the high-hazard sectors' own frequency "每年（高危每半年）".
    pub fn words(general: Option<Every>, high_hazard: Option<Every>, zh: bool) -> String {
        let g = general.map(|e| e.name(zh)).unwrap_or("");
        match high_hazard {
            Some(h) if zh => format!("{g}（高危{}）", h.name(zh)),
            Some(h) => format!("{g} ({} in high-hazard sectors)", h.name(zh)),
            None => g.to_string(),
        }
    }

    fn months(self) -> u32 {
        match self {
            Every::Month => 1,
            Every::Quarter => 3,
            Every::HalfYear => 6,
            Every::Year => 12,
        }
    }

    /// The ends of this recurrence's periods (calendar months, quarters, halves, years) that fall
    /// within `from..=to`.
    pub fn period_ends(self, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
        let step = self.months();
        let mut out = Vec::new();
        // The first period end on or after `from`: periods are aligned to January.
        let month0 = from.month0() / step * step + step; // months after January 1st
        let mut start = add_months(NaiveDate::from_ymd_opt(from.year(), 1, 1).unwrap_or(from), month0);
        loop {
            let end = start.pred_opt().unwrap_or(start);
            if end > to {
                break;
            }
            if end >= from {
                out.push(end);
            }
            start = add_months(start, step);
        }
        out
    }
}

/// What kind of item a template line is: a plan measure, or for assessments a scored point, a
/// deduction rule or a bonus rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    #[default]
    Measure,
    Deduction,
    Bonus,
}

impl ItemKind {
    pub fn code(self) -> &'static str {
        match self {
            ItemKind::Measure => "measure",
            ItemKind::Deduction => "deduction",
            ItemKind::Bonus => "bonus",
        }
    }

    pub fn parse(s: &str) -> Option<ItemKind> {
        [ItemKind::Measure, ItemKind::Deduction, ItemKind::Bonus].into_iter().find(|k| k.code() == s)
    }
}

/// Where an item stands this quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    #[default]
    NotStarted,
    InProgress,
    Done,
    NotApplicable,
}

impl ItemStatus {
    pub const ALL: [ItemStatus; 4] =
        [ItemStatus::NotStarted, ItemStatus::InProgress, ItemStatus::Done, ItemStatus::NotApplicable];

    pub fn code(self) -> &'static str {
        match self {
            ItemStatus::NotStarted => "not_started",
            ItemStatus::InProgress => "in_progress",
            ItemStatus::Done => "done",
            ItemStatus::NotApplicable => "not_applicable",
        }
    }

    pub fn parse(s: &str) -> Option<ItemStatus> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    pub fn name(self, zh: bool) -> &'static str {
        match (self, zh) {
            (ItemStatus::NotStarted, true) => "未开始",
            (ItemStatus::InProgress, true) => "推进中",
            (ItemStatus::Done, true) => "已完成",
            (ItemStatus::NotApplicable, true) => "不适用",
            (ItemStatus::NotStarted, false) => "not started",
            (ItemStatus::InProgress, false) => "in progress",
            (ItemStatus::Done, false) => "done",
            (ItemStatus::NotApplicable, false) => "n/a",
        }
    }

    /// Finished for the purpose of deadlines and progress: done, or not the office's business.
    pub fn settled(self) -> bool {
        matches!(self, ItemStatus::Done | ItemStatus::NotApplicable)
    }
}

/// A figure the office's own data measures, linked from a template item with `figure = "…"`.
/// An open set: a new figure is a variant here and a query in the report's figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Figure {
    /// Hazards rectified by their deadline among those closed in the quarter.
    HazardOnTime,
    /// Major hazards still open at the quarter's end.
    MajorHazardsOpen,
    /// Units whose self-inspection is not overdue at the quarter's end.
    SelfInspections,
    /// Evacuation drills recorded in the quarter, and units whose drill is not overdue.
    Drills,
    /// Tip-offs verified within their limit among those verified in the quarter.
    TipoffVerifiedOnTime,
    /// Replies to reporters within their limit among those replied in the quarter.
    TipoffRepliedOnTime,
    /// Units assigned to a grid among all units.
    GridCoverage,
    /// Alarms acknowledged, and the median minutes to acknowledge.
    AlarmAcknowledged,
    /// The year's accidents by level, and assessment point 27's deduction.
    Accidents,
    /// The year's 较大-and-up accidents reported upward within the hour (point 23).
    AccidentReporting,
    /// Enforcement cases and fines in the quarter.
    Enforcement,
    /// Training sessions (people trained) and publicity events in the quarter.
    TrainingPublicity,
}

impl Figure {
    pub const ALL: [Figure; 12] = [
        Figure::HazardOnTime,
        Figure::MajorHazardsOpen,
        Figure::SelfInspections,
        Figure::Drills,
        Figure::TipoffVerifiedOnTime,
        Figure::TipoffRepliedOnTime,
        Figure::GridCoverage,
        Figure::AlarmAcknowledged,
        Figure::Accidents,
        Figure::AccidentReporting,
        Figure::Enforcement,
        Figure::TrainingPublicity,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Figure::HazardOnTime => "hazard_on_time",
            Figure::MajorHazardsOpen => "major_hazards_open",
            Figure::SelfInspections => "self_inspections",
            Figure::Drills => "drills",
            Figure::TipoffVerifiedOnTime => "tipoff_verified_on_time",
            Figure::TipoffRepliedOnTime => "tipoff_replied_on_time",
            Figure::GridCoverage => "grid_coverage",
            Figure::AlarmAcknowledged => "alarm_acknowledged",
            Figure::Accidents => "accidents",
            Figure::AccidentReporting => "accident_reporting",
            Figure::Enforcement => "enforcement",
            Figure::TrainingPublicity => "training_publicity",
        }
    }

    pub fn parse(s: &str) -> Option<Figure> {
        Self::ALL.into_iter().find(|f| f.code() == s)
    }

    pub fn name(self, zh: bool) -> &'static str {
        match (self, zh) {
            (Figure::HazardOnTime, true) => "隐患按期整改率",
            (Figure::MajorHazardsOpen, true) => "未销号重大隐患",
            (Figure::SelfInspections, true) => "企业自查按时率",
            (Figure::Drills, true) => "疏散演练",
            (Figure::TipoffVerifiedOnTime, true) => "举报按期核查率",
            (Figure::TipoffRepliedOnTime, true) => "举报按期反馈率",
            (Figure::GridCoverage, true) => "网格覆盖率",
            (Figure::AlarmAcknowledged, true) => "告警确认",
            (Figure::Accidents, true) => "本年事故",
            (Figure::AccidentReporting, true) => "事故1小时内报送",
            (Figure::Enforcement, true) => "执法检查",
            (Figure::TrainingPublicity, true) => "培训和宣传",
            (Figure::HazardOnTime, false) => "hazards rectified on time",
            (Figure::MajorHazardsOpen, false) => "major hazards open",
            (Figure::SelfInspections, false) => "self-inspections on time",
            (Figure::Drills, false) => "evacuation drills",
            (Figure::TipoffVerifiedOnTime, false) => "tip-offs verified on time",
            (Figure::TipoffRepliedOnTime, false) => "tip-off replies on time",
            (Figure::GridCoverage, false) => "grid coverage",
            (Figure::AlarmAcknowledged, false) => "alarms acknowledged",
            (Figure::Accidents, false) => "accidents this year",
            (Figure::AccidentReporting, false) => "accidents reported within the hour",
            (Figure::Enforcement, false) => "enforcement",
            (Figure::TrainingPublicity, false) => "training and publicity",
        }
    }
}

/// The time node of an item, as the activity rule needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeNode {
    pub due: Vec<NaiveDate>,
    pub every: Option<Every>,
    pub ongoing: bool,
}

/// Why an item is on a quarter's checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Active {
    /// A dated milestone falls in the quarter (the first such date).
    Due(NaiveDate),
    /// A milestone fell due before the quarter and the item is not settled: carried over.
    Overdue(NaiveDate),
    /// A recurring item: due at the end of each period.
    Recurring,
    /// Ongoing throughout the plan.
    Ongoing,
}

/// Whether an item is on the quarter's checklist. `span` is the plan's period (the item is not
/// active outside it); `settled_before` says whether the item was settled in an earlier quarter,
/// so that a missed milestone stays on the list until someone deals with it.
pub fn active(node: &TimeNode, q: Quarter, span: (NaiveDate, NaiveDate), settled_before: bool) -> Option<Active> {
    let (from, to) = (q.start(), q.end());
    if let Some(d) = node.due.iter().find(|d| **d >= from && **d <= to) {
        return Some(Active::Due(*d));
    }
    let in_span = span.0 <= to && span.1 >= from;
    if node.every.is_some() && in_span {
        return Some(Active::Recurring);
    }
    if node.ongoing && in_span {
        return Some(Active::Ongoing);
    }
    if in_span
        && !settled_before
        && let Some(d) = node.due.iter().rev().find(|d| **d < from)
    {
        // Only a milestone with no later one: a later milestone takes over from a missed one.
        if !node.due.iter().any(|x| *x > to) {
            return Some(Active::Overdue(*d));
        }
    }
    None
}

/// One scored line of an assessment self-score.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreLine {
    pub kind: ItemKind,
    /// Points available (scored items), or the points per occurrence (deductions), when fixed.
    pub points: Option<f64>,
    /// Points the office expects to lose (scored items), deduct (deductions) or gain (bonuses).
    pub entered: f64,
}

/// The self-score: available, lost, deducted, bonus and the total.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct SelfScore {
    pub available: f64,
    pub lost: f64,
    pub deducted: f64,
    pub bonus: f64,
}

impl SelfScore {
    pub fn total(&self) -> f64 {
        self.available - self.lost - self.deducted + self.bonus
    }
}

/// Adds up a self-score; a scored item cannot lose more than it carries.
pub fn self_score(lines: &[ScoreLine]) -> SelfScore {
    let mut s = SelfScore::default();
    for l in lines {
        match l.kind {
            ItemKind::Measure => {
                let p = l.points.unwrap_or(0.0);
                s.available += p;
                s.lost += l.entered.clamp(0.0, p);
            }
            ItemKind::Deduction => s.deducted += l.entered.max(0.0),
            ItemKind::Bonus => s.bonus += l.entered.max(0.0),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn q(s: &str) -> Quarter {
        Quarter::parse(s).expect("quarter")
    }

    #[test]
    fn period_ends_are_calendar_aligned() {
        let cases = [
            (Every::Month, "2024-11-15", "2025-02-10", vec!["2024-11-30", "2024-12-31", "2025-01-31"]),
            (Every::Quarter, "2024-01-01", "2024-12-31", vec!["2024-03-31", "2024-06-30", "2024-09-30", "2024-12-31"]),
            (Every::HalfYear, "2024-03-25", "2025-12-31", vec!["2024-06-30", "2024-12-31", "2025-06-30", "2025-12-31"]),
            (Every::Year, "2024-03-25", "2026-12-31", vec!["2024-12-31", "2025-12-31", "2026-12-31"]),
            (Every::Quarter, "2024-04-01", "2024-06-29", vec![]),
        ];
        for (every, from, to, want) in cases {
            let got: Vec<String> = every.period_ends(d(from), d(to)).iter().map(|x| x.to_string()).collect();
            assert_eq!(got, want, "{every:?} {from}..{to}");
        }
    }

    #[test]
    fn which_items_are_on_a_quarters_list() {
        let span = (d("2024-01-01"), d("2026-12-31"));
        let dated = TimeNode { due: vec![d("2024-06-30"), d("2024-12-31")], every: None, ongoing: false };
        let single = TimeNode { due: vec![d("2024-06-30")], every: None, ongoing: false };
        let monthly = TimeNode { due: vec![], every: Some(Every::Month), ongoing: false };
        let ongoing = TimeNode { due: vec![], every: None, ongoing: true };
        let cases = [
            (&dated, "2024Q2", false, Some(Active::Due(d("2024-06-30")))),
            (&dated, "2024Q3", false, None), // a later milestone is coming: not carried over
            (&dated, "2024Q4", false, Some(Active::Due(d("2024-12-31")))),
            (&dated, "2025Q1", false, Some(Active::Overdue(d("2024-12-31")))),
            (&dated, "2025Q1", true, None),
            (&single, "2024Q1", false, None),
            (&single, "2026Q4", false, Some(Active::Overdue(d("2024-06-30")))),
            (&single, "2027Q1", false, None), // the plan is over
            (&monthly, "2025Q3", false, Some(Active::Recurring)),
            (&monthly, "2027Q1", false, None),
            (&ongoing, "2023Q4", false, None),
            (&ongoing, "2026Q4", false, Some(Active::Ongoing)),
        ];
        for (node, quarter, settled, want) in cases {
            assert_eq!(active(node, q(quarter), span, settled), want, "{node:?} in {quarter}");
        }
    }

    #[test]
    fn self_score_caps_losses_and_adds_deductions_and_bonuses() {
        let lines = [
            ScoreLine { kind: ItemKind::Measure, points: Some(6.0), entered: 1.5 },
            ScoreLine { kind: ItemKind::Measure, points: Some(3.0), entered: 5.0 },
            ScoreLine { kind: ItemKind::Measure, points: Some(8.0), entered: 0.0 },
            ScoreLine { kind: ItemKind::Deduction, points: Some(0.5), entered: 1.0 },
            ScoreLine { kind: ItemKind::Bonus, points: None, entered: 2.0 },
        ];
        let s = self_score(&lines);
        assert_eq!((s.available, s.lost, s.deducted, s.bonus), (17.0, 4.5, 1.0, 2.0));
        assert_eq!(s.total(), 13.5);
    }

    #[test]
    fn codes_round_trip() {
        for f in Figure::ALL {
            assert_eq!(Figure::parse(f.code()), Some(f));
        }
        for s in ItemStatus::ALL {
            assert_eq!(ItemStatus::parse(s.code()), Some(s));
        }
    }

    #[test]
    fn frequency_words_with_and_without_the_high_hazard_one() {
        for (general, high, zh, words) in [
            (Some(Every::Year), Some(Every::HalfYear), true, "每年（高危每半年）"),
            (Some(Every::Quarter), Some(Every::Month), false, "quarterly (monthly in high-hazard sectors)"),
            (Some(Every::Month), None, true, "每月"),
            (None, None, true, ""),
        ] {
            assert_eq!(Every::words(general, high, zh), words);
        }
    }
}

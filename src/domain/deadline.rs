//! One list of everything that falls due. Each source (unit obligations, hazards, reports, manual
//! items, and later plan measures and tip-off limits) yields its deadlines in due-date order; the
//! engine merges them by urgency without ever holding a whole source in memory, so a district's
//! 200,000 obligations page like a short list.

use super::calendar::{HolidayCalendar, Quarter, add_months};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// Kinds of deadline; an open set that later capabilities extend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    SelfInspection,
    Drill,
    Hazard,
    MonthlyReport,
    QuarterlyReport,
    AnnualReport,
    Manual,
    /// A tip-off's verification period (from acceptance).
    TipoffVerify,
    /// The reply to the reporter after verification.
    TipoffReply,
    /// A plan measure's dated milestone or the end of its recurring period.
    PlanMeasure,
}

impl DeadlineKind {
    pub const ALL: [DeadlineKind; 10] = [
        Self::SelfInspection,
        Self::Drill,
        Self::Hazard,
        Self::MonthlyReport,
        Self::QuarterlyReport,
        Self::AnnualReport,
        Self::Manual,
        Self::TipoffVerify,
        Self::TipoffReply,
        Self::PlanMeasure,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::SelfInspection => "self_inspection",
            Self::Drill => "drill",
            Self::Hazard => "hazard",
            Self::MonthlyReport => "monthly_report",
            Self::QuarterlyReport => "quarterly_report",
            Self::AnnualReport => "annual_report",
            Self::Manual => "manual",
            Self::TipoffVerify => "tipoff_verify",
            Self::TipoffReply => "tipoff_reply",
            Self::PlanMeasure => "plan_measure",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    pub fn name(self, zh: bool) -> &'static str {
        match (self, zh) {
            (Self::SelfInspection, true) => "企业自查",
            (Self::Drill, true) => "疏散演练",
            (Self::Hazard, true) => "隐患整改",
            (Self::MonthlyReport, true) => "月报",
            (Self::QuarterlyReport, true) => "季度报送",
            (Self::AnnualReport, true) => "年度报告",
            (Self::Manual, true) => "其他事项",
            (Self::TipoffVerify, true) => "举报核查",
            (Self::TipoffReply, true) => "举报反馈",
            (Self::PlanMeasure, true) => "计划措施",
            (Self::PlanMeasure, false) => "plan measure",
            (Self::TipoffVerify, false) => "tip-off check",
            (Self::TipoffReply, false) => "tip-off reply",
            (Self::SelfInspection, false) => "self-inspection",
            (Self::Drill, false) => "drill",
            (Self::Hazard, false) => "hazard",
            (Self::MonthlyReport, false) => "monthly report",
            (Self::QuarterlyReport, false) => "quarterly report",
            (Self::AnnualReport, false) => "annual report",
            (Self::Manual, false) => "other",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Deadline {
    pub kind: DeadlineKind,
    pub due: NaiveDate,
    pub title: String,
    pub unit_id: Option<i64>,
    pub unit_uscc: Option<String>,
    pub grid_id: Option<i64>,
    /// The record behind the deadline (hazard id, manual item id, report period …).
    pub reference: String,
    /// Major hazards and high-hazard units weigh more: they rise above equally distant items.
    pub severe: bool,
}

impl Deadline {
    /// How much one day of slack counts: a major hazard 10 days away ranks with an ordinary
    /// self-inspection 20 days away.
    pub fn weight(&self) -> f64 {
        match (self.kind, self.severe) {
            (DeadlineKind::Hazard, true) => 0.5,
            (DeadlineKind::Hazard, false) => 0.8,
            (DeadlineKind::TipoffVerify | DeadlineKind::TipoffReply, _) => 0.8,
            (
                DeadlineKind::MonthlyReport
                | DeadlineKind::QuarterlyReport
                | DeadlineKind::AnnualReport
                | DeadlineKind::PlanMeasure,
                _,
            ) => 0.7,
            (_, true) => 0.9,
            _ => 1.0,
        }
    }

    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.due < today
    }

    /// Sort key: overdue items first (oldest first), then by weighted days left. Within one source
    /// of constant weight the key grows with the due date, which is what makes the merge exact.
    pub fn urgency(&self, today: NaiveDate) -> (u8, f64) {
        let days = (self.due - today).num_days() as f64;
        if days < 0.0 { (0, days) } else { (1, days * self.weight()) }
    }
}

/// The last day of the calendar period after the one holding `d`, periods being `months` long
/// from January (1: months, 3: quarters, 6: halves, 12: years). "每季度至少1次" asks for one in each
/// calendar quarter: one done in a quarter settles that quarter, and the next is due by the end of
/// the following one, so an inspection on 31 March and the next on 1 April are two quarters.
pub fn end_of_next_period(d: NaiveDate, months: u32) -> NaiveDate {
    let months = months.clamp(1, 12);
    let first_month0 = d.month0() / months * months;
    let start = NaiveDate::from_ymd_opt(d.year(), first_month0 + 1, 1).unwrap_or(d);
    add_months(start, 2 * months).pred_opt().unwrap_or(NaiveDate::MAX)
}

/// Months in a self-inspection period: the unit head checks once a calendar quarter, once a month
/// in high-hazard sectors (seed 003 measure 20, seed 000).
pub fn self_inspection_months(high_hazard: bool) -> u32 {
    if high_hazard { 1 } else { 3 }
}

/// Months in a drill period: an evacuation drill once a calendar year, once a half-year in
/// high-hazard sectors (seed 003 measure 48, seed 004 measure 13).
pub fn drill_months(high_hazard: bool) -> u32 {
    if high_hazard { 6 } else { 12 }
}

/// Next self-inspection by the unit head: by the end of the calendar period after the one of the
/// last recorded; a unit with none on record counts from the day it entered the register. (The
/// same rule is an index expression in store migration 018; a test keeps them equal.)
pub fn self_inspection_due(last: Option<NaiveDate>, registered: NaiveDate, high_hazard: bool) -> NaiveDate {
    end_of_next_period(last.unwrap_or(registered), self_inspection_months(high_hazard))
}

/// Next evacuation drill, counted the same way by calendar year or half-year.
pub fn drill_due(last: Option<NaiveDate>, registered: NaiveDate, high_hazard: bool) -> NaiveDate {
    end_of_next_period(last.unwrap_or(registered), drill_months(high_hazard))
}

/// A report the office owes, identified by kind and period ("2026-11", "2026Q4", "2026").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportDue {
    pub kind: DeadlineKind,
    pub period: String,
    /// When the report may be sent from (the month's 1st, the quarter's last week).
    pub opens: NaiveDate,
    pub due: NaiveDate,
}

/// The office's report calendar from the street plan (seed 001): the monthly report from the 1st
/// (due the first working day), the quarterly report in the quarter's last week (due its last
/// working day), the annual report by the end of December (due the last working day). Returns the
/// reports whose due date lies in `[from, to]`, in due order.
pub fn reports_between(cal: &HolidayCalendar, from: NaiveDate, to: NaiveDate) -> Vec<ReportDue> {
    let mut out = Vec::new();
    let mut month = NaiveDate::from_ymd_opt(from.year(), from.month(), 1).unwrap_or(from);
    while month <= to {
        let due = cal.on_or_after(month);
        out.push(ReportDue {
            kind: DeadlineKind::MonthlyReport,
            period: month.format("%Y-%m").to_string(),
            opens: month,
            due,
        });
        month = add_months(month, 1);
    }
    let mut q = Quarter::of(from);
    while q.start() <= to {
        let (opens, end) = q.last_week();
        out.push(ReportDue {
            kind: DeadlineKind::QuarterlyReport,
            period: q.label(),
            opens,
            due: cal.on_or_before(end),
        });
        if q.q == 4 {
            let end = NaiveDate::from_ymd_opt(q.year, 12, 31).unwrap_or(end);
            out.push(ReportDue {
                kind: DeadlineKind::AnnualReport,
                period: q.year.to_string(),
                opens: q.start(),
                due: cal.on_or_before(end),
            });
        }
        q = q.next();
    }
    out.retain(|r| r.due >= from && r.due <= to);
    out.sort_by(|a, b| a.due.cmp(&b.due).then(a.kind.cmp(&b.kind)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn obligation_rules_table() {
        let reg = d("2024-03-01");
        let cases = [
            // (last, high hazard, self-inspection due, drill due)
            (None, false, "2024-06-30", "2025-12-31"),
            (None, true, "2024-04-30", "2024-12-31"),
            (Some("2026-08-31"), false, "2026-12-31", "2027-12-31"),
            (Some("2026-08-31"), true, "2026-09-30", "2027-06-30"),
            (Some("2024-01-31"), true, "2024-02-29", "2024-12-31"),
            (Some("2023-11-30"), false, "2024-03-31", "2024-12-31"),
            (Some("2024-02-29"), false, "2024-06-30", "2025-12-31"),
            // The edges: the last day of a period and the first of the next are two periods.
            (Some("2026-03-31"), false, "2026-06-30", "2027-12-31"),
            (Some("2026-04-01"), false, "2026-09-30", "2027-12-31"),
            (Some("2026-06-30"), true, "2026-07-31", "2026-12-31"),
            (Some("2026-07-01"), true, "2026-08-31", "2027-06-30"),
            (Some("2026-12-31"), false, "2027-03-31", "2027-12-31"),
            (Some("2027-01-01"), false, "2027-06-30", "2028-12-31"),
        ];
        for (last, hh, si, drill) in cases {
            let last = last.map(d);
            assert_eq!(self_inspection_due(last, reg, hh), d(si), "{last:?} hh={hh}");
            assert_eq!(drill_due(last, reg, hh), d(drill), "{last:?} hh={hh}");
        }
        assert_eq!(end_of_next_period(d("2026-12-15"), 1), d("2027-01-31"));
        assert_eq!(end_of_next_period(d("2026-11-15"), 6), d("2027-06-30"));
    }

    #[test]
    fn report_calendar_with_holidays_and_adjusted_working_days() {
        let cal = HolidayCalendar::built_in();
        let got: Vec<(String, String, String)> = reports_between(&cal, d("2025-12-01"), d("2026-03-31"))
            .into_iter()
            .map(|r| (r.kind.code().to_string(), r.period, r.due.to_string()))
            .collect();
        let want: Vec<(String, String, String)> = [
            ("monthly_report", "2025-12", "2025-12-01"),
            ("quarterly_report", "2025Q4", "2025-12-31"),
            ("annual_report", "2025", "2025-12-31"),
            // Jan 1-3 are holidays and Sunday Jan 4 is worked in exchange.
            ("monthly_report", "2026-01", "2026-01-04"),
            ("monthly_report", "2026-02", "2026-02-02"),
            ("monthly_report", "2026-03", "2026-03-02"),
            ("quarterly_report", "2026Q1", "2026-03-31"),
        ]
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
        assert_eq!(got, want);
        let oct = reports_between(&cal, d("2026-09-01"), d("2026-10-31"));
        let due: Vec<String> = oct.iter().map(|r| format!("{} {}", r.period, r.due)).collect();
        assert_eq!(due, ["2026-09 2026-09-01", "2026Q3 2026-09-30", "2026-10 2026-10-08"]);
        let q3 = oct.iter().find(|r| r.kind == DeadlineKind::QuarterlyReport).expect("q3");
        assert_eq!(q3.opens, d("2026-09-24"), "the quarterly report window is the quarter's last week");
        // 2024Q3 ends on Monday Sep 30, a working day; 2025Q2 ends on Monday Jun 30.
        let r = reports_between(&cal, d("2024-09-30"), d("2024-09-30"));
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].due, d("2024-09-30"));
    }

    fn item(kind: DeadlineKind, due: &str, severe: bool) -> Deadline {
        Deadline {
            kind,
            due: d(due),
            title: format!("{} {due}", kind.code()),
            unit_id: None,
            unit_uscc: None,
            grid_id: None,
            reference: String::new(),
            severe,
        }
    }

    #[test]
    fn merge_puts_overdue_first_then_weighted_urgency() {
        let today = d("2026-11-23");
        let obligations = vec![
            item(DeadlineKind::SelfInspection, "2026-11-01", false),
            item(DeadlineKind::SelfInspection, "2026-12-03", false),
            item(DeadlineKind::SelfInspection, "2026-12-13", false),
        ];
        let hazards =
            vec![item(DeadlineKind::Hazard, "2026-10-30", true), item(DeadlineKind::Hazard, "2026-12-11", true)];
        let reports = vec![item(DeadlineKind::MonthlyReport, "2026-12-01", false)];
        let numbered = |v: &Vec<Deadline>| v.clone().into_iter().zip(1i64..).collect::<Vec<_>>().into_iter();
        let streams = || -> Vec<crate::domain::deadline_seek::Stream<'_>> {
            vec![
                (0, Box::new(numbered(&obligations))),
                (2, Box::new(numbered(&hazards))),
                (8, Box::new(numbered(&reports))),
            ]
        };
        let merge = |skip, take| -> Vec<Deadline> {
            crate::domain::deadline_seek::merge(streams(), today, true, skip, take)
                .into_iter()
                .map(|(d, _)| d)
                .collect()
        };
        // Worked by hand for 2026-11-23: overdue first by age, then days left x weight:
        // report 8 x 0.7 = 5.6; major hazard 18 x 0.5 = 9; self-inspection 10 x 1.0 = 10; 20.
        let all = merge(0, 100);
        let order: Vec<&str> = all.iter().map(|x| x.title.as_str()).collect();
        assert_eq!(
            order,
            [
                "hazard 2026-10-30",
                "self_inspection 2026-11-01",
                "monthly_report 2026-12-01",
                "hazard 2026-12-11",
                "self_inspection 2026-12-03",
                "self_inspection 2026-12-13",
            ]
        );
        let page = merge(2, 2);
        let titles: Vec<&str> = page.iter().map(|x| x.title.as_str()).collect();
        assert_eq!(titles, ["monthly_report 2026-12-01", "hazard 2026-12-11"], "skip and take page through the merge");
        assert!(merge(6, 10).is_empty());
    }
}

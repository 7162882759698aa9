//! The duty log's rules: what kinds of entry an officer writes, and the one-hour clock a serious
//! accident starts (assessment point 23 of the 2024 points: major accidents reported within one
//! hour).

use chrono::{DateTime, Duration, FixedOffset};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryKind {
    CallReceived,
    FieldVisit,
    ReportSent,
    AlarmHandled,
    /// A serious accident: starts the one-hour reporting clock.
    SeriousAccident,
    Other,
}

impl EntryKind {
    pub const ALL: [EntryKind; 6] = [
        EntryKind::CallReceived,
        EntryKind::FieldVisit,
        EntryKind::ReportSent,
        EntryKind::AlarmHandled,
        EntryKind::SeriousAccident,
        EntryKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EntryKind::CallReceived => "call_received",
            EntryKind::FieldVisit => "field_visit",
            EntryKind::ReportSent => "report_sent",
            EntryKind::AlarmHandled => "alarm_handled",
            EntryKind::SeriousAccident => "serious_accident",
            EntryKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<EntryKind> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    /// A word for a narrow list (the log at 80 columns).
    pub fn short(self, zh: bool) -> &'static str {
        match (self, zh) {
            (EntryKind::CallReceived, true) => "来电",
            (EntryKind::FieldVisit, true) => "检查",
            (EntryKind::ReportSent, true) => "报送",
            (EntryKind::AlarmHandled, true) => "告警",
            (EntryKind::SeriousAccident, true) => "事故",
            (EntryKind::Other, true) => "其他",
            (EntryKind::CallReceived, false) => "call",
            (EntryKind::FieldVisit, false) => "visit",
            (EntryKind::ReportSent, false) => "report",
            (EntryKind::AlarmHandled, false) => "alarm",
            (EntryKind::SeriousAccident, false) => "accident",
            (EntryKind::Other, false) => "other",
        }
    }

    pub fn name(self, zh: bool) -> &'static str {
        match (self, zh) {
            (EntryKind::CallReceived, true) => "接听来电",
            (EntryKind::FieldVisit, true) => "现场检查",
            (EntryKind::ReportSent, true) => "报送材料",
            (EntryKind::AlarmHandled, true) => "处置告警",
            (EntryKind::SeriousAccident, true) => "较大以上事故",
            (EntryKind::Other, true) => "其他",
            (EntryKind::CallReceived, false) => "call received",
            (EntryKind::FieldVisit, false) => "field visit",
            (EntryKind::ReportSent, false) => "report sent",
            (EntryKind::AlarmHandled, false) => "alarm handled",
            (EntryKind::SeriousAccident, false) => "serious accident",
            (EntryKind::Other, false) => "other",
        }
    }
}

/// How long a serious accident may wait before it is reported upwards.
pub const REPORT_WITHIN_MINUTES: i64 = 60;

/// Minutes left to report an accident logged at `at` (negative once overdue).
pub fn minutes_left(at: DateTime<FixedOffset>, now: DateTime<FixedOffset>) -> i64 {
    let deadline = at + Duration::minutes(REPORT_WITHIN_MINUTES);
    let secs = (deadline - now).num_seconds();
    // Round towards the deadline: 30 s left is "1 minute", 30 s late is "-1".
    if secs >= 0 { (secs + 59) / 60 } else { -((-secs + 59) / 60) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_one_hour_clock() {
        let at = DateTime::parse_from_rfc3339("2026-11-23T09:00:00+08:00").expect("t");
        let m = |mins: i64, secs: i64| minutes_left(at, at + Duration::minutes(mins) + Duration::seconds(secs));
        assert_eq!(m(0, 0), 60);
        assert_eq!(m(18, 0), 42);
        assert_eq!(m(59, 30), 1);
        assert_eq!(m(60, 0), 0);
        assert_eq!(m(60, 30), -1);
        assert_eq!(m(75, 0), -15);
        for k in EntryKind::ALL {
            assert_eq!(EntryKind::parse(k.code()), Some(k));
        }
    }
}

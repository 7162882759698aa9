//! The office's own work the report counts besides hazards and tip-offs: enforcement cases (with
//! their fines), training sessions (with the people trained) and publicity events (with the people
//! reached) — plan measures 58/59 and 65, assessment points 12 and 13.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum WorkKind {
    Enforcement,
    Training,
    Publicity,
}

impl WorkKind {
    pub const ALL: [WorkKind; 3] = [WorkKind::Enforcement, WorkKind::Training, WorkKind::Publicity];

    pub fn code(self) -> &'static str {
        match self {
            WorkKind::Enforcement => "enforcement",
            WorkKind::Training => "training",
            WorkKind::Publicity => "publicity",
        }
    }

    pub fn name(self, zh: bool) -> &'static str {
        match (self, zh) {
            (WorkKind::Enforcement, true) => "执法",
            (WorkKind::Training, true) => "培训",
            (WorkKind::Publicity, true) => "宣传",
            (WorkKind::Enforcement, false) => "enforcement",
            (WorkKind::Training, false) => "training",
            (WorkKind::Publicity, false) => "publicity",
        }
    }

    /// The code, the short word or the longer words registers use (执法检查, 安全培训, 宣传活动).
    pub fn parse(s: &str) -> Option<WorkKind> {
        let s = s.trim();
        let long = match s {
            "执法检查" | "行政执法" | "执法案件" | "行政处罚" => "执法",
            "安全培训" | "培训教育" | "教育培训" => "培训",
            "宣传活动" | "安全宣传" | "宣传教育" => "宣传",
            other => other,
        };
        Self::ALL
            .into_iter()
            .find(|k| k.code() == long || k.name(true) == long || k.name(false).eq_ignore_ascii_case(long))
    }

    /// What the number of a record counts: people trained, people reached; nothing for a case.
    pub fn counts_people(self) -> bool {
        self != WorkKind::Enforcement
    }
}

#[cfg(test)]
mod tests {
    use super::WorkKind;

    #[test]
    fn kinds_read_as_registers_write_them() {
        let cases = [
            ("执法", Some(WorkKind::Enforcement)),
            ("行政处罚", Some(WorkKind::Enforcement)),
            ("安全培训", Some(WorkKind::Training)),
            ("Publicity", Some(WorkKind::Publicity)),
            ("宣传教育", Some(WorkKind::Publicity)),
            ("会议", None),
        ];
        for (s, want) in cases {
            assert_eq!(WorkKind::parse(s), want, "{s}");
        }
        assert!(!WorkKind::Enforcement.counts_people() && WorkKind::Training.counts_people());
    }
}

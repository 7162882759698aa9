//! The hazard closed loop: found → rectifying → awaiting verification → closed (销号). Overdue is
//! not a state: it is derived from the deadline and today's date wherever it is shown.

use super::OperatorRole;
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HazardStatus {
    Found,
    Rectifying,
    AwaitingVerification,
    Closed,
}

impl HazardStatus {
    pub const ALL: [HazardStatus; 4] = [Self::Found, Self::Rectifying, Self::AwaitingVerification, Self::Closed];

    pub fn code(self) -> &'static str {
        match self {
            Self::Found => "found",
            Self::Rectifying => "rectifying",
            Self::AwaitingVerification => "awaiting_verification",
            Self::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }

    pub fn name(self, zh: bool) -> &'static str {
        match (self, zh) {
            (Self::Found, true) => "已发现",
            (Self::Rectifying, true) => "整改中",
            (Self::AwaitingVerification, true) => "待验收",
            (Self::Closed, true) => "已销号",
            (Self::Found, false) => "found",
            (Self::Rectifying, false) => "rectifying",
            (Self::AwaitingVerification, false) => "awaiting check",
            (Self::Closed, false) => "closed",
        }
    }
}

/// Where a hazard came from (隐患来源); the assessment counts self-found ones separately.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HazardSource {
    SelfInspection,
    Inspection,
    Tipoff,
    Alarm,
    Other,
}

impl HazardSource {
    pub const ALL: [HazardSource; 5] = [Self::SelfInspection, Self::Inspection, Self::Tipoff, Self::Alarm, Self::Other];

    pub fn code(self) -> &'static str {
        match self {
            Self::SelfInspection => "self_inspection",
            Self::Inspection => "inspection",
            Self::Tipoff => "tipoff",
            Self::Alarm => "alarm",
            Self::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }

    pub fn name(self, zh: bool) -> &'static str {
        match (self, zh) {
            (Self::SelfInspection, true) => "企业自查",
            (Self::Inspection, true) => "督导检查",
            (Self::Tipoff, true) => "举报查实",
            (Self::Alarm, true) => "监测预警",
            (Self::Other, true) => "其他",
            (Self::SelfInspection, false) => "self-inspection",
            (Self::Inspection, false) => "inspection",
            (Self::Tipoff, false) => "verified tip-off",
            (Self::Alarm, false) => "alarm",
            (Self::Other, false) => "other",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("a hazard that is {from} cannot become {to}")]
    NotAllowed { from: &'static str, to: &'static str },
    #[error("closing a major hazard needs the supervisor role; you are {role}")]
    NeedsSupervisor { role: &'static str },
    #[error("only duty officers and above may change hazards; you are {role}")]
    ReadOnly { role: &'static str },
    #[error("closing a hazard needs the verification note (验收意见)")]
    NoVerdict,
    #[error("closing a hazard needs the rectification evidence (整改证据)")]
    NoEvidence,
}

/// A hazard is closed on a written verification and on evidence that it was rectified, never on
/// a key alone.
pub fn check_closure(note: &str, evidence: &str) -> Result<(), TransitionError> {
    if note.trim().is_empty() {
        return Err(TransitionError::NoVerdict);
    }
    if evidence.trim().is_empty() {
        return Err(TransitionError::NoEvidence);
    }
    Ok(())
}

/// Checks one step of the loop. Allowed: start rectifying; report it rectified (also straight from
/// found, for 立行立改); verification passes (close) or fails (back to rectifying); a closed hazard
/// may be reopened. Closing a major hazard is the supervisor's decision.
pub fn check_transition(
    from: HazardStatus,
    to: HazardStatus,
    major: bool,
    role: OperatorRole,
) -> Result<(), TransitionError> {
    use HazardStatus::*;
    if role < OperatorRole::Duty {
        return Err(TransitionError::ReadOnly { role: role.code() });
    }
    let allowed = matches!(
        (from, to),
        (Found, Rectifying)
            | (Found, AwaitingVerification)
            | (Rectifying, AwaitingVerification)
            | (AwaitingVerification, Closed)
            | (AwaitingVerification, Rectifying)
            | (Closed, Rectifying)
    );
    if !allowed {
        return Err(TransitionError::NotAllowed { from: from.code(), to: to.code() });
    }
    if to == Closed && major && role < OperatorRole::Supervisor {
        return Err(TransitionError::NeedsSupervisor { role: role.code() });
    }
    Ok(())
}

/// Overdue: the deadline has passed and the hazard is not closed.
pub fn overdue(status: HazardStatus, deadline: NaiveDate, today: NaiveDate) -> bool {
    status != HazardStatus::Closed && deadline < today
}

#[cfg(test)]
mod tests {
    use super::*;
    use HazardStatus::*;
    use OperatorRole::*;

    #[test]
    fn closing_needs_a_verdict_and_evidence() {
        for (note, evidence, ok) in
            [("复查合格", "整改照片3张", true), ("", "照片", false), ("  ", "照片", false), ("复查合格", " ", false)]
        {
            assert_eq!(check_closure(note, evidence).is_ok(), ok, "{note:?} {evidence:?}");
        }
    }

    #[test]
    fn every_transition_for_every_role() {
        let allowed = [
            (Found, Rectifying),
            (Found, AwaitingVerification),
            (Rectifying, AwaitingVerification),
            (AwaitingVerification, Closed),
            (AwaitingVerification, Rectifying),
            (Closed, Rectifying),
        ];
        for from in HazardStatus::ALL {
            for to in HazardStatus::ALL {
                for major in [false, true] {
                    for role in [Viewer, Duty, Supervisor, Admin] {
                        let got = check_transition(from, to, major, role);
                        let want = if role == Viewer {
                            Err(TransitionError::ReadOnly { role: "viewer" })
                        } else if !allowed.contains(&(from, to)) {
                            Err(TransitionError::NotAllowed { from: from.code(), to: to.code() })
                        } else if to == Closed && major && role == Duty {
                            Err(TransitionError::NeedsSupervisor { role: "duty" })
                        } else {
                            Ok(())
                        };
                        assert_eq!(got, want, "{from:?} -> {to:?} major={major} {role:?}");
                    }
                }
            }
        }
        assert_eq!(
            check_transition(AwaitingVerification, Closed, true, Duty).map_err(|e| e.to_string()),
            Err("closing a major hazard needs the supervisor role; you are duty".into())
        );
        assert_eq!(
            check_transition(Found, Closed, false, Admin).map_err(|e| e.to_string()),
            Err("a hazard that is found cannot become closed".into())
        );
    }

    #[test]
    fn overdue_is_derived() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        assert!(overdue(Rectifying, d("2026-11-22"), d("2026-11-23")));
        assert!(!overdue(Rectifying, d("2026-11-23"), d("2026-11-23")), "due today is not yet overdue");
        assert!(!overdue(Closed, d("2026-01-01"), d("2026-11-23")));
        for s in HazardStatus::ALL {
            assert_eq!(HazardStatus::parse(s.code()), Some(s));
        }
        for s in HazardSource::ALL {
            assert_eq!(HazardSource::parse(s.code()), Some(s));
        }
    }
}

//! Why a step was refused, in the operator's language. The domain's rules say it in English for
//! logs and the command line; a screen says it with the statuses' and roles' own words.

use crate::domain::OperatorRole;
use crate::domain::alarm::{AlarmStatus, AlarmTransitionError};
use crate::domain::hazard::{HazardStatus, TransitionError};
use crate::domain::tipoff::{TipoffError, TipoffStatus};
use crate::i18n::{Lang, T};

fn role(lang: Lang, code: &str) -> String {
    OperatorRole::parse(code).map(|r| r.name(lang.zh()).to_string()).unwrap_or_else(|| code.to_string())
}

fn not_allowed(lang: Lang, id: i64, from: String, to: String) -> String {
    T::StepRefused.fill(lang, &[("id", &id), ("from", &from), ("to", &to)])
}

fn read_only(lang: Lang, code: &str) -> String {
    T::RoleReadOnly.fill(lang, &[("role", &role(lang, code))])
}

pub fn alarm(lang: Lang, id: i64, e: &AlarmTransitionError) -> String {
    let status =
        |c: &str| AlarmStatus::parse(c).map(|s| T::alarm_status(s).get(lang).to_string()).unwrap_or_else(|| c.into());
    match e {
        AlarmTransitionError::NotAllowed { from, to } => not_allowed(lang, id, status(from), status(to)),
        AlarmTransitionError::ReadOnly { role } => read_only(lang, role),
    }
}

pub fn hazard(lang: Lang, id: i64, e: &TransitionError) -> String {
    let status = |c: &str| HazardStatus::parse(c).map(|s| s.name(lang.zh()).to_string()).unwrap_or_else(|| c.into());
    match e {
        TransitionError::NotAllowed { from, to } => not_allowed(lang, id, status(from), status(to)),
        TransitionError::NeedsSupervisor { role: r } => T::MajorNeedsSupervisor.fill(lang, &[("role", &role(lang, r))]),
        TransitionError::ReadOnly { role } => read_only(lang, role),
        TransitionError::NoVerdict => T::VerdictMissing.get(lang).to_string(),
        TransitionError::NoEvidence => T::EvidenceMissing.get(lang).to_string(),
    }
}

pub fn tipoff(lang: Lang, id: i64, e: &TipoffError) -> String {
    let status = |c: &str| TipoffStatus::parse(c).map(|s| s.name(lang.zh()).to_string()).unwrap_or_else(|| c.into());
    match e {
        TipoffError::NotAllowed { from, to } => not_allowed(lang, id, status(from), status(to)),
        TipoffError::ReadOnly { role } => read_only(lang, role),
        TipoffError::RewardNeedsSupervisor { role: r } => {
            T::RewardNeedsSupervisor.fill(lang, &[("role", &role(lang, r))])
        }
        TipoffError::NotSubstantiated => T::RewardOnlySubstantiated.get(lang).to_string(),
        TipoffError::AlreadyExtended => T::AlreadyExtended.get(lang).to_string(),
        TipoffError::BadExtension { days, max } => T::BadExtension.fill(lang, &[("days", days), ("max", max)]),
        TipoffError::ExtensionReason => T::ExtensionReasonMissing.get(lang).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_read_in_chinese() {
        let e = AlarmTransitionError::NotAllowed { from: "resolved", to: "acknowledged" };
        assert_eq!(alarm(Lang::Zh, 38, &e), "#38 现为“已处置”，不能改为“已确认”");
        assert_eq!(
            hazard(Lang::Zh, 5, &TransitionError::NeedsSupervisor { role: "duty" }),
            "重大隐患须由主管验收销号（当前角色：值班）"
        );
        assert!(tipoff(Lang::En, 6, &TipoffError::AlreadyExtended).starts_with("The verification period"));
    }
}

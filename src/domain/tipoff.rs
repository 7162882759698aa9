//! Tip-offs (举报) as the office works them: the states from receipt to closing, who may move
//! them, the verification and reply clocks (verify within 60 days of acceptance, extendable once
//! by up to 30 days with a reason; reply within 10 days of the verification result: the periods
//! of 安监总财〔2012〕63号 art. 10(3) and 11(6); configurable per office), the reward proposal by
//! the rules in force (安全生产领域举报奖励办法, 安监总财〔2018〕19号: for a major hazard or illegal
//! production 15 % of the fine, at least ¥3,000 and at most ¥300,000; for a concealed or falsely
//! reported accident ¥30,000 / 40,000 / 50,000 / 60,000 per concealed death by the accident's
//! level, at most ¥300,000), and how a reporter's identity is masked on screen.

use super::OperatorRole;
use chrono::{Duration, NaiveDate};

macro_rules! coded {
    ($name:ident { $($v:ident = $code:literal, $zh:literal, $en:literal;)* }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($v),* }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v),*];
            pub fn code(self) -> &'static str { match self { $($name::$v => $code),* } }
            pub fn name(self, zh: bool) -> &'static str {
                match self { $($name::$v => if zh { $zh } else { $en }),* }
            }
            pub fn parse(s: &str) -> Option<$name> {
                let t = s.trim();
                Self::ALL.iter().copied().find(|x| x.code() == t || x.name(true) == t)
            }
        }
    };
}

coded!(TipoffStatus {
    Received = "received", "已接收", "received";
    Accepted = "accepted", "已受理", "accepted";
    Transferred = "transferred", "已移送", "transferred";
    Verifying = "verifying", "核查中", "verifying";
    Substantiated = "substantiated", "属实", "substantiated";
    Unsubstantiated = "unsubstantiated", "不属实", "unsubstantiated";
    Replied = "replied", "已反馈", "replied";
    Rewarded = "rewarded", "已奖励", "rewarded";
    Closed = "closed", "已办结", "closed";
});

coded!(Channel {
    Hotline = "hotline", "12350热线", "hotline";
    Letter = "letter", "来信", "letter";
    Visit = "visit", "来访", "visit";
    Staff = "staff", "内部人员", "staff";
    Platform = "open311", "平台转办", "platform";
});

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TipoffError {
    #[error("a tip-off that is {from} cannot become {to}")]
    NotAllowed { from: &'static str, to: &'static str },
    #[error("only duty officers and above may work tip-offs; you are {role}")]
    ReadOnly { role: &'static str },
    #[error("a reward is decided by a supervisor; you are {role}")]
    RewardNeedsSupervisor { role: &'static str },
    #[error("only a substantiated tip-off is rewarded")]
    NotSubstantiated,
    #[error("the verification period was already extended once")]
    AlreadyExtended,
    #[error("an extension is 1 to {max} days, not {days}")]
    BadExtension { days: i64, max: i64 },
    #[error("an extension needs a reason")]
    ExtensionReason,
}

/// One step of the workflow. `substantiated` is the verification result when there is one.
pub fn check_transition(
    from: TipoffStatus,
    to: TipoffStatus,
    substantiated: Option<bool>,
    role: OperatorRole,
) -> Result<(), TipoffError> {
    use TipoffStatus::*;
    if role < OperatorRole::Duty {
        return Err(TipoffError::ReadOnly { role: role.code() });
    }
    let allowed = matches!(
        (from, to),
        (Received, Accepted)
            | (Received, Closed)
            | (Accepted, Transferred | Verifying)
            | (Transferred, Replied | Closed)
            | (Verifying, Substantiated | Unsubstantiated)
            | (Substantiated | Unsubstantiated, Replied)
            | (Replied, Rewarded | Closed)
            | (Rewarded, Closed)
    );
    if !allowed {
        return Err(TipoffError::NotAllowed { from: from.code(), to: to.code() });
    }
    if to == Rewarded {
        if substantiated != Some(true) {
            return Err(TipoffError::NotSubstantiated);
        }
        if role < OperatorRole::Supervisor {
            return Err(TipoffError::RewardNeedsSupervisor { role: role.code() });
        }
    }
    Ok(())
}

/// The rules the reward proposals follow, as cited to the officer.
pub const REWARD_RULES_ZH: &str = "《安全生产领域举报奖励办法》安监总财〔2018〕19号";
pub const REWARD_RULES_EN: &str = "rules for rewarding tip-offs on work safety, 2018";

/// Accident levels as the 2018 rules grade rewards for a concealed accident (一般 … 特别重大).
pub const ACCIDENT_LEVELS: [(&str, &str); 4] =
    [("一般事故", "Ordinary"), ("较大事故", "Larger"), ("重大事故", "Major"), ("特别重大事故", "Especially major")];

/// What a reward is for, as the 2018 rules tell the cases apart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RewardCase {
    /// A major hazard or illegal production, by the fine imposed (yuan).
    Violation { fine: f64 },
    /// A concealed or falsely reported accident: its level (0 一般 … 3 特别重大) and the deaths
    /// found concealed.
    ConcealedAccident { level: usize, deaths: u32 },
}

/// The office's clocks and reward rule (config `[tipoffs]`).
#[derive(Debug, Clone, Copy, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TipoffRules {
    pub verify_days: i64,
    pub max_extension_days: i64,
    pub reply_days: i64,
    /// Reward proposal for a major hazard or illegal production: this percentage of the fine,
    /// clamped to [min, max] yuan.
    pub reward_percent: f64,
    pub reward_min: f64,
    pub reward_max: f64,
    /// For a concealed or falsely reported accident: yuan per concealed death, by the accident's
    /// level (一般, 较大, 重大, 特别重大), at most `reward_max`.
    pub reward_per_death: [f64; 4],
}

impl Default for TipoffRules {
    fn default() -> Self {
        TipoffRules {
            verify_days: 60,
            max_extension_days: 30,
            reply_days: 10,
            reward_percent: 15.0,
            reward_min: 3_000.0,
            reward_max: 300_000.0,
            reward_per_death: [30_000.0, 40_000.0, 50_000.0, 60_000.0],
        }
    }
}

impl TipoffRules {
    pub fn verify_due(&self, accepted_on: NaiveDate, extension_days: i64) -> NaiveDate {
        accepted_on + Duration::days(self.verify_days + extension_days)
    }

    pub fn reply_due(&self, verified_on: NaiveDate) -> NaiveDate {
        verified_on + Duration::days(self.reply_days)
    }

    /// One extension, of 1 to `max_extension_days`, with a reason.
    pub fn check_extension(&self, already: bool, days: i64, reason: &str) -> Result<(), TipoffError> {
        if already {
            return Err(TipoffError::AlreadyExtended);
        }
        if !(1..=self.max_extension_days).contains(&days) {
            return Err(TipoffError::BadExtension { days, max: self.max_extension_days });
        }
        if reason.trim().is_empty() {
            return Err(TipoffError::ExtensionReason);
        }
        Ok(())
    }

    /// The proposed reward for the case, rounded to the yuan; the officer decides.
    pub fn propose(&self, case: RewardCase) -> f64 {
        match case {
            RewardCase::Violation { fine } => self.propose_reward(fine),
            RewardCase::ConcealedAccident { level, deaths } => self.propose_concealed(level, deaths),
        }
    }

    /// How the proposal for `case` follows from the rules, in words, naming the rules (for the
    /// tip-off's timeline and the form's message).
    pub fn basis(&self, case: RewardCase, zh: bool) -> String {
        let amount = self.propose(case);
        let max = self.reward_max;
        match case {
            RewardCase::Violation { fine } if zh => format!(
                "罚款 {fine:.0} 元的 {}%，不低于 {:.0} 元、不超过 {max:.0} 元，计 {amount:.0} 元（{REWARD_RULES_ZH}）",
                self.reward_percent, self.reward_min
            ),
            RewardCase::Violation { fine } => format!(
                "{}% of the fine of {fine:.0} yuan, at least {:.0} and at most {max:.0}: {amount:.0} yuan ({REWARD_RULES_EN})",
                self.reward_percent, self.reward_min
            ),
            RewardCase::ConcealedAccident { level, deaths } => {
                let level = level.min(3);
                let per = self.reward_per_death[level];
                let (zh_level, en_level) = ACCIDENT_LEVELS[level];
                if zh {
                    format!(
                        "{zh_level}瞒报谎报 {deaths} 人，每人 {per:.0} 元，不超过 {max:.0} 元，计 {amount:.0} 元（{REWARD_RULES_ZH}）"
                    )
                } else {
                    format!(
                        "{en_level} accident, {deaths} concealed death(s) at {per:.0} yuan each, at most {max:.0}: {amount:.0} yuan ({REWARD_RULES_EN})"
                    )
                }
            }
        }
    }

    /// The proposed reward for a major hazard or illegal production found on a tip-off, from
    /// the fine (yuan), rounded to the yuan; the officer decides.
    pub fn propose_reward(&self, fine: f64) -> f64 {
        if fine <= 0.0 {
            return self.reward_min;
        }
        (fine * self.reward_percent / 100.0).clamp(self.reward_min, self.reward_max).round()
    }

    /// The proposed reward for a concealed or falsely reported accident: per concealed death by
    /// the accident's level (0 一般 … 3 特别重大), at most `reward_max`.
    pub fn propose_concealed(&self, level: usize, deaths: u32) -> f64 {
        let per = self.reward_per_death.get(level.min(3)).copied().unwrap_or(0.0);
        (per * f64::from(deaths)).min(self.reward_max).round()
    }
}

#[cfg(test)]
mod tests {
    use super::TipoffStatus::*;
    use super::*;

    #[test]
    fn every_transition_allowed_or_refused() {
        let allowed = [
            (Received, Accepted),
            (Received, Closed),
            (Accepted, Transferred),
            (Accepted, Verifying),
            (Transferred, Replied),
            (Transferred, Closed),
            (Verifying, Substantiated),
            (Verifying, Unsubstantiated),
            (Substantiated, Replied),
            (Unsubstantiated, Replied),
            (Replied, Rewarded),
            (Replied, Closed),
            (Rewarded, Closed),
        ];
        for &from in TipoffStatus::ALL {
            for &to in TipoffStatus::ALL {
                let r = check_transition(from, to, Some(true), OperatorRole::Supervisor);
                assert_eq!(r.is_ok(), allowed.contains(&(from, to)), "{from:?} → {to:?}: {r:?}");
            }
        }
        assert_eq!(
            check_transition(Received, Accepted, None, OperatorRole::Viewer),
            Err(TipoffError::ReadOnly { role: "viewer" })
        );
        assert_eq!(
            check_transition(Replied, Rewarded, Some(false), OperatorRole::Supervisor),
            Err(TipoffError::NotSubstantiated)
        );
        assert_eq!(
            check_transition(Replied, Rewarded, Some(true), OperatorRole::Duty),
            Err(TipoffError::RewardNeedsSupervisor { role: "duty" })
        );
        assert_eq!(
            check_transition(Closed, Accepted, None, OperatorRole::Admin).map_err(|e| e.to_string()),
            Err("a tip-off that is closed cannot become accepted".into())
        );
    }

    #[test]
    fn clocks_extension_once_and_reward() {
        let r = TipoffRules::default();
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        assert_eq!(r.verify_due(d("2026-11-01"), 0), d("2026-12-31"));
        assert_eq!(r.verify_due(d("2026-11-01"), 30), d("2027-01-30"));
        assert_eq!(r.reply_due(d("2026-12-25")), d("2027-01-04"));
        assert_eq!(r.check_extension(false, 30, "需检测报告"), Ok(()));
        assert_eq!(r.check_extension(true, 10, "再延"), Err(TipoffError::AlreadyExtended));
        assert_eq!(r.check_extension(false, 31, "x"), Err(TipoffError::BadExtension { days: 31, max: 30 }));
        assert_eq!(r.check_extension(false, 0, "x"), Err(TipoffError::BadExtension { days: 0, max: 30 }));
        assert_eq!(r.check_extension(false, 5, " "), Err(TipoffError::ExtensionReason));
        // 安监总财〔2018〕19号: 15 % of the fine, ¥3,000 to ¥300,000.
        for (fine, reward) in [
            (0.0, 3_000.0),
            (1000.0, 3_000.0),
            (19_999.0, 3_000.0),
            (20_000.0, 3_000.0),
            (40_000.0, 6_000.0),
            (2_000_000.0, 300_000.0),
            (10_000_000.0, 300_000.0),
        ] {
            assert_eq!(r.propose_reward(fine), reward, "{fine}");
        }
        // Concealed deaths: ¥30,000 / 40,000 / 50,000 / 60,000 each by level, at most ¥300,000.
        for (level, deaths, reward) in [
            (0, 1, 30_000.0),
            (1, 2, 80_000.0),
            (2, 3, 150_000.0),
            (3, 4, 240_000.0),
            (3, 5, 300_000.0),
            (0, 11, 300_000.0),
        ] {
            assert_eq!(r.propose_concealed(level, deaths), reward, "{level} {deaths}");
            assert_eq!(r.propose(RewardCase::ConcealedAccident { level, deaths }), reward);
        }
        // The bounds of each case, and the words naming the rule used.
        assert_eq!(r.propose(RewardCase::Violation { fine: 20_000.0 }), 3_000.0, "the floor");
        assert_eq!(r.propose(RewardCase::Violation { fine: 20_000_000.0 }), 300_000.0, "the ceiling");
        assert_eq!(r.propose(RewardCase::ConcealedAccident { level: 3, deaths: 0 }), 0.0, "no death, no reward");
        assert_eq!(
            r.basis(RewardCase::ConcealedAccident { level: 1, deaths: 2 }, true),
            "较大事故瞒报谎报 2 人，每人 40000 元，不超过 300000 元，计 80000 元（《安全生产领域举报奖励办法》安监总财〔2018〕19号）"
        );
        assert_eq!(
            r.basis(RewardCase::Violation { fine: 40_000.0 }, true),
            "罚款 40000 元的 15%，不低于 3000 元、不超过 300000 元，计 6000 元（《安全生产领域举报奖励办法》安监总财〔2018〕19号）"
        );
        assert!(
            r.basis(RewardCase::ConcealedAccident { level: 9, deaths: 11 }, false)
                .starts_with("Especially major accident, 11")
        );
    }

    #[test]
    fn parses() {
        assert_eq!(Channel::parse("hotline"), Some(Channel::Hotline));
        assert_eq!(TipoffStatus::parse("属实"), Some(Substantiated));
    }
}

//! Alarms as the duty queue works them: a level (red/orange/yellow/blue, the same four colours as
//! risk and as warning levels I–IV), a status loop (new → acknowledged → dispatched → resolved or
//! false alarm), and the rules that keep one alarm per upstream event.

use super::{OperatorRole, RiskLevel};
use chrono::{DateTime, FixedOffset};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AlarmStatus {
    New,
    Acknowledged,
    Dispatched,
    Resolved,
    FalseAlarm,
    /// Withdrawn by the sender (CAP Cancel) or replaced by a newer message (CAP Update).
    Cancelled,
}

impl AlarmStatus {
    pub const ALL: [AlarmStatus; 6] =
        [Self::New, Self::Acknowledged, Self::Dispatched, Self::Resolved, Self::FalseAlarm, Self::Cancelled];

    pub fn code(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Acknowledged => "acknowledged",
            Self::Dispatched => "dispatched",
            Self::Resolved => "resolved",
            Self::FalseAlarm => "false_alarm",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }

    /// Whether the alarm still needs the duty officer.
    pub fn open(self) -> bool {
        matches!(self, Self::New | Self::Acknowledged | Self::Dispatched)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AlarmTransitionError {
    #[error("an alarm that is {from} cannot become {to}")]
    NotAllowed { from: &'static str, to: &'static str },
    #[error("only duty officers and above may work alarms; you are {role}")]
    ReadOnly { role: &'static str },
}

/// One step of the queue. Acknowledge, dispatch, and close (resolved or false alarm) from any open
/// state; a closed alarm stays closed (a new trigger opens a new alarm instead).
pub fn check_alarm_transition(
    from: AlarmStatus,
    to: AlarmStatus,
    role: OperatorRole,
) -> Result<(), AlarmTransitionError> {
    use AlarmStatus::*;
    if role < OperatorRole::Duty {
        return Err(AlarmTransitionError::ReadOnly { role: role.code() });
    }
    let ok = matches!(
        (from, to),
        (New, Acknowledged)
            | (New | Acknowledged, Dispatched)
            | (New | Acknowledged | Dispatched, Resolved | FalseAlarm)
    );
    if ok { Ok(()) } else { Err(AlarmTransitionError::NotAllowed { from: from.code(), to: to.code() }) }
}

/// The level of a CAP warning: a colour parameter when the sender gives one (Chinese warning
/// systems publish 红色/橙色/黄色/蓝色 or I–IV), else the severity
/// (Extreme/Severe/Moderate/Minor → red/orange/yellow/blue; Unknown → blue). When the feed's
/// config names the parameter (`level_parameter`), only that one is read; otherwise any parameter
/// whose name speaks of a colour or level. Also returned: the level word that was there but not
/// understood (the level then comes from the severity, and the alarm says so: a word is never
/// silently replaced). The office's own `words` (a sender's word for a level, e.g. 特别严重 → red)
/// are read before the built-in ones.
pub fn cap_level_read(
    severity: &str,
    parameters: &[(String, String)],
    named: Option<&str>,
    words: &[(String, RiskLevel)],
) -> (RiskLevel, Option<String>) {
    let mut unread = None;
    for (name, value) in parameters {
        let n = name.to_ascii_lowercase();
        let candidate = match named {
            Some(wanted) => name.trim().eq_ignore_ascii_case(wanted.trim()),
            None => {
                n.contains("colo")
                    || n.contains("level")
                    || name.contains("级别")
                    || name.contains("颜色")
                    || name.contains("級別")
                    || name.contains("顏色")
            }
        };
        if candidate {
            let own = words.iter().find(|(w, _)| w.trim() == value.trim()).map(|(_, l)| *l);
            match own.or_else(|| colour_level(value)) {
                Some(level) => return (level, None),
                None if unread.is_none() && !value.trim().is_empty() => unread = Some(value.trim().to_string()),
                None => {}
            }
        }
    }
    let by_severity = match severity {
        "Extreme" => RiskLevel::Major,
        "Severe" => RiskLevel::Significant,
        "Moderate" => RiskLevel::General,
        _ => RiskLevel::Low,
    };
    (by_severity, unread)
}

/// Traditional characters of the level words, as their simplified forms.
fn simplified(c: char) -> char {
    match c {
        '紅' => '红',
        '藍' => '蓝',
        '黃' => '黄',
        '預' => '预',
        '級' => '级',
        '險' => '险',
        '風' => '风',
        '較' => '较',
        other => other,
    }
}

/// "red", "红色", "紅色預警", "I", "Ⅰ级", "一级", "I級", "1" … → a level.
pub fn colour_level(value: &str) -> Option<RiskLevel> {
    let v: String = value.trim().chars().map(simplified).collect();
    let v = v.trim_end_matches("预警").trim_end_matches('级').trim_end_matches(" level").trim().to_ascii_lowercase();
    let ordinal = match v.as_str() {
        "Ⅰ" | "ⅰ" | "一" => Some(RiskLevel::Major),
        "Ⅱ" | "ⅱ" | "二" => Some(RiskLevel::Significant),
        "Ⅲ" | "ⅲ" | "三" => Some(RiskLevel::General),
        "Ⅳ" | "ⅳ" | "四" => Some(RiskLevel::Low),
        _ => None,
    };
    ordinal.or_else(|| RiskLevel::parse(&v))
}

/// What an incoming trigger does to the store, given the open alarm with the same key, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dedup {
    /// No open alarm has this key: a new alarm.
    Open,
    /// The same event again: raise the count and the last-seen time, add no row.
    Repeat,
}

pub fn dedup(open_alarm_with_same_key: Option<AlarmStatus>) -> Dedup {
    match open_alarm_with_same_key {
        Some(s) if s.open() => Dedup::Repeat,
        _ => Dedup::Open,
    }
}

/// Expired: its `expires` has passed. Derived, like overdue, never stored.
pub fn expired(expires: Option<DateTime<FixedOffset>>, now: DateTime<FixedOffset>) -> bool {
    expires.is_some_and(|e| e <= now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use AlarmStatus::*;

    #[test]
    fn level_words_simplified_traditional_ordinal_and_english() {
        use RiskLevel::*;
        for (word, level) in [
            ("红", Major),
            ("紅色", Major),
            ("紅色預警", Major),
            ("橙色预警", Significant),
            ("黃色", General),
            ("藍色預警", Low),
            ("Ⅰ级", Major),
            ("一级", Major),
            ("二級", Significant),
            ("III", General),
            ("IV級", Low),
            ("Orange", Significant),
            ("yellow", General),
        ] {
            assert_eq!(colour_level(word), Some(level), "{word}");
        }
        assert_eq!(colour_level("紫色"), None);
        let p = |v: &str| vec![("预警颜色".to_string(), v.to_string())];
        assert_eq!(cap_level_read("Moderate", &p("紅色"), Some("预警颜色"), &[]), (Major, None));
        assert_eq!(
            cap_level_read("Severe", &p("紫色"), Some("预警颜色"), &[]),
            (Significant, Some("紫色".into())),
            "a word not understood is returned, the level from the severity"
        );
        let own = [("紫色".to_string(), Major), ("红色".to_string(), Low)];
        assert_eq!(
            cap_level_read("Severe", &p("紫色"), Some("预警颜色"), &own),
            (Major, None),
            "the office's own word is read"
        );
        assert_eq!(cap_level_read("Severe", &p(" 红色 "), Some("预警颜色"), &own), (Low, None), "and comes first");
    }

    #[test]
    fn every_transition_for_every_role() {
        let allowed = [
            (New, Acknowledged),
            (New, Dispatched),
            (Acknowledged, Dispatched),
            (New, Resolved),
            (Acknowledged, Resolved),
            (Dispatched, Resolved),
            (New, FalseAlarm),
            (Acknowledged, FalseAlarm),
            (Dispatched, FalseAlarm),
        ];
        for from in AlarmStatus::ALL {
            for to in AlarmStatus::ALL {
                for role in [OperatorRole::Viewer, OperatorRole::Duty, OperatorRole::Supervisor] {
                    let want = if role == OperatorRole::Viewer {
                        Err(AlarmTransitionError::ReadOnly { role: "viewer" })
                    } else if allowed.contains(&(from, to)) {
                        Ok(())
                    } else {
                        Err(AlarmTransitionError::NotAllowed { from: from.code(), to: to.code() })
                    };
                    assert_eq!(check_alarm_transition(from, to, role), want, "{from:?} -> {to:?} {role:?}");
                }
            }
        }
    }

    #[test]
    fn levels_from_severity_or_a_colour_parameter() {
        let p = |n: &str, v: &str| vec![(n.to_string(), v.to_string())];
        assert_eq!(cap_level_read("Extreme", &[], None, &[]).0, RiskLevel::Major);
        assert_eq!(cap_level_read("Severe", &[], None, &[]).0, RiskLevel::Significant);
        assert_eq!(cap_level_read("Moderate", &[], None, &[]).0, RiskLevel::General);
        assert_eq!(cap_level_read("Minor", &[], None, &[]).0, RiskLevel::Low);
        assert_eq!(cap_level_read("Unknown", &[], None, &[]).0, RiskLevel::Low);
        assert_eq!(
            cap_level_read("Minor", &p("预警级别", "红色预警"), None, &[]).0,
            RiskLevel::Major,
            "the sender's colour wins"
        );
        assert_eq!(cap_level_read("Extreme", &p("alertColor", "Yellow"), None, &[]).0, RiskLevel::General);
        assert_eq!(cap_level_read("Minor", &p("level", "Ⅱ级"), None, &[]).0, RiskLevel::Significant);
        assert_eq!(
            cap_level_read("Severe", &p("WMOHEADER", "red"), None, &[]).0,
            RiskLevel::Significant,
            "other parameters are not levels"
        );
        // A configured parameter is the only one read, whatever its name.
        let two = vec![("WMOHEADER".to_string(), "red".to_string()), ("alertColor".to_string(), "blue".to_string())];
        assert_eq!(cap_level_read("Minor", &two, Some("wmoheader"), &[]).0, RiskLevel::Major);
        assert_eq!(cap_level_read("Minor", &two, None, &[]).0, RiskLevel::Low, "without config: the colour-named one");
        assert_eq!(
            cap_level_read("Severe", &two, Some("预警颜色"), &[]).0,
            RiskLevel::Significant,
            "absent: the severity"
        );
        assert_eq!(colour_level("IV"), Some(RiskLevel::Low));
        assert_eq!(colour_level("purple"), None);
    }

    #[test]
    fn one_open_alarm_per_key_and_retrigger_after_closing() {
        assert_eq!(dedup(None), Dedup::Open);
        assert_eq!(dedup(Some(New)), Dedup::Repeat);
        assert_eq!(dedup(Some(Dispatched)), Dedup::Repeat);
        assert_eq!(dedup(Some(Resolved)), Dedup::Open, "a trigger after resolution opens a new alarm");
        assert_eq!(dedup(Some(FalseAlarm)), Dedup::Open);
        let t = |s: &str| DateTime::parse_from_rfc3339(s).expect("time");
        assert!(expired(Some(t("2026-11-23T10:00:00+08:00")), t("2026-11-23T10:00:00+08:00")));
        assert!(!expired(Some(t("2026-11-23T10:00:01+08:00")), t("2026-11-23T10:00:00+08:00")));
        assert!(!expired(None, t("2026-11-23T10:00:00+08:00")));
    }
}

//! Silences: a duty officer's "I know, stop telling me" for a set of alarms, for a while and for
//! a stated reason. A silenced alarm stays in the queue (nothing is hidden), it only stops
//! notifying and escalating. The matcher is a few `field=value` terms that must all hold:
//! `level`, `feed`, `unit` (USCC) and `status` compare whole values; `event` and `area` match a
//! part of the text (warnings name areas in long phrases).

use super::RiskLevel;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    Level(RiskLevel),
    Feed(String),
    Unit(String),
    Event(String),
    Area(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matcher {
    pub terms: Vec<Term>,
}

/// The facts of an alarm that a matcher looks at.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    pub level: RiskLevel,
    pub feed: &'a str,
    pub unit_uscc: Option<&'a str>,
    pub event: &'a str,
    pub area: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MatcherError {
    #[error("the matcher is empty; give at least one field=value (level, feed, unit, event, area)")]
    Empty,
    #[error("\"{0}\" is not field=value")]
    NotATerm(String),
    #[error("\"{0}\" is not a field a silence can match (level, feed, unit, event, area)")]
    UnknownField(String),
    #[error("\"{0}\" is not a level (red, orange, yellow, blue)")]
    BadLevel(String),
}

impl Matcher {
    pub fn parse(text: &str) -> Result<Matcher, MatcherError> {
        let mut terms = Vec::new();
        for part in text.split_whitespace() {
            let (field, value) = part
                .split_once('=')
                .filter(|(f, v)| !f.is_empty() && !v.is_empty())
                .ok_or_else(|| MatcherError::NotATerm(part.to_string()))?;
            terms.push(match field {
                "level" => Term::Level(RiskLevel::parse(value).ok_or_else(|| MatcherError::BadLevel(value.into()))?),
                "feed" => Term::Feed(value.into()),
                "unit" => Term::Unit(value.into()),
                "event" => Term::Event(value.into()),
                "area" => Term::Area(value.into()),
                other => return Err(MatcherError::UnknownField(other.into())),
            });
        }
        if terms.is_empty() {
            return Err(MatcherError::Empty);
        }
        Ok(Matcher { terms })
    }

    pub fn matches(&self, f: &Facts<'_>) -> bool {
        self.terms.iter().all(|t| match t {
            Term::Level(l) => f.level == *l,
            Term::Feed(v) => f.feed == v,
            Term::Unit(v) => f.unit_uscc == Some(v.as_str()),
            Term::Event(v) => f.event.contains(v.as_str()),
            Term::Area(v) => f.area.contains(v.as_str()),
        })
    }

    /// A matcher for alarms like this one: same feed and event (and unit for monitor alarms).
    pub fn suggest(f: &Facts<'_>) -> String {
        let mut s = format!("feed={}", f.feed);
        if !f.event.is_empty() && !f.event.contains(char::is_whitespace) {
            s.push_str(&format!(" event={}", f.event));
        }
        if let Some(u) = f.unit_uscc {
            s.push_str(&format!(" unit={u}"));
        }
        s
    }
}

/// "30m", "2h", "1d" or minutes as a bare number; at most 30 days (a silence must end).
pub fn parse_duration_minutes(text: &str) -> Option<i64> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (n, unit) = t.split_at(split);
    let n: i64 = n.parse().ok()?;
    let minutes = match unit.trim() {
        "" | "m" | "min" | "分钟" => n,
        "h" | "小时" => n.checked_mul(60)?,
        "d" | "天" => n.checked_mul(1440)?,
        _ => return None,
    };
    (1..=30 * 1440).contains(&minutes).then_some(minutes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts<'a>(level: RiskLevel, feed: &'a str, unit: Option<&'a str>, event: &'a str, area: &'a str) -> Facts<'a> {
        Facts { level, feed, unit_uscc: unit, event, area }
    }

    #[test]
    fn matcher_table() {
        let gas = facts(RiskLevel::Significant, "sensors", Some("91330110X"), "可燃气体浓度超限", "");
        let rain = facts(RiskLevel::Major, "weather", None, "暴雨", "云溪街道全域");
        for (text, alarm, hit) in [
            ("feed=sensors", gas, true),
            ("feed=sensors level=orange", gas, true),
            ("feed=sensors level=red", gas, false),
            ("unit=91330110X", gas, true),
            ("unit=91330110X", rain, false),
            ("event=气体", gas, true),
            ("area=云溪", rain, true),
            ("area=云溪 event=大风", rain, false),
            ("level=红", rain, true),
        ] {
            assert_eq!(Matcher::parse(text).expect(text).matches(&alarm), hit, "{text}");
        }
        assert_eq!(Matcher::parse(""), Err(MatcherError::Empty));
        assert_eq!(Matcher::parse("sensors"), Err(MatcherError::NotATerm("sensors".into())));
        assert_eq!(Matcher::parse("colour=red"), Err(MatcherError::UnknownField("colour".into())));
        assert_eq!(Matcher::parse("level=pink"), Err(MatcherError::BadLevel("pink".into())));
        let s = Matcher::suggest(&gas);
        assert_eq!(s, "feed=sensors event=可燃气体浓度超限 unit=91330110X");
        assert!(Matcher::parse(&s).expect("suggested").matches(&gas));
    }

    #[test]
    fn durations() {
        for (t, m) in [("30m", Some(30)), ("2h", Some(120)), ("1d", Some(1440)), ("45", Some(45)), ("2小时", Some(120))]
        {
            assert_eq!(parse_duration_minutes(t), m, "{t}");
        }
        for bad in ["", "0", "31d", "soon", "-5m"] {
            assert_eq!(parse_duration_minutes(bad), None, "{bad}");
        }
    }
}

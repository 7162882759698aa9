//! Which receiver an alarm goes to, Alertmanager's way: the routes in order, the first whose
//! matcher holds wins (a route without a matcher takes everything left); a silenced alarm goes
//! nowhere; and inhibition — a yellow or blue alarm is held back while a red alarm of the same
//! event and area is open (the red one already says it). Pure, so the table below pins the rules.

use super::RiskLevel;
use super::silence::{Facts, Matcher};

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Route {
    /// `None`: every alarm that reaches this route.
    pub matcher: Option<Matcher>,
    pub receiver: String,
    /// Fields whose values make a group (event, area, feed, level); empty: each alarm alone.
    pub group_by: Vec<String>,
    /// How long a group's first message waits for more alarms of the group.
    pub group_wait_secs: i64,
    /// A group still open and unacknowledged is told again after this long; `None`: never.
    pub repeat_secs: Option<i64>,
}

/// The fields a route may group by.
pub const GROUP_FIELDS: [&str; 4] = ["event", "area", "feed", "level"];

/// The group an alarm falls in for `by` ("event=大风|area=溪口村"), or "" when the route does not
/// group (each alarm its own message).
pub fn group_key(f: &Facts<'_>, by: &[String]) -> String {
    by.iter()
        .map(|field| {
            let v = match field.as_str() {
                "event" => f.event.to_string(),
                "area" => f.area.to_string(),
                "feed" => f.feed.to_string(),
                "level" => f.level.colour().to_string(),
                _ => String::new(),
            };
            format!("{field}={v}")
        })
        .collect::<Vec<_>>()
        .join("|")
}

/// Why an alarm goes where it goes (or nowhere), for its timeline and the tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Send {
        route: usize,
        receiver: String,
    },
    Silenced,
    /// Held back by an open red alarm of the same event and area (its id).
    Inhibited {
        by: i64,
    },
    NoRoute,
}

/// An open red alarm, as inhibition compares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenRed {
    pub id: i64,
    pub event: String,
    pub area: String,
}

pub fn decide(routes: &[Route], f: &Facts<'_>, silenced: bool, open_red: &[OpenRed]) -> Decision {
    if silenced {
        return Decision::Silenced;
    }
    if matches!(f.level, RiskLevel::General | RiskLevel::Low)
        && let Some(r) = open_red.iter().find(|r| r.event == f.event && r.area == f.area && !f.event.is_empty())
    {
        return Decision::Inhibited { by: r.id };
    }
    match routes.iter().enumerate().find(|(_, r)| r.matcher.as_ref().is_none_or(|m| m.matches(f))) {
        Some((i, r)) => Decision::Send { route: i, receiver: r.receiver.clone() },
        None => Decision::NoRoute,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts<'a>(level: RiskLevel, feed: &'a str, event: &'a str, area: &'a str) -> Facts<'a> {
        Facts { level, feed, unit_uscc: None, event, area }
    }

    #[test]
    fn first_match_wins_silences_and_inhibition_hold_back() {
        let routes = vec![
            Route { matcher: Matcher::parse("level=red").ok(), receiver: "值班群".into(), ..Default::default() },
            Route { matcher: Matcher::parse("feed=gas").ok(), receiver: "燃气群".into(), ..Default::default() },
            Route { matcher: None, receiver: "hook".into(), ..Default::default() },
        ];
        let red = [OpenRed { id: 7, event: "大风".into(), area: "溪口村".into() }];
        use RiskLevel::*;
        let cases = [
            (facts(Major, "gas", "燃气泄漏", "南湖村"), false, Decision::Send { route: 0, receiver: "值班群".into() }),
            (
                facts(Significant, "gas", "燃气泄漏", "南湖村"),
                false,
                Decision::Send { route: 1, receiver: "燃气群".into() },
            ),
            (facts(General, "weather", "暴雨", "溪口村"), false, Decision::Send { route: 2, receiver: "hook".into() }),
            (facts(General, "weather", "大风", "溪口村"), false, Decision::Inhibited { by: 7 }),
            (facts(Low, "weather", "大风", "溪口村"), false, Decision::Inhibited { by: 7 }),
            // Orange is not held back by red; another area is not either.
            (
                facts(Significant, "weather", "大风", "溪口村"),
                false,
                Decision::Send { route: 2, receiver: "hook".into() },
            ),
            (facts(General, "weather", "大风", "南湖村"), false, Decision::Send { route: 2, receiver: "hook".into() }),
            (facts(Major, "gas", "燃气泄漏", "南湖村"), true, Decision::Silenced),
        ];
        for (f, silenced, want) in cases {
            assert_eq!(decide(&routes, &f, silenced, &red), want, "{f:?}");
        }
        assert_eq!(decide(&routes[..1], &facts(Low, "x", "e", "a"), false, &[]), Decision::NoRoute);
        let f = facts(Major, "weather", "大风", "溪口村");
        assert_eq!(group_key(&f, &["event".into(), "area".into()]), "event=大风|area=溪口村");
        assert_eq!(group_key(&f, &["level".into()]), "level=red");
        assert_eq!(group_key(&f, &[]), "");
    }
}

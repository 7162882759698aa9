//! `[[feeds]]` in the config: the upstream platforms this office pulls alarms from, and `[alarms]`:
//! how the queue notifies. Checked after parsing so that a mistake names the feed and its line.

use serde::Deserialize;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum FeedKind {
    /// An Atom or RSS index of CAP 1.2/1.1 documents (linked or embedded).
    Cap,
    /// anjian's monitor JSON with a cursor (schemas/monitor-feed.schema.json).
    Monitor,
    /// An Open311 GeoReport v2 endpoint (`url` is its base, e.g. http://host/open311/v2): tip-offs.
    Open311,
}

impl FeedKind {
    pub fn code(self) -> &'static str {
        match self {
            FeedKind::Cap => "cap",
            FeedKind::Monitor => "monitor",
            FeedKind::Open311 => "open311",
        }
    }
}

/// Seconds as a number, or a string like "90s", "5m", "1h".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "IntervalText")]
pub struct Interval(pub Duration);

#[derive(Deserialize)]
#[serde(untagged)]
enum IntervalText {
    Seconds(u64),
    Text(String),
}

impl TryFrom<IntervalText> for Interval {
    type Error = String;
    fn try_from(v: IntervalText) -> Result<Self, String> {
        match v {
            IntervalText::Seconds(s) => Interval::from_secs(s),
            IntervalText::Text(t) => parse_interval(&t),
        }
    }
}

impl Interval {
    fn from_secs(s: u64) -> Result<Interval, String> {
        if s == 0 {
            return Err("the interval must be at least one second".into());
        }
        Ok(Interval(Duration::from_secs(s)))
    }
}

pub fn parse_interval(text: &str) -> Result<Interval, String> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: u64 = num.parse().map_err(|_| format!("\"{text}\" is not an interval (e.g. 90s, 5m, 1h, 2d)"))?;
    let factor = match unit.trim() {
        "" | "s" => 1,
        "m" | "min" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err(format!("\"{text}\" is not an interval (e.g. 90s, 5m, 1h, 2d)")),
    };
    Interval::from_secs(n.saturating_mul(factor))
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedConfig {
    pub name: String,
    pub kind: FeedKind,
    pub url: String,
    #[serde(default = "default_interval")]
    pub interval: Interval,
    /// Environment variable holding the bearer token; the token itself never goes in the file. It
    /// is sent only to the feed's own origin, and only over https (loopback excepted).
    pub token_env: Option<String>,
    /// Hosts other than the feed's own that its index may link documents on (fetched without the
    /// token; internal addresses never, unless the feed's own host).
    #[serde(default)]
    pub allow_hosts: Vec<String>,
    /// An HTTP(S) proxy for this feed (`http://proxy.example:3128`); without it the feed is
    /// reached directly (proxy variables in the environment are not used). Through a proxy, the
    /// proxy resolves names: only internal addresses written as numbers are refused then.
    pub proxy: Option<String>,
    /// CAP feeds: the parameter (valueName) whose value gives the level, e.g. "预警颜色"; without
    /// it, any parameter named for a colour or level, else the severity.
    pub level_parameter: Option<String>,
    /// Open311 feeds: "json" (default) or "xml".
    #[serde(default)]
    pub format: crate::upstream::open311::Format,
    /// CAP feeds: the office's own words for levels, as `{ "特别严重" = "红色" }` (each value a
    /// level word anjian reads: 红/橙/黄/蓝, red …, Ⅰ–Ⅳ级), read before the built-in words.
    #[serde(default)]
    pub level_words: std::collections::BTreeMap<String, String>,
    /// CAP feeds: refuse (quarantine) a document that does not conform to the CAP schema instead
    /// of reading it leniently with a note on the alarm.
    #[serde(default)]
    pub strict: bool,
    /// CAP feeds: how long a linked document that cannot be fetched is retried before it is given
    /// up (and counted as given up in the feed's health).
    #[serde(default = "default_give_up")]
    pub give_up_after: Interval,
}

fn default_give_up() -> Interval {
    Interval(Duration::from_secs(24 * 3600))
}

fn default_interval() -> Interval {
    Interval(Duration::from_secs(300))
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlarmsConfig {
    /// An unacknowledged red or orange alarm notifies again after this many minutes.
    #[serde(default = "default_escalate")]
    pub escalate_minutes: u32,
    /// Desktop notifications when a desktop session exists (the bell and the banner always).
    #[serde(default = "yes")]
    pub desktop_notifications: bool,
}

fn default_escalate() -> u32 {
    15
}

fn yes() -> bool {
    true
}

impl Default for AlarmsConfig {
    fn default() -> Self {
        AlarmsConfig { escalate_minutes: default_escalate(), desktop_notifications: true }
    }
}

/// What is wrong with one feed (the caller adds the file and line).
pub fn check(feeds: &[FeedConfig]) -> Result<(), (usize, String)> {
    for (i, f) in feeds.iter().enumerate() {
        if f.name.trim().is_empty() || f.name.chars().any(char::is_control) {
            return Err((i, "the feed needs a name without control characters".into()));
        }
        if feeds[..i].iter().any(|g| g.name == f.name) {
            return Err((i, format!("feed \"{}\" is listed twice", f.name)));
        }
        if !(f.url.starts_with("http://") || f.url.starts_with("https://")) {
            return Err((i, format!("feed \"{}\": url \"{}\" is not an http:// or https:// address", f.name, f.url)));
        }
        if let Some(var) = &f.token_env
            && (var.is_empty() || !var.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        {
            return Err((i, format!("feed \"{}\": token_env \"{var}\" is not an environment variable name", f.name)));
        }
        if let Some(p) = &f.proxy
            && reqwest::Proxy::all(p.as_str()).is_err()
        {
            return Err((i, format!("feed \"{}\": proxy \"{p}\" is not a proxy address (http://host:port)", f.name)));
        }
        if let Some((word, level)) = f.level_words.iter().find(|(_, l)| crate::domain::alarm::colour_level(l).is_none())
        {
            return Err((
                i,
                format!(
                    "feed \"{}\": level_words \"{word}\" = \"{level}\": \"{level}\" is not a level (红色/橙色/黄色/蓝色, red/orange/yellow/blue, Ⅰ级–Ⅳ级)",
                    f.name
                ),
            ));
        }
        if f.token_env.is_some() && f.url.starts_with("http://") && !loopback(&f.url) {
            return Err((
                i,
                format!(
                    "feed \"{}\": a token is sent only over https; make the url https:// (or drop token_env)",
                    f.name
                ),
            ));
        }
    }
    Ok(())
}

/// Whether an http:// address is on this machine (tests and the fixture upstream).
pub(crate) fn loopback(url: &str) -> bool {
    reqwest::Url::parse(url).ok().and_then(|u| u.host_str().map(str::to_string)).is_some_and(|h| {
        h == "localhost" || h.trim_matches(['[', ']']).parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_needs_https_except_on_loopback() {
        let feed = |url: &str| FeedConfig {
            name: "f".into(),
            kind: FeedKind::Monitor,
            url: url.into(),
            interval: default_interval(),
            token_env: Some("T".into()),
            allow_hosts: vec![],
            proxy: None,
            level_parameter: None,
            format: Default::default(),
            level_words: Default::default(),
            strict: false,
            give_up_after: default_give_up(),
        };
        assert!(check(&[feed("https://monitor.example.cn/a")]).is_ok());
        assert!(check(&[feed("http://127.0.0.1:9/a")]).is_ok());
        assert!(check(&[feed("http://localhost:9/a")]).is_ok());
        let e = check(&[feed("http://monitor.example.cn/a")]).expect_err("plain http");
        assert!(e.1.contains("only over https"), "{e:?}");
    }

    #[test]
    fn intervals() {
        for (text, secs) in [("90s", Some(90)), ("5m", Some(300)), ("1h", Some(3600)), ("45", Some(45))] {
            assert_eq!(parse_interval(text).ok().map(|i| i.0.as_secs()), secs, "{text}");
        }
        for bad in ["", "m", "5 days", "0s", "-3"] {
            assert!(parse_interval(bad).is_err(), "{bad}");
        }
    }
}

//! `[session]` in the config: how a shared terminal protects what it shows.

use super::feeds::{Interval, parse_interval};
use serde::Deserialize;

/// "10m", "90s", a number of seconds (read as a feed's interval is), or "off".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "IdleText")]
pub struct IdleLock(pub Option<Interval>);

#[derive(Deserialize)]
#[serde(untagged)]
enum IdleText {
    Every(Interval),
    Text(String),
}

impl TryFrom<IdleText> for IdleLock {
    type Error = String;
    fn try_from(v: IdleText) -> Result<Self, String> {
        match v {
            IdleText::Every(i) => Ok(IdleLock(Some(i))),
            IdleText::Text(t) if t.trim().eq_ignore_ascii_case("off") => Ok(IdleLock(None)),
            // Not an interval either: say why in the interval's own words.
            IdleText::Text(t) => parse_interval(&t).map(|i| IdleLock(Some(i))),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionConfig {
    /// Lock the screen after this long without a key; default 10 minutes.
    #[serde(default = "default_idle")]
    pub idle_lock: IdleLock,
    /// Unix (or SSH) account → operator: a station that logs in by its own account is signed in
    /// as its operator without a PIN prompt (the lock screen still asks for the PIN).
    #[serde(default)]
    pub accounts: std::collections::BTreeMap<String, String>,
}

fn default_idle() -> IdleLock {
    IdleLock(Some(Interval(std::time::Duration::from_secs(600))))
}

impl Default for SessionConfig {
    fn default() -> Self {
        SessionConfig { idle_lock: default_idle(), accounts: Default::default() }
    }
}

impl SessionConfig {
    /// The operator the current Unix account maps to, if any.
    pub fn account_operator(&self) -> Option<(String, String)> {
        let user = std::env::var("USER").or_else(|_| std::env::var("LOGNAME")).ok()?;
        self.accounts.get(&user).map(|op| (user, op.clone()))
    }

    pub fn idle_lock(&self) -> Option<chrono::Duration> {
        self.idle_lock.0.and_then(|i| chrono::Duration::from_std(i.0).ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_lock_values() {
        let read = |t: &str| toml::from_str::<SessionConfig>(t).map(|c| c.idle_lock().map(|d| d.num_seconds()));
        assert_eq!(read("").ok(), Some(Some(600)));
        assert_eq!(read("idle_lock = \"5m\"").ok(), Some(Some(300)));
        assert_eq!(read("idle_lock = 45").ok(), Some(Some(45)));
        assert_eq!(read("idle_lock = \"off\"").ok(), Some(None));
        assert!(read("idle_lock = \"soon\"").is_err());
    }
}

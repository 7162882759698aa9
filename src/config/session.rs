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
    /// Local account → operator: the dashboard run by that account (as the kernel names it) is
    /// signed in as the operator without a PIN prompt (the lock screen still asks for the PIN), and
    /// its headless commands act with the operator's role and scope. Read only from the service
    /// account's own config (see `Config::load_service`).
    #[serde(default)]
    pub accounts: std::collections::BTreeMap<String, String>,
    /// The shortest PIN `operator add` and `reset-pin` accept (digits; at least 6).
    #[serde(default = "default_pin_length")]
    pub pin_length: PinLength,
}

/// At least [`crate::domain::signin::MIN_PIN_LENGTH`] digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "usize")]
pub struct PinLength(pub usize);

impl TryFrom<usize> for PinLength {
    type Error = String;
    fn try_from(n: usize) -> Result<Self, String> {
        let min = crate::domain::signin::MIN_PIN_LENGTH;
        if (min..=32).contains(&n) {
            Ok(PinLength(n))
        } else {
            Err(format!("a PIN length of {n}: offices may require {min} to 32 digits"))
        }
    }
}

fn default_pin_length() -> PinLength {
    PinLength(crate::domain::signin::MIN_PIN_LENGTH)
}

/// `[stations]`: where their keys are written.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StationsConfig {
    /// The authorized_keys file sshd reads for the service account; default: `.ssh/authorized_keys`
    /// in its home directory (from the passwd database).
    pub authorized_keys: Option<std::path::PathBuf>,
    /// The absolute path of anjian in the forced commands; default: this program's own path.
    pub program: Option<String>,
}

fn default_idle() -> IdleLock {
    IdleLock(Some(Interval(std::time::Duration::from_secs(600))))
}

impl Default for SessionConfig {
    fn default() -> Self {
        SessionConfig { idle_lock: default_idle(), accounts: Default::default(), pin_length: default_pin_length() }
    }
}

impl SessionConfig {
    /// The operator a local account (named by the kernel, see `system::identity`) maps to, if any.
    pub fn operator_for(&self, account: &str) -> Option<&str> {
        self.accounts.get(account).map(String::as_str)
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
        let pins = |t: &str| toml::from_str::<SessionConfig>(t).map(|c| c.pin_length.0).map_err(|e| e.to_string());
        assert_eq!(pins(""), Ok(6));
        assert_eq!(pins("pin_length = 8"), Ok(8));
        assert!(pins("pin_length = 4").expect_err("short").contains("6 to 32 digits"));
    }
}

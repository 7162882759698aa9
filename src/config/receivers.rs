//! `[[receivers]]` in the config: where notifications go — a 企业微信 group robot, a 钉钉 custom
//! robot (in its signed mode when it has a secret), a JSON webhook of the office's own (signed
//! with HMAC-SHA256 when it has a secret), or e-mail through the office's SMTP server (always
//! encrypted: STARTTLS on `smtp://`, TLS from the first byte on `smtps://`). A robot's address carries its key: it is written in the
//! service account's own 0600 config, or kept in an environment variable named by `url_env`; a
//! signing secret only ever by environment variable name (`secret_env`). Checked after parsing so
//! that a mistake names the receiver and its line.

use super::feeds::Interval;
use serde::Deserialize;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReceiverKind {
    /// 企业微信 group robot: POST JSON to its webhook address (…/cgi-bin/webhook/send?key=…).
    Wecom,
    /// 钉钉 custom robot: POST JSON to …/robot/send?access_token=…, signed when it has a secret.
    Dingtalk,
    /// A JSON POST of anjian's own schema (see the README), HMAC-signed when it has a secret.
    Webhook,
    /// E-mail: `url` is the SMTP server ("smtp://mail.example.gov.cn:587"), `from` and `to` the
    /// addresses, `username` and the password's variable (`secret_env`) when it wants a login.
    Email,
}

impl ReceiverKind {
    pub fn name(self, zh: bool) -> &'static str {
        match (self, zh) {
            (ReceiverKind::Wecom, true) => "企业微信",
            (ReceiverKind::Dingtalk, true) => "钉钉",
            (ReceiverKind::Webhook, true) => "网络回调",
            (ReceiverKind::Email, true) => "邮件",
            (ReceiverKind::Email, false) => "e-mail",
            (ReceiverKind::Wecom, false) => "WeCom",
            (ReceiverKind::Dingtalk, false) => "DingTalk",
            (ReceiverKind::Webhook, false) => "webhook",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceiverConfig {
    pub name: String,
    pub kind: ReceiverKind,
    /// The address (it carries the robot's key: keep the config 0600), or …
    pub url: Option<String>,
    /// … the environment variable that holds it.
    pub url_env: Option<String>,
    /// The environment variable holding 钉钉's signing secret or the webhook's HMAC key.
    pub secret_env: Option<String>,
    /// 企业微信 and 钉钉: send markdown instead of plain text.
    #[serde(default)]
    pub markdown: bool,
    /// Mobile numbers every message @-mentions (企业微信 text and 钉钉).
    #[serde(default)]
    pub mobiles: Vec<String>,
    #[serde(default = "default_timeout")]
    pub timeout: Interval,
    /// E-mail: the sender ("安监办 <anjian@example.gov.cn>").
    pub from: Option<String>,
    /// E-mail: the addresses a message goes to.
    #[serde(default)]
    pub to: Vec<String>,
    /// E-mail: the SMTP login, with the password in `secret_env`.
    pub username: Option<String>,
    /// E-mail: a PEM file with the root certificate of an office's own mail server, trusted on
    /// top of the system's.
    pub ca_file: Option<String>,
}

fn default_timeout() -> Interval {
    Interval(Duration::from_secs(10))
}

fn env_name(v: &str) -> bool {
    !v.is_empty() && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl ReceiverConfig {
    /// The address to post to, from the config or its environment variable.
    pub fn address(&self) -> Result<String, String> {
        match (&self.url, &self.url_env) {
            (Some(u), _) => Ok(u.clone()),
            (None, Some(var)) => std::env::var(var).map_err(|_| {
                format!("receiver \"{}\": the environment variable {var} (url_env) is not set", self.name)
            }),
            (None, None) => Err(format!("receiver \"{}\" has no url or url_env", self.name)),
        }
    }

    /// The signing secret, if the receiver has one (`None` when it has none; an error when its
    /// variable is not set: a signed receiver is never sent to unsigned).
    pub fn secret(&self) -> Result<Option<String>, String> {
        match &self.secret_env {
            None => Ok(None),
            Some(var) => std::env::var(var).map(Some).map_err(|_| {
                format!("receiver \"{}\": the environment variable {var} (secret_env) is not set", self.name)
            }),
        }
    }
}

/// `[[routes]]`: which receiver an alarm goes to, the first whose `match` holds (Alertmanager's
/// rule); `match` is the silences' form ("level=red feed=weather", event and area by part), and a
/// route without it takes every alarm that reaches it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RouteConfig {
    #[serde(rename = "match")]
    pub matcher: Option<String>,
    pub receiver: String,
    /// Alarms with the same values of these fields (event, area, feed, level) go as one message.
    #[serde(default)]
    pub group_by: Vec<String>,
    /// How long a group's message waits for more of the group ("30s"); default: at once.
    pub group_wait: Option<super::feeds::Interval>,
    /// Tell a group still open and unacknowledged again after this long ("4h"); default: never.
    pub repeat_interval: Option<super::feeds::Interval>,
}

impl RouteConfig {
    pub fn route(&self) -> Result<crate::domain::route::Route, String> {
        let matcher = match &self.matcher {
            None => None,
            Some(m) => Some(crate::domain::silence::Matcher::parse(m).map_err(|e| format!("match \"{m}\": {e}"))?),
        };
        if let Some(f) = self.group_by.iter().find(|f| !crate::domain::route::GROUP_FIELDS.contains(&f.as_str())) {
            return Err(format!("group_by \"{f}\": a route groups by event, area, feed or level"));
        }
        Ok(crate::domain::route::Route {
            matcher,
            receiver: self.receiver.clone(),
            group_by: self.group_by.clone(),
            group_wait_secs: self.group_wait.map(|i| i.0.as_secs() as i64).unwrap_or(0),
            repeat_secs: self.repeat_interval.map(|i| i.0.as_secs() as i64),
        })
    }
}

/// `[dispatch]`: where the message that dispatches an alarm or a hazard to an officer goes — the
/// officer's own receiver when `[[dispatch.officers]]` names one (their mailbox, their own
/// group), the office's `receiver` otherwise (the officer's mobile @-mentioned in it).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DispatchConfig {
    pub receiver: Option<String>,
    #[serde(default)]
    pub officers: Vec<OfficerReceiver>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficerReceiver {
    /// The officer's name as in the grid network.
    pub officer: String,
    pub receiver: String,
}

impl DispatchConfig {
    /// The receiver a dispatch to `officer` goes to, if any.
    pub fn receiver_for(&self, officer: &str) -> Option<String> {
        self.officers
            .iter()
            .find(|o| o.officer == officer)
            .map(|o| o.receiver.clone())
            .or_else(|| self.receiver.clone())
    }

    /// What is wrong with it: a receiver not in `[[receivers]]`, an officer named twice.
    pub fn check(&self, receivers: &[ReceiverConfig]) -> Result<(), String> {
        let known = |name: &str| receivers.iter().any(|r| r.name == name);
        if let Some(r) = self.receiver.as_deref().filter(|r| !known(r)) {
            return Err(format!("[dispatch] receiver \"{r}\": no receiver of that name in [[receivers]]"));
        }
        for (i, o) in self.officers.iter().enumerate() {
            if !known(&o.receiver) {
                return Err(format!(
                    "[[dispatch.officers]] {}: receiver \"{}\": no receiver of that name in [[receivers]]",
                    o.officer, o.receiver
                ));
            }
            if o.officer.trim().is_empty() || self.officers[..i].iter().any(|p| p.officer == o.officer) {
                return Err(format!("[[dispatch.officers]] \"{}\": each officer once, by name", o.officer));
            }
        }
        if self.receiver.is_none() && self.officers.is_empty() {
            return Err("[dispatch] needs a receiver, or [[dispatch.officers]]".into());
        }
        Ok(())
    }
}

/// `[[escalation]]`: one step of the chain for unacknowledged red or orange alarms.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EscalationConfig {
    /// "red" or "orange".
    pub level: String,
    /// How long after the alarm came in ("0m", "15m", "1h").
    pub after: String,
    /// grid (the alarm's grid officers), community (its community's grid leaders), office (only
    /// `mobiles`: the director's).
    pub to: crate::domain::escalation::Whom,
    pub receiver: String,
    #[serde(default)]
    pub mobiles: Vec<String>,
}

impl EscalationConfig {
    pub fn step(&self) -> Result<crate::domain::escalation::Step, String> {
        use crate::domain::RiskLevel;
        let level = match self.level.trim() {
            "red" | "红" | "红色" => RiskLevel::Major,
            "orange" | "橙" | "橙色" => RiskLevel::Significant,
            other => return Err(format!("level \"{other}\": the chain is for red or orange alarms")),
        };
        let after = if self.after.trim().trim_start_matches('0').trim_end_matches(['m', 's', 'h']).is_empty() {
            0
        } else {
            super::feeds::parse_interval(&self.after)?.0.as_secs() as i64 / 60
        };
        Ok(crate::domain::escalation::Step {
            level,
            after_minutes: after,
            whom: self.to,
            receiver: self.receiver.clone(),
            mobiles: self.mobiles.clone(),
        })
    }
}

/// What is wrong with one escalation step (the caller adds the file and line).
pub fn check_escalation(steps: &[EscalationConfig], receivers: &[ReceiverConfig]) -> Result<(), (usize, String)> {
    for (i, s) in steps.iter().enumerate() {
        if !receivers.iter().any(|x| x.name == s.receiver) {
            return Err((i, format!("escalation to \"{}\": no receiver of that name in [[receivers]]", s.receiver)));
        }
        s.step().map_err(|e| (i, format!("escalation to \"{}\": {e}", s.receiver)))?;
        if let Some(m) = s.mobiles.iter().find(|m| crate::domain::phone::validate(m).is_err()) {
            return Err((i, format!("escalation to \"{}\": mobiles \"{m}\" is not a phone number", s.receiver)));
        }
    }
    Ok(())
}

/// What is wrong with one route (the caller adds the file and line).
pub fn check_routes(routes: &[RouteConfig], receivers: &[ReceiverConfig]) -> Result<(), (usize, String)> {
    for (i, r) in routes.iter().enumerate() {
        if !receivers.iter().any(|x| x.name == r.receiver) {
            return Err((i, format!("route to \"{}\": no receiver of that name in [[receivers]]", r.receiver)));
        }
        r.route().map_err(|e| (i, format!("route to \"{}\": {e}", r.receiver)))?;
    }
    Ok(())
}

/// The SMTP server of an e-mail address: host, port, and whether TLS starts at once (`smtps://`,
/// port 465 by default) or by STARTTLS (`smtp://`, port 587 by default).
pub fn smtp_server(url: &str) -> Result<(String, u16, bool), String> {
    let (rest, wrapped, port) = if let Some(r) = url.strip_prefix("smtps://") {
        (r, true, 465)
    } else if let Some(r) = url.strip_prefix("smtp://") {
        (r, false, 587)
    } else {
        return Err(format!("url \"{url}\" is not an smtp:// or smtps:// address"));
    };
    let rest = rest.trim_end_matches('/');
    let (host, port) = match rest.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || h.starts_with('[') => {
            (h, p.parse::<u16>().map_err(|_| format!("url \"{url}\": \"{p}\" is not a port"))?)
        }
        _ => (rest, port),
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host.is_empty() || host.contains(['/', '@', ' ']) {
        return Err(format!("url \"{url}\" names no mail server"));
    }
    Ok((host.to_string(), port, wrapped))
}

/// An e-mail receiver's own rules: a server, a sender, somebody to send to, a password only with
/// a login.
fn email_check(r: &ReceiverConfig) -> Result<(), String> {
    if let Some(u) = &r.url {
        smtp_server(u)?;
    }
    let from = r.from.as_deref().ok_or("an e-mail receiver needs from")?;
    from.parse::<lettre::message::Mailbox>().map_err(|e| format!("from \"{from}\": {e}"))?;
    if r.to.is_empty() {
        return Err("an e-mail receiver needs to (one address or more)".into());
    }
    for t in &r.to {
        t.parse::<lettre::message::Mailbox>().map_err(|e| format!("to \"{t}\": {e}"))?;
    }
    if r.secret_env.is_some() != r.username.is_some() {
        return Err("username and secret_env (the password's variable) go together".into());
    }
    if r.markdown || !r.mobiles.is_empty() {
        return Err("markdown and mobiles are for robots, not e-mail".into());
    }
    Ok(())
}

/// What is wrong with one receiver (the caller adds the file and line).
pub fn check(receivers: &[ReceiverConfig]) -> Result<(), (usize, String)> {
    for (i, r) in receivers.iter().enumerate() {
        if r.name.trim().is_empty() || r.name.chars().any(char::is_control) {
            return Err((i, "the receiver needs a name without control characters".into()));
        }
        if receivers[..i].iter().any(|g| g.name == r.name) {
            return Err((i, format!("receiver \"{}\" is listed twice", r.name)));
        }
        match (&r.url, &r.url_env) {
            (Some(_), Some(_)) => return Err((i, format!("receiver \"{}\": give url or url_env, not both", r.name))),
            (None, None) => return Err((i, format!("receiver \"{}\" needs url or url_env", r.name))),
            _ => {}
        }
        for (key, var) in [("url_env", &r.url_env), ("secret_env", &r.secret_env)] {
            if let Some(v) = var
                && !env_name(v)
            {
                return Err((i, format!("receiver \"{}\": {key} \"{v}\" is not an environment variable name", r.name)));
            }
        }
        if r.kind == ReceiverKind::Email {
            email_check(r).map_err(|e| (i, format!("receiver \"{}\": {e}", r.name)))?;
            continue;
        }
        if r.from.is_some() || !r.to.is_empty() || r.username.is_some() || r.ca_file.is_some() {
            return Err((
                i,
                format!("receiver \"{}\": from, to, username and ca_file are for e-mail receivers", r.name),
            ));
        }
        if let Some(u) = &r.url {
            if !(u.starts_with("https://") || u.starts_with("http://")) {
                return Err((i, format!("receiver \"{}\": url \"{u}\" is not an http:// or https:// address", r.name)));
            }
            // The address carries the robot's key: never in clear over the network.
            if u.starts_with("http://") && !super::feeds::loopback(u) {
                return Err((i, format!("receiver \"{}\": the address carries its key; use https://", r.name)));
            }
        }
        if let Some(m) = r.mobiles.iter().find(|m| crate::domain::phone::validate(m).is_err()) {
            return Err((i, format!("receiver \"{}\": mobiles \"{m}\" is not a phone number", r.name)));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Vec<ReceiverConfig> {
        #[derive(Deserialize)]
        struct Doc {
            receivers: Vec<ReceiverConfig>,
        }
        toml::from_str::<Doc>(text).expect("toml").receivers
    }

    #[test]
    fn mistakes_are_named_with_the_receiver() {
        let cases = [
            ("[[receivers]]\nname = \"a\"\nkind = \"wecom\"\n", "needs url or url_env"),
            ("[[receivers]]\nname = \"a\"\nkind = \"wecom\"\nurl = \"http://example.org/x\"\n", "use https://"),
            ("[[receivers]]\nname = \"a\"\nkind = \"dingtalk\"\nurl_env = \"A B\"\n", "url_env \"A B\" is not"),
            (
                "[[receivers]]\nname = \"a\"\nkind = \"webhook\"\nurl = \"https://x\"\nmobiles = [\"12\"]\n",
                "mobiles \"12\"",
            ),
            (
                "[[receivers]]\nname = \"a\"\nkind = \"webhook\"\nurl = \"https://x\"\n[[receivers]]\nname = \"a\"\nkind = \"webhook\"\nurl = \"https://y\"\n",
                "listed twice",
            ),
        ];
        for (text, want) in cases {
            let err = check(&parse(text)).expect_err(text).1;
            assert!(err.contains(want), "{err} / {want}");
        }
        let ok = parse(
            "[[receivers]]\nname = \"duty\"\nkind = \"wecom\"\nurl = \"http://127.0.0.1:9/send\"\nmobiles = [\"13812345678\"]\n",
        );
        assert!(check(&ok).is_ok());
        assert_eq!(ok[0].timeout, Interval(Duration::from_secs(10)));
    }
}

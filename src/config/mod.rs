//! The TOML config. A missing file means defaults; a broken one is an error that names the file,
//! the line and the key, because a duty officer cannot be expected to guess.

pub mod feeds;
pub mod receivers;
pub mod session;

use crate::i18n::Lang;
pub use feeds::{AlarmsConfig, FeedConfig, FeedKind};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Path of the database; `ANJIAN_DB` and `--db` override it.
    pub db: Option<PathBuf>,
    pub lang: Option<Lang>,
    /// Theme name (a file in the themes directory or a built-in: default, dark, light, high-contrast, mono).
    pub theme: Option<String>,
    /// Folder with extra theme files.
    pub themes_dir: Option<PathBuf>,
    /// Extra holiday calendar (TOML, same form as fixtures/holidays.toml) for years the build
    /// does not know yet.
    pub holidays_file: Option<PathBuf>,
    /// Key remapping: key (as in "ctrl-r", "j", "f5") → action name (as in the help overlay).
    #[serde(default)]
    pub keys: BTreeMap<String, String>,
    /// Upstream platforms to pull alarms from.
    #[serde(default)]
    pub feeds: Vec<FeedConfig>,
    #[serde(default)]
    pub alarms: AlarmsConfig,
    /// Where notifications go: 企业微信 and 钉钉 group robots, webhooks.
    #[serde(default)]
    pub receivers: Vec<receivers::ReceiverConfig>,
    /// Which receiver each alarm goes to (first match wins).
    #[serde(default)]
    pub routes: Vec<receivers::RouteConfig>,
    /// The chain for unacknowledged red and orange alarms.
    #[serde(default)]
    pub escalation: Vec<receivers::EscalationConfig>,
    /// Where dispatching an alarm or a hazard notifies the officer.
    pub dispatch: Option<receivers::DispatchConfig>,
    /// The key that seals reporters' identities (created 0600 on first use); default: beside the
    /// database, with the extension `.key`. Keep it out of the database's backups.
    pub key_file: Option<PathBuf>,
    /// Tip-off clocks and the reward rule.
    #[serde(default)]
    pub tipoffs: crate::domain::tipoff::TipoffRules,
    /// Where the Checklist screen writes the quarterly report; default: `reports/` beside the database.
    pub report_dir: Option<PathBuf>,
    /// The idle lock of a shared terminal, PIN length, accounts signed in by the system.
    #[serde(default)]
    pub session: session::SessionConfig,
    /// Where `anjian station add/remove` writes the stations' SSH keys, and the program their
    /// forced command runs.
    #[serde(default)]
    pub stations: session::StationsConfig,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("config {path}: cannot read: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("config {path}, line {line}: {message}")]
    Parse { path: PathBuf, line: usize, message: String },
    /// The service account's config must be its own: it decides who is signed in without a PIN.
    #[error("config {path}: {message}")]
    Unsafe { path: PathBuf, message: String },
}

impl Config {
    /// The default location: `$XDG_CONFIG_HOME/anjian/config.toml` (or the platform's equivalent).
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "anjian").map(|d| d.config_dir().join("config.toml"))
    }

    pub fn key_path(&self, db: &Path) -> PathBuf {
        self.key_file.clone().unwrap_or_else(|| db.with_extension("key"))
    }

    /// Where reports are written from the dashboard.
    pub fn report_dir(&self, db: &Path) -> PathBuf {
        self.report_dir
            .clone()
            .unwrap_or_else(|| db.parent().map(|p| p.join("reports")).unwrap_or_else(|| PathBuf::from("reports")))
    }

    pub fn default_db() -> PathBuf {
        directories::ProjectDirs::from("", "", "anjian")
            .map(|d| d.data_dir().join("anjian.db"))
            .unwrap_or_else(|| PathBuf::from("anjian.db"))
    }

    /// Loads `explicit`, else `ANJIAN_CONFIG`, else the default path; only an explicitly named file
    /// must exist.
    pub fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
        Self::load_from(explicit).map(|(c, _)| c)
    }

    /// As [`Config::load`], with the file that was read (None: defaults, no file).
    pub fn load_from(explicit: Option<&Path>) -> Result<(Config, Option<PathBuf>), ConfigError> {
        let env = std::env::var_os("ANJIAN_CONFIG").map(PathBuf::from);
        let (path, must_exist) = match (explicit, env) {
            (Some(p), _) => (p.to_path_buf(), true),
            (None, Some(p)) => (p, true),
            (None, None) => match Self::default_path() {
                Some(p) => (p, false),
                None => return Ok((Config::default(), None)),
            },
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => Self::parse(&path, &text).map(|c| (c, Some(path))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !must_exist => Ok((Config::default(), None)),
            Err(source) => Err(ConfigError::Read { path, source }),
        }
    }

    /// The service account's own config: `.config/anjian/config.toml` under the home directory the
    /// passwd database gives the account running this process. `$HOME`, `$XDG_CONFIG_HOME`,
    /// `ANJIAN_CONFIG` and `--config` play no part: what it says (who is signed in without a PIN,
    /// where the stations' keys go) must not depend on anything a caller can set.
    pub fn service_path(account: &crate::system::identity::Account) -> PathBuf {
        account.home.join(".config/anjian/config.toml")
    }

    /// The database of a deployment whose config does not name one: under the account's home.
    pub fn service_db(account: &crate::system::identity::Account) -> PathBuf {
        account.home.join(".local/share/anjian/anjian.db")
    }

    /// Reads the service account's config (defaults when there is none). It must belong to the
    /// account and be writable by no one else, like its folder.
    pub fn load_service(account: &crate::system::identity::Account) -> Result<Config, ConfigError> {
        use std::io::Read;
        use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
        let path = Self::service_path(account);
        let unsafe_ = |message: String| ConfigError::Unsafe { path: path.clone(), message };
        // Opened without following a link, and checked on the open file: what is read is what was
        // checked.
        let mut file =
            match std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC).open(&path) {
                Ok(f) => f,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
                Err(e) if e.raw_os_error() == Some(libc::ELOOP) => {
                    return Err(unsafe_(
                        "is a symbolic link; the service account's config must be the file itself".into(),
                    ));
                }
                Err(source) => return Err(ConfigError::Read { path, source }),
            };
        let meta = file.metadata().map_err(|source| ConfigError::Read { path: path.clone(), source })?;
        let me = crate::system::identity::effective_uid();
        if meta.uid() != me {
            return Err(unsafe_(format!(
                "belongs to {}; run: chown {}: {}",
                crate::system::identity::name_of(meta.uid()),
                crate::system::identity::name_of(me),
                path.display()
            )));
        }
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o022 != 0 {
            return Err(unsafe_(format!(
                "other accounts may change it (mode {mode:04o}); run: chmod 600 {}",
                path.display()
            )));
        }
        if let Some(dir) = path.parent()
            && let Ok(d) = std::fs::metadata(dir)
            && (d.permissions().mode() & 0o022 != 0 || (d.uid() != me && d.uid() != 0))
        {
            return Err(unsafe_(format!(
                "its folder {} may be changed by other accounts; run: chmod 700 {}",
                dir.display(),
                dir.display()
            )));
        }
        let mut text = String::new();
        file.read_to_string(&mut text).map_err(|source| ConfigError::Read { path: path.clone(), source })?;
        Self::parse(&path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let config: Config = Self::parse_toml(path, text)?;
        feeds::check(&config.feeds).map_err(|(index, message)| {
            // The line of the index-th `[[feeds]]` header.
            let line = text
                .lines()
                .enumerate()
                .filter(|(_, l)| l.trim_start().starts_with("[[feeds]]"))
                .nth(index)
                .map(|(n, _)| n + 1)
                .unwrap_or(1);
            ConfigError::Parse { path: path.to_path_buf(), line, message }
        })?;
        receivers::check(&config.receivers).map_err(|(index, message)| {
            let line = text
                .lines()
                .enumerate()
                .filter(|(_, l)| l.trim_start().starts_with("[[receivers]]"))
                .nth(index)
                .map(|(n, _)| n + 1)
                .unwrap_or(1);
            ConfigError::Parse { path: path.to_path_buf(), line, message }
        })?;
        if let Some(Err(message)) = config.dispatch.as_ref().map(|d| d.check(&config.receivers)) {
            let line = text.lines().position(|l| l.trim_start().starts_with("[dispatch]")).map(|n| n + 1).unwrap_or(1);
            return Err(ConfigError::Parse { path: path.to_path_buf(), line, message });
        }
        receivers::check_escalation(&config.escalation, &config.receivers).map_err(|(index, message)| {
            let line = text
                .lines()
                .enumerate()
                .filter(|(_, l)| l.trim_start().starts_with("[[escalation]]"))
                .nth(index)
                .map(|(n, _)| n + 1)
                .unwrap_or(1);
            ConfigError::Parse { path: path.to_path_buf(), line, message }
        })?;
        receivers::check_routes(&config.routes, &config.receivers).map_err(|(index, message)| {
            let line = text
                .lines()
                .enumerate()
                .filter(|(_, l)| l.trim_start().starts_with("[[routes]]"))
                .nth(index)
                .map(|(n, _)| n + 1)
                .unwrap_or(1);
            ConfigError::Parse { path: path.to_path_buf(), line, message }
        })?;
        Ok(config)
    }

    fn parse_toml(path: &Path, text: &str) -> Result<Config, ConfigError> {
        toml::from_str(text).map_err(|e| {
            let start = e.span().map(|s| s.start.min(text.len())).unwrap_or(0);
            let line = text[..start].matches('\n').count() + 1;
            // The key is whatever stands before '=' on the offending line (or the table header).
            let line_text = text.lines().nth(line - 1).unwrap_or("").trim();
            let key = match line_text.split_once('=') {
                Some((k, _)) => k.trim().trim_matches('"').to_string(),
                None => line_text.trim_matches(['[', ']']).to_string(),
            };
            let message =
                if key.is_empty() { e.message().to_string() } else { format!("key \"{key}\": {}", e.message()) };
            ConfigError::Parse { path: path.to_path_buf(), line, message }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_config_parses() {
        let c =
            Config::parse(Path::new("c.toml"), "lang = \"en\"\ntheme = \"mono\"\n[keys]\n\"ctrl-q\" = \"app.quit\"\n")
                .expect("ok");
        assert_eq!(c.lang, Some(Lang::En));
        assert_eq!(c.keys.get("ctrl-q").map(String::as_str), Some("app.quit"));
    }

    #[test]
    fn errors_name_file_line_and_key() {
        let err = Config::parse(Path::new("/etc/anjian.toml"), "theme = \"dark\"\nlang = \"fr\"\n").expect_err("bad");
        let msg = err.to_string();
        assert!(msg.starts_with("config /etc/anjian.toml, line 2: key \"lang\": "), "{msg}");
        assert!(msg.contains("fr"), "{msg}");
        let err = Config::parse(Path::new("c.toml"), "theme = \"dark\"\n\ncolour = 3\n").expect_err("unknown key");
        let msg = err.to_string();
        assert!(msg.starts_with("config c.toml, line 3: key \"colour\": "), "{msg}");
        let err = Config::parse(Path::new("c.toml"), "[keys]\nq = 3\n").expect_err("bad value");
        assert!(err.to_string().starts_with("config c.toml, line 2: key \"q\": "), "{err}");
    }

    #[test]
    fn feeds_parse_and_mistakes_name_the_feed() {
        let text = "[[feeds]]\nname = \"weather\"\nkind = \"cap\"\nurl = \"https://example.org/cap.atom\"\ninterval = \"5m\"\ntoken_env = \"WX_TOKEN\"\nlevel_parameter = \"预警颜色\"\n\n[[feeds]]\nname = \"gas\"\nkind = \"monitor\"\nurl = \"http://127.0.0.1:9/alarms\"\ninterval = 30\n";
        let c = Config::parse(Path::new("c.toml"), text).expect("ok");
        assert_eq!(c.feeds.len(), 2);
        assert_eq!((c.feeds[0].kind, c.feeds[0].interval.0.as_secs()), (FeedKind::Cap, 300));
        assert_eq!(c.feeds[0].level_parameter.as_deref(), Some("预警颜色"));
        assert_eq!((c.feeds[1].kind, c.feeds[1].interval.0.as_secs()), (FeedKind::Monitor, 30));
        assert_eq!(c.alarms.escalate_minutes, 15);

        let dup = text.replace("name = \"gas\"", "name = \"weather\"");
        let err = Config::parse(Path::new("c.toml"), &dup).expect_err("twice").to_string();
        assert_eq!(err, "config c.toml, line 9: feed \"weather\" is listed twice");
        let bad_url = text.replace("http://127.0.0.1:9/alarms", "ftp://x");
        let err = Config::parse(Path::new("c.toml"), &bad_url).expect_err("scheme").to_string();
        assert!(err.starts_with("config c.toml, line 9: feed \"gas\": url \"ftp://x\""), "{err}");
        let bad_kind = text.replace("kind = \"monitor\"", "kind = \"rss\"");
        let err = Config::parse(Path::new("c.toml"), &bad_kind).expect_err("kind").to_string();
        assert!(err.starts_with("config c.toml, line 11: key \"kind\""), "{err}");
        let bad_interval = text.replace("interval = 30", "interval = \"soon\"");
        let err = Config::parse(Path::new("c.toml"), &bad_interval).expect_err("interval").to_string();
        assert!(err.starts_with("config c.toml, line 13: key \"interval\""), "{err}");

        let own = text.replace(
            "level_parameter = \"预警颜色\"\n",
            "level_parameter = \"预警颜色\"\nlevel_words = { \"特别严重\" = \"红色\" }\nstrict = true\ngive_up_after = \"2d\"\n",
        );
        let c = Config::parse(Path::new("c.toml"), &own).expect("own words");
        assert_eq!(c.feeds[0].level_words.get("特别严重").map(String::as_str), Some("红色"));
        assert!(c.feeds[0].strict);
        assert_eq!(c.feeds[0].give_up_after.0.as_secs(), 2 * 86_400);
        let bad = own.replace("\"红色\" }", "\"purple\" }");
        let err = Config::parse(Path::new("c.toml"), &bad).expect_err("not a level").to_string();
        assert!(
            err.starts_with("config c.toml, line 1: feed \"weather\": level_words \"特别严重\" = \"purple\": \"purple\" is not a level"),
            "{err}"
        );
    }

    #[test]
    fn missing_explicit_file_is_an_error() {
        assert!(Config::load(Some(Path::new("/nonexistent/anjian.toml"))).is_err());
    }
}

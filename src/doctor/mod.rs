//! `anjian doctor`: what a duty terminal needs, checked one by one, each with what to do when it
//! is not right — the first thing to run when an office says "it doesn't work".

mod files;

use crate::config::Config;
use std::path::Path;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Ok,
    /// Works, with a limit worth knowing (no desktop for notifications, no colour).
    Note,
    /// Needs fixing; the line says how.
    Fix,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub verdict: Verdict,
    pub what: &'static str,
    pub text: String,
}

impl Finding {
    fn new(verdict: Verdict, what: &'static str, text: impl Into<String>) -> Finding {
        Finding { verdict, what, text: text.into() }
    }

    pub fn line(&self) -> String {
        let tag = match self.verdict {
            Verdict::Ok => "ok  ",
            Verdict::Note => "note",
            Verdict::Fix => "FIX ",
        };
        crate::domain::text::one_line(&format!("{tag} {:<13} {}", self.what, self.text), 2_000).into_owned()
    }
}

/// The environment the checks read, passed in so that tests can give their own.
pub struct Env {
    pub terminal: Option<(u16, u16)>,
    pub no_color: bool,
    pub colorterm: Option<String>,
    pub term: Option<String>,
    pub desktop: bool,
}

impl Env {
    pub fn current() -> Env {
        use std::io::IsTerminal;
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        Env {
            terminal: std::io::stdout().is_terminal().then(ratatui::crossterm::terminal::size).and_then(Result::ok),
            no_color: var("NO_COLOR").is_some(),
            colorterm: var("COLORTERM"),
            term: var("TERM"),
            desktop: crate::tui::notify::desktop_session(),
        }
    }
}

/// Runs every check: the config (`config` is its load result, `config_path` the file read), the
/// database, the key files, the files' owners and modes, the stations' SSH keys, each feed, the
/// terminal and notifications.
pub async fn check(
    config: Result<Config, crate::config::ConfigError>,
    config_path: Option<&Path>,
    db: &Path,
    env: &Env,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let config = match config {
        Ok(c) => {
            // What the dashboard checks only when it starts: the theme, the key map, the holidays.
            let later = [
                crate::tui::theme::Theme::select(c.theme.as_deref(), c.themes_dir.as_deref(), env.no_color)
                    .err()
                    .map(|e| format!("theme: {e}")),
                crate::tui::keymap::Keymap::new(&c.keys).err().map(|e| format!("keys: {e}")),
                crate::tui::calendar(&c).err().map(|e| format!("{e:#}")),
            ];
            let problems: Vec<String> = later.into_iter().flatten().collect();
            // From November the next year's holidays are wanted: December's items fall due in it.
            if let Ok(cal) = crate::tui::calendar(&c)
                && let Some(y) = cal.missing_year(crate::domain::time::today())
            {
                out.push(Finding::new(
                    Verdict::Note,
                    "holidays",
                    format!(
                        "{y}年节假日安排未载入 / the {y} holidays are not loaded: due dates in {y} skip weekends only; \
                         add the State Council's {y} arrangement to the file named by holidays_file (same form as \
                         fixtures/holidays.toml)"
                    ),
                ));
            }
            if problems.is_empty() {
                out.push(Finding::new(Verdict::Ok, "config", format!("{} feed(s) configured", c.feeds.len())));
            }
            for p in problems {
                out.push(Finding::new(
                    Verdict::Fix,
                    "config",
                    format!("{p}; the dashboard will not start until fixed"),
                ));
            }
            c
        }
        Err(e) => {
            out.push(Finding::new(Verdict::Fix, "config", format!("{e}: correct that line (defaults used below)")));
            Config::default()
        }
    };
    out.extend(database(db));
    let key = config.key_path(db);
    let audit_key = crate::store::audit_key::path_for(db);
    out.push(key_file("key file", &key, "it is made, mode 0600, when the first reporter is recorded"));
    out.push(key_file("audit key", &audit_key, "it is made, mode 0600, with the database"));
    out.extend(files::findings(db, &[&key, &audit_key], config_path));
    out.extend(stations(&config));
    out.extend(feeds(&config).await);
    out.extend(terminal(env));
    out.push(if env.desktop {
        Finding::new(Verdict::Ok, "notifications", "a desktop session: bell, banner and desktop notifications")
    } else {
        Finding::new(
            Verdict::Note,
            "notifications",
            "no desktop session (usual over SSH): alarms ring the bell and show the banner only",
        )
    });
    out
}

fn database(db: &Path) -> Vec<Finding> {
    if !db.exists() {
        return vec![Finding::new(
            Verdict::Fix,
            "database",
            format!("{}: does not exist; give --db PATH, or import the office's sheets to create it", db.display()),
        )];
    }
    let store = match crate::store::Store::open(db) {
        Ok(s) => s,
        Err(e) => return vec![Finding::new(Verdict::Fix, "database", format!("{}: {e}", db.display()))],
    };
    let mut out = vec![match store.quick_check() {
        Ok(ok) if ok == "ok" => {
            let units = crate::store::report_figures::network_size(store.conn()).map(|(u, _)| u).unwrap_or(0);
            Finding::new(Verdict::Ok, "database", format!("{}: opens, schema current, {units} units", db.display()))
        }
        Ok(detail) => Finding::new(
            Verdict::Fix,
            "database",
            format!("{}: damaged ({detail}); restore the last backup with `anjian restore`", db.display()),
        ),
        Err(e) => Finding::new(Verdict::Fix, "database", format!("{}: {e}", db.display())),
    }];
    // The report is sent under the office's full name, to its superior, with a contact.
    if let Ok(id) = crate::store::network::office_identity(store.conn())
        && !id.name.is_empty()
    {
        out.push(match (id.missing_words(true), id.missing_words(false)) {
            (Some(zh), Some(en)) => {
                Finding::new(Verdict::Note, "office", format!("报告还缺 {zh} / the report still needs {en}"))
            }
            _ => Finding::new(
                Verdict::Ok,
                "office",
                format!("{}, reporting to {}, main plan {}", id.full_name, id.superior, id.main_plan),
            ),
        });
    }
    if let Ok(old) = crate::store::operators::outdated_pins(store.conn())
        && !old.is_empty()
    {
        out.push(Finding::new(
            Verdict::Fix,
            "operators",
            format!(
                "{}: PIN set before the six-digit rule and today's hashing; give each a new PIN: \
                 anjian operator reset-pin NAME --as ADMIN",
                old.join(", ")
            ),
        ));
    }
    out
}

/// A key file: opened the way anjian opens it (no link, this account's, 0600, a safe folder).
fn key_file(what: &'static str, key: &Path, made: &str) -> Finding {
    use crate::system::private_file::{Problem, check};
    match check(key) {
        Err(e) if e.problem == Problem::Missing => {
            Finding::new(Verdict::Note, what, format!("{}: not created yet ({made})", key.display()))
        }
        Err(e) => Finding::new(Verdict::Fix, what, e.to_string()),
        Ok(()) => match std::fs::metadata(key).map(|m| m.len()) {
            Ok(32) => Finding::new(Verdict::Ok, what, format!("{}: private (0600)", key.display())),
            Ok(n) => Finding::new(
                Verdict::Fix,
                what,
                format!("{}: {n} bytes, not a key (32 bytes); restore it from where it was kept", key.display()),
            ),
            Err(e) => Finding::new(Verdict::Fix, what, format!("{}: {e}", key.display())),
        },
    }
}

/// The service account's authorized_keys: a key line outside anjian's section without a forced
/// command gives whoever holds that key a shell as the service account, past every role and scope.
fn stations(config: &Config) -> Vec<Finding> {
    let path = config
        .stations
        .authorized_keys
        .clone()
        .unwrap_or_else(|| crate::system::identity::real().home.join(".ssh/authorized_keys"));
    let Ok(text) = std::fs::read_to_string(&path) else { return Vec::new() };
    let open = crate::domain::station::unforced_keys(&text);
    if open.is_empty() {
        let n = crate::domain::station::section_lines(&text).len();
        return vec![Finding::new(
            Verdict::Ok,
            "stations",
            format!("{}: {n} station key(s), each forced to the dashboard", path.display()),
        )];
    }
    open.into_iter()
        .map(|(line, start)| {
            Finding::new(
                Verdict::Fix,
                "stations",
                format!(
                    "{} line {line} ({start}…) has no forced command: that key gets a shell as this account; \
                     remove the line and add the key with `anjian station add`",
                    path.display()
                ),
            )
        })
        .collect()
}

async fn feeds(config: &Config) -> Vec<Finding> {
    let mut out = Vec::new();
    for feed in &config.feeds {
        let spec = crate::sync::engine::FeedSpec::from_config(feed);
        let http = crate::upstream::http::HttpConfig {
            connect_timeout: Duration::from_secs(5),
            total_timeout: Duration::from_secs(10),
            retries: 0,
            ..spec.http.clone()
        };
        let got = match crate::upstream::http::Client::new(http) {
            Ok(client) => client.get(&spec.url, &Default::default()).await.map(|_| ()),
            Err(e) => Err(e),
        };
        out.push(match got {
            Ok(()) => Finding::new(Verdict::Ok, "feed", format!("{}: {} answers", feed.name, spec.url)),
            Err(e) => Finding::new(
                Verdict::Fix,
                "feed",
                format!("{}: {e}; check the address in the config and the network to it", feed.name),
            ),
        });
    }
    out
}

fn terminal(env: &Env) -> Vec<Finding> {
    let size = match env.terminal {
        None => Finding::new(Verdict::Note, "terminal", "not a terminal (output redirected); size not checked"),
        Some((w, h)) if w < crate::tui::views::MIN_WIDTH || h < crate::tui::views::MIN_HEIGHT => Finding::new(
            Verdict::Fix,
            "terminal",
            format!(
                "{w}x{h}: the dashboard needs at least {}x{}; enlarge the window or reduce the font",
                crate::tui::views::MIN_WIDTH,
                crate::tui::views::MIN_HEIGHT
            ),
        ),
        Some((w, h)) => Finding::new(Verdict::Ok, "terminal", format!("{w}x{h}")),
    };
    let colour = if env.no_color {
        Finding::new(Verdict::Note, "colour", "NO_COLOR is set: risk levels show as 红/橙/黄/蓝 text, no colour")
    } else if env.colorterm.as_deref().is_some_and(|c| c == "truecolor" || c == "24bit") {
        Finding::new(Verdict::Ok, "colour", "true colour")
    } else {
        match env.term.as_deref() {
            None | Some("dumb") => Finding::new(
                Verdict::Fix,
                "colour",
                "TERM is unset or dumb: set TERM=xterm-256color (or the terminal's own name)",
            ),
            Some(t) if t.contains("256color") => Finding::new(Verdict::Ok, "colour", format!("256 colours ({t})")),
            Some(t) => Finding::new(
                Verdict::Note,
                "colour",
                format!("TERM={t}: basic colours; TERM=xterm-256color gives the themes their full colours"),
            ),
        }
    };
    vec![size, colour]
}

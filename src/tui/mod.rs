//! The terminal interface: state and update in [`app`], each screen in its folder under
//! [`screens`], the app's own drawing in [`views`], IO on helper threads ([`worker`] for the
//! store, one for terminal input, one for the clock). ARCHITECTURE.md draws the layers.

pub mod action;
pub mod action_table;
pub mod app;
mod app_forms;
pub mod app_help;
pub mod app_palette;
mod app_refresh;
mod attention;
pub mod backend;
pub mod change_watch;
pub mod cursor;
pub mod env;
pub mod form;
mod form_field;
pub mod headless;
pub mod help_text;
mod host;
pub mod keymap;
pub mod list_detail;
pub mod messages;
pub mod notify;
pub mod paged;
pub mod refusals;
pub mod screen_def;
pub mod screens;
pub mod seat;
mod session_ops;
pub mod theme;
pub mod views;
pub mod widgets;
pub mod worker;

use crate::config::Config;
use crate::i18n::Lang;
use crate::store::Store;
use crate::store::operators::Operator;
use app::{App, Msg};
use ratatui::crossterm::event::{self, Event as TermEvent};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use std::sync::mpsc;
use std::time::Duration;
use worker::{Event, Request};

/// The clock text in the status bar, in Beijing time; minute resolution so that an idle screen
/// is redrawn once a minute at most.
pub fn clock() -> String {
    crate::domain::time::now().format("%m-%d %H:%M").to_string()
}

/// Builds the app from the config (theme, keys), so that a bad config fails before the terminal
/// is taken over.
pub fn build_app(config: &Config, lang: Lang, operator: Option<Operator>, size: (u16, u16)) -> anyhow::Result<App> {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let theme = theme::Theme::select(config.theme.as_deref(), config.themes_dir.as_deref(), no_color)?;
    let keymap = keymap::Keymap::new(&config.keys)?;
    Ok(App::new(lang, theme, keymap, operator, size))
}

/// The built-in holiday calendar plus the office's own file, if the config names one.
pub fn calendar(config: &Config) -> anyhow::Result<crate::domain::calendar::HolidayCalendar> {
    let mut cal = crate::domain::calendar::HolidayCalendar::built_in();
    if let Some(path) = &config.holidays_file {
        let text =
            std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("holiday calendar {}: {e}", path.display()))?;
        cal.add_toml(&path.display().to_string(), &text)?;
    }
    Ok(cal)
}

/// The background sync's stop switch, the thread to wait for (it gives its leases back), and the
/// engine with its database and feeds (to give back what a slow round still holds).
type SyncHandle = (
    tokio::sync::watch::Sender<bool>,
    std::thread::JoinHandle<()>,
    (crate::sync::engine::Engine, std::path::PathBuf, Vec<String>),
);

/// Syncs the configured feeds in the background for as long as the dashboard runs (the lease
/// keeps several dashboards on one database from fetching the same feed twice). New alarms reach
/// the screen through `data_version`, like any other process's commit.
fn background_sync(config: &Config, db: &std::path::Path, lang: Lang) -> anyhow::Result<Option<SyncHandle>> {
    if config.feeds.is_empty() {
        return Ok(None);
    }
    let specs: Vec<_> = config.feeds.iter().map(crate::sync::engine::FeedSpec::from_config).collect();
    // A database the sync cannot open is said before the terminal is taken over, not hidden.
    let engine = crate::sync::engine::Engine::open(db, if lang.zh() { "zh" } else { "en" })?;
    let last = (engine.clone(), db.to_path_buf(), specs.iter().map(|s| s.name.clone()).collect());
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let handle = std::thread::spawn(move || {
        let Ok(rt) = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() else { return };
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        rt.block_on(async move {
            // Reports only matter to `sync --watch`; the dashboard reads feed health from the store.
            tokio::spawn(async move { while rx.recv().await.is_some() {} });
            crate::sync::run::watch(engine, specs, tx, stop_rx).await;
        });
    });
    Ok(Some((stop_tx, handle, last)))
}

/// A dropped SSH connection or a `kill` ends the dashboard the orderly way (terminal restored, the
/// sync's leases given back) instead of the default abrupt death that leaves leases held.
fn watch_signals(events: mpsc::Sender<Event>) {
    std::thread::spawn(move || {
        let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return };
        rt.block_on(async move {
            use tokio::signal::unix::{SignalKind, signal};
            let (Ok(mut hup), Ok(mut term)) = (signal(SignalKind::hangup()), signal(SignalKind::terminate())) else {
                return;
            };
            tokio::select! {
                _ = hup.recv() => {}
                _ = term.recv() => {}
            }
            let _ = events.send(Event::Hangup);
        });
    });
}

pub fn run(
    store: Store,
    config: &Config,
    lang: Lang,
    operator: Option<Operator>,
    seat: seat::Seat,
) -> anyhow::Result<()> {
    let mut app = build_app(config, lang, operator, (80, 24))?;
    app.escalate_minutes = i64::from(config.alarms.escalate_minutes);
    app.report_dir = config.report_dir(store.path());
    app.idle_lock = config.session.idle_lock();
    app.place = seat.place.clone();
    // The reporter key: refused before the terminal is taken over if it is not this database's. A
    // station never makes it (the office's files are the administrator's to create).
    let key_path = config.key_path(store.path());
    let sealer = if seat.station {
        crate::secret::Sealer::load(&key_path)?
    } else {
        crate::secret::Sealer::load_or_create(&key_path)?
    };
    let mut store = store;
    store
        .write("startup", |w| {
            crate::store::tipoffs::check_key(w, &sealer).map_err(|e| crate::store::StoreError::Refused(e.to_string()))
        })
        .map_err(|e| anyhow::anyhow!("{}: {e}", config.key_path(store.path()).display()))?;
    let sync_stop = if seat.station { None } else { background_sync(config, store.path(), lang)? };
    let notifier = notify::spawn(config.alarms.desktop_notifications && !seat.station);
    let (ev_tx, ev_rx) = mpsc::channel::<Event>();
    let (req_tx, req_rx) = mpsc::channel::<Request>();
    let signed_in = app.operator.as_ref().map(|o| o.name.clone());
    let mut backend = worker::Backend::new(store, calendar(config)?);
    backend.station_grids = seat.grids.clone();
    if let Some(name) = signed_in
        && !backend.sign_as(&name)?
    {
        anyhow::bail!("{}: {name} covers none of this station's grids", seat.place);
    }
    backend.sealer = Some(sealer);
    backend.rules = config.tipoffs;
    backend.dispatch = config.dispatch.clone().map(|d| (d, config.lang.unwrap_or_default().zh()));
    worker::spawn(backend, req_rx, ev_tx.clone());
    let input_tx = ev_tx.clone();
    std::thread::spawn(move || {
        while let Ok(e) = event::read() {
            if input_tx.send(Event::Input(e)).is_err() {
                return;
            }
        }
        // The terminal is gone (hang-up): nobody is at the keyboard any more.
        let _ = input_tx.send(Event::Hangup);
    });
    watch_signals(ev_tx.clone());
    std::thread::spawn(move || {
        while ev_tx.send(Event::Tick).is_ok() {
            std::thread::sleep(Duration::from_secs(1));
        }
    });

    let mut terminal = match ratatui::try_init() {
        Ok(t) => t,
        Err(e) => {
            // try_init may fail after raw mode is on; leave the terminal as it was found.
            ratatui::restore();
            return Err(e.into());
        }
    };
    // Pasted text arrives as one event, so a pasted line break never saves a form.
    let _ = execute!(terminal.backend_mut(), ratatui::crossterm::event::EnableBracketedPaste);
    let mut hung_up = false;
    let result = (|| -> anyhow::Result<()> {
        let size = terminal.size()?;
        app.size = (size.width, size.height);
        app.clock = clock();
        for r in app.start() {
            req_tx.send(r)?;
        }
        loop {
            // Leaving draws nothing more (after a hang-up there is no terminal to draw on).
            if app.quit {
                return Ok(());
            }
            if app.dirty {
                execute!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
                terminal.draw(|f| views::draw(f, &app))?;
                execute!(terminal.backend_mut(), EndSynchronizedUpdate)?;
                app.dirty = false;
            }
            // Notifications: the bell always (it works over SSH), the desktop when there is one.
            for effect in app.effects.drain(..) {
                execute!(terminal.backend_mut(), ratatui::crossterm::style::Print("\x07"))?;
                if let Some(n) = &notifier {
                    let _ = n.send(effect);
                }
            }
            // Block for one event, then take everything else already queued before drawing again,
            // so a burst of keys or replies costs one frame on a slow link.
            let mut next = Some(ev_rx.recv()?);
            while let Some(ev) = next {
                let msg = match ev {
                    Event::Input(TermEvent::Key(k)) => Some(Msg::Key(k)),
                    Event::Input(TermEvent::Resize(w, h)) => Some(Msg::Resize(w, h)),
                    Event::Input(TermEvent::Paste(text)) => Some(Msg::Paste(text)),
                    Event::Input(_) => None,
                    Event::Reply(r) => Some(Msg::Reply(r)),
                    Event::DataChanged(changes) => Some(Msg::DataChanged(changes)),
                    Event::Hangup => {
                        app.quit = true;
                        hung_up = true;
                        None
                    }
                    Event::Tick => Some(Msg::Clock(clock(), crate::domain::time::today(), crate::domain::time::now())),
                };
                if let Some(m) = msg {
                    for r in app.update(m) {
                        req_tx.send(r)?;
                    }
                }
                if app.quit {
                    break;
                }
                next = ev_rx.try_recv().ok();
            }
        }
    })();
    // After a hang-up there is no terminal: restoring it, or saying that it failed, would only fail
    // again (and a failed write to a closed stderr panics).
    if !hung_up {
        let _ = execute!(terminal.backend_mut(), ratatui::crossterm::event::DisableBracketedPaste);
    }
    let _ = ratatui::try_restore();
    if hung_up {
        std::mem::forget(terminal);
    } else {
        drop(terminal);
    }
    if let Some((stop, handle, (engine, db, feeds))) = sync_stop {
        let _ = stop.send(true);
        // Wait (briefly) for the sync to give its leases back; a hung upstream must not hold the exit.
        // The terminal is already restored, so nobody waits on this; past 3 s (a loaded machine, a
        // round's commit in flight) the leases are given back through a connection of their own.
        let deadline = std::time::Instant::now() + Duration::from_secs(3);
        while !handle.is_finished() && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        // Whatever is still held (a round in flight, a release the busy database refused) is
        // given back through a connection of its own: the lease is not left to expire.
        engine.release_all_now(&db, &feeds);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_office_holiday_file_from_the_config_is_used() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("holidays.toml");
        std::fs::write(&file, "[2027]\nholidays = [\"01-01..01-03\"]\nworkdays = []\n").expect("write");
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        assert_eq!(calendar(&Config::default()).expect("built-in").on_or_after(d("2027-01-01")), d("2027-01-01"));
        let config = Config { holidays_file: Some(file), ..Config::default() };
        assert_eq!(calendar(&config).expect("office file").on_or_after(d("2027-01-01")), d("2027-01-04"));
        let missing = Config { holidays_file: Some(dir.path().join("none.toml")), ..Config::default() };
        assert!(calendar(&missing).expect_err("missing file").to_string().contains("none.toml"));
    }
}

//! The application state and its update function. `update` is the only place state changes; it
//! returns the store requests to run, and drawing reads the state without touching IO. What each
//! screen does is the screen's own (see `screens/`); the app routes keys, replies and forms to
//! it through [`Host`](super::screens::Host) (in `host.rs`).

use super::action::Action;
use super::env::Status;
use super::form::Form;
use super::keymap::Keymap;
use super::messages::AppReq;
use super::notify::Effect;
pub use super::screens::Screen;
use super::screens::{FormPurpose, Reply, Request, Screens};
use super::theme::Theme;
use crate::i18n::{Lang, T};
use crate::store::alarm_queue::AlarmRow;
use crate::store::operators::Operator;
use chrono::{DateTime, FixedOffset, NaiveDate};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

#[derive(Debug, Default)]
pub enum Overlay {
    #[default]
    None,
    Help {
        scroll: usize,
        /// The `/` search being typed (None: the help pages with keys).
        search: Option<Input>,
        /// What the search holds (kept after Enter).
        query: String,
    },
    Palette {
        input: Input,
        selected: usize,
    },
    /// A whole text (a CAP instruction, a tip-off, a log entry …), wrapped and scrolled.
    Text {
        title: String,
        body: String,
        scroll: usize,
    },
}

#[derive(Debug, Default)]
pub struct SignIn {
    pub name: Input,
    pub pin: Input,
    pub on_pin: bool,
    pub error: Option<String>,
    pub waiting: bool,
    /// The lock screen (idle or `L`): the operator's name filled in; another may sign in instead.
    pub locked: bool,
}

/// How long a message (not an error) stays in the status line.
const STATUS_SHOWN: chrono::Duration = chrono::Duration::seconds(5);

pub enum Msg {
    Key(KeyEvent),
    /// Text pasted into the terminal (bracketed paste): it goes into the field being typed in.
    Paste(String),
    Resize(u16, u16),
    /// The wall clock as shown in the status bar ("11-23 14:05"), today's date and the time in
    /// Beijing; redraws only when the text changes.
    Clock(String, NaiveDate, DateTime<FixedOffset>),
    Reply(Box<Reply>),
    /// Other connections committed: the tables they changed (the change log's word).
    DataChanged(crate::domain::changes::Changes),
}

pub struct App {
    pub lang: Lang,
    pub theme: Theme,
    pub keymap: Keymap,
    pub office: String,
    pub operator: Option<Operator>,
    pub signin: Option<SignIn>,
    pub screen: Screen,
    /// Screens not shown when the data last changed: each reads its data again when it is shown,
    /// so a commit by anyone costs a terminal only the screen it shows.
    pub stale: Vec<Screen>,
    /// What changed elsewhere for a stale screen, when only that is to be read again (its
    /// `changed`); a stale screen without an entry is read again whole.
    pub stale_changes: std::collections::HashMap<Screen, crate::domain::changes::Changes>,
    pub overlay: Overlay,
    /// The `/` search being typed.
    pub filter: Option<Input>,
    /// Every screen's state.
    pub screens: Screens,
    /// Where the report's files are written (config `report_dir`, else beside the database).
    pub report_dir: std::path::PathBuf,
    /// Unacknowledged red/orange alarms, newest first: the banner, and what notifications are about.
    pub attention: Vec<AlarmRow>,
    /// When each alarm last notified this terminal (escalation repeats after `escalate_minutes`).
    pub notified: std::collections::HashMap<i64, DateTime<FixedOffset>>,
    pub escalate_minutes: i64,
    /// Notifications for the run loop to deliver (off the UI thread); drained after each update.
    pub effects: Vec<Effect>,
    /// The current time (Beijing), moved by the clock message; tests fix it.
    pub now: DateTime<FixedOffset>,
    pub form: Option<(Form, FormPurpose)>,
    /// The writes the open form is waiting for (it closes when they all went through, and stays
    /// open with its text when one did not).
    pub form_waiting: Vec<u64>,
    /// Ctrl-C was pressed once while the form held typed text: the next one quits.
    pub quit_asked: bool,
    /// The last ticket given to a write.
    pub(super) tickets: u64,
    /// What to say when each write waiting for its answer went through, by ticket.
    pub(super) said: std::collections::HashMap<u64, String>,
    /// When the status line last changed: a message clears itself after a few seconds (an error
    /// stays until Esc).
    pub status_at: DateTime<FixedOffset>,
    /// Today in Beijing: the reference for overdue, countdowns and new records.
    pub today: NaiveDate,
    pub status: Option<Status>,
    pub clock: String,
    pub size: (u16, u16),
    pub quit: bool,
    pub dirty: bool,
    /// Lock the screen after this long without a key (config `[session] idle_lock`); None: never.
    pub idle_lock: Option<chrono::Duration>,
    /// When the last key was pressed (the app's clock).
    pub last_input: DateTime<FixedOffset>,
    /// Where this dashboard runs (`station:NAME`, `local:ACCOUNT`): sign-ins are recorded and
    /// rate-limited per place.
    pub place: String,
}

impl App {
    pub fn new(lang: Lang, theme: Theme, keymap: Keymap, operator: Option<Operator>, size: (u16, u16)) -> App {
        let signin = if operator.is_none() { Some(SignIn::default()) } else { None };
        App {
            lang,
            theme,
            keymap,
            office: String::new(),
            operator,
            signin,
            screen: Screen::Overview,
            stale: Vec::new(),
            stale_changes: Default::default(),
            overlay: Overlay::None,
            filter: None,
            screens: Screens::default(),
            report_dir: std::path::PathBuf::from("reports"),
            attention: Vec::new(),
            notified: std::collections::HashMap::new(),
            escalate_minutes: 15,
            effects: Vec::new(),
            now: crate::domain::time::now(),
            form: None,
            form_waiting: Vec::new(),
            quit_asked: false,
            tickets: 0,
            said: std::collections::HashMap::new(),
            status_at: crate::domain::time::now(),
            today: crate::domain::time::today(),
            status: None,
            clock: String::new(),
            size,
            quit: false,
            dirty: true,
            idle_lock: Some(chrono::Duration::minutes(10)),
            last_input: crate::domain::time::now(),
            place: "terminal".into(),
        }
    }

    /// What to load when an operator is at the keyboard; nothing is loaded before sign-in.
    pub fn start(&mut self) -> Vec<Request> {
        if self.operator.is_none() {
            return Vec::new();
        }
        let mut out = vec![Request::App(AppReq::Office)];
        out.extend(self.each_screen_start());
        out.push(self.attention_request());
        out
    }

    pub fn t(&self, t: T) -> &'static str {
        t.get(self.lang)
    }

    pub fn role(&self) -> crate::domain::OperatorRole {
        self.operator.as_ref().map(|o| o.role).unwrap_or(crate::domain::OperatorRole::Viewer)
    }

    pub(super) fn operator_name(&self) -> String {
        self.operator.as_ref().map(|o| o.name.clone()).unwrap_or_default()
    }

    /// Rows available to the list panes: the screen minus tabs, status bar and borders.
    pub fn list_height(&self) -> usize {
        // The accident banner, when shown, takes a row of its own.
        let banner = u16::from(!self.screens.duty.accidents().is_empty());
        self.size.1.saturating_sub(4 + banner) as usize
    }

    pub(super) fn attention_request(&self) -> Request {
        Request::App(AppReq::Attention { now: crate::domain::time::stamp(self.now) })
    }

    pub fn update(&mut self, msg: Msg) -> Vec<Request> {
        let before = self.status.clone();
        let mut out = self.step(msg);
        if self.status != before {
            self.status_at = self.now;
        }
        // Whichever way a screen came to be shown (a key, a jump, a search), a stale one is read
        // again now.
        out.extend(self.shown_if_stale());
        out
    }

    /// A ticket for a write, and what to say when it went through.
    pub(super) fn ticket(&mut self, done: String) -> u64 {
        self.tickets += 1;
        self.said.insert(self.tickets, done);
        self.tickets
    }

    fn step(&mut self, msg: Msg) -> Vec<Request> {
        match msg {
            Msg::Key(k) if k.kind == KeyEventKind::Press => {
                self.dirty = true;
                self.last_input = self.now;
                self.key(k)
            }
            Msg::Key(_) => Vec::new(),
            Msg::Paste(text) => {
                self.dirty = true;
                self.last_input = self.now;
                self.paste(&text)
            }
            Msg::Resize(w, h) => {
                self.size = (w, h);
                self.dirty = true;
                Vec::new()
            }
            Msg::Clock(c, today, now) => {
                self.now = now;
                if self.status.as_ref().is_some_and(|s| !s.error) && now - self.status_at >= STATUS_SHOWN {
                    self.status = None;
                    self.dirty = true;
                }
                if self.idle_expired() {
                    self.lock();
                    self.dirty = true;
                }
                if c != self.clock {
                    self.clock = c;
                    self.dirty = true;
                    if self.operator.is_some() {
                        // Once a minute: is anything due for (another) notification?
                        return vec![self.attention_request()];
                    }
                }
                if today != self.today && self.operator.is_some() {
                    // Midnight: every countdown and overdue flag moves.
                    self.today = today;
                    return self.reload_all();
                }
                Vec::new()
            }
            Msg::Reply(r) => {
                self.dirty = true;
                self.reply(*r)
            }
            Msg::DataChanged(changes) => {
                if self.operator.is_none() {
                    return Vec::new();
                }
                self.changed_elsewhere(&changes)
            }
        }
    }

    fn key(&mut self, k: KeyEvent) -> Vec<Request> {
        // Ctrl-C leaves from anywhere, even while a form or the filter is taking text; not from the
        // lock screen, which only a sign-in leaves.
        if k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL) {
            if self.signin.as_ref().is_some_and(|s| s.locked) {
                return Vec::new();
            }
            // A form with typed text asks once before it is lost.
            if !self.quit_asked && self.form.as_ref().is_some_and(|(f, _)| f.dirty()) {
                self.quit_asked = true;
                let ask = self.t(T::QuitAsk).to_string();
                if let Some((f, _)) = self.form.as_mut() {
                    f.error = Some(ask);
                }
                return Vec::new();
            }
            self.quit = true;
            return Vec::new();
        }
        if std::mem::take(&mut self.quit_asked)
            && let Some((f, _)) = self.form.as_mut()
        {
            f.error = None;
        }
        if self.form.is_some() {
            return self.form_key(k);
        }
        if self.signin.is_some() {
            return self.signin_key(k);
        }
        let role = self.role();
        match &mut self.overlay {
            Overlay::Help { .. } => {
                self.help_key(k);
                return Vec::new();
            }
            Overlay::Text { .. } => {
                self.text_key(k);
                return Vec::new();
            }
            Overlay::Palette { .. } => return self.palette_key(k, role),
            Overlay::None => {}
        }
        if let Some(input) = self.filter.as_mut() {
            return match k.code {
                KeyCode::Esc => {
                    self.filter = None;
                    self.set_search("")
                }
                KeyCode::Enter => {
                    self.filter = None;
                    Vec::new()
                }
                KeyCode::Up | KeyCode::Down | KeyCode::PageUp | KeyCode::PageDown => match self.keymap.action(&k) {
                    Some(a) => self.screen_action(a),
                    None => Vec::new(),
                },
                _ => {
                    if input.handle_event(&Event::Key(k)).is_some() {
                        let text = input.value().to_string();
                        self.set_search(&text)
                    } else {
                        Vec::new()
                    }
                }
            };
        }
        if k.code == KeyCode::Esc {
            // An error stays until Esc; then a search confirmed with Enter goes; then Esc is Back.
            if self.status.as_ref().is_some_and(|s| s.error) {
                self.status = None;
                return Vec::new();
            }
            if self.search_text().is_some_and(|t| !t.is_empty()) {
                return self.set_search("");
            }
        }
        match self.keymap.action_in(&k, self.screen.context()) {
            Some(a) => self.perform(a),
            None => Vec::new(),
        }
    }

    /// Runs an action, whether it came from a key or from the palette.
    pub fn perform(&mut self, action: Action) -> Vec<Request> {
        let role = self.role();
        if !role.can(action.needs()) {
            let text = T::NotAllowed.fill(
                self.lang,
                &[
                    ("role", &role.name(self.lang.zh())),
                    ("what", &action.describe(self.lang)),
                    ("need", &action.needs().least_role().name(self.lang.zh())),
                ],
            );
            self.status = Some(Status { text, error: true });
            return Vec::new();
        }
        match action {
            Action::Quit => self.quit = true,
            Action::Lock => self.lock(),
            Action::Help => self.overlay = Overlay::Help { scroll: 0, search: None, query: String::new() },
            Action::Palette => self.overlay = Overlay::Palette { input: Input::default(), selected: 0 },
            Action::NextScreen | Action::PrevScreen => {
                let i = Screen::ALL.iter().position(|s| *s == self.screen).unwrap_or(0);
                let n = Screen::ALL.len();
                let j = if action == Action::NextScreen { (i + 1) % n } else { (i + n - 1) % n };
                return self.show(Screen::ALL[j]);
            }
            Action::Show(n) => {
                if let Some(s) = Screen::from_number(n) {
                    return self.show(s);
                }
            }
            Action::Refresh => {
                self.status = Some(Status { text: self.t(T::Synced).into(), error: false });
                return self.reload_all();
            }
            Action::Filter => {
                // Screens without a search of their own search the units.
                if self.search_text().is_none() {
                    self.screen = Screen::Grid;
                }
                self.filter = Some(Input::new(self.search_text().unwrap_or_default().to_string()));
            }
            other => {
                // From the palette an action may be chosen where it does not work: say so.
                let works = other.info().contexts;
                let here = [self.screen.context(), super::action::Context::Navigation];
                if !here.iter().any(|c| works.contains(c)) {
                    self.status = Some(Status { text: self.t(T::NotHere).into(), error: true });
                    return Vec::new();
                }
                return self.screen_action(other);
            }
        }
        Vec::new()
    }
}

//! Who is at the keyboard: the first sign-in, the lock (after `idle_lock` without a key, or `L`),
//! unlocking with the PIN, and another operator taking over on the lock screen (the previous one
//! is signed out on the record). A locked screen draws nothing of the office's data.

use super::app::{App, Overlay, SignIn};
use super::backend::SignedIn;
use super::messages::{AppReq, AppWrite};
use super::screens::{Request, WriteOp};
use crate::i18n::T;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

impl App {
    /// Hides everything: the lock screen asks for the PIN of the operator who was signed in.
    pub fn lock(&mut self) {
        let Some(op) = &self.operator else { return };
        self.signin =
            Some(SignIn { name: Input::new(op.name.clone()), on_pin: true, locked: true, ..Default::default() });
        // What was revealed or being typed is not kept behind the lock.
        self.forget_on_screens();
        self.form = None;
        self.form_waiting.clear();
        self.overlay = Overlay::None;
        self.filter = None;
        self.dirty = true;
    }

    pub(super) fn idle_expired(&self) -> bool {
        self.operator.is_some()
            && self.signin.is_none()
            && self.idle_lock.is_some_and(|limit| self.now - self.last_input >= limit)
    }

    pub(super) fn signed_in(&mut self, answer: SignedIn) -> Vec<Request> {
        let SignedIn { ok, no_operators, locked_until, outside } = answer;
        let Some(form) = self.signin.as_mut() else { return Vec::new() };
        form.waiting = false;
        let Some(op) = ok else {
            form.error = Some(match locked_until {
                Some(until) => {
                    let until = until.get(11..16).unwrap_or(&until).to_string();
                    T::SignInLockedOut.fill(self.lang, &[("until", &until)])
                }
                None if outside => T::SignInOutsideStation.get(self.lang).to_string(),
                None if no_operators => T::NoOperators.get(self.lang).to_string(),
                None => T::SignInFailed.get(self.lang).to_string(),
            });
            form.pin.reset();
            return Vec::new();
        };
        self.signin = None;
        self.last_input = self.now;
        let previous = self.operator.replace(op.clone());
        match previous {
            // The same operator back: the screens are as they were.
            Some(p) if p.name == op.name => Vec::new(),
            // Another operator takes the terminal: the previous one is signed out on the record,
            // and every screen is loaded again for the new one.
            Some(p) => {
                let why = format!("{} signed in on the lock screen", op.name);
                // Said nothing of on the screen: the new operator has just signed in.
                let ticket = self.ticket(String::new());
                let mut out = vec![Request::Write {
                    operator: p.name.clone(),
                    op: WriteOp::App(AppWrite::SignOut { name: p.name, why }),
                    ticket,
                }];
                out.extend(self.start());
                out
            }
            None => self.start(),
        }
    }

    /// The sign-in form: name, then PIN; Enter asks the store, Esc leaves the first sign-in (a
    /// locked screen is left only by signing in: leaving it would hand the next person the
    /// account's shell, or a station's session).
    pub(super) fn signin_key(&mut self, k: KeyEvent) -> Vec<Request> {
        let place = self.place.clone();
        let now = self.now;
        let Some(form) = self.signin.as_mut() else {
            return Vec::new();
        };
        match k.code {
            KeyCode::Esc if form.locked => {}
            KeyCode::Esc => self.quit = true,
            KeyCode::Tab | KeyCode::BackTab | KeyCode::Down | KeyCode::Up => form.on_pin = !form.on_pin,
            KeyCode::Enter if !form.on_pin => form.on_pin = true,
            KeyCode::Enter => {
                if !form.waiting && !form.name.value().trim().is_empty() {
                    form.waiting = true;
                    form.error = None;
                    return vec![Request::App(AppReq::SignIn {
                        name: form.name.value().trim().to_string(),
                        pin: form.pin.value().to_string(),
                        via: place,
                        now,
                    })];
                }
            }
            _ => {
                let field = if form.on_pin { &mut form.pin } else { &mut form.name };
                field.handle_event(&Event::Key(k));
            }
        }
        Vec::new()
    }
}

//! Who is at the keyboard: the first sign-in, the lock (after `idle_lock` without a key, or `L`),
//! unlocking with the PIN, and another operator taking over on the lock screen (the previous one
//! is signed out on the record). A locked screen draws nothing of the office's data.

use super::app::{App, Overlay, SignIn};
use super::worker::{Request, WriteOp};
use crate::i18n::T;
use crate::store::operators::Operator;
use tui_input::Input;

impl App {
    /// Hides everything: the lock screen asks for the PIN of the operator who was signed in.
    pub fn lock(&mut self) {
        let Some(op) = &self.operator else { return };
        self.signin =
            Some(SignIn { name: Input::new(op.name.clone()), on_pin: true, locked: true, ..Default::default() });
        // What was revealed or being typed is not kept behind the lock.
        self.tipoffs.revealed = None;
        self.form = None;
        self.overlay = Overlay::None;
        self.filter = None;
        self.dirty = true;
    }

    pub(super) fn idle_expired(&self) -> bool {
        self.operator.is_some()
            && self.signin.is_none()
            && self.idle_lock.is_some_and(|limit| self.now - self.last_input >= limit)
    }

    pub(super) fn signed_in(
        &mut self,
        ok: Option<Operator>,
        no_operators: bool,
        locked_until: Option<String>,
        outside: bool,
    ) -> Vec<Request> {
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
                let mut out = vec![Request::Write {
                    operator: p.name.clone(),
                    op: WriteOp::SignOut { name: p.name, why: format!("{} signed in on the lock screen", op.name) },
                }];
                out.extend(self.start());
                out
            }
            None => self.start(),
        }
    }
}

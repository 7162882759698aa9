//! The open form: keys go to it, a search field asks the store for units, and a submitted form
//! goes to the screen it belongs to, which turns it into writes (or says what is wrong). The form
//! stays open until its writes come back: it closes when they went through, and keeps its text
//! with the reason when one did not (a conflict with another terminal, a refusal).

use super::app::App;
use super::backend::{WriteError, Written};
use super::env::Status;
use super::form::Outcome;
use super::messages::AppReq;
use super::screens::Request;
use crate::i18n::T;
use ratatui::crossterm::event::KeyEvent;

impl App {
    pub(super) fn form_key(&mut self, k: KeyEvent) -> Vec<Request> {
        let Some((form, _)) = self.form.as_mut() else { return Vec::new() };
        // Waiting for its writes: only Esc (which leaves the form; the writes still happen).
        if !self.form_waiting.is_empty() && k.code != ratatui::crossterm::event::KeyCode::Esc {
            return Vec::new();
        }
        match form.key(k) {
            Outcome::Editing => Vec::new(),
            Outcome::Query(field, text) if text.chars().count() >= 2 => {
                vec![Request::App(AppReq::UnitSuggest { field, text })]
            }
            Outcome::Query(..) => Vec::new(),
            Outcome::Cancel => {
                self.form = None;
                self.form_waiting.clear();
                Vec::new()
            }
            Outcome::Submit => self.submit_form(),
        }
    }

    /// Pasted text: into the form's field, the search being typed, or the palette's query.
    pub(super) fn paste(&mut self, text: &str) -> Vec<Request> {
        if let Some((form, _)) = self.form.as_mut() {
            if !self.form_waiting.is_empty() {
                return Vec::new();
            }
            return match form.paste(text) {
                Outcome::Query(field, text) if text.chars().count() >= 2 => {
                    vec![Request::App(AppReq::UnitSuggest { field, text })]
                }
                _ => Vec::new(),
            };
        }
        let line: String = text.chars().filter(|c| !c.is_control()).collect();
        if let super::app::Overlay::Palette { input, selected } = &mut self.overlay {
            *input = tui_input::Input::new(format!("{}{line}", input.value()));
            *selected = 0;
            return Vec::new();
        }
        match self.filter.as_mut() {
            Some(input) => {
                *input = tui_input::Input::new(format!("{}{line}", input.value()));
                let text = input.value().to_string();
                self.set_search(&text)
            }
            None => Vec::new(),
        }
    }

    fn submit_form(&mut self) -> Vec<Request> {
        let Some((form, purpose)) = self.form.clone() else { return Vec::new() };
        match purpose.submit(self, &form) {
            Err(t) => self.form_error(t),
            Ok(requests) => {
                for r in &requests {
                    if let Request::Write { ticket, .. } = r {
                        self.form_waiting.push(*ticket);
                    }
                }
                if self.form_waiting.is_empty() {
                    // Nothing changed (a report's text as it was): nothing to wait for.
                    self.form = None;
                } else if let Some((f, _)) = self.form.as_mut() {
                    f.error = None;
                }
                requests
            }
        }
    }

    /// Tells the operator what is wrong in the open form; the form stays open. Returns no requests.
    fn form_error(&mut self, t: T) -> Vec<Request> {
        let msg = self.t(t).to_string();
        if let Some((f, _)) = self.form.as_mut() {
            f.error = Some(msg);
        }
        Vec::new()
    }

    /// A write came back: say so, close the form it came from when all of the form's writes went
    /// through (or keep it open with the reason), and show the new state everywhere.
    pub(super) fn written(&mut self, ticket: u64, result: Result<Written, WriteError>) -> Vec<Request> {
        let from_form = self.form_waiting.contains(&ticket);
        self.form_waiting.retain(|t| *t != ticket);
        let done = self.said.remove(&ticket);
        match (&result, done) {
            (Ok(w), Some(done)) if !done.is_empty() => {
                let hazard = w.hazard.map(|id| T::AndHazard.fill(self.lang, &[("id", &id)])).unwrap_or_default();
                self.status = Some(Status { text: format!("{done}{hazard}"), error: false });
            }
            // Nothing to say (a sign-out on the lock screen).
            (Ok(_), Some(_)) => {}
            (Ok(w), None) => {
                self.status = Some(Status { text: format!("{} {}", self.t(T::Saved), w.message), error: false })
            }
            (Err(e), _) => self.status = Some(Status { text: e.to_string(), error: true }),
        }
        if from_form {
            match result {
                Err(e) => {
                    // The form keeps its text and the reason (its other writes, if any, still
                    // come back before it takes keys again).
                    if let Some((f, _)) = self.form.as_mut() {
                        f.error = Some(e.to_string());
                    }
                }
                Ok(_) if self.form_waiting.is_empty() && self.form.as_ref().is_some_and(|(f, _)| f.error.is_none()) => {
                    self.form = None;
                }
                Ok(_) => {}
            }
        }
        self.reload_all()
    }
}

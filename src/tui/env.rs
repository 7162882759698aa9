//! What a screen may read of the app while it handles a key, takes a reply or draws: the
//! operator, the clock, the language and theme, the room it has. Screens see the app only
//! through this (never the `App` itself), so the app sits above every screen and no import
//! goes back up (ARCHITECTURE.md, "Layers").

use super::theme::Theme;
use crate::domain::OperatorRole;
use crate::i18n::{Lang, T};
use crate::store::operators::Operator;
use chrono::{DateTime, FixedOffset, NaiveDate};
use std::path::Path;
use tui_input::Input;

/// A line in the status bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

#[derive(Clone, Copy)]
pub struct Env<'a> {
    pub lang: Lang,
    pub theme: &'a Theme,
    /// Today in Beijing: the reference for overdue, countdowns and new records.
    pub today: NaiveDate,
    /// The app's clock (Beijing); tests fix it.
    pub now: DateTime<FixedOffset>,
    pub operator: Option<&'a Operator>,
    /// The office's name (the subject of office-wide forms).
    pub office: &'a str,
    /// Rows a list pane has: the screen minus tabs, banner, status bar and borders.
    pub height: usize,
    /// The terminal's columns (a text laid out in advance is laid out to them).
    pub width: usize,
    /// Where the report's files are written.
    pub report_dir: &'a Path,
    /// The `/` search being typed, if any (lists draw it above their rows).
    pub filter: Option<&'a Input>,
    /// A form is open (a screen that wants attention waits until it is closed).
    pub form_open: bool,
}

impl Env<'_> {
    pub fn t(&self, t: T) -> &'static str {
        t.get(self.lang)
    }

    pub fn zh(&self) -> bool {
        self.lang.zh()
    }

    pub fn role(&self) -> OperatorRole {
        self.operator.map(|o| o.role).unwrap_or(OperatorRole::Viewer)
    }

    pub fn operator_name(&self) -> String {
        self.operator.map(|o| o.name.clone()).unwrap_or_default()
    }

    /// "标签：值" for the full view (a value of several lines stays as written).
    pub fn labelled(&self, label: T, value: &str) -> String {
        let sep = if self.zh() { "：" } else { ": " };
        format!("{}{sep}{}", self.t(label), value.trim())
    }

    /// The status line for a refusal of a write the role may not do (checked again by the store).
    pub fn read_only(&self) -> Status {
        Status {
            text: crate::domain::hazard::TransitionError::ReadOnly { role: self.role().code() }.to_string(),
            error: true,
        }
    }
}

/// What a screen's drawing reads: its own state and the app's [`Env`] (reached through the look
/// itself: `v.theme`, `v.t(…)`, `v.s.list`).
pub struct Look<'a, S> {
    pub s: &'a S,
    pub env: Env<'a>,
}

impl<'a, S> std::ops::Deref for Look<'a, S> {
    type Target = Env<'a>;

    fn deref(&self) -> &Env<'a> {
        &self.env
    }
}

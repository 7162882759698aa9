//! The Duty screen's state: the operator's shift, the recent log with a cursor, the hand-over
//! waiting to be acknowledged, and the unreported serious accidents every screen's banner shows.

use super::action::Action;
use super::worker::DutyPane;
use crate::store::duty::Entry;

#[derive(Debug, Default)]
pub struct DutyScreen {
    pub pane: Option<DutyPane>,
    pub cursor: usize,
    pub offset: usize,
    /// The pending hand-over already brought to the operator's attention (shift id).
    pub shown_pending: Option<i64>,
}

impl DutyScreen {
    pub fn accidents(&self) -> &[Entry] {
        self.pane.as_ref().map(|p| p.accidents.as_slice()).unwrap_or(&[])
    }

    pub fn selected(&self) -> Option<&Entry> {
        self.pane.as_ref().and_then(|p| p.entries.get(self.cursor))
    }

    /// The accident the `x` key reports: the selected entry if it is one, else the oldest waiting.
    pub fn accident_to_report(&self) -> Option<&Entry> {
        self.selected()
            .filter(|e| e.kind == crate::domain::duty::EntryKind::SeriousAccident && e.reported_at.is_none())
            .or_else(|| self.accidents().first())
    }

    pub fn apply(&mut self, pane: DutyPane, height: usize) {
        let n = pane.entries.len();
        self.pane = Some(pane);
        self.cursor = self.cursor.min(n.saturating_sub(1));
        self.keep_visible(height);
    }

    fn keep_visible(&mut self, height: usize) {
        let rows = height.max(1);
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + rows {
            self.offset = self.cursor + 1 - rows;
        }
    }

    pub fn navigate(&mut self, action: Action, height: usize) {
        let n = self.pane.as_ref().map(|p| p.entries.len()).unwrap_or(0);
        if n == 0 {
            return;
        }
        let page = height.max(2) - 1;
        self.cursor = match action {
            Action::Down => (self.cursor + 1).min(n - 1),
            Action::Up => self.cursor.saturating_sub(1),
            Action::PageDown => (self.cursor + page).min(n - 1),
            Action::PageUp => self.cursor.saturating_sub(page),
            Action::Top => 0,
            Action::Bottom => n - 1,
            _ => return,
        };
        self.keep_visible(height);
    }
}

//! The Duty screen's state: the operator's shift, the recent log with a cursor, the hand-over
//! waiting to be acknowledged, and the unreported serious accidents every screen's banner shows.
//! Keys in `keys.rs`, the store side in `worker.rs`, drawing in `view.rs`, messages in `msg.rs`;
//! `screen.rs` is the screen as the app sees it.

mod keys;
pub mod msg;
mod records;
mod screen;
mod text;
pub mod view;
mod worker;

use crate::store::duty::Entry;
use crate::tui::action::Action;
use crate::tui::cursor::Cursor;
use msg::DutyPane;

#[derive(Debug, Default)]
pub struct DutyScreen {
    pub pane: Option<DutyPane>,
    pub cursor: Cursor,
    /// The pending hand-over already brought to the operator's attention (shift id).
    pub shown_pending: Option<i64>,
}

impl DutyScreen {
    pub fn accidents(&self) -> &[Entry] {
        self.pane.as_ref().map(|p| p.accidents.as_slice()).unwrap_or(&[])
    }

    pub fn selected(&self) -> Option<&Entry> {
        self.pane.as_ref().and_then(|p| p.entries.get(self.cursor.at))
    }

    /// The accident the `x` key reports: the selected entry if it is one, else the oldest waiting.
    pub fn accident_to_report(&self) -> Option<&Entry> {
        self.selected()
            .filter(|e| e.kind == crate::domain::duty::EntryKind::SeriousAccident && e.reported_at.is_none())
            .or_else(|| self.accidents().first())
    }

    pub fn set_pane(&mut self, pane: DutyPane, height: usize) {
        let n = pane.entries.len();
        self.pane = Some(pane);
        self.cursor.clamp(n, height);
    }

    pub fn navigate(&mut self, action: Action, height: usize) {
        let n = self.pane.as_ref().map(|p| p.entries.len()).unwrap_or(0);
        self.cursor.navigate(action, n, height);
    }
}

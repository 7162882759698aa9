//! What a terminal reads again, and when: after other connections' commits only what reads a
//! table they changed (the change log's word, `domain::changes`), the shown screen now and the
//! others when shown; after its own write or at midnight, everything.

use super::app::App;
use super::messages::{ATTENTION_READS, AppReq, OFFICE_READS};
use super::screens::{Request, Screen};
use crate::domain::changes::Changes;

impl App {
    /// Another connection's commits: only what reads a changed table is read again (the shown
    /// screen now, or the parts of it that changed; the others when they are shown).
    pub(super) fn changed_elsewhere(&mut self, changes: &Changes) -> Vec<Request> {
        if changes.everything {
            return self.reload_all();
        }
        let mut out = Vec::new();
        if changes.touches(OFFICE_READS) {
            out.push(Request::App(AppReq::Office));
        }
        let shown = self.screen;
        out.extend(self.screen_changed(shown, changes));
        for &s in Screen::ALL {
            if s == shown || !changes.touches(s.reads()) {
                continue;
            }
            if !self.stale.contains(&s) {
                self.stale.push(s);
                self.stale_changes.insert(s, changes.clone());
            } else if let Some(held) = self.stale_changes.get_mut(&s) {
                held.merge(changes);
            }
            // Stale without an entry: it is read again whole anyway.
        }
        if changes.touches(ATTENTION_READS) {
            out.push(self.attention_request());
        }
        out
    }

    /// Everything visible, fetched again (after a write, another terminal's commit, or midnight):
    /// the screen shown now, the others when they are shown.
    pub fn reload_all(&mut self) -> Vec<Request> {
        let mut out = vec![Request::App(AppReq::Office)];
        let shown = self.screen;
        out.extend(self.screen_reload(shown));
        self.stale = Screen::ALL.iter().copied().filter(|s| *s != shown).collect();
        self.stale_changes.clear();
        out.push(self.attention_request());
        out
    }

    /// The screen now shown, read again if it went stale while hidden: only what changed since,
    /// when that is known; whole otherwise.
    pub(super) fn shown_if_stale(&mut self) -> Vec<Request> {
        let Some(i) = self.stale.iter().position(|s| *s == self.screen) else { return Vec::new() };
        self.stale.remove(i);
        match self.stale_changes.remove(&self.screen) {
            Some(changes) => self.screen_changed(self.screen, &changes),
            None => self.screen_reload(self.screen),
        }
    }
}

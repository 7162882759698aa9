//! The Checklist screen's state: the plan and quarter shown, the items with a cursor, and the
//! report being previewed or written. A whole quarter's list is at most a few hundred items, so
//! it is loaded at once; the report preview is laid out when the compiled report arrives, never
//! while drawing. Keys in `keys.rs`, the store side in `worker.rs`, drawing in `view.rs`,
//! messages in `msg.rs`; `screen.rs` is the screen as the app sees it.

mod keys;
pub mod msg;
mod screen;
pub mod preview;
mod text;
pub mod view;
mod worker;

use crate::domain::calendar::Quarter;
use crate::report::export::{Format, Written};
use crate::report::model::Report;
use crate::tui::action::Action;
use crate::tui::cursor::Cursor;
use crate::tui::screen_def::Ctx;
use chrono::NaiveDate;
use msg::{ChecklistPane, Req};
use std::path::PathBuf;

/// The compiled report on screen, laid out as the document reads (see `preview`), for the
/// width it was laid out to (the drawing lays it out again for another width).
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    pub report: Box<Report>,
    pub blocks: Vec<crate::report::blocks::Block>,
    pub lines: Vec<preview::PLine>,
    pub cols: usize,
    pub scroll: usize,
}

/// Writing the report's files, one format per request; the gauge is `written / total`.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRun {
    pub dir: PathBuf,
    pub pending: Vec<Format>,
    pub total: usize,
    pub written: Vec<Written>,
    pub error: Option<String>,
}

impl ExportRun {
    pub fn ratio(&self) -> f64 {
        if self.total == 0 { 1.0 } else { self.written.len() as f64 / self.total as f64 }
    }

    pub fn finished(&self) -> bool {
        self.pending.is_empty() || self.error.is_some()
    }
}

#[derive(Debug, Default)]
pub struct ChecklistScreen {
    /// Bumped for every load; a reply with an older number is dropped.
    pub seq: u64,
    pub plan: Option<i64>,
    /// None until chosen: the current quarter.
    pub quarter: Option<Quarter>,
    pub pane: Option<ChecklistPane>,
    pub cursor: Cursor,
    /// A measure to put the cursor on when its list arrives (from a deadline).
    pub focus: Option<i64>,
    /// Waiting for the compiled report.
    pub compiling: bool,
    pub preview: Option<Preview>,
    pub export: Option<ExportRun>,
}

impl ChecklistScreen {
    pub fn quarter(&self, today: NaiveDate) -> Quarter {
        self.quarter.unwrap_or_else(|| Quarter::of(today))
    }

    fn reload_items(&mut self, cx: &mut Ctx<Self>) {
        self.seq += 1;
        cx.read(Req::Items {
            seq: self.seq,
            plan: self.plan,
            focus: self.focus,
            quarter: self.quarter(cx.env.today),
            lang: cx.env.lang,
        });
    }

    pub fn selected(&self) -> Option<&crate::store::checklist::Item> {
        self.pane.as_ref().and_then(|p| p.items.get(self.cursor.at))
    }

    fn items_arrived(&mut self, pane: ChecklistPane, height: usize) {
        if pane.seq != self.seq {
            return;
        }
        self.plan = pane.plan;
        if let Some(m) = self.focus.take()
            && let Some(i) = pane.items.iter().position(|x| x.measure_id == m)
        {
            self.cursor.at = i;
        }
        let n = pane.items.len();
        self.pane = Some(pane);
        self.cursor.clamp(n, height);
    }

    /// Moves to the next plan; a plan whose period the quarter is outside opens on its last quarter.
    pub fn next_plan(&mut self, today: NaiveDate) {
        let Some(p) = &self.pane else { return };
        if p.plans.is_empty() {
            return;
        }
        let i = p.plans.iter().position(|x| Some(x.id) == self.plan).map(|i| (i + 1) % p.plans.len()).unwrap_or(0);
        let next = &p.plans[i];
        self.plan = Some(next.id);
        let q = self.quarter(today);
        let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        if let (Some(from), Some(until)) = (date(&next.from), date(&next.until))
            && (q.end() < from || q.start() > until)
        {
            self.quarter = Some(Quarter::of(until));
        }
        self.cursor = Cursor::default();
    }

    pub fn shift_quarter(&mut self, today: NaiveDate, forward: bool) {
        let q = self.quarter(today);
        self.quarter = Some(if forward {
            q.next()
        } else if q.q == 1 {
            Quarter { year: q.year - 1, q: 4 }
        } else {
            Quarter { year: q.year, q: q.q - 1 }
        });
        self.cursor = Cursor::default();
    }

    /// Cursor movement in the list, or scrolling in the preview. True when the key was used.
    pub fn navigate(&mut self, action: Action, height: usize) -> bool {
        let page = height.max(2) - 1;
        if let Some(p) = self.preview.as_mut() {
            // The last page ends with the last line: scrolling never shows an empty pane.
            let last = p.lines.len().saturating_sub(height.max(1));
            p.scroll = match action {
                Action::Down => (p.scroll + 1).min(last),
                Action::Up => p.scroll.saturating_sub(1),
                Action::PageDown => (p.scroll + page).min(last),
                Action::PageUp => p.scroll.saturating_sub(page),
                Action::Top => 0,
                Action::Bottom => last,
                _ => return false,
            };
            return true;
        }
        let n = self.pane.as_ref().map(|p| p.items.len()).unwrap_or(0);
        self.cursor.navigate(action, n, height)
    }
}

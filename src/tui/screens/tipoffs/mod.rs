//! State of the Tip-offs screen: the queue with its filters, the detail pane, and an identity
//! revealed to a supervisor (kept only while that tip-off stays selected and open). Keys in
//! `keys.rs`, the store side in `worker.rs`, drawing in `view.rs`, messages in `msg.rs`;
//! `screen.rs` is the screen as the app sees it.

mod keys;
pub mod msg;
mod screen;
mod text;
pub mod view;
mod worker;

use crate::domain::tipoff::{Channel, TipoffStatus};
use crate::store::tipoffs::{TipoffFilter, TipoffRow, TipoffSet};
use crate::tui::list_detail::{Around, ListDetail, Wants};
use crate::tui::screen_def::Ctx;
use chrono::NaiveDate;
use msg::{Req, TipoffPane};

#[derive(Debug, Default)]
pub struct TipoffsScreen {
    pub set: TipoffSet,
    /// Index into `Channel::ALL`, or none.
    pub channel: Option<usize>,
    /// "Only this grid": the selected tip-off's grid, then its community.
    pub around: Around,
    /// The `/` search text.
    pub text: String,
    pub records: ListDetail<TipoffRow, Box<TipoffPane>>,
    /// (tip-off id, name, phone) in clear, after an audited reveal.
    pub revealed: Option<(i64, crate::store::tipoffs::Identity)>,
    /// Show just this tip-off (after a jump from a hazard); Esc shows the list again.
    pub only: Option<i64>,
}

impl TipoffsScreen {
    pub fn filter(&self, today: NaiveDate) -> TipoffFilter {
        TipoffFilter {
            set: self.set,
            channel: self.channel.and_then(|i| Channel::ALL.get(i).copied()),
            grid: self.around.grid,
            community: self.around.community,
            today: today.to_string(),
            text: self.text.clone(),
            only: self.only,
        }
    }

    pub fn selected(&self) -> Option<&TipoffRow> {
        self.records.selected()
    }

    /// The selected tip-off's detail, when loaded and current.
    pub fn current(&self) -> Option<&TipoffPane> {
        self.records.current().map(|p| &**p)
    }

    /// Forgets a revealed identity unless it belongs to the open, selected tip-off.
    pub fn hide_identity_unless_current(&mut self) {
        let keep = match (&self.revealed, self.selected()) {
            (Some((id, ..)), Some(sel)) => *id == sel.id && sel.status != TipoffStatus::Closed,
            _ => false,
        };
        if !keep {
            self.revealed = None;
        }
    }

    fn want(&mut self, w: Wants, cx: &mut Ctx<Self>) {
        for at in w.pages {
            cx.read(Req::List { seq: self.records.seq, filter: self.filter(cx.env.today), at });
        }
        if let Some(id) = w.detail {
            cx.read(Req::Detail(id));
        }
    }

    /// The cursor moved or rows arrived: an identity revealed for another tip-off is forgotten,
    /// and what the list needs is asked for.
    fn moved(&mut self, w: Wants, cx: &mut Ctx<Self>) {
        self.hide_identity_unless_current();
        self.want(w, cx);
    }

    fn reload_list(&mut self, cx: &mut Ctx<Self>) {
        let at = self.records.reload();
        self.want(Wants { pages: vec![at], detail: None }, cx);
    }

    fn restart(&mut self, cx: &mut Ctx<Self>) {
        let at = self.records.restart();
        self.want(Wants { pages: vec![at], detail: None }, cx);
    }

    /// "Only this grid": a narrower list from the top, the cursor staying on its record.
    fn narrow(&mut self, cx: &mut Ctx<Self>) {
        let at = self.records.narrow();
        self.want(Wants { pages: vec![at], detail: None }, cx);
    }
}

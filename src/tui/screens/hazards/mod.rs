//! The Hazards screen's state: the register as a paged list with filters, and the detail pane.
//! Its keys are in `keys.rs`, its forms in `forms.rs`, the store side in `worker.rs`, the drawing
//! in `view.rs`, its messages in `msg.rs`; `screen.rs` is the screen as the app sees it.

pub mod forms;
mod keys;
pub mod msg;
mod screen;
pub(crate) mod text;
pub mod view;
mod worker;

use crate::domain::hazard::{HazardSource, HazardStatus};
use crate::store::hazards::{Hazard, HazardFilter};
use crate::tui::list_detail::{Around, ListDetail, Wants};
use crate::tui::screen_def::Ctx;
use chrono::NaiveDate;
use msg::Req;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusFilter {
    #[default]
    Open,
    Overdue,
    Closed,
    All,
}

impl StatusFilter {
    fn next(self) -> StatusFilter {
        match self {
            StatusFilter::Open => StatusFilter::Overdue,
            StatusFilter::Overdue => StatusFilter::Closed,
            StatusFilter::Closed => StatusFilter::All,
            StatusFilter::All => StatusFilter::Open,
        }
    }
}

#[derive(Debug, Default)]
pub struct HazardsScreen {
    pub status: StatusFilter,
    pub major_only: bool,
    /// Index into `HazardSource::ALL`, or none.
    pub source: Option<usize>,
    /// "Only this grid": the selected hazard's grid, then its community.
    pub around: Around,
    /// Show just this hazard (after a jump from the Deadlines screen).
    pub only: Option<i64>,
    /// The `/` search text.
    pub text: String,
    pub records: ListDetail<Hazard, Box<Hazard>>,
}

impl HazardsScreen {
    pub fn filter(&self, today: NaiveDate) -> HazardFilter {
        HazardFilter {
            status: (self.status == StatusFilter::Closed).then_some(HazardStatus::Closed),
            open_only: self.status == StatusFilter::Open,
            major: self.major_only.then_some(true),
            source: self.source.and_then(|i| HazardSource::ALL.get(i).copied()),
            grid: self.around.grid,
            community: self.around.community,
            overdue_as_of: (self.status == StatusFilter::Overdue).then_some(today),
            unit: None,
            id: self.only,
            text: self.text.clone(),
        }
    }

    pub fn selected(&self) -> Option<&Hazard> {
        self.records.selected()
    }

    /// Asks for what the list needs.
    fn want(&self, w: Wants, cx: &mut Ctx<Self>) {
        for at in w.pages {
            cx.read(Req::List { seq: self.records.seq, filter: self.filter(cx.env.today), at });
        }
        if let Some(id) = w.detail {
            cx.read(Req::Detail(id));
        }
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

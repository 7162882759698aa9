//! State of the Alarms screen: the queue (or its groups) as a paged list with filters, the
//! detail pane, and the silences panel. Keys in `keys.rs`, the store side in `worker.rs`,
//! drawing in `view.rs`, messages in `msg.rs`; `screen.rs` is the screen as the app sees it.

mod keys;
pub mod msg;
mod screen;
mod text;
pub mod view;
mod worker;

use crate::domain::silence::Matcher;
use crate::store::alarm_queue::{AlarmFilter, AlarmRow};
use crate::tui::list_detail::{ListDetail, Wants};
use crate::tui::screen_def::Ctx;
use msg::{AlarmItem, AlarmMeta, AlarmPane, Req};

#[derive(Debug, Default)]
pub struct AlarmsScreen {
    pub filter: AlarmFilter,
    pub grouped: bool,
    pub records: ListDetail<AlarmItem, Box<AlarmPane>>,
    pub meta: AlarmMeta,
    /// The silences' matchers, parsed once when they arrive (rows are checked against them).
    pub matchers: Vec<Matcher>,
    /// The silences panel replaces the detail pane; its own cursor.
    pub silences_open: bool,
    pub silence_cursor: usize,
    /// Where the list was when a group was opened, to come back to it.
    group_return: Option<usize>,
}

impl AlarmsScreen {
    pub fn selected(&self) -> Option<&AlarmRow> {
        match self.records.selected() {
            Some(AlarmItem::Alarm(a)) => Some(a),
            _ => None,
        }
    }

    /// The selected alarm's detail, when it is loaded and current.
    pub fn current(&self) -> Option<&AlarmPane> {
        self.records.current().map(|p| &**p)
    }

    pub fn is_silenced(&self, row: &AlarmRow) -> bool {
        self.matchers.iter().any(|m| m.matches(&row.facts()))
    }

    fn meta_request(cx: &Ctx<Self>) -> Req {
        Req::Meta { now: crate::domain::time::stamp(cx.env.now) }
    }

    fn want(&self, w: Wants, cx: &mut Ctx<Self>) {
        for at in w.pages {
            let grouped = self.grouped && self.filter.group.is_none();
            let later = msg::counted_after(&self.filter, &at);
            cx.read(Req::List { seq: self.records.seq, filter: self.filter.clone(), grouped, at });
            if later {
                cx.read(Req::Count { seq: self.records.seq, filter: self.filter.clone(), grouped });
            }
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
}

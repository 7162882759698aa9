//! The list-and-detail that the record screens (Deadlines, Hazards, Tip-offs, Alarms) are made
//! of: a paged list of rows from the store, the detail of the selected record fetched as the
//! cursor moves, a sequence number so that a page for an older query is dropped, and the cursor
//! kept on its record when a reload brings the rows back in a new order (a step moves an item:
//! the clock that orders the queue changes).

use super::action::Action;
use super::paged::{Paged, Window, nav_delta};
use crate::store::keyset::Page;

/// A row or a detail that stands for one record: its id and version (`None` for a row that is
/// not one record, such as a group of alarms).
pub trait Record {
    fn record(&self) -> Option<(i64, i64)>;
}

impl<T: Record> Record for Box<T> {
    fn record(&self) -> Option<(i64, i64)> {
        (**self).record()
    }
}

/// The detail of a screen without a detail pane.
#[derive(Debug, Clone, PartialEq)]
pub enum NoPane {}

impl Record for NoPane {
    fn record(&self) -> Option<(i64, i64)> {
        match *self {}
    }
}

#[derive(Debug)]
pub struct ListDetail<R, P> {
    pub list: Paged<R>,
    /// Bumped for every query; a page for an older one is dropped.
    pub seq: u64,
    pub detail: Option<P>,
    /// The record to keep the cursor on when the reloaded list arrives, and whether to say so if
    /// it is gone.
    keep: Option<(i64, bool)>,
    /// A record the cursor was on that a reload no longer brought (handled elsewhere, moved away
    /// or filtered out): the screen says so, once.
    vanished: Option<i64>,
    /// The record this terminal just wrote to: if the next reload no longer brings it (resolved,
    /// closed), that is what the officer did, already said, not news from elsewhere.
    acted: Option<i64>,
    /// The detail is fetched again once the reloaded rows are in, even at the same version: it
    /// shows more than its record (the unit's name, the officer, the history), which change
    /// without the record's version moving.
    refetch: bool,
}

impl<R, P> Default for ListDetail<R, P> {
    fn default() -> Self {
        ListDetail {
            list: Paged::default(),
            seq: 0,
            detail: None,
            keep: None,
            vanished: None,
            acted: None,
            refetch: false,
        }
    }
}

/// What the list needs from the store: a page of rows, the detail of a record.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Wants {
    /// Pages of rows (the one a reload or a move needs, and one more when the kept record's row
    /// moved the view).
    pub pages: Vec<Window>,
    pub detail: Option<i64>,
}

impl<R: Record, P: Record> ListDetail<R, P> {
    /// Whether the list was ever asked for.
    pub fn opened(&self) -> bool {
        self.seq > 0
    }

    /// The same query again (after a write or another terminal's commit): the rows go, the cursor
    /// stays where it was and on its record. Returns the page that brings the list back.
    pub fn reload(&mut self) -> Window {
        self.seq += 1;
        // A reload before the last one's rows came keeps the record that one kept.
        self.keep = self.selected_id().map(|id| (id, true)).or(self.keep);
        self.refetch = true;
        self.list.clear_keeping_cursor()
    }

    /// A new query (a filter changed): a fresh list from the top.
    pub fn restart(&mut self) -> Window {
        self.seq += 1;
        self.keep = None;
        self.list = Paged::default();
        Window::first()
    }

    /// A narrower query that still holds the selected record ("only this grid"): a fresh list
    /// from the top, the cursor on that record when it is among the first rows.
    pub fn narrow(&mut self) -> Window {
        let keep = self.selected_id().or(self.keep.map(|k| k.0));
        let at = self.restart();
        self.keep = keep.map(|id| (id, false));
        at
    }

    pub fn selected(&self) -> Option<&R> {
        self.list.selected_row()
    }

    fn selected_id(&self) -> Option<i64> {
        self.selected().and_then(Record::record).map(|(id, _)| id)
    }

    /// The detail of the selected record, when it is loaded and current.
    pub fn current(&self) -> Option<&P> {
        let sel = self.selected()?.record()?;
        self.detail.as_ref().filter(|d| d.record() == Some(sel))
    }

    /// A page arrived; `None` when it answers an older query.
    pub fn receive(
        &mut self,
        seq: u64,
        total: Option<i64>,
        at: &Window,
        page: Page<R>,
        height: usize,
    ) -> Option<Wants> {
        if seq != self.seq {
            return None;
        }
        let keep = self.keep.take();
        let mut pages: Vec<Window> = self.list.receive(total, at, page, height).into_iter().collect();
        // Where the rows were placed (rows added above push a reloaded page down), the kept
        // record's row, and the cursor there, in view.
        if let Some((id, say)) = keep {
            match self.list.rows.iter().position(|r| r.record().map(|(x, _)| x) == Some(id)) {
                Some(i) => pages.extend(self.list.select(self.list.offset + i, height)),
                None if say && self.acted == Some(id) => self.acted = None,
                None if say => self.vanished = Some(id),
                None => {}
            }
        }
        Some(Wants { pages, detail: self.follow() })
    }

    /// This terminal wrote to the selected record (its leaving the list is no news).
    pub fn acted(&mut self) {
        self.acted = self.selected_id();
    }

    /// The record the cursor was on that the last reload no longer brought, once.
    pub fn take_vanished(&mut self) -> Option<i64> {
        self.vanished.take()
    }

    /// Moves the cursor for a navigation action; `None` for any other action.
    pub fn navigate(&mut self, action: Action, height: usize) -> Option<Wants> {
        let delta = nav_delta(action, height)?;
        self.acted = None;
        let pages = self.list.move_by(delta, height).into_iter().collect();
        Some(Wants { pages, detail: self.follow() })
    }

    /// The detail of a record arrived; kept only while that record is selected.
    pub fn detail_arrived(&mut self, id: i64, detail: Option<P>) -> bool {
        if self.selected_id() != Some(id) {
            return false;
        }
        self.detail = detail;
        true
    }

    /// The record whose detail to fetch: the selected one, when the pane shows another record or
    /// an older version of it.
    fn follow(&mut self) -> Option<i64> {
        let refetch = std::mem::take(&mut self.refetch);
        match self.selected().and_then(Record::record) {
            Some(sel) if refetch || self.detail.as_ref().and_then(Record::record) != Some(sel) => Some(sel.0),
            Some(_) => None,
            None => {
                self.detail = None;
                None
            }
        }
    }
}

/// "Only this grid" on a list: the selected record's grid, then its community, then everything.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Around {
    pub grid: Option<i64>,
    pub community: Option<i64>,
}

impl Around {
    /// One step of the cycle, from the selected record's grid and community.
    pub fn cycle(&mut self, grid: Option<i64>, community: Option<i64>) {
        *self = match (self.grid, self.community) {
            (None, None) => Around { grid, community: None },
            (Some(_), _) => Around { grid: None, community },
            (None, Some(_)) => Around::default(),
        };
    }

    pub fn is_set(&self) -> bool {
        self.grid.is_some() || self.community.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::keyset::KeyValue;

    #[derive(Debug, Clone, PartialEq)]
    struct Row(i64, i64);

    impl Record for Row {
        fn record(&self) -> Option<(i64, i64)> {
            Some((self.0, self.1))
        }
    }

    fn page(ids: &[i64]) -> Page<Row> {
        Page {
            rows: ids.iter().map(|i| Row(*i, 1)).collect(),
            keys: ids.iter().map(|i| vec![KeyValue::Integer(*i)]).collect(),
        }
    }

    #[test]
    fn the_cursor_follows_its_record_and_the_detail_follows_the_cursor() {
        let mut ld: ListDetail<Row, Row> = ListDetail::default();
        let at = ld.restart();
        let wants = ld.receive(1, Some(3), &at, page(&[10, 20, 30]), 10).expect("current");
        assert_eq!(wants.detail, Some(10), "the first row's detail is fetched");
        assert!(ld.detail_arrived(10, Some(Row(10, 1))));
        assert_eq!(ld.navigate(Action::Down, 10).and_then(|w| w.detail), Some(20));
        assert!(!ld.detail_arrived(10, Some(Row(10, 1))), "a late detail of another row is dropped");
        assert!(ld.current().is_none());
        // A reload in a new order keeps the cursor on record 20.
        let at = ld.reload();
        assert!(ld.receive(1, Some(3), &at, page(&[1]), 10).is_none(), "an older query's page is dropped");
        let wants = ld.receive(2, Some(3), &at, page(&[20, 30, 10]), 10).expect("current");
        assert_eq!(ld.selected().map(|r| r.0), Some(20));
        // The detail is read again though its record's version did not move (its unit's name
        // may have).
        assert!(ld.detail_arrived(20, Some(Row(20, 1))));
        assert_eq!(wants.detail, Some(20), "a reload reads the detail again");
        let at = ld.reload();
        assert_eq!(ld.receive(3, Some(3), &at, page(&[20, 30, 10]), 10).and_then(|w| w.detail), Some(20));
        assert!(ld.detail_arrived(20, Some(Row(20, 1))));
        assert_eq!(ld.navigate(Action::PageUp, 10).and_then(|w| w.detail), None, "then only when it moves");
        assert_eq!(ld.navigate(Action::Down, 10).and_then(|w| w.detail), Some(30));
        ld.navigate(Action::Up, 10);
        // Two reloads before the rows come: the record is still kept.
        ld.reload();
        let at = ld.reload();
        ld.receive(5, Some(3), &at, page(&[30, 10, 20]), 10).expect("current");
        assert_eq!(ld.selected().map(|r| r.0), Some(20));
        assert_eq!(ld.take_vanished(), None);
        // A reload that no longer brings the record says so, once.
        let at = ld.reload();
        ld.receive(6, Some(2), &at, page(&[30, 10]), 10).expect("current");
        assert_eq!(ld.take_vanished(), Some(20));
        assert_eq!(ld.take_vanished(), None);
        let at = ld.reload();
        ld.receive(7, Some(3), &at, page(&[10, 20, 30]), 10).expect("current");
        ld.list.selected = 1;
        // A narrower query keeps the cursor on its record.
        let at = ld.narrow();
        ld.receive(8, Some(2), &at, page(&[10, 20]), 10).expect("current");
        assert_eq!(ld.selected().map(|r| r.0), Some(20));
        assert_eq!(ld.navigate(Action::Open, 10), None, "not a navigation action");
    }

    #[test]
    fn around_cycles_grid_community_everything() {
        let mut a = Around::default();
        a.cycle(Some(3), Some(9));
        assert_eq!(a, Around { grid: Some(3), community: None });
        a.cycle(Some(3), Some(9));
        assert_eq!(a, Around { grid: None, community: Some(9) });
        a.cycle(Some(3), Some(9));
        assert!(!a.is_set());
    }
}

//! A window onto a long list that lives in the store: the list knows its length and holds only
//! the rows around the selection, and asks for another page when the selection leaves them.

#[derive(Debug, Clone, PartialEq)]
pub struct Paged<T> {
    pub total: usize,
    pub offset: usize,
    pub rows: Vec<T>,
    pub selected: usize,
    pub scroll: usize,
    /// Offset of a page already asked for, so one scroll does not ask twice.
    pub pending: Option<usize>,
    /// Whether any answer has arrived yet ("loading" versus "no matches").
    pub loaded: bool,
}

impl<T> Default for Paged<T> {
    fn default() -> Self {
        Paged { total: 0, offset: 0, rows: Vec::new(), selected: 0, scroll: 0, pending: None, loaded: false }
    }
}

/// Rows fetched per page; a few screens' worth, so scrolling rarely waits.
pub const PAGE: usize = 200;

/// How far a navigation action moves the cursor in a list `height` rows tall; `None` for any
/// other action. Top and bottom are "very far", clamped by the list.
pub fn nav_delta(action: super::action::Action, height: usize) -> Option<isize> {
    use super::action::Action;
    let page = height.max(2) as isize - 1;
    match action {
        Action::Down => Some(1),
        Action::Up => Some(-1),
        Action::PageDown => Some(page),
        Action::PageUp => Some(-page),
        Action::Top => Some(isize::MIN / 2),
        Action::Bottom => Some(isize::MAX / 2),
        _ => None,
    }
}

impl<T> Paged<T> {
    pub fn get(&self, i: usize) -> Option<&T> {
        i.checked_sub(self.offset).and_then(|k| self.rows.get(k))
    }

    pub fn selected_row(&self) -> Option<&T> {
        self.get(self.selected)
    }

    /// Moves the selection by `delta` (clamped), keeps it visible in `height` rows, and returns the
    /// offset of a page to fetch if the selection left the loaded rows.
    pub fn move_by(&mut self, delta: isize, height: usize) -> Option<usize> {
        let last = self.total.saturating_sub(1) as isize;
        let target = (self.selected as isize + delta).clamp(0, last.max(0));
        self.select(target as usize, height)
    }

    pub fn select(&mut self, index: usize, height: usize) -> Option<usize> {
        self.selected = index.min(self.total.saturating_sub(1));
        let height = height.max(1);
        if self.selected < self.scroll {
            self.scroll = self.selected;
        } else if self.selected >= self.scroll + height {
            self.scroll = self.selected + 1 - height;
        }
        self.need(height)
    }

    /// The page to fetch so that every visible row is loaded, if any is missing.
    pub fn need(&mut self, height: usize) -> Option<usize> {
        let lo = self.scroll;
        let hi = (self.scroll + height).min(self.total);
        let loaded = lo >= self.offset && hi <= self.offset + self.rows.len();
        if loaded || self.total == 0 {
            return None;
        }
        let want = self.selected.saturating_sub(PAGE / 2).min(self.scroll);
        if self.pending == Some(want) {
            return None;
        }
        self.pending = Some(want);
        Some(want)
    }

    pub fn fill(&mut self, offset: usize, rows: Vec<T>) {
        self.offset = offset;
        self.rows = rows;
        self.pending = None;
        self.loaded = true;
    }

    /// A page arrived: takes the total (when counted), keeps the selection inside it, stores the
    /// rows, and returns the offset of a further page if visible rows are still missing.
    pub fn receive(&mut self, total: Option<i64>, offset: i64, rows: Vec<T>, height: usize) -> Option<usize> {
        if let Some(t) = total {
            self.total = t.max(0) as usize;
            self.selected = self.selected.min(self.total.saturating_sub(1));
        }
        self.fill(offset.max(0) as usize, rows);
        self.need(height)
    }

    /// Forgets the rows (a new query is coming) but keeps the cursor where it was, so a reload
    /// after a write does not send the officer back to the top.
    pub fn clear_keeping_cursor(&mut self) {
        let selected = self.selected;
        *self = Paged { selected, ..Paged::default() };
    }

    pub fn reset(&mut self, total: usize, rows: Vec<T>) {
        *self = Paged { total, rows, loaded: true, ..Default::default() };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrolling_asks_for_pages_only_when_needed() {
        let mut p: Paged<usize> = Paged::default();
        p.reset(1000, (0..PAGE).collect());
        assert_eq!(p.move_by(10, 20), None);
        assert_eq!(p.scroll, 0);
        assert_eq!(p.move_by(15, 20), None);
        assert_eq!(p.scroll, 6, "selection 25 stays on the last visible row");
        let want = p.select(500, 20).expect("page needed");
        assert_eq!(p.move_by(0, 20), None, "the same page is not asked for twice");
        p.fill(want, (want..want + PAGE).collect());
        assert_eq!(p.selected_row(), Some(&500));
        assert_eq!(p.move_by(10_000, 20).map(|o| o <= 999), Some(true));
        assert_eq!(p.selected, 999);
        assert_eq!(p.move_by(-10_000, 20), Some(0));
        assert_eq!((p.selected, p.scroll), (0, 0));
    }

    #[test]
    fn receive_clamps_the_selection_and_asks_for_what_is_still_missing() {
        let mut p: Paged<usize> = Paged { selected: 50, ..Default::default() };
        assert_eq!(p.receive(Some(10), 0, (0..10).collect(), 20), None, "all ten rows are here");
        assert_eq!((p.total, p.selected), (10, 9), "the selection stays inside a shrunken list");
        let mut q: Paged<usize> = Paged { scroll: 300, selected: 310, ..Default::default() };
        assert_eq!(
            q.receive(Some(1000), 0, (0..PAGE).collect(), 20),
            Some(210),
            "the visible rows 300..320 are not loaded yet"
        );
    }

    #[test]
    fn empty_list_never_asks() {
        let mut p: Paged<u8> = Paged::default();
        assert_eq!(p.move_by(5, 10), None);
        assert_eq!(p.selected, 0);
    }
}

//! A window onto a long list that lives in the store: the list knows its length and holds only
//! the rows around the selection, with each row's sort key, and asks for the next rows after
//! (or before) a key it holds when the selection leaves them — keyset paging, so a page deep in
//! a million alarms costs what the first one does, and rows inserted meanwhile are never shown
//! twice.

use crate::store::keyset::{Key, Page, Seek};

#[derive(Debug, Clone, PartialEq)]
pub struct Paged<T> {
    pub total: usize,
    /// Index of the first loaded row.
    pub offset: usize,
    pub rows: Vec<T>,
    /// Sort key of each loaded row (empty for lists merged in memory).
    pub keys: Vec<Key>,
    pub selected: usize,
    pub scroll: usize,
    /// A page already asked for, so one scroll does not ask twice.
    pub pending: Option<Window>,
    /// Whether any answer has arrived yet ("loading" versus "no matches").
    pub loaded: bool,
    /// After a reload: the first visible row's key and index, so the list comes back in place.
    anchor: Option<(usize, Key)>,
}

/// Where the rows of a page go in the list: from an index on, or ending just before one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Start(usize),
    End(usize),
}

/// A page to ask the store for, and where its rows will go.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    pub seek: Seek,
    pub place: Place,
    pub limit: i64,
}

impl Window {
    pub fn first() -> Self {
        Window { seek: Seek::First, place: Place::Start(0), limit: PAGE as i64 }
    }

    /// The index of the first row, for lists paged by offset.
    pub fn start(&self) -> usize {
        match self.place {
            Place::Start(i) => i,
            Place::End(i) => i.saturating_sub(self.limit.max(0) as usize),
        }
    }

    /// Index of the first of `n` rows that arrived for this window.
    pub fn first_index(&self, n: usize) -> usize {
        match self.place {
            Place::Start(i) => i,
            Place::End(e) => e.saturating_sub(n),
        }
    }
}

impl<T> Default for Paged<T> {
    fn default() -> Self {
        Paged {
            total: 0,
            offset: 0,
            rows: Vec::new(),
            keys: Vec::new(),
            selected: 0,
            scroll: 0,
            pending: None,
            loaded: false,
            anchor: None,
        }
    }
}

/// Rows fetched per page; a few screens' worth, so scrolling rarely waits.
pub const PAGE: usize = 200;

/// Loaded rows kept at most; older ones are dropped from the far side.
const KEEP: usize = 3 * PAGE;

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

    /// Moves the selection by `delta` (clamped), keeps it visible in `height` rows, and returns a
    /// page to fetch if the selection left the loaded rows.
    pub fn move_by(&mut self, delta: isize, height: usize) -> Option<Window> {
        let last = self.total.saturating_sub(1) as isize;
        let target = (self.selected as isize + delta).clamp(0, last.max(0));
        self.select(target as usize, height)
    }

    /// Selects row `index`. When it leaves the visible rows, the list moves by half a screen
    /// (the selection lands in the middle) rather than by one row: on a slow link one redraw of
    /// the list every half screen costs far less than a redraw on every step.
    pub fn select(&mut self, index: usize, height: usize) -> Option<Window> {
        self.selected = index.min(self.total.saturating_sub(1));
        let height = height.max(1);
        if self.selected < self.scroll || self.selected >= self.scroll + height {
            let centred = self.selected.saturating_sub(height / 2);
            self.scroll = centred.min(self.total.saturating_sub(height));
        }
        self.need(height)
    }

    /// The page to fetch so that every visible row is loaded, if any is missing.
    pub fn need(&mut self, height: usize) -> Option<Window> {
        let lo = self.scroll;
        let hi = (self.scroll + height).min(self.total);
        let end = self.offset + self.rows.len();
        let loaded = lo >= self.offset && hi <= end;
        if loaded || self.total == 0 {
            return None;
        }
        let want = self.window(lo, hi);
        if self.pending.as_ref() == Some(&want) {
            return None;
        }
        self.pending = Some(want.clone());
        Some(want)
    }

    /// How to reach rows `lo..hi`: from a key next to them when one is loaded, from either end
    /// of the list, or (with no key to start from) by offset.
    fn window(&self, lo: usize, hi: usize) -> Window {
        let end = self.offset + self.rows.len();
        let limit = PAGE as i64;
        let keyed = !self.keys.is_empty() && self.keys.len() == self.rows.len();
        if keyed && lo >= self.offset && lo <= end && hi > end {
            // Scrolling down past the loaded rows: the rows after the last one.
            let seek = Seek::After(self.keys[self.keys.len() - 1].clone());
            return Window { seek, place: Place::Start(end), limit };
        }
        if keyed && lo < self.offset && hi >= self.offset {
            let seek = Seek::Before(self.keys[0].clone());
            return Window { seek, place: Place::End(self.offset), limit };
        }
        if let Some((i, key)) = self.anchor.clone().filter(|(i, _)| *i <= lo && lo < i + PAGE / 2) {
            return Window { seek: Seek::From(key), place: Place::Start(i), limit };
        }
        if lo < PAGE / 2 {
            return Window::first();
        }
        if hi + PAGE / 2 >= self.total {
            return Window { seek: Seek::Last, place: Place::End(self.total), limit };
        }
        let i = self.selected.saturating_sub(PAGE / 2).min(lo);
        Window { seek: Seek::Offset(i), place: Place::Start(i), limit }
    }

    /// Replaces the loaded rows (a list that is not paged through the store).
    pub fn fill(&mut self, offset: usize, rows: Vec<T>) {
        self.offset = offset;
        self.rows = rows;
        self.keys.clear();
        self.pending = None;
        self.loaded = true;
    }

    /// A page arrived: takes the total (when counted), places the rows (joined to the loaded ones
    /// when they touch), corrects the total when the list turned out shorter or longer than
    /// counted, and returns a further page if visible rows are still missing.
    /// The count of a query whose rows came without it (a search's): the rows held stay.
    pub fn counted(&mut self, total: i64) {
        self.total = (total.max(0) as usize).max(self.offset + self.rows.len());
    }

    pub fn receive(&mut self, total: Option<i64>, window: &Window, page: Page<T>, height: usize) -> Option<Window> {
        if self.pending.as_ref() == Some(window) {
            self.pending = None;
        }
        let placed;
        let mut window = window;
        if let Some(t) = total {
            self.total = t.max(0) as usize;
            // The end of the list as counted now, not as counted when the page was asked for.
            // So do the rows from a reload's anchor that reach the end: rows added above the
            // anchor meanwhile (new alarms on top) push it down.
            let from_to_end = matches!(window.seek, Seek::From(_)) && (page.rows.len() as i64) < window.limit;
            if window.seek == Seek::Last || from_to_end {
                placed = Window { place: Place::End(self.total), ..window.clone() };
                window = &placed;
            }
        }
        let n = page.rows.len();
        let full = n as i64 >= window.limit;
        let start = match window.place {
            Place::Start(i) => i,
            Place::End(i) => i.saturating_sub(n),
        };
        match (&window.seek, window.place) {
            // Fewer rows than asked after a key: the list ends here.
            (Seek::After(_) | Seek::From(_) | Seek::First | Seek::Offset(_), Place::Start(_)) if !full => {
                self.total = start + n;
            }
            // A full page reaching past the count: rows were added since; at least one more
            // follows, and asking for it finds out how many.
            (Seek::After(_) | Seek::From(_) | Seek::First | Seek::Offset(_), _) if full && start + n >= self.total => {
                self.total = start + n + 1;
            }
            // Fewer rows than asked before a key or at the end: the list starts here.
            (Seek::Before(_) | Seek::Last, Place::End(e)) if !full => {
                self.total = self.total.max(e) - start;
                self.offset = self.offset.saturating_sub(start);
                self.selected = self.selected.saturating_sub(start);
                self.scroll = self.scroll.saturating_sub(start);
                return self.place_rows(0, page, height);
            }
            _ => {}
        }
        self.place_rows(start, page, height)
    }

    fn place_rows(&mut self, start: usize, page: Page<T>, height: usize) -> Option<Window> {
        let keyed = page.keys.len() == page.rows.len();
        let end = self.offset + self.rows.len();
        let Page { mut rows, mut keys } = page;
        if keyed && !self.rows.is_empty() && self.keys.len() == self.rows.len() && start == end {
            // Appended below the loaded rows; the oldest dropped beyond KEEP.
            self.rows.append(&mut rows);
            self.keys.append(&mut keys);
            let drop = self.rows.len().saturating_sub(KEEP);
            self.rows.drain(..drop);
            self.keys.drain(..drop);
            self.offset += drop;
        } else if keyed
            && !self.rows.is_empty()
            && self.keys.len() == self.rows.len()
            && start + rows.len() == self.offset
        {
            // Put above the loaded rows; the farthest dropped beyond KEEP.
            rows.append(&mut self.rows);
            keys.append(&mut self.keys);
            rows.truncate(KEEP);
            keys.truncate(KEEP);
            self.rows = rows;
            self.keys = keys;
            self.offset = start;
        } else {
            self.offset = start;
            self.rows = rows;
            self.keys = if keyed { keys } else { Vec::new() };
        }
        self.total = self.total.max(self.offset + self.rows.len());
        self.selected = self.selected.min(self.total.saturating_sub(1));
        self.scroll = self.scroll.min(self.selected);
        self.anchor = None;
        self.loaded = true;
        self.need(height)
    }

    /// Forgets the rows (a new query is coming) but keeps the cursor and the first visible row's
    /// key, so a reload after a write does not send the officer back to the top. Returns the page
    /// that brings the list back.
    pub fn clear_keeping_cursor(&mut self) -> Window {
        let (selected, scroll) = (self.selected, self.scroll);
        let anchor =
            self.scroll.checked_sub(self.offset).and_then(|k| self.keys.get(k)).map(|k| (self.scroll, k.clone()));
        *self = Paged { selected, scroll, anchor, ..Paged::default() };
        match &self.anchor {
            Some((i, key)) => Window { seek: Seek::From(key.clone()), place: Place::Start(*i), limit: PAGE as i64 },
            None => Window::first(),
        }
    }

    /// The page that loads the rows on screen again, for a reload that keeps the rows meanwhile.
    pub fn refresh(&self) -> Window {
        match self.keys.first() {
            Some(k) => Window { seek: Seek::From(k.clone()), place: Place::Start(self.offset), limit: PAGE as i64 },
            None if self.offset == 0 => Window::first(),
            None => Window { seek: Seek::Offset(self.offset), place: Place::Start(self.offset), limit: PAGE as i64 },
        }
    }

    pub fn reset(&mut self, total: usize, rows: Vec<T>) {
        *self = Paged { total, rows, loaded: true, ..Default::default() };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::keyset::KeyValue as Value;

    /// A stand-in store: the list 0..len, each row keyed by itself.
    fn serve(len: usize, w: &Window) -> Page<usize> {
        serve_from(0, len, 0, w)
    }

    /// The list lo..len, each shifted by `shift` (rows below 0 arrive "on top" later).
    fn serve_from(lo: i64, len: usize, shift: i64, w: &Window) -> Page<usize> {
        let all: Vec<usize> = (lo..len as i64).map(|i| (i + shift) as usize).collect();
        let len = all.len();
        let key = |k: &Key| match k.first() {
            Some(Value::Integer(i)) => *i as usize,
            _ => usize::MAX,
        };
        let lim = w.limit as usize;
        let rows: Vec<usize> = match &w.seek {
            Seek::First => all.iter().copied().take(lim).collect(),
            Seek::Offset(o) => all.iter().copied().skip(*o).take(lim).collect(),
            Seek::After(k) => all.iter().copied().filter(|r| *r > key(k)).take(lim).collect(),
            Seek::From(k) => all.iter().copied().filter(|r| *r >= key(k)).take(lim).collect(),
            Seek::Before(k) => {
                let before: Vec<usize> = all.iter().copied().filter(|r| *r < key(k)).collect();
                before[before.len().saturating_sub(lim)..].to_vec()
            }
            Seek::Last => all[len.saturating_sub(lim)..].to_vec(),
        };
        let keys = rows.iter().map(|r| vec![Value::Integer(*r as i64)]).collect();
        Page { rows, keys }
    }

    /// Answers every page the list asks for until it asks for none.
    fn settle(p: &mut Paged<usize>, len: usize, mut w: Option<Window>, height: usize) -> Vec<Seek> {
        let mut asked = Vec::new();
        while let Some(win) = w {
            asked.push(win.seek.clone());
            let counted = win.seek.opens().then_some(len as i64);
            w = p.receive(counted, &win, serve(len, &win), height);
        }
        asked
    }

    #[test]
    fn scrolling_asks_for_the_rows_after_or_before_a_key_it_holds() {
        let mut p: Paged<usize> = Paged::default();
        let first = Window::first();
        assert_eq!(p.receive(Some(1000), &first, serve(1000, &first), 20), None);
        assert_eq!(p.move_by(10, 20), None);
        assert_eq!(p.move_by(9, 20), None);
        assert_eq!(p.scroll, 0, "selection 19 is on the last visible row");
        assert_eq!(p.move_by(1, 20), None);
        assert_eq!(p.scroll, 10, "one step further moves the list by half a screen");
        assert_eq!(p.move_by(-11, 20), None);
        assert_eq!(p.scroll, 0, "and back above the top by half a screen too (clamped)");
        p.move_by(16, 20);
        for _ in 0..400 {
            let w = p.move_by(1, 20);
            assert!(
                matches!(w.as_ref().map(|w| &w.seek), None | Some(Seek::After(_))),
                "scrolling down never skips by offset: {w:?}"
            );
            settle(&mut p, 1000, w, 20);
            assert_eq!(p.selected_row(), Some(&p.selected), "the row under the cursor is the right one");
        }
        assert_eq!(p.selected, 425);
        assert!(p.rows.len() <= KEEP, "old rows are dropped");
        for _ in 0..425 {
            let w = p.move_by(-1, 20);
            assert!(matches!(w.as_ref().map(|w| &w.seek), None | Some(Seek::Before(_))), "up: {w:?}");
            settle(&mut p, 1000, w, 20);
            assert_eq!(p.selected_row(), Some(&p.selected));
        }
        let w = p.move_by(isize::MAX / 2, 20);
        assert_eq!(w.as_ref().map(|w| &w.seek), Some(&Seek::Last), "End reads the list backwards");
        settle(&mut p, 1000, w, 20);
        assert_eq!((p.selected, p.selected_row()), (999, Some(&999)));
        let w = p.move_by(-10_000, 20);
        assert_eq!(w.as_ref().map(|w| &w.seek), Some(&Seek::First));
        settle(&mut p, 1000, w, 20);
        assert_eq!((p.selected, p.scroll, p.selected_row()), (0, 0, Some(&0)));
    }

    #[test]
    fn a_reload_comes_back_at_the_first_visible_row() {
        let mut p: Paged<usize> = Paged::default();
        let w = Window::first();
        p.receive(Some(1000), &w, serve(1000, &w), 20);
        for _ in 0..30 {
            let w = p.move_by(19, 20);
            settle(&mut p, 1000, w, 20);
        }
        let (sel, scroll) = (p.selected, p.scroll);
        let w = p.clear_keeping_cursor();
        assert!(matches!(w.seek, Seek::From(_)), "{w:?}");
        assert_eq!(p.selected_row(), None, "rows are gone until the answer comes");
        let more = p.receive(Some(1000), &w, serve(1000, &w), 20);
        settle(&mut p, 1000, more, 20);
        assert_eq!((p.selected, p.scroll, p.selected_row()), (sel, scroll, Some(&sel)));
    }

    #[test]
    fn a_reload_shows_rows_that_arrived_on_top() {
        let mut p: Paged<usize> = Paged::default();
        let w = Window::first();
        p.receive(Some(30), &w, serve_from(0, 30, 1000, &w), 20);
        assert_eq!(p.selected_row(), Some(&1000));
        let mut w = Some(p.clear_keeping_cursor());
        let mut counted = Some(35);
        while let Some(win) = w {
            w = p.receive(counted.take(), &win, serve_from(-5, 30, 1000, &win), 20);
        }
        assert_eq!(p.total, 35);
        assert_eq!((0..35).map(|i| p.get(i).copied()).collect::<Vec<_>>(), (995..1030).map(Some).collect::<Vec<_>>());
    }

    #[test]
    fn a_list_shorter_than_counted_corrects_its_length() {
        let mut p: Paged<usize> = Paged { selected: 50, ..Default::default() };
        let w = Window::first();
        assert_eq!(p.receive(Some(10), &w, serve(10, &w), 20), None, "all ten rows are here");
        assert_eq!((p.total, p.selected), (10, 9), "the selection stays inside a shrunken list");
        let mut q: Paged<usize> = Paged::default();
        q.receive(Some(500), &w, serve(300, &w), 20);
        let w = q.move_by(isize::MAX / 2, 20);
        settle(&mut q, 300, w, 20);
        assert_eq!(q.total, 300, "the end read backwards finds the list shorter than counted");
        assert_eq!(q.selected_row(), Some(&299));
    }

    #[test]
    fn empty_list_never_asks() {
        let mut p: Paged<u8> = Paged::default();
        assert_eq!(p.move_by(5, 10), None);
        assert_eq!(p.selected, 0);
    }
}

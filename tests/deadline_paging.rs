//! The merged Deadlines list paged by its own key: walking forward page by page from the top,
//! and backward from the end, gives exactly the list the merge gives in one piece, with and
//! without filters; a page from a row starts at that row.

mod common;

use anjian::domain::calendar::HolidayCalendar;
use anjian::domain::deadline::{Deadline, DeadlineKind};
use anjian::store::deadlines::{self, DeadlineQuery};
use anjian::store::keyset::Seek;

fn id(d: &Deadline) -> (DeadlineKind, String, String) {
    (d.kind, d.reference.clone(), d.due.to_string())
}

fn walk(conn: &rusqlite::Connection, q: &DeadlineQuery, cal: &HolidayCalendar, size: usize) {
    let whole: Vec<_> = deadlines::page(conn, q, cal, 0, usize::MAX).expect("whole").iter().map(id).collect();
    assert_eq!(whole.len() as i64, deadlines::count(conn, q, cal).expect("count"), "the count is the list's");
    let mut forward = Vec::new();
    let mut seek = Seek::First;
    loop {
        let p = deadlines::page_keyed(conn, q, cal, &seek, size).expect("page");
        assert_eq!(p.keys.len(), p.rows.len(), "every row has its key");
        forward.extend(p.rows.iter().map(id));
        match p.keys.last() {
            Some(k) if p.rows.len() == size => seek = Seek::After(k.clone()),
            _ => break,
        }
    }
    assert_eq!(forward, whole, "forward by key, pages of {size}");
    let mut backward = Vec::new();
    let mut seek = Seek::Last;
    loop {
        let p = deadlines::page_keyed(conn, q, cal, &seek, size).expect("page");
        for r in p.rows.iter().rev() {
            backward.push(id(r));
        }
        match p.keys.first() {
            Some(k) if p.rows.len() == size => seek = Seek::Before(k.clone()),
            _ => break,
        }
    }
    backward.reverse();
    assert_eq!(backward, whole, "backward from the end by key, pages of {size}");
    if let Some(mid) = whole.len().checked_div(2).filter(|m| *m > 0) {
        let first = deadlines::page_keyed(conn, q, cal, &Seek::First, mid + 1).expect("page");
        let from = deadlines::page_keyed(conn, q, cal, &Seek::From(first.keys[mid].clone()), 3).expect("from");
        assert_eq!(from.rows.iter().map(id).collect::<Vec<_>>(), whole[mid..(mid + 3).min(whole.len())].to_vec());
    }
}

#[test]
fn the_merged_list_pages_by_key_both_ways_as_it_merges() {
    let demo = common::demo_copy();
    let store = common::open(&demo.path);
    let conn = store.conn();
    let cal = HolidayCalendar::built_in();
    let today = common::today();
    let all = DeadlineQuery::all(today);
    assert!(deadlines::count(conn, &all, &cal).expect("count") > 100, "a list worth paging");
    for size in [7, 50] {
        walk(conn, &all, &cal, size);
    }
    walk(conn, &DeadlineQuery { overdue_only: true, ..all.clone() }, &cal, 1);
    walk(
        conn,
        &DeadlineQuery { kinds: vec![DeadlineKind::Hazard, DeadlineKind::TipoffVerify], ..all.clone() },
        &cal,
        4,
    );
    walk(conn, &DeadlineQuery { until: Some(today + chrono::Duration::days(30)), ..all }, &cal, 6);
}

/// End when the last rows have not been read: the list is asked for, and the calendar once, for
/// the month of the row End lands on (it used to move to today's month first, a query for nothing).
#[test]
fn end_asks_for_the_calendar_once_for_the_row_it_lands_on() {
    use anjian::tui::app::Msg;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let (_demo, mut h) = common::demo_app(anjian::i18n::Lang::Zh, None, 120, 40);
    h.key(KeyCode::Char('3'));
    h.render();
    let mut queue: std::collections::VecDeque<_> =
        h.app.update(Msg::Key(KeyEvent::new(KeyCode::End, KeyModifiers::NONE))).into();
    let mut asked = Vec::new();
    while let Some(r) = queue.pop_front() {
        asked.push(r.kind().map(|(_, slot)| slot.name));
        let reply = h.backend.execute(r);
        queue.extend(h.app.update(Msg::Reply(Box::new(reply))));
    }
    assert_eq!(asked.first(), Some(&Some("list")), "the last rows are read: {asked:?}");
    assert_eq!(asked.iter().filter(|s| **s == Some("busy")).count(), 1, "{asked:?}");
}

//! The store worker: a thread that owns its own database connection and answers requests, so the
//! event loop never waits on SQLite. Each request goes to the screen it belongs to (the enums in
//! `screens/mod.rs` see to that); a burst of requests is thinned first, the newest of each kind
//! winning. Tests call [`Backend::execute`] directly to get the same answers synchronously.

pub use super::backend::Backend;
pub use super::messages::{AppRep, AppReq, AppWrite};
pub use super::screens::{FormPurpose, Reply, Request, WriteOp};
use std::sync::mpsc::{Receiver, Sender};

impl Backend {
    pub fn execute(&mut self, req: Request) -> Reply {
        req.answer(self)
    }
}

/// Drops requests that a later request in the same batch makes pointless (see `Slot`): typing
/// "加油站" fast queues three list queries, and only the last one's answer will be shown. Writes,
/// sign-ins and reveals are never dropped, nor a page of the query still shown.
pub fn supersede(batch: Vec<Request>) -> Vec<Request> {
    let kinds: Vec<_> = batch.iter().map(Request::kind).collect();
    let replaced = |i: usize| match kinds[i] {
        None => false,
        Some((who, slot)) => kinds[i + 1..].iter().flatten().any(|(w, later)| *w == who && slot.replaced_by(later)),
    };
    batch.into_iter().enumerate().filter(|(i, _)| !replaced(*i)).map(|(_, r)| r).collect()
}

/// Events that reach the event loop from its helper threads.
pub enum Event {
    Input(ratatui::crossterm::event::Event),
    Reply(Box<Reply>),
    /// Another connection committed (PRAGMA data_version moved): the tables it changed.
    DataChanged(crate::domain::changes::Changes),
    Tick,
    /// The terminal hung up or the process was asked to stop: leave in good order.
    Hangup,
}

pub use super::change_watch::{CHANGE_EVERY, ChangeWatch, SPREAD};

/// How often an idle worker looks at `data_version` (the sessions bench's idle terminals too).
pub const POLL: std::time::Duration = std::time::Duration::from_millis(500);

/// Runs requests in order on the worker's connection and polls `data_version` between them, so a
/// change committed by another terminal shows up within [`POLL`] and this terminal's share of
/// [`SPREAD`], at most once every [`CHANGE_EVERY`] (changes in between are told once; see
/// [`ChangeWatch`]). Whatever is queued when the worker gets to it is taken at once and thinned
/// by [`supersede`].
pub fn spawn(mut backend: Backend, requests: Receiver<Request>, events: Sender<Event>) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let mut watch = ChangeWatch::new(backend.store.data_version().unwrap_or(0));
        loop {
            let poll = watch.wait(std::time::Instant::now()).map_or(POLL, |w| w.min(POLL));
            match requests.recv_timeout(poll) {
                Ok(first) => {
                    let mut batch = vec![first];
                    batch.extend(requests.try_iter());
                    for req in supersede(batch) {
                        if events.send(Event::Reply(Box::new(backend.execute(req)))).is_err() {
                            return;
                        }
                    }
                }
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
            }
            if let Ok(v) = backend.store.data_version()
                && watch.due(v, std::time::Instant::now())
            {
                let changes = backend.changes();
                // A commit that changed no logged table (a lease, a session) shows nothing new.
                if changes.is_empty() {
                    continue;
                }
                watch.told(std::time::Instant::now());
                if events.send(Event::DataChanged(changes)).is_err() {
                    return;
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::HolidayCalendar;
    use crate::store::Store;
    use crate::store::units::UnitQuery;
    use crate::tui::paged::Window;
    use crate::tui::screens::grid::msg::Req as Grid;

    fn list(seq: u64) -> Request {
        Request::Grid(Grid::List { seq, query: UnitQuery::default(), at: Window::first() })
    }

    fn page(seq: u64, offset: usize) -> Request {
        let at = crate::tui::paged::Window { seek: crate::store::keyset::Seek::Offset(offset), ..Window::first() };
        Request::Grid(Grid::List { seq, query: UnitQuery::default(), at })
    }

    fn sign_out(name: &str) -> Request {
        let op = WriteOp::App(AppWrite::SignOut { name: name.into(), why: String::new() });
        Request::Write { operator: name.into(), op, ticket: 0 }
    }

    #[test]
    fn only_the_newest_of_each_kind_survives() {
        let batch = vec![
            list(1),
            Request::Grid(Grid::Detail(5)),
            Request::Grid(Grid::Units { grid: Some(1), limit: 9 }),
            sign_out("a"),
            list(2),
            Request::Grid(Grid::Units { grid: Some(2), limit: 9 }),
            Request::Grid(Grid::Detail(6)),
            sign_out("a"),
            list(3),
            Request::App(AppReq::Office),
        ];
        assert_eq!(
            supersede(batch),
            vec![
                Request::Grid(Grid::Units { grid: Some(1), limit: 9 }),
                sign_out("a"),
                Request::Grid(Grid::Units { grid: Some(2), limit: 9 }),
                Request::Grid(Grid::Detail(6)),
                sign_out("a"),
                list(3),
                Request::App(AppReq::Office),
            ]
        );
        assert_eq!(supersede(vec![Request::Grid(Grid::Tree)]), vec![Request::Grid(Grid::Tree)]);
        // Two pages of the query still shown (the rows on screen again, the rows scrolled to) are
        // both answered: the list waits for the one it asked for.
        assert_eq!(supersede(vec![page(4, 200), page(4, 0)]), vec![page(4, 200), page(4, 0)]);
        assert_eq!(supersede(vec![page(4, 200), page(5, 0)]), vec![page(5, 0)], "a new query drops the old");
        let other_grid = Request::Hazards(crate::tui::screens::hazards::msg::Req::Detail(6));
        assert_eq!(supersede(vec![Request::Grid(Grid::Detail(5)), other_grid.clone()]).len(), 2, "per screen");
    }

    /// A burst queued while the worker is busy is thinned: of three list queries only the last
    /// is answered, and every write is.
    #[test]
    fn the_worker_answers_only_the_newest_of_a_burst() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(&dir.path().join("w.db")).expect("open");
        let (req_tx, req_rx) = std::sync::mpsc::channel();
        let (ev_tx, ev_rx) = std::sync::mpsc::channel();
        // Queued before the worker starts, so it finds them all at once.
        for r in [list(1), list(2), sign_out("甲"), list(3)] {
            req_tx.send(r).expect("send");
        }
        let handle = spawn(Backend::new(store, HolidayCalendar::built_in()), req_rx, ev_tx);
        let mut replies = Vec::new();
        while replies.len() < 2 {
            if let Event::Reply(r) = ev_rx.recv_timeout(std::time::Duration::from_secs(5)).expect("a reply") {
                replies.push(*r);
            }
        }
        drop(req_tx);
        handle.join().expect("worker ends");
        assert!(matches!(&replies[0], Reply::Written { .. }), "{replies:?}");
        let Reply::Grid(crate::tui::screens::grid::msg::Rep::List { seq, .. }) = &replies[1] else {
            panic!("{replies:?}")
        };
        assert_eq!(*seq, 3, "the older list queries were dropped");
        while let Ok(ev) = ev_rx.try_recv() {
            assert!(!matches!(ev, Event::Reply(_)), "nothing else was answered");
        }
    }

    #[test]
    fn another_connections_commit_is_signalled_within_the_poll_and_the_spread() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("w.db");
        let watched = Store::open(&path).expect("open");
        let mut other = Store::open(&path).expect("open other");
        let (req_tx, req_rx) = std::sync::mpsc::channel();
        let (ev_tx, ev_rx) = std::sync::mpsc::channel();
        let handle = spawn(Backend::new(watched, HolidayCalendar::built_in()), req_rx, ev_tx);
        req_tx.send(Request::App(AppReq::Office)).expect("send");
        assert!(matches!(ev_rx.recv_timeout(std::time::Duration::from_secs(5)), Ok(Event::Reply(_))));
        // A commit that changes no logged table (the planner's statistics) moves data_version
        // but shows nothing new.
        crate::store::bulk::finish(&other).expect("statistics");
        let quiet = ev_rx.recv_timeout(std::time::Duration::from_millis(1200));
        assert!(quiet.is_err(), "told of a change no screen shows: {:?}", quiet.map(|_| ()));
        other.write("另一终端", |w| crate::store::network::ensure_community(w, "东湖社区").map(|_| ())).expect("write");
        let signalled = ev_rx.recv_timeout(POLL + SPREAD + std::time::Duration::from_millis(500));
        let Ok(Event::DataChanged(changes)) = signalled else {
            panic!("no change signal within the poll and the spread")
        };
        assert!(changes.touches(&["community"]) && changes.touches(&["audit_log"]), "{changes:?}");
        assert!(!changes.touches(&["alarm", "hazard", "sqlite_stat1"]), "only what was written: {changes:?}");
        drop(req_tx);
        handle.join().expect("worker ends when the app goes away");
    }
}

//! The store worker: a thread that owns its own database connection and answers requests, so the
//! event loop never waits on SQLite. Tests call [`execute`] directly to get the same answers
//! synchronously.

use crate::domain::calendar::HolidayCalendar;
use crate::store::deadlines;
use crate::store::hazards;
use crate::store::inspections;
use crate::store::operators;
use crate::store::stats;
use crate::store::units::{self, Scope, UnitQuery};
use crate::store::{Store, network};
use chrono::{Datelike, Duration, NaiveDate};
use std::sync::mpsc::{Receiver, Sender};

pub use super::messages::*;
use crate::store::deadlines::DeadlineQuery;
use crate::store::keyset::Page;

/// Most units a map pane asks for; a terminal canvas cannot show more dots than that anyway.
pub const MAP_CAP: i64 = 20_000;

/// The store and the office's holiday calendar: everything a request needs.
pub struct Backend {
    pub store: Store,
    /// The signed-in operator's view when they are limited to some grids (see `store::scope`):
    /// every read goes through it. None: the whole office.
    pub scoped: Option<crate::store::Conn>,
    pub cal: HolidayCalendar,
    /// Opens sealed reporter identities (to mask them, or to reveal them to a supervisor).
    pub sealer: Option<crate::secret::Sealer>,
    pub rules: crate::domain::tipoff::TipoffRules,
    /// A station's grids: whoever signs in there sees at most these. None: the whole office.
    pub station_grids: Option<Vec<i64>>,
    /// Who signed in through this backend (their role decides a reveal, whatever a request says).
    pub signed: Option<operators::Operator>,
}

impl Backend {
    pub fn new(store: Store, cal: HolidayCalendar) -> Backend {
        Backend { store, cal, sealer: None, rules: Default::default(), scoped: None, station_grids: None, signed: None }
    }

    /// Where reads go: the operator's scoped view, or the office.
    pub fn conn(&self) -> &crate::store::Conn {
        self.scoped.as_ref().unwrap_or(self.store.conn())
    }

    /// Takes the operator's scope (within the station's, at a station): from now on reads see only
    /// their grids, writes only reach what they can see. Returns false, changing nothing, when the
    /// operator covers none of the station's grids.
    pub fn sign_as(&mut self, operator: &str) -> crate::store::Result<bool> {
        let own = crate::store::scope::grids_of(self.store.conn(), operator)?;
        let grids = crate::store::scope::intersect(own, self.station_grids.clone());
        if grids.as_ref().is_some_and(Vec::is_empty) && self.station_grids.is_some() {
            return Ok(false);
        }
        self.scoped = match grids {
            Some(grids) => Some(crate::store::scope::scoped_connection(self.store.path(), &grids, operator)?),
            None => None,
        };
        self.signed = operators::find(self.store.conn(), operator)?;
        Ok(true)
    }

    pub fn execute(&mut self, req: Request) -> Reply {
        match req {
            r @ (Request::Alarms { .. }
            | Request::AlarmDetail(_)
            | Request::AlarmMeta { .. }
            | Request::Attention { .. }) => self.read_alarms(r).unwrap_or_else(|e| Reply::Error(e.to_string())),
            r @ (Request::Tipoffs { .. } | Request::TipoffDetail(_) | Request::TipoffCounts { .. }) => {
                self.read_tipoffs(r).unwrap_or_else(|e| Reply::Error(e.to_string()))
            }
            r @ (Request::Checklist { .. } | Request::ReportCompile { .. }) => {
                self.read_checklist(r).unwrap_or_else(|e| Reply::Error(e.to_string()))
            }
            r @ Request::ReportWrite { .. } => self.write_report_file(r),
            r @ (Request::Duty { .. } | Request::HandoverDraft { .. }) => {
                self.read_duty(r).unwrap_or_else(|e| Reply::Error(e.to_string()))
            }
            Request::SignIn { name, pin, via, now } => self.sign_in(&name, &pin, &via, now),
            // A reveal is checked against the scope like any write: a station's supervisor opens
            // only its own grids' reporters, whatever id a request names.
            Request::Write { op: WriteOp::Reveal { id, role }, operator } => {
                match self.within_scope(&WriteOp::Reveal { id, role }) {
                    Ok(()) => self.reveal(&operator, id),
                    Err(message) => Reply::Revealed { id, identity: Err(message) },
                }
            }
            Request::Write { operator, op } => self.write(&operator, op),
            other => self.read(other).unwrap_or_else(|e| Reply::Error(e.to_string())),
        }
    }

    /// Sign-in is a write: the attempt is recorded and audited (as the place, never as the typed
    /// name), and wrong PINs are rate-limited per name and place.
    fn sign_in(&mut self, name: &str, pin: &str, via: &str, now: chrono::DateTime<chrono::FixedOffset>) -> Reply {
        use crate::store::sessions::{self, SignIn};
        let no_operators = operators::count(self.store.conn()).map(|n| n == 0).unwrap_or(false);
        let reply = |ok, locked_until, outside| Reply::SignIn { ok, no_operators, locked_until, outside };
        match self.store.write(via, |w| sessions::sign_in(w, name, pin, via, now)) {
            Ok(SignIn::Ok(op)) => match self.sign_as(&op.name) {
                Ok(true) => reply(Some(op), None, false),
                Ok(false) => {
                    let why = format!("{} covers none of this station's grids", op.name);
                    let _ = self.store.write(via, |w| sessions::sign_out(w, &op.name, &why));
                    reply(None, None, true)
                }
                Err(e) => Reply::Error(e.to_string()),
            },
            Ok(SignIn::Wrong) => reply(None, None, false),
            Ok(SignIn::Locked(until)) => reply(None, Some(until), false),
            Err(e) => Reply::Error(e.to_string()),
        }
    }

    fn write(&mut self, operator: &str, op: WriteOp) -> Reply {
        if let Err(message) = self.within_scope(&op) {
            return Reply::Written { ok: false, message, hazard: None };
        }
        let result: Result<(String, Option<i64>), String> = match op {
            op @ (WriteOp::AlarmStep { .. }
            | WriteOp::AlarmDispatch { .. }
            | WriteOp::AlarmHazard { .. }
            | WriteOp::AddSilence { .. }
            | WriteOp::RemoveSilence { .. }) => self.write_alarm(operator, op),
            op @ (WriteOp::TipoffCreate(_)
            | WriteOp::TipoffStep { .. }
            | WriteOp::TipoffHazard { .. }
            | WriteOp::Reveal { .. }) => self.write_tipoff(operator, op),
            op @ (WriteOp::ChecklistEdit { .. } | WriteOp::ReportDraft { .. }) => self.write_checklist(operator, op),
            op @ (WriteOp::DutyStart
            | WriteOp::DutyEntry { .. }
            | WriteOp::DutyEnd { .. }
            | WriteOp::DutyAcknowledge { .. }
            | WriteOp::DutyReported { .. }) => self.write_duty(operator, op),
            WriteOp::SignOut { name, why } => self
                .store
                .write(operator, |w| crate::store::sessions::sign_out(w, &name, &why))
                .map(|_| (name.clone(), None))
                .map_err(|e| e.to_string()),
            WriteOp::RecordInspection(i, h) => self
                .store
                .write(operator, |w| inspections::record(w, &i, h))
                .map(|(id, hz)| (format!("inspection #{id}"), hz))
                .map_err(|e| e.to_string()),
            WriteOp::CreateHazard(h) => self
                .store
                .write(operator, |w| hazards::create(w, &h))
                .map(|id| (format!("hazard #{id}"), Some(id)))
                .map_err(|e| e.to_string()),
            WriteOp::UpdateHazard { id, version, edit } => self
                .store
                .write(operator, |w| hazards::update(w, id, version, &edit))
                .map(|_| (format!("hazard #{id}"), Some(id)))
                .map_err(|e| e.to_string()),
            WriteOp::Transition { id, version, to, role, on, note } => {
                let mut failure = None;
                let r =
                    self.store.write(operator, |w| match hazards::transition(w, id, version, to, role, on, &note) {
                        Ok(()) => Ok(()),
                        Err(hazards::HazardError::Store(e)) => Err(e),
                        Err(e) => {
                            failure = Some(e.to_string());
                            Ok(())
                        }
                    });
                match (r, failure) {
                    (_, Some(msg)) => Err(msg),
                    (Ok(()), None) => Ok((format!("hazard #{id}"), Some(id))),
                    (Err(e), None) => Err(e.to_string()),
                }
            }
            WriteOp::SubmitReport { kind, period, on } => self
                .store
                .write(operator, |w| deadlines::submit_report(w, kind, &period, on))
                .map(|_| (period.clone(), None))
                .map_err(|e| e.to_string()),
            WriteOp::AddManual { title, due, unit_id, note } => self
                .store
                .write(operator, |w| deadlines::add_manual(w, &title, due, unit_id, &note))
                .map(|id| (format!("#{id}"), None))
                .map_err(|e| e.to_string()),
            WriteOp::CompleteManual { id, version, on } => self
                .store
                .write(operator, |w| deadlines::complete_manual(w, id, version, on))
                .map(|_| (format!("#{id}"), None))
                .map_err(|e| e.to_string()),
        };
        match result {
            Ok((message, hazard)) => Reply::Written { ok: true, message, hazard },
            Err(message) => Reply::Written { ok: false, message, hazard: None },
        }
    }

    fn read(&self, req: Request) -> crate::store::Result<Reply> {
        let c = self.conn();
        let cal = &self.cal;
        Ok(match req {
            Request::Office => Reply::Office(network::office_name(c)?),
            Request::Stats => Reply::Stats(stats::network(c)?),
            Request::Tree => {
                let no_grid = units::count(c, &UnitQuery { scope: Scope::NoGrid, text: String::new() })?;
                Reply::Tree { communities: network::communities(c)?, grids: network::grids(c)?, no_grid }
            }
            Request::GridUnits { grid, limit } => {
                let query = UnitQuery { scope: grid.map(Scope::Grid).unwrap_or(Scope::NoGrid), text: String::new() };
                Reply::GridUnits { grid, total: units::count(c, &query)?, rows: units::first(c, &query, limit)? }
            }
            Request::List { seq, query, at } => {
                // The total is counted once per query (its first page); later pages reuse it.
                let total = if at.seek.opens() { Some(units::count(c, &query)?) } else { None };
                Reply::List { seq, total, page: units::page(c, &query, &at.seek, at.limit)?, at }
            }
            Request::Detail(id) => Reply::Detail(id, units::detail(c, id)?),
            Request::Points(scope) => Reply::Points(scope, units::points(c, scope, MAP_CAP)?),
            Request::Gaps { offset, limit } => {
                let s = stats::network(c)?;
                let total = s.units_without_grid + s.grids_without_officer + s.incomplete_teams;
                Reply::Gaps { total, offset, rows: stats::gaps(c, offset, limit)? }
            }

            Request::Deadlines { seq, query, at } => {
                // Merged from many sources in memory: paged by position (each source by key).
                let at = at.by_offset();
                let total = if at.seek.opens() { Some(deadlines::count(c, &query, cal)?) } else { None };
                let rows = deadlines::page(c, &query, cal, at.start(), at.limit.max(0) as usize)?;
                Reply::Deadlines { seq, total, at, page: Page::unkeyed(rows) }
            }
            Request::BusyDays { month, query } => {
                let end = crate::domain::calendar::month_end(month);
                Reply::BusyDays(month, deadlines::busy_days(c, &query, cal, month, end)?)
            }
            Request::Hazards { seq, filter, at } => {
                let total = if at.seek.opens() { Some(hazards::count(c, &filter)?) } else { None };
                Reply::Hazards { seq, total, page: hazards::page(c, &filter, &at.seek, at.limit)?, at }
            }
            Request::HazardDetail(id) => Reply::HazardDetail(id, hazards::get(c, id)?),
            Request::Summary { today } => {
                let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
                let overdue = DeadlineQuery { overdue_only: true, ..DeadlineQuery::all(today) };
                let week = DeadlineQuery { until: Some(today + Duration::days(7)), ..DeadlineQuery::all(today) };
                let deadlines_overdue = deadlines::count(c, &overdue, cal)?;
                Reply::Summary(Summary {
                    hazards: hazards::counts(c, today)?,
                    year_all: hazards::rates(c, year_start, today, false, today)?,
                    year_major: hazards::rates(c, year_start, today, true, today)?,
                    deadlines_overdue,
                    due_this_week: deadlines::count(c, &week, cal)? - deadlines_overdue,
                    checklist: crate::store::checklist::quarter_progress(
                        c,
                        crate::domain::calendar::Quarter::of(today),
                    )?,
                })
            }
            Request::UnitSuggest { field, text } => {
                let q = UnitQuery { scope: Scope::All, text: text.clone() };
                let matches = units::first(c, &q, 8)?
                    .into_iter()
                    .map(|u| (u.id, format!("{} {}", u.name, u.uscc.unwrap_or_default()).trim().to_string()))
                    .collect();
                Reply::UnitSuggest { field, text, matches }
            }
            Request::Write { .. }
            | Request::SignIn { .. }
            | Request::Alarms { .. }
            | Request::AlarmDetail(_)
            | Request::AlarmMeta { .. }
            | Request::Attention { .. }
            | Request::Tipoffs { .. }
            | Request::TipoffDetail(_)
            | Request::TipoffCounts { .. }
            | Request::Checklist { .. }
            | Request::ReportCompile { .. }
            | Request::ReportWrite { .. }
            | Request::Duty { .. }
            | Request::HandoverDraft { .. } => Reply::Error("a request reached the wrong path".into()),
        })
    }
}

/// Drops requests that a later request in the same batch makes pointless: typing "加油站" fast
/// queues three list queries, and only the last one's answer will be shown.
pub fn supersede(batch: Vec<Request>) -> Vec<Request> {
    fn slot(r: &Request) -> (u8, Option<i64>) {
        match r {
            // Writes are never dropped: each is its own slot.
            Request::Write { .. } => (255, None),
            Request::Deadlines { .. } => (10, None),
            Request::BusyDays { .. } => (11, None),
            Request::Hazards { .. } => (12, None),
            Request::HazardDetail(_) => (13, None),
            Request::Summary { .. } => (14, None),
            Request::Alarms { .. } => (20, None),
            Request::AlarmDetail(_) => (21, None),
            Request::AlarmMeta { .. } => (22, None),
            Request::Attention { .. } => (23, None),
            Request::Tipoffs { .. } => (30, None),
            Request::TipoffDetail(_) => (31, None),
            Request::TipoffCounts { .. } => (32, None),
            Request::UnitSuggest { .. } => (33, None),
            Request::Checklist { .. } => (40, None),
            Request::ReportCompile { .. } => (41, None),
            // Each file of an export is its own step.
            Request::ReportWrite { format, .. } => (42, Some(*format as i64)),
            Request::Duty { .. } => (50, None),
            Request::HandoverDraft { .. } => (51, None),
            Request::Office => (0, None),
            Request::Stats => (1, None),
            Request::Tree => (2, None),
            // Each expanded grid has its own units; none replaces another's.
            Request::GridUnits { grid, .. } => (3, Some(grid.unwrap_or(-1))),
            Request::List { .. } => (4, None),
            Request::Detail(_) => (5, None),
            Request::Points(_) => (6, None),
            Request::Gaps { .. } => (7, None),
            Request::SignIn { .. } => (8, None),
        }
    }
    let mut keep = Vec::with_capacity(batch.len());
    for (i, r) in batch.iter().enumerate() {
        let is_write = matches!(r, Request::Write { .. });
        if is_write || !batch[i + 1..].iter().any(|later| slot(later) == slot(r)) {
            keep.push(r.clone());
        }
    }
    keep
}

/// Events that reach the event loop from its helper threads.
pub enum Event {
    Input(ratatui::crossterm::event::Event),
    Reply(Box<Reply>),
    /// Another connection committed (PRAGMA data_version moved).
    DataChanged,
    Tick,
    /// The terminal hung up or the process was asked to stop: leave in good order.
    Hangup,
}

/// Runs requests in order on the worker's connection and polls `data_version` between them, so a
/// change committed by another terminal shows up within a second.
pub fn spawn(mut backend: Backend, requests: Receiver<Request>, events: Sender<Event>) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let mut version = backend.store.data_version().unwrap_or(0);
        loop {
            match requests.recv_timeout(std::time::Duration::from_millis(500)) {
                Ok(req) => {
                    if events.send(Event::Reply(Box::new(backend.execute(req)))).is_err() {
                        return;
                    }
                }
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
            }
            if let Ok(v) = backend.store.data_version()
                && v != version
            {
                version = v;
                if events.send(Event::DataChanged).is_err() {
                    return;
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(seq: u64) -> Request {
        Request::List { seq, query: UnitQuery::default(), at: super::super::paged::Window::first() }
    }

    #[test]
    fn only_the_newest_of_each_kind_survives() {
        let batch = vec![
            list(1),
            Request::Detail(5),
            Request::GridUnits { grid: Some(1), limit: 9 },
            list(2),
            Request::GridUnits { grid: Some(2), limit: 9 },
            Request::Detail(6),
            list(3),
            Request::Stats,
        ];
        assert_eq!(
            supersede(batch),
            vec![
                Request::GridUnits { grid: Some(1), limit: 9 },
                Request::GridUnits { grid: Some(2), limit: 9 },
                Request::Detail(6),
                list(3),
                Request::Stats,
            ]
        );
        assert_eq!(supersede(vec![Request::Tree]), vec![Request::Tree]);
    }

    #[test]
    fn another_connections_commit_is_signalled_within_a_second() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("w.db");
        let watched = Store::open(&path).expect("open");
        let mut other = Store::open(&path).expect("open other");
        let (req_tx, req_rx) = std::sync::mpsc::channel();
        let (ev_tx, ev_rx) = std::sync::mpsc::channel();
        let handle = spawn(Backend::new(watched, HolidayCalendar::built_in()), req_rx, ev_tx);
        req_tx.send(Request::Stats).expect("send");
        assert!(matches!(ev_rx.recv_timeout(std::time::Duration::from_secs(5)), Ok(Event::Reply(_))));
        other.write("另一终端", |w| crate::store::network::ensure_community(w, "东湖社区").map(|_| ())).expect("write");
        let signalled = ev_rx.recv_timeout(std::time::Duration::from_millis(1500));
        assert!(matches!(signalled, Ok(Event::DataChanged)), "no change signal within a second");
        drop(req_tx);
        handle.join().expect("worker ends when the app goes away");
    }
}

//! What a screen is. Each screen (a folder under `screens/`) implements [`ScreenDef`]: its own
//! request, reply, write and form types, what its keys do, where its replies land, how it draws,
//! and how the store worker answers it. The update stays a pure function: a screen never runs a
//! request, it leaves it in its [`Ctx`], and the app wraps it for the worker (ARCHITECTURE.md,
//! "The life of a key press").

use super::action::{Action, Context};
use super::backend::{Backend, Reach, WriteError, Written};
use super::env::{Env, Status};
use super::form::Form;
use crate::domain::calendar::Quarter;
use crate::i18n::T;
use crate::store::StoreError;
use crate::store::inspections::InspectionKind;
use ratatui::Frame;
use ratatui::layout::Rect;
use std::fmt::Debug;

/// Chinese and English.
pub type Words = (&'static str, &'static str);

/// A type without values: the writes or forms of a screen that has none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Never {}

/// What a request is for, so that the worker can drop one that a newer request of the same kind
/// makes pointless (typing "加油站" fast asks three times; only the last answer is shown).
pub trait Kind {
    /// `None` for requests that are never dropped (sign-in, reveal, writes); else the slot.
    fn kind(&self) -> Option<Slot>;
}

/// Requests in one slot replace each other: a later one of the same `name` and `key` makes an
/// earlier one pointless when the earlier has no generation, or an older one. A list's pages
/// carry their query's sequence number as the generation: a new query drops the pages of the old
/// one, while two pages of the same query (the rows on screen and the rows scrolled to) are both
/// answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub name: &'static str,
    /// Requests of one name with different keys do not replace each other (one grid's units,
    /// another grid's).
    pub key: i64,
    pub generation: u64,
}

impl Slot {
    pub fn of(name: &'static str) -> Option<Slot> {
        Some(Slot { name, key: 0, generation: 0 })
    }

    pub fn keyed(name: &'static str, key: i64) -> Option<Slot> {
        Some(Slot { name, key, generation: 0 })
    }

    /// A page of a list's query `seq`.
    pub fn page(seq: u64) -> Option<Slot> {
        Some(Slot { name: "list", key: 0, generation: seq })
    }

    /// Whether `later` makes `self` pointless.
    pub fn replaced_by(&self, later: &Slot) -> bool {
        self.name == later.name && self.key == later.key && (self.generation == 0 || later.generation > self.generation)
    }
}

impl Kind for Never {
    fn kind(&self) -> Option<Slot> {
        match *self {}
    }
}

/// Something one screen asks of another: a form that belongs there, or a jump to a record shown
/// there. The app offers it to each screen until one takes it.
#[derive(Debug, Clone, PartialEq)]
pub enum Ask {
    /// Record an inspection or a drill at a unit.
    Inspect {
        unit_id: i64,
        name: String,
        kind: InspectionKind,
    },
    /// Register a hazard at a unit.
    NewHazard {
        unit_id: i64,
        name: String,
    },
    /// Show one hazard.
    Hazard(i64),
    /// Show one alarm, one tip-off (the record a hazard came from).
    Alarm(i64),
    Tipoff(i64),
    /// Open a quarter's checklist on a measure.
    Measure {
        measure: Option<i64>,
        quarter: Option<Quarter>,
    },
    /// Search the units for a name or credit code.
    Units(String),
    /// Show a list as one of the Overview's figures counts it.
    List(ListView),
}

/// The lists an Overview figure opens: each screen that holds one sets its filters to match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListView {
    OpenAlarms,
    OpenTipoffs,
    OverdueTipoffs,
    OpenHazards,
    MajorHazards,
    OverdueHazards,
    OverdueDeadlines,
    DueThisWeek,
    Checklist,
    CoverageGaps,
}

/// Whether a screen took an [`Ask`], and whether it is now the one shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Took {
    No,
    Here,
    Show,
}

/// What a screen gets while it works: the app's [`Env`] to read, and room for what it wants done
/// (requests, writes, a form, a status line, an ask of another screen).
pub struct Ctx<'a, S: ScreenDef> {
    pub env: Env<'a>,
    pub reads: Vec<S::Req>,
    /// Each write with what to tell the operator when it went through (in their language; empty:
    /// nothing).
    pub writes: Vec<(S::Write, String)>,
    pub form: Option<(Form, S::Form)>,
    pub status: Option<Status>,
    pub asks: Vec<Ask>,
    /// The screen wants to be shown (a hand-over waiting for this operator).
    pub show: bool,
    /// A whole text to read in the full view: (title, body).
    pub text: Option<(String, String)>,
}

impl<'a, S: ScreenDef> Ctx<'a, S> {
    pub fn new(env: Env<'a>) -> Self {
        Ctx {
            env,
            reads: Vec::new(),
            writes: Vec::new(),
            form: None,
            status: None,
            asks: Vec::new(),
            show: false,
            text: None,
        }
    }

    pub fn read(&mut self, r: S::Req) {
        self.reads.push(r);
    }

    /// A write, and what the status line says when it went through ("已确认告警 #38 …").
    pub fn write(&mut self, w: S::Write, done: impl Into<String>) {
        self.writes.push((w, done.into()));
    }

    pub fn open(&mut self, form: Form, purpose: S::Form) {
        self.form = Some((form, purpose));
    }

    pub fn say(&mut self, t: T, error: bool) {
        self.status = Some(Status { text: self.env.t(t).to_string(), error });
    }

    /// A message of the screen's own making (filled in).
    pub fn say_text(&mut self, text: String, error: bool) {
        self.status = Some(Status { text, error });
    }

    /// Clears the status line (what it said is over).
    pub fn clear_status(&mut self) {
        self.status = Some(Status { text: String::new(), error: false });
    }

    /// A refusal the operator can act on, shown at once (the store checks again).
    pub fn refuse(&mut self, text: impl Into<String>) {
        self.status = Some(Status { text: text.into(), error: true });
    }

    /// Opens the full view on a whole text (wrapped and scrolled there, never cut).
    pub fn read_text(&mut self, title: impl Into<String>, body: impl Into<String>) {
        self.text = Some((title.into(), body.into()));
    }

    pub fn ask(&mut self, a: Ask) {
        self.asks.push(a);
    }
}

/// One screen: its state is `Self`; see the module doc and ARCHITECTURE.md, "Adding a screen".
pub trait ScreenDef: Default + Sized + 'static {
    /// The tab's title.
    const TITLE: Words;
    /// The opening action's description (help and palette).
    const DESCRIBE: Words;
    /// The heading of its keys in the help.
    const HEADING: Words = Self::TITLE;
    /// Which key bindings apply on it (`Context::Global` for a screen without keys of its own).
    const CONTEXT: Context;
    /// Every table its reads touch (the change log's names): a commit elsewhere that names none
    /// of them leaves it as it is. `tests/change_log.rs` checks the list against what SQLite
    /// reports its queries read.
    const READS: &'static [&'static str];

    type Req: Debug + Clone + PartialEq + Kind;
    type Rep: Debug + Clone + PartialEq;
    type Write: Debug + Clone + PartialEq;
    type Form: Debug + Clone + PartialEq;

    /// What to load as soon as an operator signs in (what other screens and banners show).
    fn start(&mut self, _cx: &mut Ctx<Self>) {}
    /// The screen was opened (loads its list the first time).
    fn open(&mut self, _cx: &mut Ctx<Self>) {}
    /// Everything it shows, fetched again (after a write, another terminal's commit, midnight).
    fn reload(&mut self, _cx: &mut Ctx<Self>) {}
    /// Other connections changed `changes`: what it shows from those tables is read again. A
    /// screen of separate parts reads again only the parts that read a changed table.
    fn changed(&mut self, changes: &crate::domain::changes::Changes, cx: &mut Ctx<Self>) {
        if changes.touches(Self::READS) {
            self.reload(cx);
        }
    }
    fn handle(&mut self, _action: Action, _cx: &mut Ctx<Self>) {}
    /// It asked for a write on the record it shows (a list keeps quiet when that record leaves).
    fn wrote(&mut self) {}
    fn apply(&mut self, reply: Self::Rep, cx: &mut Ctx<Self>);
    fn take(&mut self, _ask: &Ask, _cx: &mut Ctx<Self>) -> Took {
        Took::No
    }
    /// The unit the cursor is on: (id, name).
    fn current_unit(&self) -> Option<(i64, String)> {
        None
    }
    /// The `/` search of its own list; `None`: `/` searches the units (on the Grid screen).
    fn search(&self) -> Option<&str> {
        None
    }
    fn set_search(&mut self, _text: String, _cx: &mut Ctx<Self>) {}
    /// A form of this screen was submitted: its writes go into `cx`, or what is wrong comes back
    /// (the form stays open with it).
    fn submit(&mut self, form: &Form, purpose: Self::Form, cx: &mut Ctx<Self>) -> Result<(), T>;
    /// The screen is locked: forget what must not wait behind the lock (a revealed identity).
    fn forget(&mut self) {}
}

/// How a screen draws (its `view.rs`): a pure function of its state and the app's [`Env`].
pub trait Draw {
    fn draw(&self, f: &mut Frame<'_>, area: Rect, env: &Env<'_>);
}

/// The store worker's side of a screen (its `worker.rs`): how its requests are answered and its
/// writes run, on the worker's own connection.
pub trait Answer: ScreenDef {
    fn read(backend: &mut Backend, req: Self::Req) -> Result<Self::Rep, StoreError>;
    /// What a write touches, checked against the operator's scope before it runs.
    fn reach(write: &Self::Write) -> Reach;
    /// Runs a write: one audited transaction.
    fn write(backend: &mut Backend, operator: &str, write: Self::Write) -> Result<Written, WriteError>;
}

/// `i`, `d` and `n` on a screen whose rows are about units: the form for the unit under the
/// cursor, which the Hazards screen opens (duty officers and above).
pub fn unit_action<S: ScreenDef>(unit: Option<(i64, String)>, action: Action, cx: &mut Ctx<S>) {
    if cx.env.role() < crate::domain::OperatorRole::Duty {
        cx.status = Some(cx.env.read_only());
        return;
    }
    let Some((unit_id, name)) = unit else {
        cx.say(T::NoUnitHere, true);
        return;
    };
    cx.ask(match action {
        Action::NewHazard => Ask::NewHazard { unit_id, name },
        Action::RecordDrill => Ask::Inspect { unit_id, name, kind: InspectionKind::Drill },
        _ => Ask::Inspect { unit_id, name, kind: InspectionKind::SelfInspection },
    });
}

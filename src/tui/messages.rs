//! What the app asks the store worker for and what comes back: the screens' read requests, the
//! writes they end in, and the replies. Plain data, so the app can be tested without a thread.

use super::paged::Window;
use crate::domain::alarm::AlarmStatus;
use crate::domain::calendar::Quarter;
use crate::domain::deadline::{Deadline, DeadlineKind};
use crate::domain::hazard::HazardStatus;
use crate::domain::rates::Rates;
use crate::domain::{Community, Gap, Grid, OperatorRole, UnitDetail, UnitPoint, UnitRow};
use crate::i18n::Lang;
use crate::report::export::{Format, Written};
use crate::report::model::Report;
use crate::store::alarm_queue::{AlarmFilter, AlarmRow};
use crate::store::checklist::EntryEdit;
use crate::store::deadlines::DeadlineQuery;
use crate::store::hazards::{Hazard, HazardCounts, HazardEdit, HazardFilter, NewHazard};
use crate::store::inspections::NewInspection;
use crate::store::keyset::Page;
use crate::store::operators::Operator;
use crate::store::stats::NetworkStats;
use crate::store::tipoffs::{NewTipoff, Step, TipoffFilter, TipoffRow};
use crate::store::units::{Scope, UnitQuery};
use chrono::NaiveDate;
use std::path::PathBuf;

pub use super::screens::alarms::worker::{AlarmItem, AlarmMeta, AlarmPane};
pub use super::screens::checklist::worker::ChecklistPane;
pub use super::screens::duty::worker::DutyPane;
pub use super::screens::tipoffs::worker::TipoffPane;

/// Which tree node a set of units belongs to: a grid, or the units with no grid.
pub type GridKey = Option<i64>;

#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    Office,
    Stats,
    Tree,
    GridUnits {
        grid: GridKey,
        limit: i64,
    },
    List {
        seq: u64,
        query: UnitQuery,
        at: Window,
    },
    Detail(i64),
    Points(Scope),
    Gaps {
        offset: i64,
        limit: i64,
    },
    SignIn {
        name: String,
        pin: String,
        /// Where the attempt is made (`station:NAME`, `local:ACCOUNT`): wrong PINs are counted per
        /// name and place, so a station cannot lock a name out everywhere.
        via: String,
        now: chrono::DateTime<chrono::FixedOffset>,
    },
    Deadlines {
        seq: u64,
        query: DeadlineQuery,
        at: Window,
    },
    BusyDays {
        month: NaiveDate,
        query: DeadlineQuery,
    },
    Hazards {
        seq: u64,
        filter: HazardFilter,
        at: Window,
    },
    HazardDetail(i64),
    Summary {
        today: NaiveDate,
    },
    Write {
        operator: String,
        op: WriteOp,
    },
    Alarms {
        seq: u64,
        filter: AlarmFilter,
        grouped: bool,
        at: Window,
    },
    AlarmDetail(i64),
    /// Feed names, silences in force and feed health (filters, the silence panel, the Overview).
    AlarmMeta {
        now: String,
    },
    /// Alarms that should be notified about now.
    Attention {
        now: String,
    },
    Tipoffs {
        seq: u64,
        filter: TipoffFilter,
        at: Window,
    },
    TipoffDetail(i64),
    TipoffCounts {
        today: NaiveDate,
    },
    /// Units matching what is typed in a form's search field.
    UnitSuggest {
        field: usize,
        text: String,
    },
    /// A plan's checklist for a quarter (the first plan when none is chosen yet).
    Checklist {
        seq: u64,
        plan: Option<i64>,
        /// A measure whose plan to show (overrides `plan`).
        focus: Option<i64>,
        quarter: Quarter,
        today: NaiveDate,
        lang: Lang,
    },
    ReportCompile {
        quarter: Quarter,
        today: NaiveDate,
        /// The dashboard's clock, stamped on the report.
        at: String,
        operator: String,
        lang: Lang,
    },
    /// One file of a compiled report; the Checklist screen asks for one format at a time, which
    /// moves its gauge.
    ReportWrite {
        report: Box<Report>,
        format: Format,
        dir: PathBuf,
        lang: Lang,
    },
    /// The operator's shift and the log (and the accident clocks every terminal shows).
    Duty {
        operator: String,
    },
    /// What happened since `from`, for the hand-over.
    HandoverDraft {
        from: String,
        now: chrono::DateTime<chrono::FixedOffset>,
    },
}

/// Changes an operator makes from the screens; each is one audited transaction in the store.
#[derive(Debug, Clone, PartialEq)]
pub enum WriteOp {
    RecordInspection(NewInspection, Option<NewHazard>),
    CreateHazard(NewHazard),
    UpdateHazard {
        id: i64,
        version: i64,
        edit: HazardEdit,
    },
    Transition {
        id: i64,
        version: i64,
        to: HazardStatus,
        role: OperatorRole,
        on: NaiveDate,
        note: String,
    },
    SubmitReport {
        kind: DeadlineKind,
        period: String,
        on: NaiveDate,
    },
    CompleteManual {
        id: i64,
        version: i64,
        on: NaiveDate,
    },
    AddManual {
        title: String,
        due: NaiveDate,
        unit_id: Option<i64>,
        note: String,
    },
    AlarmStep {
        id: i64,
        version: i64,
        to: AlarmStatus,
        role: OperatorRole,
        note: String,
    },
    AlarmDispatch {
        id: i64,
        version: i64,
        officer_id: i64,
        role: OperatorRole,
        note: String,
    },
    AlarmHazard {
        id: i64,
        version: i64,
        hazard: NewHazard,
        role: OperatorRole,
    },
    /// Starts at `from` (the app's clock), for `minutes`.
    AddSilence {
        matcher: String,
        minutes: i64,
        reason: String,
        from: chrono::DateTime<chrono::FixedOffset>,
    },
    RemoveSilence {
        id: i64,
        version: i64,
    },
    TipoffCreate(NewTipoff),
    TipoffStep {
        id: i64,
        version: i64,
        step: Step,
        role: OperatorRole,
        on: NaiveDate,
    },
    TipoffHazard {
        id: i64,
        version: i64,
        hazard: NewHazard,
    },
    /// Answered with `Reply::Revealed` (the identity goes to the screen, never into a message).
    Reveal {
        id: i64,
        role: OperatorRole,
    },
    ChecklistEdit {
        measure_id: i64,
        quarter: Quarter,
        version: i64,
        edit: EntryEdit,
    },
    ReportDraft {
        quarter: Quarter,
        part: String,
        body: String,
        version: i64,
    },
    /// The operator left the terminal (another signed in on the lock screen).
    SignOut {
        name: String,
        why: String,
    },
    DutyStart,
    DutyEntry {
        kind: crate::domain::duty::EntryKind,
        text: String,
    },
    DutyEnd {
        id: i64,
        version: i64,
        handover: String,
    },
    DutyAcknowledge {
        id: i64,
        version: i64,
    },
    DutyReported {
        id: i64,
        version: i64,
    },
}

/// The Overview's hazard and deadline figures.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub hazards: HazardCounts,
    /// This year's hazards (all, and major only), as of today.
    pub year_all: Rates,
    pub year_major: Rates,
    pub deadlines_overdue: i64,
    pub due_this_week: i64,
    /// This quarter's checklist items (all loaded plans): settled, active.
    pub checklist: (i64, i64),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    Office(Option<String>),
    Stats(NetworkStats),
    Tree {
        communities: Vec<Community>,
        grids: Vec<Grid>,
        no_grid: i64,
    },
    GridUnits {
        grid: GridKey,
        total: i64,
        rows: Vec<UnitRow>,
    },
    List {
        seq: u64,
        total: Option<i64>,
        at: Window,
        page: Page<UnitRow>,
    },
    Detail(i64, Option<UnitDetail>),
    Points(Scope, Vec<UnitPoint>),
    Gaps {
        total: i64,
        offset: i64,
        rows: Vec<Gap>,
    },
    SignIn {
        ok: Option<Operator>,
        no_operators: bool,
        /// Too many wrong PINs: refused until then.
        locked_until: Option<String>,
        /// The PIN was right but the operator covers none of this station's grids.
        outside: bool,
    },
    Deadlines {
        seq: u64,
        total: Option<i64>,
        at: Window,
        page: Page<Deadline>,
    },
    BusyDays(NaiveDate, Vec<(NaiveDate, i64)>),
    Hazards {
        seq: u64,
        total: Option<i64>,
        at: Window,
        page: Page<Hazard>,
    },
    HazardDetail(i64, Option<Hazard>),
    Summary(Summary),
    Alarms {
        seq: u64,
        total: Option<i64>,
        at: Window,
        page: Page<AlarmItem>,
    },
    AlarmDetail(i64, Option<Box<AlarmPane>>),
    AlarmMeta(AlarmMeta),
    Attention(Vec<AlarmRow>),
    Tipoffs {
        seq: u64,
        total: Option<i64>,
        at: Window,
        page: Page<TipoffRow>,
    },
    TipoffDetail(i64, Option<Box<TipoffPane>>),
    TipoffCounts((i64, i64, i64)),
    UnitSuggest {
        field: usize,
        text: String,
        matches: Vec<(i64, String)>,
    },
    Revealed {
        id: i64,
        /// Wiped from memory when dropped (the screen forgets it on lock or when moving on).
        identity: Result<crate::store::tipoffs::Identity, String>,
    },
    Checklist(Box<ChecklistPane>),
    Duty(Box<DutyPane>),
    HandoverDraft(crate::store::duty::Handover),
    ReportCompiled(Result<Box<Report>, String>),
    ReportWritten(Result<Written, String>),
    /// A write finished: what to tell the operator, and the hazard it created, if any.
    Written {
        ok: bool,
        message: String,
        hazard: Option<i64>,
    },
    Error(String),
}

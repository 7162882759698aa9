//! What the screens do beyond moving around: jumps between screens, the inspection and hazard
//! forms, and the writes they end in. Every write goes to the worker as one request and the app
//! reloads what is visible when the answer comes back.

use super::action::Action;
use super::app::{App, Screen, Status};
use super::form::{Field, Form, Outcome};
use super::worker::{Request, WriteOp};
use crate::domain::OperatorRole;
use crate::domain::deadline::DeadlineKind;
use crate::domain::hazard::{HazardSource, HazardStatus, check_transition};
use crate::i18n::T;
use crate::store::hazards::{Hazard, HazardEdit, NewHazard};
use crate::store::inspections::{InspectionKind, NewInspection};
use crate::store::units::{Scope, UnitQuery};
use chrono::{Duration, NaiveDate};
use ratatui::crossterm::event::KeyEvent;

#[derive(Debug, Clone, PartialEq)]
pub enum FormPurpose {
    Inspection {
        unit_id: i64,
        kind: InspectionKind,
    },
    NewHazard {
        unit_id: i64,
    },
    EditHazard {
        id: i64,
        version: i64,
    },
    /// Verification before closing: who verified is the operator, the form takes the note.
    Close {
        id: i64,
        version: i64,
    },
    /// A manual deadline, for the unit of the selected row if it has one.
    Deadline {
        unit_id: Option<i64>,
    },
    /// Dispatch: the officers offered, in the order of the choice field.
    AlarmDispatch {
        id: i64,
        version: i64,
        officers: Vec<i64>,
    },
    Silence,
    TipoffNew,
    /// A step of a tip-off that needs details (receiving body, result, reply …).
    TipoffStep {
        id: i64,
        version: i64,
        form: super::tipoff_ops::StepForm,
    },
    /// A hazard opened from a substantiated tip-off, linked to it.
    TipoffHazard {
        id: i64,
        version: i64,
        unit_id: i64,
    },
    /// A hazard opened from an alarm at its unit, linked to it.
    AlarmHazard {
        id: i64,
        version: i64,
        unit_id: i64,
    },
}

fn sources() -> Vec<(&'static str, &'static str)> {
    HazardSource::ALL.iter().map(|s| (s.name(true), s.name(false))).collect()
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

impl App {
    pub(super) fn role(&self) -> OperatorRole {
        self.operator.as_ref().map(|o| o.role).unwrap_or(OperatorRole::Viewer)
    }

    pub(super) fn operator_name(&self) -> String {
        self.operator.as_ref().map(|o| o.name.clone()).unwrap_or_default()
    }

    pub(super) fn say(&mut self, t: T, error: bool) {
        self.status = Some(Status { text: self.t(t).to_string(), error });
    }

    /// Opens a screen, loading its list the first time.
    pub(super) fn show(&mut self, screen: Screen) -> Vec<Request> {
        self.screen = screen;
        match screen {
            Screen::Deadlines if self.deadlines.seq == 0 => self.deadlines.reload(self.today),
            Screen::Hazards if self.hazards.seq == 0 => self.hazards.reload(self.today),
            Screen::Tipoffs if self.tipoffs.seq == 0 => self.tipoffs.reload(self.today),
            Screen::Alarms if self.alarms.seq == 0 => {
                let mut out = self.alarms.reload();
                out.push(self.meta_request());
                out
            }
            _ => Vec::new(),
        }
    }

    /// The unit the cursor is on, on whichever screen: (id, name, grid id).
    fn current_unit(&self) -> Option<(i64, String)> {
        match self.screen {
            Screen::Grid => self
                .grid
                .detail
                .as_ref()
                .filter(|d| Some(d.row.id) == self.grid.selected_unit_id())
                .map(|d| (d.row.id, d.row.name.clone())),
            Screen::Deadlines => self
                .deadlines
                .selected()
                .and_then(|d| d.unit_id.map(|u| (u, d.title.split('：').next().unwrap_or(&d.title).to_string()))),
            Screen::Hazards => self.hazards.selected().map(|h| (h.unit_id, h.unit_name.clone())),
            Screen::Alarms => self.alarms.selected().and_then(|a| Some((a.unit_id?, a.unit_name.clone()?))),
            Screen::Tipoffs => self.tipoffs.selected().and_then(|t| Some((t.unit_id?, t.unit_name.clone()?))),
            Screen::Overview => None,
        }
    }

    pub(super) fn screen_action(&mut self, action: Action, height: usize) -> Vec<Request> {
        match action {
            Action::NewHazard if self.screen == Screen::Alarms => return self.alarm_hazard_form(),
            Action::NewHazard if self.screen == Screen::Tipoffs => return self.tipoff_hazard_form(),
            Action::RecordInspection | Action::RecordDrill | Action::NewHazard => {
                if self.role() < OperatorRole::Duty {
                    self.status = Some(Status {
                        text: crate::domain::hazard::TransitionError::ReadOnly { role: self.role().code() }.to_string(),
                        error: true,
                    });
                    return Vec::new();
                }
                let Some((unit_id, name)) = self.current_unit() else {
                    self.say(T::NoUnitHere, true);
                    return Vec::new();
                };
                match action {
                    Action::NewHazard => self.open_hazard_form(unit_id, name, None),
                    Action::RecordDrill => self.open_inspection_form(unit_id, name, InspectionKind::Drill),
                    _ => self.open_inspection_form(unit_id, name, InspectionKind::SelfInspection),
                }
                return Vec::new();
            }
            Action::OnlyGrid => {
                let grid = match self.screen {
                    Screen::Deadlines => self.deadlines.selected().and_then(|d| d.grid_id),
                    Screen::Hazards => self.hazards.selected().and_then(|h| h.grid_id),
                    Screen::Tipoffs => self.tipoffs.selected().and_then(|t| t.grid_id),
                    _ => None,
                };
                match self.screen {
                    Screen::Deadlines => {
                        self.deadlines.grid = if self.deadlines.grid.is_some() { None } else { grid };
                        return self.deadlines.reload(self.today);
                    }
                    Screen::Hazards => {
                        // Cycles: the selected hazard's grid, then its community, then everything.
                        let community = self.hazards.selected().and_then(|h| h.community_id);
                        (self.hazards.grid, self.hazards.community) = match (self.hazards.grid, self.hazards.community)
                        {
                            (None, None) => (grid, None),
                            (Some(_), _) => (None, community),
                            (None, Some(_)) => (None, None),
                        };
                        return self.hazards.reload(self.today);
                    }
                    Screen::Tipoffs => {
                        // The same cycle as on Hazards: the grid, then its community, then all.
                        let community = self.tipoffs.selected().and_then(|t| t.community_id);
                        let s = &mut self.tipoffs;
                        (s.grid, s.community) = match (s.grid, s.community) {
                            (None, None) => (grid, None),
                            (Some(_), _) => (None, community),
                            (None, Some(_)) => (None, None),
                        };
                        s.list.selected = 0;
                        return s.reload(self.today);
                    }
                    _ => {}
                }
            }
            _ => {}
        }
        match self.screen {
            Screen::Grid => self.grid.handle(action, height).unwrap_or_default(),
            Screen::Deadlines => match action {
                Action::AddDeadline => {
                    let unit = self.deadlines.selected().and_then(|d| d.unit_id.map(|u| (u, d.title.clone())));
                    let fields = vec![
                        Field::text(T::FieldTitle, ""),
                        Field::text(T::FieldDeadline, &(self.today + Duration::days(7)).to_string()),
                        Field::text(T::FieldNote, ""),
                    ];
                    let subject = unit.as_ref().map(|(_, t)| t.clone()).unwrap_or_else(|| self.office.clone());
                    let purpose = FormPurpose::Deadline { unit_id: unit.map(|(u, _)| u) };
                    self.form = Some((Form::new(T::FormDeadline, subject, fields), purpose));
                    Vec::new()
                }
                Action::Open => self.jump_from_deadline(),
                Action::MarkDone => self.mark_done(),
                _ => self.deadlines.handle(action, height, self.today).unwrap_or_default(),
            },
            Screen::Hazards => match action {
                Action::Advance | Action::Verify | Action::SendBack => self.step_hazard(action),
                Action::EditHazard => {
                    if let Some(h) = self.hazards.detail.clone() {
                        self.open_hazard_form(h.unit_id, h.unit_name.clone(), Some(&h));
                    }
                    Vec::new()
                }
                _ => self.hazards.handle(action, height, self.today).unwrap_or_default(),
            },
            Screen::Alarms => self.alarm_action(action, height),
            Screen::Tipoffs => self.tipoff_action(action, height),
            Screen::Overview => Vec::new(),
        }
    }

    /// Enter on a deadline opens the record it is about.
    fn jump_from_deadline(&mut self) -> Vec<Request> {
        let Some(d) = self.deadlines.selected().cloned() else { return Vec::new() };
        match d.kind {
            DeadlineKind::Hazard => {
                self.hazards.only = d.reference.parse().ok();
                self.hazards.status = super::hazards_state::StatusFilter::All;
                self.hazards.list.selected = 0;
                self.screen = Screen::Hazards;
                self.hazards.reload(self.today)
            }
            _ => match d.unit_uscc.or(d.unit_id.map(|_| d.title.clone())) {
                Some(key) => {
                    self.screen = Screen::Grid;
                    self.grid.open_list(UnitQuery { scope: Scope::All, text: key })
                }
                None => {
                    self.say(T::NotHere, false);
                    Vec::new()
                }
            },
        }
    }

    fn mark_done(&mut self) -> Vec<Request> {
        let Some(d) = self.deadlines.selected().cloned() else { return Vec::new() };
        let op = match d.kind {
            DeadlineKind::MonthlyReport | DeadlineKind::QuarterlyReport | DeadlineKind::AnnualReport => {
                WriteOp::SubmitReport { kind: d.kind, period: d.reference.clone(), on: self.today }
            }
            DeadlineKind::Manual => match d.reference.parse() {
                // Manual items carry no version in the list; 1 is right until someone edits one.
                Ok(id) => WriteOp::CompleteManual { id, version: 1, on: self.today },
                Err(_) => return Vec::new(),
            },
            _ => {
                self.say(T::NotHere, false);
                return Vec::new();
            }
        };
        vec![Request::Write { operator: self.operator_name(), op }]
    }

    fn step_hazard(&mut self, action: Action) -> Vec<Request> {
        let Some(h) = self.hazards.detail.clone() else { return Vec::new() };
        let to = match (action, h.status) {
            (Action::Advance, HazardStatus::Found) => HazardStatus::Rectifying,
            (Action::Advance, _) => HazardStatus::AwaitingVerification,
            (Action::Verify, _) => HazardStatus::Closed,
            (_, _) => HazardStatus::Rectifying,
        };
        // Checked here too, so a refusal shows at once and costs no round trip.
        if let Err(e) = check_transition(h.status, to, h.major, self.role()) {
            self.status = Some(Status { text: format!("#{}: {e}", h.id), error: true });
            return Vec::new();
        }
        if to == HazardStatus::Closed {
            let fields = vec![Field::text(T::FieldClosureNote, "")];
            let subject = format!("#{} {}：{}", h.id, h.unit_name, h.description);
            self.form =
                Some((Form::new(T::FormClose, subject, fields), FormPurpose::Close { id: h.id, version: h.version }));
            return Vec::new();
        }
        let op = WriteOp::Transition {
            id: h.id,
            version: h.version,
            to,
            role: self.role(),
            on: self.today,
            note: String::new(),
        };
        vec![Request::Write { operator: self.operator_name(), op }]
    }

    fn open_inspection_form(&mut self, unit_id: i64, name: String, kind: InspectionKind) {
        let title = if kind == InspectionKind::Drill { T::FormDrill } else { T::FormInspection };
        let fields = vec![
            Field::text(T::FieldDate, &self.today.to_string()),
            Field::text(T::FieldDoneBy, ""),
            Field::text(T::FieldFindings, ""),
            Field::choice(
                T::FieldOpensHazard,
                vec![("否", "no"), ("一般隐患", "general hazard"), ("重大隐患", "major hazard")],
                0,
            ),
        ];
        self.form = Some((Form::new(title, name, fields), FormPurpose::Inspection { unit_id, kind }));
    }

    /// The new-hazard form filled from the record it comes from (an alarm, a tip-off), ending in
    /// `purpose` so that the hazard is linked to that record.
    pub(super) fn linked_hazard_form(
        &mut self,
        unit_id: i64,
        name: String,
        description: &str,
        source: HazardSource,
        purpose: FormPurpose,
    ) {
        self.open_hazard_form(unit_id, name, None);
        if let Some((form, p)) = self.form.as_mut() {
            if let Some(f) = form.fields.first_mut() {
                *f = Field::text(T::FieldDescription, &crate::tui::widgets::text::clean(description));
            }
            if let Some(f) = form.fields.get_mut(2) {
                f.value = super::form::Value::Choice(HazardSource::ALL.iter().position(|s| *s == source).unwrap_or(0));
            }
            *p = purpose;
        }
    }

    pub(super) fn open_hazard_form(&mut self, unit_id: i64, name: String, existing: Option<&Hazard>) {
        let (title, purpose) = match existing {
            Some(h) => (T::FormHazardEdit, FormPurpose::EditHazard { id: h.id, version: h.version }),
            None => (T::FormHazardNew, FormPurpose::NewHazard { unit_id }),
        };
        let deadline = existing.map(|h| h.deadline).unwrap_or(self.today + Duration::days(30));
        let source = existing.map(|h| h.source).unwrap_or(HazardSource::Inspection);
        let fields = vec![
            Field::text(T::FieldDescription, existing.map(|h| h.description.as_str()).unwrap_or("")),
            Field::toggle(T::FieldMajor, existing.is_some_and(|h| h.major)),
            Field::choice(T::FieldSource, sources(), HazardSource::ALL.iter().position(|s| *s == source).unwrap_or(0)),
            Field::text(T::FieldDeadline, &deadline.to_string()),
            Field::text(T::FieldMeasures, existing.map(|h| h.measures.as_str()).unwrap_or("")),
            Field::text(T::FieldResponsible, existing.map(|h| h.responsible.as_str()).unwrap_or("")),
            Field::toggle(T::FieldSupervised, existing.is_some_and(|h| h.supervised)),
            Field::text(T::FieldSupervisingLevel, existing.map(|h| h.supervising_level.as_str()).unwrap_or("")),
        ];
        self.form = Some((Form::new(title, name, fields), purpose));
    }

    pub(super) fn form_key(&mut self, k: KeyEvent) -> Vec<Request> {
        let Some((form, _)) = self.form.as_mut() else { return Vec::new() };
        match form.key(k) {
            Outcome::Editing => Vec::new(),
            Outcome::Query(field, text) if text.chars().count() >= 2 => vec![Request::UnitSuggest { field, text }],
            Outcome::Query(..) => Vec::new(),
            Outcome::Cancel => {
                self.form = None;
                Vec::new()
            }
            Outcome::Submit => self.submit_form(),
        }
    }

    fn submit_form(&mut self) -> Vec<Request> {
        let Some((form, purpose)) = self.form.clone() else { return Vec::new() };
        let operator = self.operator_name();
        let fail = |app: &mut App, t: T| {
            if let Some((f, _)) = app.form.as_mut() {
                f.error = Some(t.get(app.lang).to_string());
            }
            Vec::new()
        };
        let op = match purpose {
            FormPurpose::Deadline { unit_id } => {
                let title = form.text(0);
                if title.is_empty() {
                    return fail(self, T::TitleMissing);
                }
                let Some(due) = parse_date(&form.text(1)) else { return fail(self, T::BadDate) };
                WriteOp::AddManual { title, due, unit_id, note: form.text(2) }
            }
            FormPurpose::Close { id, version } => WriteOp::Transition {
                id,
                version,
                to: HazardStatus::Closed,
                role: self.role(),
                on: self.today,
                note: form.text(0),
            },
            FormPurpose::Inspection { unit_id, kind } => {
                let Some(done_on) = parse_date(&form.text(0)) else { return fail(self, T::BadDate) };
                let findings = form.text(2);
                let hazard = match form.choice(3) {
                    0 => None,
                    level if findings.is_empty() => {
                        let _ = level;
                        return fail(self, T::DescriptionMissing);
                    }
                    level => Some(NewHazard {
                        unit_id,
                        description: findings.clone(),
                        major: level == 2,
                        source: if kind == InspectionKind::SelfInspection {
                            HazardSource::SelfInspection
                        } else {
                            HazardSource::Inspection
                        },
                        found_on: done_on,
                        found_by: form.text(1),
                        measures: String::new(),
                        responsible: String::new(),
                        deadline: done_on + Duration::days(if level == 2 { 60 } else { 30 }),
                        supervised: level == 2,
                        supervising_level: String::new(),
                        inspection_id: None,
                    }),
                };
                WriteOp::RecordInspection(
                    NewInspection { unit_id, kind, done_on, done_by: form.text(1), findings },
                    hazard,
                )
            }
            p @ (FormPurpose::AlarmDispatch { .. } | FormPurpose::Silence) => match self.alarm_form_op(&form, p) {
                Ok(op) => op,
                Err(t) => return fail(self, t),
            },
            p @ (FormPurpose::TipoffNew | FormPurpose::TipoffStep { .. }) => match self.tipoff_form_op(&form, p) {
                Ok(op) => op,
                Err(t) => return fail(self, t),
            },
            FormPurpose::NewHazard { .. }
            | FormPurpose::EditHazard { .. }
            | FormPurpose::AlarmHazard { .. }
            | FormPurpose::TipoffHazard { .. } => {
                let description = form.text(0);
                if description.is_empty() {
                    return fail(self, T::DescriptionMissing);
                }
                let Some(deadline) = parse_date(&form.text(3)) else { return fail(self, T::BadDate) };
                let edit = HazardEdit {
                    description,
                    major: form.toggle(1),
                    source: HazardSource::ALL.get(form.choice(2)).copied().unwrap_or(HazardSource::Other),
                    measures: form.text(4),
                    responsible: form.text(5),
                    deadline,
                    supervised: form.toggle(6),
                    supervising_level: form.text(7),
                };
                match purpose {
                    FormPurpose::EditHazard { id, version } => WriteOp::UpdateHazard { id, version, edit },
                    FormPurpose::Close { .. }
                    | FormPurpose::Deadline { .. }
                    | FormPurpose::AlarmDispatch { .. }
                    | FormPurpose::Silence
                    | FormPurpose::TipoffNew
                    | FormPurpose::TipoffStep { .. } => return Vec::new(),
                    FormPurpose::NewHazard { unit_id }
                    | FormPurpose::Inspection { unit_id, .. }
                    | FormPurpose::AlarmHazard { unit_id, .. }
                    | FormPurpose::TipoffHazard { unit_id, .. } => {
                        if edit.deadline < self.today {
                            return fail(self, T::DeadlineBeforeFound);
                        }
                        let hazard = NewHazard {
                            unit_id,
                            description: edit.description,
                            major: edit.major,
                            source: edit.source,
                            found_on: self.today,
                            found_by: operator.clone(),
                            measures: edit.measures,
                            responsible: edit.responsible,
                            deadline: edit.deadline,
                            supervised: edit.supervised,
                            supervising_level: edit.supervising_level,
                            inspection_id: None,
                        };
                        match purpose {
                            FormPurpose::AlarmHazard { id, version, .. } => {
                                WriteOp::AlarmHazard { id, version, hazard, role: self.role() }
                            }
                            FormPurpose::TipoffHazard { id, version, .. } => {
                                WriteOp::TipoffHazard { id, version, hazard }
                            }
                            _ => WriteOp::CreateHazard(hazard),
                        }
                    }
                }
            }
        };
        self.form = None;
        vec![Request::Write { operator, op }]
    }

    /// A write came back: say so, and show the new state everywhere.
    pub(super) fn written(&mut self, ok: bool, message: String, _hazard: Option<i64>) -> Vec<Request> {
        let text = if ok { format!("{} {message}", self.t(T::Saved)) } else { message };
        self.status = Some(Status { text, error: !ok });
        self.reload_all()
    }
}

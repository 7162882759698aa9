//! The forms the screens open (inspection, hazard, deadline, closing) and the write each ends in;
//! the alarm and tip-off screens add theirs through `FormPurpose` and their own ops files.

use super::app::{App, Status};
use super::form::{Field, Form, Outcome};
use super::worker::{Request, WriteOp};
use crate::domain::hazard::{HazardSource, HazardStatus};
use crate::i18n::T;
use crate::store::hazards::{Hazard, HazardEdit, NewHazard};
use crate::store::inspections::{InspectionKind, NewInspection};
use chrono::{Duration, NaiveDate};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::backend::crossterm::EventHandler;

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
        form: super::screens::tipoffs::keys::StepForm,
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
    /// A checklist item's note, section and points for a quarter.
    ChecklistItem {
        measure_id: i64,
        quarter: crate::domain::calendar::Quarter,
        version: i64,
    },
    /// The report's own parts: (part, version read) in the form's field order.
    ReportText {
        quarter: crate::domain::calendar::Quarter,
        parts: Vec<(String, i64)>,
    },
    DutyEntry,
    /// The end of a shift: the hand-over's parts, labelled in the form's order.
    Handover {
        id: i64,
        version: i64,
        labels: Vec<String>,
    },
}

fn sources() -> Vec<(&'static str, &'static str)> {
    HazardSource::ALL.iter().map(|s| (s.name(true), s.name(false))).collect()
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

impl App {
    pub(super) fn open_inspection_form(&mut self, unit_id: i64, name: String, kind: InspectionKind) {
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

    pub(super) fn submit_form(&mut self) -> Vec<Request> {
        let Some((form, purpose)) = self.form.clone() else { return Vec::new() };
        let operator = self.operator_name();
        let fail = |app: &mut App, t: T| app.form_error(t);
        if matches!(purpose, FormPurpose::ChecklistItem { .. } | FormPurpose::ReportText { .. }) {
            return self.submit_checklist_form(&form, purpose);
        }
        if matches!(purpose, FormPurpose::DutyEntry | FormPurpose::Handover { .. }) {
            return self.submit_duty_form(&form, purpose);
        }
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
            FormPurpose::ChecklistItem { .. }
            | FormPurpose::ReportText { .. }
            | FormPurpose::DutyEntry
            | FormPurpose::Handover { .. } => return Vec::new(),
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
                    | FormPurpose::TipoffStep { .. }
                    | FormPurpose::ChecklistItem { .. }
                    | FormPurpose::ReportText { .. }
                    | FormPurpose::DutyEntry
                    | FormPurpose::Handover { .. } => return Vec::new(),
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

    /// Tells the operator what is wrong in the open form; the form stays open. Returns no requests.
    pub(super) fn form_error(&mut self, t: T) -> Vec<Request> {
        let msg = self.t(t).to_string();
        if let Some((f, _)) = self.form.as_mut() {
            f.error = Some(msg);
        }
        Vec::new()
    }

    /// A write came back: say so, and show the new state everywhere.
    pub(super) fn written(&mut self, ok: bool, message: String, _hazard: Option<i64>) -> Vec<Request> {
        let text = if ok { format!("{} {message}", self.t(T::Saved)) } else { message };
        self.status = Some(Status { text, error: !ok });
        self.reload_all()
    }

    /// The sign-in form: name, then PIN; Enter asks the store, Esc leaves the first sign-in (a
    /// locked screen is left only by signing in: leaving it would hand the next person the
    /// account's shell, or a station's session).
    pub(super) fn signin_key(&mut self, k: KeyEvent) -> Vec<Request> {
        let place = self.place.clone();
        let Some(form) = self.signin.as_mut() else {
            return Vec::new();
        };
        match k.code {
            KeyCode::Esc if form.locked => {}
            KeyCode::Esc => self.quit = true,
            KeyCode::Tab | KeyCode::BackTab | KeyCode::Down | KeyCode::Up => form.on_pin = !form.on_pin,
            KeyCode::Enter if !form.on_pin => form.on_pin = true,
            KeyCode::Enter => {
                if !form.waiting && !form.name.value().trim().is_empty() {
                    form.waiting = true;
                    form.error = None;
                    return vec![Request::SignIn {
                        name: form.name.value().trim().to_string(),
                        pin: form.pin.value().to_string(),
                        via: place,
                        now: self.now,
                    }];
                }
            }
            _ => {
                let field = if form.on_pin { &mut form.pin } else { &mut form.name };
                field.handle_event(&Event::Key(k));
            }
        }
        Vec::new()
    }
}

//! What the screens do beyond moving around: jumps between screens and the steps that need no
//! form. The forms and the writes they end in are in `form_ops`. Every write goes to the worker as
//! one request and the app reloads what is visible when the answer comes back.

use super::action::Action;
use super::app::{App, Screen, Status};
use super::form::{Field, Form};
pub use super::form_ops::FormPurpose;
use super::worker::{Request, WriteOp};
use crate::domain::OperatorRole;
use crate::domain::deadline::DeadlineKind;
use crate::domain::hazard::{HazardStatus, check_transition};
use crate::i18n::T;
use crate::store::inspections::InspectionKind;
use crate::store::units::{Scope, UnitQuery};
use chrono::Duration;

impl App {
    pub fn role(&self) -> OperatorRole {
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
            Screen::Checklist if self.checklist.seq == 0 => self.checklist.reload(self.today, self.lang),
            Screen::Duty => vec![self.duty_request()],
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
            Screen::Overview | Screen::Checklist | Screen::Duty => None,
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
            Screen::Checklist => self.checklist_action(action, height),
            Screen::Duty => self.duty_action(action, height),
            Screen::Overview => Vec::new(),
        }
    }

    /// Enter on a deadline opens the record it is about.
    fn jump_from_deadline(&mut self) -> Vec<Request> {
        let Some(d) = self.deadlines.selected().cloned() else { return Vec::new() };
        match d.kind {
            DeadlineKind::Hazard => {
                self.hazards.only = d.reference.parse().ok();
                self.hazards.status = super::screens::hazards::StatusFilter::All;
                self.hazards.list.selected = 0;
                self.screen = Screen::Hazards;
                self.hazards.reload(self.today)
            }
            DeadlineKind::PlanMeasure => {
                // "measure/quarter": open that quarter's checklist on the item.
                let (measure, quarter) = d.reference.split_once('/').unwrap_or((&d.reference, ""));
                self.checklist.focus = measure.parse().ok();
                self.checklist.quarter = crate::domain::calendar::Quarter::parse(quarter).or(self.checklist.quarter);
                self.checklist.preview = None;
                self.screen = Screen::Checklist;
                self.checklist.reload(self.today, self.lang)
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
}

impl App {
    /// What the current screen's `/` search holds.
    pub fn search_text(&self) -> &str {
        match self.screen {
            Screen::Hazards => &self.hazards.text,
            Screen::Tipoffs => &self.tipoffs.text,
            Screen::Alarms => &self.alarms.filter.text,
            _ => &self.grid.list_query.text,
        }
    }

    /// Searches the current screen's list for `text` as it is typed (empty: the whole list).
    pub(super) fn set_search(&mut self, text: &str) -> Vec<Request> {
        let text = text.trim().to_string();
        match self.screen {
            Screen::Hazards => {
                self.hazards.text = text;
                self.hazards.list = Default::default();
                self.hazards.reload(self.today)
            }
            Screen::Tipoffs => {
                self.tipoffs.text = text;
                self.tipoffs.list = Default::default();
                self.tipoffs.reload(self.today)
            }
            Screen::Alarms => {
                self.alarms.filter.text = text;
                self.alarms.restart()
            }
            _ => self.grid.set_filter_text(&text),
        }
    }
}

//! What the Alarms screen does: the duty steps, the dispatch/silence/hazard forms, and the
//! attention list behind the banner, notifications and escalation.

use crate::domain::OperatorRole;
use crate::domain::alarm::{AlarmStatus, check_alarm_transition};
use crate::domain::hazard::HazardSource;
use crate::domain::silence::{Matcher, parse_duration_minutes};
use crate::i18n::T;
use crate::store::alarm_queue::AlarmRow;
use crate::tui::action::Action;
use crate::tui::app::{App, Status};
use crate::tui::form::{Field, Form};
use crate::tui::notify::Effect;
use crate::tui::ops::FormPurpose;
use crate::tui::worker::{Request, WriteOp};

impl App {
    pub(in crate::tui) fn meta_request(&self) -> Request {
        Request::AlarmMeta { now: crate::domain::time::stamp(self.now) }
    }

    pub(in crate::tui) fn attention_request(&self) -> Request {
        Request::Attention { now: crate::domain::time::stamp(self.now) }
    }

    /// The attention list arrived: show the banner, and notify about alarms this terminal has not
    /// told its officer about yet, or not for `escalate_minutes`.
    pub(in crate::tui) fn attend(&mut self, rows: Vec<AlarmRow>) {
        let now = self.now;
        let due: Vec<&AlarmRow> = rows
            .iter()
            .filter(|r| {
                self.notified.get(&r.id).is_none_or(|at| (now - *at).num_minutes() >= self.escalate_minutes.max(1))
            })
            .collect();
        if !due.is_empty() {
            let first = due[0];
            let again = self.notified.contains_key(&first.id);
            let title = format!(
                "{}{} {}",
                if again { "⟳ " } else { "" },
                first.level.tag(self.lang.zh()),
                crate::tui::widgets::text::clean(&first.headline)
            );
            let body = if due.len() > 1 {
                T::BannerAttention.fill(self.lang, &[("n", &due.len()), ("what", &first.event)])
            } else {
                first.unit_name.clone().unwrap_or_else(|| first.area.clone())
            };
            self.effects.push(Effect::Notify {
                title: crate::tui::widgets::text::clean(&title),
                body: crate::tui::widgets::text::clean(&body),
            });
            for r in &due {
                self.notified.insert(r.id, now);
            }
        }
        // Alarms no longer needing attention are forgotten, so a re-trigger notifies again.
        self.notified.retain(|id, _| rows.iter().any(|r| r.id == *id));
        self.attention = rows;
    }

    fn refuse(&mut self, text: String) -> Vec<Request> {
        self.status = Some(Status { text, error: true });
        Vec::new()
    }

    fn step(&mut self, to: AlarmStatus) -> Vec<Request> {
        let Some(a) = self.alarms.selected().cloned() else {
            self.say(T::SelectAlarm, true);
            return Vec::new();
        };
        if let Err(e) = check_alarm_transition(a.status, to, self.role()) {
            return self.refuse(format!("#{}: {e}", a.id));
        }
        let op = WriteOp::AlarmStep { id: a.id, version: a.version, to, role: self.role(), note: String::new() };
        vec![Request::Write { operator: self.operator_name(), op }]
    }

    pub(in crate::tui) fn alarm_action(&mut self, action: Action, height: usize) -> Vec<Request> {
        match action {
            Action::Acknowledge => self.step(AlarmStatus::Acknowledged),
            Action::Resolve => self.step(AlarmStatus::Resolved),
            Action::FalseAlarm => self.step(AlarmStatus::FalseAlarm),
            Action::Dispatch => self.dispatch_form(),
            Action::Silence => self.silence_form(),
            Action::Unsilence => {
                if !self.alarms.silences_open {
                    self.alarms.silences_open = true;
                    return Vec::new();
                }
                if self.role() < OperatorRole::Duty {
                    return self.refuse(format!("{}: {}", self.t(T::NotHere), self.role().code()));
                }
                match self.alarms.meta.silences.get(self.alarms.silence_cursor) {
                    Some(s) => vec![Request::Write {
                        operator: self.operator_name(),
                        op: WriteOp::RemoveSilence { id: s.id, version: s.version },
                    }],
                    None => Vec::new(),
                }
            }
            other => self.alarms.handle(other, height).unwrap_or_default(),
        }
    }

    fn dispatch_form(&mut self) -> Vec<Request> {
        let Some(pane) = self.alarms.current().cloned() else {
            self.say(T::SelectAlarm, true);
            return Vec::new();
        };
        let a = &pane.detail.row;
        if let Err(e) = check_alarm_transition(a.status, AlarmStatus::Dispatched, self.role()) {
            return self.refuse(format!("#{}: {e}", a.id));
        }
        if pane.officers.is_empty() {
            self.say(T::NoOfficers, true);
            return Vec::new();
        }
        let names = pane.officers.iter().map(|(_, n)| n.clone()).collect();
        let fields = vec![Field::choice_of(T::FieldOfficer, names, 0), Field::text(T::FieldNote, "")];
        let purpose = FormPurpose::AlarmDispatch {
            id: a.id,
            version: a.version,
            officers: pane.officers.iter().map(|(id, _)| *id).collect(),
        };
        let subject = format!("#{} {}", a.id, crate::tui::widgets::text::clean(&a.headline));
        self.form = Some((Form::new(T::FormDispatch, subject, fields), purpose));
        Vec::new()
    }

    fn silence_form(&mut self) -> Vec<Request> {
        if self.role() < OperatorRole::Duty {
            return self.refuse(format!("{}: {}", self.t(T::NotHere), self.role().code()));
        }
        let Some(a) = self.alarms.selected().cloned() else {
            self.say(T::SelectAlarm, true);
            return Vec::new();
        };
        let fields = vec![
            Field::text(T::FieldMatcher, &Matcher::suggest(&a.facts())),
            Field::text(T::FieldDuration, "2h"),
            Field::text(T::FieldReason, ""),
        ];
        let subject = format!("#{} {}", a.id, crate::tui::widgets::text::clean(&a.headline));
        self.form = Some((Form::new(T::FormSilence, subject, fields), FormPurpose::Silence));
        Vec::new()
    }

    pub(in crate::tui) fn alarm_hazard_form(&mut self) -> Vec<Request> {
        let Some(a) = self.alarms.selected().cloned() else {
            self.say(T::SelectAlarm, true);
            return Vec::new();
        };
        if self.role() < OperatorRole::Duty {
            return self
                .refuse(crate::domain::hazard::TransitionError::ReadOnly { role: self.role().code() }.to_string());
        }
        let (Some(unit_id), Some(name)) = (a.unit_id, a.unit_name.clone()) else {
            self.say(T::NoUnitHere, true);
            return Vec::new();
        };
        let purpose = FormPurpose::AlarmHazard { id: a.id, version: a.version, unit_id };
        self.linked_hazard_form(unit_id, name, &a.headline, HazardSource::Alarm, purpose);
        Vec::new()
    }

    /// The write a dispatch or silence form ends in, or what is wrong with it.
    pub(in crate::tui) fn alarm_form_op(&self, form: &Form, purpose: FormPurpose) -> Result<WriteOp, T> {
        match purpose {
            FormPurpose::AlarmDispatch { id, version, officers } => {
                let officer_id = *officers.get(form.choice(0)).ok_or(T::NoOfficers)?;
                Ok(WriteOp::AlarmDispatch { id, version, officer_id, role: self.role(), note: form.text(1) })
            }
            FormPurpose::Silence => {
                let matcher = form.text(0);
                let minutes = parse_duration_minutes(&form.text(1)).ok_or(T::BadDuration)?;
                let reason = form.text(2);
                if reason.trim().is_empty() {
                    return Err(T::ReasonMissing);
                }
                Ok(WriteOp::AddSilence { matcher, minutes, reason, from: self.now })
            }
            _ => Err(T::NotHere),
        }
    }
}

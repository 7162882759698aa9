//! What the Tip-offs screen does: the workflow's steps (a form where a step needs details), the
//! intake form, a hazard from a substantiated tip-off, and the audited reveal.

use crate::domain::OperatorRole;
use crate::domain::hazard::HazardSource;
use crate::domain::tipoff::{Channel, TipoffStatus, check_transition};
use crate::i18n::T;
use crate::store::tipoffs::{NewTipoff, Step};
use crate::tui::action::Action;
use crate::tui::app::{App, Status};
use crate::tui::form::{Field, Form};
use crate::tui::ops::FormPurpose;
use crate::tui::worker::{Request, WriteOp};

/// The steps that ask for something before they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepForm {
    Transfer,
    Result,
    Extend,
    Reply,
    Reward,
    Close,
}

const MANUAL_CHANNELS: [Channel; 4] = [Channel::Hotline, Channel::Letter, Channel::Visit, Channel::Staff];
const REPLY_CHANNELS: [(&str, &str); 4] =
    [("电话", "phone"), ("短信", "text message"), ("书面", "letter"), ("当面", "in person")];

impl App {
    fn tipoff_refuse(&mut self, text: String) -> Vec<Request> {
        self.status = Some(Status { text, error: true });
        Vec::new()
    }

    pub(in crate::tui) fn tipoff_action(&mut self, action: Action, height: usize) -> Vec<Request> {
        if action == Action::TipoffNew {
            return self.tipoff_intake_form();
        }
        let target = match action {
            Action::TipoffAccept => Some((TipoffStatus::Accepted, None)),
            Action::TipoffVerify => Some((TipoffStatus::Verifying, None)),
            Action::TipoffTransfer => Some((TipoffStatus::Transferred, Some(StepForm::Transfer))),
            Action::TipoffResult => Some((TipoffStatus::Substantiated, Some(StepForm::Result))),
            Action::TipoffReply => Some((TipoffStatus::Replied, Some(StepForm::Reply))),
            Action::TipoffReward => Some((TipoffStatus::Rewarded, Some(StepForm::Reward))),
            Action::TipoffClose => Some((TipoffStatus::Closed, Some(StepForm::Close))),
            Action::TipoffExtend => Some((TipoffStatus::Verifying, Some(StepForm::Extend))),
            _ => None,
        };
        if let Some((to, form)) = target {
            return self.tipoff_step(action, to, form);
        }
        if action == Action::TipoffReveal {
            let Some(t) = self.tipoffs.selected().cloned() else {
                self.say(T::SelectTipoff, true);
                return Vec::new();
            };
            if self.role() < OperatorRole::Supervisor {
                return self.tipoff_refuse(format!(
                    "only a supervisor may reveal a reporter's identity; you are {}",
                    self.role().code()
                ));
            }
            return vec![Request::Write {
                operator: self.operator_name(),
                op: WriteOp::Reveal { id: t.id, role: self.role() },
            }];
        }
        self.tipoffs.handle(action, height, self.today).unwrap_or_default()
    }

    fn tipoff_step(&mut self, action: Action, to: TipoffStatus, form: Option<StepForm>) -> Vec<Request> {
        let Some(t) = self.tipoffs.selected().cloned() else {
            self.say(T::SelectTipoff, true);
            return Vec::new();
        };
        // Checked here too, so a refusal costs no round trip (the store checks again).
        let check = match action {
            Action::TipoffExtend if !matches!(t.status, TipoffStatus::Accepted | TipoffStatus::Verifying) => {
                Err(format!("tip-off #{}: only a tip-off being verified can be extended", t.id))
            }
            Action::TipoffExtend if self.role() < OperatorRole::Duty => {
                Err(format!("only duty officers and above may work tip-offs; you are {}", self.role().code()))
            }
            Action::TipoffExtend => Ok(()),
            Action::TipoffResult => {
                check_transition(t.status, TipoffStatus::Substantiated, t.substantiated, self.role())
                    .or_else(|_| {
                        check_transition(t.status, TipoffStatus::Unsubstantiated, t.substantiated, self.role())
                    })
                    .map_err(|e| format!("#{}: {e}", t.id))
            }
            _ => check_transition(t.status, to, t.substantiated, self.role()).map_err(|e| format!("#{}: {e}", t.id)),
        };
        if let Err(e) = check {
            return self.tipoff_refuse(e);
        }
        let Some(form) = form else {
            let step = if to == TipoffStatus::Accepted { Step::Accept } else { Step::StartVerifying };
            let op = WriteOp::TipoffStep { id: t.id, version: t.version, step, role: self.role(), on: self.today };
            return vec![Request::Write { operator: self.operator_name(), op }];
        };
        let proposal = self.tipoffs.current().and_then(|p| p.reward_proposal).unwrap_or(0.0);
        let (title, fields) = match form {
            StepForm::Transfer => (T::FormTransfer, vec![Field::text(T::FieldBody, "")]),
            StepForm::Result => (
                T::FormResult,
                vec![
                    Field::toggle(T::FieldSubstantiated, true),
                    Field::text(T::FieldFine, ""),
                    Field::text(T::FieldNote, ""),
                ],
            ),
            StepForm::Extend => (T::FormExtend, vec![Field::text(T::FieldDays, "30"), Field::text(T::FieldReason, "")]),
            StepForm::Reply => (
                T::FormReply,
                vec![Field::text(T::FieldReplyText, ""), Field::choice(T::FieldChannel, REPLY_CHANNELS.to_vec(), 0)],
            ),
            StepForm::Reward => (T::FormReward, vec![Field::text(T::FieldReward, &format!("{proposal:.0}"))]),
            StepForm::Close => (T::FormTipoffClose, vec![Field::text(T::FieldNote, "")]),
        };
        let subject = format!("#{} {}", t.id, crate::tui::widgets::text::clean(&t.description));
        self.form =
            Some((Form::new(title, subject, fields), FormPurpose::TipoffStep { id: t.id, version: t.version, form }));
        Vec::new()
    }

    fn tipoff_intake_form(&mut self) -> Vec<Request> {
        if self.role() < OperatorRole::Duty {
            return self.tipoff_refuse(format!(
                "only duty officers and above may work tip-offs; you are {}",
                self.role().code()
            ));
        }
        let channels = MANUAL_CHANNELS.iter().map(|c| (c.name(true), c.name(false))).collect();
        let fields = vec![
            Field::choice(T::FieldChannel, channels, 0),
            Field::text(T::FieldReceived, &self.now.format("%Y-%m-%d %H:%M").to_string()),
            Field::text(T::FieldTipoffText, ""),
            Field::pick(T::FieldUnitKey, ""),
            Field::text(T::FieldLocation, ""),
            Field::text(T::FieldCategory, ""),
            Field::text(T::FieldReporterName, ""),
            Field::text(T::FieldReporterPhone, ""),
        ];
        self.form = Some((Form::new(T::FormTipoffNew, self.office.clone(), fields), FormPurpose::TipoffNew));
        Vec::new()
    }

    pub(in crate::tui) fn tipoff_hazard_form(&mut self) -> Vec<Request> {
        let Some(t) = self.tipoffs.selected().cloned() else {
            self.say(T::SelectTipoff, true);
            return Vec::new();
        };
        if t.substantiated != Some(true) {
            return self.tipoff_refuse(format!(
                "tip-off #{} is not substantiated; only a verified tip-off opens a hazard",
                t.id
            ));
        }
        let (Some(unit_id), Some(name)) = (t.unit_id, t.unit_name.clone()) else {
            self.say(T::NoUnitHere, true);
            return Vec::new();
        };
        let purpose = FormPurpose::TipoffHazard { id: t.id, version: t.version, unit_id };
        self.linked_hazard_form(unit_id, name, &t.description, HazardSource::Tipoff, purpose);
        Vec::new()
    }

    /// The write an intake or step form ends in, or what is wrong with it.
    pub(in crate::tui) fn tipoff_form_op(&self, form: &Form, purpose: FormPurpose) -> Result<WriteOp, T> {
        let number = |s: String| -> Result<Option<f64>, T> {
            let t = s.trim();
            if t.is_empty() { Ok(None) } else { t.parse::<f64>().map(Some).map_err(|_| T::BadNumber) }
        };
        match purpose {
            FormPurpose::TipoffNew => {
                let description = form.text(2);
                if description.trim().is_empty() {
                    return Err(T::DescriptionMissing);
                }
                let received = chrono::NaiveDateTime::parse_from_str(form.text(1).trim(), "%Y-%m-%d %H:%M")
                    .map_err(|_| T::BadDate)?
                    .and_local_timezone(crate::domain::time::beijing())
                    .single()
                    .ok_or(T::BadDate)?;
                let opt = |s: String| Some(s).filter(|s| !s.trim().is_empty());
                // A picked match names the unit; otherwise what was typed is tried as USCC or name.
                let (unit_id, typed) = form.picked(3);
                Ok(WriteOp::TipoffCreate(NewTipoff {
                    channel: MANUAL_CHANNELS.get(form.choice(0)).copied(),
                    received_at: crate::domain::time::stamp(received),
                    description,
                    unit_id,
                    unit_key: if unit_id.is_none() { opt(typed) } else { None },
                    location: form.text(4),
                    category: form.text(5),
                    reporter_name: opt(form.text(6)),
                    reporter_phone: opt(form.text(7)),
                    ..Default::default()
                }))
            }
            FormPurpose::TipoffStep { id, version, form: kind } => {
                let step = match kind {
                    StepForm::Transfer => Step::Transfer { to: form.text(0) },
                    StepForm::Result => {
                        Step::Result { substantiated: form.toggle(0), fine: number(form.text(1))?, note: form.text(2) }
                    }
                    StepForm::Extend => Step::Extend {
                        days: form.text(0).trim().parse().map_err(|_| T::BadNumber)?,
                        reason: form.text(1),
                    },
                    StepForm::Reply => {
                        let text = form.text(0);
                        if text.trim().is_empty() {
                            return Err(T::TextMissing);
                        }
                        let (zh, en) = REPLY_CHANNELS.get(form.choice(1)).copied().unwrap_or(REPLY_CHANNELS[0]);
                        Step::Reply { text, channel: if self.lang.zh() { zh } else { en }.to_string() }
                    }
                    StepForm::Reward => Step::Reward { amount: number(form.text(0))?.ok_or(T::BadNumber)? },
                    StepForm::Close => Step::Close { note: form.text(0) },
                };
                Ok(WriteOp::TipoffStep { id, version, step, role: self.role(), on: self.today })
            }
            _ => Err(T::NotHere),
        }
    }
}

//! The Duty screen's keys: start the shift, write log entries (a serious accident starts the
//! one-hour reporting clock), mark an accident reported, end the shift with a hand-over drafted
//! from the shift's records for the officer to edit and sign, and acknowledge the previous one.

use crate::domain::duty::EntryKind;
use crate::i18n::T;
use crate::store::duty::Handover;
use crate::tui::app::{App, Screen};
use crate::tui::form::{Field, Form};
use crate::tui::ops::FormPurpose;
use crate::tui::worker::{DutyPane, Request, WriteOp};

impl App {
    pub(in crate::tui) fn duty_request(&self) -> Request {
        Request::Duty { operator: self.operator_name() }
    }

    pub(in crate::tui) fn duty_action(&mut self, action: crate::tui::action::Action, height: usize) -> Vec<Request> {
        use crate::tui::action::Action as A;
        let write = |app: &App, op: WriteOp| vec![Request::Write { operator: app.operator_name(), op }];
        match action {
            A::DutyStart => write(self, WriteOp::DutyStart),
            A::DutyEntry => {
                let kinds = EntryKind::ALL.iter().map(|k| (k.name(true), k.name(false))).collect();
                let fields = vec![Field::choice(T::FieldEntryKind, kinds, 0), Field::text(T::FieldEntryText, "")];
                self.form = Some((Form::new(T::FormDutyEntry, self.operator_name(), fields), FormPurpose::DutyEntry));
                Vec::new()
            }
            A::DutyReported => match self.duty.accident_to_report().cloned() {
                Some(e) => write(self, WriteOp::DutyReported { id: e.id, version: e.version }),
                None => {
                    self.say(T::NoAccident, true);
                    Vec::new()
                }
            },
            A::DutyAcknowledge => match self.duty.pane.as_ref().and_then(|p| p.pending.clone()) {
                Some(s) => write(self, WriteOp::DutyAcknowledge { id: s.id, version: s.version }),
                None => {
                    self.say(T::NoHandover, true);
                    Vec::new()
                }
            },
            A::DutyEnd => match self.duty.pane.as_ref().and_then(|p| p.shift.clone()) {
                Some(s) => vec![Request::HandoverDraft { from: s.started_at, now: self.now }],
                None => {
                    self.say(T::NoShift, true);
                    Vec::new()
                }
            },
            other => {
                self.duty.navigate(other, height);
                Vec::new()
            }
        }
    }

    /// The log and the accident clocks arrived; a new hand-over for this operator opens the screen.
    pub(in crate::tui) fn duty_arrived(&mut self, pane: DutyPane) {
        let pending = pane.pending.as_ref().map(|s| s.id);
        let h = self.list_height();
        self.duty.apply(pane, h);
        if pending.is_some() && pending != self.duty.shown_pending && self.form.is_none() {
            self.duty.shown_pending = pending;
            self.screen = Screen::Duty;
        }
    }

    /// The hand-over form, one line per part, drafted from the shift's records.
    pub(in crate::tui) fn handover_drafted(&mut self, h: Handover) {
        let Some(shift) = self.duty.pane.as_ref().and_then(|p| p.shift.clone()) else { return };
        let lang = self.lang;
        let due: Vec<String> =
            h.due_soon.iter().take(5).map(|d| format!("{} {}", d.due.format("%m-%d"), d.title)).collect();
        let lines = [
            (
                T::HandoverAlarms,
                T::HandoverAlarmsText.fill(lang, &[("n", &h.alarms_received), ("open", &h.alarms_open)]),
            ),
            (T::HandoverTipoffs, T::HandoverTipoffsText.fill(lang, &[("n", &h.tipoffs_taken)])),
            (T::HandoverHazards, T::HandoverHazardsText.fill(lang, &[("n", &h.hazards_changed)])),
            (T::HandoverDue, T::HandoverDueText.fill(lang, &[("n", &h.due_coming), ("what", &due.join("；"))])),
            (T::HandoverAccidents, T::HandoverAccidentsText.fill(lang, &[("n", &h.accidents_unreported)])),
            (T::HandoverNotes, String::new()),
        ];
        let labels: Vec<String> = lines.iter().map(|(t, _)| t.get(lang).to_string()).collect();
        let fields = lines.iter().map(|(t, v)| Field::text(*t, v)).collect();
        let purpose = FormPurpose::Handover { id: shift.id, version: shift.version, labels };
        self.form = Some((Form::new(T::FormHandover, self.operator_name(), fields), purpose));
    }

    pub(in crate::tui) fn submit_duty_form(&mut self, form: &Form, purpose: FormPurpose) -> Vec<Request> {
        let op = match purpose {
            FormPurpose::DutyEntry => {
                let text = form.text(1);
                if text.is_empty() {
                    return self.form_error(T::TextMissing);
                }
                WriteOp::DutyEntry {
                    kind: EntryKind::ALL.get(form.choice(0)).copied().unwrap_or(EntryKind::Other),
                    text,
                }
            }
            FormPurpose::Handover { id, version, labels } => {
                let handover = labels
                    .iter()
                    .enumerate()
                    .map(|(i, l)| (l, form.text(i)))
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(l, v)| format!("{l}：{v}"))
                    .collect::<Vec<_>>()
                    .join("\n");
                WriteOp::DutyEnd { id, version, handover }
            }
            _ => return Vec::new(),
        };
        self.form = None;
        vec![Request::Write { operator: self.operator_name(), op }]
    }
}

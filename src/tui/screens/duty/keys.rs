//! The Duty screen's keys: start the shift, write log entries (a serious accident starts the
//! one-hour reporting clock), mark an accident reported, end the shift with a hand-over drafted
//! from the shift's records for the officer to edit and sign, and acknowledge the previous one.

use super::DutyScreen;
use super::msg::{DutyPane, Form as Purpose, Req, Write};
use crate::domain::duty::EntryKind;
use crate::i18n::T;
use crate::store::duty::Handover;
use crate::tui::action::Action;
use crate::tui::form::{Field, Form};
use crate::tui::screen_def::Ctx;

type Cx<'a> = Ctx<'a, DutyScreen>;

pub(super) fn pane_request(cx: &Cx<'_>) -> Req {
    Req::Pane {
        operator: cx.env.operator_name(),
        quarter: crate::domain::calendar::Quarter::of(cx.env.today),
        zh: cx.env.zh(),
    }
}

pub(super) fn handle(s: &mut DutyScreen, action: Action, cx: &mut Cx<'_>) {
    match action {
        Action::DutyStart => cx.write(Write::Start, cx.env.t(T::DoneShiftStart)),
        Action::DutyEntry => {
            let kinds = EntryKind::ALL.iter().map(|k| (k.name(true), k.name(false))).collect();
            let fields = vec![Field::choice(T::FieldEntryKind, kinds, 0), Field::long(T::FieldEntryText, "")];
            cx.open(Form::new(T::FormDutyEntry, cx.env.operator_name(), fields), Purpose::Entry);
        }
        Action::DutyReported => match s.accident_to_report() {
            Some(e) => cx.write(Write::Reported { id: e.id, version: e.version }, cx.env.t(T::DoneAccidentReported)),
            None => cx.say(T::NoAccident, true),
        },
        Action::DutyAcknowledge => match s.pane.as_ref().and_then(|p| p.pending.as_ref()) {
            Some(p) => cx.write(Write::Acknowledge { id: p.id, version: p.version }, cx.env.t(T::DoneHandoverSeen)),
            None => cx.say(T::NoHandover, true),
        },
        Action::DutyEnd => match s.pane.as_ref().and_then(|p| p.shift.as_ref()) {
            Some(shift) => cx.read(Req::HandoverDraft { from: shift.started_at.clone(), now: cx.env.now }),
            None => cx.say(T::NoShift, true),
        },
        Action::DutyHandovers => cx.read(Req::Handovers),
        Action::DutyAccident => super::records::open_accident(s, cx),
        Action::DutyWork => super::records::open_work(cx),
        Action::Open | Action::Read => {
            if let Some(e) = s.selected() {
                let (title, body) = super::text::full(&cx.env, e);
                cx.read_text(title, body);
            }
        }
        other => s.navigate(other, cx.env.height),
    }
}

/// The log and the accident clocks arrived; a new hand-over for this operator opens the screen.
pub(super) fn arrived(s: &mut DutyScreen, pane: DutyPane, cx: &mut Cx<'_>) {
    let pending = pane.pending.as_ref().map(|p| p.id);
    s.set_pane(pane, cx.env.height);
    if pending.is_some() && pending != s.shown_pending && !cx.env.form_open {
        s.shown_pending = pending;
        cx.show = true;
    }
}

/// The hand-over form, one line per part, drafted from the shift's records.
pub(super) fn handover_drafted(s: &DutyScreen, h: Handover, cx: &mut Cx<'_>) {
    let Some(shift) = s.pane.as_ref().and_then(|p| p.shift.as_ref()) else { return };
    let lang = cx.env.lang;
    let due: Vec<String> = h.due_soon.iter().take(5).map(|d| format!("{} {}", d.due.format("%m-%d"), d.title)).collect();
    let lines = [
        (
            T::HandoverAlarms,
            T::HandoverAlarmsText.fill(
                lang,
                &[
                    ("n", &h.alarms_received),
                    ("open", &h.alarms_open),
                    ("red", &h.office_unacknowledged),
                    ("all", &h.office_alarms_open),
                ],
            ),
        ),
        (T::HandoverTipoffs, T::HandoverTipoffsText.fill(lang, &[("n", &h.tipoffs_taken)])),
        (T::HandoverHazards, T::HandoverHazardsText.fill(lang, &[("n", &h.hazards_changed)])),
        (
            T::HandoverDue,
            T::HandoverDueText.fill(lang, &[("n", &h.due_coming), ("what", &due.join("；")), ("late", &h.office_overdue)]),
        ),
        (T::HandoverAccidents, T::HandoverAccidentsText.fill(lang, &[("n", &h.accidents_unreported)])),
        (T::HandoverNotes, String::new()),
    ];
    let labels: Vec<String> = lines.iter().map(|(t, _)| t.get(lang).to_string()).collect();
    let last = lines.len() - 1;
    let fields = lines
        .iter()
        .enumerate()
        .map(|(i, (t, v))| if i == last { Field::long_in(*t, v, 3) } else { Field::long_in(*t, v, 2) })
        .collect();
    let purpose = Purpose::Handover { id: shift.id, version: shift.version, labels };
    cx.open(Form::new(T::FormHandover, cx.env.operator_name(), fields), purpose);
}

pub(super) fn submit(form: &Form, purpose: Purpose, cx: &mut Cx<'_>) -> Result<(), T> {
    let (write, done) = match purpose {
        Purpose::Entry => {
            let text = form.text(1);
            if text.is_empty() {
                return Err(T::TextMissing);
            }
            let kind = EntryKind::ALL.get(form.choice(0)).copied().unwrap_or(EntryKind::Other);
            (Write::Entry { kind, text }, T::DoneEntry.fill(cx.env.lang, &[("kind", &kind.name(cx.env.zh()))]))
        }
        Purpose::Handover { id, version, labels } => {
            let handover = labels
                .iter()
                .enumerate()
                .map(|(i, l)| (l, form.text(i)))
                .filter(|(_, v)| !v.is_empty())
                .map(|(l, v)| format!("{l}：{v}"))
                .collect::<Vec<_>>()
                .join("\n");
            (Write::End { id, version, handover }, cx.env.t(T::DoneShiftEnd).to_string())
        }
        Purpose::Accident { edit } => super::records::accident_written(form, edit, cx)?,
        Purpose::Work => super::records::work_written(form, cx)?,
    };
    cx.write(write, done);
    Ok(())
}

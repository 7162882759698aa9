//! What the Tip-offs screen's keys do: move and filter, the workflow's steps (a form where a step
//! needs details), the intake form, a hazard from a substantiated tip-off, and the audited reveal.

use super::TipoffsScreen;
use super::msg::{Form as Purpose, Req, StepForm, Write};
use crate::domain::OperatorRole;
use crate::domain::hazard::HazardSource;
use crate::domain::tipoff::{Channel, TipoffStatus, check_transition};
use crate::i18n::T;
use crate::store::tipoffs::{NewTipoff, Step, TipoffSet};
use crate::tui::action::Action;
use crate::tui::form::{Field, Form};
use crate::tui::screen_def::{Ctx, unit_action};
use crate::tui::screens::hazards::forms;

const MANUAL_CHANNELS: [Channel; 4] = [Channel::Hotline, Channel::Letter, Channel::Visit, Channel::Staff];
const REPLY_CHANNELS: [(&str, &str); 4] =
    [("电话", "phone"), ("短信", "text message"), ("书面", "letter"), ("当面", "in person")];

/// What a reward is for (the 2018 rules' two cases), in the reward form's order.
const REWARD_CASES: [(&str, &str); 2] =
    [("重大事故隐患、违法生产经营建设", "Major hazard or illegal production"), ("瞒报谎报事故", "Concealed or falsely reported accident")];

type Cx<'a> = Ctx<'a, TipoffsScreen>;

pub(super) fn handle(s: &mut TipoffsScreen, action: Action, cx: &mut Cx<'_>) {
    if let Some(w) = s.records.navigate(action, cx.env.height) {
        s.moved(w, cx);
        return;
    }
    if action == Action::Back && s.only.is_some() {
        s.only = None;
        s.restart(cx);
        return;
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
        return step(s, action, to, form, cx);
    }
    match action {
        Action::TipoffNew => intake_form(cx),
        Action::Open | Action::Read => {
            if let (Some(_), Some(p)) = (shown(s, cx), s.current()) {
                let (title, body) = super::text::full(&cx.env, p);
                cx.read_text(title, body);
            }
        }
        Action::TipoffReveal => reveal(s, cx),
        Action::NewHazard => hazard_form(s, cx),
        Action::RecordDrill => unit_action(unit(s), action, cx),
        Action::OnlyGrid => {
            let sel = s.selected();
            let (grid, community) = (sel.and_then(|t| t.grid_id), sel.and_then(|t| t.community_id));
            s.around.cycle(grid, community);
            s.narrow(cx);
        }
        Action::TipoffSet => {
            s.set = match s.set {
                TipoffSet::Open => TipoffSet::Overdue,
                TipoffSet::Overdue => TipoffSet::Closed,
                TipoffSet::Closed => TipoffSet::All,
                TipoffSet::All => TipoffSet::Open,
            };
            s.restart(cx);
        }
        Action::TipoffChannel => {
            s.channel = match s.channel {
                None => Some(0),
                Some(i) if i + 1 < Channel::ALL.len() => Some(i + 1),
                Some(_) => None,
            };
            s.restart(cx);
        }
        Action::Back if s.around.is_set() => {
            s.around = Default::default();
            s.restart(cx);
        }
        _ => {}
    }
}

pub(super) fn unit(s: &TipoffsScreen) -> Option<(i64, String)> {
    s.selected().and_then(|t| Some((t.unit_id?, t.unit_name.clone()?)))
}

fn reveal(s: &TipoffsScreen, cx: &mut Cx<'_>) {
    let Some(t) = shown(s, cx) else { return };
    if cx.env.role() < OperatorRole::Supervisor {
        let role = cx.env.role().code();
        cx.refuse(format!("only a supervisor may reveal a reporter's identity; you are {role}"));
        return;
    }
    cx.read(Req::Reveal { id: t.id, operator: cx.env.operator_name() });
}

/// The tip-off the detail pane shows (the one the officer reads), or why there is none.
fn shown(s: &TipoffsScreen, cx: &mut Cx<'_>) -> Option<crate::store::tipoffs::TipoffRow> {
    match (s.selected(), s.current()) {
        (_, Some(p)) => Some(p.row.clone()),
        (Some(_), None) => {
            cx.say(T::Loading, false);
            None
        }
        (None, None) => {
            cx.say(T::SelectTipoff, true);
            None
        }
    }
}

fn step(s: &TipoffsScreen, action: Action, to: TipoffStatus, form: Option<StepForm>, cx: &mut Cx<'_>) {
    let Some(t) = shown(s, cx) else { return };
    let role = cx.env.role();
    // Checked here too, so a refusal costs no round trip (the store checks again).
    let check = match action {
        Action::TipoffExtend if !matches!(t.status, TipoffStatus::Accepted | TipoffStatus::Verifying) => {
            Err(T::ExtendOnlyVerifying.fill(cx.env.lang, &[("id", &t.id)]))
        }
        Action::TipoffExtend if role < OperatorRole::Duty => {
            Err(T::RoleReadOnly.fill(cx.env.lang, &[("role", &role.name(cx.env.zh()))]))
        }
        Action::TipoffExtend => Ok(()),
        Action::TipoffResult => check_transition(t.status, TipoffStatus::Substantiated, t.substantiated, role)
            .or_else(|_| check_transition(t.status, TipoffStatus::Unsubstantiated, t.substantiated, role))
            .map_err(|e| crate::tui::refusals::tipoff(cx.env.lang, t.id, &e)),
        _ => check_transition(t.status, to, t.substantiated, role)
            .map_err(|e| crate::tui::refusals::tipoff(cx.env.lang, t.id, &e)),
    };
    if let Err(e) = check {
        return cx.refuse(e);
    }
    let Some(form) = form else {
        let step = if to == TipoffStatus::Accepted { Step::Accept } else { Step::StartVerifying };
        let done = T::DoneTipoffStep.fill(cx.env.lang, &[("id", &t.id), ("status", &to.name(cx.env.zh()))]);
        return cx.write(Write::Step { id: t.id, version: t.version, step, role, on: cx.env.today }, done);
    };
    let fine = s.current().and_then(|p| p.row.fine).map(|f| format!("{f:.0}")).unwrap_or_default();
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
            vec![Field::long(T::FieldReplyText, ""), Field::choice(T::FieldChannel, REPLY_CHANNELS.to_vec(), 0)],
        ),
        // The case and its facts; the amount left empty is the rules' proposal for them.
        StepForm::Reward => (
            T::FormReward,
            vec![
                Field::choice(T::FieldRewardCase, REWARD_CASES.to_vec(), 0),
                Field::text(T::FieldFine, &fine),
                Field::choice(T::FieldAccidentLevel, crate::domain::tipoff::ACCIDENT_LEVELS.to_vec(), 0),
                Field::text(T::FieldConcealedDeaths, "0"),
                Field::text(T::FieldRewardAmount, ""),
            ],
        ),
        StepForm::Close => (T::FormTipoffClose, vec![Field::long(T::FieldNote, "")]),
    };
    let subject = format!("#{} {}", t.id, crate::tui::widgets::text::clean(&t.description));
    cx.open(Form::new(title, subject, fields), Purpose::Step { id: t.id, version: t.version, form });
}

fn intake_form(cx: &mut Cx<'_>) {
    if cx.env.role() < OperatorRole::Duty {
        let role = cx.env.role().code();
        return cx.refuse(format!("only duty officers and above may work tip-offs; you are {role}"));
    }
    let channels = MANUAL_CHANNELS.iter().map(|c| (c.name(true), c.name(false))).collect();
    let fields = vec![
        Field::choice(T::FieldChannel, channels, 0),
        Field::text(T::FieldReceived, &cx.env.now.format("%Y-%m-%d %H:%M").to_string()),
        Field::long(T::FieldTipoffText, ""),
        Field::pick(T::FieldUnitKey, ""),
        Field::text(T::FieldLocation, ""),
        Field::text(T::FieldCategory, ""),
        Field::text(T::FieldReporterName, ""),
        Field::text(T::FieldReporterPhone, ""),
    ];
    cx.open(Form::new(T::FormTipoffNew, cx.env.office.to_string(), fields), Purpose::New);
}

fn hazard_form(s: &TipoffsScreen, cx: &mut Cx<'_>) {
    let Some(t) = shown(s, cx) else { return };
    if t.substantiated != Some(true) {
        return cx.refuse(format!("tip-off #{} is not substantiated; only a verified tip-off opens a hazard", t.id));
    }
    let (Some(unit_id), Some(name)) = (t.unit_id, t.unit_name.clone()) else {
        cx.say(T::NoUnitHere, true);
        return;
    };
    let form = forms::linked(&cx.env, name, &t.description, HazardSource::Tipoff);
    cx.open(form, Purpose::Hazard { id: t.id, version: t.version, unit_id });
}

/// The write an intake, step or hazard form ends in, or what is wrong with it.
pub(super) fn submit(form: &Form, purpose: Purpose, cx: &mut Cx<'_>) -> Result<(), T> {
    let number = |s: String| -> Result<Option<f64>, T> {
        let t = s.trim();
        if t.is_empty() { Ok(None) } else { t.parse::<f64>().map(Some).map_err(|_| T::BadNumber) }
    };
    let lang = cx.env.lang;
    let (write, done) = match purpose {
        Purpose::New => {
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
            let t = NewTipoff {
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
            };
            (Write::Create(t), T::DoneTipoffNew.get(lang).to_string())
        }
        Purpose::Step { id, version, form: kind } => {
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
                    Step::Reply { text, channel: if cx.env.zh() { zh } else { en }.to_string() }
                }
                StepForm::Reward => {
                    use crate::domain::tipoff::RewardCase;
                    let case = if form.choice(0) == 1 {
                        let deaths: u32 = form.text(3).trim().parse().map_err(|_| T::BadNumber)?;
                        if deaths == 0 {
                            return Err(T::NoConcealedDeaths);
                        }
                        RewardCase::ConcealedAccident { level: form.choice(2), deaths }
                    } else {
                        RewardCase::Violation { fine: number(form.text(1))?.ok_or(T::BadNumber)? }
                    };
                    Step::Reward { amount: number(form.text(4))?, case }
                }
                StepForm::Close => Step::Close { note: form.text(0) },
            };
            let done = match step.target() {
                None => T::DoneTipoffExtended.fill(lang, &[("id", &id)]),
                Some(to) => T::DoneTipoffStep.fill(lang, &[("id", &id), ("status", &to.name(cx.env.zh()))]),
            };
            (Write::Step { id, version, step, role: cx.env.role(), on: cx.env.today }, done)
        }
        Purpose::Hazard { id, version, unit_id } => (
            Write::Hazard { id, version, hazard: forms::new_hazard(&cx.env, form, unit_id)? },
            T::DoneFromTipoff.fill(lang, &[("id", &id)]),
        ),
    };
    cx.write(write, done);
    Ok(())
}

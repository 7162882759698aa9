//! What the Alarms screen's keys do: move and filter, open a group, the duty steps, the dispatch,
//! silence and hazard forms, and the silences panel.

use super::AlarmsScreen;
use super::msg::{AlarmItem, Form as Purpose, Write};
use crate::domain::alarm::{AlarmStatus, check_alarm_transition};
use crate::domain::hazard::HazardSource;
use crate::domain::silence::{Matcher, parse_duration_minutes};
use crate::domain::{OperatorRole, RiskLevel};
use crate::i18n::T;
use crate::store::alarm_queue::{AlarmRow, StatusSet};
use crate::tui::widgets::text::clean;
use crate::tui::action::Action;
use crate::tui::form::{Field, Form};
use crate::tui::screen_def::{Ctx, unit_action};
use crate::tui::screens::hazards::forms;

type Cx<'a> = Ctx<'a, AlarmsScreen>;

pub(super) fn handle(s: &mut AlarmsScreen, action: Action, cx: &mut Cx<'_>) {
    match action {
        Action::Acknowledge => return step(s, AlarmStatus::Acknowledged, cx),
        Action::Resolve => return step(s, AlarmStatus::Resolved, cx),
        Action::FalseAlarm => return step(s, AlarmStatus::FalseAlarm, cx),
        Action::Dispatch => return dispatch(s, cx),
        Action::Silence => return silence_form(s, cx),
        Action::Unsilence => return unsilence(s, cx),
        Action::NewHazard => return hazard_form(s, cx),
        Action::RecordInspection => return unit_action(unit(s), action, cx),
        _ => {}
    }
    if s.silences_open {
        match action {
            Action::Down => {
                s.silence_cursor = (s.silence_cursor + 1).min(s.meta.silences.len().saturating_sub(1));
                return;
            }
            Action::Up => {
                s.silence_cursor = s.silence_cursor.saturating_sub(1);
                return;
            }
            Action::Back | Action::Silences => {
                s.silences_open = false;
                return;
            }
            _ => {}
        }
    }
    if let Some(w) = s.records.navigate(action, cx.env.height) {
        return s.want(w, cx);
    }
    match action {
        Action::AlarmStatus => {
            s.filter.status = match s.filter.status {
                StatusSet::Open => StatusSet::All,
                StatusSet::All => StatusSet::Closed,
                StatusSet::Closed => StatusSet::Open,
            }
        }
        Action::AlarmLevel => {
            s.filter.level = match s.filter.level {
                None => Some(RiskLevel::Major),
                Some(l) => RiskLevel::ALL.iter().position(|x| *x == l).and_then(|i| RiskLevel::ALL.get(i + 1)).copied(),
            }
        }
        Action::AlarmFeed => {
            let names: Vec<&str> = s.meta.feeds.iter().map(|f| f.name.as_str()).collect();
            s.filter.feed = match &s.filter.feed {
                None => names.first().map(|n| n.to_string()),
                Some(cur) => names.iter().position(|n| n == cur).and_then(|i| names.get(i + 1)).map(|n| n.to_string()),
            }
        }
        Action::AlarmGroup => {
            s.grouped = !s.grouped;
            s.filter.group = None;
        }
        Action::Silences => {
            s.silences_open = true;
            return;
        }
        Action::Open => match s.records.selected() {
            Some(AlarmItem::Group(g)) => {
                s.filter.group = Some((g.area.clone(), g.event.clone()));
                s.group_return = Some(s.records.list.selected);
            }
            Some(AlarmItem::Alarm(_)) => return read(s, cx),
            None => return,
        },
        Action::Read => return read(s, cx),
        Action::Back if s.filter.group.is_some() => {
            // Back to the groups, on the group that was opened.
            s.filter.group = None;
            let back = s.group_return.take().unwrap_or(0);
            let at = s.records.restart();
            s.records.list.selected = back;
            return s.want(crate::tui::list_detail::Wants { pages: vec![at], detail: None }, cx);
        }
        Action::Back if s.filter.only.is_some() => {
            s.filter.only = None;
            s.filter.status = StatusSet::Open;
        }
        Action::Back if s.filter.grid.is_some() || s.filter.community.is_some() => {
            s.filter.grid = None;
            s.filter.community = None;
        }
        _ => return,
    }
    s.restart(cx);
}

pub(super) fn unit(s: &AlarmsScreen) -> Option<(i64, String)> {
    s.selected().and_then(|a| Some((a.unit_id?, a.unit_name.clone()?)))
}

/// The alarm the detail pane shows (the one the officer reads), or why there is none: an action
/// never falls on the row that happens to sit under the cursor after the list moved.
fn shown(s: &AlarmsScreen, cx: &mut Cx<'_>) -> Option<AlarmRow> {
    match (s.selected(), s.current()) {
        (_, Some(p)) => Some(p.detail.row.clone()),
        (Some(_), None) => {
            cx.say(T::Loading, false);
            None
        }
        (None, None) => {
            cx.say(T::SelectAlarm, true);
            None
        }
    }
}

/// Opens the whole alarm (description and instruction uncut) in the full view.
fn read(s: &AlarmsScreen, cx: &mut Cx<'_>) {
    if shown(s, cx).is_some()
        && let Some(p) = s.current()
    {
        let (title, body) = super::text::full(&cx.env, p);
        cx.read_text(title, body);
    }
}

fn step(s: &AlarmsScreen, to: AlarmStatus, cx: &mut Cx<'_>) {
    let Some(a) = shown(s, cx) else { return };
    let role = cx.env.role();
    if let Err(e) = check_alarm_transition(a.status, to, role) {
        return cx.refuse(crate::tui::refusals::alarm(cx.env.lang, a.id, &e));
    }
    let what = clean(&a.headline);
    let done = match to {
        AlarmStatus::Acknowledged => T::DoneAcknowledged.fill(cx.env.lang, &[("id", &a.id), ("what", &what)]),
        AlarmStatus::FalseAlarm => T::DoneFalseAlarm.fill(cx.env.lang, &[("id", &a.id)]),
        _ => T::DoneResolved.fill(cx.env.lang, &[("id", &a.id), ("what", &what)]),
    };
    cx.write(Write::Step { id: a.id, version: a.version, to, role, note: String::new() }, done);
}

fn unsilence(s: &mut AlarmsScreen, cx: &mut Cx<'_>) {
    if !s.silences_open {
        s.silences_open = true;
        return;
    }
    if cx.env.role() < OperatorRole::Duty {
        return cx.refuse(format!("{}: {}", cx.env.t(T::NotHere), cx.env.role().code()));
    }
    if let Some(silence) = s.meta.silences.get(s.silence_cursor) {
        let done = T::DoneUnsilenced.fill(cx.env.lang, &[("id", &silence.id)]);
        cx.write(Write::RemoveSilence { id: silence.id, version: silence.version }, done);
    }
}

/// Dispatch: checked at once, then the officers are read and the form opens when they come.
fn dispatch(s: &AlarmsScreen, cx: &mut Cx<'_>) {
    let Some(pane) = s.current() else {
        return cx.say(T::SelectAlarm, true);
    };
    let a = &pane.detail.row;
    if let Err(e) = check_alarm_transition(a.status, AlarmStatus::Dispatched, cx.env.role()) {
        return cx.refuse(crate::tui::refusals::alarm(cx.env.lang, a.id, &e));
    }
    cx.read(super::msg::Req::Officers(a.id));
}

/// The officers arrived: the dispatch form, if the alarm they are for is still the one shown.
pub(super) fn dispatch_form(
    s: &AlarmsScreen,
    id: i64,
    officers: Vec<crate::store::officer_choices::OfficerChoice>,
    cx: &mut Cx<'_>,
) {
    let Some(pane) = s.current().filter(|p| p.detail.row.id == id) else { return };
    let a = &pane.detail.row;
    if officers.is_empty() {
        return cx.say(T::NoOfficers, true);
    }
    let fields = vec![Field::officers(&cx.env, &officers), Field::text(T::FieldNote, "")];
    let purpose = Purpose::Dispatch { id: a.id, version: a.version };
    let subject = format!("#{} {}", a.id, crate::tui::widgets::text::clean(&a.headline));
    cx.open(Form::new(T::FormDispatch, subject, fields), purpose);
}

fn silence_form(s: &AlarmsScreen, cx: &mut Cx<'_>) {
    if cx.env.role() < OperatorRole::Duty {
        return cx.refuse(format!("{}: {}", cx.env.t(T::NotHere), cx.env.role().code()));
    }
    let Some(a) = shown(s, cx) else { return };
    let fields = vec![
        Field::text(T::FieldMatcher, &Matcher::suggest(&a.facts())),
        Field::text(T::FieldDuration, "2h"),
        Field::text(T::FieldReason, ""),
    ];
    let subject = format!("#{} {}", a.id, crate::tui::widgets::text::clean(&a.headline));
    cx.open(Form::new(T::FormSilence, subject, fields), Purpose::Silence);
}

fn hazard_form(s: &AlarmsScreen, cx: &mut Cx<'_>) {
    let Some(a) = shown(s, cx) else { return };
    if cx.env.role() < OperatorRole::Duty {
        cx.status = Some(cx.env.read_only());
        return;
    }
    let (Some(unit_id), Some(name)) = (a.unit_id, a.unit_name.clone()) else {
        return cx.say(T::NoUnitHere, true);
    };
    let form = forms::linked(&cx.env, name, &a.headline, HazardSource::Alarm);
    cx.open(form, Purpose::Hazard { id: a.id, version: a.version, unit_id });
}

/// The write a dispatch, silence or hazard form ends in, or what is wrong with it.
pub(super) fn submit(form: &Form, purpose: Purpose, cx: &mut Cx<'_>) -> Result<(), T> {
    let role = cx.env.role();
    let lang = cx.env.lang;
    let (write, done) = match purpose {
        Purpose::Dispatch { id, version } => {
            let officer_id = form.picked(0).0.ok_or(T::NoOfficerPicked)?;
            let who = form.label(0).split("  ").next().unwrap_or_default().to_string();
            let done = T::DoneDispatched.fill(lang, &[("id", &id), ("who", &who)]);
            (Write::Dispatch { id, version, officer_id, role, note: form.text(1) }, done)
        }
        Purpose::Silence => {
            let matcher = form.text(0);
            let minutes = parse_duration_minutes(&form.text(1)).ok_or(T::BadDuration)?;
            let reason = form.text(2);
            if reason.trim().is_empty() {
                return Err(T::ReasonMissing);
            }
            let done = T::DoneSilenced.fill(lang, &[("duration", &form.text(1)), ("what", &matcher)]);
            (Write::AddSilence { matcher, minutes, reason, from: cx.env.now }, done)
        }
        Purpose::Hazard { id, version, unit_id } => (
            Write::Hazard { id, version, hazard: forms::new_hazard(&cx.env, form, unit_id)?, role },
            T::DoneFromAlarm.fill(lang, &[("id", &id)]),
        ),
    };
    cx.write(write, done);
    Ok(())
}

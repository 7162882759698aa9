//! What the Hazards screen's keys do: move, filter, step a hazard through its workflow (closing
//! asks for the verification note), edit it; and the forms other screens ask it for.

use super::msg::{Form as Purpose, Write};
use super::{HazardsScreen, forms};
use crate::domain::hazard::{HazardStatus, check_closure, check_transition};
use crate::i18n::T;
use crate::tui::action::Action;
use crate::tui::form::{Field, Form};
use crate::tui::screen_def::{Ask, Ctx, ListView, Took, unit_action};

pub(super) fn handle(s: &mut HazardsScreen, action: Action, cx: &mut Ctx<HazardsScreen>) {
    if let Some(w) = s.records.navigate(action, cx.env.height) {
        s.want(w, cx);
        return;
    }
    match action {
        Action::Advance | Action::Verify | Action::SendBack => step(s, action, cx),
        Action::HazardDispatch => {
            if let Some(h) = shown(s, cx) {
                if h.status == HazardStatus::Closed {
                    return cx.say(T::HazardClosedNoFollowUp, true);
                }
                cx.read(super::msg::Req::Officers(h.id));
            }
        }
        Action::HazardOrigin => {
            use crate::store::hazards::Origin;
            match shown(s, cx).map(|h| (h.origin, h.unit_name)) {
                Some((Some(Origin::Alarm(id)), _)) => cx.ask(Ask::Alarm(id)),
                Some((Some(Origin::Tipoff(id)), _)) => cx.ask(Ask::Tipoff(id)),
                // An inspection is read in its unit's detail on the Grid screen.
                Some((Some(Origin::Inspection(_)), unit)) => cx.ask(Ask::Units(unit)),
                Some((None, _)) => cx.say(T::NoOrigin, true),
                None => {}
            }
        }
        Action::Open | Action::Read => {
            if let Some(h) = shown(s, cx) {
                let (title, body) = super::text::full(&cx.env, &h);
                cx.read_text(title, body);
            }
        }
        Action::EditHazard => {
            if let Some(h) = shown(s, cx) {
                let form = forms::hazard(&cx.env, h.unit_name.clone(), Some(&h));
                cx.open(form, Purpose::Edit { id: h.id, version: h.version });
            }
        }
        Action::NewHazard if cx.env.role() >= crate::domain::OperatorRole::Duty => {
            cx.open(forms::hazard_picking_unit(&cx.env), Purpose::NewPicked)
        }
        Action::RecordInspection | Action::RecordDrill | Action::NewHazard => {
            unit_action(crate::tui::screen_def::ScreenDef::current_unit(s), action, cx)
        }
        Action::OnlyGrid => {
            let sel = s.selected();
            let (grid, community) = (sel.and_then(|h| h.grid_id), sel.and_then(|h| h.community_id));
            s.around.cycle(grid, community);
            s.narrow(cx);
        }
        Action::CycleStatus | Action::MajorOnly | Action::CycleSource => {
            match action {
                Action::CycleStatus => s.status = s.status.next(),
                Action::MajorOnly => s.major_only = !s.major_only,
                _ => {
                    s.source = match s.source {
                        None => Some(0),
                        Some(i) if i + 1 < crate::domain::hazard::HazardSource::ALL.len() => Some(i + 1),
                        Some(_) => None,
                    }
                }
            }
            s.restart(cx);
        }
        Action::Back if s.around.is_set() || s.only.is_some() => {
            s.around = Default::default();
            s.only = None;
            s.restart(cx);
        }
        _ => {}
    }
}

/// The hazard the detail pane shows (the one the officer reads), or why there is none.
fn shown(s: &HazardsScreen, cx: &mut Ctx<HazardsScreen>) -> Option<crate::store::hazards::Hazard> {
    match (s.selected(), s.records.current()) {
        (_, Some(h)) => Some((**h).clone()),
        (Some(_), None) => {
            cx.say(T::Loading, false);
            None
        }
        (None, None) => None,
    }
}

fn step(s: &mut HazardsScreen, action: Action, cx: &mut Ctx<HazardsScreen>) {
    let Some(h) = shown(s, cx) else { return };
    let to = match (action, h.status) {
        (Action::Advance, HazardStatus::Found) => HazardStatus::Rectifying,
        (Action::Advance, _) => HazardStatus::AwaitingVerification,
        (Action::Verify, _) => HazardStatus::Closed,
        (_, _) => HazardStatus::Rectifying,
    };
    let role = cx.env.role();
    // Checked here too, so a refusal shows at once and costs no round trip.
    if let Err(e) = check_transition(h.status, to, h.major, role) {
        cx.refuse(crate::tui::refusals::hazard(cx.env.lang, h.id, &e));
        return;
    }
    if to == HazardStatus::Closed {
        let fields = vec![Field::long(T::FieldClosureNote, ""), Field::long(T::FieldRectificationEvidence, "")];
        let subject = format!("#{} {}：{}", h.id, h.unit_name, h.description);
        cx.open(Form::new(T::FormClose, subject, fields), Purpose::Close { id: h.id, version: h.version });
        return;
    }
    let done = T::DoneHazardStep.fill(cx.env.lang, &[("id", &h.id), ("status", &to.name(cx.env.zh()))]);
    let write =
        Write::Transition { id: h.id, version: h.version, to, role, on: cx.env.today, note: String::new(), evidence: String::new() };
    cx.write(write, done);
}

/// The officers arrived: the dispatch form, if the hazard they are for is still the one shown.
pub(super) fn dispatch_form(
    s: &HazardsScreen,
    id: i64,
    officers: Vec<crate::store::officer_choices::OfficerChoice>,
    cx: &mut Ctx<HazardsScreen>,
) {
    let Some(h) = s.records.current().filter(|h| h.id == id) else { return };
    if officers.is_empty() {
        return cx.say(T::NoOfficers, true);
    }
    let subject = format!("#{} {}：{}", h.id, h.unit_name, h.description);
    let form = Form::new(T::FormHazardDispatch, subject, vec![Field::officers(&cx.env, &officers)]);
    cx.open(form, Purpose::Dispatch { id: h.id, version: h.version });
}

/// The register's forms for another screen's unit, and a jump to one hazard.
pub(super) fn take(s: &mut HazardsScreen, ask: &Ask, cx: &mut Ctx<HazardsScreen>) -> Took {
    match ask {
        Ask::Inspect { unit_id, name, kind } => {
            let form = forms::inspection(&cx.env, name.clone(), *kind);
            cx.open(form, Purpose::Inspection { unit_id: *unit_id, kind: *kind });
            Took::Here
        }
        Ask::NewHazard { unit_id, name } => {
            cx.open(forms::hazard(&cx.env, name.clone(), None), Purpose::New { unit_id: *unit_id });
            Took::Here
        }
        Ask::Hazard(id) => {
            s.only = Some(*id);
            s.status = super::StatusFilter::All;
            s.restart(cx);
            Took::Show
        }
        Ask::List(view @ (ListView::OpenHazards | ListView::MajorHazards | ListView::OverdueHazards)) => {
            s.status = if *view == ListView::OverdueHazards { super::StatusFilter::Overdue } else { super::StatusFilter::Open };
            s.major_only = *view == ListView::MajorHazards;
            s.source = None;
            s.around = Default::default();
            s.only = None;
            s.text.clear();
            s.restart(cx);
            Took::Show
        }
        Ask::Measure { .. } | Ask::Units(_) | Ask::List(_) | Ask::Alarm(_) | Ask::Tipoff(_) => Took::No,
    }
}

pub(super) fn submit(form: &Form, purpose: Purpose, cx: &mut Ctx<HazardsScreen>) -> Result<(), T> {
    let lang = cx.env.lang;
    let unit: &dyn std::fmt::Display = &form.subject;
    let (write, done) = match purpose {
        Purpose::Inspection { unit_id, kind } => {
            let t = if kind == crate::store::inspections::InspectionKind::Drill { T::DoneDrill } else { T::DoneInspection };
            (forms::inspection_write(form, unit_id, kind)?, t.fill(lang, &[("unit", unit)]))
        }
        Purpose::New { unit_id } => {
            (Write::Create(forms::new_hazard(&cx.env, form, unit_id)?), T::DoneHazardNew.fill(lang, &[("unit", unit)]))
        }
        Purpose::NewPicked => {
            let unit_id = form.picked(0).0.ok_or(T::NoUnitPicked)?;
            let name = form.label(0);
            (Write::Create(forms::new_hazard_from(&cx.env, form, unit_id, 1)?), T::DoneHazardNew.fill(lang, &[("unit", &name)]))
        }
        Purpose::Edit { id, version } => {
            (Write::Update { id, version, edit: forms::edit(form)? }, T::DoneHazardEdit.fill(lang, &[("id", &id)]))
        }
        Purpose::Dispatch { id, version } => {
            let officer_id = form.picked(0).0.ok_or(T::NoOfficerPicked)?;
            let who = form.label(0).split("  ").next().unwrap_or_default().to_string();
            (Write::Dispatch { id, version, officer_id }, T::DoneHazardDispatched.fill(lang, &[("who", &who)]))
        }
        Purpose::Close { id, version } => {
            let to = HazardStatus::Closed;
            let done = T::DoneHazardStep.fill(lang, &[("id", &id), ("status", &to.name(cx.env.zh()))]);
            let (note, evidence) = (form.text(0), form.text(1));
            check_closure(&note, &evidence).map_err(|e| match e {
                crate::domain::hazard::TransitionError::NoEvidence => T::EvidenceMissing,
                _ => T::VerdictMissing,
            })?;
            (Write::Transition { id, version, to, role: cx.env.role(), on: cx.env.today, note, evidence }, done)
        }
    };
    cx.write(write, done);
    Ok(())
}


//! What the Deadlines screen's keys do: move, filter, open the record an item is about (on the
//! screen that shows it), mark a report sent or an item done, add an item of the office's own.

use super::DeadlinesScreen;
use super::msg::{Form as Purpose, Write};
use crate::domain::deadline::DeadlineKind;
use crate::i18n::T;
use crate::tui::action::Action;
use crate::tui::form::{Field, Form};
use crate::tui::screen_def::{Ask, Ctx, unit_action};
use chrono::Duration;

pub(super) fn handle(s: &mut DeadlinesScreen, action: Action, cx: &mut Ctx<DeadlinesScreen>) {
    if action == Action::DeadlinesGroup {
        s.grouped = !s.grouped;
        if s.grouped {
            cx.read(s.groups_request(cx.env.today));
        }
        return;
    }
    if s.grouped {
        return grouped(s, action, cx);
    }
    if let Some(w) = s.records.navigate(action, cx.env.height) {
        s.want(w, cx);
        return;
    }
    match action {
        Action::CycleWindow | Action::CycleKind => {
            if action == Action::CycleWindow {
                s.window = s.window.next();
            } else {
                s.kind = (s.kind + 1) % super::KIND_FILTERS.len();
            }
            s.restart(cx);
        }
        Action::Back if s.grid.is_some() => {
            s.grid = None;
            s.restart(cx);
        }
        Action::OnlyGrid => {
            s.grid = if s.grid.is_some() { None } else { s.selected().and_then(|d| d.grid_id) };
            s.restart(cx);
        }
        Action::AddDeadline => add_form(s, cx),
        Action::Open => open_record(s, cx),
        Action::MarkDone => mark_done(s, cx),
        Action::RecordInspection | Action::RecordDrill | Action::NewHazard => unit_action(unit(s), action, cx),
        _ => {}
    }
}

/// Keys on the grouped view: move among the groups; Enter lists the group's items (its kind, and
/// overdue or not yet due); Esc goes back to the list as it was.
fn grouped(s: &mut DeadlinesScreen, action: Action, cx: &mut Ctx<DeadlinesScreen>) {
    let last = s.groups.len().saturating_sub(1);
    match action {
        Action::Down => s.group_cursor = (s.group_cursor + 1).min(last),
        Action::Up => s.group_cursor = s.group_cursor.saturating_sub(1),
        Action::Top => s.group_cursor = 0,
        Action::Bottom => s.group_cursor = last,
        Action::Back => s.grouped = false,
        Action::Open => {
            let Some(g) = s.groups.get(s.group_cursor).copied() else { return };
            s.kind = g.filter;
            s.window = if g.overdue { super::Window::Overdue } else { super::Window::All };
            s.grouped = false;
            s.restart(cx);
        }
        Action::CycleWindow => {
            s.window = s.window.next();
            cx.read(s.groups_request(cx.env.today));
        }
        _ => {}
    }
}

/// The unit of the selected item: (id, name), the name being the title up to its colon.
pub(super) fn unit(s: &DeadlinesScreen) -> Option<(i64, String)> {
    s.selected().and_then(|d| d.unit_id.map(|u| (u, d.title.split('：').next().unwrap_or(&d.title).to_string())))
}

fn add_form(s: &DeadlinesScreen, cx: &mut Ctx<DeadlinesScreen>) {
    let unit = s.selected().and_then(|d| d.unit_id.map(|u| (u, d.title.clone())));
    let fields = vec![
        Field::text(T::FieldTitle, ""),
        Field::text(T::FieldDeadline, &(cx.env.today + Duration::days(7)).to_string()),
        Field::text(T::FieldNote, ""),
    ];
    let subject = unit.as_ref().map(|(_, t)| t.clone()).unwrap_or_else(|| cx.env.office.to_string());
    cx.open(Form::new(T::FormDeadline, subject, fields), Purpose::Manual { unit_id: unit.map(|(u, _)| u) });
}

/// Enter on an item opens the record it is about, on the screen that shows it.
fn open_record(s: &DeadlinesScreen, cx: &mut Ctx<DeadlinesScreen>) {
    let Some(d) = s.selected() else { return };
    let ask = match d.kind {
        DeadlineKind::Hazard => d.reference.parse().ok().map(Ask::Hazard),
        DeadlineKind::PlanMeasure => {
            // "measure/quarter": that quarter's checklist, on the item.
            let (measure, quarter) = d.reference.split_once('/').unwrap_or((&d.reference, ""));
            Some(Ask::Measure {
                measure: measure.parse().ok(),
                quarter: crate::domain::calendar::Quarter::parse(quarter),
            })
        }
        _ => d.unit_uscc.clone().or(d.unit_id.map(|_| d.title.clone())).map(Ask::Units),
    };
    match ask {
        Some(a) => cx.ask(a),
        None => cx.say(T::NotHere, false),
    }
}

fn mark_done(s: &DeadlinesScreen, cx: &mut Ctx<DeadlinesScreen>) {
    let Some(d) = s.selected() else { return };
    let today = cx.env.today;
    let what: &dyn std::fmt::Display = &d.title;
    let (write, done) = match d.kind {
        DeadlineKind::MonthlyReport | DeadlineKind::QuarterlyReport | DeadlineKind::AnnualReport => (
            Write::SubmitReport { kind: d.kind, period: d.reference.clone(), on: today },
            T::DoneReportSent.fill(cx.env.lang, &[("what", what)]),
        ),
        DeadlineKind::Manual => match d.reference.parse() {
            // Manual items carry no version in the list; 1 is right until someone edits one.
            Ok(id) => (Write::CompleteManual { id, version: 1, on: today }, T::DoneItem.fill(cx.env.lang, &[("what", what)])),
            Err(_) => return,
        },
        _ => {
            cx.say(T::NotHere, false);
            return;
        }
    };
    cx.write(write, done);
}

pub(super) fn submit(form: &Form, purpose: Purpose, cx: &mut Ctx<DeadlinesScreen>) -> Result<(), T> {
    let Purpose::Manual { unit_id } = purpose;
    let title = form.text(0);
    if title.is_empty() {
        return Err(T::TitleMissing);
    }
    let due = crate::tui::screens::hazards::forms::parse_date(&form.text(1)).ok_or(T::BadDate)?;
    let done = T::DoneItemAdded.fill(cx.env.lang, &[("what", &title)]);
    cx.write(Write::AddManual { title, due, unit_id, note: form.text(2) }, done);
    Ok(())
}

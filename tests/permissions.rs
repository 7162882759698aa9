//! The role table, tested from itself: every action × every role on the demo office. An action
//! the role lacks is refused with a message naming the role, the action and the role it needs,
//! and sends nothing to the store; the help overlay and the palette list exactly what the role
//! may do.

mod common;

use anjian::domain::OperatorRole;
use anjian::i18n::Lang;
use anjian::tui::action::Context;
use anjian::tui::action_table::all as actions;
use anjian::tui::app::{Overlay, Screen};
use anjian::tui::worker::Request;

fn screen_of(c: Context) -> Screen {
    match c {
        Context::Grid => Screen::Grid,
        Context::Deadlines => Screen::Deadlines,
        Context::Hazards => Screen::Hazards,
        Context::Tipoffs => Screen::Tipoffs,
        Context::Alarms => Screen::Alarms,
        Context::Checklist => Screen::Checklist,
        Context::Duty => Screen::Duty,
        Context::Global | Context::Navigation => Screen::Overview,
    }
}

#[test]
fn every_action_by_every_role() {
    for role in OperatorRole::ALL {
        let (_d, mut h) = common::demo_app(Lang::En, None, 120, 40);
        h.app.operator.as_mut().expect("op").role = role;
        let mut refused = 0;
        for info in actions() {
            let app = &mut h.app;
            app.form = None;
            app.overlay = Overlay::None;
            app.status = None;
            app.quit = false;
            app.screen = screen_of(info.contexts[0]);
            let requests = app.perform(info.action);
            let allowed = role.can(info.action.needs());
            let told =
                app.status.as_ref().is_some_and(|s| s.error && s.text.starts_with(&format!("A {}", role.code())));
            if allowed {
                assert!(!told, "{} refused to a {}: {:?}", info.name, role.code(), app.status);
            } else {
                refused += 1;
                assert!(told, "{} not refused to a {}", info.name, role.code());
                let text = &app.status.as_ref().expect("status").text;
                assert!(
                    text.contains(info.en) && text.contains(info.action.needs().least_role().code()),
                    "{}: {text}",
                    info.name
                );
                assert!(requests.is_empty() && app.form.is_none(), "{} did something for a {}", info.name, role.code());
                assert!(!requests.iter().any(|r| matches!(r, Request::Write { .. })));
            }
        }
        let expected = actions().iter().filter(|i| !role.can(i.action.needs())).count();
        assert_eq!(refused, expected);
        if role == OperatorRole::Viewer {
            assert!(refused > 20, "a viewer may only look");
        }
        if role >= OperatorRole::Supervisor {
            assert_eq!(refused, 0, "nothing in the dashboard needs more than a supervisor yet");
        }

        // The help overlay and the palette list exactly what the role may do.
        let help: String = anjian::tui::views::help_lines(&h.app).iter().map(|l| l.to_string()).collect();
        let palette = anjian::tui::app_palette::palette_matches("", Lang::En, role, h.app.screen.context());
        for info in actions() {
            let may = role.can(info.action.needs());
            assert_eq!(help.contains(info.name), may, "{} in the help of a {}", info.name, role.code());
            assert_eq!(palette.contains(&info.action), may, "{} in the palette of a {}", info.name, role.code());
        }
    }
}

/// The help overlay lists every action under each screen where it works (`n` under Grid,
/// Deadlines, Hazards, Alarms and Tip-offs), and a key does nothing on a screen where none of its
/// actions works (no refusal meant for another screen).
#[test]
fn help_lists_each_action_under_every_screen_it_works_on() {
    let (_d, mut h) = common::demo_app(Lang::En, None, 120, 40);
    h.app.operator.as_mut().expect("op").role = OperatorRole::Admin;
    let help: Vec<String> = anjian::tui::views::help_lines(&h.app).iter().map(|l| l.to_string()).collect();
    // The help is sections: a heading line, then indented action lines.
    let mut sections: Vec<(String, Vec<String>)> = Vec::new();
    for line in help {
        if line.starts_with(' ') {
            if let Some((_, lines)) = sections.last_mut() {
                lines.push(line);
            }
        } else {
            sections.push((line, Vec::new()));
        }
    }
    let heading = |c: Context| match c {
        Context::Global => "Everywhere",
        Context::Navigation => "Lists and tree",
        Context::Grid => "Grid screen",
        Context::Deadlines => "Deadlines",
        Context::Hazards => "Hazards",
        Context::Tipoffs => "Tip-offs",
        Context::Alarms => "Alarms",
        Context::Checklist => "Checklist",
        Context::Duty => "Duty",
    };
    for info in actions() {
        for c in info.contexts {
            let (_, lines) = sections
                .iter()
                .find(|(h, _)| h.trim() == heading(*c))
                .unwrap_or_else(|| panic!("no help section {:?}: {sections:?}", heading(*c)));
            assert!(lines.iter().any(|l| l.ends_with(info.name)), "{} missing under {:?}", info.name, c);
        }
    }
    let new_hazard = sections.iter().filter(|(_, lines)| lines.iter().any(|l| l.ends_with("hazard.new"))).count();
    assert_eq!(new_hazard, 5, "n works on five screens");

    // `x` on the Overview means nothing there: no refusal, nothing sent.
    h.app.operator.as_mut().expect("op").role = OperatorRole::Viewer;
    h.key(ratatui::crossterm::event::KeyCode::Char('1'));
    h.app.status = None;
    h.key(ratatui::crossterm::event::KeyCode::Char('x'));
    assert!(h.app.status.is_none(), "{:?}", h.app.status);
    // From the palette an action can be chosen where it does not work: it says so, sends nothing.
    h.app.operator.as_mut().expect("op").role = OperatorRole::Admin;
    let requests = h.app.perform(anjian::tui::action::Action::NewHazard);
    assert!(requests.is_empty());
    assert!(h.app.status.as_ref().is_some_and(|s| s.error && s.text == "Not available here"), "{:?}", h.app.status);
}

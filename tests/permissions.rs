//! The role table, tested from itself: every action × every role on the demo office. An action
//! the role lacks is refused with a message naming the role, the action and the role it needs,
//! and sends nothing to the store; the help overlay and the palette list exactly what the role
//! may do.

mod common;

use anjian::domain::OperatorRole;
use anjian::i18n::Lang;
use anjian::tui::action::{ACTIONS, Context};
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
        for info in ACTIONS {
            let app = &mut h.app;
            app.form = None;
            app.overlay = Overlay::None;
            app.status = None;
            app.quit = false;
            app.screen = screen_of(info.context);
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
        let expected = ACTIONS.iter().filter(|i| !role.can(i.action.needs())).count();
        assert_eq!(refused, expected);
        if role == OperatorRole::Viewer {
            assert!(refused > 20, "a viewer may only look");
        }
        if role >= OperatorRole::Supervisor {
            assert_eq!(refused, 0, "nothing in the dashboard needs more than a supervisor yet");
        }

        // The help overlay and the palette list exactly what the role may do.
        let help: String = anjian::tui::views::help_lines(&h.app).iter().map(|l| l.to_string()).collect();
        let palette = anjian::tui::app::palette_matches("", Lang::En, role);
        for info in ACTIONS {
            let may = role.can(info.action.needs());
            assert_eq!(help.contains(info.name), may, "{} in the help of a {}", info.name, role.code());
            assert_eq!(palette.contains(&info.action), may, "{} in the palette of a {}", info.name, role.code());
        }
    }
}

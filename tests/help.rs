//! The help is about the screen in front of the operator: it opens at that screen's keys and
//! list marks, pages without closing, searches, and the bottom bar shows the screen's own keys.

mod common;

use anjian::i18n::Lang;
use anjian::tui::app::Overlay;
use ratatui::crossterm::event::KeyCode;

fn help(h: &anjian::tui::headless::Headless) -> Vec<String> {
    h.app.help_lines().iter().map(|l| l.to_string()).collect()
}

fn scroll(h: &anjian::tui::headless::Headless) -> usize {
    match &h.app.overlay {
        Overlay::Help { scroll, .. } => *scroll,
        other => panic!("the help is not open: {other:?}"),
    }
}

#[test]
fn the_help_opens_at_the_screen_in_front_and_pages_and_searches() {
    let (_d, mut h) = common::demo_app(Lang::Zh, None, 120, 40);
    h.key(KeyCode::Char('6'));
    assert!(h.screen().lines().last().is_some_and(|l| l.contains("a 确认告警")), "the bottom bar: {}", h.screen());
    h.key(KeyCode::Char('?'));
    let lines = help(&h);
    assert_eq!(lines[0], "告警", "the Alarms keys come first");
    assert!(lines[1].contains("确认告警") || lines.iter().take(12).any(|l| l.contains("alarm.acknowledge")));
    assert!(h.screen().contains("alarm.acknowledge"), "{}", h.screen());

    // It pages, and keys other than its own do not close it.
    h.key(KeyCode::PageDown);
    assert!(scroll(&h) > 0);
    h.key(KeyCode::Char('G'));
    let bottom = scroll(&h);
    assert!(bottom >= 1 && bottom + h.app.help_rows() >= lines.len(), "{bottom}");
    h.key(KeyCode::Char('x'));
    assert_eq!(scroll(&h), bottom, "a stray key neither closes nor moves it");
    h.key(KeyCode::Char('g'));
    assert_eq!(scroll(&h), 0);

    // `/` searches the actions.
    h.key(KeyCode::Char('/')).type_text("派发");
    let found = help(&h);
    assert!(found.iter().any(|l| l.ends_with("alarm.dispatch")), "{found:?}");
    assert!(!found.iter().any(|l| l.ends_with("alarm.acknowledge")), "{found:?}");
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("搜索：派发"), "{}", h.screen());
    h.key(KeyCode::Esc);
    assert!(matches!(h.app.overlay, Overlay::None));

    // The Hazards list's marks are explained under its keys.
    h.key(KeyCode::Char('4')).key(KeyCode::Char('?'));
    let lines = help(&h);
    assert_eq!(lines[0], "隐患");
    let marks = lines.iter().position(|l| l.contains("列表中的标记")).expect("the marks");
    let global = lines.iter().position(|l| l == "全局").expect("everywhere");
    assert!(marks < global, "the marks follow the screen's keys");
    assert!(lines.iter().any(|l| l.contains("挂牌督办")));
}

#[test]
fn long_descriptions_wrap_inside_the_help_at_80_columns() {
    let (_d, mut h) = common::demo_app(Lang::En, None, 80, 24);
    h.key(KeyCode::Char('3')).key(KeyCode::Char('?'));
    let lines = help(&h);
    let width = anjian::tui::help_text::overlay_width(80) as usize - 2;
    for l in &lines {
        assert!(unicode_width::UnicodeWidthStr::width(l.as_str()) <= width, "{l:?} is wider than {width}");
    }
    // "Only the item's grid (hazards: then its community)" does not fit one line: it continues.
    let at = lines.iter().position(|l| l.contains("Only the item")).expect("o");
    assert!(lines[at + 1].trim_end().ends_with("list.only_grid") || lines[at].ends_with("list.only_grid"));
    assert!(!lines.iter().any(|l| l.contains("..")), "nothing is cut: {lines:#?}");
}

//! Enter (or `v`) opens the whole text of the record in the detail pane: a long tip-off or CAP
//! instruction is read to its last character, wrapped, scrolled, and Esc returns to the list.

mod common;

use anjian::i18n::Lang;
use anjian::tui::app::Overlay;
use anjian::tui::headless::Headless;
use ratatui::crossterm::event::KeyCode;

/// A tip-off text far longer than any pane, ending in a marker the test looks for.
fn long_text() -> String {
    let mut s = "东风路十二号仓库内堆放大量纸箱，消防通道被占用，夜间有人员在库内住宿。".repeat(12);
    s.push_str("末尾标记");
    s
}

/// Opens the Tip-offs screen and gives the selected tip-off the long text; its id.
fn long_tipoff(h: &mut Headless) -> i64 {
    h.key(KeyCode::Char('5'));
    let id = h.app.screens.tipoffs.selected().map(|t| t.id).expect("a tip-off");
    h.store()
        .conn()
        .execute("UPDATE tipoff SET description = ?1, version = version + 1 WHERE id = ?2", (long_text(), id))
        .expect("update");
    h.key(KeyCode::Char('r'));
    id
}

fn scroll(h: &Headless) -> usize {
    match &h.app.overlay {
        Overlay::Text { scroll, .. } => *scroll,
        other => panic!("the full view is not open: {other:?}"),
    }
}

#[test]
fn enter_opens_the_whole_tipoff_and_it_scrolls_to_the_end() {
    let (_d, mut h) = common::demo_app(Lang::Zh, None, 80, 24);
    let id = long_tipoff(&mut h);
    let pane = h.screen();
    assert!(!pane.contains("末尾标记"), "the pane cannot hold it all:\n{pane}");
    h.key(KeyCode::Enter);
    let text = h.app.text_lines().concat();
    assert_eq!(text.matches("消防通道被占用").count(), 12, "every character is there, wrapped not cut");
    assert!(text.ends_with("末尾标记") || text.contains("末尾标记"));
    let first = h.screen();
    assert!(first.contains(&format!("#{id}")), "{first}");
    let inside: Vec<&str> = first.lines().filter(|l| l.starts_with("│ │")).collect();
    assert!(inside.len() > 10 && inside.iter().all(|l| !l.contains("..")), "nothing is cut:\n{first}");
    h.key(KeyCode::Char('G'));
    assert!(scroll(&h) > 0);
    assert!(h.screen().contains("末尾标记"), "{}", h.screen());
    h.key(KeyCode::Char('x'));
    assert!(matches!(h.app.overlay, Overlay::Text { .. }), "a stray key does not close it");
    h.key(KeyCode::Esc);
    assert!(matches!(h.app.overlay, Overlay::None));
    assert_eq!(h.app.screens.tipoffs.selected().map(|t| t.id), Some(id), "back on the same tip-off");
}

#[test]
fn v_and_enter_read_the_alarm_hazard_checklist_and_duty_texts() {
    let (_d, mut h) = common::demo_app(Lang::En, None, 120, 40);
    // An alarm: the instruction the pane cuts is there in full.
    h.key(KeyCode::Char('6'));
    let pane = h.app.screens.alarms.current().cloned().expect("an alarm's detail");
    h.key(KeyCode::Char('v'));
    let text = h.app.text_lines().concat();
    let instruction: String = pane.detail.instruction.split_whitespace().collect();
    assert!(text.split_whitespace().collect::<String>().contains(&instruction), "{text}");
    h.key(KeyCode::Esc).key(KeyCode::Enter);
    assert!(matches!(h.app.overlay, Overlay::Text { .. }), "Enter on an alarm row reads it too");
    h.key(KeyCode::Esc);

    // A hazard: its description and measures.
    h.key(KeyCode::Char('4')).key(KeyCode::Enter);
    let hz = h.app.screens.hazards.selected().cloned().expect("a hazard");
    let text = h.app.text_lines().join(" ");
    assert!(text.contains(hz.description.split_whitespace().next().unwrap_or("")), "{text}");
    h.key(KeyCode::Esc);

    // A checklist item: its whole title and the rule it is scored by.
    h.key(KeyCode::Char('7')).key(KeyCode::Char('v'));
    let item = h.app.screens.checklist.selected().cloned().expect("an item");
    let text: String = h.app.text_lines().concat().split_whitespace().collect();
    let title: String = item.title.split_whitespace().collect();
    assert!(text.contains(&title), "{text}");
    h.key(KeyCode::Esc);

    // A duty log entry written just now.
    h.key(KeyCode::Char('8'));
    if h.app.screens.duty.selected().is_some() {
        h.key(KeyCode::Char('v'));
        let e = h.app.screens.duty.selected().cloned().expect("an entry");
        let text: String = h.app.text_lines().concat().split_whitespace().collect();
        assert!(text.contains(&e.text.split_whitespace().collect::<String>()), "{text}");
    }
}

#[test]
fn the_full_view_snapshots() {
    for (lang, tag) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        for (w, hgt) in [(80, 24), (120, 40)] {
            let (_d, mut h) = common::demo_app(lang, None, w, hgt);
            long_tipoff(&mut h);
            h.key(KeyCode::Enter);
            insta::assert_snapshot!(format!("full_text_tipoff_{tag}_{w}x{hgt}"), h.screen());
        }
    }
}

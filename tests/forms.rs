//! Forms that keep what was typed and find what they ask for: a new hazard on the Hazards screen
//! asks for its unit, the dispatch picker finds an officer by name, grid or phone and the alarm then
//! says who did what and when, Ctrl-C asks before losing a form's text, the palette never starts
//! on quitting, and a hazard names the alarm it came from.

mod common;

use anjian::i18n::Lang;
use anjian::tui::app::{Msg, Overlay};
use anjian::tui::headless::Headless;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

fn save(h: &mut Headless) {
    h.key_with(KeyCode::Char('s'), KeyModifiers::CONTROL);
}

fn one(h: &Headless, sql: &str) -> i64 {
    h.store().conn().query_row(sql, [], |r| r.get(0)).expect(sql)
}

#[test]
fn a_new_hazard_on_the_hazards_screen_asks_for_its_unit() {
    let (_d, mut h) = common::demo_app(Lang::Zh, None, 120, 40);
    let (unit_id, name): (i64, String) = h
        .store()
        .conn()
        .query_row("SELECT id, name FROM unit ORDER BY id DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("a unit");
    let selected_unit = {
        h.key(KeyCode::Char('4'));
        h.app.screens.hazards.selected().map(|x| x.unit_id).expect("a hazard")
    };
    assert_ne!(selected_unit, unit_id, "the test picks another unit than the selected row's");
    h.key(KeyCode::Char('n'));
    assert!(h.screen().contains("先找到隐患所在单位"), "{}", h.screen());
    // Saving before a unit is found says so and stores nothing.
    let before = one(&h, "SELECT count(*) FROM hazard");
    h.key(KeyCode::Enter);
    assert!(h.app.form.as_ref().and_then(|(f, _)| f.error.clone()).is_some_and(|e| e.contains("没有选中单位")));
    h.type_text(&name);
    assert!(h.screen().contains(&format!("→ {name}")), "the unit is found: {}", h.screen());
    h.key(KeyCode::Tab).type_text("配电箱前堆放纸箱");
    save(&mut h);
    assert!(h.app.form.is_none(), "{}", h.screen());
    assert_eq!(one(&h, "SELECT count(*) FROM hazard"), before + 1);
    assert_eq!(one(&h, "SELECT unit_id FROM hazard ORDER BY id DESC LIMIT 1"), unit_id, "at the unit picked");
    let said = h.app.status.clone().expect("said");
    assert!(said.text.contains(&name), "{said:?}");
}

#[test]
fn the_dispatch_picker_finds_by_grid_and_the_alarm_says_who_and_when() {
    let (_d, mut h) = common::demo_app(Lang::Zh, None, 120, 40);
    h.key(KeyCode::Char('6'));
    let id = h.app.screens.alarms.selected().map(|a| a.id).expect("an alarm");
    h.key(KeyCode::Char('a'));
    // An officer who serves some grid, found by that grid's name rather than scrolled to.
    let (officer, grid): (i64, String) = h
        .store()
        .conn()
        .query_row(
            "SELECT o.id, g.name FROM officer o JOIN officer_grid og ON og.officer_id = o.id JOIN grid g ON g.id = og.grid_id
             JOIN community c ON c.id = g.community_id ORDER BY o.id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("an officer with a grid");
    let (name, phone): (String, String) = h
        .store()
        .conn()
        .query_row("SELECT name, phone FROM officer WHERE id = ?1", [officer], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("officer");
    h.key(KeyCode::Char('d'));
    // The list under the form shows role, grid and phone.
    let screen = h.screen();
    assert!(screen.contains("网格") && screen.contains("[本网格]"), "{screen}");
    h.type_text(&phone);
    assert_eq!(h.app.form.as_ref().map(|(f, _)| f.picked(0).0), Some(Some(officer)), "found by phone");
    h.key_with(KeyCode::Char('u'), KeyModifiers::CONTROL).type_text(&format!("{name} {grid}"));
    assert_eq!(h.app.form.as_ref().map(|(f, _)| f.picked(0).0), Some(Some(officer)), "found by name and grid");
    h.key(KeyCode::Tab).type_text("请到现场核实");
    h.key(KeyCode::Enter);
    assert!(h.app.form.is_none(), "Enter saves: {}", h.screen());
    assert_eq!(one(&h, &format!("SELECT officer_id FROM alarm WHERE id = {id}")), officer);
    let said = h.app.status.clone().expect("said");
    assert!(said.text.contains(&format!("#{id}")) && said.text.contains(&name), "{said:?}");
    // The detail says who acknowledged and dispatched, when, to whom, with the note.
    let pane = h.app.screens.alarms.current().cloned().expect("detail");
    let steps: Vec<(&str, Option<&str>)> = pane.steps.iter().map(|s| (s.to.as_str(), s.officer.as_deref())).collect();
    assert_eq!(steps, [("acknowledged", None), ("dispatched", Some(name.as_str()))]);
    let screen = h.screen();
    assert!(screen.contains("处置经过"), "{screen}");
    assert!(screen.contains(&format!("09:30 演示值班员 派发给 {name}：请到现场核实")), "{screen}");
    assert!(screen.contains("09:30 演示值班员 已确认"), "{screen}");
}

#[test]
fn ctrl_c_asks_before_a_form_loses_its_text_and_the_palette_never_starts_on_quit() {
    let (_d, mut h) = common::demo_app(Lang::Zh, None, 80, 24);
    h.key(KeyCode::Char('8')).key(KeyCode::Char('+')).key(KeyCode::Tab).type_text("接到来电");
    h.key_with(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(!h.app.quit, "the typed text is not lost at once");
    assert!(h.screen().contains("再按 Ctrl-C 退出"), "{}", h.screen());
    h.type_text("，已转告网格员");
    assert!(h.app.form.as_ref().and_then(|(f, _)| f.error.clone()).is_none(), "another key takes the question back");
    // Pasted text goes in whole; its line breaks stay in the editor and save nothing.
    let reqs = h.app.update(Msg::Paste("\n第二行".into()));
    h.settle(reqs);
    assert!(h.app.form.is_some());
    assert_eq!(h.app.form.as_ref().map(|(f, _)| f.text(1)), Some("接到来电，已转告网格员\n第二行".to_string()));
    h.key_with(KeyCode::Char('c'), KeyModifiers::CONTROL).key_with(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(h.app.quit, "asked once, the second Ctrl-C quits");

    // The palette opens on the screen's own actions; Enter at once does not quit.
    let (_d, mut h) = common::demo_app(Lang::Zh, None, 80, 24);
    h.key(KeyCode::Char('6')).key(KeyCode::Char(':'));
    assert!(matches!(h.app.overlay, Overlay::Palette { .. }));
    let first = anjian::tui::app_palette::palette_matches("", Lang::Zh, h.app.role(), h.app.screen.context());
    assert_ne!(first.first(), Some(&anjian::tui::action::Action::Quit));
    assert_eq!(first.last(), Some(&anjian::tui::action::Action::Quit), "quitting comes last");
    h.key(KeyCode::Enter);
    assert!(!h.app.quit);
}

#[test]
fn a_hazard_from_an_alarm_names_it() {
    let (_d, mut h) = common::demo_app(Lang::Zh, None, 120, 40);
    h.key(KeyCode::Char('6'));
    // The first alarm with a unit and no hazard yet.
    let mut tries = 0;
    while h.app.screens.alarms.selected().is_none_or(|a| a.unit_id.is_none() || a.hazard_id.is_some()) && tries < 60 {
        h.key(KeyCode::Char('j'));
        tries += 1;
    }
    let alarm = h.app.screens.alarms.selected().map(|a| a.id).expect("an alarm at a unit");
    h.key(KeyCode::Char('n'));
    save(&mut h);
    assert!(h.app.form.is_none(), "{}", h.screen());
    let hazard = one(&h, &format!("SELECT hazard_id FROM alarm WHERE id = {alarm}"));
    let stored = anjian::store::hazards::get(h.store().conn(), hazard).expect("get").expect("hazard");
    assert_eq!(stored.origin, Some(anjian::store::hazards::Origin::Alarm(alarm)));
    h.key(KeyCode::Char('4')).key(KeyCode::Char('f')).key(KeyCode::Char('f')).key(KeyCode::Char('f'));
    while h.app.screens.hazards.selected().is_some_and(|x| x.id != hazard) {
        h.key(KeyCode::Char('j'));
    }
    assert!(h.screen().contains(&format!("来自告警 #{alarm}")), "{}", h.screen());
    // O goes there: the Alarms screen with just that alarm; Esc shows the open ones again.
    h.key(KeyCode::Char('O'));
    assert_eq!(h.app.screen, anjian::tui::app::Screen::Alarms);
    assert_eq!(h.app.screens.alarms.records.list.total, 1);
    assert_eq!(h.app.screens.alarms.selected().map(|a| a.id), Some(alarm));
    assert!(h.screen().contains(&format!("仅 #{alarm}")), "{}", h.screen());
    h.key(KeyCode::Esc);
    assert!(h.app.screens.alarms.records.list.total > 1);
}

#[test]
fn a_hazard_from_a_tip_off_goes_back_to_it() {
    let (_d, mut h) = common::demo_app(Lang::Zh, None, 120, 40);
    // The substantiated tip-off opens a hazard at its unit.
    h.key(KeyCode::Char('5'));
    let tipoff = h.app.screens.tipoffs.selected().map(|t| t.id).expect("a tip-off");
    h.key(KeyCode::Char('n'));
    save(&mut h);
    assert!(h.app.form.is_none(), "{}", h.screen());
    let hazard = one(&h, &format!("SELECT hazard_id FROM tipoff WHERE id = {tipoff}"));
    h.key(KeyCode::Char('4')).key(KeyCode::Char('f')).key(KeyCode::Char('f')).key(KeyCode::Char('f'));
    while h.app.screens.hazards.selected().is_some_and(|x| x.id != hazard) {
        h.key(KeyCode::Char('j'));
    }
    assert!(h.screen().contains(&format!("来自举报 #{tipoff}")), "{}", h.screen());
    h.key(KeyCode::Char('O'));
    assert_eq!(h.app.screen, anjian::tui::app::Screen::Tipoffs);
    assert_eq!(h.app.screens.tipoffs.selected().map(|t| t.id), Some(tipoff));
    assert_eq!(h.app.screens.tipoffs.records.list.total, 1);
}

/// The dispatch picker, the alarm's steps after it, the new hazard's unit picker and the help on
/// the Alarms screen, at 80x24 and 120x40 in both languages.
#[test]
fn snapshots_of_the_pickers_the_steps_and_the_help() {
    for (lang, tag) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        for (w, hgt) in [(80, 24), (120, 40)] {
            let (_d, mut h) = common::demo_app(lang, None, w, hgt);
            h.key(KeyCode::Char('6')).key(KeyCode::Char('a')).key(KeyCode::Char('d'));
            insta::assert_snapshot!(format!("dispatch_picker_{tag}_{w}x{hgt}"), h.screen());
            h.key(KeyCode::Tab).type_text(if tag == "zh" { "请到现场核实" } else { "please check on site" });
            h.key(KeyCode::Enter);
            h.key(KeyCode::Esc);
            insta::assert_snapshot!(format!("alarm_steps_{tag}_{w}x{hgt}"), h.screen());
            h.key(KeyCode::Char('?'));
            insta::assert_snapshot!(format!("help_alarms_{tag}_{w}x{hgt}"), h.screen());
            h.key(KeyCode::Esc).key(KeyCode::Char('4')).key(KeyCode::Char('n')).type_text("加油站");
            insta::assert_snapshot!(format!("new_hazard_unit_{tag}_{w}x{hgt}"), h.screen());
        }
    }
}

//! Screens drawn on a TestBackend from the real app on the demo office, compared with reviewed
//! insta snapshots: Overview and Grid at 80x24 and 120x40, Chinese and English, and monochrome.

mod common;

use anjian::i18n::Lang;
use anjian::tui::headless::Headless;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use ratatui::style::Color;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];
const LANGS: [(Lang, &str); 2] = [(Lang::Zh, "zh"), (Lang::En, "en")];

fn snap(name: &str, h: &mut Headless) {
    insta::assert_snapshot!(name, h.screen());
}

/// Opens the Grid screen and walks to the third unit of the first grid, so the detail pane shows.
fn to_unit(h: &mut Headless) {
    h.key(KeyCode::Char('2')).key(KeyCode::Char('j')).key(KeyCode::Enter);
    h.key(KeyCode::Char('j')).key(KeyCode::Char('j')).key(KeyCode::Char('j'));
}

#[test]
fn overview_and_grid_in_both_languages_and_sizes() {
    for (w, hgt) in SIZES {
        for (lang, tag) in LANGS {
            let (_d, mut h) = common::demo_app(lang, None, w, hgt);
            snap(&format!("overview_{tag}_{w}x{hgt}"), &mut h);
            to_unit(&mut h);
            snap(&format!("grid_{tag}_{w}x{hgt}"), &mut h);
        }
    }
}

#[test]
fn monochrome_theme_carries_meaning_without_colour() {
    for (lang, tag) in LANGS {
        let (_d, mut h) = common::demo_app(lang, Some("mono"), 80, 24);
        snap(&format!("mono_overview_{tag}"), &mut h);
        to_unit(&mut h);
        snap(&format!("mono_grid_{tag}"), &mut h);
        let buf = h.render().clone();
        for cell in buf.content() {
            assert!(matches!(cell.fg, Color::Reset) && matches!(cell.bg, Color::Reset), "mono drew a colour: {cell:?}");
        }
        // The risk level is readable as text in the unit rows and the detail pane.
        let screen = h.screen();
        let tags = if lang == Lang::Zh { ["红 ", "橙 ", "黄 ", "蓝 "] } else { ["RED ", "ORG ", "YEL ", "BLU "] };
        assert!(tags.iter().any(|t| screen.contains(t)), "{screen}");
    }
}

#[test]
fn grid_views_map_gaps_filter_help_palette() {
    for (lang, tag) in LANGS {
        let (_d, mut h) = common::demo_app(lang, None, 120, 40);
        to_unit(&mut h);
        h.key(KeyCode::Char('m'));
        snap(&format!("grid_map_{tag}"), &mut h);
        h.key(KeyCode::Char('m')).key(KeyCode::Char('c'));
        snap(&format!("grid_gaps_{tag}"), &mut h);
        h.key(KeyCode::Esc).key(KeyCode::Char('/')).type_text("加油站");
        snap(&format!("grid_filter_{tag}"), &mut h);
        h.key(KeyCode::Enter).key(KeyCode::Char('?'));
        snap(&format!("help_{tag}"), &mut h);
        // The palette finds an action by its words in the operator's language (or its name).
        h.key(KeyCode::Esc).key(KeyCode::Char(':')).type_text(if tag == "zh" { "地图" } else { "map" });
        snap(&format!("palette_{tag}"), &mut h);
    }
}

#[test]
fn too_small_and_sign_in() {
    for (lang, tag) in LANGS {
        let (_d, mut h) = common::demo_app(lang, None, 80, 24);
        h.resize(79, 24);
        snap(&format!("too_small_{tag}"), &mut h);
        let screen = h.screen();
        assert!(screen.contains("79x24"), "{screen}");

        let demo = common::demo_copy();
        let store = common::open(&demo.path);
        let app = anjian::tui::build_app(&anjian::config::Config::default(), lang, None, (80, 24)).expect("app");
        let mut h = Headless::new(app, store, 80, 24);
        h.type_text("演示值班员").key(KeyCode::Tab).type_text("12");
        snap(&format!("signin_{tag}"), &mut h);
        assert!(!h.screen().contains("云溪"), "no office data is drawn before sign-in");
    }
}

#[test]
fn sign_in_with_wrong_then_right_pin() {
    let demo = common::demo_copy();
    let store = common::open(&demo.path);
    let app = anjian::tui::build_app(&anjian::config::Config::default(), Lang::En, None, (80, 24)).expect("app");
    let mut h = Headless::new(app, store, 80, 24);
    h.type_text("演示值班员").key(KeyCode::Enter).type_text("999999").key(KeyCode::Enter);
    assert!(h.screen().contains("Wrong name or PIN"));
    assert!(h.app.operator.is_none());
    h.type_text("000000").key(KeyCode::Enter);
    assert_eq!(h.app.operator.as_ref().map(|o| o.name.as_str()), Some("演示值班员"));
    assert!(h.screen().contains("云溪街道"), "the dashboard opens after sign-in");
}

#[test]
fn filter_finds_a_unit_by_uscc_and_shows_its_detail() {
    let (_d, mut h) = common::demo_app(Lang::Zh, None, 120, 40);
    let (uscc, name): (String, String) = h
        .store()
        .conn()
        .query_row(
            "SELECT uscc, name FROM unit WHERE sector = 'fire_key_unit' AND uscc IS NOT NULL ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("a fire key unit");
    h.key(KeyCode::Char('/')).type_text(&uscc).key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("筛选结果：1 家"), "{screen}");
    assert!(screen.contains(&uscc) && screen.contains(&name), "{screen}");
    assert!(screen.contains("五包一"), "a fire key unit shows its team: {screen}");
    // Esc leaves the filter list and returns to the tree.
    h.key(KeyCode::Esc);
    assert!(h.screen().contains("社区 > 网格 > 单位"));
}

#[test]
fn navigation_keys_do_what_help_says() {
    let (_d, mut h) = common::demo_app(Lang::En, None, 80, 24);
    h.key(KeyCode::Tab);
    assert_eq!(h.app.screen, anjian::tui::app::Screen::Grid);
    h.key(KeyCode::BackTab);
    assert_eq!(h.app.screen, anjian::tui::app::Screen::Overview);
    h.key(KeyCode::Char('2')).key(KeyCode::Char('G'));
    assert_eq!(h.app.screens.grid.tree_sel, h.app.screens.grid.rows.len() - 1, "G goes to the bottom");
    h.key(KeyCode::Char('g'));
    assert_eq!(h.app.screens.grid.tree_sel, 0);
    h.key(KeyCode::Char('h'));
    assert_eq!(
        h.app.screens.grid.rows.len(),
        9,
        "collapsing the first community leaves 8 communities and the no-grid node"
    );
    h.key(KeyCode::Char('/')).type_text("q");
    assert!(!h.app.quit, "q is typed into the filter, not taken as quit");
    assert_eq!(h.app.filter.as_ref().map(|i| i.value().to_string()), Some("q".into()));
    h.key_with(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(h.app.quit, "ctrl-c quits even while typing a filter");
}

#[test]
fn deadlines_and_hazards_in_both_languages_and_sizes() {
    for (w, hgt) in SIZES {
        for (lang, tag) in LANGS {
            let (_d, mut h) = common::demo_app(lang, None, w, hgt);
            h.key(KeyCode::Char('3'));
            snap(&format!("deadlines_{tag}_{w}x{hgt}"), &mut h);
            h.key(KeyCode::Char('4'));
            snap(&format!("hazards_{tag}_{w}x{hgt}"), &mut h);
        }
    }
}

#[test]
fn deadline_filters_and_the_calendar() {
    for (lang, tag) in LANGS {
        let (_d, mut h) = common::demo_app(lang, None, 120, 40);
        h.key(KeyCode::Char('3')).key(KeyCode::Char('f'));
        snap(&format!("deadlines_week_{tag}"), &mut h);
        let total_week = h.app.screens.deadlines.records.list.total;
        h.key(KeyCode::Char('f')).key(KeyCode::Char('f'));
        assert!(
            h.app.screens.deadlines.records.list.rows.iter().all(|d| d.due < common::today()),
            "the overdue window shows only overdue items"
        );
        h.key(KeyCode::Char('f')).key(KeyCode::Char('t')).key(KeyCode::Char('t')).key(KeyCode::Char('t'));
        snap(&format!("deadlines_hazards_only_{tag}"), &mut h);
        assert!(
            h.app
                .screens
                .deadlines
                .records
                .list
                .rows
                .iter()
                .all(|d| d.kind == anjian::domain::deadline::DeadlineKind::Hazard)
        );
        assert!(total_week > 0);
    }
}

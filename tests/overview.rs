//! The Overview's figures open their lists: Enter on a figure shows the screen that holds those
//! records, filtered so that its count is the figure.

mod common;

use anjian::i18n::{Lang, T};
use anjian::tui::app::Screen;
use anjian::tui::headless::Headless;
use ratatui::crossterm::event::KeyCode;

/// Moves the Overview's cursor to the figure labelled `label` and presses Enter.
fn open(h: &mut Headless, label: T) -> i64 {
    h.key(KeyCode::Char('1')).key(KeyCode::Char('g'));
    let figures = anjian::tui::screens::overview::figures::figures(&h.app.screens.overview, h.app.lang);
    let at = figures.iter().position(|f| f.label == label).expect("the figure");
    for _ in 0..at {
        h.key(KeyCode::Char('j'));
    }
    assert!(h.screen().lines().any(|l| l.starts_with("│>") && l.contains(label.get(h.app.lang))), "{}", h.screen());
    h.key(KeyCode::Enter);
    figures[at].n
}

#[test]
fn each_figure_opens_its_list_with_the_same_count() {
    let (_d, mut h) = common::demo_app(Lang::Zh, None, 80, 24);
    let n = open(&mut h, T::OverdueHazards);
    assert_eq!(h.app.screen, Screen::Hazards);
    assert_eq!(h.app.screens.hazards.records.list.total as i64, n, "逾期未整改 → the overdue hazards");
    assert!(n > 0);

    let n = open(&mut h, T::OpenMajor);
    assert_eq!(h.app.screen, Screen::Hazards);
    assert!(h.app.screens.hazards.major_only);
    assert_eq!(h.app.screens.hazards.records.list.total as i64, n);

    let n = open(&mut h, T::TipoffsOverdue);
    assert_eq!(h.app.screen, Screen::Tipoffs);
    assert_eq!(h.app.screens.tipoffs.records.list.total as i64, n);

    let n = open(&mut h, T::DeadlinesOverdue);
    assert_eq!(h.app.screen, Screen::Deadlines);
    assert_eq!(h.app.screens.deadlines.records.list.total as i64, n);

    open(&mut h, T::OpenAlarms);
    assert_eq!(h.app.screen, Screen::Alarms);
    let by_level: i64 = h.app.screens.overview.alarms.open_by_level.iter().sum();
    assert_eq!(h.app.screens.alarms.records.list.total as i64, by_level);

    open(&mut h, T::ChecklistQuarter);
    assert_eq!(h.app.screen, Screen::Checklist);
    open(&mut h, T::CoverageGaps);
    assert_eq!(h.app.screen, Screen::Grid);

    // A rate opens nothing and says so.
    open(&mut h, T::OnTimeRate);
    assert_eq!(h.app.screen, Screen::Overview);
    assert!(h.app.status.as_ref().is_some_and(|s| s.text.contains("没有对应的列表")));
}

/// `z` on Deadlines groups the list by kind and state with counts; Enter lists one group.
#[test]
fn deadlines_group_by_kind_and_state() {
    for (lang, tag) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        for (w, hgt) in [(80, 24), (120, 40)] {
            let (_d, mut h) = common::demo_app(lang, None, w, hgt);
            h.key(KeyCode::Char('3'));
            let total = h.app.screens.deadlines.records.list.total as i64;
            h.key(KeyCode::Char('z'));
            let groups = h.app.screens.deadlines.groups.clone();
            assert!(groups.len() >= 3, "{groups:?}");
            assert_eq!(groups.iter().map(|g| g.n).sum::<i64>(), total, "the groups add up to the list");
            assert!(groups[0].overdue, "overdue first");
            insta::assert_snapshot!(format!("deadlines_grouped_{tag}_{w}x{hgt}"), h.screen());
            let first = groups[0];
            h.key(KeyCode::Enter);
            assert!(!h.app.screens.deadlines.grouped);
            assert_eq!(h.app.screens.deadlines.records.list.total as i64, first.n, "the group's items listed");
            assert!(h.app.screens.deadlines.records.list.rows.iter().all(|d| d.due < common::today()));
        }
    }
}

/// From November a missing next-year holiday calendar is said on the Overview, and a due date in
/// that year carries `~` on Deadlines (moved past weekends only); a calendar with the year says
/// nothing.
#[test]
fn a_missing_next_year_of_holidays_is_said() {
    let (_d, mut h) = common::demo_app(Lang::Zh, None, 120, 40);
    h.key(KeyCode::Char('1'));
    assert!(h.screen().contains("2027年节假日安排未载入"), "{}", h.screen());
    // The list's end is in 2027: its dates are marked; its start (2025, 2026) is not.
    h.key(KeyCode::Char('3')).key(KeyCode::Char('G'));
    let selected = h.app.screens.deadlines.selected().cloned().expect("the last item");
    assert_eq!(selected.due.format("%Y").to_string(), "2027");
    assert!(h.screen().contains(&format!("{}~", selected.due.format("%m-%d"))), "{}", h.screen());
    h.key(KeyCode::Char('g'));
    let top = h.screen();
    // The list (the left pane) marks nothing at its start; the detail pane says why ~ appears.
    assert!(!top.lines().skip(2).any(|l| l.split("││").next().is_some_and(|list| list.contains('~'))), "{top}");
    assert!(top.contains("2027年节假日未载入：带~的日期只避开周末"), "{top}");
}

/// The Overview's checklist figure counts what the Checklist screen and the report count: the
/// office's main plan.
#[test]
fn the_overviews_checklist_figure_is_the_main_plans() {
    let (_d, mut h) = common::demo_app(Lang::Zh, None, 120, 40);
    h.key(KeyCode::Char('1'));
    let overview = h.screen();
    h.key(KeyCode::Char('7'));
    let checklist = h.screen();
    let share = checklist
        .split("任务清单 ")
        .nth(1)
        .and_then(|t| t.split_whitespace().nth(1))
        .expect("the Checklist's settled/active count")
        .to_string();
    assert!(overview.contains(&format!("({share})")), "{share} not on the Overview:\n{overview}");
}

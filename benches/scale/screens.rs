//! The dashboard on the district office, headless at 120x40: frames per screen, keystroke to
//! updated frame (scroll, filter, search; the store's work included, as the worker would do it),
//! first frames, and the bytes a real terminal receives per scroll step and per idle minute.

use super::common::app;
use super::stats::{Row, ms, pct};
use anjian::tui::app::Msg;
use anjian::tui::headless::ByteCounter;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::KeyCode;
use std::path::Path;
use std::time::{Duration, Instant};

const FRAME: Duration = Duration::from_millis(8);
const SCROLL: Duration = Duration::from_millis(16);
const SEARCH: Duration = Duration::from_millis(50);
/// Switching to a screen, its data drawn (issue 20's target).
const SWITCH: Duration = Duration::from_millis(50);

const SCREENS: [(char, &str); 8] = [
    ('1', "Overview"),
    ('2', "Grid"),
    ('3', "Deadlines"),
    ('4', "Hazards"),
    ('5', "Tip-offs"),
    ('6', "Alarms"),
    ('7', "Checklist"),
    ('8', "Duty"),
];

fn timed(h: &mut anjian::tui::headless::Headless, keys: &[KeyCode]) -> Duration {
    let t = Instant::now();
    for k in keys {
        h.key(*k);
    }
    h.render();
    t.elapsed()
}

/// Every screen's frame (layout, widgets and the diff against the last frame), 300 times each.
pub fn frames(path: &Path) -> Vec<Row> {
    let mut h = app(path);
    let mut rows = Vec::new();
    for (key, name) in SCREENS {
        let (open, counted) = super::stats::timed_to_page(&mut h, KeyCode::Char(key));
        let v: Vec<Duration> = (0..300)
            .map(|_| {
                let t = Instant::now();
                h.render();
                t.elapsed()
            })
            .collect();
        rows.push(Row::spread(format!("frame 120x40, {name}"), &v, FRAME));
        // Counts a screen asks for after its rows (a search's, the Checklist's figures) follow.
        let figure = if counted > open { format!("{} ({} with its counts)", ms(open), ms(counted)) } else { ms(open) };
        rows.push(Row::within(format!("switch to {name} (key → frame with its data)"), open, figure, SWITCH));
    }
    rows
}

/// Down arrows through a list, each answered with a frame; pages are fetched as they are crossed.
fn scroll(h: &mut anjian::tui::headless::Headless, steps: usize) -> Vec<Duration> {
    (0..steps).map(|_| timed(h, &[KeyCode::Down])).collect()
}

pub fn keystrokes(path: &Path, alarm_unit: &str) -> Vec<Row> {
    let mut h = app(path);
    let mut rows = Vec::new();
    for (key, name) in [('3', "Deadlines"), ('4', "Hazards"), ('5', "Tip-offs"), ('6', "Alarms")] {
        h.key(KeyCode::Char(key));
        h.render();
        let v = scroll(&mut h, 1_000);
        rows.push(Row::spread(format!("scroll step → frame, {name} (1,000 rows down)"), &v, SCROLL));
        let end = timed(&mut h, &[KeyCode::End]);
        rows.push(Row::within(format!("End → frame, {name}"), end, ms(end), SCROLL));
        let home = timed(&mut h, &[KeyCode::Home]);
        rows.push(Row::within(format!("Home → frame, {name}"), home, ms(home), SCROLL));
    }
    // Filters: each key reloads the list (its count included); a list key, held to a frame.
    for (screen, key, name, times) in [
        ('6', 'c', "Alarms level (c)", 5),
        ('6', 'f', "Alarms status (f)", 3),
        ('4', 'f', "Hazards status (f)", 4),
        ('4', 's', "Hazards source (s)", 6),
        ('5', 'c', "Tip-offs channel (c)", 6),
    ] {
        h.key(KeyCode::Char(screen));
        let v: Vec<Duration> = (0..times).map(|_| timed(&mut h, &[KeyCode::Char(key)])).collect();
        rows.push(Row::spread(format!("filter → frame, {name}"), &v, SCROLL));
    }
    // Search: each typed character queries; the figure is the slowest character.
    for (screen, text, name) in [
        ('2', "加油站", "units (加油站)"),
        ('4', "应急照明", "hazards (应急照明)"),
        ('5', "动火", "tip-offs (动火)"),
        ('6', alarm_unit, "alarms by a unit's name"),
        ('6', "粉尘浓度", "alarms (粉尘浓度, a quarter of all)"),
    ] {
        h.key(KeyCode::Char(screen));
        h.key(KeyCode::Char('/'));
        let (v, counted): (Vec<Duration>, Vec<Duration>) =
            text.chars().map(|c| super::stats::timed_to_page(&mut h, KeyCode::Char(c))).unzip();
        // Every keystroke searches what is typed so far: the slowest first page is held to the
        // target (counts may come after the page).
        let (last, slowest) = (v.last().copied().unwrap_or_default(), pct(&v, 1.0));
        rows.push(Row::within(
            format!("search → first page, {name}: slowest of {} keystrokes (the full query; with its count)", v.len()),
            slowest,
            format!("{} ({}; {} with the count)", ms(slowest), ms(last), ms(pct(&counted, 1.0))),
            SEARCH,
        ));
        if screen == '2' {
            let v = scroll(&mut h, 500);
            rows.push(Row::spread("scroll step → frame, units found by search (500 down)", &v, SCROLL));
        }
        h.key(KeyCode::Esc);
    }
    rows
}

/// The dashboard's start on the district: store opened (schema checked), app built, first frame
/// drawn before any data arrives (as the worker thread is still reading), then with all of the
/// Overview's data.
pub fn first_frame(path: &Path) -> Vec<Row> {
    let (mut first, mut full) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        let t = Instant::now();
        let store = anjian::store::Store::open(path).expect("open");
        let op = anjian::store::operators::Operator {
            id: 0,
            name: "bench".into(),
            role: anjian::domain::OperatorRole::Supervisor,
        };
        let mut app =
            anjian::tui::build_app(&Default::default(), anjian::i18n::Lang::Zh, Some(op), (120, 40)).expect("app");
        app.size = (120, 40);
        let pending = app.start();
        let mut term = Terminal::new(ratatui::backend::TestBackend::new(120, 40)).expect("terminal");
        term.draw(|f| anjian::tui::views::draw(f, &app)).expect("draw");
        first.push(t.elapsed());
        let mut backend =
            anjian::tui::worker::Backend::new(store, anjian::domain::calendar::HolidayCalendar::built_in());
        let mut queue: std::collections::VecDeque<_> = pending.into();
        while let Some(r) = queue.pop_front() {
            let reply = backend.execute(r);
            queue.extend(app.update(Msg::Reply(Box::new(reply))));
        }
        term.draw(|f| anjian::tui::views::draw(f, &app)).expect("draw");
        full.push(t.elapsed());
    }
    vec![
        Row::within(
            "start → first frame, in process (open, schema check, first draw)",
            pct(&first, 0.5),
            ms(pct(&first, 0.5)),
            Duration::from_millis(150),
        ),
        Row::new("start → Overview with all its data, in process", ms(pct(&full, 0.5))),
    ]
}

/// Bytes of escape sequences and text a real terminal receives (crossterm, as the dashboard).
pub fn terminal_bytes(path: &Path) -> Vec<Row> {
    let mut h = app(path);
    let counter = ByteCounter::default();
    let viewport = ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 120, 40));
    let mut term =
        Terminal::with_options(CrosstermBackend::new(counter.clone()), ratatui::TerminalOptions { viewport })
            .expect("terminal");
    let mut rows = Vec::new();
    for (key, name) in [('6', "Alarms"), ('4', "Hazards"), ('3', "Deadlines")] {
        h.key(KeyCode::Char(key));
        term.draw(|f| anjian::tui::views::draw(f, &h.app)).expect("draw");
        counter.take();
        let mut v = Vec::new();
        for _ in 0..200 {
            h.key(KeyCode::Down);
            term.draw(|f| anjian::tui::views::draw(f, &h.app)).expect("draw");
            v.push(counter.take());
        }
        v.sort();
        let (p50, max) = (v[v.len() / 2], v[v.len() - 1]);
        let mean = v.iter().sum::<usize>() / v.len();
        // Held to the target on average over 200 steps: the step that moves the list by half a
        // screen redraws it (the max), the others move the selection.
        rows.push(
            Row::new(
                format!("bytes per scroll step, {name} 120x40 (200 steps)"),
                format!("median {p50} B, mean {mean} B, max {max} B"),
            )
            .target("≤ 4 KB", mean <= 4096),
        );
    }
    // An idle minute: the status bar's clock moves, nothing else (the run loop draws on change).
    let now = anjian::domain::time::now() + chrono::Duration::minutes(1);
    let reqs = h.app.update(Msg::Clock(now.format("%m-%d %H:%M").to_string(), now.date_naive(), now));
    h.settle(reqs);
    term.draw(|f| anjian::tui::views::draw(f, &h.app)).expect("draw");
    let _ = term.flush();
    rows.push(Row::new("bytes per idle minute, Deadlines 120x40", format!("{} B", counter.take())));
    rows
}

//! What a slow SSH link carries: the bytes written to a real terminal backend (crossterm escape
//! sequences, the same as the dashboard emits) for the first frame, one scroll step on a 120x40
//! list, and an idle minute (only the clock moves). The figures are printed for the closing note;
//! the test holds them to a fraction of a full frame.

mod common;

use anjian::i18n::Lang;
use anjian::tui::app::Msg;
use anjian::tui::headless::ByteCounter;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::KeyCode;

#[test]
fn a_scroll_step_and_an_idle_minute_cost_little() {
    for (screen, key) in [('2', 'j'), ('6', 'j'), ('3', 'j')] {
        let (_d, mut h) = common::demo_app(Lang::Zh, None, 120, 40);
        let counter = ByteCounter::default();
        let mut term = Terminal::with_options(
            CrosstermBackend::new(counter.clone()),
            ratatui::TerminalOptions { viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 120, 40)) },
        )
        .expect("terminal");
        h.key(KeyCode::Char(screen));
        if screen == '2' {
            h.key(KeyCode::Char('j')).key(KeyCode::Enter);
        }
        term.draw(|f| anjian::tui::views::draw(f, &h.app)).expect("draw");
        let full = counter.take();
        let mut steps = Vec::new();
        for _ in 0..10 {
            h.key(KeyCode::Char(key));
            term.draw(|f| anjian::tui::views::draw(f, &h.app)).expect("draw");
            steps.push(counter.take());
        }
        // An idle minute: the status bar's clock moves, nothing else.
        let now = common::now() + chrono::Duration::minutes(1);
        let reqs = h.app.update(Msg::Clock(now.format("%m-%d %H:%M").to_string(), common::today(), now));
        h.settle(reqs);
        term.draw(|f| anjian::tui::views::draw(f, &h.app)).expect("draw");
        let idle = counter.take();
        steps.sort_unstable();
        let median = steps[steps.len() / 2];
        eprintln!(
            "screen {screen} at 120x40: first frame {full} bytes; scroll step median {median} bytes (max {}); idle minute {idle} bytes",
            steps[steps.len() - 1]
        );
        assert!(median * 4 < full, "a scroll step ({median} B) should cost far less than a frame ({full} B)");
        assert!(idle < 200, "an idle minute wrote {idle} bytes");
    }
}

//! The help overlay: the lines of `help_text` (the current screen's keys first), paged, with the
//! search line and the keys that work here at the bottom.

use crate::i18n::T;
use crate::tui::app::App;
use crate::tui::help_text::overlay_width;
use crate::tui::widgets::centred;
use crate::tui::widgets::text::fit;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use tui_input::Input;

/// The help's lines for this operator now (what the overlay shows, for tests).
pub fn lines(app: &App) -> Vec<Line<'static>> {
    app.help_lines()
}

pub fn draw(f: &mut Frame<'_>, app: &App, scroll: usize, search: Option<&Input>, query: &str, area: Rect) {
    let all = lines(app);
    let rows = app.help_rows();
    let popup = centred(area, overlay_width(area.width), (rows as u16 + 3).min(area.height.saturating_sub(2)));
    let th = &app.theme;
    let title = format!(" {} ", app.t(T::HelpTitle));
    let block = Block::bordered()
        .border_style(th.accent)
        .title(Span::styled(title, th.title))
        .title_bottom(Span::styled(format!(" {} ", app.t(T::HelpKeys)), th.muted));
    let inner = block.inner(popup);
    let scroll = scroll.min(all.len().saturating_sub(rows));
    crate::tui::widgets::clear_popup(f, popup);
    f.render_widget(block, popup);
    let body = Rect { height: inner.height.saturating_sub(1), ..inner };
    f.render_widget(Paragraph::new(all.into_iter().skip(scroll).collect::<Vec<_>>()), body);
    // The search line at the bottom: being typed (with the cursor), or what was searched.
    let line = Rect { y: inner.bottom().saturating_sub(1), height: 1, ..inner };
    let prompt = app.t(T::HelpSearch);
    let text = search.map(|i| i.value().to_string()).unwrap_or(query.to_string());
    if search.is_some() || !text.is_empty() {
        let shown = fit(&text, (line.width as usize).saturating_sub(prompt.len() + 1));
        f.render_widget(
            Paragraph::new(Line::from(vec![Span::styled(prompt, th.accent), Span::raw(shown.clone())])),
            line,
        );
        if search.is_some() {
            let x = line.x
                + crate::tui::widgets::text::width(prompt) as u16
                + crate::tui::widgets::text::width(&shown) as u16;
            f.set_cursor_position(Position::new(x.min(line.right().saturating_sub(1)), line.y));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::tui::action_table::all;

    #[test]
    fn every_action_is_in_the_help() {
        let admin =
            crate::store::operators::Operator { id: 1, name: "a".into(), role: crate::domain::OperatorRole::Admin };
        let app =
            crate::tui::build_app(&crate::config::Config::default(), crate::i18n::Lang::En, Some(admin), (120, 40))
                .expect("app");
        let text: String = super::lines(&app).iter().map(|l| l.to_string()).collect::<Vec<_>>().join("\n");
        for info in all() {
            assert!(text.contains(info.name), "{} is missing from the help", info.name);
        }
    }
}

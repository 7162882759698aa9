//! The full view: a whole text (wrapped, never cut) in a pop-up over the screen, scrolled.

use crate::i18n::T;
use crate::tui::app::App;
use crate::tui::app_help::text_area;
use crate::tui::widgets::text::fit;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

pub fn draw(f: &mut Frame<'_>, app: &App, title: &str, scroll: usize, area: Rect) {
    let (cols, rows) = text_area(app.size);
    let lines = app.text_lines();
    let high = rows.min(lines.len().max(1));
    let popup = crate::tui::widgets::centred(area, cols as u16 + 2, (high as u16 + 2).min(area.height));
    let th = &app.theme;
    let scroll = scroll.min(lines.len().saturating_sub(rows));
    let more = if lines.len() > rows {
        format!(" {}/{} {} ", (scroll + rows).min(lines.len()), lines.len(), app.t(T::TextKeys))
    } else {
        format!(" {} ", app.t(T::TextKeys))
    };
    let block = Block::bordered()
        .border_style(th.accent)
        .title(Span::styled(fit(&format!(" {title} "), cols), th.title))
        .title_bottom(Span::styled(more, th.muted));
    crate::tui::widgets::clear_popup(f, popup);
    let body: Vec<Line> = lines.into_iter().skip(scroll).take(rows).map(|l| Line::styled(l, th.text)).collect();
    f.render_widget(Paragraph::new(body).block(block), popup);
}

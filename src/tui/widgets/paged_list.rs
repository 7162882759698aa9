//! A paged list inside a titled box: the selection gutter (">" so it shows without colour),
//! placeholders for rows still loading, and the empty or loading line.

use crate::i18n::T;
use crate::tui::env::Env;
use crate::tui::paged::Paged;
use crate::tui::widgets::text::{clean, fit};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

/// The list in its box. `searched` is the list's own `/` search (`None` for a list without one).
#[allow(clippy::too_many_arguments)]
pub fn draw<R>(
    f: &mut Frame<'_>,
    env: &Env<'_>,
    area: Rect,
    title: String,
    list: &Paged<R>,
    empty: T,
    searched: Option<&str>,
    row: impl Fn(&R, usize) -> Line<'static>,
) {
    let th = env.theme;
    // A search in force shows in the title, so a short list is never mistaken for the whole one.
    let title = match searched {
        Some(s) if !s.is_empty() => format!(" /{} ·{}", clean(&fit(s, 24)), title),
        _ => title,
    };
    let block = Block::bordered().border_style(th.border).title(Span::styled(title, th.title));
    let mut inner = block.inner(area);
    f.render_widget(block, area);
    if let Some(input) = env.filter.filter(|_| searched.is_some()) {
        inner = super::search_prompt::draw(f, env, env.t(T::SearchPrompt), input, inner);
    }
    let h = inner.height as usize;
    let cols = inner.width as usize;
    let mut lines = Vec::new();
    if list.total == 0 {
        lines.push(Line::styled(env.t(if list.loaded { empty } else { T::Loading }), th.muted));
    }
    let start = if list.selected >= list.scroll + h { list.selected + 1 - h } else { list.scroll.min(list.selected) };
    for i in start..(start + h).min(list.total) {
        let line = match list.get(i) {
            Some(r) => row(r, cols.saturating_sub(1)),
            None => Line::from(Span::styled("..", th.muted)),
        };
        lines.push(super::gutter_line(line, i == list.selected, th, cols));
    }
    f.render_widget(Paragraph::new(lines), inner);
}

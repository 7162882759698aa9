//! The `/` search line at the top of a list, with the terminal cursor in it.

use crate::i18n::T;
use crate::tui::env::Env;
use crate::tui::widgets::text::{fit, width};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use tui_input::Input;

/// Draws `prompt` and the input on the first row of `inner` and returns the rows left for the list.
pub fn draw(f: &mut Frame<'_>, env: &Env<'_>, prompt: &str, input: &Input, inner: Rect) -> Rect {
    let room = (inner.width as usize).saturating_sub(width(prompt) + 1);
    let scroll = input.visual_scroll(room);
    let shown: String = fit(&input.value().chars().skip(scroll).collect::<String>(), room);
    let mut line = vec![Span::styled(prompt, env.theme.accent), Span::raw(shown.clone())];
    // One or two characters find the texts that begin with them (domain::search), three or more
    // anywhere: said while one or two are typed, when there is room.
    let typed = input.value().trim();
    if !typed.is_empty() && crate::domain::search::short(typed) {
        let hint = env.t(T::SearchShort);
        if width(&shown) + width(hint) <= room {
            line.push(Span::styled(hint, env.theme.muted));
        }
    }
    f.render_widget(Paragraph::new(Line::from(line)), Rect { height: 1, ..inner });
    let x = inner.x + width(prompt) as u16 + (input.visual_cursor().saturating_sub(scroll)) as u16;
    f.set_cursor_position(Position::new(x.min(inner.right().saturating_sub(1)), inner.y));
    Rect { y: inner.y + 1, height: inner.height.saturating_sub(1), ..inner }
}

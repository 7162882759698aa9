//! The command palette: type part of an action's name or description, Enter runs it.

use crate::i18n::T;
use crate::tui::app::App;
use crate::tui::app_palette::palette_matches;
use crate::tui::widgets::centred;
use crate::tui::widgets::text::{fit, pad, width};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use tui_input::Input;

pub fn draw(f: &mut Frame<'_>, app: &App, input: &Input, selected: usize, area: Rect) {
    let th = &app.theme;
    let matches = palette_matches(input.value(), app.lang, app.role(), app.screen.context());
    let popup = centred(area, 64, 14);
    let block = Block::bordered()
        .border_style(th.accent)
        .title(Span::styled(format!(" {} ", app.t(T::PaletteTitle)), th.title));
    let inner = block.inner(popup);
    crate::tui::widgets::clear_popup(f, popup);
    f.render_widget(block, popup);
    let prompt = app.t(T::PalettePrompt);
    let cols = inner.width as usize;
    let mut lines = vec![Line::from(vec![
        Span::styled(prompt, th.accent),
        Span::raw(fit(input.value(), cols.saturating_sub(width(prompt)))),
    ])];
    let sel = selected.min(matches.len().saturating_sub(1));
    let visible = inner.height.saturating_sub(1) as usize;
    let start = sel.saturating_sub(visible.saturating_sub(1));
    for (i, a) in matches.iter().enumerate().skip(start).take(visible) {
        let keys = app.keymap.keys_for(*a).join(" ");
        let text = format!("{}{}{}", pad(a.describe(app.lang), 20), pad(a.name(), 18), keys);
        let style = if i == sel { th.selection } else { th.text };
        lines.push(Line::styled(pad(&text, cols), style));
    }
    f.render_widget(Paragraph::new(lines), inner);
    let x = inner.x + (width(prompt) + input.visual_cursor()) as u16;
    f.set_cursor_position(Position::new(x.min(inner.right().saturating_sub(1)), inner.y));
}

//! A form as an overlay: the subject line, one row per field, the error if any, and the keys.

use crate::i18n::T;
use crate::tui::app::App;
use crate::tui::form::{Form, Value};
use crate::tui::widgets::centred;
use crate::tui::widgets::text::{clean, fit, pad};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

pub fn draw(f: &mut Frame<'_>, app: &App, form: &Form, area: Rect) {
    let th = &app.theme;
    let height = form.fields.len() as u16 + 6;
    let popup = centred(area, 72, height);
    let block =
        Block::bordered().border_style(th.accent).title(Span::styled(format!(" {} ", app.t(form.title)), th.title));
    let inner = block.inner(popup);
    crate::tui::widgets::clear_popup(f, popup);
    f.render_widget(block, popup);
    let label_cols = if app.lang.zh() { 14 } else { 16 };
    let value_cols = (inner.width as usize).saturating_sub(label_cols);
    let mut lines = vec![Line::styled(fit(&clean(&form.subject), inner.width as usize), th.highlight), Line::raw("")];
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let style = if focused { th.selection } else { th.text };
        let shown = field.shown(app.lang);
        lines.push(Line::from(vec![
            Span::styled(pad(app.t(field.label), label_cols), if focused { th.accent } else { th.muted }),
            Span::styled(pad(&fit(&shown, value_cols), value_cols), style),
        ]));
    }
    lines.push(match &form.error {
        Some(e) => Line::styled(e.clone(), th.error),
        None => Line::raw(""),
    });
    lines.push(Line::styled(app.t(T::FormHint), th.muted));
    f.render_widget(Paragraph::new(lines), inner);
    if let Some(Value::Text(input) | Value::Pick { input, .. }) = form.fields.get(form.focus).map(|fl| &fl.value) {
        let x = inner.x + label_cols as u16 + input.visual_cursor().min(value_cols.saturating_sub(1)) as u16;
        f.set_cursor_position(Position::new(x, inner.y + 2 + form.focus as u16));
    }
}

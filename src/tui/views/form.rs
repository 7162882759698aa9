//! A form as an overlay: the subject line, one row per field (an editor several), the error or the
//! question before discarding, and the keys.

use crate::i18n::T;
use crate::tui::app::App;
use crate::tui::form::{Form, Value, found};
use crate::tui::widgets::centred;
use crate::tui::widgets::text::{clean, fit, pad};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

pub fn draw(f: &mut Frame<'_>, app: &App, form: &Form, area: Rect) {
    let th = &app.theme;
    let rows: u16 = form.fields.iter().map(|x| x.rows()).sum();
    let finding = matches!(form.fields.get(form.focus).map(|x| &x.value), Some(Value::Find { .. }));
    // A find field lists what matches under the form.
    let listed = if finding { 5 } else { 0 };
    let width = area.width.saturating_sub(4).min(if rows > form.fields.len() as u16 { 90 } else { 76 });
    let popup = centred(area, width, rows + 6 + listed);
    let block =
        Block::bordered().border_style(th.accent).title(Span::styled(format!(" {} ", app.t(form.title)), th.title));
    let inner = block.inner(popup);
    crate::tui::widgets::clear_popup(f, popup);
    f.render_widget(block, popup);
    let label_cols = if app.lang.zh() { 15 } else { 16 };
    let value_cols = (inner.width as usize).saturating_sub(label_cols);
    let at = |y: u16, h: u16| Rect::new(inner.x, inner.y + y, inner.width, h).intersection(inner);
    let subject = Line::styled(fit(&clean(&form.subject), inner.width as usize), th.highlight);
    f.render_widget(Paragraph::new(subject), at(0, 1));
    let mut y = 2;
    let mut cursor = None;
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let style = if focused { th.selection } else { th.text };
        let label = Span::styled(pad(app.t(field.label), label_cols), if focused { th.accent } else { th.muted });
        let row = at(y, field.rows());
        match &field.value {
            Value::Long(editor, _) => {
                f.render_widget(Paragraph::new(Line::from(label)), row);
                let mut editor = (**editor).clone();
                if !focused {
                    // A field not being edited is read from its beginning.
                    editor.move_cursor(ratatui_textarea::CursorMove::Jump(0, 0));
                }
                editor.set_style(th.text);
                // Only the field being edited shows a cursor; another reads as plain text.
                editor.set_cursor_style(if focused { th.selection } else { th.text });
                let place = Rect::new(row.x + label_cols as u16, row.y, value_cols as u16, row.height);
                f.render_widget(&editor, place.intersection(inner));
            }
            Value::Find { input, chosen, .. } => {
                let n = found(&field.value).len();
                let place = if n == 0 { 0 } else { (*chosen).min(n - 1) + 1 };
                let shown = format!("{}  ({place}/{})", input.value(), T::Matches.fill(app.lang, &[("n", &n)]));
                // The typed text in the field's own colour: the chosen row below is the one bar.
                let line = Line::from(vec![label, Span::styled(pad(&fit(&shown, value_cols), value_cols), th.accent)]);
                f.render_widget(Paragraph::new(line), row);
                if focused {
                    let x =
                        inner.x + label_cols as u16 + input.visual_cursor().min(value_cols.saturating_sub(1)) as u16;
                    cursor = Some(Position::new(x, row.y));
                    y += 1;
                    draw_found(f, app, field, at(y, listed));
                    y += listed - 1;
                }
            }
            _ => {
                let shown = field.shown(app.lang);
                let line = Line::from(vec![label, Span::styled(pad(&fit(&shown, value_cols), value_cols), style)]);
                f.render_widget(Paragraph::new(line), row);
                if focused
                    && let Value::Text(input) | Value::Pick { input, .. } | Value::Find { input, .. } = &field.value
                {
                    let x =
                        inner.x + label_cols as u16 + input.visual_cursor().min(value_cols.saturating_sub(1)) as u16;
                    cursor = Some(Position::new(x, row.y));
                }
            }
        }
        y += field.rows();
    }
    let (text, style) = match (&form.error, form.discard_asked) {
        (_, true) => (app.t(T::DiscardAsk).to_string(), th.warn),
        (Some(e), _) => (e.clone(), th.error),
        (None, _) => (String::new(), th.text),
    };
    f.render_widget(Paragraph::new(Line::styled(fit(&text, inner.width as usize), style)), at(y, 1));
    let long = matches!(form.fields.get(form.focus).map(|x| &x.value), Some(Value::Long(..)));
    let hint = app.t(if long { T::FormHintLong } else { T::FormHint });
    f.render_widget(Paragraph::new(Line::styled(fit(hint, inner.width as usize), th.muted)), at(y + 1, 1));
    if let Some(c) = cursor {
        f.set_cursor_position(c);
    }
}

/// A find field's matches under it, the chosen one marked, scrolled to keep it in view.
fn draw_found(f: &mut Frame<'_>, app: &App, field: &crate::tui::form::Field, area: Rect) {
    let th = &app.theme;
    let matches = found(&field.value);
    let chosen = match &field.value {
        Value::Find { chosen, .. } => (*chosen).min(matches.len().saturating_sub(1)),
        _ => 0,
    };
    let rows = area.height as usize;
    let first = chosen.saturating_sub(rows.saturating_sub(1));
    let cols = area.width as usize;
    let lines: Vec<Line> = matches
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(i, (_, l))| {
            let line = Line::styled(fit(&clean(l), cols.saturating_sub(1)), th.text);
            crate::tui::widgets::gutter_line(line, i == chosen, th, cols)
        })
        .collect();
    f.render_widget(Paragraph::new(lines), area);
}

//! The sign-in form: who is at the keyboard. Nothing of the office's data is drawn before it.

use crate::i18n::T;
use crate::tui::app::{App, SignIn};
use crate::tui::widgets::centred;
use crate::tui::widgets::text::{fit, pad};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

pub fn draw(f: &mut Frame<'_>, app: &App, form: &SignIn, area: Rect) {
    let th = &app.theme;
    let popup = centred(area, 56, 10);
    let block = Block::bordered().border_style(th.accent).title(Span::styled(
        format!(" {} - {} ", app.t(T::AppTitle), app.t(if form.locked { T::LockedTitle } else { T::SignInTitle })),
        th.title,
    ));
    let inner = block.inner(popup);
    f.render_widget(block, popup);
    let label_cols = 12;
    let field_cols = (inner.width as usize).saturating_sub(label_cols + 2);
    let masked = "*".repeat(form.pin.value().chars().count());
    let row = |t: T, value: String, active: bool| {
        let style = if active { th.selection } else { th.text };
        Line::from(vec![
            Span::styled(pad(app.t(t), label_cols), th.muted),
            Span::styled(pad(&fit(&value, field_cols), field_cols), style),
        ])
    };
    let mut lines = vec![
        Line::raw(""),
        row(T::SignInName, form.name.value().to_string(), !form.on_pin),
        Line::raw(""),
        row(T::SignInPin, masked, form.on_pin),
        Line::raw(""),
    ];
    match &form.error {
        Some(e) => lines.push(Line::styled(fit(e, inner.width as usize), th.error)),
        None => lines.push(Line::raw("")),
    }
    lines.push(Line::styled(
        fit(app.t(if form.locked { T::LockHint } else { T::SignInHint }), inner.width as usize),
        th.muted,
    ));
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    let (y, cursor) = if form.on_pin {
        (inner.y + 3, form.pin.value().chars().count())
    } else {
        (inner.y + 1, form.name.visual_cursor())
    };
    let x = inner.x + label_cols as u16 + cursor as u16;
    f.set_cursor_position(Position::new(x.min(inner.right().saturating_sub(1)), y));
}

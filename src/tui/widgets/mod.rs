//! Drawing helpers shared by the screens and the app's own views; they read only an [`Env`](super::env::Env).

pub mod paged_list;
pub mod search_prompt;
pub mod text;

use super::env::Env;
use crate::i18n::T;
use chrono::NaiveDate;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// A centred rectangle for overlays, never larger than the area it sits in.
pub fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let [h] = Layout::horizontal([Constraint::Length(width.min(area.width))]).flex(Flex::Center).areas(area);
    let [v] = Layout::vertical([Constraint::Length(height.min(area.height))]).flex(Flex::Center).areas(h);
    v
}

/// "逾期13天", "今天到期", "5天后": the countdown that leads a deadline's row.
pub fn countdown(env: &Env<'_>, due: NaiveDate) -> (String, Style) {
    let days = (due - env.today).num_days();
    if days < 0 {
        (T::DaysOverdue.fill(env.lang, &[("n", &-days)]), env.theme.error)
    } else if days == 0 {
        (env.t(T::DueToday).to_string(), env.theme.warn)
    } else {
        (T::DaysLeft.fill(env.lang, &[("n", &days)]), if days <= 7 { env.theme.warn } else { env.theme.text })
    }
}

/// A list row in its one-cell gutter: the selected row shows ">" (so the selection reads without
/// colour) and takes the theme's selection style across the whole width, its own colours
/// replaced, so that no coloured text can vanish into the selection's background.
pub fn gutter_line(line: Line<'static>, selected: bool, theme: &super::theme::Theme, cols: usize) -> Line<'static> {
    let mut spans = Vec::with_capacity(line.spans.len() + 2);
    if !selected {
        spans.push(Span::raw(" "));
        spans.extend(line.spans);
        return Line::from(spans);
    }
    let style = theme.selection;
    let w: usize = line.spans.iter().map(|s| text::width(&s.content)).sum();
    spans.push(Span::styled(">", style));
    spans.extend(line.spans.into_iter().map(|s| Span::styled(s.content, s.style.patch(style))));
    spans.push(Span::styled(" ".repeat(cols.saturating_sub(w + 1)), style));
    Line::from(spans).style(style)
}

/// Clears the area a pop-up is drawn on. A wide (Chinese) character just left of it would cover
/// the pop-up's left border in the terminal (it takes two cells, the second being the border's):
/// it is blanked too, so the border always shows.
pub fn clear_popup(f: &mut ratatui::Frame<'_>, area: Rect) {
    // A blank column either side: a letter of the screen beneath right against the border reads
    // as part of the pop-up ("d", "核实..").
    let screen = f.area();
    let x = area.x.saturating_sub(1).max(screen.x);
    let right = (area.right() + 1).min(screen.right());
    f.render_widget(ratatui::widgets::Clear, Rect::new(x, area.y, right - x, area.height));
    if x == 0 {
        return;
    }
    let area = Rect::new(x, area.y, right - x, area.height);
    let buf = f.buffer_mut();
    for y in area.top()..area.bottom() {
        let cell = &mut buf[(area.x - 1, y)];
        if text::width(cell.symbol()) > 1 {
            cell.set_symbol(" ");
        }
    }
}

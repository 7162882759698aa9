//! Drawing helpers shared by the screens and the app's own views; they read only an [`Env`](super::env::Env).

pub mod paged_list;
pub mod search_prompt;
pub mod text;

use super::env::Env;
use crate::i18n::T;
use chrono::NaiveDate;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Style;

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

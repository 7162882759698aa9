//! Small drawing helpers shared by the views.

pub mod text;

use ratatui::layout::{Constraint, Flex, Layout, Rect};

/// A centred rectangle for overlays, never larger than the area it sits in.
pub fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let [h] = Layout::horizontal([Constraint::Length(width.min(area.width))]).flex(Flex::Center).areas(area);
    let [v] = Layout::vertical([Constraint::Length(height.min(area.height))]).flex(Flex::Center).areas(h);
    v
}

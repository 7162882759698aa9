//! Drawing. Every function here is a pure function of [`App`]: no database, no network, no clock.

mod alarms;
mod checklist;
mod chrome;
mod deadlines;
mod detail;
mod duty;
mod form;
mod grid;
mod hazards;
mod help;
mod map;
mod overview;
mod paged_list;
mod palette;
mod search_prompt;
mod signin;
mod tipoffs;

use super::app::{App, Overlay, Screen};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};

/// The help overlay's lines for this operator (what the overlay shows, for tests).
pub use help::lines as help_lines;

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

pub fn draw(f: &mut Frame<'_>, app: &App) {
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        chrome::too_small(f, app, area);
        return;
    }
    if let Some(form) = &app.signin {
        signin::draw(f, app, form, area);
        return;
    }
    let banner = u16::from(!app.duty.accidents().is_empty());
    let [tabs, accident, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(banner),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    chrome::tabs(f, app, tabs);
    chrome::accident_banner(f, app, accident);
    match app.screen {
        Screen::Overview => overview::draw(f, app, body),
        Screen::Grid => grid::draw(f, app, body),
        Screen::Deadlines => deadlines::draw(f, app, body),
        Screen::Hazards => hazards::draw(f, app, body),
        Screen::Alarms => alarms::draw(f, app, body),
        Screen::Tipoffs => tipoffs::draw(f, app, body),
        Screen::Checklist => checklist::draw(f, app, body),
        Screen::Duty => duty::draw(f, app, body),
    }
    chrome::status_bar(f, app, status);
    match &app.overlay {
        Overlay::None => {}
        Overlay::Help { scroll } => help::draw(f, app, *scroll, area),
        Overlay::Palette { input, selected } => palette::draw(f, app, input, *selected, area),
    }
    if let Some((form, _)) = &app.form {
        form::draw(f, app, form, area);
    }
}

//! Drawing. Every function here is a pure function of [`App`]: no database, no network, no clock.

pub(crate) mod chrome;
mod form;
mod full_text;
mod help;
mod palette;
mod signin;

use super::app::{App, Overlay};
use super::screens::{Registered, Visit};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};

/// The help overlay's lines for this operator (what the overlay shows, for tests).
pub use help::lines as help_lines;

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

pub fn draw(f: &mut Frame<'_>, app: &App) {
    compose(f, app);
    scrub(f.buffer_mut());
}

/// The last guard before the terminal: whatever a widget placed, no cell carries a control
/// character, an invisible bidirectional or zero-width character, or a pile of combining marks.
/// Ratatui already drops control characters from spans but appends zero-width ones (a right-to-left
/// override among them) to the previous cell, and keeps every mark of a cluster.
fn scrub(buf: &mut ratatui::buffer::Buffer) {
    for cell in &mut buf.content {
        if let std::borrow::Cow::Owned(clean) = crate::domain::text::cell_symbol(cell.symbol()) {
            cell.set_symbol(&clean);
        }
    }
}

fn compose(f: &mut Frame<'_>, app: &App) {
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        chrome::too_small(f, app, area);
        return;
    }
    if let Some(form) = &app.signin {
        signin::draw(f, app, form, area);
        return;
    }
    let banner = u16::from(!app.screens.duty.accidents().is_empty());
    let [tabs, accident, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(banner),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    chrome::tabs(f, app, tabs);
    chrome::accident_banner(f, app, accident);
    app.screen.visit(Draw(f, app, body));
    chrome::status_bar(f, app, status);
    match &app.overlay {
        Overlay::None => {}
        Overlay::Help { scroll, search, query } => help::draw(f, app, *scroll, search.as_ref(), query, area),
        Overlay::Palette { input, selected } => palette::draw(f, app, input, *selected, area),
        Overlay::Text { title, scroll, .. } => full_text::draw(f, app, title, *scroll, area),
    }
    if let Some((form, _)) = &app.form {
        form::draw(f, app, form, area);
    }
}

/// Draws the current screen.
struct Draw<'f, 'a, 'b>(&'f mut Frame<'b>, &'a App, ratatui::layout::Rect);

impl Visit for Draw<'_, '_, '_> {
    type Out = ();
    fn visit<S: Registered>(self) {
        let Draw(f, app, area) = self;
        S::of(&app.screens).draw(f, area, &app.env());
    }
}

#[cfg(test)]
mod tests {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::widgets::{Paragraph, Widget};

    /// A widget handed raw upstream text leaves a bidi override and a pile of marks in its cells;
    /// the guard leaves neither.
    #[test]
    fn the_guard_scrubs_what_a_widget_placed_raw() {
        let raw = format!("a\u{202E}b\u{200B}c{}", "\u{0301}".repeat(30));
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 1));
        Paragraph::new(raw).render(buf.area, &mut buf);
        assert!(buf.content.iter().any(|c| !crate::domain::text::is_clean(c.symbol())), "ratatui kept them");
        super::scrub(&mut buf);
        assert!(buf.content.iter().all(|c| crate::domain::text::is_clean(c.symbol())));
        assert_eq!(
            buf.content.iter().take(3).map(|c| c.symbol()).collect::<String>(),
            "abc\u{301}\u{301}\u{301}\u{301}"
        );
    }
}

//! The help and full-text overlays' keys: they page (↑↓, PgUp PgDn, g G, Home End), the help
//! searches with `/`; Esc or `q` closes them (and `?` the help, Enter the text); other keys do
//! nothing (a stray key does not close them).

use super::app::{App, Overlay};
use super::help_text::{Help, lines, overlay_width};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tui_input::backend::crossterm::EventHandler;

impl App {
    /// The help's lines as they are now (the current screen first, the search applied).
    pub fn help_lines(&self) -> Vec<ratatui::text::Line<'static>> {
        let query = match &self.overlay {
            Overlay::Help { query, search, .. } => {
                search.as_ref().map(|i| i.value().to_string()).unwrap_or(query.clone())
            }
            _ => String::new(),
        };
        lines(&Help {
            lang: self.lang,
            role: self.role(),
            keymap: &self.keymap,
            theme: &self.theme,
            screen: self.screen,
            query: &query,
            width: overlay_width(self.size.0).saturating_sub(2) as usize,
        })
    }

    /// Rows of help text the overlay shows at once.
    pub fn help_rows(&self) -> usize {
        // Borders, the search line and a margin above and below.
        self.size.1.saturating_sub(6) as usize
    }

    pub(super) fn help_key(&mut self, k: KeyEvent) {
        let total = self.help_lines().len();
        let page = self.help_rows().max(2) - 1;
        let last = total.saturating_sub(self.help_rows());
        let Overlay::Help { scroll, search, query } = &mut self.overlay else { return };
        if let Some(input) = search {
            match k.code {
                KeyCode::Esc => {
                    *search = None;
                    query.clear();
                }
                KeyCode::Enter => {
                    *query = input.value().to_string();
                    *search = None;
                }
                _ => {
                    input.handle_event(&Event::Key(k));
                    *scroll = 0;
                }
            }
            return;
        }
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        match k.code {
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('?') | KeyCode::F(1) => self.overlay = Overlay::None,
            KeyCode::Char('/') => *search = Some(tui_input::Input::new(query.clone())),
            KeyCode::Down | KeyCode::Char('j') => *scroll = (*scroll + 1).min(last),
            KeyCode::Up | KeyCode::Char('k') => *scroll = scroll.saturating_sub(1),
            KeyCode::PageDown | KeyCode::Char(' ') => *scroll = (*scroll + page).min(last),
            KeyCode::Char('d') if ctrl => *scroll = (*scroll + page).min(last),
            KeyCode::PageUp => *scroll = scroll.saturating_sub(page),
            KeyCode::Char('u') if ctrl => *scroll = scroll.saturating_sub(page),
            KeyCode::Home | KeyCode::Char('g') => *scroll = 0,
            KeyCode::End | KeyCode::Char('G') => *scroll = last,
            _ => {}
        }
    }
}

/// The full view's width and height of text on a terminal of `size` (lines longer than about
/// a hundred columns are hard to follow, so a wide terminal does not stretch them).
pub fn text_area(size: (u16, u16)) -> (usize, usize) {
    ((size.0.saturating_sub(6) as usize).min(100), size.1.saturating_sub(6) as usize)
}

impl App {
    /// The full view's text, wrapped to its width.
    pub fn text_lines(&self) -> Vec<String> {
        match &self.overlay {
            Overlay::Text { body, .. } => super::widgets::text::wrap(body, text_area(self.size).0),
            _ => Vec::new(),
        }
    }

    pub(super) fn text_key(&mut self, k: KeyEvent) {
        let (_, rows) = text_area(self.size);
        let last = self.text_lines().len().saturating_sub(rows);
        let page = rows.max(2) - 1;
        let Overlay::Text { scroll, .. } = &mut self.overlay else { return };
        match k.code {
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Enter | KeyCode::Char('v') => self.overlay = Overlay::None,
            KeyCode::Down | KeyCode::Char('j') => *scroll = (*scroll + 1).min(last),
            KeyCode::Up | KeyCode::Char('k') => *scroll = scroll.saturating_sub(1),
            KeyCode::PageDown | KeyCode::Char(' ') => *scroll = (*scroll + page).min(last),
            KeyCode::PageUp => *scroll = scroll.saturating_sub(page),
            KeyCode::Home | KeyCode::Char('g') => *scroll = 0,
            KeyCode::End | KeyCode::Char('G') => *scroll = last,
            _ => {}
        }
    }
}

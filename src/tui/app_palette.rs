//! The command palette (`:`): the actions the operator may do, found by what is typed, the
//! screen's own first and quitting last; Enter runs the chosen one.

use super::action::{Action, Context};
use super::app::{App, Overlay};
use super::screens::Request;
use crate::domain::OperatorRole;
use crate::i18n::Lang;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::backend::crossterm::EventHandler;

impl App {
    pub(super) fn palette_key(&mut self, k: KeyEvent, role: OperatorRole) -> Vec<Request> {
        let here = self.screen.context();
        let lang = self.lang;
        let Overlay::Palette { input, selected } = &mut self.overlay else { return Vec::new() };
        match k.code {
            KeyCode::Esc => self.overlay = Overlay::None,
            KeyCode::Down => *selected += 1,
            KeyCode::Up => *selected = selected.saturating_sub(1),
            KeyCode::Enter => {
                let matches = palette_matches(input.value(), lang, role, here);
                let chosen = matches.get((*selected).min(matches.len().saturating_sub(1))).copied();
                self.overlay = Overlay::None;
                if let Some(a) = chosen {
                    return self.perform(a);
                }
            }
            _ => {
                input.handle_event(&Event::Key(k));
                *selected = 0;
            }
        }
        Vec::new()
    }
}

/// Actions the operator may do whose name, description or keys contain the typed text: those of
/// the screen `here` first, then moving about, then the rest in table order, and quitting last
/// (Enter on an unfiltered palette never leaves the program).
pub fn palette_matches(query: &str, lang: Lang, role: OperatorRole, here: Context) -> Vec<Action> {
    let q = query.trim().to_lowercase();
    let mut found: Vec<&super::action::ActionInfo> = super::action_table::all()
        .iter()
        .filter(|i| role.can(i.need))
        .filter(|i| {
            q.is_empty()
                || i.name.contains(&q)
                || i.zh.contains(query.trim())
                || i.en.to_lowercase().contains(&q)
                || i.action.describe(lang).to_lowercase().contains(&q)
        })
        .collect();
    found.sort_by_key(|i| match () {
        _ if i.action == Action::Quit => 3,
        _ if i.contexts.contains(&here) => 0,
        _ if i.contexts.contains(&Context::Navigation) => 1,
        _ => 2,
    });
    found.into_iter().map(|i| i.action).collect()
}

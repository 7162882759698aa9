//! Keys to actions. Defaults come from the action table; the config's `[keys]` table adds or
//! replaces bindings by action name (`"ctrl-r" = "data.refresh"`).

use super::action::{Action, Context};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    /// Parses "j", "G", "ctrl-d", "alt-x", "enter", "esc", "tab", "backtab", "f5", "pagedown", "space".
    pub fn parse(s: &str) -> Option<Key> {
        let mut ctrl = false;
        let mut alt = false;
        let mut rest = s;
        loop {
            if let Some(r) = rest.strip_prefix("ctrl-").or_else(|| rest.strip_prefix("C-")) {
                ctrl = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("alt-").or_else(|| rest.strip_prefix("M-")) {
                alt = true;
                rest = r;
            } else {
                break;
            }
        }
        let code = match rest.to_ascii_lowercase().as_str() {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" | "shift-tab" => KeyCode::BackTab,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" | "pgup" => KeyCode::PageUp,
            "pagedown" | "pgdn" => KeyCode::PageDown,
            "space" => KeyCode::Char(' '),
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            f if f.len() > 1 && f.starts_with('f') => KeyCode::F(f[1..].parse().ok()?),
            _ => {
                let mut chars = rest.chars();
                let c = chars.next()?;
                if chars.next().is_some() {
                    return None;
                }
                KeyCode::Char(c)
            }
        };
        Some(Key { code, ctrl, alt })
    }

    pub fn from_event(e: &KeyEvent) -> Key {
        Key {
            code: e.code,
            ctrl: e.modifiers.contains(KeyModifiers::CONTROL),
            alt: e.modifiers.contains(KeyModifiers::ALT),
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum KeymapError {
    #[error("config [keys]: \"{0}\" is not a key (try \"j\", \"ctrl-r\", \"f5\", \"pagedown\")")]
    BadKey(String),
    #[error("config [keys]: \"{key}\" is bound to \"{action}\", which is not an action (see the help overlay, ?)")]
    BadAction { key: String, action: String },
}

#[derive(Debug, Clone)]
pub struct Keymap {
    /// Every action a key can mean; the current screen decides between them.
    map: HashMap<Key, Vec<Action>>,
    /// Keys shown for each action in help, in binding order.
    shown: HashMap<Action, Vec<String>>,
}

impl Keymap {
    pub fn new(overrides: &BTreeMap<String, String>) -> Result<Keymap, KeymapError> {
        let mut km = Keymap { map: HashMap::new(), shown: HashMap::new() };
        for info in super::action_table::all() {
            for k in info.keys {
                if let Some(key) = Key::parse(k) {
                    km.map.entry(key).or_default().push(info.action);
                    km.shown.entry(info.action).or_default().push(k.to_string());
                }
            }
        }
        for (k, name) in overrides {
            let key = Key::parse(k).ok_or_else(|| KeymapError::BadKey(k.clone()))?;
            let action = Action::from_name(name)
                .ok_or_else(|| KeymapError::BadAction { key: k.clone(), action: name.clone() })?;
            km.bind(key, k, action);
        }
        Ok(km)
    }

    /// A configured binding replaces whatever the key meant before, on every screen.
    fn bind(&mut self, key: Key, text: &str, action: Action) {
        if let Some(old) = self.map.insert(key, vec![action]) {
            for a in old {
                if let Some(list) = self.shown.get_mut(&a) {
                    list.retain(|t| Key::parse(t) != Some(key));
                }
            }
        }
        self.shown.entry(action).or_default().push(text.to_string());
    }

    /// The action of a key on a screen: the action that works on this screen, else a global or
    /// navigation one; none when the key means nothing here (never another screen's action).
    pub fn action_in(&self, e: &KeyEvent, screen: Context) -> Option<Action> {
        let candidates = self.map.get(&Key::from_event(e))?;
        let works = |a: &&Action, c: Context| a.info().contexts.contains(&c);
        candidates
            .iter()
            .find(|a| works(a, screen))
            .or_else(|| candidates.iter().find(|a| works(a, Context::Global) || works(a, Context::Navigation)))
            .copied()
    }

    /// The action of a key where no screen claims it (forms and overlays).
    pub fn action(&self, e: &KeyEvent) -> Option<Action> {
        self.action_in(e, Context::Global)
    }

    pub fn keys_for(&self, action: Action) -> &[String] {
        self.shown.get(&action).map(Vec::as_slice).unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::action::Context;

    fn ev(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, m)
    }

    #[test]
    fn defaults_and_overrides() {
        let mut o = BTreeMap::new();
        o.insert("ctrl-r".to_string(), "data.refresh".to_string());
        o.insert("x".to_string(), "app.quit".to_string());
        o.insert("q".to_string(), "app.help".to_string());
        let km = Keymap::new(&o).expect("keymap");
        assert_eq!(km.action(&ev(KeyCode::Char('j'), KeyModifiers::NONE)), Some(Action::Down));
        assert_eq!(km.action(&ev(KeyCode::Char('G'), KeyModifiers::SHIFT)), Some(Action::Bottom));
        assert_eq!(km.action(&ev(KeyCode::Char('r'), KeyModifiers::CONTROL)), Some(Action::Refresh));
        assert_eq!(km.action(&ev(KeyCode::Char('x'), KeyModifiers::NONE)), Some(Action::Quit));
        assert_eq!(km.action(&ev(KeyCode::Char('q'), KeyModifiers::NONE)), Some(Action::Help));
        assert_eq!(km.keys_for(Action::Quit), ["ctrl-c", "x"], "q moved to help and is no longer shown for quit");
        assert_eq!(km.keys_for(Action::MarkDone), Vec::<String>::new(), "x now quits everywhere");
        let f = ev(KeyCode::Char('f'), KeyModifiers::NONE);
        assert_eq!(km.action_in(&f, Context::Deadlines), Some(Action::CycleWindow));
        assert_eq!(km.action_in(&f, Context::Hazards), Some(Action::CycleStatus), "one key, one meaning per screen");
    }

    #[test]
    fn bad_overrides_are_named() {
        let mut o = BTreeMap::new();
        o.insert("ctrl-".to_string(), "app.quit".to_string());
        assert_eq!(Keymap::new(&o).err(), Some(KeymapError::BadKey("ctrl-".into())));
        let mut o = BTreeMap::new();
        o.insert("z".to_string(), "app.explode".to_string());
        assert_eq!(
            Keymap::new(&o).err(),
            Some(KeymapError::BadAction { key: "z".into(), action: "app.explode".into() })
        );
    }

    #[test]
    fn key_parse_table() {
        assert_eq!(Key::parse("f5"), Some(Key { code: KeyCode::F(5), ctrl: false, alt: false }));
        assert_eq!(Key::parse("pagedown").map(|k| k.code), Some(KeyCode::PageDown));
        assert_eq!(Key::parse("alt-x"), Some(Key { code: KeyCode::Char('x'), ctrl: false, alt: true }));
        assert_eq!(Key::parse("jj"), None);
    }
}

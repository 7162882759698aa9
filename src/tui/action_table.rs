//! The whole action table: [`ACTIONS`] with each screen's opening action (its number key, its
//! `screen.<name>` and its description, from the screen's definition) after `screen.prev`. The
//! keymap, the help and the palette read only this; an action's keys, name, help, the role it
//! needs and the screens it works on are all in its row.

use super::action::{ACTIONS, Action, ActionInfo, Context};
use crate::domain::permission::Need;
use crate::i18n::Lang;
use std::sync::LazyLock;

static ALL: LazyLock<Vec<ActionInfo>> = LazyLock::new(|| {
    let split = ACTIONS.iter().position(|i| i.action == Action::PrevScreen).map(|i| i + 1).unwrap_or(0);
    let mut all: Vec<ActionInfo> = ACTIONS[..split].to_vec();
    all.extend(super::screens::opening_actions());
    all.extend_from_slice(&ACTIONS[split..]);
    all
});

pub fn all() -> &'static [ActionInfo] {
    &ALL
}

impl Action {
    pub fn info(self) -> &'static ActionInfo {
        // Every action has exactly one row; the test below checks it.
        all().iter().find(|i| i.action == self).unwrap_or(&ACTIONS[0])
    }

    /// What this action needs of the operator (its row's `need`).
    pub fn needs(self) -> Need {
        self.info().need
    }

    pub fn name(self) -> &'static str {
        self.info().name
    }

    pub fn describe(self, lang: Lang) -> &'static str {
        if lang.zh() { self.info().zh } else { self.info().en }
    }

    pub fn from_name(name: &str) -> Option<Action> {
        all().iter().find(|i| i.name == name).map(|i| i.action)
    }
}

/// Every context an action can be in: global, navigation, and each screen's own.
pub fn contexts() -> Vec<Context> {
    let mut out = vec![Context::Global, Context::Navigation];
    for s in super::screens::Screen::ALL {
        if !out.contains(&s.context()) {
            out.push(s.context());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_every_action_is_listed_once() {
        let mut names: Vec<_> = all().iter().map(|i| i.name).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len(), "duplicate action name");
        for info in all() {
            assert_eq!(all().iter().filter(|i| i.action == info.action).count(), 1, "{}", info.name);
            assert_eq!(Action::from_name(info.name), Some(info.action));
            assert!(info.name.contains('.'), "names are namespaced: {}", info.name);
            assert!(!info.contexts.is_empty(), "{} works nowhere", info.name);
        }
        // One key, one meaning per screen: no two actions on the same screen share a default key.
        for c in contexts() {
            let mut seen = std::collections::HashMap::new();
            for info in all().iter().filter(|i| i.contexts.contains(&c)) {
                for k in info.keys {
                    if let Some(other) = seen.insert(*k, info.name) {
                        panic!("{k} means both {other} and {} on {c:?}", info.name);
                    }
                }
            }
        }
        // Every screen opens with its number.
        for s in super::super::screens::Screen::ALL {
            assert!(all().iter().any(|i| i.action == Action::Show(s.number())), "{s:?} cannot be opened");
        }
    }
}

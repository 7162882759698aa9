//! A small form: text fields (tui-input, CJK-aware), toggles and choices. Tab/arrows move, Space
//! flips a toggle or cycles a choice, Enter on the last field or Ctrl-S submits, Esc cancels.

use crate::i18n::{Lang, T};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

#[derive(Debug, Clone)]
pub enum Value {
    Text(Input),
    Toggle(bool),
    /// Index into the field's options.
    Choice(usize),
    /// Text that searches (the app asks the store as it changes), and the matches offered:
    /// (id, label); Up/Down pick one.
    Pick {
        input: Input,
        choices: Vec<(i64, String)>,
        chosen: usize,
    },
}

#[derive(Debug, Clone)]
pub struct Field {
    pub label: T,
    pub value: Value,
    /// Labels of a choice field, in both languages.
    pub options: Vec<(String, String)>,
}

impl Field {
    pub fn text(label: T, initial: &str) -> Field {
        Field { label, value: Value::Text(Input::new(initial.to_string())), options: Vec::new() }
    }

    pub fn toggle(label: T, on: bool) -> Field {
        Field { label, value: Value::Toggle(on), options: Vec::new() }
    }

    pub fn choice(label: T, options: Vec<(&'static str, &'static str)>, index: usize) -> Field {
        let options = options.into_iter().map(|(zh, en)| (zh.to_string(), en.to_string())).collect();
        Field { label, value: Value::Choice(index), options }
    }

    /// A search field: what is typed is looked up, and one of the matches is picked.
    pub fn pick(label: T, initial: &str) -> Field {
        Field {
            label,
            value: Value::Pick { input: Input::new(initial.to_string()), choices: Vec::new(), chosen: 0 },
            options: Vec::new(),
        }
    }

    /// A choice among names that read the same in both languages (people, feeds).
    pub fn choice_of(label: T, names: Vec<String>, index: usize) -> Field {
        Field { label, value: Value::Choice(index), options: names.into_iter().map(|n| (n.clone(), n)).collect() }
    }

    /// The value as shown: text, a [x] box, or the chosen option.
    pub fn shown(&self, lang: Lang) -> String {
        match &self.value {
            Value::Text(i) => i.value().to_string(),
            Value::Toggle(on) => format!("[{}] {}", if *on { "x" } else { " " }, T::SpaceToggles.get(lang)),
            Value::Choice(i) => {
                let (zh, en) = self.options.get(*i).map(|(z, e)| (z.as_str(), e.as_str())).unwrap_or(("", ""));
                format!("< {} >", if lang.zh() { zh } else { en })
            }
            Value::Pick { input, choices, chosen } => match choices.get(*chosen) {
                Some((_, label)) => format!("{} → {label} ({}/{})", input.value(), chosen + 1, choices.len()),
                None => input.value().to_string(),
            },
        }
    }
}

/// What a key did to the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Editing,
    /// The search text of field `.0` changed: look it up.
    Query(usize, String),
    Submit,
    Cancel,
}

#[derive(Debug, Clone)]
pub struct Form {
    pub title: T,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub error: Option<String>,
    /// A line of context above the fields (the unit the form is about).
    pub subject: String,
}

impl Form {
    pub fn new(title: T, subject: String, fields: Vec<Field>) -> Form {
        Form { title, fields, focus: 0, error: None, subject }
    }

    pub fn key(&mut self, k: KeyEvent) -> Outcome {
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        // Up and Down move among a search field's matches while it offers some.
        if let Some(Value::Pick { choices, chosen, .. }) = self.fields.get_mut(self.focus).map(|f| &mut f.value)
            && !choices.is_empty()
            && matches!(k.code, KeyCode::Up | KeyCode::Down)
        {
            let n = choices.len();
            *chosen = if k.code == KeyCode::Down { (*chosen + 1) % n } else { (*chosen + n - 1) % n };
            return Outcome::Editing;
        }
        match k.code {
            KeyCode::Esc => return Outcome::Cancel,
            KeyCode::Char('s') if ctrl => return Outcome::Submit,
            KeyCode::Tab | KeyCode::Down => self.focus = (self.focus + 1) % self.fields.len().max(1),
            KeyCode::BackTab | KeyCode::Up => {
                self.focus = (self.focus + self.fields.len().max(1) - 1) % self.fields.len().max(1)
            }
            KeyCode::Enter => {
                if self.focus + 1 >= self.fields.len() {
                    return Outcome::Submit;
                }
                self.focus += 1;
            }
            _ => {
                let Some(field) = self.fields.get_mut(self.focus) else { return Outcome::Editing };
                let n = field.options.len().max(1);
                match &mut field.value {
                    Value::Text(input) => {
                        input.handle_event(&Event::Key(k));
                    }
                    Value::Pick { input, choices, chosen } => {
                        let changed = input.handle_event(&Event::Key(k)).is_some_and(|c| c.value);
                        if changed {
                            choices.clear();
                            *chosen = 0;
                            return Outcome::Query(self.focus, input.value().trim().to_string());
                        }
                    }
                    Value::Toggle(on) if k.code == KeyCode::Char(' ') => *on = !*on,
                    Value::Choice(i) if matches!(k.code, KeyCode::Char(' ') | KeyCode::Right) => *i = (*i + 1) % n,
                    Value::Choice(i) if k.code == KeyCode::Left => *i = (*i + n - 1) % n,
                    _ => {}
                }
            }
        }
        Outcome::Editing
    }

    pub fn text(&self, i: usize) -> String {
        match self.fields.get(i).map(|f| &f.value) {
            Some(Value::Text(input)) => input.value().trim().to_string(),
            _ => String::new(),
        }
    }

    /// A search field's picked id (if a match is chosen) and its text.
    pub fn picked(&self, i: usize) -> (Option<i64>, String) {
        match self.fields.get(i).map(|f| &f.value) {
            Some(Value::Pick { input, choices, chosen }) => {
                (choices.get(*chosen).map(|c| c.0), input.value().trim().to_string())
            }
            _ => (None, String::new()),
        }
    }

    /// Matches for field `i`, if its text is still `text` (a late answer is dropped).
    pub fn offer(&mut self, i: usize, text: &str, matches: Vec<(i64, String)>) {
        if let Some(Value::Pick { input, choices, chosen }) = self.fields.get_mut(i).map(|f| &mut f.value)
            && input.value().trim() == text
        {
            *choices = matches;
            *chosen = 0;
        }
    }

    pub fn toggle(&self, i: usize) -> bool {
        matches!(self.fields.get(i).map(|f| &f.value), Some(Value::Toggle(true)))
    }

    pub fn choice(&self, i: usize) -> usize {
        match self.fields.get(i).map(|f| &f.value) {
            Some(Value::Choice(c)) => *c,
            _ => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn typing_toggling_choosing_and_submitting() {
        let mut f = Form::new(
            T::FormHazardNew,
            String::new(),
            vec![
                Field::text(T::FieldDescription, ""),
                Field::toggle(T::FieldMajor, false),
                Field::choice(T::FieldSource, vec![("甲", "a"), ("乙", "b"), ("丙", "c")], 0),
            ],
        );
        for c in "通道堵塞".chars() {
            assert_eq!(f.key(key(KeyCode::Char(c))), Outcome::Editing);
        }
        f.key(key(KeyCode::Enter));
        f.key(key(KeyCode::Char(' ')));
        f.key(key(KeyCode::Tab));
        f.key(key(KeyCode::Left));
        assert_eq!((f.text(0).as_str(), f.toggle(1), f.choice(2)), ("通道堵塞", true, 2));
        assert_eq!(f.fields[2].shown(Lang::En), "< c >");
        assert_eq!(f.key(key(KeyCode::Enter)), Outcome::Submit, "Enter on the last field submits");
        assert_eq!(f.key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)), Outcome::Submit);
        assert_eq!(f.key(key(KeyCode::Esc)), Outcome::Cancel);
    }

    #[test]
    fn a_search_field_asks_offers_and_picks() {
        let mut f = Form::new(
            T::FormTipoffNew,
            String::new(),
            vec![Field::pick(T::FieldUnitKey, ""), Field::text(T::FieldNote, "")],
        );
        assert_eq!(f.key(key(KeyCode::Char('加'))), Outcome::Query(0, "加".into()));
        assert_eq!(f.key(key(KeyCode::Char('油'))), Outcome::Query(0, "加油".into()));
        f.offer(0, "加", vec![(9, "stale".into())]);
        assert_eq!(f.picked(0), (None, "加油".into()), "an answer for older text is dropped");
        f.offer(0, "加油", vec![(1, "中石化云溪加油站".into()), (2, "南湖加油站".into())]);
        assert_eq!(f.fields[0].shown(Lang::Zh), "加油 → 中石化云溪加油站 (1/2)");
        f.key(key(KeyCode::Down));
        assert_eq!(f.picked(0), (Some(2), "加油".into()), "Down picks the next match, focus stays");
        assert_eq!(f.focus, 0);
        f.key(key(KeyCode::Backspace));
        assert_eq!(f.picked(0), (None, "加".into()), "editing the text drops the matches");
        f.key(key(KeyCode::Down));
        assert_eq!(f.focus, 1, "without matches Down moves on");
    }
}

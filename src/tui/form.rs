//! A form: one-line text fields (tui-input, CJK-aware), long texts in a real editor
//! (ratatui-textarea: several lines, cursor movement, scrolling, paste, undo), toggles, choices and
//! pickers that find by typing. Tab/Shift-Tab (and ↑↓ outside an editor) move; Enter saves (in an
//! editor it starts a new line); Ctrl-S saves anywhere; Esc cancels, and asks first when something
//! was typed, so a stray Esc never throws a reply or a hand-over away.

use crate::i18n::T;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

pub use super::form_field::{Field, Value, found};

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
    /// The fields as they were before the first key (what "nothing typed" means).
    initial: Option<Vec<String>>,
    /// Esc was pressed once with text typed: the next Esc discards it.
    pub discard_asked: bool,
}

impl Form {
    pub fn new(title: T, subject: String, fields: Vec<Field>) -> Form {
        Form { title, fields, focus: 0, error: None, subject, initial: None, discard_asked: false }
    }

    /// Something was typed or changed since the form opened.
    pub fn dirty(&self) -> bool {
        match &self.initial {
            None => false,
            Some(before) => self.fields.iter().map(Field::raw).ne(before.iter().cloned()),
        }
    }

    fn move_focus(&mut self, forward: bool) {
        let n = self.fields.len().max(1);
        self.focus = if forward { (self.focus + 1) % n } else { (self.focus + n - 1) % n };
    }

    pub fn key(&mut self, k: KeyEvent) -> Outcome {
        if self.initial.is_none() {
            self.initial = Some(self.fields.iter().map(Field::raw).collect());
        }
        if k.code != KeyCode::Esc && self.discard_asked {
            self.discard_asked = false;
            self.error = None;
        }
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        match k.code {
            KeyCode::Esc if self.dirty() && !self.discard_asked => {
                self.discard_asked = true;
                return Outcome::Editing;
            }
            KeyCode::Esc => return Outcome::Cancel,
            KeyCode::Char('s') if ctrl => return Outcome::Submit,
            KeyCode::Tab => {
                self.move_focus(true);
                return Outcome::Editing;
            }
            KeyCode::BackTab => {
                self.move_focus(false);
                return Outcome::Editing;
            }
            _ => {}
        }
        let focus = self.focus;
        let Some(field) = self.fields.get_mut(focus) else { return Outcome::Editing };
        // An editor takes every other key: Enter is a new line, arrows move in its text.
        if let Value::Long(area, _) = &mut field.value {
            match k.code {
                KeyCode::Char('z') if ctrl => {
                    area.undo();
                }
                KeyCode::End if ctrl => {
                    area.move_cursor(ratatui_textarea::CursorMove::Bottom);
                    area.move_cursor(ratatui_textarea::CursorMove::End);
                }
                KeyCode::Home if ctrl => area.move_cursor(ratatui_textarea::CursorMove::Jump(0, 0)),
                // As in a shell and in the one-line fields: Ctrl-U deletes back to the line's start.
                KeyCode::Char('u') if ctrl => {
                    area.delete_line_by_head();
                }
                _ => {
                    area.input(k);
                }
            }
            return Outcome::Editing;
        }
        // Up and Down move among a search field's matches while it offers some.
        let offers = match &field.value {
            Value::Pick { choices, .. } => choices.len(),
            Value::Find { .. } => found(&field.value).len(),
            _ => 0,
        };
        if offers > 0 && matches!(k.code, KeyCode::Up | KeyCode::Down) {
            let at = field.found_at();
            if let Value::Pick { chosen, .. } | Value::Find { chosen, .. } = &mut field.value {
                let cur = if offers > 0 { at.max(*chosen).min(offers - 1) } else { 0 };
                *chosen = if k.code == KeyCode::Down { (cur + 1) % offers } else { (cur + offers - 1) % offers };
            }
            return Outcome::Editing;
        }
        match k.code {
            KeyCode::Down => self.move_focus(true),
            KeyCode::Up => self.move_focus(false),
            KeyCode::Enter => return Outcome::Submit,
            _ => {
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
                            return Outcome::Query(focus, input.value().trim().to_string());
                        }
                    }
                    Value::Find { input, chosen, .. } => {
                        // New text starts the choice again at the first match.
                        let changed = input.handle_event(&Event::Key(k)).is_some_and(|c| c.value);
                        *chosen = if changed { 0 } else { *chosen };
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

    /// Pasted text goes into the focused field whole (in a one-line field its line breaks become
    /// spaces; a pasted line break never saves the form). Control characters are dropped.
    pub fn paste(&mut self, text: &str) -> Outcome {
        if self.initial.is_none() {
            self.initial = Some(self.fields.iter().map(Field::raw).collect());
        }
        let text: String = text
            .replace("\r\n", "\n")
            .chars()
            .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
            .map(|c| if c == '\t' { ' ' } else { c })
            .collect();
        let focus = self.focus;
        let Some(field) = self.fields.get_mut(focus) else { return Outcome::Editing };
        let one_line = || text.split('\n').map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ");
        match &mut field.value {
            Value::Long(area, _) => {
                area.insert_str(&text);
            }
            Value::Text(input) | Value::Find { input, .. } => {
                let v = format!("{}{}", input.value(), one_line());
                *input = Input::new(v);
            }
            Value::Pick { input, choices, chosen } => {
                *input = Input::new(format!("{}{}", input.value(), one_line()));
                choices.clear();
                *chosen = 0;
                return Outcome::Query(focus, input.value().trim().to_string());
            }
            _ => {}
        }
        Outcome::Editing
    }

    pub fn text(&self, i: usize) -> String {
        match self.fields.get(i).map(|f| &f.value) {
            Some(Value::Text(input)) => input.value().trim().to_string(),
            Some(Value::Long(area, _)) => area.lines().join("\n").trim().to_string(),
            _ => String::new(),
        }
    }

    /// A search field's picked id (if a match is chosen) and its text.
    pub fn picked(&self, i: usize) -> (Option<i64>, String) {
        match self.fields.get(i) {
            Some(f @ Field { value: Value::Find { input, .. }, .. }) => {
                (found(&f.value).get(f.found_at()).map(|c| c.0), input.value().trim().to_string())
            }
            Some(Field { value: Value::Pick { input, choices, chosen }, .. }) => {
                (choices.get(*chosen).map(|c| c.0), input.value().trim().to_string())
            }
            _ => (None, String::new()),
        }
    }

    /// The label of what is picked in field `i` (a find or search field).
    pub fn label(&self, i: usize) -> String {
        match self.fields.get(i) {
            Some(f @ Field { value: Value::Find { .. }, .. }) => {
                found(&f.value).get(f.found_at()).map(|c| c.1.clone()).unwrap_or_default()
            }
            Some(Field { value: Value::Pick { choices, chosen, .. }, .. }) => {
                choices.get(*chosen).map(|c| c.1.clone()).unwrap_or_default()
            }
            _ => String::new(),
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
    use crate::i18n::Lang;

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
        assert!(!f.dirty());
        for c in "通道堵塞".chars() {
            assert_eq!(f.key(key(KeyCode::Char(c))), Outcome::Editing);
        }
        assert!(f.dirty());
        f.key(key(KeyCode::Down));
        f.key(key(KeyCode::Char(' ')));
        f.key(key(KeyCode::Tab));
        f.key(key(KeyCode::Left));
        assert_eq!((f.text(0).as_str(), f.toggle(1), f.choice(2)), ("通道堵塞", true, 2));
        assert_eq!(f.fields[2].shown(Lang::En), "< c >");
        f.key(key(KeyCode::Up));
        assert_eq!(f.focus, 1, "Up moves back");
        assert_eq!(f.key(key(KeyCode::Enter)), Outcome::Submit, "Enter saves from any one-line field");
        assert_eq!(f.key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)), Outcome::Submit);
        // Typed text: the first Esc asks, the second discards; any other key takes the question back.
        assert_eq!(f.key(key(KeyCode::Esc)), Outcome::Editing);
        assert!(f.discard_asked);
        f.key(key(KeyCode::Tab));
        assert!(!f.discard_asked);
        assert_eq!(f.key(key(KeyCode::Esc)), Outcome::Editing);
        assert_eq!(f.key(key(KeyCode::Esc)), Outcome::Cancel);
        // Nothing typed: Esc leaves at once.
        let mut clean = Form::new(T::FormHazardNew, String::new(), vec![Field::text(T::FieldDescription, "原有")]);
        assert_eq!(clean.key(key(KeyCode::Esc)), Outcome::Cancel);
    }

    #[test]
    fn a_long_field_is_an_editor_and_paste_never_saves() {
        let mut f = Form::new(
            T::FormReportText,
            String::new(),
            vec![Field::long(T::FieldProblems, "第一行"), Field::text(T::FieldNote, "")],
        );
        // Enter is a new line in the editor; arrows move in its text, not between fields.
        assert_eq!(f.key(key(KeyCode::Enter)), Outcome::Editing);
        for c in "第二行".chars() {
            f.key(key(KeyCode::Char(c)));
        }
        f.key(key(KeyCode::Up));
        assert_eq!(f.focus, 0);
        assert_eq!(f.text(0), "第一行\n第二行");
        // Undo takes the last typing back.
        f.key(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL));
        assert_ne!(f.text(0), "第一行\n第二行");
        f.key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL));
        assert_eq!(f.text(0), "第一行\n第二行");
        // A pasted block goes in whole; in a one-line field its lines are joined, nothing saves.
        assert_eq!(f.paste("甲\n乙\u{1b}[31m"), Outcome::Editing);
        assert!(f.text(0).contains("甲\n乙[31m"), "{}", f.text(0));
        f.key(key(KeyCode::Tab));
        assert_eq!(f.paste("一\r\n二\n"), Outcome::Editing);
        assert_eq!(f.text(1), "一 二");
        assert_eq!(f.key(key(KeyCode::Enter)), Outcome::Submit);
    }

    #[test]
    fn a_find_field_narrows_by_typing() {
        let all = vec![
            (1, "张伟  网格长  凤鸣/一网格  13800000001".to_string()),
            (2, "李娜  网格员  溪口/二网格  13800000002".into()),
            (3, "张敏  民警  13800000003".into()),
        ];
        let mut f = Form::new(T::FormDispatch, String::new(), vec![Field::find(T::FieldOfficer, all)]);
        assert_eq!(f.picked(0).0, Some(1), "the first (the alarm's grid first) before anything is typed");
        f.key(key(KeyCode::Char('张')));
        f.key(key(KeyCode::Down));
        assert_eq!(f.picked(0).0, Some(3), "Down moves among the matches");
        f.key(key(KeyCode::Backspace));
        for c in "溪口".chars() {
            f.key(key(KeyCode::Char(c)));
        }
        assert_eq!((f.picked(0).0, f.label(0).starts_with("李娜")), (Some(2), true), "a grid finds its officer");
        for c in "zz".chars() {
            f.key(key(KeyCode::Char(c)));
        }
        assert_eq!(f.picked(0).0, None);
        assert!(f.fields[0].shown(Lang::Zh).ends_with("没有找到"));
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

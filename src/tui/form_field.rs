//! A form's fields: one-line text (tui-input, CJK-aware), long text in a real editor
//! (ratatui-textarea), toggles, choices, and pickers that search the store or narrow a list the
//! form holds. How keys move between them is the form's (`form.rs`).

use crate::i18n::{Lang, T};
use ratatui_textarea::{TextArea, WrapMode};
use tui_input::Input;

#[derive(Debug, Clone)]
pub enum Value {
    Text(Input),
    /// A text of several lines (a description, evidence, a reply, a report's section), shown in
    /// this many rows.
    Long(Box<TextArea<'static>>, u16),
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
    /// Text that narrows a list the form already holds (id, label); Up/Down pick among what is
    /// left, in the list's order.
    Find {
        input: Input,
        all: Vec<(i64, String)>,
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

/// A long field's editor, holding `initial`, wrapping at its width, the cursor at the end (as in
/// the one-line fields: what is typed is added; Ctrl-Home goes to the start).
fn editor(initial: &str) -> TextArea<'static> {
    let mut area = TextArea::new(initial.lines().map(str::to_string).collect());
    // Breaks between words (each Chinese character is one), so numbers and dates stay whole.
    area.set_wrap_mode(WrapMode::WordOrGlyph);
    area.set_cursor_line_style(ratatui::style::Style::default());
    area.move_cursor(ratatui_textarea::CursorMove::Bottom);
    area.move_cursor(ratatui_textarea::CursorMove::End);
    area
}

impl Field {
    pub fn text(label: T, initial: &str) -> Field {
        Field { label, value: Value::Text(Input::new(initial.to_string())), options: Vec::new() }
    }

    /// A text of several lines, edited in place (four rows on the form).
    pub fn long(label: T, initial: &str) -> Field {
        Field::long_in(label, initial, 4)
    }

    /// A text of several lines shown in `rows` rows (a drafted line that may wrap once).
    pub fn long_in(label: T, initial: &str, rows: u16) -> Field {
        Field { label, value: Value::Long(Box::new(editor(initial)), rows.max(1)), options: Vec::new() }
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

    /// A choice among `all` (id, label) found by typing part of the label.
    pub fn find(label: T, all: Vec<(i64, String)>) -> Field {
        Field { label, value: Value::Find { input: Input::default(), all, chosen: 0 }, options: Vec::new() }
    }

    /// The officers to dispatch to, each with what tells two Zhangs apart (role, grids, phone) and
    /// a mark on those serving the record's grid (listed first).
    pub fn officers(
        env: &crate::tui::env::Env<'_>,
        officers: &[crate::store::officer_choices::OfficerChoice],
    ) -> Field {
        use crate::tui::widgets::text::clean;
        let zh = env.zh();
        let near = env.t(T::NearMark);
        let all = officers
            .iter()
            .map(|o| {
                let role = crate::domain::roles::OfficerRole::parse(&o.role).map(|r| r.name(zh).to_string());
                let mark = if o.near { near.to_string() } else { String::new() };
                let label =
                    [clean(&o.name), role.unwrap_or_else(|| clean(&o.role)), clean(&o.grids), clean(&o.phone), mark]
                        .into_iter()
                        .filter(|x| !x.is_empty())
                        .collect::<Vec<_>>()
                        .join("  ");
                (o.id, label)
            })
            .collect();
        Field::find(T::FieldOfficer, all)
    }

    /// A choice among names that read the same in both languages (people, feeds).
    pub fn choice_of(label: T, names: Vec<String>, index: usize) -> Field {
        Field { label, value: Value::Choice(index), options: names.into_iter().map(|n| (n.clone(), n)).collect() }
    }

    /// How many rows the field takes in the form (an editor more than one).
    pub fn rows(&self) -> u16 {
        match &self.value {
            Value::Long(_, rows) => *rows,
            _ => 1,
        }
    }

    /// The value as shown: text, a [x] box, or the chosen option.
    pub fn shown(&self, lang: Lang) -> String {
        match &self.value {
            Value::Text(i) => i.value().to_string(),
            Value::Long(a, _) => a.lines().join(" "),
            Value::Toggle(on) => format!("[{}] {}", if *on { "x" } else { " " }, T::SpaceToggles.get(lang)),
            Value::Choice(i) => {
                let (zh, en) = self.options.get(*i).map(|(z, e)| (z.as_str(), e.as_str())).unwrap_or(("", ""));
                format!("< {} >", if lang.zh() { zh } else { en })
            }
            Value::Pick { input, choices, chosen } => match choices.get(*chosen) {
                Some((_, label)) => format!("{} → {label} ({}/{})", input.value(), chosen + 1, choices.len()),
                None => input.value().to_string(),
            },
            Value::Find { input, .. } => {
                let found = found(&self.value);
                match found.get(self.found_at()) {
                    Some((_, label)) => {
                        format!("{} → {label} ({}/{})", input.value(), self.found_at() + 1, found.len())
                    }
                    None => format!("{} → {}", input.value(), T::NothingFound.get(lang)),
                }
            }
        }
    }

    pub(crate) fn found_at(&self) -> usize {
        match &self.value {
            Value::Find { chosen, .. } => (*chosen).min(found(&self.value).len().saturating_sub(1)),
            _ => 0,
        }
    }

    /// What the field holds, to tell whether anything was typed since the form opened.
    pub(crate) fn raw(&self) -> String {
        match &self.value {
            Value::Text(i) | Value::Pick { input: i, .. } | Value::Find { input: i, .. } => i.value().to_string(),
            Value::Long(a, _) => a.lines().join("\n"),
            Value::Toggle(on) => on.to_string(),
            Value::Choice(c) => c.to_string(),
        }
    }
}

/// A find field's entries whose label holds every word typed (all of them before anything is).
pub fn found(v: &Value) -> Vec<&(i64, String)> {
    let Value::Find { input, all, .. } = v else { return Vec::new() };
    let words: Vec<String> = input.value().split_whitespace().map(str::to_lowercase).collect();
    all.iter().filter(|(_, label)| words.iter().all(|w| label.to_lowercase().contains(w))).collect()
}

//! The help's text: the actions this operator may use, the current screen's first, then
//! everywhere, in lists and the other screens, each with its keys (as bound now), what it does
//! (wrapped to the width) and its stable name; then what the current screen's list markers mean.
//! A search keeps the actions whose keys, words or name contain it. The app pages through these
//! lines and the help overlay draws them.

use super::action::Context;
use super::action_table::all;
use super::keymap::Keymap;
use super::screens::Screen;
use super::theme::Theme;
use super::widgets::text::{pad, width, wrap};
use crate::domain::OperatorRole;
use crate::i18n::{Lang, T};
use ratatui::text::{Line, Span};

pub struct Help<'a> {
    pub lang: Lang,
    pub role: OperatorRole,
    pub keymap: &'a Keymap,
    pub theme: &'a Theme,
    /// The screen in front of the operator: its keys come first.
    pub screen: Screen,
    /// What the `/` search holds.
    pub query: &'a str,
    /// Columns inside the overlay's border.
    pub width: usize,
}

/// Columns of the keys.
const KEYS: usize = 18;

/// The overlay's width on a terminal `cols` wide.
pub fn overlay_width(cols: u16) -> u16 {
    cols.saturating_sub(4).min(100)
}

pub fn lines(h: &Help<'_>) -> Vec<Line<'static>> {
    let th = h.theme;
    let q = h.query.trim().to_lowercase();
    let mut sections: Vec<(Context, String)> = Vec::new();
    if h.screen.context() != Context::Global {
        sections.push((h.screen.context(), h.screen.heading(h.lang).to_string()));
    }
    sections.push((Context::Global, T::HelpGlobal.get(h.lang).to_string()));
    sections.push((Context::Navigation, T::HelpNavigation.get(h.lang).to_string()));
    for s in Screen::ALL {
        if s.context() != Context::Global && *s != h.screen {
            sections.push((s.context(), s.heading(h.lang).to_string()));
        }
    }
    let mut out = Vec::new();
    for (i, (ctx, heading)) in sections.iter().enumerate() {
        let mut entries = Vec::new();
        // Only what this operator may do: a viewer's help lists no duty actions.
        for info in all().iter().filter(|i| i.contexts.contains(ctx) && h.role.can(i.need)) {
            let keys = h.keymap.keys_for(info.action).join(" ");
            let what = info.action.describe(h.lang);
            let found = q.is_empty()
                || keys.to_lowercase().contains(&q)
                || what.to_lowercase().contains(&q)
                || info.name.contains(&q);
            if !found {
                continue;
            }
            entries.extend(entry(h, &keys, what, info.name));
        }
        if entries.is_empty() {
            continue;
        }
        if i > 0 {
            out.push(Line::raw(""));
        }
        out.push(Line::styled(heading.clone(), th.accent));
        out.extend(entries);
        // The current screen's list markers follow its keys.
        if i == 0 && *ctx == h.screen.context() && q.is_empty() {
            out.extend(markers(h));
        }
    }
    if out.is_empty() {
        out.push(Line::styled(T::NoMatches.get(h.lang), th.muted));
    }
    out
}

/// One action: its keys, what it does wrapped to the width, and its name at the end.
fn entry(h: &Help<'_>, keys: &str, what: &str, name: &'static str) -> Vec<Line<'static>> {
    let th = h.theme;
    let room = h.width.saturating_sub(KEYS + 1);
    let name_w = width(name) + 1;
    let mut parts = wrap(what, room.max(8));
    let mut out = Vec::new();
    // The name ends the description's last line when it fits there, else a line of its own.
    let last_fits = parts.last().is_some_and(|l| width(l) + name_w <= room);
    if !last_fits {
        parts.push(String::new());
    }
    let n = parts.len();
    for (i, part) in parts.into_iter().enumerate() {
        let lead = if i == 0 { pad(&format!("  {keys}"), KEYS) } else { " ".repeat(KEYS) };
        let mut spans = vec![Span::styled(lead + " ", th.highlight), Span::raw(part.clone())];
        if i + 1 == n {
            let gap = room.saturating_sub(width(&part) + name_w);
            spans.push(Span::raw(" ".repeat(gap + 1)));
            spans.push(Span::styled(name, th.muted));
        }
        out.push(Line::from(spans));
    }
    out
}

/// What the marks in the current screen's list mean.
fn markers(h: &Help<'_>) -> Vec<Line<'static>> {
    let list: &[(&str, T)] = match h.screen {
        Screen::Grid => &[(">", T::MarkSelected), ("+ -", T::MarkOpenClosed), ("[12]", T::MarkUnitCount)],
        Screen::Deadlines => {
            &[(">", T::MarkSelected), ("!", T::MarkSevere), ("~", T::NotAdjusted), ("26(3)", T::MarkBusyDay)]
        }
        Screen::Hazards => {
            &[(">", T::MarkSelected), ("!", T::MarkMajor), ("S", T::MarkSupervised), ("*", T::MarkOverdue)]
        }
        Screen::Tipoffs | Screen::Alarms | Screen::Checklist | Screen::Duty => &[(">", T::MarkSelected)],
        _ => &[],
    };
    if list.is_empty() {
        return Vec::new();
    }
    let th = h.theme;
    let mut out = vec![Line::styled(format!("  {}", T::MarkersTitle.get(h.lang)), th.muted)];
    for (mark, what) in list {
        out.push(Line::from(vec![
            Span::styled(pad(&format!("  {mark}"), KEYS) + " ", th.highlight),
            Span::raw(what.get(h.lang)),
        ]));
    }
    out
}

//! Themes map meanings (risk red, warn, muted, selection, …) to styles. A theme file names a
//! `base` to inherit from and overrides what it wants; colours may be ANSI names, `#rrggbb` or a
//! 256-colour index, with modifiers (`bold`, `dim`, `reversed`, …) and `fg on bg`.

use crate::domain::RiskLevel;
use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

const BUILT_IN: &[(&str, &str)] = &[
    ("default", include_str!("../../themes/default.toml")),
    ("dark", include_str!("../../themes/dark.toml")),
    ("light", include_str!("../../themes/light.toml")),
    ("high-contrast", include_str!("../../themes/high-contrast.toml")),
    ("mono", include_str!("../../themes/mono.toml")),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    #[allow(dead_code)]
    name: Option<String>,
    base: Option<String>,
    #[serde(default)]
    styles: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub name: String,
    pub text: Style,
    pub muted: Style,
    pub title: Style,
    pub accent: Style,
    pub border: Style,
    pub selection: Style,
    pub tab_active: Style,
    pub status_bar: Style,
    pub ok: Style,
    pub warn: Style,
    pub error: Style,
    pub risk_red: Style,
    pub risk_orange: Style,
    pub risk_yellow: Style,
    pub risk_blue: Style,
    pub highlight: Style,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ThemeError {
    #[error("theme \"{0}\" not found (built-in: default, dark, light, high-contrast, mono)")]
    NotFound(String),
    #[error("theme {theme}: {message}")]
    Parse { theme: String, message: String },
    #[error("theme {theme}: key \"{key}\": \"{value}\" is not a style ({reason})")]
    BadStyle { theme: String, key: String, value: String, reason: String },
    #[error("theme {theme}: unknown key \"{key}\"")]
    UnknownKey { theme: String, key: String },
    #[error("theme {0}: inherits from itself")]
    Cycle(String),
}

/// Parses "bold red", "black on cyan", "#ff8700", "208", "reversed".
pub fn parse_style(spec: &str) -> Result<Style, String> {
    let (fg_part, bg_part) = match spec.split_once(" on ") {
        Some((f, b)) => (f, Some(b)),
        None => (spec, None),
    };
    let mut style = Style::default();
    for word in fg_part.split_whitespace() {
        let m = match word.to_ascii_lowercase().as_str() {
            "bold" => Some(Modifier::BOLD),
            "dim" => Some(Modifier::DIM),
            "italic" => Some(Modifier::ITALIC),
            "underlined" | "underline" => Some(Modifier::UNDERLINED),
            "reversed" | "reverse" => Some(Modifier::REVERSED),
            _ => None,
        };
        match m {
            Some(m) => style = style.add_modifier(m),
            None => style = style.fg(Color::from_str(word).map_err(|_| format!("unknown colour \"{word}\""))?),
        }
    }
    if let Some(bg) = bg_part {
        style = style.bg(Color::from_str(bg.trim()).map_err(|_| format!("unknown colour \"{}\"", bg.trim()))?);
    }
    Ok(style)
}

impl Theme {
    /// Loads a theme by name: a file `NAME.toml` in `dir` first, then the built-ins.
    pub fn load(name: &str, dir: Option<&Path>) -> Result<Theme, ThemeError> {
        let mut chain = Vec::new();
        let mut next = Some(name.to_string());
        while let Some(n) = next {
            if chain.iter().any(|(c, _): &(String, ThemeFile)| *c == n) {
                return Err(ThemeError::Cycle(n));
            }
            let text = source(&n, dir)?;
            let file: ThemeFile =
                toml::from_str(&text).map_err(|e| ThemeError::Parse { theme: n.clone(), message: e.to_string() })?;
            next = file.base.clone();
            chain.push((n, file));
        }
        let mut theme = Theme::blank(name);
        for (n, file) in chain.iter().rev() {
            for (key, value) in &file.styles {
                let style = parse_style(value).map_err(|reason| ThemeError::BadStyle {
                    theme: n.clone(),
                    key: key.clone(),
                    value: value.clone(),
                    reason,
                })?;
                *theme.slot(key).ok_or_else(|| ThemeError::UnknownKey { theme: n.clone(), key: key.clone() })? = style;
            }
        }
        Ok(theme)
    }

    /// The theme to use given the config and the environment: `NO_COLOR` (any value) forces mono.
    pub fn select(configured: Option<&str>, dir: Option<&Path>, no_color: bool) -> Result<Theme, ThemeError> {
        if no_color {
            return Theme::load("mono", dir);
        }
        Theme::load(configured.unwrap_or("default"), dir)
    }

    fn blank(name: &str) -> Theme {
        let s = Style::default();
        Theme {
            name: name.to_string(),
            text: s,
            muted: s,
            title: s,
            accent: s,
            border: s,
            selection: s,
            tab_active: s,
            status_bar: s,
            ok: s,
            warn: s,
            error: s,
            risk_red: s,
            risk_orange: s,
            risk_yellow: s,
            risk_blue: s,
            highlight: s,
        }
    }

    fn slot(&mut self, key: &str) -> Option<&mut Style> {
        Some(match key {
            "text" => &mut self.text,
            "muted" => &mut self.muted,
            "title" => &mut self.title,
            "accent" => &mut self.accent,
            "border" => &mut self.border,
            "selection" => &mut self.selection,
            "tab_active" => &mut self.tab_active,
            "status_bar" => &mut self.status_bar,
            "ok" => &mut self.ok,
            "warn" => &mut self.warn,
            "error" => &mut self.error,
            "risk_red" => &mut self.risk_red,
            "risk_orange" => &mut self.risk_orange,
            "risk_yellow" => &mut self.risk_yellow,
            "risk_blue" => &mut self.risk_blue,
            "highlight" => &mut self.highlight,
            _ => return None,
        })
    }

    pub fn risk(&self, level: RiskLevel) -> Style {
        match level {
            RiskLevel::Major => self.risk_red,
            RiskLevel::Significant => self.risk_orange,
            RiskLevel::General => self.risk_yellow,
            RiskLevel::Low => self.risk_blue,
        }
    }
}

fn source(name: &str, dir: Option<&Path>) -> Result<String, ThemeError> {
    if let Some(d) = dir {
        let p = d.join(format!("{name}.toml"));
        if let Ok(text) = std::fs::read_to_string(&p) {
            return Ok(text);
        }
    }
    BUILT_IN
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| t.to_string())
        .ok_or_else(|| ThemeError::NotFound(name.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_loads_and_fills_every_meaning() {
        for (name, _) in BUILT_IN {
            let t = Theme::load(name, None).unwrap_or_else(|e| panic!("{e}"));
            assert_ne!(t.selection, Style::default(), "{name}: selection must be visible");
        }
    }

    #[test]
    fn style_spec_table() {
        assert_eq!(parse_style("bold red"), Ok(Style::default().fg(Color::Red).add_modifier(Modifier::BOLD)));
        assert_eq!(parse_style("black on cyan"), Ok(Style::default().fg(Color::Black).bg(Color::Cyan)));
        assert_eq!(parse_style("#ff8700"), Ok(Style::default().fg(Color::Rgb(255, 135, 0))));
        assert_eq!(parse_style("208"), Ok(Style::default().fg(Color::Indexed(208))));
        assert!(parse_style("bold purplish").is_err());
    }

    #[test]
    fn inheritance_and_user_themes() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("office.toml"), "base = \"dark\"\n[styles]\nrisk_red = \"magenta\"\n")
            .expect("write");
        let t = Theme::load("office", Some(dir.path())).expect("load");
        assert_eq!(t.risk_red, Style::default().fg(Color::Magenta));
        assert_eq!(t.accent, Theme::load("dark", None).expect("dark").accent, "inherited from dark");
        assert_eq!(t.ok, Theme::load("default", None).expect("default").ok, "inherited through dark from default");
        std::fs::write(dir.path().join("bad.toml"), "[styles]\nrisk_red = \"redish\"\n").expect("write");
        assert_eq!(
            Theme::load("bad", Some(dir.path())).err().map(|e| e.to_string()),
            Some("theme bad: key \"risk_red\": \"redish\" is not a style (unknown colour \"redish\")".into())
        );
        std::fs::write(dir.path().join("loop.toml"), "base = \"loop\"\n").expect("write");
        assert_eq!(Theme::load("loop", Some(dir.path())).err(), Some(ThemeError::Cycle("loop".into())));
        assert_eq!(Theme::select(Some("dark"), None, true).expect("mono").name, "mono");
    }
}

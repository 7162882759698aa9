//! Every list of every screen in every built-in theme: the selected row is readable. No selected
//! cell's text colour equals or nearly equals its background (contrast at least 4.5:1, as WCAG
//! asks of body text), and the row is marked with ">" so it reads without colour too.

mod common;

use anjian::i18n::Lang;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};

const THEMES: [&str; 5] = ["default", "dark", "light", "high-contrast", "mono"];

/// The colour as xterm draws it (the 16 ANSI colours of its default palette, the 256-colour cube).
fn rgb(c: Color) -> Option<(f64, f64, f64)> {
    let ansi = |i: u8| -> (u8, u8, u8) {
        [
            (0, 0, 0),
            (205, 0, 0),
            (0, 205, 0),
            (205, 205, 0),
            (0, 0, 238),
            (205, 0, 205),
            (0, 205, 205),
            (229, 229, 229),
            (127, 127, 127),
            (255, 0, 0),
            (0, 255, 0),
            (255, 255, 0),
            (92, 92, 255),
            (255, 0, 255),
            (0, 255, 255),
            (255, 255, 255),
        ][i as usize]
    };
    let (r, g, b) = match c {
        Color::Reset => return None,
        Color::Black => ansi(0),
        Color::Red => ansi(1),
        Color::Green => ansi(2),
        Color::Yellow => ansi(3),
        Color::Blue => ansi(4),
        Color::Magenta => ansi(5),
        Color::Cyan => ansi(6),
        Color::Gray => ansi(7),
        Color::DarkGray => ansi(8),
        Color::LightRed => ansi(9),
        Color::LightGreen => ansi(10),
        Color::LightYellow => ansi(11),
        Color::LightBlue => ansi(12),
        Color::LightMagenta => ansi(13),
        Color::LightCyan => ansi(14),
        Color::White => ansi(15),
        Color::Indexed(i) if i < 16 => ansi(i),
        Color::Indexed(i) if i >= 232 => {
            let v = 8 + 10 * (i - 232);
            (v, v, v)
        }
        Color::Indexed(i) => {
            let i = i - 16;
            let level = |x: u8| if x == 0 { 0 } else { 55 + 40 * x };
            (level(i / 36), level((i / 6) % 6), level(i % 6))
        }
        Color::Rgb(r, g, b) => (r, g, b),
    };
    Some((r as f64, g as f64, b as f64))
}

fn luminance((r, g, b): (f64, f64, f64)) -> f64 {
    let lin = |v: f64| {
        let v = v / 255.0;
        if v <= 0.03928 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

fn contrast(a: (f64, f64, f64), b: (f64, f64, f64)) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// The rows the selection style paints, and what is wrong in them.
fn check(buf: &Buffer, selection: ratatui::style::Style, what: &str) -> (usize, Vec<String>) {
    let mut rows = 0;
    let mut wrong = Vec::new();
    for y in 0..buf.area.height {
        let selected = |x: u16| {
            let c = &buf[(x, y)];
            match selection.bg {
                Some(bg) => c.bg == bg,
                None => c.modifier.contains(Modifier::REVERSED),
            }
        };
        // A selected list row: its gutter holds ">" in the selection style.
        let Some(x0) = (0..buf.area.width).find(|x| buf[(*x, y)].symbol() == ">" && selected(*x)) else { continue };
        rows += 1;
        for x in x0..buf.area.width {
            let c = &buf[(x, y)];
            if !selected(x) || c.symbol().trim().is_empty() {
                continue;
            }
            match (rgb(c.fg), rgb(c.bg)) {
                (Some(fg), Some(bg)) if contrast(fg, bg) >= 4.5 => {}
                // Reverse video of the terminal's own colours reads in any terminal.
                (None, None) if c.modifier.contains(Modifier::REVERSED) => {}
                (fg, bg) => {
                    wrong.push(format!("{what}: '{}' at {x},{y}: {:?} on {:?} ({fg:?}/{bg:?})", c.symbol(), c.fg, c.bg))
                }
            }
        }
    }
    (rows, wrong)
}

#[test]
fn the_selected_row_is_readable_on_every_list_in_every_theme() {
    let mut wrong = Vec::new();
    for theme in THEMES {
        let (_d, mut h) = common::demo_app(Lang::Zh, Some(theme), 120, 40);
        // The Duty log needs an entry to select.
        h.key(KeyCode::Char('8')).key(KeyCode::Char('+')).key(KeyCode::Tab).type_text("巡查东湖社区");
        h.key_with(KeyCode::Char('s'), ratatui::crossterm::event::KeyModifiers::CONTROL);
        let selection = h.app.theme.selection;
        for (key, screen) in [
            ('2', "grid tree"),
            ('3', "deadlines"),
            ('4', "hazards"),
            ('5', "tip-offs"),
            ('6', "alarms"),
            ('7', "checklist"),
            ('8', "duty"),
        ] {
            h.key(KeyCode::Char(key));
            // Not on the first row, where a header-coloured row could hide a fault.
            h.key(KeyCode::Down).key(KeyCode::Down);
            let buf = h.render().clone();
            let (rows, bad) = check(&buf, selection, &format!("{theme} {screen}"));
            assert!(rows >= 1, "{theme} {screen}: no selected row marked with '>':\n{}", h.screen());
            wrong.extend(bad);
        }
        // The Grid's flat list and the alarm silences panel.
        h.key(KeyCode::Char('2')).key(KeyCode::Char('/')).type_text("加油站").key(KeyCode::Enter);
        let (rows, bad) = check(&h.render().clone(), selection, &format!("{theme} grid list"));
        assert!(rows >= 1, "{theme} grid list:\n{}", h.screen());
        wrong.extend(bad);
    }
    assert!(wrong.is_empty(), "unreadable selected cells:\n{}", wrong.join("\n"));
}

//! Text from the database ends up on the terminal, and some of it came from spreadsheets and
//! upstreams: it is cleaned by [`crate::domain::text::one_line`] before drawing, and truncation
//! counts display width (CJK = 2 cells) and never splits a character.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// No field is drawn wider than a screen row; cutting a megabyte-long upstream line here keeps
/// every later step (width, truncation, wrapping) proportional to what can be shown.
const LONGEST: usize = 2_000;

/// Controls shown as `�`, line breaks as spaces, invisible and bidi characters dropped.
pub fn clean(s: &str) -> String {
    crate::domain::text::one_line(s, LONGEST).into_owned()
}

pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cleans and cuts `s` to at most `max` cells, marking a cut with "..".
pub fn fit(s: &str, max: usize) -> String {
    let s = clean(s);
    if width(&s) <= max {
        return s;
    }
    let room = max.saturating_sub(2);
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        used += w;
        out.push(c);
    }
    if max >= 2 {
        out.push_str("..");
    }
    out
}

/// Pads `s` with spaces to exactly `cols` cells (cutting it first if needed).
pub fn pad(s: &str, cols: usize) -> String {
    let mut out = fit(s, cols);
    let w = width(&out);
    out.extend(std::iter::repeat_n(' ', cols.saturating_sub(w)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_table() {
        assert_eq!(fit("云溪五金店", 10), "云溪五金店");
        assert_eq!(fit("云溪五金店", 9), "云溪五..");
        assert_eq!(fit("云溪五金店", 8), "云溪五..");
        assert_eq!(fit("abc", 2), "..");
        assert_eq!(fit("a\u{1b}[31mb", 10), "a\u{FFFD}[31mb");
        assert_eq!(fit("x\u{202E}y", 10), "xy");
        assert_eq!(pad("云溪", 6), "云溪  ");
        assert_eq!(width(&pad("云溪五金店", 7)), 7);
    }
}

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

/// Punctuation that must not begin a line (it stays at the end of the one before).
const NO_LINE_START: &str = "，。、；：！？）」』》〉】”’,.;:!?)]}%";

/// Wraps `s` (cleaned, with its own line breaks kept) into lines of at most `cols` cells: Latin
/// words break at spaces, Chinese anywhere except before closing punctuation.
pub fn wrap(s: &str, cols: usize) -> Vec<String> {
    let cols = cols.max(2);
    let mut out = Vec::new();
    for para in s.split('\n') {
        let para = clean(para);
        let mut line = String::new();
        let mut used = 0;
        // Where the line could break: its byte length there.
        let mut space: Option<usize> = None;
        for c in para.chars() {
            let w = c.width().unwrap_or(0);
            if used + w > cols {
                // A closing mark may not start a line: the character before it goes down with it
                // (the line stays within its width; a hanging mark would be cut by the border).
                let last = line.chars().last().filter(|l| NO_LINE_START.contains(c) && !l.is_ascii());
                match (last, space.filter(|_| c != ' ')) {
                    (Some(l), _) if line.chars().count() > 1 => {
                        line.pop();
                        out.push(std::mem::take(&mut line));
                        line.push(l);
                        used = l.width().unwrap_or(0);
                    }
                    // Carry the unfinished word over.
                    (_, Some(at)) if at > 0 => {
                        let rest = line.split_off(at);
                        out.push(line.trim_end().to_string());
                        line = rest.trim_start().to_string();
                        used = width(&line);
                    }
                    _ => {
                        out.push(std::mem::take(&mut line));
                        used = 0;
                    }
                }
                space = None;
                if c == ' ' {
                    continue;
                }
            }
            if c == ' ' {
                space = Some(line.len() + 1);
            } else if !c.is_ascii() {
                // After a Chinese character a line may break anywhere.
                space = Some(line.len() + c.len_utf8());
            }
            line.push(c);
            used += w;
        }
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_table() {
        assert_eq!(wrap("abc def ghi", 7), vec!["abc def", "ghi"]);
        assert_eq!(wrap("云溪五金店，库房堆放", 6), vec!["云溪五", "金店，", "库房堆", "放"]);
        assert_eq!(wrap("第一行\n第二行", 20), vec!["第一行", "第二行"]);
        assert_eq!(wrap("云溪五金店，库房", 10), vec!["云溪五金", "店，库房"], "the mark goes down with a character");
        assert_eq!(wrap("", 5), vec![""]);
        for line in wrap("检查地下空间、低洼厂房和在建工地的排水，暂停高处和户外作业。 Check drains.", 9)
        {
            assert!(width(&line) <= 9, "{line}");
            assert!(!line.starts_with(['，', '。']), "{line}");
        }
    }

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

//! Text from upstream platforms, spreadsheets and people, made safe to show on a terminal.
//!
//! Upstream text is untrusted: an escape sequence in an alarm's headline could retitle the window,
//! write the clipboard (OSC 52) or recolour the screen; a bidirectional override could make a unit's
//! name read backwards; hundreds of combining marks on one letter draw over the rows above and below.
//! The store keeps what upstream sent; these functions decide what a terminal may receive.

use std::borrow::Cow;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthChar;

/// Combining marks kept on one letter: enough for any real script (Vietnamese stacks two, Tibetan
/// and Indic clusters a few more), far too few for "zalgo" text that paints outside its row.
pub const MAX_MARKS: usize = 4;

/// Characters in one cluster (a letter with its marks, or a conjunct of several letters).
pub const MAX_CLUSTER: usize = 16;

/// Characters shown as a placeholder where text must stay on one line.
pub const REPLACEMENT: char = '\u{FFFD}';

/// Invisible characters that change how the text around them is shown or read: bidirectional
/// embeddings, overrides, isolates and marks, zero-width spaces and joiners, the byte-order mark,
/// invisible operators, interlinear annotation and tag characters. They are dropped: nothing a duty
/// officer needs is lost, and what is on screen is what the text says.
pub fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}' | '\u{E0000}'..='\u{E007F}')
}

/// A character a terminal acts on instead of showing (C0, DEL and C1, which holds CSI and OSC).
pub fn is_terminal_control(c: char) -> bool {
    c.is_control()
}

/// Whether `s` would reach a terminal unchanged through [`one_line`].
pub fn is_clean(s: &str) -> bool {
    !s.chars().any(|c| is_terminal_control(c) || is_invisible_format(c))
        && s.graphemes(true).all(|g| {
            g.chars().count() <= MAX_CLUSTER
                && g.chars().filter(|c| c.width() == Some(0)).count() <= MAX_MARKS
                && g.chars().next().is_none_or(|c| c.width() != Some(0))
        })
}

/// Text for one row of a list or a field: line breaks and tabs become spaces, other controls a
/// visible `�` (so `ESC[31m` shows as `�[31m`, not as red), invisible formatting is dropped, marks
/// beyond [`MAX_MARKS`] per letter are dropped, and text longer than `max_chars` ends in `…`.
pub fn one_line(s: &str, max_chars: usize) -> Cow<'_, str> {
    if is_clean(s) && s.chars().nth(max_chars).is_none() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len().min(max_chars * 4));
    let mut kept = 0;
    for g in s.graphemes(true) {
        if kept == max_chars {
            if out.ends_with(' ') {
                out.pop();
            }
            out.push('…');
            break;
        }
        let before = out.len();
        push_grapheme(&mut out, g);
        if out.len() > before {
            kept += 1;
        }
    }
    Cow::Owned(settled(out))
}

/// Cleaning can join what was apart: a mark that followed a control now follows its `�`. The
/// output is segmented again and cleaned until nothing changes (removing marks cannot join more).
fn settled(mut out: String) -> String {
    for _ in 0..4 {
        if is_clean(&out) {
            break;
        }
        let mut again = String::with_capacity(out.len());
        for g in out.graphemes(true) {
            push_grapheme(&mut again, g);
        }
        out = again;
    }
    out
}

/// Text of several lines for a terminal (a command's report, an error with its causes): each line
/// cleaned as [`one_line`] does, the line breaks kept.
pub fn lines(s: &str, max_per_line: usize) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&one_line(line.strip_suffix('\r').unwrap_or(line), max_per_line));
    }
    out
}

/// A cell of a sheet written for people (CSV): terminal controls become `�`, invisible formatting
/// is dropped; line breaks and tabs inside the cell stay (a multi-line description is data).
pub fn for_sheet(s: &str) -> Cow<'_, str> {
    let bad = |c: char| (is_terminal_control(c) && !matches!(c, '\n' | '\t' | '\r')) || is_invisible_format(c);
    if !s.chars().any(bad) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .filter(|c| !is_invisible_format(*c))
            .map(|c| if is_terminal_control(c) && !matches!(c, '\n' | '\t' | '\r') { REPLACEMENT } else { c })
            .collect(),
    )
}

/// Whether a spreadsheet would take the cell for a formula (OWASP's list: `=`, `+`, `-`, `@`, a tab
/// or a carriage return first), looking past quotes already put in front. A plain number such
/// as `-12.5` is a number, not a formula.
fn formula_like(s: &str) -> bool {
    let rest = s.trim_start_matches('\'');
    rest.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_plain_number(rest)
}

fn is_plain_number(s: &str) -> bool {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|c| *c == '.').count() <= 1
        && digits.chars().any(|c| c.is_ascii_digit())
}

/// A CSV cell a spreadsheet will show as text: a formula-like cell gets a `'` in front (OWASP's
/// advice for CSV injection); [`from_sheet_guard`] takes it off again on import, so an export
/// re-imports exactly.
pub fn sheet_guard(s: &str) -> Cow<'_, str> {
    if formula_like(s) { Cow::Owned(format!("'{s}")) } else { Cow::Borrowed(s) }
}

/// The cell as it was before [`sheet_guard`].
pub fn from_sheet_guard(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if formula_like(rest) => rest,
        _ => s,
    }
}

/// The same cleaning for a single screen cell's symbol (the last guard before the terminal).
pub fn cell_symbol(symbol: &str) -> Cow<'_, str> {
    // Nearly every cell holds one ordinary character: decide that without segmenting.
    let mut chars = symbol.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && !is_terminal_control(c)
        && !is_invisible_format(c)
        && c.width() != Some(0)
    {
        return Cow::Borrowed(symbol);
    }
    if is_clean(symbol) {
        return Cow::Borrowed(symbol);
    }
    let mut out = String::with_capacity(symbol.len());
    for g in symbol.graphemes(true) {
        push_grapheme(&mut out, g);
    }
    let mut out = settled(out);
    if out.is_empty() {
        out.push(' ');
    }
    Cow::Owned(out)
}

fn push_grapheme(out: &mut String, g: &str) {
    let start = out.len();
    let mut marks = 0;
    let mut base = true;
    for c in g.chars() {
        if is_invisible_format(c) {
            continue;
        }
        if is_terminal_control(c) {
            out.push(if matches!(c, '\n' | '\r' | '\t') { ' ' } else { REPLACEMENT });
            base = true;
            continue;
        }
        let zero = c.width() == Some(0);
        if base {
            // A mark with nothing before it (after a control, or at the start) would stack on
            // whatever the terminal drew last: it is dropped.
            if zero {
                continue;
            }
            out.push(c);
            base = false;
        } else if !zero || marks < MAX_MARKS {
            out.push(c);
            marks += usize::from(zero);
        }
    }
    // A cluster longer than any script builds (conjuncts chain consonants through viramas) keeps
    // only its first letter.
    if out[start..].chars().count() > MAX_CLUSTER
        && let Some(first) = out[start..].chars().next()
    {
        out.truncate(start);
        out.push(first);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_table() {
        let zalgo = format!("a{}", "\u{0301}".repeat(40));
        let cases: &[(&str, &str)] = &[
            ("中石化某某加油站", "中石化某某加油站"),
            ("\u{1b}[31m红色\u{1b}[0m", "\u{FFFD}[31m红色\u{FFFD}[0m"),
            ("\u{1b}]52;c;ZWNobyBoaQ==\u{7}剪贴板", "\u{FFFD}]52;c;ZWNobyBoaQ==\u{FFFD}剪贴板"),
            ("\u{1b}]0;标题\u{1b}\\", "\u{FFFD}]0;标题\u{FFFD}\\"),
            ("\u{9b}31m C1", "\u{FFFD}31m C1"),
            ("第一行\r\n第二行\t完", "第一行  第二行 完"),
            ("\u{202E}站油加\u{202C}", "站油加"),
            ("\u{2067}abc\u{2069}", "abc"),
            ("加\u{200B}油\u{200D}站\u{FEFF}", "加油站"),
            ("tag\u{E0041}\u{E007F}", "tag"),
            ("Vie\u{0302}\u{0301}t", "Vie\u{0302}\u{0301}t"),
            (&zalgo, "a\u{0301}\u{0301}\u{0301}\u{0301}"),
            ("\u{7f}del", "\u{FFFD}del"),
            // Found by fuzzing: marks after a control stacked on its replacement.
            ("\u{c}\u{743}\u{743}\u{343}\u{743}\u{743}", "\u{FFFD}"),
            ("\u{301}\u{301}start", "start"),
        ];
        for (input, want) in cases {
            assert_eq!(one_line(input, 200), *want, "input {input:?}");
        }
    }

    #[test]
    fn sheet_cells_are_guarded_and_restored_exactly() {
        let table: &[(&str, &str)] = &[
            ("=HYPERLINK(\"http://x\",\"点我\")", "'=HYPERLINK(\"http://x\",\"点我\")"),
            ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("'=1", "''=1"),
            ("''@x", "'''@x"),
            ("-12.5", "-12.5"),
            ("+86", "+86"),
            ("'plain", "'plain"),
            ("加油站", "加油站"),
            ("", ""),
            ("-", "'-"),
        ];
        for (cell, guarded) in table {
            assert_eq!(sheet_guard(cell), *guarded, "{cell:?}");
            assert_eq!(from_sheet_guard(guarded), *cell, "round trip of {cell:?}");
        }
        assert_eq!(for_sheet("a\u{1b}]52;c;eA==\u{7}b\nc\u{202E}d"), "a\u{FFFD}]52;c;eA==\u{FFFD}b\ncd");
        assert_eq!(lines("ok\n\u{1b}]0;t\u{7}\r\nlast", 100), "ok\n\u{FFFD}]0;t\u{FFFD}\nlast");
    }

    #[test]
    fn clean_text_is_borrowed_and_long_text_is_cut() {
        assert!(matches!(one_line("值班台", 10), Cow::Borrowed(_)));
        assert_eq!(one_line("一二三四五六", 4), "一二三四…");
        assert_eq!(one_line("ab cd", 3), "ab…");
        let long = "长".repeat(100_000);
        assert_eq!(one_line(&long, 500).chars().count(), 501);
    }

    #[test]
    fn cell_symbols_never_carry_controls_or_marks_beyond_the_cap() {
        for (symbol, want) in [
            ("a", "a"),
            ("\u{202E}", " "),
            ("a\u{200B}\u{202E}", "a"),
            ("e\u{0301}\u{0301}\u{0301}\u{0301}\u{0301}\u{0301}", "e\u{0301}\u{0301}\u{0301}\u{0301}"),
            ("\u{1b}", "\u{FFFD}"),
        ] {
            let got = cell_symbol(symbol);
            assert_eq!(got, want, "symbol {symbol:?}");
            assert!(is_clean(&got));
        }
    }
}

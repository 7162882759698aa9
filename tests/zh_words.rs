//! No English in a Chinese screen: every zh snapshot is scanned for ASCII words of three or more
//! letters. Codes, ids and units are allowed (a CAP sender's domain, a feed's host, a credit
//! code, an acronym in capitals such as LEL, PIN or KTV, a key's name such as Esc, Tab, Enter,
//! Ctrl). The hostile-text snapshots are left out: they show an upstream's own words on purpose.

use std::path::Path;

/// Words that are names of keys or units, not English prose.
const KEYS: &[&str] = &[
    "esc", "tab", "backtab", "enter", "ctrl", "shift", "pgup", "pgdn", "pageup", "pagedown", "home", "end", "down",
    "left", "right", "space",
];

fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev: Option<char> = None;
    let mut run_prev: Option<char> = None;
    for c in line.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_alphabetic() {
            if cur.is_empty() {
                run_prev = prev;
            }
            cur.push(c);
        } else {
            // A word glued to digits, dots, @ or - is a code (a host, an id, a version).
            let code = matches!(run_prev, Some(p) if p.is_ascii_digit() || ".@-_/=:".contains(p))
                || c.is_ascii_digit()
                || ".@-_/=".contains(c);
            let acronym = cur.chars().all(|c| c.is_ascii_uppercase());
            if cur.len() >= 3 && !code && !acronym && !KEYS.contains(&cur.to_lowercase().as_str()) {
                out.push(cur.clone());
            }
            cur.clear();
        }
        prev = Some(c);
    }
    out
}

#[test]
fn no_english_word_in_a_chinese_screen() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let mut found = Vec::new();
    let mut scanned = 0;
    for entry in std::fs::read_dir(&dir).expect("snapshots") {
        let path = entry.expect("entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        if !name.contains("_zh") || !name.ends_with(".snap") || name.starts_with("hostile_text__") {
            continue;
        }
        scanned += 1;
        let text = std::fs::read_to_string(&path).expect("read");
        // The body follows the second "---" line of insta's header.
        let body = text.splitn(3, "---\n").nth(2).unwrap_or("");
        for (i, line) in body.lines().enumerate() {
            for w in words(line) {
                found.push(format!("{name}:{}: {w}   | {}", i + 1, line.trim()));
            }
        }
    }
    assert!(scanned > 40, "only {scanned} zh snapshots");
    assert!(found.is_empty(), "{} English words in zh screens:\n{}", found.len(), found.join("\n"));
}

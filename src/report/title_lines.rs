//! A long title broken into lines of about equal length, as an official document's title is set
//! (GB/T 9704: 回行时要做到词意完整，排列对称，长短适宜): not a full first line and a word alone on
//! the last.

use unicode_width::UnicodeWidthChar;

/// Where a line may end: after these characters a Chinese title reads whole.
const BREAK_AFTER: &[char] = &['于', '年', '度', '的', '和', '及', '与', '、'];

/// `title` in lines of at most `per_line` full-width characters (a digit counts half), as even
/// as the breaking points allow.
pub fn balanced(title: &str, per_line: usize) -> Vec<String> {
    let cols = |s: &str| s.chars().map(|c| c.width().unwrap_or(0)).sum::<usize>();
    let limit = per_line * 2;
    let total = cols(title);
    if total <= limit {
        return vec![title.to_string()];
    }
    let lines = total.div_ceil(limit);
    let target = total.div_ceil(lines);
    let mut out = Vec::new();
    let mut rest = title;
    while cols(rest) > limit {
        // The breaking point nearest the even share, within the line's limit; else the limit.
        let mut best: Option<(usize, usize)> = None;
        let mut width = 0;
        for (i, c) in rest.char_indices() {
            width += c.width().unwrap_or(0);
            if width > limit {
                break;
            }
            let end = i + c.len_utf8();
            if BREAK_AFTER.contains(&c) && end < rest.len() {
                let off = width.abs_diff(target);
                if best.is_none_or(|(_, b)| off < b) {
                    best = Some((end, off));
                }
            }
        }
        let cut = best.map(|b| b.0).unwrap_or_else(|| {
            let mut w = 0;
            rest.char_indices()
                .find(|(_, c)| {
                    w += c.width().unwrap_or(0);
                    w > target
                })
                .map(|(i, _)| i)
                .unwrap_or(rest.len())
        });
        out.push(rest[..cut].to_string());
        rest = &rest[cut..];
    }
    out.push(rest.to_string());
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn titles_break_into_even_lines_at_whole_words() {
        for (title, lines) in [
            ("云溪街道2026年第四季度安全生产工作情况报告", vec!["云溪街道2026年第四季度", "安全生产工作情况报告"]),
            (
                "云溪街道办事处关于2026年第四季度安全生产治本攻坚工作情况的报告",
                vec!["云溪街道办事处关于2026年第四季度", "安全生产治本攻坚工作情况的报告"],
            ),
            ("关于安全生产的报告", vec!["关于安全生产的报告"]),
        ] {
            assert_eq!(super::balanced(title, 20), lines, "{title}");
        }
        let long = "云溪街道办事处关于".repeat(6);
        assert!(super::balanced(&long, 20).iter().all(|l| l.chars().count() <= 20));
    }
}

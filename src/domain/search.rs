//! What the `/` search of a list matches, as pure rules: three characters or more anywhere in a
//! text (a trigram index serves them); one or two, below a trigram, at its start (the indexes of
//! each text's first two characters serve them, migration 030). `store::text_search` turns these
//! into SQL.

/// Below a trigram: one or two characters.
pub fn short(q: &str) -> bool {
    q.trim().chars().count() < 3
}

/// What a short query matches, as the lead indexes hold it: the first two characters, ASCII
/// folded to lower case as SQLite's `lower()` folds.
pub fn lead(text: &str) -> String {
    text.chars().take(2).collect::<String>().to_ascii_lowercase()
}

/// The range of leads that begin with `q`: from `q` up to (not including) `q` with its last
/// character moved one on; no upper end after the last character there is.
pub fn lead_range(q: &str) -> (String, Option<String>) {
    let low = lead(q);
    let mut chars: Vec<char> = low.chars().collect();
    let next = chars.pop().and_then(|c| {
        let n = c as u32 + 1;
        // Past the surrogates, which are no characters.
        char::from_u32(if (0xD800..0xE000).contains(&n) { 0xE000 } else { n })
    });
    let high = next.map(|c| chars.iter().chain(std::iter::once(&c)).collect());
    (low, high)
}

/// Whether a short query finds `text`: the text begins with it, ASCII case aside (the rule the
/// lead indexes serve; the tests hold the indexed search to it).
pub fn begins_with(text: &str, q: &str) -> bool {
    lead(text).starts_with(&lead(q.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lead_range_holds_exactly_the_leads_that_begin_with_the_query() {
        let cases: &[(&str, &str, Option<&str>)] = &[
            ("动", "动", Some("助")),
            ("动火", "动火", Some("动灬")),
            ("Ab", "ab", Some("ac")),
            ("9", "9", Some(":")),
            ("\u{D7FF}", "\u{D7FF}", Some("\u{E000}")),
            ("x\u{10FFFF}", "x\u{10FFFF}", None),
        ];
        for (q, low, high) in cases {
            assert_eq!(lead_range(q), (low.to_string(), high.map(str::to_string)), "{q}");
        }
        assert!(short("动火") && short(" 动 ") && !short("动火作"));
        assert_eq!(lead("ABc"), "ab");
        assert_eq!(lead("粉尘浓度"), "粉尘");
        let finds: &[(&str, &str, bool)] = &[
            ("动火作业无人监护", "动火", true),
            ("动火作业无人监护", "动", true),
            ("禁止动火", "动火", false),
            ("AB加油站", "ab", true),
            ("a", "ab", false),
            ("", "a", false),
            ("加油站", " 加 ", true),
        ];
        for (text, q, want) in finds {
            assert_eq!(begins_with(text, q), *want, "{text} {q}");
        }
    }
}

//! `anjian template import`: a first draft of a plan template from a plan document in plain text,
//! for a person to review. It finds the numbered measures (and the "（一）" task headings above
//! them) and recognises the Chinese time phrases that set their time nodes. Real documents are
//! messy: a measure number used twice or skipped is kept and reported, never dropped.

use chrono::NaiveDate;
use std::fmt::Write as _;

#[derive(Debug, Clone, PartialEq)]
pub struct DraftTask {
    pub number: u32,
    pub title: String,
    section: u32,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct DraftMeasure {
    pub task: u32,
    /// Which top-level section ("一、", "二、" …) the task heading stood in.
    section: u32,
    pub number: u32,
    /// Line in the source where it starts (1-based).
    pub line: usize,
    pub text: String,
    pub due: Vec<NaiveDate>,
    pub every: Option<&'static str>,
    pub ongoing: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Draft {
    pub tasks: Vec<DraftTask>,
    pub measures: Vec<DraftMeasure>,
    pub warnings: Vec<String>,
}

const CN_DIGITS: &str = "零一二三四五六七八九";

/// 一 … 九十九 → number.
fn chinese_number(s: &str) -> Option<u32> {
    let digit = |c: char| CN_DIGITS.chars().position(|d| d == c).map(|n| n as u32);
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [a] => digit(*a),
        ['十', b] => Some(10 + digit(*b)?),
        [a, '十'] => Some(digit(*a)? * 10),
        [a, '十', b] => Some(digit(*a)? * 10 + digit(*b)?),
        _ => None,
    }
}

/// "（三）开展…" → (3, "开展…").
fn task_heading(line: &str) -> Option<(u32, String)> {
    let rest = line.strip_prefix('（').or_else(|| line.strip_prefix('('))?;
    let close = rest.find(['）', ')'])?;
    let n = chinese_number(&rest[..close])?;
    let title = rest[close..].trim_start_matches(['）', ')']).trim();
    Some((n, title.to_string()))
}

/// "12. …" / "12．…" / "12、…" → (12, "…").
fn measure_start(line: &str) -> Option<(u32, String)> {
    let digits: String = line.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 3 {
        return None;
    }
    let rest = &line[digits.len()..];
    let rest = rest.strip_prefix(['.', '．', '、'])?;
    Some((digits.parse().ok()?, rest.trim().to_string()))
}

/// "一、总体要求": a top-level section heading.
fn section_heading(line: &str) -> bool {
    line.split_once('、').is_some_and(|(n, _)| chinese_number(n).is_some())
}

fn month_end(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

/// Time nodes in a measure's text: dated milestones ("2024年底前", "2024年6月底前", "2025年年底",
/// a year opening a clause "2024年，…"), a bare "年底前" in `plan_year`, recurrence, "ongoing".
pub fn time_nodes(text: &str, plan_year: i32) -> (Vec<NaiveDate>, Option<&'static str>, bool) {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let chars: Vec<char> = compact.chars().collect();
    let mut due = Vec::new();
    let mut i = 0;
    while i + 4 < chars.len() {
        let year: String = chars[i..i + 4].iter().collect();
        if chars[i..i + 4].iter().all(char::is_ascii_digit)
            && chars[i + 4] == '年'
            && (i == 0 || !chars[i - 1].is_ascii_digit())
        {
            let y: i32 = year.parse().unwrap_or(plan_year);
            let after: String = chars[i + 5..].iter().take(6).collect();
            let month: String = after.chars().take_while(char::is_ascii_digit).collect();
            let date = if !month.is_empty() && after[month.len()..].starts_with("月底") {
                month.parse().ok().and_then(|m| month_end(y, m))
            } else if after.starts_with("底") || after.starts_with("年底") {
                NaiveDate::from_ymd_opt(y, 12, 31)
            } else if after.starts_with(['度', '）', ')', '》', '的', '〕', ']', '号'])
                || after.chars().next().is_some_and(|c| c.is_ascii_digit())
                || (i > 0 && matches!(chars[i - 1], '—' | '-' | '～' | '~' | '至'))
            {
                // "2024年度", the end of a span "2024—2026年）", a date "2024年3月25日", a document
                // number "安委〔2024〕10号": not milestones.
                None
            } else {
                // "2024年，重点开展…", "2024年推动…": that year's milestone.
                NaiveDate::from_ymd_opt(y, 12, 31)
            };
            if let Some(d) = date.filter(|d| (2000..2100).contains(&d.year_ce().1))
                && !due.contains(&d)
            {
                due.push(d);
            }
            i += 5;
            continue;
        }
        i += 1;
    }
    // "年底前" with no year of its own.
    let bare = compact.match_indices("年底前").any(|(at, _)| {
        let before: Vec<char> = compact[..at].chars().rev().take(4).collect();
        !(before.len() == 4 && before.iter().all(char::is_ascii_digit))
    });
    if bare
        && let Some(d) = NaiveDate::from_ymd_opt(plan_year, 12, 31)
        && !due.contains(&d)
    {
        due.push(d);
    }
    due.sort();
    let every = [("每季度", "quarter"), ("每半年", "half_year"), ("每月", "month"), ("每年", "year")]
        .into_iter()
        .find(|(w, _)| compact.contains(w))
        .map(|(_, e)| e);
    let ongoing = ["立行立改", "长期坚持", "持续", "常态化", "长效"].iter().any(|w| compact.contains(w));
    (due, every, ongoing)
}

use chrono::Datelike;

/// Reads the numbered measures of a plan. The list ends where numbering starts again at 1 (an
/// appendix with its own list follows) or at the end of the text.
pub fn draft(text: &str, plan_year: i32) -> Draft {
    let mut d = Draft::default();
    let (mut section, mut task) = (0u32, 0u32);
    let mut open: Option<DraftMeasure> = None;
    let mut last_number = 0u32;
    let finish = |m: Option<DraftMeasure>, d: &mut Draft| {
        if let Some(mut m) = m {
            (m.due, m.every, m.ongoing) = time_nodes(&m.text, plan_year);
            d.measures.push(m);
        }
    };
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if let Some((number, rest)) = measure_start(line) {
            if number == 1 && last_number >= 2 {
                // A new list begins (an appendix); the plan's measures are done.
                break;
            }
            finish(open.take(), &mut d);
            if last_number > 0 && number == last_number {
                d.warnings.push(format!("line {}: measure number {number} is used twice; both are kept", n + 1));
            } else if last_number > 0 && number > last_number + 1 {
                d.warnings.push(format!(
                    "line {}: measure {number} follows {last_number}; the numbering skips {}",
                    n + 1,
                    (last_number + 1..number).map(|x| x.to_string()).collect::<Vec<_>>().join(", ")
                ));
            }
            last_number = number;
            open = Some(DraftMeasure { task, section, number, line: n + 1, text: rest, ..Default::default() });
            continue;
        }
        if let Some((number, title)) = task_heading(line) {
            finish(open.take(), &mut d);
            task = number;
            d.tasks.push(DraftTask { number, title, section });
            continue;
        }
        if section_heading(line) {
            finish(open.take(), &mut d);
            section += 1;
            continue;
        }
        if line.starts_with("附件") {
            // An attachment follows: the plan's own list is over.
            break;
        }
        // A wrapped line continues the open measure.
        if let Some(m) = open.as_mut() {
            m.text.push_str(line);
        }
    }
    finish(open.take(), &mut d);
    // Only the tasks that hold measures are tasks of the plan (goals and closing sections are not).
    let used: std::collections::HashSet<(u32, u32)> = d.measures.iter().map(|m| (m.section, m.task)).collect();
    d.tasks.retain(|t| used.contains(&(t.section, t.number)));
    let mut numbers: Vec<u32> = d.tasks.iter().map(|t| t.number).collect();
    numbers.sort_unstable();
    numbers.dedup();
    if numbers.len() != d.tasks.len() {
        d.warnings.push("task numbers repeat across sections; renumber the tasks".into());
    }
    d
}

/// The first year (2000–2099) the text names: a plan's own year, for a bare "年底前".
pub fn first_year(text: &str) -> Option<i32> {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(5).find_map(|w| {
        (w[..4].iter().all(char::is_ascii_digit) && w[4] == '年' && w[0] == '2' && w[1] == '0')
            .then(|| w[..4].iter().collect::<String>().parse().ok())
            .flatten()
    })
}

/// The first clause of a measure, whole (to its 。 or ；): a comma often follows only a time
/// phrase ("2024 年底前，…"), which alone would be no title. The reviewer may shorten it.
fn short_title(text: &str) -> String {
    let cut = text.find(['。', '；']).unwrap_or(text.len());
    text[..cut].trim().to_string()
}

fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The draft as a template file, with the warnings at the top for the reviewer.
pub fn to_toml(d: &Draft, name: &str, source: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Draft from `anjian template import`: review every title and time node.");
    for w in &d.warnings {
        let _ = writeln!(out, "# WARNING {w}");
    }
    let _ = writeln!(out, "name = {}\nsource = {}\n", toml_str(name), toml_str(source));
    for t in &d.tasks {
        let _ = writeln!(out, "[[task]]\nnumber = {}\ntitle = {}\n", t.number, toml_str(&short_title(&t.title)));
    }
    for m in &d.measures {
        let _ = writeln!(
            out,
            "[[measure]]\ntask = {}\nnumber = {}\ntitle = {}",
            m.task,
            m.number,
            toml_str(&short_title(&m.text))
        );
        if !m.due.is_empty() {
            let dates: Vec<String> = m.due.iter().map(|d| d.to_string()).collect();
            let _ = writeln!(out, "due = [{}]", dates.join(", "));
        }
        if let Some(e) = m.every {
            let _ = writeln!(out, "every = {}", toml_str(e));
        }
        if m.ongoing || (m.due.is_empty() && m.every.is_none()) {
            let _ = writeln!(out, "ongoing = true");
        }
        let _ = writeln!(out, "# source line {}\n", m.line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_title_keeps_the_whole_first_clause() {
        assert_eq!(
            short_title("2024 年底前，建立重大事故隐患动态清零工作机制；2025 年推广。"),
            "2024 年底前，建立重大事故隐患动态清零工作机制"
        );
        assert_eq!(short_title("压实企业主体责任。其他"), "压实企业主体责任");
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn time_phrases() {
        for (text, due, every, ongoing) in [
            ("2024年6月底前摸清底数", vec!["2024-06-30"], None, false),
            ("2024 年底前完成，2025年底前全覆盖", vec!["2024-12-31", "2025-12-31"], None, false),
            ("2024年，重点开展培训。2025年，全覆盖", vec!["2024-12-31", "2025-12-31"], None, false),
            ("2026年年底形成机制", vec!["2026-12-31"], None, false),
            ("年底前建立台账", vec!["2024-12-31"], None, false),
            ("主要负责人每季度带队检查（高危行业每月）", vec![], Some("quarter"), false),
            ("重大事故隐患要立行立改", vec![], None, true),
            ("每半年组织一次演练", vec![], Some("half_year"), false),
        ] {
            let (got_due, got_every, got_ongoing) = time_nodes(text, 2024);
            let want: Vec<NaiveDate> = due.iter().map(|s| d(s)).collect();
            assert_eq!((got_due, got_every, got_ongoing), (want, every, ongoing), "{text}");
        }
    }

    #[test]
    fn numbering_mistakes_are_kept_and_reported() {
        let text = "一、目标\n（一）总目标\n二、重点\n（一）压实责任\n1. 甲。\n2. 乙，\n续行。\n（二）专项行动\n4. 丙\n4. 丁\n三、附件要求\n1. 附件第一条\n";
        let dr = draft(text, 2024);
        assert_eq!(dr.measures.iter().map(|m| m.number).collect::<Vec<_>>(), [1, 2, 4, 4]);
        assert_eq!(dr.measures[1].text, "乙，续行。");
        assert_eq!(dr.tasks.len(), 2);
        assert_eq!(dr.warnings.len(), 2, "{:?}", dr.warnings);
        assert!(dr.warnings[1].contains("number 4 is used twice"));
        let toml = to_toml(&dr, "t", "s");
        assert!(toml.contains("# WARNING") && toml.contains("[[measure]]"));
        assert_eq!(chinese_number("二十四"), Some(24));
    }
}

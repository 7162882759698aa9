//! The report laid out once as a sequence of blocks (title, numbered headings, paragraphs,
//! tables) in the chosen language; the Markdown, DOCX and XLSX writers each render these blocks,
//! so the three files always say the same thing.

use super::model::{HazardLine, Share};

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
}

impl Cell {
    pub fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(n) if n.fract() == 0.0 => format!("{n:.0}"),
            Cell::Number(n) => format!("{n:.1}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The table's name: the XLSX sheet it becomes (at most 31 characters there).
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// How the table fits a portrait A4 page; the workbook keeps every column.
    pub page: PageLayout,
}

/// Which columns a printed page shows and how wide (relative weights); empty shows all, equal.
/// A group column is printed as a full-width row above the rows it heads.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PageLayout {
    pub columns: Vec<(usize, u32)>,
    pub group: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Title(String),
    /// A line under the title (period, office, compiled by).
    Meta(String),
    /// The addressee line under the title (主送机关), flush left, ending in "：".
    Addressee(String),
    /// The closing: who signs (the office), the date, and the note with the contact, right after
    /// the body's last words.
    Signature {
        office: String,
        date: String,
        note: Option<String>,
        /// Placed for the office's seal (7.3.5.1) rather than without one (7.3.5.2).
        sealed: bool,
    },
    /// A new page (an attachment starts on one).
    PageBreak,
    /// An attachment's label at the top left of its first page ("附件1", in 黑体).
    Attachment(String),
    /// Level 1 "一、", 2 "（一）", 3 "1.": the numbering is part of the text.
    Heading(u8, String),
    Para(String),
    Table(Table),
}

/// "2026年11月23日" from a stored timestamp (Arabic numerals, as GB/T 9704 writes the date).
pub fn written_date(stamp: &str, zh: bool) -> String {
    let d = chrono::NaiveDate::parse_from_str(stamp.get(..10).unwrap_or(""), "%Y-%m-%d");
    match (d, zh) {
        (Ok(d), true) => d.format("%Y年%-m月%-d日").to_string(),
        (Ok(d), false) => d.to_string(),
        (Err(_), _) => stamp.to_string(),
    }
}

/// Where the signature of a document without a seal stands (GB/T 9704-2012, 7.3.5.2): the
/// office two characters in from the right, the date on the next line starting two characters to
/// the right of the office's first; a date longer than that keeps two characters from the edge and
/// pushes the office left. Returns (office, date) right indents in characters (a digit is half).
pub fn signature_indents(office: &str, date: &str) -> (f64, f64) {
    let chars = |s: &str| s.chars().map(|c| if c.is_ascii() { 0.5 } else { 1.0 }).sum::<f64>();
    let (n, m) = (chars(office), chars(date));
    let date_right = 2.0 + n - m - 2.0;
    if date_right >= 2.0 { (2.0, date_right) } else { (2.0 + m + 2.0 - n, 2.0) }
}

/// Where the signature of a document under a seal stands (GB/T 9704-2012, 7.3.5.1): the date
/// four characters in from the right, the office centred over the date (the seal then sits on
/// both). Returns (office, date) right indents in characters.
pub fn sealed_signature_indents(office: &str, date: &str) -> (f64, f64) {
    let chars = |s: &str| s.chars().map(|c| if c.is_ascii() { 0.5 } else { 1.0 }).sum::<f64>();
    let (n, m) = (chars(office), chars(date));
    ((4.0 + (m - n) / 2.0).max(0.0), 4.0)
}

/// An alarm level as the report counts it (red, orange …), in the report's language.
pub fn colour_name(colour: &str, zh: bool) -> String {
    match (colour, zh) {
        ("red", true) => "红色".into(),
        ("orange", true) => "橙色".into(),
        ("yellow", true) => "黄色".into(),
        ("blue", true) => "蓝色".into(),
        (other, _) => other.to_string(),
    }
}

const CN: [&str; 20] = [
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五", "十六", "十七",
    "十八", "十九", "二十",
];

pub(super) fn cn(n: usize) -> String {
    CN.get(n).map(|s| s.to_string()).unwrap_or_else(|| (n + 1).to_string())
}

/// Numbered headings as official documents write them ("一、", "（一）", "1."), or decimal
/// ("1.", "1.1", "1.1.1") in English.
pub(super) struct Numbering {
    counters: [usize; 3],
    zh: bool,
}

impl Numbering {
    pub(super) fn new(zh: bool) -> Numbering {
        Numbering { counters: [0; 3], zh }
    }

    pub(super) fn heading(&mut self, level: u8, text: &str) -> Block {
        let l = (level.clamp(1, 3) - 1) as usize;
        let n = self.counters[l];
        self.counters[l] += 1;
        for c in self.counters.iter_mut().skip(l + 1) {
            *c = 0;
        }
        let [a, b, _] = self.counters;
        let numbered = match (l, self.zh) {
            (0, true) => format!("{}、{text}", cn(n)),
            (1, true) => format!("（{}）{text}", cn(n)),
            (_, true) => format!("{}. {text}", n + 1),
            (0, false) => format!("{a}. {text}"),
            (1, false) => format!("{a}.{b} {text}"),
            (_, false) => format!("{a}.{b}.{} {text}", n + 1),
        };
        Block::Heading(level, numbered)
    }
}

pub(super) fn t(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

pub(super) fn n(v: i64) -> Cell {
    Cell::Number(v as f64)
}

pub(super) fn share_cells(s: &Share) -> [Cell; 3] {
    [n(s.part), n(s.whole), s.percent().map(Cell::Number).unwrap_or_else(|| t("-"))]
}

pub(super) fn figures_table(name: &str, zh: bool, rows: Vec<(String, Vec<Cell>)>) -> Block {
    let headers = if zh { ["项目", "数值", "基数", "比例(%)"] } else { ["Item", "Value", "Of", "Rate (%)"] };
    Block::Table(Table {
        name: name.to_string(),
        headers: headers.iter().map(|s| s.to_string()).collect(),
        rows: rows
            .into_iter()
            .map(|(label, mut cells)| {
                cells.resize(3, t(""));
                let mut row = vec![Cell::Text(label)];
                row.extend(cells);
                row
            })
            .collect(),
        page: PageLayout { columns: vec![(0, 5), (1, 2), (2, 2), (3, 2)], group: None },
    })
}

pub(super) fn hazard_table(name: &str, zh: bool, list: &[HazardLine]) -> Block {
    let headers = if zh {
        ["序号", "单位", "隐患", "重大", "整改期限", "状态", "督办层级"]
    } else {
        ["No.", "Unit", "Hazard", "Major", "Deadline", "Status", "Supervised by"]
    };
    Block::Table(Table {
        name: name.to_string(),
        headers: headers.iter().map(|s| s.to_string()).collect(),
        // Numbered 1…n: the database's ids mean nothing to the reader.
        rows: list
            .iter()
            .enumerate()
            .map(|(i, h)| {
                vec![
                    n(i as i64 + 1),
                    t(&h.unit),
                    t(&h.description),
                    t(if h.major { if zh { "是" } else { "yes" } } else { "" }),
                    t(&h.deadline),
                    t(&crate::domain::hazard::HazardStatus::parse(&h.status)
                        .map(|s| s.name(zh).to_string())
                        .unwrap_or(h.status.clone())),
                    t(&h.supervising_level),
                ]
            })
            .collect(),
        page: PageLayout { columns: vec![(0, 3), (1, 6), (2, 7), (3, 3), (4, 5), (5, 3), (6, 4)], group: None },
    })
}

pub(super) fn pct(s: &Share) -> String {
    s.percent().map(|p| format!("{p:.1}%")).unwrap_or_else(|| "-".into())
}

/// An empty table becomes a sentence saying so.
pub(super) fn list_or_none(b: Block, zh: bool) -> Block {
    match &b {
        Block::Table(t) if t.rows.is_empty() => Block::Para((if zh { "无。" } else { "None." }).to_string()),
        _ => b,
    }
}

#[cfg(test)]
mod signature_tests {
    use crate::report::blocks::{signature_indents, written_date};

    #[test]
    fn the_signature_stands_by_the_standards_rule() {
        // Office 7 characters, date 7 (2026年11月30日: eight half-width digits): the date would end
        // flush right, so it keeps two characters and the office moves four in.
        assert_eq!(signature_indents("云溪街道办事处", "2026年11月30日"), (4.0, 2.0));
        // A long office name: two in; the date starts two characters right of its first.
        assert_eq!(signature_indents("云溪街道安全生产委员会办公室", "2026年1月5日"), (2.0, 8.0));
        assert_eq!(written_date("2026-01-05T09:00:00+08:00", true), "2026年1月5日");
    }

    #[test]
    fn a_sealed_signature_centres_the_office_over_a_date_four_characters_in() {
        use crate::report::blocks::sealed_signature_indents;
        // Office 7 characters over a date of 7 (8 digits as 4 + 3 characters): both four in.
        assert_eq!(sealed_signature_indents("云溪街道办事处", "2026年11月30日"), (4.0, 4.0));
        // A 9-character office over a 6-character date: one and a half characters further out.
        assert_eq!(sealed_signature_indents("云溪街道安委会办公室", "2026年1月5日"), (2.0, 4.0));
    }
}

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
    /// Level 1 "一、", 2 "（一）", 3 "1.": the numbering is part of the text.
    Heading(u8, String),
    Para(String),
    Table(Table),
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
        page: PageLayout { columns: vec![(0, 3), (1, 6), (2, 8), (3, 2), (4, 6), (5, 3), (6, 3)], group: None },
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

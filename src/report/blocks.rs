//! The report laid out once as a sequence of blocks (title, numbered headings, paragraphs,
//! tables) in the chosen language; the Markdown, DOCX and XLSX writers each render these blocks,
//! so the three files always say the same thing.

use super::model::{HazardLine, Report, Share};
use crate::i18n::Lang;

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

fn cn(n: usize) -> String {
    CN.get(n).map(|s| s.to_string()).unwrap_or_else(|| (n + 1).to_string())
}

/// Numbered headings as official documents write them ("一、", "（一）", "1."), or decimal
/// ("1.", "1.1", "1.1.1") in English.
pub(super) struct Numbering {
    counters: [usize; 3],
    zh: bool,
}

impl Numbering {
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
        ["编号", "单位", "隐患", "重大", "整改期限", "状态", "督办层级"]
    } else {
        ["No.", "Unit", "Hazard", "Major", "Deadline", "Status", "Supervised by"]
    };
    Block::Table(Table {
        name: name.to_string(),
        headers: headers.iter().map(|s| s.to_string()).collect(),
        rows: list
            .iter()
            .map(|h| {
                vec![
                    n(h.id),
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

pub fn blocks(r: &Report, lang: Lang) -> Vec<Block> {
    let zh = lang.zh();
    let tr = |a: &str, b: &str| if zh { a.to_string() } else { b.to_string() };
    let mut out = Vec::new();
    let mut h = Numbering { counters: [0; 3], zh };
    let (year, q) = r.quarter.split_once('Q').unwrap_or((&r.quarter, ""));
    out.push(Block::Title(if zh {
        format!(
            "{}{year}年第{}季度安全生产工作情况报告",
            r.office,
            cn(q.parse::<usize>().unwrap_or(1).saturating_sub(1))
        )
    } else {
        format!("{}: work-safety report for {}", r.office, r.quarter)
    }));
    out.push(Block::Meta(if zh {
        format!(
            "报告期：{} 至 {}；数据截至 {}；编制：{}，{}",
            r.from,
            r.to,
            r.as_of,
            r.compiled_by,
            &r.compiled_at[..r.compiled_at.len().min(16)].replace('T', " ")
        )
    } else {
        format!(
            "Period {} to {}; figures as of {}; compiled by {} at {}",
            r.from,
            r.to,
            r.as_of,
            r.compiled_by,
            &r.compiled_at[..r.compiled_at.len().min(16)].replace('T', " ")
        )
    }));

    // 一、总体情况
    out.push(h.heading(1, &tr("总体情况", "Summary")));
    let s = &r.summary;
    out.push(Block::Para(if zh {
        format!(
            "本季度辖区纳入网格管理的生产经营单位{}家、网格{}个。排查发现隐患{}处，按期整改率{}；期末未销号重大隐患{}处。受理举报{}件，接收预警告警{}条。治本攻坚任务清单本季度应推进事项{}项，已完成或不适用{}项。",
            s.units, s.grids, s.hazards_found, pct(&s.hazards_on_time), s.major_open, s.tipoffs_received, s.alarms_received, s.checklist_done.whole, s.checklist_done.part
        )
    } else {
        format!(
            "The office supervises {} units in {} grids. {} hazards were found this quarter, on-time rectification {}; {} major hazards were open at the end. {} tip-offs were received and {} alarms. Of {} checklist items active this quarter, {} are done or not applicable.",
            s.units, s.grids, s.hazards_found, pct(&s.hazards_on_time), s.major_open, s.tipoffs_received, s.alarms_received, s.checklist_done.whole, s.checklist_done.part
        )
    }));
    out.push(figures_table(
        &tr("总体情况", "Summary"),
        zh,
        vec![
            (tr("监管单位", "Units"), vec![n(s.units)]),
            (tr("网格", "Grids"), vec![n(s.grids)]),
            (tr("新发现隐患", "Hazards found"), vec![n(s.hazards_found)]),
            (tr("隐患按期整改", "Hazards rectified on time"), share_cells(&s.hazards_on_time).to_vec()),
            (tr("未销号重大隐患", "Major hazards open"), vec![n(s.major_open)]),
            (tr("受理举报", "Tip-offs received"), vec![n(s.tipoffs_received)]),
            (tr("预警告警", "Alarms received"), vec![n(s.alarms_received)]),
            (tr("任务清单完成", "Checklist items settled"), share_cells(&s.checklist_done).to_vec()),
        ],
    ));

    super::sections::plans(&mut out, &mut h, r, zh);
    super::sections::records(&mut out, &mut h, r, zh);

    // 七、问题；八、下季度
    out.push(h.heading(1, &tr("存在的问题", "Problems")));
    out.push(Block::Para(own(&r.problems, zh)));
    out.push(h.heading(1, &tr("下季度工作计划", "Plan for next quarter")));
    out.push(Block::Para(own(&r.plan_next, zh)));
    let nq = &r.next_quarter;
    out.push(h.heading(2, &(tr("下季度到期事项（", "Falling due in ") + &nq.quarter + &tr("）", ""))));
    let mut rows: Vec<Vec<Cell>> = nq.milestones.iter().map(|(p, m, d)| vec![t(d), t(m), t(p)]).collect();
    rows.extend(nq.by_kind.iter().map(|(k, c)| vec![t(""), t(&format!("{k} × {c}")), t("")]));
    out.push(list_or_none(
        Block::Table(Table {
            name: tr("下季度", "Next quarter"),
            headers: if zh {
                vec!["到期日".into(), "事项".into(), "来源".into()]
            } else {
                vec!["Due".into(), "Item".into(), "From".into()]
            },
            rows,
            page: PageLayout { columns: vec![(0, 2), (1, 6), (2, 4)], group: None },
        }),
        zh,
    ));
    out
}

pub(super) fn pct(s: &Share) -> String {
    s.percent().map(|p| format!("{p:.1}%")).unwrap_or_else(|| "-".into())
}

fn own(text: &str, zh: bool) -> String {
    if text.trim().is_empty() {
        (if zh { "（待填写）" } else { "(to be written)" }).to_string()
    } else {
        text.to_string()
    }
}

/// An empty table becomes a sentence saying so.
pub(super) fn list_or_none(b: Block, zh: bool) -> Block {
    match &b {
        Block::Table(t) if t.rows.is_empty() => Block::Para((if zh { "无。" } else { "None." }).to_string()),
        _ => b,
    }
}

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
struct Numbering {
    counters: [usize; 3],
    zh: bool,
}

impl Numbering {
    fn heading(&mut self, level: u8, text: &str) -> Block {
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

fn t(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

fn n(v: i64) -> Cell {
    Cell::Number(v as f64)
}

fn share_cells(s: &Share) -> [Cell; 3] {
    [n(s.part), n(s.whole), s.percent().map(Cell::Number).unwrap_or_else(|| t("-"))]
}

fn figures_table(name: &str, zh: bool, rows: Vec<(String, Vec<Cell>)>) -> Block {
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

fn hazard_table(name: &str, zh: bool, list: &[HazardLine]) -> Block {
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

    // 二、任务推进
    out.push(h.heading(1, &tr("治本攻坚任务推进情况", "Progress of the plans")));
    if r.plans.is_empty() {
        out.push(Block::Para(tr("本季度无在办计划事项。", "No plan items are active this quarter.")));
    }
    for (pi, p) in r.plans.iter().enumerate() {
        out.push(h.heading(2, &p.name));
        let done: Share = p
            .tasks
            .iter()
            .fold(Share::default(), |a, t| Share { part: a.part + t.done.part, whole: a.whole + t.done.whole });
        out.push(Block::Para(if zh {
            format!("本季度应推进事项{}项，已完成或不适用{}项（{}）。", done.whole, done.part, pct(&done))
        } else {
            format!("{} items active this quarter, {} done or not applicable ({}).", done.whole, done.part, pct(&done))
        }));
        let headers = if zh {
            vec!["任务", "完成", "应推进", "编号", "措施", "时间节点", "责任科室", "状态", "佐证与说明", "关联数据"]
        } else {
            vec![
                "Task",
                "Settled",
                "Active",
                "No.",
                "Measure",
                "Time node",
                "Section",
                "Status",
                "Evidence and notes",
                "Linked figure",
            ]
        };
        let mut rows = Vec::new();
        for task in &p.tasks {
            for (i, it) in task.items.iter().enumerate() {
                let first = i == 0;
                let title = match &it.target {
                    Some(target) => format!("{}（{}）", it.title, target),
                    None => it.title.clone(),
                };
                rows.push(vec![
                    t(&if first {
                        format!("{} {}（{}/{}）", task.number, task.title, task.done.part, task.done.whole)
                    } else {
                        String::new()
                    }),
                    if first { n(task.done.part) } else { t("") },
                    if first { n(task.done.whole) } else { t("") },
                    n(it.number as i64),
                    t(&title),
                    t(&it.node),
                    t(&it.section),
                    t(it.status.name(zh)),
                    t(&it.note),
                    t(&it.figure.as_ref().map(|(f, v)| format!("{}：{v}", f.name(zh))).unwrap_or_default()),
                ]);
            }
        }
        out.push(Block::Table(Table {
            name: format!("{}{}", tr("任务", "Plan "), pi + 1),
            headers: headers.iter().map(|s| s.to_string()).collect(),
            rows,
            page: PageLayout { columns: vec![(3, 4), (4, 12), (5, 6), (7, 5), (8, 10), (9, 8)], group: Some(0) },
        }));
        if let Some(score) = &p.score {
            out.push(Block::Para(if zh {
                format!(
                    "自评：应得{:.1}分，失分{:.1}分，减分{:.1}分，加分{:.1}分，自评得分{:.1}分。",
                    score.available,
                    score.lost,
                    score.deducted,
                    score.bonus,
                    score.total()
                )
            } else {
                format!(
                    "Self-score: {:.1} available, {:.1} lost, {:.1} deducted, {:.1} bonus: {:.1}.",
                    score.available,
                    score.lost,
                    score.deducted,
                    score.bonus,
                    score.total()
                )
            }));
            let headers = if zh {
                ["编号", "考核要点", "分值", "失分/减分/加分", "原因"]
            } else {
                ["No.", "Point", "Points", "Lost / deducted / bonus", "Why"]
            };
            let rows = p
                .tasks
                .iter()
                .flat_map(|t| &t.items)
                .map(|it| {
                    vec![
                        n(it.number as i64),
                        t(&it.title),
                        it.points.map(Cell::Number).unwrap_or_else(|| t("")),
                        it.points_lost.map(Cell::Number).unwrap_or_else(|| t("")),
                        t(&it.loss_reason),
                    ]
                })
                .collect();
            out.push(Block::Table(Table {
                name: format!("{}{}", tr("自评", "Score "), pi + 1),
                headers: headers.iter().map(|s| s.to_string()).collect(),
                rows,
                page: PageLayout { columns: vec![(0, 3), (1, 12), (2, 3), (3, 4), (4, 8)], group: None },
            }));
        }
    }

    // 三、隐患
    let hz = &r.hazards;
    out.push(h.heading(1, &tr("隐患排查整改情况", "Hazards")));
    let mut rows: Vec<(String, Vec<Cell>)> = hz
        .by_source
        .iter()
        .map(|(src, c)| (format!("{}{}", tr("发现（", "Found ("), src.name(zh)) + &tr("）", ")"), vec![n(*c)]))
        .collect();
    rows.push((tr("发现合计", "Found in total"), vec![n(hz.found)]));
    rows.push((tr("本季度整改销号", "Rectified this quarter"), vec![n(hz.rectified)]));
    rows.push((tr("按期整改", "Rectified on time"), share_cells(&hz.on_time).to_vec()));
    out.push(figures_table(&tr("隐患", "Hazards"), zh, rows));
    out.push(h.heading(2, &tr("挂牌督办隐患", "Supervised hazards")));
    out.push(list_or_none(hazard_table(&tr("挂牌督办", "Supervised"), zh, &hz.supervised), zh));
    out.push(h.heading(2, &tr("逾期未整改隐患", "Overdue hazards")));
    out.push(list_or_none(hazard_table(&tr("逾期隐患", "Overdue"), zh, &hz.overdue), zh));

    // 四、举报
    let tp = &r.tipoffs;
    out.push(h.heading(1, &tr("举报受理核查情况", "Tip-offs")));
    let mut rows: Vec<(String, Vec<Cell>)> = vec![(tr("受理举报", "Received"), vec![n(tp.received)])];
    rows.extend(tp.by_channel.iter().map(|(c, k)| {
        let name = crate::domain::tipoff::Channel::parse(c).map(|x| x.name(zh).to_string()).unwrap_or(c.clone());
        (format!("  {name}"), vec![n(*k)])
    }));
    rows.extend([
        (tr("核查办结", "Verified"), vec![n(tp.verified)]),
        (tr("按期核查", "Verified on time"), share_cells(&tp.verified_on_time).to_vec()),
        (tr("查实", "Substantiated"), vec![n(tp.substantiated)]),
        (tr("按期反馈", "Replied on time"), share_cells(&tp.replied_on_time).to_vec()),
        (tr("移送", "Transferred"), vec![n(tp.transferred)]),
        (tr("奖励（件）", "Rewards"), vec![n(tp.rewards)]),
        (tr("奖励金额（元）", "Rewards paid (yuan)"), vec![Cell::Number(tp.reward_total)]),
        (
            tr("平均核查天数", "Average days to verify"),
            vec![tp.avg_days_to_verify.map(Cell::Number).unwrap_or_else(|| t("-"))],
        ),
    ]);
    out.push(figures_table(&tr("举报", "Tip-offs"), zh, rows));

    // 五、预警告警
    let al = &r.alarms;
    out.push(h.heading(1, &tr("预警告警处置情况", "Alarms")));
    let level_name = |l: &str| match (l, zh) {
        ("red", true) => "红色".to_string(),
        ("orange", true) => "橙色".to_string(),
        ("yellow", true) => "黄色".to_string(),
        ("blue", true) => "蓝色".to_string(),
        _ => l.to_string(),
    };
    let mut rows: Vec<(String, Vec<Cell>)> = vec![(tr("接收", "Received"), vec![n(al.received)])];
    rows.extend(al.by_level.iter().map(|(l, k)| (format!("  {}", level_name(l)), vec![n(*k)])));
    rows.extend(al.by_feed.iter().map(|(f, k)| (format!("  {}{f}", tr("来源 ", "feed ")), vec![n(*k)])));
    rows.push((tr("已确认", "Acknowledged"), vec![n(al.acknowledged), n(al.received)]));
    rows.push((
        tr("确认用时中位数（分钟）", "Median minutes to acknowledge"),
        vec![al.median_minutes_to_ack.map(Cell::Number).unwrap_or_else(|| t("-"))],
    ));
    rows.push((tr("误报占比", "False alarms among closed"), share_cells(&al.false_alarms).to_vec()));
    out.push(figures_table(&tr("告警", "Alarms"), zh, rows));

    // 六、自查演练
    let ins = &r.inspections;
    out.push(h.heading(1, &tr("企业自查和应急演练情况", "Self-inspections and drills")));
    out.push(figures_table(
        &tr("自查演练", "Inspections"),
        zh,
        vec![
            (tr("企业自查（次）", "Self-inspections"), vec![n(ins.self_inspections)]),
            (
                tr("本季度有自查记录的单位", "Units self-inspected this quarter"),
                share_cells(&ins.units_self_inspected).to_vec(),
            ),
            (
                tr("高危单位每月自查", "High-hazard units inspecting monthly"),
                share_cells(&ins.high_hazard_monthly).to_vec(),
            ),
            (tr("疏散演练（次）", "Drills"), vec![n(ins.drills)]),
            (tr("演练在期单位", "Units with a drill in period"), share_cells(&ins.units_drilled).to_vec()),
            (tr("网格覆盖", "Units in a grid"), share_cells(&ins.grid_coverage).to_vec()),
        ],
    ));

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

fn pct(s: &Share) -> String {
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
fn list_or_none(b: Block, zh: bool) -> Block {
    match &b {
        Block::Table(t) if t.rows.is_empty() => Block::Para((if zh { "无。" } else { "None." }).to_string()),
        _ => b,
    }
}

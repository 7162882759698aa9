//! The whole report as blocks, in order: the summary, the sections (`sections.rs`), the
//! office's own text and what falls due next quarter. Each writer (Markdown, DOCX, XLSX) lays
//! out the same blocks.

use super::blocks::*;
use super::model::Report;
use crate::i18n::Lang;

pub fn blocks(r: &Report, lang: Lang) -> Vec<Block> {
    let zh = lang.zh();
    let tr = |a: &str, b: &str| if zh { a.to_string() } else { b.to_string() };
    let mut out = Vec::new();
    let mut h = Numbering::new(zh);
    let (year, q) = r.quarter.split_once('Q').unwrap_or((&r.quarter, ""));
    out.push(Block::Title(if zh {
        // The form of a report sent upward: "…关于2026年第四季度安全生产治本攻坚工作情况的报告".
        format!(
            "{}关于{year}年第{}季度安全生产治本攻坚工作情况的报告",
            r.office,
            cn(q.parse::<usize>().unwrap_or(1).saturating_sub(1))
        )
    } else {
        format!("{}: work-safety report for {}", r.office, r.quarter)
    }));
    // The period and the date of the figures; who compiled it is in the record of compiled
    // reports, not in a document sent upward (an account name means nothing there).
    out.push(Block::Meta(if zh {
        format!("报告期：{}至{}；数据截至{}", r.from, r.to, r.as_of)
    } else {
        format!("Period {} to {}; figures as of {}", r.from, r.to, r.as_of)
    }));

    // The body the report goes to, flush left under the title.
    if !r.addressee.trim().is_empty() {
        out.push(Block::Addressee(format!("{}{}", r.addressee.trim(), if zh { "：" } else { ":" })));
    }

    // 一、总体情况
    out.push(h.heading(1, &tr("总体情况", "Summary")));
    let s = &r.summary;
    out.push(Block::Para(if zh {
        format!(
            "本季度辖区纳入网格管理的生产经营单位{}家、网格{}个。排查发现隐患{}处，按期整改率{}；期末未销号重大隐患{}处。接收举报{}件，受理{}件；接收预警告警{}条。治本攻坚任务清单本季度应推进事项{}项，已完成或不适用{}项。",
            s.units, s.grids, s.hazards_found, pct(&s.hazards_on_time), s.major_open, s.tipoffs_received, s.tipoffs_accepted, s.alarms_received, s.checklist_done.whole, s.checklist_done.part
        )
    } else {
        format!(
            "The office supervises {} units in {} grids. {} hazards were found this quarter, on-time rectification {}; {} major hazards were open at the end. {} tip-offs were received and {} accepted; {} alarms came in. Of {} checklist items active this quarter, {} are done or not applicable.",
            s.units, s.grids, s.hazards_found, pct(&s.hazards_on_time), s.major_open, s.tipoffs_received, s.tipoffs_accepted, s.alarms_received, s.checklist_done.whole, s.checklist_done.part
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
            (tr("接收举报", "Tip-offs received"), vec![n(s.tipoffs_received)]),
            (tr("受理举报", "Tip-offs accepted"), vec![n(s.tipoffs_accepted)]),
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
    let quarter_words = quarter_name(&nq.quarter, zh);
    out.push(h.heading(2, &(tr("下季度到期事项（", "Falling due in ") + &quarter_words + &tr("）", ""))));
    // The recurring deadlines as a sentence; the plan's dated milestones as the list.
    if !nq.by_kind.is_empty() {
        let parts: Vec<String> =
            nq.by_kind.iter().map(|(k, c)| if zh { format!("{k}{c}项") } else { format!("{c} {k}") }).collect();
        out.push(Block::Para(if zh {
            format!("{quarter_words}另有{}到期。", parts.join("、"))
        } else {
            format!("Also falling due in {quarter_words}: {}.", parts.join(", "))
        }));
    }
    let rows: Vec<Vec<Cell>> = nq.milestones.iter().map(|(p, m, d)| vec![t(d), t(m), t(p)]).collect();
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
    out.push(Block::Para(tr("特此报告。", "Respectfully submitted.")));
    out.push(Block::Signature {
        office: r.office.clone(),
        date: written_date(&r.compiled_at, zh),
        note: r.contact.as_ref().map(|(who, phone)| {
            if zh {
                format!("（联系人：{who}，联系电话：{phone}）")
            } else {
                format!("(Contact: {who}, phone {phone})")
            }
        }),
    });
    out
}

/// "2027Q1" as a reader says it: "2027年第一季度", "Q1 2027".
fn quarter_name(label: &str, zh: bool) -> String {
    match label.split_once('Q') {
        Some((y, q)) if zh => format!("{y}年第{}季度", cn(q.parse::<usize>().unwrap_or(1).saturating_sub(1))),
        Some((y, q)) => format!("Q{q} {y}"),
        None => label.to_string(),
    }
}

fn own(text: &str, zh: bool) -> String {
    if text.trim().is_empty() {
        (if zh { "（待填写）" } else { "(to be written)" }).to_string()
    } else {
        text.to_string()
    }
}

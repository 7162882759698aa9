//! The whole report as blocks, in order, as a report sent upward reads: the title, the addressee,
//! the body in sentences (`prose.rs`: work done, the plans' progress, problems, next steps),
//! 特此报告, the list of attachments and the signature; then each attachment on a new page with its
//! tables (`sections.rs`). Each writer (Markdown, DOCX, XLSX, the preview) lays out the same blocks.

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
        // Dates in a Chinese document as it writes them (2026年10月1日).
        let day = |d: &str| written_date(d, true);
        format!("报告期：{}至{}；数据截至{}", day(&r.from), day(&r.to), day(&r.as_of))
    } else {
        format!("Period {} to {}; figures as of {}", r.from, r.to, r.as_of)
    }));

    // The body the report goes to, flush left under the title.
    if !r.addressee.trim().is_empty() {
        out.push(Block::Addressee(format!("{}{}", r.addressee.trim(), if zh { "：" } else { ":" })));
    }

    let quarter_words = quarter_name(&r.quarter, zh);
    out.push(Block::Para(if zh {
        format!(
            "现将本{}{quarter_words}安全生产治本攻坚工作情况报告如下：",
            if r.office.ends_with('镇') { "镇" } else { "街道" }
        )
    } else {
        format!("The office's work on safety in {quarter_words} was as follows.")
    }));

    // 一、工作开展情况: the figures in sentences.
    out.push(h.heading(1, &tr("工作开展情况", "Work done")));
    for (title_zh, title_en, text) in [
        ("隐患排查整治", "Hazards", super::prose::hazards(r, zh)),
        ("举报受理核查", "Tip-offs", super::prose::tipoffs(r, zh)),
        ("预警告警处置", "Alarms", super::prose::alarms(r, zh)),
        ("企业自查和应急演练", "Self-inspections and drills", super::prose::inspections(r, zh)),
    ] {
        out.push(h.heading(2, &tr(title_zh, title_en)));
        out.push(Block::Para(text));
    }
    use super::prose_registers as registers;
    out.push(h.heading(2, &tr("执法检查和宣传培训", "Enforcement, training and publicity")));
    out.push(Block::Para(registers::work(&r.work, zh)));
    out.push(h.heading(2, &tr("生产安全事故", "Accidents")));
    out.push(Block::Para(registers::accidents(&r.accidents, "本季度", "this quarter", true, zh)));
    if let (Some(text), Some(y)) = (super::prose::year(r, zh), r.year.as_ref()) {
        out.push(h.heading(2, &tr("全年工作情况", "The year")));
        let sep = if zh { "" } else { " " };
        let span = format!("{}年", y.year);
        let span_en = format!("in {}", y.year);
        out.push(Block::Para(format!(
            "{text}{sep}{}{}{sep}{}",
            tr("全年", "In the year: "),
            registers::work(&y.work, zh),
            registers::accidents(&y.accidents, &span, &span_en, false, zh)
        )));
    }
    // 二、治本攻坚任务推进情况: per plan and task, the late ones named.
    out.push(h.heading(1, &tr("治本攻坚任务推进情况", "Progress of the plans")));
    out.push(Block::Para(super::prose::plans(r, zh).join("\n")));
    // The plan's last report: the period summed up and self-assessed.
    if let Some(c) = &r.closing {
        out.push(h.heading(1, &tr("三年行动总结和自评", "The plan period: summary and self-assessment")));
        for text in registers::closing(c, zh) {
            out.push(Block::Para(text));
        }
    }
    // 三、存在的问题；四、下一步工作打算 (the office's own words, and next quarter's nodes).
    out.push(h.heading(1, &tr("存在的问题", "Problems")));
    out.push(Block::Para(own(&r.problems, zh)));
    out.push(h.heading(1, &tr("下一步工作打算", "Next steps")));
    out.push(Block::Para(own(&r.plan_next, zh)));
    let nq = &r.next_quarter;
    let next_words = quarter_name(&nq.quarter, zh);
    if !nq.milestones.is_empty() {
        let items: Vec<String> = nq.milestones.iter().map(|(_, m, d)| format!("{m}（{d}）")).collect();
        out.push(Block::Para(if zh {
            format!("{next_words}到期的计划节点{}个：{}（见附件3）。", items.len(), items.join("；"))
        } else {
            format!("{} plan milestones fall due in {next_words}: {} (attachment 3).", items.len(), items.join("; "))
        }));
    }
    out.push(Block::Para(tr("特此报告。", "Respectfully submitted.")));
    // The attachments' note after a blank line (GB/T 9704: 正文下空一行).
    out.push(Block::Para(String::new()));
    let attachments = [
        tr("主要数据和隐患清单", "Figures and hazard lists"),
        tr("治本攻坚措施推进情况", "Progress of each measure"),
        tr("下季度到期事项", "Falling due next quarter"),
    ];
    let listed: Vec<String> = attachments
        .iter()
        .enumerate()
        .map(|(i, a)| if zh { format!("{}．{a}", i + 1) } else { format!("{}. {a}", i + 1) })
        .collect();
    // Tables sent apart: the note says so, and the document ends with the signature.
    let apart = match (r.tables_apart, zh) {
        (true, true) => "（另附电子表格）",
        (true, false) => " (in the accompanying workbook)",
        (false, _) => "",
    };
    out.push(Block::Para(format!(
        "{}{}{apart}",
        tr("附件：", "Attachments: "),
        listed.join(if zh { "\n　　　" } else { "\n" })
    )));
    out.push(Block::Signature {
        sealed: r.sealed,
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

    // 附件1: the figures' tables and the hazard lists.
    attachment(&mut out, 1, &attachments[0], zh);
    let s = &r.summary;
    let mut a = Numbering::new(zh);
    out.push(a.heading(1, &tr("总体情况", "Summary")));
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
    super::sections::records(&mut out, &mut a, r, zh);
    super::registers::registers(&mut out, &mut a, r, zh);
    // 附件2: every measure's progress.
    attachment(&mut out, 2, &attachments[1], zh);
    super::sections::plans(&mut out, &mut Numbering::new(zh), r, zh);
    // 附件3: what falls due next quarter.
    attachment(&mut out, 3, &attachments[2], zh);
    out.push(Block::Heading(1, tr("下季度到期事项（", "Falling due in ") + &next_words + &tr("）", "")));
    // The recurring deadlines as a sentence; the plan's dated milestones as the list.
    if !nq.by_kind.is_empty() {
        let parts: Vec<String> =
            nq.by_kind.iter().map(|(k, c)| if zh { format!("{k}{c}项") } else { format!("{c} {k}") }).collect();
        out.push(Block::Para(if zh {
            format!("{next_words}另有{}到期。", parts.join("、"))
        } else {
            format!("Also falling due in {next_words}: {}.", parts.join(", "))
        }));
    }
    let rows: Vec<Vec<Cell>> = nq.milestones.iter().map(|(p, m, d)| vec![t(d), t(m), t(p)]).collect();
    if rows.is_empty() {
        out.push(Block::Para(if zh {
            format!("{next_words}无计划节点到期。")
        } else {
            format!("No plan milestone falls due in {next_words}.")
        }));
        return out;
    }
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

/// An attachment starts on a new page: its label ("附件1") at the top left, then its title.
fn attachment(out: &mut Vec<Block>, number: usize, title: &str, zh: bool) {
    out.push(Block::PageBreak);
    out.push(Block::Attachment(if zh { format!("附件{number}") } else { format!("Attachment {number}") }));
    out.push(Block::Title(title.to_string()));
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

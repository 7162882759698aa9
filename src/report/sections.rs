//! The report's sections after the summary, each appending its blocks: progress of the plans
//! (with the self-score), hazards, tip-offs, alarms, and self-inspections with drills.

use super::blocks::{
    Block, Cell, Numbering, PageLayout, Table, figures_table, hazard_table, list_or_none, n, pct, share_cells, t,
};
use super::model::{Report, Share};

/// Progress per plan, task and measure, with the self-score of assessment plans.
pub(super) fn plans(out: &mut Vec<Block>, h: &mut Numbering, r: &Report, zh: bool) {
    let tr = |a: &str, b: &str| if zh { a.to_string() } else { b.to_string() };
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
                    // "8.1" as the body and the Checklist screen cite it.
                    t(&format!("{}.{}", task.number, it.number)),
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
            // The plan's own name (the workbook's sheet; the first 28 characters there).
            name: p.name.clone(),
            headers: headers.iter().map(|s| s.to_string()).collect(),
            rows,
            page: PageLayout { columns: vec![(3, 4), (4, 10), (5, 7), (7, 5), (8, 10), (9, 9)], group: Some(0) },
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
}

/// Hazards, tip-offs, alarms, inspections and drills: the figures of the quarter.
pub(super) fn records(out: &mut Vec<Block>, h: &mut Numbering, r: &Report, zh: bool) {
    let tr = |a: &str, b: &str| if zh { a.to_string() } else { b.to_string() };
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
    // Each list's total said in words before it, so that the sentence carries the number.
    let total = |n: usize| if zh { format!("共{n}处。") } else { format!("{n} in all.") };
    out.push(h.heading(2, &tr("挂牌督办隐患", "Supervised hazards")));
    out.push(Block::Para(total(hz.supervised.len())));
    out.push(list_or_none(hazard_table(&tr("挂牌督办", "Supervised"), zh, &hz.supervised), zh));
    out.push(h.heading(2, &tr("逾期未整改隐患", "Overdue hazards")));
    out.push(Block::Para(total(hz.overdue.len())));
    out.push(list_or_none(hazard_table(&tr("逾期隐患", "Overdue"), zh, &hz.overdue), zh));

    // 四、举报
    let tp = &r.tipoffs;
    out.push(h.heading(1, &tr("举报受理核查情况", "Tip-offs")));
    let mut rows: Vec<(String, Vec<Cell>)> = vec![(tr("接收举报", "Received"), vec![n(tp.received)])];
    rows.extend(tp.by_channel.iter().map(|(c, k)| {
        let name = crate::domain::tipoff::Channel::parse(c).map(|x| x.name(zh).to_string()).unwrap_or(c.clone());
        (format!("  {name}"), vec![n(*k)])
    }));
    rows.extend([
        (tr("受理", "Accepted"), vec![n(tp.accepted)]),
        (tr("核查办结", "Verified"), vec![n(tp.verified)]),
        (tr("逾期未核查", "Verification overdue"), vec![n(tp.verify_overdue)]),
        (
            tr("按期核查（含逾期未核查）", "Verified on time (overdue included)"),
            share_cells(&tp.verified_on_time).to_vec(),
        ),
        (tr("查实", "Substantiated"), vec![n(tp.substantiated)]),
        (tr("逾期未反馈", "Reply overdue"), vec![n(tp.reply_overdue)]),
        (
            tr("按期反馈（含逾期未反馈）", "Replied on time (overdue included)"),
            share_cells(&tp.replied_on_time).to_vec(),
        ),
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
    let level_name = |l: &str| super::blocks::colour_name(l, zh);
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
}

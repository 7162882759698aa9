//! 附件1's registers: the quarter's accidents (every entry, numbered, with whether it was
//! reported upward within the hour) and the office's enforcement cases, training sessions and
//! publicity events.

use super::blocks::{Block, Cell, Numbering, PageLayout, Table, figures_table, list_or_none, n, share_cells, t};
use super::model::Report;

pub(super) fn registers(out: &mut Vec<Block>, h: &mut Numbering, r: &Report, zh: bool) {
    let tr = |a: &str, b: &str| if zh { a.to_string() } else { b.to_string() };
    let ac = &r.accidents;
    out.push(h.heading(1, &tr("生产安全事故", "Accidents")));
    let mut rows: Vec<(String, Vec<Cell>)> = vec![
        (tr("事故（起）", "Accidents"), vec![n(ac.count)]),
        (tr("死亡（人）", "Dead"), vec![n(ac.deaths)]),
        (tr("重伤（人）", "Seriously injured"), vec![n(ac.injuries)]),
    ];
    rows.extend(ac.by_level.iter().map(|(l, k)| (format!("  {}", l.name(zh)), vec![n(*k)])));
    rows.push((
        tr("较大以上事故1小时内报送", "Larger-or-worse reported within the hour"),
        share_cells(&ac.serious_in_hour).to_vec(),
    ));
    out.push(figures_table(&tr("事故", "Accidents"), zh, rows));
    let headers = if zh {
        ["序号", "发生时间", "单位", "类别", "等级", "死亡", "重伤", "1小时内报送"]
    } else {
        ["No.", "When", "Unit", "Type", "Level", "Dead", "Injured", "Within the hour"]
    };
    let yes_no = |b: Option<bool>| match (b, zh) {
        (Some(true), true) => "是",
        (Some(false), true) => "否",
        (None, true) => "未报送",
        (Some(true), false) => "yes",
        (Some(false), false) => "no",
        (None, false) => "not reported",
    };
    let unit = |u: &str| if u.is_empty() { tr("（待补充）", "(to be filled in)") } else { u.to_string() };
    // No list under the figures when there was no accident: the sentence says it.
    if ac.lines.is_empty() {
        out.push(Block::Para(tr("本季度无事故登记。", "No accident was registered this quarter.")));
    } else {
        out.push(Block::Table(Table {
            name: tr("事故登记", "Accident register"),
            headers: headers.iter().map(|s| s.to_string()).collect(),
            rows: ac
                .lines
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    vec![
                        n(i as i64 + 1),
                        t(&a.at),
                        t(&unit(&a.unit)),
                        t(&a.kind),
                        t(a.level.name(zh)),
                        n(a.deaths),
                        n(a.injuries),
                        t(yes_no(a.in_hour)),
                    ]
                })
                .collect(),
            // Widths in shares of the text block: a date-time, "特别重大" and two-digit counts on one line.
            page: PageLayout {
                columns: vec![(0, 4), (1, 9), (2, 8), (3, 6), (4, 5), (5, 3), (6, 3), (7, 5)],
                group: None,
            },
        }));
    }

    let w = &r.work;
    out.push(h.heading(1, &tr("执法检查和宣传培训", "Enforcement, training and publicity")));
    out.push(figures_table(
        &tr("执法宣传培训", "Work"),
        zh,
        vec![
            (tr("执法案件（起）", "Enforcement cases"), vec![n(w.enforcement_cases)]),
            (tr("涉及单位（家）", "Units concerned"), vec![n(w.units_penalised)]),
            (tr("罚款（元）", "Fines (yuan)"), vec![Cell::Number(w.fines_yuan)]),
            (tr("培训（场）", "Training sessions"), vec![n(w.training_sessions)]),
            (tr("培训（人次）", "People trained"), vec![n(w.people_trained)]),
            (tr("宣传活动（次）", "Publicity events"), vec![n(w.publicity_events)]),
            (tr("宣传覆盖（人次）", "People reached"), vec![n(w.people_reached)]),
        ],
    ));
    let headers = if zh {
        ["序号", "日期", "类别", "事项", "单位", "罚款（元）", "人数"]
    } else {
        ["No.", "Date", "Kind", "What", "Unit", "Fine (yuan)", "People"]
    };
    let blank_zero = |v: f64| if v == 0.0 { t("") } else { Cell::Number(v) };
    out.push(list_or_none(
        Block::Table(Table {
            name: tr("工作记录", "Work records"),
            headers: headers.iter().map(|s| s.to_string()).collect(),
            rows: w
                .lines
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    vec![
                        n(i as i64 + 1),
                        t(&l.on),
                        t(l.kind.name(zh)),
                        t(&l.title),
                        t(&l.unit),
                        blank_zero(l.fine_yuan),
                        blank_zero(l.people as f64),
                    ]
                })
                .collect(),
            page: PageLayout { columns: vec![(0, 3), (1, 6), (2, 3), (3, 11), (4, 8), (5, 4), (6, 3)], group: None },
        }),
        zh,
    ));
}

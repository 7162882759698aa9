//! Inspection history and a hazard register for generated units.

use super::{Rng, csv_line, person};
use crate::domain::Sector;

const FINDINGS: &[(&str, bool)] = &[
    ("安全出口被货物堵塞", false),
    ("灭火器压力不足、过期未换", false),
    ("电动自行车在楼道内充电", false),
    ("配电箱周边堆放可燃物", false),
    ("消防应急照明损坏", false),
    ("员工未经安全培训上岗", false),
    ("有限空间作业未执行审批", true),
    ("危化品仓库超量储存", true),
    ("生产、储存、住宿“三合一”", true),
    ("粉尘除尘系统未设置防爆泄压装置", true),
    ("燃气管道私接改装、无泄漏报警", true),
    ("动火作业无人监护、未办证", true),
];

/// Inspection and drill history and a hazard register for the generated units: most units are up
/// to date, some are behind (so the Deadlines screen has overdue items), and the register holds
/// open, overdue, supervised and closed hazards.
pub(super) fn history(rng: &mut Rng, units: &[(String, Sector)]) -> (String, String) {
    let mut inspections = csv_line(&["单位", "类别", "距今天数", "执行人", "检查发现"]);
    let mut hazards = csv_line(&[
        "单位",
        "隐患描述",
        "重大隐患",
        "来源",
        "发现距今天数",
        "期限距今天数",
        "状态",
        "销号距今天数",
        "挂牌督办",
        "督办层级",
        "整改责任人",
    ]);
    for (key, sector) in units {
        let hh = sector.high_hazard();
        if rng.below(100) < 96 {
            let period = if hh { 30 } else { 90 };
            // Mostly inside the period; one in eight behind.
            let ago = if rng.below(14) == 0 { period + 1 + rng.below(60) } else { rng.below(period) };
            inspections.push_str(&csv_line(&[key, "self_inspection", &ago.to_string(), &person(rng), ""]));
        }
        if rng.below(100) < 92 {
            let period = if hh { 182 } else { 365 };
            let ago = if rng.below(16) == 0 { period + 1 + rng.below(90) } else { rng.below(period) };
            inspections.push_str(&csv_line(&[key, "drill", &ago.to_string(), &person(rng), ""]));
        }
    }
    let sources = ["self_inspection", "inspection", "inspection", "tipoff", "other"];
    let n = (units.len() / 10).max(1);
    for _ in 0..n {
        let (key, _) = &units[rng.below(units.len())];
        let (text, can_be_major) = FINDINGS[rng.below(FINDINGS.len())];
        let major = can_be_major && rng.below(2) == 0;
        let found = 2 + rng.below(55);
        let allowed = if major { 30 + rng.below(60) } else { 7 + rng.below(30) };
        let deadline = allowed as i64 - found as i64;
        let (status, closed) = match rng.below(10) {
            0..=3 => {
                // Closed: on or before the deadline (at least `lo` days ago), or for one in five
                // past-deadline hazards, late.
                let lo = (-deadline).max(0) as usize;
                let late = deadline < 0 && rng.below(5) == 0;
                let closed_ago = if late { rng.below(lo) } else { lo + rng.below(found.saturating_sub(lo) + 1) };
                ("closed", closed_ago.to_string())
            }
            4..=5 => ("rectifying", String::new()),
            6 => ("awaiting_verification", String::new()),
            _ => ("found", String::new()),
        };
        let supervised = if major { "是" } else { "否" };
        let level = if major { *rng.pick(&["区安委办", "街道"]) } else { "" };
        hazards.push_str(&csv_line(&[
            key,
            text,
            if major { "是" } else { "否" },
            *rng.pick(&sources),
            &found.to_string(),
            &deadline.to_string(),
            status,
            &closed,
            supervised,
            level,
            &person(rng),
        ]));
    }
    (inspections, hazards)
}

//! The report's body in sentences: each figure said where a reader of a report sent upward looks
//! for it (found, rectified, the on-time rate with its base; received and accepted; …), the
//! plans' progress with the late items named. The tables behind the sentences go to the
//! attachments.

use super::blocks::pct;
use super::model::{Report, Share};

/// "20/45，44.4%" in Chinese, "20 of 45, 44.4 %" in English; "-" without a base.
fn rate(s: &Share, zh: bool) -> String {
    match (s.whole, zh) {
        (0, true) => "无应计事项".into(),
        (0, false) => "nothing to count".into(),
        (_, true) => format!("{}（{}/{}）", pct(s), s.part, s.whole),
        (_, false) => format!("{} ({} of {})", pct(s), s.part, s.whole),
    }
}

/// Hazards found (by source), rectified, the on-time rate, the major ones and the lists.
pub fn hazards(r: &Report, zh: bool) -> String {
    let h = &r.hazards;
    let sources: Vec<String> = h
        .by_source
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| if zh { format!("{}{n}处", s.name(true)) } else { format!("{n} {}", s.name(false)) })
        .collect();
    if zh {
        let by = if sources.is_empty() { String::new() } else { format!("（其中{}）", sources.join("、")) };
        format!(
            "本季度排查发现隐患{}处{by}，整改销号{}处，按期整改率{}；截至{}，未销号重大隐患{}处，挂牌督办{}处，逾期未整改{}处（见附件1）。",
            h.found,
            h.rectified,
            rate(&h.on_time, true),
            super::blocks::written_date(&r.as_of, true),
            r.summary.major_open,
            h.supervised.len(),
            h.overdue.len()
        )
    } else {
        let by = if sources.is_empty() { String::new() } else { format!(" ({})", sources.join(", ")) };
        format!(
            "{} hazards were found this quarter{by} and {} rectified; on time: {}. As of {}, {} major hazards were open, {} under supervision, {} overdue (attachment 1).",
            h.found,
            h.rectified,
            rate(&h.on_time, false),
            r.as_of,
            r.summary.major_open,
            h.supervised.len(),
            h.overdue.len()
        )
    }
}

/// Tip-offs received, accepted, verified, substantiated, replied, transferred and rewarded.
pub fn tipoffs(r: &Report, zh: bool) -> String {
    let t = &r.tipoffs;
    if zh {
        format!(
            "接收举报{}件，受理{}件；核查办结{}件，其中查实{}件，按期核查率{}，逾期未核查{}件；按期反馈率{}，逾期未反馈{}件；移送{}件；兑现奖励{}件，计{:.0}元。",
            t.received,
            t.accepted,
            t.verified,
            t.substantiated,
            rate(&t.verified_on_time, true),
            t.verify_overdue,
            rate(&t.replied_on_time, true),
            t.reply_overdue,
            t.transferred,
            t.rewards,
            t.reward_total
        )
    } else {
        format!(
            "{} tip-offs were received and {} accepted; {} verified, {} substantiated, verified on time {}, {} past the limit unverified; replied on time {}, {} past the limit unreplied; {} transferred; {} rewards paid, {:.0} yuan.",
            t.received,
            t.accepted,
            t.verified,
            t.substantiated,
            rate(&t.verified_on_time, false),
            t.verify_overdue,
            rate(&t.replied_on_time, false),
            t.reply_overdue,
            t.transferred,
            t.rewards,
            t.reward_total
        )
    }
}

/// Alarms by level, how many acknowledged and how fast, the false-alarm share.
pub fn alarms(r: &Report, zh: bool) -> String {
    let a = &r.alarms;
    let level = |l: &str| super::blocks::colour_name(l, zh);
    let levels: Vec<String> = a
        .by_level
        .iter()
        .map(|(l, n)| if zh { format!("{}{n}条", level(l)) } else { format!("{n} {}", level(l)) })
        .collect();
    let median = a.median_minutes_to_ack.map(|m| format!("{m:.0}"));
    if zh {
        let by = if levels.is_empty() { String::new() } else { format!("（{}）", levels.join("、")) };
        let fast = median.map(|m| format!("，确认用时中位数{m}分钟")).unwrap_or_default();
        format!(
            "接收预警告警{}条{by}，已确认{}条{fast}；已处置的告警中误报占{}。",
            a.received,
            a.acknowledged,
            rate(&a.false_alarms, true)
        )
    } else {
        let by = if levels.is_empty() { String::new() } else { format!(" ({})", levels.join(", ")) };
        let fast = median.map(|m| format!(", in {m} minutes at the median")).unwrap_or_default();
        format!(
            "{} alarms came in{by}; {} were acknowledged{fast}; false alarms among those closed: {}.",
            a.received,
            a.acknowledged,
            rate(&a.false_alarms, false)
        )
    }
}

/// Self-inspections and drills against the units' obligations, and grid coverage.
pub fn inspections(r: &Report, zh: bool) -> String {
    let i = &r.inspections;
    if zh {
        format!(
            "企业主要负责人带队自查{}次，本季度有自查记录的单位{}，高危行业单位按月自查{}；开展疏散逃生演练{}次，演练未逾期的单位{}；单位纳入网格{}。",
            i.self_inspections,
            rate(&i.units_self_inspected, true),
            rate(&i.high_hazard_monthly, true),
            i.drills,
            rate(&i.units_drilled, true),
            rate(&i.grid_coverage, true)
        )
    } else {
        format!(
            "Unit heads led {} self-inspections; units with one this quarter: {}; high-hazard units inspecting monthly: {}. {} evacuation drills; units whose drill is not overdue: {}. Units in a grid: {}.",
            i.self_inspections,
            rate(&i.units_self_inspected, false),
            rate(&i.high_hazard_monthly, false),
            i.drills,
            rate(&i.units_drilled, false),
            rate(&i.grid_coverage, false)
        )
    }
}

/// A fourth quarter's summary of the year: hazards, tip-offs and alarms from January on.
pub fn year(r: &Report, zh: bool) -> Option<String> {
    let y = r.year.as_ref()?;
    let (h, t, a) = (&y.hazards, &y.tipoffs, &y.alarms);
    Some(if zh {
        format!(
            "{}年1月1日至{}，全年排查发现隐患{}处，整改销号{}处，按期整改率{}；接收举报{}件，受理{}件，查实{}件，按期核查率{}，按期反馈率{}，兑现奖励{}件、{:.0}元；接收预警告警{}条，已确认{}条。",
            y.year,
            super::blocks::written_date(&r.as_of, true),
            h.found,
            h.rectified,
            rate(&h.on_time, true),
            t.received,
            t.accepted,
            t.substantiated,
            rate(&t.verified_on_time, true),
            rate(&t.replied_on_time, true),
            t.rewards,
            t.reward_total,
            a.received,
            a.acknowledged
        )
    } else {
        format!(
            "From 1 January {} to {}: {} hazards found, {} rectified, on time {}; {} tip-offs received, {} accepted, {} substantiated, verified on time {}, replied on time {}, {} rewards of {:.0} yuan; {} alarms, {} acknowledged.",
            y.year,
            r.as_of,
            h.found,
            h.rectified,
            rate(&h.on_time, false),
            t.received,
            t.accepted,
            t.substantiated,
            rate(&t.verified_on_time, false),
            rate(&t.replied_on_time, false),
            t.rewards,
            t.reward_total,
            a.received,
            a.acknowledged
        )
    })
}

/// Each plan's progress in a sentence, then each task's: done, under way, and the late items by
/// number and title.
pub fn plans(r: &Report, zh: bool) -> Vec<String> {
    use crate::domain::checklist::{ItemKind, ItemStatus};
    let mut out = Vec::new();
    if r.plans.is_empty() {
        out.push((if zh { "本季度无在办计划事项。" } else { "No plan items are active this quarter." }).to_string());
    }
    for p in &r.plans {
        let all: Share = p
            .tasks
            .iter()
            .fold(Share::default(), |a, t| Share { part: a.part + t.done.part, whole: a.whole + t.done.whole });
        out.push(if zh {
            format!(
                "《{}》本季度应推进事项{}项，已完成或不适用{}项（{}），详见附件2。",
                p.name,
                all.whole,
                all.part,
                pct(&all)
            )
        } else {
            format!(
                "{}: {} items active this quarter, {} done or not applicable ({}); attachment 2.",
                p.name,
                all.whole,
                all.part,
                pct(&all)
            )
        });
        for t in &p.tasks {
            let measures: Vec<_> = t.items.iter().filter(|i| i.kind == ItemKind::Measure).collect();
            if measures.is_empty() {
                continue;
            }
            let count = |st: ItemStatus| measures.iter().filter(|i| i.status == st).count();
            let (done, na, under_way, not_started) = (
                count(ItemStatus::Done),
                count(ItemStatus::NotApplicable),
                count(ItemStatus::InProgress),
                count(ItemStatus::NotStarted),
            );
            let late: Vec<String> = measures
                .iter()
                .filter(|i| !i.status.settled() && (i.node.contains("逾期") || i.node.contains("overdue")))
                .map(|i| format!("{}.{} {}", t.number, i.number, i.title))
                .collect();
            let late_words = match (late.is_empty(), zh) {
                (true, _) => String::new(),
                (false, true) => format!("，逾期未完成{}项：{}", late.len(), late.join("；")),
                (false, false) => format!("; {} late: {}", late.len(), late.join("; ")),
            };
            // Every state said, so that the parts add up to what was due (a reader must see what
            // has not started as plainly as what is done).
            out.push(if zh {
                format!(
                    "{}. {}：应推进{}项，已完成{done}项、不适用{na}项、推进中{under_way}项、未开始{not_started}项{late_words}。",
                    t.number, t.title, t.done.whole
                )
            } else {
                format!(
                    "{}. {}: {} active — {done} done, {na} not applicable, {under_way} under way, {not_started} not started{late_words}.",
                    t.number, t.title, t.done.whole
                )
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_rate_names_its_base() {
        use super::{Share, rate};
        assert_eq!(rate(&Share { part: 20, whole: 45 }, true), "44.4%（20/45）");
        assert_eq!(rate(&Share { part: 0, whole: 0 }, true), "无应计事项");
        assert_eq!(rate(&Share { part: 1, whole: 3 }, false), "33.3% (1 of 3)");
    }
}

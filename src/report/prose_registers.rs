//! The body's sentences from the office's registers — accidents (or the sentence an office writes
//! when there were none), enforcement, training and publicity — and the closing part of a plan's
//! last report: the period summed up, every measure accounted for, the self-score.

use super::blocks::pct;
use super::model::{AccidentSection, Closing, Share, WorkSection};
use crate::domain::accident::AccidentLevel;

fn levels(a: &AccidentSection, zh: bool) -> String {
    let parts: Vec<String> = a
        .by_level
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(l, n)| if zh { format!("{}{n}起", l.name(true)) } else { format!("{n} {}", l.name(false)) })
        .collect();
    parts.join(if zh { "、" } else { ", " })
}

/// The accidents of a span in a sentence; `span` is "本季度" / "this quarter" and the like. Only
/// the quarter's list is in attachment 1: `cite` says whether to point to it.
pub fn accidents(a: &AccidentSection, span_zh: &str, span_en: &str, cite: bool, zh: bool) -> String {
    if a.count == 0 {
        return if zh {
            format!("{span_zh}辖区未发生生产安全事故。")
        } else {
            format!("No production-safety accident occurred in the area {span_en}.")
        };
    }
    let s = &a.serious_in_hour;
    if zh {
        let reporting = if s.whole > 0 {
            format!("；较大以上事故{}起，1小时内报送{}起", s.whole, s.part)
        } else {
            String::new()
        };
        format!(
            "{span_zh}辖区发生生产安全事故{}起（{}），死亡{}人、重伤{}人{reporting}{}。",
            a.count,
            levels(a, true),
            a.deaths,
            a.injuries,
            if cite { "（见附件1）" } else { "" }
        )
    } else {
        let reporting = if s.whole > 0 {
            format!("; of {} larger or worse, {} were reported upward within the hour", s.whole, s.part)
        } else {
            String::new()
        };
        format!(
            "{} accidents occurred in the area {span_en} ({}), {} dead and {} seriously injured{reporting}{}.",
            a.count,
            levels(a, false),
            a.deaths,
            a.injuries,
            if cite { " (attachment 1)" } else { "" }
        )
    }
}

/// Enforcement, training and publicity of a span in a sentence.
pub fn work(w: &WorkSection, zh: bool) -> String {
    if zh {
        format!(
            "立案查处{}起，涉及单位{}家，罚款{:.0}元；组织安全培训{}场、{}人次；开展宣传活动{}次、覆盖{}人次。",
            w.enforcement_cases,
            w.units_penalised,
            w.fines_yuan,
            w.training_sessions,
            w.people_trained,
            w.publicity_events,
            w.people_reached
        )
    } else {
        format!(
            "{} enforcement cases against {} units, fines of {:.0} yuan; {} training sessions for {} people; {} publicity events reaching {} people.",
            w.enforcement_cases,
            w.units_penalised,
            w.fines_yuan,
            w.training_sessions,
            w.people_trained,
            w.publicity_events,
            w.people_reached
        )
    }
}

/// The closing part's three paragraphs: the period's figures, the measures, the self-assessment.
pub fn closing(c: &Closing, zh: bool) -> Vec<String> {
    let rate = |s: &Share| {
        if s.whole == 0 { (if zh { "无应计事项" } else { "nothing to count" }).to_string() } else { pct(s) }
    };
    let h = &c.hazards;
    let t = &c.tipoffs;
    let accidents_words = accidents(&c.accidents, "实施以来", "since the plan began", false, zh);
    let mut out = vec![if zh {
        format!(
            "《{}》自{}实施以来，累计排查发现隐患{}处，整改销号{}处，按期整改率{}；接收举报{}件，受理{}件，查实{}件，兑现奖励{}件、{:.0}元；{}{}",
            c.plan,
            super::blocks::written_date(&c.from, true),
            h.found,
            h.rectified,
            rate(&h.on_time),
            t.received,
            t.accepted,
            t.substantiated,
            t.rewards,
            t.reward_total,
            work(&c.work, true),
            accidents_words
        )
    } else {
        format!(
            "Since {} began on {}: {} hazards found, {} rectified, on time {}; {} tip-offs received, {} accepted, {} substantiated, {} rewards of {:.0} yuan. {} {}",
            c.plan,
            c.from,
            h.found,
            h.rectified,
            rate(&h.on_time),
            t.received,
            t.accepted,
            t.substantiated,
            t.rewards,
            t.reward_total,
            work(&c.work, false),
            accidents_words
        )
    }];
    let tasks: Vec<String> = c
        .tasks
        .iter()
        .map(|(n, title, s)| {
            if zh {
                format!("{n}. {title}{}/{}", s.part, s.whole)
            } else {
                format!("{n}. {title} {}/{}", s.part, s.whole)
            }
        })
        .collect();
    let unfinished = match (c.unfinished.is_empty(), zh) {
        (true, true) => "全部措施已完成或不适用。".to_string(),
        (true, false) => "Every measure is done or not applicable.".to_string(),
        (false, true) => format!("未完成{}项：{}。", c.unfinished.len(), c.unfinished.join("；")),
        (false, false) => format!("{} not finished: {}.", c.unfinished.len(), c.unfinished.join("; ")),
    };
    out.push(if zh {
        format!(
            "方案措施共{}项，已完成或不适用{}项（{}）。分任务：{}。{unfinished}",
            c.measures.whole,
            c.measures.part,
            rate(&c.measures),
            tasks.join("；")
        )
    } else {
        format!(
            "The plan has {} measures, {} done or not applicable ({}). By task: {}. {unfinished}",
            c.measures.whole,
            c.measures.part,
            rate(&c.measures),
            tasks.join("; ")
        )
    });
    let ex = c.accidents.of_level(AccidentLevel::EspeciallyMajor) + c.accidents.of_level(AccidentLevel::Major);
    let grave = match (ex, zh) {
        (0, true) => "实施期间未发生重大及以上事故。".to_string(),
        (0, false) => "No major or worse accident occurred during the plan.".to_string(),
        (n, true) => format!("实施期间发生重大及以上事故{n}起，按考核规则扣分。"),
        (n, false) => {
            format!("{n} major or worse accidents occurred during the plan, deducted by the assessment rule.")
        }
    };
    out.push(match (&c.assessment, zh) {
        (Some((name, s)), true) => format!(
            "对照《{name}》，应得{:.1}分，失分{:.1}分，减分{:.1}分，加分{:.1}分，自评得分{:.1}分。{grave}",
            s.available,
            s.lost,
            s.deducted,
            s.bonus,
            s.total()
        ),
        (Some((name, s)), false) => format!(
            "Self-assessed on {name}: {:.1} available, {:.1} lost, {:.1} deducted, {:.1} bonus, self-score {:.1}. {grave}",
            s.available,
            s.lost,
            s.deducted,
            s.bonus,
            s.total()
        ),
        (None, true) => format!("本办尚未载入考核要点，自评得分待考核要点下发后填写。{grave}"),
        (None, false) => format!("No assessment points are loaded; the self-score follows once they are issued. {grave}"),
    });
    out
}

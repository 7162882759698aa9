//! The built-in templates against the plans they were written from: item counts, every dated
//! milestone, recurrences, points, deductions and bonuses. The seeds are read in place; the tests
//! say so and skip when the seeds are not beside the checkout.

mod common;

use anjian::domain::checklist::{Every, ItemKind};
use anjian::plan::builtin;
use anjian::plan::import::draft;
use anjian::plan::template::Template;
use chrono::NaiveDate;
use std::collections::BTreeMap;

fn builtin(id: &str) -> Template {
    builtin::by_id(id).expect("built-ins parse").expect("built-in present")
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

/// (task, number) → dates, for comparing a template with a draft read from the seed.
fn dates_by_measure(t: &Template) -> BTreeMap<(u32, u32), Vec<NaiveDate>> {
    t.measures.iter().map(|m| ((m.task, m.number), m.due.clone())).collect()
}

#[test]
fn district_letter_has_24_tasks_68_measures_and_the_letters_dates() {
    let t = builtin("district-letter-2024");
    assert_eq!((t.tasks.len(), t.measures.len()), (24, 68));
    let numbers: Vec<u32> = t.measures.iter().map(|m| m.number).collect();
    assert_eq!(numbers.iter().filter(|n| **n == 6).count(), 2, "both measures the letter numbers 6");
    assert!(!numbers.contains(&5));
    assert_eq!(t.measures.iter().filter(|m| m.due.is_empty() && m.every.is_none() && !m.ongoing).count(), 0);
    let Some((_, text)) = common::seed("003") else { return };
    let seed = draft(&text, 2024);
    assert_eq!(seed.measures.len(), 68);
    // Every measure's dated milestones are exactly those the letter gives it.
    let from_seed: BTreeMap<(u32, u32), Vec<NaiveDate>> =
        seed.measures.iter().map(|m| ((m.task, m.number), m.due.clone())).collect();
    assert_eq!(dates_by_measure(&t), from_seed);
    // And each date is written in the measure's own text (checked here without the importer).
    for (m, s) in t.measures.iter().zip(&seed.measures) {
        let compact: String = s.text.chars().filter(|c| !c.is_whitespace()).collect();
        for due in &m.due {
            let y = due.format("%Y").to_string();
            let phrase = if due.format("%m-%d").to_string() == "12-31" {
                format!("{y}年")
            } else {
                format!("{y}年{}月底", due.format("%-m"))
            };
            assert!(compact.contains(&phrase), "measure {} due {due}: \"{phrase}\" not in its text", m.number);
        }
    }
    // Recurrences the letter states: monthly (1, 2), quarterly self-inspection (20), drills (48).
    let every = |n: u32| t.measures.iter().find(|m| m.number == n).and_then(|m| m.every);
    assert_eq!(
        (every(1), every(2), every(20), every(48)),
        (Some(Every::Month), Some(Every::Month), Some(Every::Quarter), Some(Every::HalfYear))
    );
}

#[test]
fn town_plan_has_25_measures_with_their_yearly_milestones() {
    let t = builtin("town-plan-2024-2026");
    assert_eq!((t.tasks.len(), t.measures.len()), (9, 25));
    assert_eq!(t.measures.iter().map(|m| m.number).collect::<Vec<_>>(), (1..=25).collect::<Vec<_>>());
    let m13 = &t.measures[12];
    assert_eq!(m13.due, [d("2024-12-31"), d("2025-12-31"), d("2026-12-31")]);
    assert!(m13.targets[0].contains("40%") && m13.targets[1].contains("50%"), "{:?}", m13.targets);
    assert!(t.measures.iter().all(|m| m.targets.is_empty() || m.targets.len() == m.due.len()));
    let Some((_, text)) = common::seed("004") else { return };
    let seed = draft(&text, 2024);
    let from_seed: BTreeMap<(u32, u32), Vec<NaiveDate>> =
        seed.measures.iter().map(|m| ((m.task, m.number), m.due.clone())).collect();
    assert_eq!(dates_by_measure(&t), from_seed);
    // The percentages of the "four-no" drill milestones are the plan's.
    assert!(text.contains("2024年，企业“四不”演练占比达到40%") && text.contains("2025年，企业“四不”演练占比达到50%"));
}

/// The street plan (篇三) of the bundle, cut out of the seed.
fn street_plan(text: &str) -> Option<&str> {
    let start = text.find("篇三、街道安全生产治本攻坚三年行动实施方案(2024-2026年)为")?;
    let end = text[start..].find("四、保障措施").map(|e| start + e)?;
    Some(&text[start..end])
}

#[test]
fn street_plan_has_ten_actions_their_measures_three_phases_and_the_reporting_rhythm() {
    let t = builtin("street-plan-2024-2026");
    let actions: Vec<_> = t.tasks.iter().filter(|x| x.number <= 10).collect();
    assert_eq!(actions.len(), 10);
    let per_action: Vec<usize> = (1..=10).map(|a| t.measures.iter().filter(|m| m.task == a).count()).collect();
    assert_eq!(per_action, [1, 3, 1, 1, 1, 2, 2, 1, 4, 2]);
    let phases: Vec<_> = t.measures.iter().filter(|m| m.task == 11).map(|m| m.due.clone()).collect();
    assert_eq!(phases, [vec![d("2024-12-31")], vec![d("2025-12-31")], vec![d("2026-12-31")]]);
    let rhythm: Vec<_> = t.measures.iter().filter(|m| m.task == 12).map(|m| m.every).collect();
    assert_eq!(rhythm, [Some(Every::Month), Some(Every::Quarter), Some(Every::Year)]);
    let Some((_, text)) = common::seed("001") else { return };
    let plan = street_plan(&text).expect("the street plan is in seed 001");
    // The actions are headed "(一)开展…行动" … "(十)开展…行动"; count each one's numbered measures.
    let heads = ["(一)", "(二)", "(三)", "(四)", "(五)", "(六)", "(七)", "(八)", "(九)", "(十)"];
    let tasks_part = &plan[plan.find("二、主要任务").expect("tasks")..plan.find("三、进度安排").expect("phases")];
    let mut counted = Vec::new();
    for (i, h) in heads.iter().enumerate() {
        let start = tasks_part.find(h).expect("action heading");
        let end = heads.get(i + 1).and_then(|n| tasks_part.find(n)).unwrap_or(tasks_part.len());
        let body = &tasks_part[start..end];
        let n = (1..=9)
            .take_while(|k| {
                body.contains(&format!("{k}.")) || body.contains(&format!("{k} .")) || body.contains(&format!("{k},"))
            })
            .count();
        counted.push(n);
    }
    assert_eq!(counted, per_action);
    for phrase in [
        "即日起至2024年12月",
        "2025年1月至2025年12月",
        "2026年1月至2026年12月",
        "每月1日起",
        "每季度的最后一周",
        "每年12月底之前",
        "2025年底前,力争打造一批安全生产标准化标杆企业",
    ] {
        assert!(plan.contains(phrase), "{phrase}");
    }
    let m31 = t.measures.iter().find(|m| (m.task, m.number) == (3, 1)).expect("3.1");
    assert_eq!(m31.due, [d("2024-12-31"), d("2025-12-31"), d("2026-12-31")]);
    assert!(plan.contains("2024年配合") && plan.contains("2025年,配合") && plan.contains("2026年,配合"));
}

#[test]
fn assessment_points_scores_deductions_and_bonuses() {
    let t = builtin("assessment-2024");
    assert_eq!(t.measures.len(), 31);
    let scored: Vec<_> = t.measures.iter().filter(|m| m.kind == ItemKind::Measure).collect();
    assert_eq!(scored.len(), 26);
    let group = |g: u32| scored.iter().filter(|m| m.task == g).map(|m| m.points.unwrap_or(0.0)).sum::<f64>();
    assert_eq!([group(1), group(2), group(3), group(4), group(5)], [20.0, 33.0, 21.0, 12.0, 14.0]);
    let kinds: Vec<ItemKind> = t.measures[26..].iter().map(|m| m.kind).collect();
    assert_eq!(
        kinds,
        [ItemKind::Deduction, ItemKind::Deduction, ItemKind::Deduction, ItemKind::Bonus, ItemKind::Bonus]
    );
    assert_eq!((t.measures[27].points, t.measures[28].points), (Some(2.0), Some(0.5)));
    assert_eq!((t.from, t.until), (d("2024-01-01"), d("2024-12-31")));
    let Some((_, text)) = common::seed("003") else { return };
    let points = &text[text.find("2024 年度省级政府安全生产和消防工作 考核要点\n").expect("the assessment points")..];
    // Each scored item's points as printed at its end: "(6 分)" or "(3分)".
    let mut bodies: BTreeMap<u32, String> = BTreeMap::new();
    let mut current = 0;
    for line in points.lines() {
        let number: String = line.trim_start().chars().take_while(char::is_ascii_digit).collect();
        if !number.is_empty() && line.trim_start()[number.len()..].starts_with('.') {
            current = number.parse().unwrap_or(0);
        }
        bodies.entry(current).or_default().extend(line.chars().filter(|c| !c.is_whitespace()));
    }
    for m in &scored {
        let want = format!("({}分)", m.points.unwrap_or(0.0));
        let body = bodies.get(&m.number).map(String::as_str).unwrap_or("");
        assert!(body.contains(&want), "item {}: {want} not in the seed's item", m.number);
    }
    for (group, pts) in [("一、", 20), ("二、", 33), ("三、", 21), ("四、", 12), ("五、", 14)] {
        let line = points.lines().find(|l| l.starts_with(group)).expect("group heading");
        assert!(line.replace(' ', "").contains(&format!("({pts}分)")), "{line}");
    }
    let flat: String = points.chars().filter(|c| !c.is_whitespace()).collect();
    for rule in [
        "每起扣40分",
        "发生1起扣10分,发生2起扣20分,发生3起及以上扣40分",
        "分梯次扣1至3分",
        "每次扣2分",
        "每项扣0.5分",
        "给予适当加分",
    ] {
        assert!(flat.contains(rule), "{rule}");
    }
}

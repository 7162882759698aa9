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

/// (task, number) → dates, for comparing a template with a draft read from the seed. A measure
/// the template keeps twice (two recurring rules) gives its dates once.
fn dates_by_measure(t: &Template) -> BTreeMap<(u32, u32), Vec<NaiveDate>> {
    let mut out: BTreeMap<(u32, u32), Vec<NaiveDate>> = BTreeMap::new();
    for m in &t.measures {
        out.entry((m.task, m.number)).or_default().extend(m.due.iter().copied());
    }
    out
}

/// The seed's text without spaces and line breaks, where phrases are looked for.
fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn district_letter_has_24_tasks_68_measures_and_the_letters_dates() {
    let t = builtin("district-letter-2024");
    assert_eq!((t.tasks.len(), t.measures.len()), (24, 69), "68 measures, 62 twice (monthly and yearly)");
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
    // Recurrences the letter states: monthly (1, 2), quarterly self-inspection (20), yearly
    // drills (48); the high-hazard ones are checked with the other templates' below.
    let every = |n: u32| t.measures.iter().find(|m| m.number == n).and_then(|m| m.every);
    assert_eq!(
        (every(1), every(2), every(20), every(48)),
        (Some(Every::Month), Some(Every::Month), Some(Every::Quarter), Some(Every::Year))
    );
}

#[test]
fn town_plan_has_25_measures_with_their_yearly_milestones() {
    let t = builtin("town-plan-2024-2026");
    assert_eq!((t.tasks.len(), t.measures.len()), (11, 28), "25 measures, the main targets and two yearly safeguards");
    assert_eq!(t.measures[..25].iter().map(|m| m.number).collect::<Vec<_>>(), (1..=25).collect::<Vec<_>>());
    let m13 = &t.measures[12];
    assert_eq!(m13.due, [d("2024-12-31"), d("2025-12-31"), d("2026-12-31")]);
    assert!(m13.targets[0].contains("40%") && m13.targets[1].contains("50%"), "{:?}", m13.targets);
    assert!(t.measures.iter().all(|m| m.targets.is_empty() || m.targets.len() == m.due.len()));
    let Some((_, text)) = common::seed("004") else { return };
    let seed = draft(&text, 2024);
    let from_seed: BTreeMap<(u32, u32), Vec<NaiveDate>> =
        seed.measures.iter().map(|m| ((m.task, m.number), m.due.clone())).collect();
    let numbered = Template { measures: t.measures[..25].to_vec(), ..t.clone() };
    assert_eq!(dates_by_measure(&numbered), from_seed);
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
    assert_eq!(rhythm, [Some(Every::Month), Some(Every::Quarter), Some(Every::Year), Some(Every::Quarter)]);
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

/// Where a plan gives a frequency for everyone and another for high-hazard sectors, the template
/// keeps both, as the seed words them.
#[test]
fn frequency_pairs_are_kept_as_the_seeds_give_them() {
    use Every::*;
    // (template, task, number, general, high-hazard, seed, phrase of the seed)
    let pairs = [
        (
            "district-letter-2024",
            9,
            20,
            Quarter,
            Month,
            "003",
            "每季度带队对本单位重大事故隐患排查整治情况至少开展1次检查（高危行业领域每月至少1次）",
        ),
        (
            "district-letter-2024",
            18,
            48,
            Year,
            HalfYear,
            "003",
            "每年至少组织开展一次疏散逃生演练（高危行业领域每半年至少一次）",
        ),
        (
            "street-plan-2024-2026",
            5,
            1,
            Quarter,
            Month,
            "001",
            "每季度带队对本单位重大事故隐患排查整治情况至少开展1次检查(高危行业领域每月至少1次)",
        ),
        ("town-plan-2024-2026", 3, 3, Quarter, Month, "004", "（高危行业领域每月至少1"),
        (
            "town-plan-2024-2026",
            5,
            13,
            Year,
            HalfYear,
            "004",
            "每年至少组织开展1次疏散逃生演练（高危行业领域每半年至少1次）",
        ),
        ("assessment-2024", 2, 8, Quarter, Month, "003", "高危行业领域每月至少1次"),
        ("assessment-2024", 2, 10, Year, HalfYear, "003", "高危行业领域每半年至少1次"),
    ];
    for (id, task, number, general, high, seed, phrase) in pairs {
        let t = builtin(id);
        let m = t.measures.iter().find(|m| (m.task, m.number) == (task, number)).expect("measure");
        assert_eq!((m.every, m.every_high_hazard), (Some(general), Some(high)), "{id} {task}.{number}");
        if let Some((_, text)) = common::seed(seed) {
            assert!(compact(&text).contains(&compact(phrase)), "{id} {task}.{number}: \"{phrase}\" not in seed {seed}");
        }
    }
    // No other measure has a pair: every pair above is one the seeds state.
    let all: usize = builtin::all()
        .expect("built-ins")
        .iter()
        .map(|t| t.measures.iter().filter(|m| m.every_high_hazard.is_some()).count())
        .sum();
    assert_eq!(all, pairs.len());
    // The unit obligations use the same pair by sector: quarterly/monthly self-inspection,
    // yearly/half-yearly drill.
    use anjian::domain::deadline::{drill_months, self_inspection_months};
    assert_eq!((self_inspection_months(false), self_inspection_months(true)), (3, 1));
    assert_eq!((drill_months(false), drill_months(true)), (12, 6));
}

/// The offices assign their own sections: no built-in template names one (none is in the seeds).
#[test]
fn no_builtin_template_sets_a_section() {
    for t in builtin::all().expect("built-ins") {
        let named: Vec<String> =
            t.measures.iter().filter(|m| m.section.is_some()).map(|m| format!("{}.{}", m.task, m.number)).collect();
        assert!(named.is_empty(), "{}: {named:?}", t.id);
    }
}

/// Measures the district letter addresses to the district's own bodies are marked so, and only
/// those; the seed names the addressee of the first four.
#[test]
fn district_level_measures_are_the_district_bodies_own() {
    use anjian::plan::template::Level;
    let t = builtin("district-letter-2024");
    let district: Vec<u32> = t.measures.iter().filter(|m| m.level == Some(Level::District)).map(|m| m.number).collect();
    assert_eq!(district, [1, 2, 3, 8, 9, 10, 23, 29, 30, 31, 32, 33, 34, 45, 46, 52, 63, 66]);
    for other in ["street-plan-2024-2026", "town-plan-2024-2026", "assessment-2024"] {
        assert!(builtin(other).measures.iter().all(|m| m.level.is_none()), "{other}");
    }
    let Some((_, text)) = common::seed("003") else { return };
    let text = compact(&text);
    for phrase in [
        "有关部门提请区政府分管领导每月至少听取一次",
        "行业领域主管部门每月至少组织一次安全生产形势会商研判",
        "区消安办、各行业部门",
        "完善区政府与行业部门对于重大事故隐患治理的督办制度",
    ] {
        assert!(text.contains(phrase), "{phrase}");
    }
}

/// Items the first templates lacked, each against the seed's words.
#[test]
fn the_added_recurring_items_and_yearly_targets_are_the_seeds() {
    let find = |t: &Template, task: u32, number: u32, nth: usize| {
        t.measures.iter().filter(|m| (m.task, m.number) == (task, number)).nth(nth).cloned().expect("measure")
    };
    let street = builtin("street-plan-2024-2026");
    assert_eq!(find(&street, 12, 4, 0).every, Some(Every::Quarter), "the 党工委's quarterly hearing");
    let district = builtin("district-letter-2024");
    assert_eq!(
        (find(&district, 22, 62, 0).every, find(&district, 22, 62, 1).every),
        (Some(Every::Month), Some(Every::Year))
    );
    let town = builtin("town-plan-2024-2026");
    let goals = find(&town, 10, 1, 0);
    assert_eq!(goals.due, [d("2024-12-31"), d("2025-12-31"), d("2026-12-31")]);
    assert!(
        goals.targets[0].contains("存量") && goals.targets[1].contains("新增") && goals.targets[2].contains("动态清零")
    );
    assert_eq!((find(&town, 11, 1, 0).every, find(&town, 11, 2, 0).every), (Some(Every::Year), Some(Every::Year)));
    for (seed, phrases) in [
        ("001", &["党工委每季度听取进展情况汇报"][..]),
        ("003", &["一月一培训、一月一警示", "每年结合区委党校"][..]),
        (
            "004",
            &[
                "2024年年底基本消除重大事故隐患存量",
                "2025年年底有效遏制重大事故隐患增量",
                "2026年年底形成重大事故隐患动态清零工作机制",
                "年度任务清单",
                "每年度安全生产投入情况",
            ][..],
        ),
    ] {
        let Some((_, text)) = common::seed(seed) else { continue };
        let text = compact(&text);
        for p in phrases {
            assert!(text.contains(&compact(p)), "seed {seed}: {p}");
        }
    }
}

/// Every figure link, reviewed against the seed wording: a link that measures something else
/// (enterprises' own reward schemes as the office's reply rate, monitoring coverage as alarm
/// acknowledgement, hazards found by inspectors as the office's open ones) is not there.
#[test]
fn figure_links_are_the_reviewed_ones() {
    use anjian::domain::checklist::Figure::*;
    let mut links: Vec<(String, String, &str)> = Vec::new();
    for t in builtin::all().expect("built-ins") {
        for m in &t.measures {
            if let Some(f) = m.figure {
                links.push((t.id.clone(), format!("{}.{}", m.task, m.number), f.code()));
            }
        }
    }
    let want = [
        ("district-letter-2024", "2.6", HazardOnTime),
        ("district-letter-2024", "9.20", SelfInspections),
        ("district-letter-2024", "9.22", MajorHazardsOpen),
        ("district-letter-2024", "18.48", Drills),
        ("district-letter-2024", "21.55", TipoffVerifiedOnTime),
        ("district-letter-2024", "24.68", GridCoverage),
        ("town-plan-2024-2026", "3.3", SelfInspections),
        ("town-plan-2024-2026", "3.4", MajorHazardsOpen),
        ("town-plan-2024-2026", "5.13", Drills),
        ("town-plan-2024-2026", "7.19", TipoffRepliedOnTime),
        ("town-plan-2024-2026", "10.1", MajorHazardsOpen),
        ("street-plan-2024-2026", "5.1", SelfInspections),
        ("street-plan-2024-2026", "7.2", Drills),
        ("street-plan-2024-2026", "11.1", MajorHazardsOpen),
        ("assessment-2024", "2.10", Drills),
        // The office's registers: enforcement (精准执法), training and publicity (全民安全素质,
        // “五进”), one-hour reporting (point 23) and the accidents point 27 deducts for.
        ("assessment-2024", "2.12", Enforcement),
        ("assessment-2024", "2.13", TrainingPublicity),
        ("assessment-2024", "5.23", AccidentReporting),
        ("assessment-2024", "6.27", Accidents),
        ("street-plan-2024-2026", "9.2", Enforcement),
        ("street-plan-2024-2026", "10.1", TrainingPublicity),
    ];
    let mut want: Vec<(String, String, &str)> =
        want.iter().map(|(t, m, f)| (t.to_string(), m.to_string(), f.code())).collect();
    want.sort();
    links.sort();
    assert_eq!(links, want);
}

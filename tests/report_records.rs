//! The registers in the report, against an office worked out by hand: accidents (levels, deaths,
//! the one-hour count with a late report in its base, "no accident" when there was none), the
//! office's enforcement, training and publicity, the assessment figures they feed (point 27's
//! deduction, point 23's reporting), the closing summary and self-score of a plan's last report,
//! and the two settings: a sealed signature and tables sent apart.

mod common;

use anjian::domain::accident::AccidentLevel;
use anjian::domain::calendar::Quarter;
use anjian::domain::work_record::WorkKind;
use anjian::i18n::Lang;
use anjian::plan::template;
use anjian::report::export::{Format, render};
use anjian::report::model::{Report, Share};
use anjian::store::Store;
use anjian::store::accidents::AccidentInput;
use anjian::store::checklist;
use anjian::store::work_records::WorkInput;
use chrono::{DateTime, NaiveDate};
use common::zip_entry;
use std::path::Path;

const PLAN: &str = r#"
id = "plan"
name = "三年方案"
source = "test"
from = 2024-01-01
until = 2026-12-31

[[task]]
number = 1
title = "事故防范"
[[task]]
number = 2
title = "执法宣传"

[[measure]]
task = 1
number = 1
title = "事故1小时内报送"
ongoing = true
figure = "accident_reporting"
[[measure]]
task = 1
number = 2
title = "建立事故台账"
due = 2024-12-31
[[measure]]
task = 2
number = 3
title = "精准执法"
ongoing = true
figure = "enforcement"
[[measure]]
task = 2
number = 4
title = "宣传培训"
ongoing = true
figure = "training_publicity"
"#;

const POINTS: &str = r#"
id = "points"
name = "2026年度考核要点"
source = "test"
from = 2026-01-01
until = 2026-12-31

[[task]]
number = 1
title = "考核"
[[measure]]
task = 1
number = 1
title = "事故报送"
ongoing = true
points = 3
figure = "accident_reporting"
[[measure]]
task = 1
number = 2
title = "发生重大事故"
kind = "deduction"
ongoing = true
figure = "accidents"
"#;

fn at(s: &str) -> DateTime<chrono::FixedOffset> {
    DateTime::parse_from_rfc3339(s).expect("time")
}

fn accident(when: &str, unit: &str, level: AccidentLevel, deaths: u32, reported: Option<&str>) -> AccidentInput {
    AccidentInput {
        occurred_at: at(when),
        unit: None,
        unit_name: unit.into(),
        place: String::new(),
        kind: "machinery".into(),
        level,
        deaths,
        injuries: 0,
        description: String::new(),
        reported_at: reported.map(at),
    }
}

fn work(kind: WorkKind, on: &str, title: &str, unit: &str, fine: f64, people: i64) -> WorkInput {
    WorkInput {
        kind,
        on: NaiveDate::parse_from_str(on, "%Y-%m-%d").expect("date"),
        title: title.into(),
        unit: None,
        unit_name: unit.into(),
        fine_yuan: fine,
        people,
        note: String::new(),
    }
}

/// Q2: a major accident (10 dead) reported in time. Q3: an ordinary one (1 dead) reported in 35
/// minutes, a larger one (3 dead) reported after 80; two cases against one unit (5,000 yuan and an
/// order to correct), a training of 30, an event reaching 500. Q4: nothing. The plan ends in 2026;
/// the 2026 points carry 3 points, 1 lost.
fn office() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut s = Store::open(&dir.path().join("r.db")).expect("open");
    let plan = template::parse(Path::new("plan.toml"), PLAN).expect("plan");
    let points = template::parse(Path::new("points.toml"), POINTS).expect("points");
    s.write("主任", |w| {
        anjian::store::network::set_office(w, "测试街道", "")?;
        for a in [
            accident("2026-05-10T08:00:00+08:00", "甲厂", AccidentLevel::Major, 10, Some("2026-05-10T08:40:00+08:00")),
            accident("2026-07-03T09:00:00+08:00", "乙店", AccidentLevel::General, 1, Some("2026-07-03T09:35:00+08:00")),
            accident(
                "2026-08-10T10:00:00+08:00",
                "丙仓库",
                AccidentLevel::Larger,
                3,
                Some("2026-08-10T11:20:00+08:00"),
            ),
        ] {
            anjian::store::accidents::upsert(w, &a)?;
        }
        for r in [
            work(WorkKind::Enforcement, "2026-07-20", "未开展隐患排查", "乙店", 5000.0, 0),
            work(WorkKind::Enforcement, "2026-09-01", "堵塞安全出口", "乙店", 0.0, 0),
            work(WorkKind::Training, "2026-08-01", "有限空间培训", "", 0.0, 30),
            work(WorkKind::Publicity, "2026-09-15", "安全宣传咨询日", "", 0.0, 500),
            work(WorkKind::Training, "2026-06-01", "上季度培训", "", 0.0, 99),
        ] {
            anjian::store::work_records::upsert(w, &r)?;
        }
        let plan_id = checklist::load_plan(w, &plan)?;
        let points_id = checklist::load_plan(w, &points)?;
        let q4 = Quarter::parse("2026Q4").expect("q");
        let edit = |status, lost: Option<f64>| checklist::EntryEdit {
            status: Some(status),
            points_lost: lost.map(Some),
            ..Default::default()
        };
        use anjian::domain::checklist::ItemStatus::Done;
        // The 2024 ledger was done in 2024; in the last quarter, reporting and enforcement are done,
        // publicity is not.
        let q = Quarter::parse("2024Q4").expect("q");
        let items = checklist::items(&w.tx, plan_id, q)?;
        let ledger = items.iter().find(|i| i.number == 2).map(|i| i.measure_id).expect("ledger");
        checklist::edit(w, ledger, q, 0, &edit(Done, None))?;
        for i in checklist::items(&w.tx, plan_id, q4)?.iter().filter(|i| i.number == 1 || i.number == 3) {
            checklist::edit(w, i.measure_id, q4, 0, &edit(Done, None))?;
        }
        let first = checklist::items(&w.tx, points_id, q4)?.into_iter().find(|i| i.number == 1).expect("point");
        checklist::edit(w, first.measure_id, q4, 0, &edit(Done, Some(1.0)))?;
        let mut id = anjian::store::network::office_identity(&w.tx)?;
        id.full_name = "测试街道办事处".into();
        id.main_plan = "plan".into();
        let v = anjian::store::network::office_version(&w.tx)?;
        anjian::store::network::set_office_identity(w, &id, v)
    })
    .expect("office");
    (dir, s)
}

fn compile(s: &Store, q: &str, today: &str) -> Report {
    let today = NaiveDate::parse_from_str(today, "%Y-%m-%d").expect("date");
    anjian::report::compile(s.conn(), Quarter::parse(q).expect("q"), today, "主任", Lang::Zh).expect("compile")
}

fn md(r: &Report, lang: Lang) -> String {
    String::from_utf8(render(r, Format::Md, lang).expect("md")).expect("utf-8")
}

#[test]
fn the_quarter_counts_its_accidents_and_work_and_the_late_report_is_in_the_base() {
    let (_dir, s) = office();
    let r = compile(&s, "2026Q3", "2026-10-15");
    let a = &r.accidents;
    assert_eq!((a.count, a.deaths, a.injuries), (2, 4, 0));
    assert_eq!((a.of_level(AccidentLevel::General), a.of_level(AccidentLevel::Larger)), (1, 1));
    assert_eq!(a.serious_in_hour, Share { part: 0, whole: 1 }, "the larger one took 80 minutes");
    assert_eq!(a.lines.iter().map(|l| l.in_hour).collect::<Vec<_>>(), [Some(true), Some(false)]);
    let w = &r.work;
    assert_eq!((w.enforcement_cases, w.units_penalised, w.fines_yuan), (2, 1, 5000.0));
    assert_eq!((w.training_sessions, w.people_trained, w.publicity_events, w.people_reached), (1, 30, 1, 500));
    let text = md(&r, Lang::Zh);
    for sentence in [
        "立案查处2起，涉及单位1家，罚款5000元；组织安全培训1场、30人次；开展宣传活动1次、覆盖500人次。",
        "本季度辖区发生生产安全事故2起（一般1起、较大1起），死亡4人、重伤0人；较大以上事故1起，1小时内报送0起（见附件1）。",
    ] {
        assert!(text.contains(sentence), "{sentence}\n{text}");
    }
    // Attachment 1 lists every accident, numbered, with its one-hour answer.
    assert!(text.contains("| 1 | 2026-07-03 09:00 | 乙店 | 机械伤害 | 一般 | 1 | 0 | 是 |"), "{text}");
    assert!(text.contains("| 2 | 2026-08-10 10:00 | 丙仓库 | 机械伤害 | 较大 | 3 | 0 | 否 |"), "{text}");
    // The linked figures: the year's accidents and point 27's rule, the year's reporting.
    let figure = |n: u32| {
        r.plans[0]
            .tasks
            .iter()
            .flat_map(|t| &t.items)
            .find(|i| i.number == n)
            .and_then(|i| i.figure.clone())
            .map(|f| f.1)
    };
    assert_eq!(figure(1).as_deref(), Some("较大以上事故2起，1小时内报送1起"));
    assert_eq!(figure(3).as_deref(), Some("本季度执法2起，罚款5000元"));
    assert_eq!(figure(4).as_deref(), Some("本季度培训1场30人，宣传1次500人"));
    let figures = anjian::report::figure_values(
        s.conn(),
        Quarter::parse("2026Q3").expect("q"),
        NaiveDate::from_ymd_opt(2026, 10, 15).expect("d"),
        &[anjian::domain::checklist::Figure::Accidents],
        Lang::Zh,
    )
    .expect("figures");
    assert_eq!(figures[0].1, "本年3起，死亡14人（较大1起、重大1起、特别重大0起）；按规则扣10分");
    assert!(r.closing.is_none(), "only the plan's last quarter closes it");
    let en = md(&compile(&s, "2026Q3", "2026-10-15"), Lang::En);
    assert!(en.contains("2 accidents occurred in the area this quarter (1 ordinary, 1 larger), 4 dead"), "{en}");
}

#[test]
fn the_plans_last_report_says_no_accident_sums_the_year_and_closes_the_plan() {
    let (_dir, s) = office();
    let r = compile(&s, "2026Q4", "2026-12-31");
    let text = md(&r, Lang::Zh);
    assert!(text.contains("本季度辖区未发生生产安全事故。"), "{text}");
    assert!(text.contains("2026年辖区发生生产安全事故3起（一般1起、较大1起、重大1起），死亡14人、重伤0人；较大以上事故2起，1小时内报送1起。"), "{text}");
    assert!(text.contains("全年立案查处2起"), "{text}");
    let c = r.closing.as_ref().expect("the plan ends this year");
    assert_eq!(c.measures, Share { part: 3, whole: 4 }, "the 2024 ledger counts as done; publicity is not");
    assert_eq!(c.unfinished, ["2.4 宣传培训"]);
    assert_eq!(
        c.tasks.iter().map(|t| t.2).collect::<Vec<_>>(),
        [Share { part: 2, whole: 2 }, Share { part: 1, whole: 2 }]
    );
    assert_eq!((c.work.training_sessions, c.work.people_trained), (2, 129), "the whole period");
    let (name, score) = c.assessment.as_ref().expect("the 2026 points are loaded");
    assert_eq!((name.as_str(), score.available, score.lost, score.total()), ("2026年度考核要点", 3.0, 1.0, 2.0));
    assert!(text.contains("## 三、三年行动总结和自评"), "{text}");
    assert!(text.contains("方案措施共4项，已完成或不适用3项（75.0%）"), "{text}");
    assert!(text.contains("未完成1项：2.4 宣传培训。"), "{text}");
    assert!(text.contains("对照《2026年度考核要点》，应得3.0分，失分1.0分，减分0.0分，加分0.0分，自评得分2.0分。实施期间发生重大及以上事故1起"), "{text}");
    // The headings after it move down one.
    assert!(text.contains("## 四、存在的问题") && text.contains("## 五、下一步工作打算"), "{text}");
}

#[test]
fn a_sealed_report_places_its_signature_for_the_seal_and_tables_apart_end_the_document() {
    let (dir, mut s) = office();
    let plain = compile(&s, "2026Q3", "2026-10-15");
    let body = |r: &Report| zip_entry(&render(r, Format::Docx, Lang::Zh).expect("docx"), "word/document.xml");
    // Without a seal: the date's right indent is two characters (315 twips each) or more.
    let unsealed = body(&plain);
    assert!(unsealed.contains("附件1") && unsealed.contains("总体情况"), "attachments are pages of the document");
    s.write("主任", |w| {
        let mut id = anjian::store::network::office_identity(&w.tx)?;
        id.sealed = true;
        id.tables_apart = true;
        let v = anjian::store::network::office_version(&w.tx)?;
        anjian::store::network::set_office_identity(w, &id, v)
    })
    .expect("settings");
    let sealed = compile(&s, "2026Q3", "2026-10-15");
    assert!(sealed.sealed && sealed.tables_apart);
    let xml = body(&sealed);
    // The date (the day it is compiled) four characters in: 4 × 315 = 1260 twips.
    let written = anjian::report::blocks::written_date(&sealed.compiled_at, true);
    let date = xml.find(&written).expect("date");
    let date_para = &xml[xml[..date].rfind("<w:p ").expect("paragraph")..date];
    assert!(date_para.contains(r#"w:right="1260""#), "{date_para}");
    // Room for the seal: three empty paragraphs between the attachment note and the office.
    let office = xml.rfind("测试街道办事处").expect("office");
    let before = &xml[xml[..office].rfind("（另附电子表格）").expect("note says the tables go apart")..office];
    assert_eq!(before.matches("<w:p>").count() + before.matches("<w:p ").count(), 4, "{before}");
    assert!(!xml.contains("总体情况"), "no attachment pages in the document");
    // The workbook goes with it even when only the document is asked for.
    let out = dir.path().join("out");
    let written = anjian::report::export::export(&mut s, &sealed, &[Format::Docx], &out, Lang::Zh, &mut |_, _| {})
        .expect("export");
    let formats: Vec<Format> = written.iter().map(|w| w.format).collect();
    assert_eq!(formats, [Format::Docx, Format::Xlsx]);
    let xlsx = std::fs::read(out.join("anjian-report-2026Q3.xlsx")).expect("xlsx");
    let workbook = zip_entry(&xlsx, "xl/workbook.xml");
    assert!(workbook.contains("事故登记") && workbook.contains("工作记录"), "{workbook}");
}

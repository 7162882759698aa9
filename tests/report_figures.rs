//! The quarterly report's figures against a small office worked out by hand (2026Q3, looked at
//! after the quarter): hazards, tip-offs, alarms, inspections, the checklist with a self-score,
//! what falls due next quarter, and the office's own text; then the three files it is written as.

mod common;

use anjian::domain::calendar::Quarter;
use anjian::domain::checklist::ItemStatus;
use anjian::domain::hazard::HazardSource;
use anjian::i18n::Lang;
use anjian::plan::template;
use anjian::report::model::{Report, Share};
use anjian::store::Store;
use anjian::store::checklist::{self, EntryEdit};
use chrono::NaiveDate;
use common::zip_entry;
use std::path::Path;

const PLAN: &str = r#"
id = "small"
name = "小方案"
source = "test"
from = 2026-01-01
until = 2026-12-31

[[task]]
number = 1
title = "台账"
[[task]]
number = 2
title = "考核"
[[task]]
number = 3
title = "减分加分"

[[measure]]
task = 1
number = 1
title = "建立隐患台账"
due = 2026-09-30
figure = "hazard_on_time"
[[measure]]
task = 1
number = 2
title = "每季度检查"
every = "quarter"
[[measure]]
task = 2
number = 3
title = "长期坚持"
ongoing = true
points = 5
[[measure]]
task = 3
number = 4
title = "被通报"
kind = "deduction"
points = 0.5
ongoing = true
[[measure]]
task = 3
number = 5
title = "成效突出"
kind = "bonus"
ongoing = true
[[measure]]
task = 1
number = 6
title = "年底总结"
due = 2026-12-31
"#;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

/// The hand-worked office; see each block's comment for what it is there to test.
fn office() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut s = Store::open(&dir.path().join("r.db")).expect("open");
    let t = template::parse(Path::new("small.toml"), PLAN).expect("template");
    s.write("主任", |w| {
        anjian::store::network::set_office(w, "测试街道", "")?;
        let sql = [
            "UPDATE office SET started_on = '2026-07-01'",
            "INSERT INTO community (id, name) VALUES (1, '东社区')",
            "INSERT INTO grid (id, community_id, name) VALUES (1, 1, '一网格'), (2, 1, '二网格')",
            // U2 is high-hazard (gas). Drills on 09-30, by calendar period: U1 (2026's done in March), U3 and
            // U2 (its half-year, July–December, still runs) are not overdue; U4 (none since 2024) is.
            "INSERT INTO unit (id, name, grid_id, sector, risk_level, registered_on, last_drill) VALUES
                (1, '甲厂', 1, 'industry_trade', 'low', '2024-03-01', '2026-03-01'),
                (2, '乙燃气站', 1, 'gas', 'major', '2024-03-01', '2026-01-01'),
                (3, '丙小店', 2, 'nine_small', 'low', '2024-03-01', '2026-09-01'),
                (4, '丁仓库', NULL, 'nine_small', 'low', '2024-03-01', NULL)",
            // H1 on time, H2 late, H3 major supervised overdue, H4 not yet due, H5 found in Q2 closed in Q3,
            // H6 found in Q2, major, still open.
            "INSERT INTO hazard (id, unit_id, description, major, source, found_on, deadline, status, closed_on, supervised, supervising_level) VALUES
                (1, 1, '通道堵塞', 0, 'inspection', '2026-07-05', '2026-07-31', 'closed', '2026-07-20', 0, ''),
                (2, 1, '灭火器过期', 0, 'self_inspection', '2026-07-10', '2026-08-10', 'closed', '2026-08-15', 0, ''),
                (3, 2, '管道腐蚀', 1, 'tipoff', '2026-08-01', '2026-09-15', 'rectifying', NULL, 1, '区级'),
                (4, 3, '电线私拉', 0, 'inspection', '2026-09-01', '2026-10-31', 'found', NULL, 0, ''),
                (5, 3, '堆放杂物', 0, 'inspection', '2026-06-01', '2026-07-15', 'closed', '2026-07-10', 0, ''),
                (6, 4, '违规住人', 1, 'inspection', '2026-05-01', '2026-06-30', 'found', NULL, 0, '')",
            // T1 on time all through with a reward; T2 verified late, replied next quarter; T3 transferred;
            // T4 received in Q2, verified in Q3 on time, replied late; T5 accepted in July, its limit
            // (09-03) passed with no verification; T6 received in Q2, verified on time in August, its
            // reply limit (08-20) passed with no reply; T7 received in September, not accepted yet.
            "INSERT INTO tipoff (id, channel, status, received_at, description, accepted_on, verify_due, verified_on,
                                 substantiated, reply_due, replied_on, reward, transferred_to) VALUES
                (1, 'hotline', 'rewarded', '2026-07-02T09:00:00+08:00', 'a', '2026-07-02', '2026-08-31', '2026-07-22', 1, '2026-08-01', '2026-07-30', 3000, ''),
                (2, 'letter', 'replied', '2026-07-15T09:00:00+08:00', 'b', '2026-07-16', '2026-09-14', '2026-09-20', 0, '2026-09-30', '2026-10-05', NULL, ''),
                (3, 'visit', 'transferred', '2026-08-20T09:00:00+08:00', 'c', '2026-08-20', NULL, NULL, NULL, NULL, NULL, NULL, '区住建局'),
                (4, 'hotline', 'replied', '2026-06-28T09:00:00+08:00', 'd', '2026-06-28', '2026-08-27', '2026-07-08', 1, '2026-07-18', '2026-07-20', NULL, ''),
                (5, 'hotline', 'verifying', '2026-07-05T09:00:00+08:00', 'e', '2026-07-05', '2026-09-03', NULL, NULL, NULL, NULL, NULL, ''),
                (6, 'letter', 'unsubstantiated', '2026-06-15T09:00:00+08:00', 'f', '2026-06-15', '2026-08-14', '2026-08-10', 0, '2026-08-20', NULL, NULL, ''),
                (7, 'visit', 'received', '2026-09-25T09:00:00+08:00', 'g', NULL, NULL, NULL, NULL, NULL, NULL, NULL, '')",
            // Minutes to acknowledge 10, 30, 5, 120 (median 20); A4 never; A6 an exercise; A7 last quarter.
            "INSERT INTO alarm (dedup_key, feed, source, msg_status, level, status, sent, first_seen, last_seen, acked_at) VALUES
                ('a1', 'f1', 's', 'Actual', 'red', 'resolved', '2026-07-01T08:00:00+08:00', 'x', 'x', '2026-07-01T08:10:00+08:00'),
                ('a2', 'f1', 's', 'Actual', 'orange', 'false_alarm', '2026-07-02T08:00:00+08:00', 'x', 'x', '2026-07-02T08:30:00+08:00'),
                ('a3', 'f2', 's', 'Actual', 'general', 'acknowledged', '2026-08-01T10:00:00+08:00', 'x', 'x', '2026-08-01T10:05:00+08:00'),
                ('a4', 'f2', 's', 'Actual', 'red', 'new', '2026-09-01T10:00:00+08:00', 'x', 'x', NULL),
                ('a5', 'f2', 's', 'Actual', 'blue', 'resolved', '2026-09-02T10:00:00+08:00', 'x', 'x', '2026-09-02T12:00:00+08:00'),
                ('a6', 'f1', 's', 'Exercise', 'red', 'new', '2026-09-03T10:00:00+08:00', 'x', 'x', NULL),
                ('a7', 'f1', 's', 'Actual', 'red', 'new', '2026-06-30T23:00:00+08:00', 'x', 'x', NULL)",
            // U2 inspects monthly (3), U1 once; U3 drilled in the quarter; U1's drill was in March.
            "INSERT INTO inspection (unit_id, kind, done_on, recorded_by, recorded_at) VALUES
                (2, 'self_inspection', '2026-07-10', 't', 't'), (2, 'self_inspection', '2026-08-10', 't', 't'),
                (2, 'self_inspection', '2026-09-10', 't', 't'), (1, 'self_inspection', '2026-08-05', 't', 't'),
                (3, 'drill', '2026-09-01', 't', 't'), (1, 'drill', '2026-03-01', 't', 't')",
        ];
        for q in sql {
            w.tx.execute(q, [])?;
        }
        let plan = checklist::load_plan(w, &t)?;
        w.tx.execute("UPDATE plan SET loaded_at = '2026-07-01T09:00:00+08:00'", [])?;
        let q3 = Quarter::parse("2026Q3").expect("q");
        let items = checklist::items(&w.tx, plan, q3)?;
        let id = |n: u32| items.iter().find(|i| i.number == n).map(|i| i.measure_id).expect("item");
        let edit = |status: Option<ItemStatus>, lost: Option<f64>, why: &str| EntryEdit {
            status,
            points_lost: lost.map(Some),
            loss_reason: Some(why.into()),
            note: Some(format!("说明{why}")),
            ..Default::default()
        };
        checklist::edit(w, id(1), q3, 0, &edit(Some(ItemStatus::Done), None, ""))?;
        checklist::edit(w, id(2), q3, 0, &edit(Some(ItemStatus::InProgress), None, ""))?;
        checklist::edit(w, id(3), q3, 0, &edit(None, Some(2.0), "台账不全"))?;
        checklist::edit(w, id(4), q3, 0, &edit(None, Some(0.5), "被通报一次"))?;
        checklist::edit(w, id(5), q3, 0, &edit(None, Some(1.0), "经验推广"))?;
        checklist::save_draft(w, q3, "problems", "一是自查质量不高。", 0)?;
        checklist::save_draft(w, q3, "next_quarter", "一是开展冬季检查。", 0)?;
        Ok(())
    })
    .expect("office");
    (dir, s)
}

fn compile(s: &Store) -> Report {
    let q3 = Quarter::parse("2026Q3").expect("q");
    anjian::report::compile(s.conn(), q3, d("2026-10-15"), "主任", Lang::Zh).expect("compile")
}

#[test]
fn figures_match_the_hand_worked_office() {
    let (_dir, s) = office();
    let r = compile(&s);
    assert_eq!((r.from.as_str(), r.to.as_str(), r.as_of.as_str()), ("2026-07-01", "2026-09-30", "2026-09-30"));

    let h = &r.hazards;
    let mut by_source = h.by_source.clone();
    by_source.sort_by_key(|(s, _)| s.code());
    assert_eq!(
        by_source,
        [(HazardSource::Inspection, 2), (HazardSource::SelfInspection, 1), (HazardSource::Tipoff, 1)]
    );
    assert_eq!((h.found, h.rectified), (4, 3));
    assert_eq!(h.on_time, Share { part: 1, whole: 3 });
    assert_eq!(h.supervised.iter().map(|x| x.id).collect::<Vec<_>>(), [3]);
    assert_eq!(h.overdue.iter().map(|x| x.id).collect::<Vec<_>>(), [6, 3], "major first, then by deadline");
    assert_eq!(r.summary.major_open, 2);

    let t = &r.tipoffs;
    assert_eq!((t.received, t.accepted), (5, 4), "received T1 T2 T3 T5 T7; accepted (受理) T1 T2 T3 T5");
    let mut channels = t.by_channel.clone();
    channels.sort();
    assert_eq!(channels, [("hotline".to_string(), 2), ("letter".into(), 1), ("visit".into(), 2)]);
    // Verified in Q3: T1, T2 (late), T4, T6; T5's limit passed unverified and counts in the base.
    assert_eq!((t.verified, t.verify_overdue), (4, 1));
    assert_eq!((t.verified_on_time, t.substantiated), (Share { part: 3, whole: 5 }, 2));
    // Replied in Q3: T1 on time, T4 late; T6's reply limit passed unreplied; T2's falls on 09-30, the
    // day the figures are taken, and is not yet late.
    assert_eq!((t.replied_on_time, t.reply_overdue), (Share { part: 1, whole: 3 }, 1));
    assert_eq!((t.transferred, t.rewards, t.reward_total), (1, 1, 3000.0));
    assert_eq!(t.avg_days_to_verify, Some(38.0), "(20 + 66 + 10 + 56) / 4");

    let a = &r.alarms;
    assert_eq!(a.received, 5, "the exercise and last quarter's alarm are not counted");
    // A3 is stored with its risk code (general): counted as its colour, yellow.
    assert_eq!(a.by_level, [("red".to_string(), 2), ("orange".into(), 1), ("yellow".into(), 1), ("blue".into(), 1)]);
    assert_eq!((r.summary.tipoffs_received, r.summary.tipoffs_accepted), (5, 4));
    assert_eq!(a.by_feed, [("f1".to_string(), 2), ("f2".into(), 3)]);
    assert_eq!(a.acknowledged, 4);
    assert!((a.median_minutes_to_ack.expect("median") - 20.0).abs() < 0.01, "{:?}", a.median_minutes_to_ack);
    assert_eq!(a.false_alarms, Share { part: 1, whole: 3 });

    let i = &r.inspections;
    assert_eq!(i.self_inspections, 4);
    assert_eq!(i.units_self_inspected, Share { part: 2, whole: 4 });
    assert_eq!(i.high_hazard_monthly, Share { part: 1, whole: 1 });
    assert_eq!((i.drills, i.units_drilled), (1, Share { part: 3, whole: 4 }));
    assert_eq!(i.grid_coverage, Share { part: 3, whole: 4 });

    // The checklist: task 1 has the dated item (done) and the recurring one (in progress); the
    // December milestone is not active in Q3; task 3's deduction and bonus are not progress items.
    let p = &r.plans[0];
    let progress: Vec<(u32, Share, usize)> = p.tasks.iter().map(|t| (t.number, t.done, t.items.len())).collect();
    assert_eq!(
        progress,
        [(1, Share { part: 1, whole: 2 }, 2), (2, Share { part: 0, whole: 1 }, 1), (3, Share { part: 0, whole: 0 }, 2)]
    );
    assert_eq!(r.summary.checklist_done, Share { part: 1, whole: 3 });
    let first = &p.tasks[0].items[0];
    assert_eq!(first.figure.as_ref().map(|(_, v)| v.as_str()), Some("1/3 (33.3%)"));
    let score = p.score.expect("the plan carries points");
    assert_eq!((score.available, score.lost, score.deducted, score.bonus, score.total()), (5.0, 2.0, 0.5, 1.0, 3.5));

    // Next quarter: the December milestone, and the deadlines of each kind falling in Q4.
    assert_eq!(r.next_quarter.quarter, "2026Q4");
    assert_eq!(
        r.next_quarter.milestones,
        [("小方案".to_string(), "1.6 年底总结".to_string(), "2026-12-31".to_string())]
    );
    let kind = |k: &str| r.next_quarter.by_kind.iter().find(|(n, _)| n == k).map(|x| x.1);
    assert_eq!(kind("计划措施"), Some(2), "the milestone and the quarterly item's Q4");
    assert_eq!(kind("隐患整改"), Some(1), "H4, due 10-31");
    assert_eq!((kind("月报"), kind("季度报送"), kind("年度报告")), (Some(3), Some(1), Some(1)));

    assert_eq!((r.problems.as_str(), r.plan_next.as_str()), ("一是自查质量不高。", "一是开展冬季检查。"));
}

#[test]
fn the_files_say_the_same_and_are_recorded_with_their_hashes() {
    let (dir, mut s) = office();
    let r = compile(&s);
    let out = dir.path().join("out");
    let mut steps = Vec::new();
    let formats = anjian::report::export::Format::ALL;
    let written = anjian::report::export::export(&mut s, &r, &formats, &out, Lang::Zh, &mut |f, what| {
        steps.push((f, what.to_string()))
    })
    .expect("export");
    assert_eq!(written.len(), 3);
    assert_eq!(steps.last().map(|s| s.0), Some(1.0), "the gauge reaches the end");

    let md = std::fs::read_to_string(out.join("anjian-report-2026Q3.md")).expect("md");
    for want in [
        "# 测试街道关于2026年第三季度安全生产治本攻坚工作情况的报告",
        "## 一、总体情况",
        "### （一）小方案",
        "| 隐患按期整改 | 1 | 3 | 33.3 |",
        "自评：应得5.0分，失分2.0分，减分0.5分，加分1.0分，自评得分3.5分。",
        "## 三、存在的问题",
        // The body says every figure in sentences, each rate with its base.
        "本季度排查发现隐患4处",
        "整改销号3处，按期整改率33.3%（1/3）；截至2026年9月30日，未销号重大隐患2处，挂牌督办1处，逾期未整改2处（见附件1）。",
        // Every state of a task's items said, adding up to what was due.
        "1. 台账：应推进2项，已完成1项、不适用0项、推进中1项、未开始0项。",
        "2. 考核：应推进1项，已完成0项、不适用0项、推进中0项、未开始1项。",
        "接收举报5件，受理4件；核查办结4件，其中查实2件，按期核查率60.0%（3/5），逾期未核查1件；按期反馈率33.3%（1/3），逾期未反馈1件；移送1件；兑现奖励1件，计3000元。",
        "接收预警告警5条（红色2条、橙色1条、黄色1条、蓝色1条），已确认4条，确认用时中位数20分钟；已处置的告警中误报占33.3%（1/3）。",
        "《小方案》本季度应推进事项3项，已完成或不适用1项（33.3%），详见附件2。",
        "企业主要负责人带队自查4次，本季度有自查记录的单位50.0%（2/4），高危行业单位按月自查100.0%（1/1）；开展疏散逃生演练1次，演练未逾期的单位75.0%（3/4）；单位纳入网格75.0%（3/4）。",
        "## 一、工作开展情况",
        "特此报告。",
        "**附件1**",
        // The measures are numbered as the body and the Checklist cite them.
        "| 1.1 | 建立隐患台账",
        "一是自查质量不高。",
        "下季度到期事项（2026年第四季度）",
        "2026年第四季度另有",
        "| 1 | ",
    ] {
        assert!(md.contains(want), "{want}\n{md}");
    }

    // The workbook: one sheet per table, figures as numbers.
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(out.join("anjian-report-2026Q3.xlsx")).expect("xlsx");
    let names = book.sheet_names();
    assert_eq!(names[0], "报告");
    assert!(names.contains(&"隐患".to_string()) && names.contains(&"告警".to_string()), "{names:?}");
    let hz = book.worksheet_range("隐患").expect("sheet");
    let row = hz.rows().find(|r| r[0] == Data::String("按期整改".into())).expect("row");
    assert_eq!((&row[1], &row[2]), (&Data::Float(1.0), &Data::Float(3.0)));

    // The document: A4 with the official margins, FangSong body, the page number field.
    let docx = std::fs::read(out.join("anjian-report-2026Q3.docx")).expect("docx");
    let mut zip = zip_entry(&docx, "word/document.xml");
    for want in [
        "w:w=\"11906\"",
        "w:h=\"16838\"",
        "w:top=\"2098\"",
        "w:left=\"1587\"",
        "仿宋_GB2312",
        "方正小标宋简体",
        "一、总体情况",
        "（一）小方案",
    ] {
        assert!(zip.contains(want), "{want} not in document.xml");
    }
    zip = zip_entry(&docx, "word/footer1.xml");
    assert!(zip.contains("PAGE") && zip.contains("— "), "page number in the footer");

    let rec = checklist::compiled(s.conn(), Quarter::parse("2026Q3").expect("q")).expect("records");
    assert_eq!(rec.len(), 3);
    for w in &written {
        let bytes = std::fs::read(&w.path).expect("file");
        let r = rec.iter().find(|r| r.format == w.format.ext()).expect("recorded");
        assert_eq!(
            (r.bytes as usize, r.sha256.as_str(), r.compiled_by.as_str()),
            (bytes.len(), w.sha256.as_str(), "主任")
        );
    }
    assert!(std::fs::read_dir(&out).expect("dir").all(|e| !e.expect("e").path().to_string_lossy().ends_with(".part")));
}

/// The DOCX as the official document standard (GB/T 9704-2012) and the offices' machines need it:
/// Chinese as the East Asian language, every font with the stock font to take when it is missing,
/// the 22 × 28 grid, the page number in 4号 宋体 (digit and dashes) one character in and 7 mm
/// below the text block, header rows repeated and rows never split, numbers to the right, and
/// the office as the creator at the real time.
#[test]
fn the_docx_carries_language_fonts_grid_page_number_tables_and_properties() {
    let (_dir, s) = office();
    let r = compile(&s);
    let docx = anjian::report::export::render(&r, anjian::report::export::Format::Docx, Lang::Zh).expect("docx");
    let styles = zip_entry(&docx, "word/styles.xml");
    assert!(styles.contains(r#"<w:lang w:val="zh-CN" w:eastAsia="zh-CN""#), "{styles}");
    let fonts = zip_entry(&docx, "word/fontTable.xml");
    for (font, alt) in
        [("仿宋_GB2312", "仿宋"), ("楷体_GB2312", "楷体"), ("方正小标宋简体", "宋体"), ("黑体", "SimHei")]
    {
        let at = fonts.find(&format!(r#"w:name="{font}""#)).unwrap_or_else(|| panic!("{font} declared: {fonts}"));
        let entry = &fonts[at..at + fonts[at..].find("</w:font>").expect("end")];
        assert!(entry.contains(&format!(r#"<w:altName w:val="{alt}" />"#)), "{entry}");
        assert!(entry.contains("<w:panose1 ") && entry.contains(r#"<w:charset w:val="86" />"#), "{entry}");
    }
    let doc = zip_entry(&docx, "word/document.xml");
    assert!(doc.contains(r#"<w:docGrid w:type="lines" w:linePitch="579""#), "the grid of 22 lines: {doc}");
    assert!(doc.contains(r#"<w:spacing w:val="-5" />"#), "28 characters a line: 3号 0.25 pt tighter");
    assert!(doc.contains(r#"w:footer="1307""#), "the footer 23 mm up: the number 7 mm below the text block");
    let tables = doc.matches("<w:tbl>").count();
    assert!(tables >= 3, "{tables}");
    assert_eq!(doc.matches("<w:tblHeader />").count(), tables, "each table's first row repeats on every page");
    assert_eq!(doc.matches("<w:tr>").count(), doc.matches("<w:cantSplit />").count(), "no row splits");
    assert!(doc.contains(r#"<w:jc w:val="right" />"#), "numbers stand to the right");
    for footer in ["word/footer1.xml", "word/footer2.xml"] {
        let f = zip_entry(&docx, footer);
        let field = f.find("<w:fldChar").expect("the PAGE field");
        let digit_run = &f[f[..field].rfind("<w:r>").expect("run")..field];
        assert!(
            digit_run.contains(r#"w:eastAsia="宋体""#) && digit_run.contains(r#"<w:sz w:val="28" />"#),
            "{footer}: {digit_run}"
        );
        assert!(f.contains(r#"w:right="280""#) || f.contains(r#"w:left="280""#), "{footer}: one character in");
    }
    let core = zip_entry(&docx, "docProps/core.xml");
    assert!(core.contains("<dc:creator>测试街道</dc:creator>"), "{core}");
    assert!(!core.contains("1970-01-01") && !core.contains("unknown"), "{core}");
    let created = &r.compiled_at;
    let utc = chrono::DateTime::parse_from_rfc3339(created).expect("stamp").with_timezone(&chrono::Utc);
    assert!(core.contains(&utc.format("%Y-%m-%dT%H:%M:%SZ").to_string()), "{core}");
}

/// The workbook prints and filters as an office expects: landscape A4 one page wide with the
/// header row repeated, rows as tall as their text, dates as dates, blanks empty, sheets named for
/// their plans, the task on every row of a plan's sheet.
#[test]
fn the_xlsx_prints_across_with_dates_blanks_and_tasks_on_every_row() {
    use calamine::{Data, Reader, Xlsx};
    let (_dir, s) = office();
    let mut r = compile(&s);
    // A note longer than its column: it wraps, and its row grows to hold it.
    r.plans[0].tasks[0].items[0].note = "台账已按网格整理并逐户核对，照片和签字记录存档备查。".repeat(3);
    let xlsx = anjian::report::export::render(&r, anjian::report::export::Format::Xlsx, Lang::Zh).expect("xlsx");
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(xlsx.clone())).expect("xlsx");
    let names = book.sheet_names();
    assert!(names.contains(&"小方案".to_string()), "named for the plan: {names:?}");
    let plan = book.worksheet_range("小方案").expect("plan sheet");
    let rows: Vec<_> = plan.rows().collect();
    let task_one: Vec<&Data> =
        rows.iter().skip(1).filter(|r| r[4].to_string().contains("每季度检查")).map(|r| &r[0]).collect();
    assert!(
        task_one.iter().all(|c| c.to_string().starts_with("1 ")),
        "the task on the second item's row too: {task_one:?}"
    );
    let hz = book.worksheet_range("逾期隐患").expect("overdue sheet");
    let first = hz.rows().nth(1).expect("a row");
    assert!(matches!(first[4], Data::DateTime(_)), "the deadline is a date: {:?}", first[4]);
    assert_eq!(first[6], Data::Empty, "an empty cell, not a dash");
    let workbook = zip_entry(&xlsx, "xl/workbook.xml");
    assert!(workbook.contains("_xlnm.Print_Titles"), "header rows repeat: {workbook}");
    let mut tall_rows = 0;
    for i in 2..=names.len() {
        let sheet = zip_entry(&xlsx, &format!("xl/worksheets/sheet{i}.xml"));
        assert!(sheet.contains(r#"orientation="landscape""#) && sheet.contains(r#"paperSize="9""#), "sheet {i}");
        assert!(sheet.contains(r#"fitToHeight="0""#) && sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"), "sheet {i}");
        tall_rows += sheet.matches(r#"customHeight="1""#).count();
    }
    assert!(tall_rows > 0, "a row of wrapped text is as tall as its lines");
    let styles = zip_entry(&xlsx, "xl/styles.xml");
    assert!(styles.contains(r#"<name val="宋体"/>"#), "a CJK font");
}

/// A fourth quarter's report sums up the year from January: its counts are the quarters' counts
/// added up, and the body says them; other quarters have no year part.
#[test]
fn a_fourth_quarter_report_sums_up_the_year() {
    let (_dir, s) = office();
    let end = d("2026-12-31");
    let at = |q: &str| {
        anjian::report::compile(s.conn(), Quarter::parse(q).expect("q"), end, "主任", Lang::Zh).expect("compile")
    };
    let quarters: Vec<Report> = ["2026Q1", "2026Q2", "2026Q3", "2026Q4"].iter().map(|q| at(q)).collect();
    assert!(quarters[..3].iter().all(|r| r.year.is_none()), "only the fourth quarter sums up the year");
    let year = quarters[3].year.as_ref().expect("the year's figures");
    let sum = |f: &dyn Fn(&Report) -> i64| quarters.iter().map(f).sum::<i64>();
    assert_eq!(year.year, 2026);
    assert_eq!(year.hazards.found, sum(&|r| r.hazards.found));
    assert_eq!(year.hazards.rectified, sum(&|r| r.hazards.rectified));
    assert_eq!(year.tipoffs.received, sum(&|r| r.tipoffs.received));
    assert_eq!(year.tipoffs.accepted, sum(&|r| r.tipoffs.accepted));
    assert_eq!(year.tipoffs.verified, sum(&|r| r.tipoffs.verified));
    assert_eq!(year.alarms.received, sum(&|r| r.alarms.received));
    assert!(year.hazards.found >= 6 && year.tipoffs.received >= 7, "the office's 2026 records: {year:?}");
    let md = anjian::report::export::render(&quarters[3], anjian::report::export::Format::Md, Lang::Zh).expect("md");
    let md = String::from_utf8(md).expect("utf-8");
    assert!(md.contains("（七）全年工作情况"), "{md}");
    assert!(md.contains(&format!("2026年1月1日至2026年12月31日，全年排查发现隐患{}处", year.hazards.found)), "{md}");
}

//! The checklist over the store: a template loaded (and loaded again without losing the checklist),
//! the items active in a quarter, edits with optimistic concurrency and audit, points checked, and
//! plan measures in the deadline engine until the checklist settles them.

use anjian::domain::calendar::{HolidayCalendar, Quarter};
use anjian::domain::checklist::{Active, ItemStatus};
use anjian::domain::deadline::DeadlineKind;
use anjian::plan::template;
use anjian::store::checklist::{self, EntryEdit};
use anjian::store::deadlines::{self, DeadlineQuery};
use anjian::store::{Store, StoreError};
use chrono::NaiveDate;
use std::path::Path;

const PLAN: &str = r#"
id = "t"
name = "测试方案"
source = "test"
from = 2026-01-01
until = 2027-12-31

[[task]]
number = 1
title = "责任"

[[measure]]
task = 1
number = 1
title = "建立台账"
due = [2026-06-30, 2026-12-31]
targets = ["一半", "全部"]
section = "安监办"

[[measure]]
task = 1
number = 2
title = "每季度检查"
every = "quarter"
figure = "self_inspections"

[[measure]]
task = 1
number = 3
title = "长期坚持"
ongoing = true
points = 4
"#;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn q(s: &str) -> Quarter {
    Quarter::parse(s).expect("quarter")
}

fn setup() -> (tempfile::TempDir, Store, i64) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(&dir.path().join("a.db")).expect("open");
    let t = template::parse(Path::new("t.toml"), PLAN).expect("template");
    let id = store.write("主任", |w| checklist::load_plan(w, &t)).expect("load");
    // Loaded in 2026Q4 whatever the clock says, so that the deadlines below are fixed.
    store.conn().execute("UPDATE plan SET loaded_at = '2026-11-01T09:00:00+08:00'", []).expect("loaded_at");
    (dir, store, id)
}

#[test]
fn items_of_a_quarter_edits_conflicts_and_reload() {
    let (_dir, mut store, plan) = setup();
    let plans = checklist::plans(store.conn()).expect("plans");
    assert_eq!((plans.len(), plans[0].tasks, plans[0].measures, plans[0].assessment), (1, 1, 3, true));

    let items = checklist::items(store.conn(), plan, q("2026Q2")).expect("items");
    let why: Vec<Active> = items.iter().map(|i| i.active).collect();
    assert_eq!(why, [Active::Due(d("2026-06-30")), Active::Recurring, Active::Ongoing]);
    assert_eq!(items[0].target.as_deref(), Some("一半"));
    assert_eq!(items[0].section, "安监办");
    assert!(items.iter().all(|i| i.status == ItemStatus::NotStarted && i.version == 0));
    assert_eq!(checklist::items(store.conn(), plan, q("2028Q1")).expect("items").len(), 0, "after the plan");

    let m1 = items[0].measure_id;
    let done = EntryEdit { status: Some(ItemStatus::Done), note: Some("台账已建".into()), ..Default::default() };
    let v = store.write("甲", |w| checklist::edit(w, m1, q("2026Q2"), 0, &done)).expect("first edit");
    assert_eq!(v, 1);
    // A second officer who read the item before the first saved gets the conflict, naming who.
    let other = EntryEdit { status: Some(ItemStatus::InProgress), ..Default::default() };
    let e = store.write("乙", |w| checklist::edit(w, m1, q("2026Q2"), 0, &other));
    assert!(matches!(&e, Err(StoreError::Conflict { by, .. }) if by == "甲"), "{e:?}");
    assert!(e.expect_err("conflict").to_string().contains("reload and try again"));
    let v = store
        .write("乙", |w| {
            checklist::edit(w, m1, q("2026Q2"), 1, &EntryEdit { section: Some("消防".into()), ..Default::default() })
        })
        .expect("edit at the right version");
    assert_eq!(v, 2);
    let item = checklist::items(store.conn(), plan, q("2026Q2")).expect("items").remove(0);
    assert_eq!(
        (item.status, item.note.as_str(), item.section.as_str(), item.version),
        (ItemStatus::Done, "台账已建", "消防", 2)
    );
    let audits: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM audit_log WHERE action = 'checklist.edit'", [], |r| r.get(0))
        .expect("audit");
    assert_eq!(audits, 2, "the refused edit left no row");

    // Points: a scored item cannot lose more than it carries; an unscored one nothing.
    let m3 = items[2].measure_id;
    let e = store.write("甲", |w| {
        checklist::edit(w, m3, q("2026Q2"), 0, &EntryEdit { points_lost: Some(Some(5.0)), ..Default::default() })
    });
    assert!(matches!(&e, Err(StoreError::Refused(m)) if m.contains("carries 4 points")), "{e:?}");
    let e = store.write("甲", |w| {
        checklist::edit(w, m1, q("2026Q2"), 2, &EntryEdit { points_lost: Some(Some(1.0)), ..Default::default() })
    });
    assert!(matches!(&e, Err(StoreError::Refused(m)) if m.contains("carries no points")), "{e:?}");

    // The June milestone done: in Q4 the December one is due; had June not been done and no later
    // milestone existed, it would be carried over.
    let q4 = checklist::items(store.conn(), plan, q("2026Q4")).expect("items");
    assert_eq!(q4[0].active, Active::Due(d("2026-12-31")));

    // Loading the template again (a title reworded) keeps the checklist attached.
    let t2 = template::parse(Path::new("t.toml"), &PLAN.replace("建立台账", "建立健全台账")).expect("template");
    let again = store.write("主任", |w| checklist::load_plan(w, &t2)).expect("reload");
    assert_eq!(again, plan);
    let item = checklist::items(store.conn(), plan, q("2026Q2")).expect("items").remove(0);
    assert_eq!((item.title.as_str(), item.status, item.measure_id), ("建立健全台账", ItemStatus::Done, m1));
}

#[test]
fn plan_measures_are_deadlines_until_the_checklist_settles_them() {
    let (_dir, mut store, plan) = setup();
    let cal = HolidayCalendar::built_in();
    let query = DeadlineQuery {
        kinds: vec![DeadlineKind::PlanMeasure],
        until: Some(d("2027-03-31")),
        ..DeadlineQuery::all(d("2026-11-23"))
    };
    let list = |s: &Store| -> Vec<String> {
        deadlines::page(s.conn(), &query, &cal, 0, 100)
            .expect("page")
            .iter()
            .map(|x| format!("{} {}", x.due, x.title))
            .collect()
    };
    // The June milestone fell due before the plan was loaded (2026Q4): history, not a deadline.
    assert_eq!(list(&store), ["2026-12-31 1.1 建立台账", "2026-12-31 1.2 每季度检查", "2027-03-31 1.2 每季度检查"]);
    assert_eq!(deadlines::count(store.conn(), &query, &cal).expect("count"), 3);
    let m2 = checklist::items(store.conn(), plan, q("2026Q4")).expect("items")[1].measure_id;
    store
        .write("甲", |w| {
            checklist::edit(
                w,
                m2,
                q("2026Q4"),
                0,
                &EntryEdit { status: Some(ItemStatus::NotApplicable), ..Default::default() },
            )
        })
        .expect("n/a");
    assert_eq!(list(&store), ["2026-12-31 1.1 建立台账", "2027-03-31 1.2 每季度检查"]);
    // A grid's deadlines do not include the office's plan.
    let grid = DeadlineQuery { grid: Some(1), ..query.clone() };
    assert_eq!(deadlines::count(store.conn(), &grid, &cal).expect("count"), 0);
}

#[test]
fn drafts_are_versioned_and_compiled_reports_recorded() {
    let (_dir, mut store, _) = setup();
    let quarter = q("2026Q4");
    assert_eq!(checklist::draft(store.conn(), quarter, "problems").expect("draft"), (String::new(), 0));
    store.write("甲", |w| checklist::save_draft(w, quarter, "problems", "一是……", 0)).expect("save");
    let e = store.write("乙", |w| checklist::save_draft(w, quarter, "problems", "二是……", 0));
    assert!(matches!(e, Err(StoreError::Conflict { .. })));
    assert_eq!(checklist::draft(store.conn(), quarter, "problems").expect("draft"), ("一是……".into(), 1));
    store.write("主任", |w| checklist::record_compiled(w, quarter, "md", "/tmp/r.md", "ab12", 10)).expect("record");
    let rec = checklist::compiled(store.conn(), quarter).expect("compiled");
    assert_eq!((rec.len(), rec[0].compiled_by.as_str(), rec[0].sha256.as_str()), (1, "主任", "ab12"));
}

/// A measure the plan addresses to the district's own bodies (level = "district") is kept with
/// the plan but is not on a street office's quarter, its deadlines or its plan count; a measure
/// with a high-hazard frequency shows both.
#[test]
fn district_level_measures_are_left_off_the_office_quarter() {
    let text = format!(
        "{PLAN}\n[[measure]]\ntask = 1\nnumber = 4\ntitle = \"区主管部门每月会商\"\nlevel = \"district\"\nevery = \"month\"\n\n[[measure]]\ntask = 1\nnumber = 5\ntitle = \"企业疏散演练\"\nevery = \"year\"\nevery_high_hazard = \"half_year\"\n"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(&dir.path().join("a.db")).expect("open");
    let t = template::parse(Path::new("t.toml"), &text).expect("template");
    let plan = store.write("主任", |w| checklist::load_plan(w, &t)).expect("load");
    store.conn().execute("UPDATE plan SET loaded_at = '2026-11-01T09:00:00+08:00'", []).expect("loaded_at");
    let items = checklist::items(store.conn(), plan, q("2026Q4")).expect("items");
    let numbers: Vec<u32> = items.iter().map(|i| i.number).collect();
    assert!(!numbers.contains(&4), "the district's own measure is not the office's: {numbers:?}");
    let drill = items.iter().find(|i| i.number == 5).expect("drill item");
    assert_eq!(
        (drill.every, drill.every_high_hazard),
        (Some(anjian::domain::checklist::Every::Year), Some(anjian::domain::checklist::Every::HalfYear))
    );
    let query = DeadlineQuery {
        kinds: vec![DeadlineKind::PlanMeasure],
        until: Some(d("2027-03-31")),
        ..DeadlineQuery::all(d("2026-11-23"))
    };
    let cal = HolidayCalendar::built_in();
    let titles: Vec<String> =
        deadlines::page(store.conn(), &query, &cal, 0, 100).expect("page").into_iter().map(|x| x.title).collect();
    assert!(titles.iter().all(|t| !t.contains("区主管部门")), "{titles:?}");
    let plans = checklist::plans(store.conn()).expect("plans");
    assert_eq!(plans[0].measures, 4, "the office's measures only");
    let stored: String = store
        .conn()
        .query_row("SELECT level FROM plan_measure WHERE number = 4", [], |r| r.get(0))
        .expect("kept with the plan");
    assert_eq!(stored, "district");
}

//! Hazards and deadlines over a real store: SQL due dates agree with the domain rules, the list is
//! read from indexes, recording a drill moves its deadline, the closed loop is enforced, and the
//! SQL rates agree with the hand-worked example.

mod common;

use anjian::domain::calendar::HolidayCalendar;
use anjian::domain::deadline::{Deadline, DeadlineKind, drill_due, self_inspection_due};
use anjian::domain::hazard::{HazardSource, HazardStatus};
use anjian::domain::rates::{HazardFacts, Rates};
use anjian::domain::{OperatorRole, Sector};
use anjian::store::deadlines::{self, DeadlineQuery};
use anjian::store::hazards::{self, HazardError, NewHazard};
use anjian::store::inspections::{self, InspectionKind, NewInspection};
use anjian::store::{Store, StoreError};
use chrono::NaiveDate;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

/// A store with units of chosen sectors and last-done dates (set as the facts they are).
fn store_with(units: &[(&str, Sector, Option<&str>, Option<&str>)]) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut s = Store::open(&dir.path().join("d.db")).expect("open");
    s.write("t", |w| {
        anjian::store::network::set_office(w, "测试街道", "")?;
        for (name, sector, si, drill) in units {
            w.tx.execute(
                "INSERT INTO unit (name, sector, risk_level, registered_on, last_self_inspection, last_drill) VALUES (?1, ?2, 'low', '2024-03-01', ?3, ?4)",
                rusqlite::params![name, sector.code(), si, drill],
            )?;
        }
        w.tx.execute("UPDATE office SET started_on = '2026-11-01'", [])?;
        Ok(())
    })
    .expect("setup");
    (dir, s)
}

fn hazard(unit_id: i64, major: bool, deadline: &str) -> NewHazard {
    NewHazard {
        unit_id,
        description: "消防通道堵塞".into(),
        major,
        source: HazardSource::Inspection,
        found_on: d("2026-08-01"),
        found_by: "检查组".into(),
        measures: String::new(),
        responsible: String::new(),
        deadline: d(deadline),
        supervised: major,
        supervising_level: String::new(),
        inspection_id: None,
    }
}

#[test]
fn sql_due_dates_agree_with_the_domain_rules() {
    let cases = [
        ("a", Sector::NineSmall, Some("2024-01-31"), Some("2023-08-31")),
        ("b", Sector::Gas, Some("2024-01-31"), Some("2024-01-31")),
        ("c", Sector::HazardousChemicals, None, None),
        ("d", Sector::IndustryTrade, Some("2026-08-31"), None),
        ("e", Sector::Construction, Some("2024-02-29"), Some("2023-12-31")),
        // Calendar periods' edges: the last day of one and the first day of the next.
        ("f", Sector::NineSmall, Some("2026-03-31"), Some("2025-12-31")),
        ("g", Sector::NineSmall, Some("2026-04-01"), Some("2026-01-01")),
        ("h", Sector::Gas, Some("2026-06-30"), Some("2026-07-01")),
    ];
    let (_d, s) = store_with(&cases);
    let cal = HolidayCalendar::built_in();
    let q = DeadlineQuery {
        kinds: vec![DeadlineKind::SelfInspection, DeadlineKind::Drill],
        ..DeadlineQuery::all(d("2026-11-23"))
    };
    let got = deadlines::page(s.conn(), &q, &cal, 0, 100).expect("page");
    assert_eq!(got.len(), 16);
    for (name, sector, si, drill) in cases {
        let hh = sector.high_hazard();
        let want_si = self_inspection_due(si.map(d), d("2024-03-01"), hh);
        let want_drill = drill_due(drill.map(d), d("2024-03-01"), hh);
        let find = |k: DeadlineKind| got.iter().find(|x| x.kind == k && x.title == name).map(|x| x.due);
        assert_eq!(find(DeadlineKind::SelfInspection), Some(want_si), "{name} self-inspection");
        assert_eq!(find(DeadlineKind::Drill), Some(want_drill), "{name} drill");
    }
    assert_eq!(deadlines::count(s.conn(), &q, &cal).expect("count"), 16);
    // An inspection on 31 March and the next on 1 April are two quarters.
    let due =
        |name: &str| got.iter().find(|x| x.kind == DeadlineKind::SelfInspection && x.title == name).map(|x| x.due);
    assert_eq!((due("f"), due("g")), (Some(d("2026-06-30")), Some(d("2026-09-30"))));
}

#[test]
fn obligation_lists_are_read_from_the_expression_indexes() {
    let (_d, s) = store_with(&[("a", Sector::Gas, None, None)]);
    for kind in [DeadlineKind::SelfInspection, DeadlineKind::Drill] {
        let due = deadlines::due_expr(kind);
        let plan: Vec<String> = s
            .conn()
            .prepare(&format!(
                "EXPLAIN QUERY PLAN SELECT u.id FROM unit u WHERE {due} > '2026-01-01' ORDER BY {due}, u.id LIMIT 10"
            ))
            .expect("plan")
            .query_map([], |r| r.get::<_, String>(3))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("plan rows");
        let text = plan.join(" | ");
        let index = if kind == DeadlineKind::Drill { "unit_drill_due" } else { "unit_self_inspection_due" };
        assert!(text.contains(index), "{kind:?}: {text}");
        assert!(!text.contains("TEMP B-TREE"), "{kind:?} sorts instead of reading the index: {text}");
    }
}

#[test]
fn recording_a_drill_moves_its_deadline_and_a_late_older_record_does_not_move_it_back() {
    let (_d, mut s) = store_with(&[("仓库", Sector::IndustryTrade, None, Some("2024-06-30"))]);
    let cal = HolidayCalendar::built_in();
    let q = DeadlineQuery { kinds: vec![DeadlineKind::Drill], ..DeadlineQuery::all(d("2026-11-23")) };
    let due = |s: &Store| deadlines::page(s.conn(), &q, &cal, 0, 1).expect("page")[0].due;
    assert_eq!(due(&s), d("2025-12-31"), "none in 2025: overdue since the end of that year");
    let rec = |s: &mut Store, on: &str| {
        s.write("王值班", |w| {
            inspections::record(
                w,
                &NewInspection {
                    unit_id: 1,
                    kind: InspectionKind::Drill,
                    done_on: d(on),
                    done_by: "负责人".into(),
                    findings: String::new(),
                },
                None,
            )
        })
        .expect("record")
    };
    rec(&mut s, "2026-11-20");
    assert_eq!(due(&s), d("2027-12-31"), "2026 settled: the next by the end of 2027");
    rec(&mut s, "2026-01-05");
    assert_eq!(due(&s), d("2027-12-31"), "an older drill entered late changes nothing");
    // Findings open a hazard linked to the inspection, in the same transaction.
    let (insp, hz) = s
        .write("王值班", |w| {
            inspections::record(
                w,
                &NewInspection {
                    unit_id: 1,
                    kind: InspectionKind::SelfInspection,
                    done_on: d("2026-11-21"),
                    done_by: "负责人".into(),
                    findings: "灭火器过期".into(),
                },
                Some(hazard(0, false, "2026-12-05")),
            )
        })
        .expect("record with hazard");
    let linked: Option<i64> = s
        .conn()
        .query_row("SELECT inspection_id FROM hazard WHERE id = ?1", [hz.expect("hazard")], |r| r.get(0))
        .expect("row");
    assert_eq!(linked, Some(insp));
}

#[test]
fn hazard_loop_checks_role_version_and_audits_every_step() {
    let (_d, mut s) = store_with(&[("加油站", Sector::HazardousChemicals, None, None)]);
    let id = s.write("王值班", |w| hazards::create(w, &hazard(1, true, "2026-12-31"))).expect("create");
    let step = |s: &mut Store, version: i64, to: HazardStatus, role: OperatorRole| {
        s.write("王值班", |w| {
            hazards::transition(w, id, version, to, role, d("2026-11-23"), "复核通过", "整改照片已存档").map_err(|e| {
                match e {
                    HazardError::Store(e) => e,
                    HazardError::Transition { .. } => {
                        StoreError::NotFound { entity: "transition".into(), record: e.to_string() }
                    }
                }
            })
        })
    };
    step(&mut s, 1, HazardStatus::Rectifying, OperatorRole::Duty).expect("start");
    step(&mut s, 2, HazardStatus::AwaitingVerification, OperatorRole::Duty).expect("report done");
    let refused =
        step(&mut s, 3, HazardStatus::Closed, OperatorRole::Duty).expect_err("duty cannot close a major hazard");
    assert!(refused.to_string().contains("needs the supervisor role"), "{refused}");
    let stale = step(&mut s, 2, HazardStatus::Closed, OperatorRole::Supervisor).expect_err("stale copy");
    assert!(matches!(stale, StoreError::Conflict { .. }), "{stale}");
    step(&mut s, 3, HazardStatus::Closed, OperatorRole::Supervisor).expect("supervisor closes");
    let h = hazards::get(s.conn(), id).expect("get").expect("exists");
    assert_eq!(
        (h.status, h.closed_on, h.closed_by.as_deref()),
        (HazardStatus::Closed, Some(d("2026-11-23")), Some("王值班"))
    );
    step(&mut s, 4, HazardStatus::Rectifying, OperatorRole::Duty).expect("reopen");
    let actions: Vec<String> = s
        .conn()
        .prepare("SELECT action FROM audit_log WHERE entity = 'hazard' ORDER BY id")
        .expect("q")
        .query_map([], |r| r.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("actions");
    assert_eq!(
        actions,
        ["hazard.create", "hazard.transition", "hazard.transition", "hazard.transition", "hazard.reopen"]
    );
    assert_eq!(
        s.audit_verdict().expect("verify"),
        anjian::store::audit::Verdict::Intact { rows: 6 },
        "office + five hazard steps"
    );
}

#[test]
fn sql_rates_agree_with_the_hand_worked_example() {
    let (_d, mut s) = store_with(&[("甲", Sector::IndustryTrade, None, None)]);
    let set = [
        ("2026-08-31", Some("2026-08-20")),
        ("2026-09-15", Some("2026-09-20")),
        ("2026-09-30", None),
        ("2026-11-30", None),
        ("2026-12-31", Some("2026-10-01")),
    ];
    s.write("t", |w| {
        for (deadline, closed) in set {
            let id = hazards::create(w, &hazard(1, true, deadline))?;
            if let Some(c) = closed {
                w.tx.execute(
                    "UPDATE hazard SET status = 'closed', closed_on = ?1 WHERE id = ?2",
                    rusqlite::params![c, id],
                )?;
            }
        }
        Ok(())
    })
    .expect("setup");
    let facts: Vec<HazardFacts> =
        set.iter().map(|(dl, c)| HazardFacts { found: d("2026-08-01"), deadline: d(dl), closed: c.map(d) }).collect();
    for as_of in ["2026-09-10", "2026-10-15", "2027-01-01"] {
        let sql = hazards::rates(s.conn(), d("2026-07-01"), d("2026-09-30"), true, d(as_of)).expect("rates");
        assert_eq!(sql, Rates::of(&facts, d(as_of)), "as of {as_of}");
    }
    let r = hazards::rates(s.conn(), d("2026-07-01"), d("2026-09-30"), false, d("2026-10-15")).expect("rates");
    assert_eq!((r.rectification(), r.on_time_rate()), (Some(60.0), Some(50.0)));
    // All five are at one unit without a grid, so the per-grid view has one row with the same figures.
    let by_grid = hazards::rates_by_grid(s.conn(), d("2026-07-01"), d("2026-09-30"), d("2026-10-15")).expect("by grid");
    assert_eq!(by_grid, vec![(None, r)]);
    let by_source =
        hazards::rates_by_source(s.conn(), d("2026-07-01"), d("2026-09-30"), d("2026-10-15")).expect("by source");
    assert_eq!(by_source, vec![(HazardSource::Inspection, r)]);
}

#[test]
fn reports_leave_the_list_when_submitted_and_the_merge_is_in_urgency_order() {
    let (_d, mut s) = store_with(&[("甲", Sector::IndustryTrade, Some("2026-10-01"), Some("2026-05-01"))]);
    s.write("t", |w| {
        hazards::create(w, &hazard(1, true, "2026-11-10"))?;
        deadlines::add_manual(w, "消防演练方案报街道", d("2026-11-30"), None, "")?;
        Ok(())
    })
    .expect("setup");
    let cal = HolidayCalendar::built_in();
    let today = d("2026-11-23");
    let q = DeadlineQuery { until: Some(d("2026-12-31")), ..DeadlineQuery::all(today) };
    let list = deadlines::page(s.conn(), &q, &cal, 0, 100).expect("page");
    let summary = |list: &[Deadline]| -> Vec<String> {
        list.iter().map(|x| format!("{} {} {}", x.kind.code(), x.due, x.title)).collect()
    };
    // Worked by hand for 2026-11-23: Nov 1 is a Sunday, so November's report was due Monday Nov 2
    // (21 days overdue) and ranks above the hazard 13 days overdue; then weighted days left:
    // December report 8 x 0.7 = 5.6, manual item 7 x 1.0 = 7, Q4 and annual reports 38 x 0.7.
    // The self-inspection (2027-01-01) and drill (2027-05-01) fall after the window.
    assert_eq!(
        summary(&list),
        [
            "monthly_report 2026-11-02 2026-11",
            "hazard 2026-11-10 甲：消防通道堵塞",
            "monthly_report 2026-12-01 2026-12",
            "manual 2026-11-30 消防演练方案报街道",
            "quarterly_report 2026-12-31 2026Q4",
            "annual_report 2026-12-31 2026",
        ]
    );
    assert_eq!(deadlines::count(s.conn(), &q, &cal).expect("count"), 6);
    s.write("t", |w| deadlines::submit_report(w, DeadlineKind::MonthlyReport, "2026-11", today)).expect("submit");
    let list = deadlines::page(s.conn(), &q, &cal, 0, 100).expect("page");
    assert_eq!(summary(&list)[0], "hazard 2026-11-10 甲：消防通道堵塞", "the sent report left the list");
    let overdue = DeadlineQuery { overdue_only: true, ..DeadlineQuery::all(today) };
    assert_eq!(
        summary(&deadlines::page(s.conn(), &overdue, &cal, 0, 100).expect("page")),
        ["hazard 2026-11-10 甲：消防通道堵塞"]
    );
}

#[test]
fn calendar_day_counts_equal_the_merged_list_counted_by_day() {
    let demo = common::demo_copy();
    let s = common::open(&demo.path);
    let cal = HolidayCalendar::built_in();
    let today = common::today();
    for (from, to) in [("2026-11-01", "2026-11-30"), ("2026-12-01", "2026-12-31"), ("2026-10-01", "2026-10-31")] {
        let (from, to) = (d(from), d(to));
        let q = DeadlineQuery { until: Some(to), ..DeadlineQuery::all(today) };
        let mut want: std::collections::BTreeMap<NaiveDate, i64> = std::collections::BTreeMap::new();
        for item in
            deadlines::page(s.conn(), &q, &cal, 0, usize::MAX).expect("page").into_iter().filter(|x| x.due >= from)
        {
            *want.entry(item.due).or_default() += 1;
        }
        let got = deadlines::busy_days(s.conn(), &DeadlineQuery::all(today), &cal, from, to).expect("busy");
        assert_eq!(got, want.into_iter().collect::<Vec<_>>(), "{from}..{to}");
        assert!(!got.is_empty());
    }
}

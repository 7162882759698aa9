//! The Deadlines calendar's busy days of the units' self-inspections and drills are kept by the
//! writes that move them (`unit_due_tally`, migration 034), never counted when a month is shown:
//! after any mix of unit writes from another connection (inserts, new records, a changed sector
//! or register date, deletes; some transactions rolled back) the tally equals counting the units
//! by `store::deadlines::due_expr`, which also keeps the migration's copy of the rule equal to the
//! store's. A transaction moves the units and the tally together, so a killed writer leaves both
//! as they were (the alarm tally's test kills a syncing process for the same triggers' kind).

mod common;

use anjian::domain::deadline::DeadlineKind;
use anjian::store::deadlines::{self, DeadlineQuery};
use chrono::Datelike;
use proptest::prelude::*;

const SECTORS: [&str; 4] = ["hazardous_chemicals", "industry_trade", "construction", "retail"];

#[derive(Debug, Clone)]
enum Op {
    Insert { sector: usize, registered: u32, inspected: Option<u32>, drilled: Option<u32> },
    Inspected { unit: usize, day: Option<u32> },
    Drilled { unit: usize, day: Option<u32> },
    Sector { unit: usize, sector: usize },
    Registered { unit: usize, day: u32 },
    Delete { unit: usize },
}

/// A day of 2024–2027 from a number.
fn day(n: u32) -> String {
    let d = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).expect("date") + chrono::Duration::days(i64::from(n % 1460));
    d.to_string()
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..SECTORS.len(), any::<u32>(), proptest::option::of(any::<u32>()), proptest::option::of(any::<u32>()))
            .prop_map(|(sector, registered, inspected, drilled)| Op::Insert { sector, registered, inspected, drilled }),
        (any::<usize>(), proptest::option::of(any::<u32>())).prop_map(|(unit, day)| Op::Inspected { unit, day }),
        (any::<usize>(), proptest::option::of(any::<u32>())).prop_map(|(unit, day)| Op::Drilled { unit, day }),
        (any::<usize>(), 0..SECTORS.len()).prop_map(|(unit, sector)| Op::Sector { unit, sector }),
        (any::<usize>(), any::<u32>()).prop_map(|(unit, day)| Op::Registered { unit, day }),
        any::<usize>().prop_map(|unit| Op::Delete { unit }),
    ]
}

fn apply(tx: &rusqlite::Transaction<'_>, o: &Op, n: &mut usize) {
    let ids = ids_of(tx, "SELECT id FROM unit ORDER BY id");
    let pick = |i: usize| ids[i % ids.len()];
    match o {
        Op::Insert { sector, registered, inspected, drilled } => {
            *n += 1;
            tx.execute(
                "INSERT INTO unit (name, sector, risk_level, registered_on, last_self_inspection, last_drill)
                 VALUES (?1, ?2, 'low', ?3, ?4, ?5)",
                rusqlite::params![
                    format!("试验单位{n}"),
                    SECTORS[*sector],
                    day(*registered),
                    inspected.map(day),
                    drilled.map(day)
                ],
            )
            .expect("insert");
        }
        Op::Inspected { unit, day: d } => {
            tx.execute(
                "UPDATE unit SET last_self_inspection = ?2 WHERE id = ?1",
                rusqlite::params![pick(*unit), d.map(day)],
            )
            .expect("inspected");
        }
        Op::Drilled { unit, day: d } => {
            tx.execute("UPDATE unit SET last_drill = ?2 WHERE id = ?1", rusqlite::params![pick(*unit), d.map(day)])
                .expect("drilled");
        }
        Op::Sector { unit, sector } => {
            tx.execute("UPDATE unit SET sector = ?2 WHERE id = ?1", rusqlite::params![pick(*unit), SECTORS[*sector]])
                .expect("sector");
        }
        Op::Registered { unit, day: d } => {
            tx.execute("UPDATE unit SET registered_on = ?2 WHERE id = ?1", rusqlite::params![pick(*unit), day(*d)])
                .expect("registered");
        }
        Op::Delete { unit } => {
            // Only a unit this test made: the demo's have hazards and records that name them.
            let made = ids_of(tx, "SELECT id FROM unit WHERE name LIKE '试验单位%' ORDER BY id");
            if !made.is_empty() {
                tx.execute("DELETE FROM unit WHERE id = ?1", [made[unit % made.len()]]).expect("delete");
            }
        }
    }
}

fn ids_of(tx: &rusqlite::Transaction<'_>, sql: &str) -> Vec<i64> {
    tx.prepare(sql).expect("ids").query_map([], |r| r.get(0)).expect("ids").collect::<Result<_, _>>().expect("ids")
}

/// The tally against the units counted by the store's rule, for both kinds.
fn check(c: &rusqlite::Connection) {
    for (kind, code) in [(DeadlineKind::SelfInspection, "self_inspection"), (DeadlineKind::Drill, "drill")] {
        let rows = |sql: &str, args: &[&dyn rusqlite::ToSql]| -> Vec<(String, i64)> {
            c.prepare(sql)
                .expect("prepare")
                .query_map(args, |r| Ok((r.get(0)?, r.get(1)?)))
                .expect("query")
                .collect::<Result<_, _>>()
                .expect("rows")
        };
        let kept = rows("SELECT day, n FROM unit_due_tally WHERE kind = ?1 AND n > 0 ORDER BY day", &[&code]);
        let due = deadlines::due_expr(kind);
        let counted = rows(&format!("SELECT IFNULL({due}, ''), count(*) FROM unit GROUP BY 1 ORDER BY 1"), &[]);
        assert_eq!(kept, counted, "{kind:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Writes from another connection, several to a transaction, some rolled back.
    #[test]
    fn the_tally_equals_counting_the_units_after_any_writes(
        batches in proptest::collection::vec((proptest::collection::vec(op(), 1..12), any::<bool>()), 1..8)
    ) {
        let demo = common::demo_copy();
        // Opened through the store once, so the schema is the newest.
        drop(common::open(&demo.path));
        let mut c = rusqlite::Connection::open(&demo.path).expect("open");
        check(&c);
        let mut n = 0;
        for (ops, commit) in batches {
            let tx = c.transaction().expect("tx");
            for o in &ops {
                apply(&tx, o, &mut n);
            }
            if commit { tx.commit().expect("commit") } else { tx.rollback().expect("rollback") }
            check(&c);
        }
    }
}

/// The calendar of the whole office reads the tally and shows what counting the units shows; a
/// grid's calendar still counts its own units.
#[test]
fn the_calendar_of_the_office_and_of_a_grid_agree_with_the_units() {
    let demo = common::demo_copy();
    let store = common::open(&demo.path);
    let c = store.conn();
    let cal = anjian::domain::calendar::HolidayCalendar::built_in();
    let grid: i64 =
        c.query_row("SELECT grid_id FROM unit WHERE grid_id IS NOT NULL LIMIT 1", [], |r| r.get(0)).expect("grid");
    let busiest: String = c
        .query_row(
            &format!(
                "SELECT {} FROM unit GROUP BY 1 ORDER BY count(*) DESC LIMIT 1",
                deadlines::due_expr(DeadlineKind::SelfInspection)
            ),
            [],
            |r| r.get(0),
        )
        .expect("busiest day");
    let month = chrono::NaiveDate::parse_from_str(&busiest, "%Y-%m-%d").expect("day").with_day0(0).expect("first");
    let end = anjian::domain::calendar::month_end(month);
    let kinds = vec![DeadlineKind::SelfInspection, DeadlineKind::Drill];
    for grid in [None, Some(grid)] {
        let q = DeadlineQuery { kinds: kinds.clone(), grid, ..DeadlineQuery::all(common::today()) };
        let shown = deadlines::busy_days(c, &q, &cal, month, end).expect("busy days");
        let mut counted = std::collections::BTreeMap::new();
        for kind in &kinds {
            let due = deadlines::due_expr(*kind);
            let mut stmt = c
                .prepare(&format!(
                    "SELECT {due}, count(*) FROM unit u WHERE {due} BETWEEN ?1 AND ?2 AND (?3 IS NULL OR u.grid_id = ?3) GROUP BY 1"
                ))
                .expect("count");
            for r in stmt
                .query_map(rusqlite::params![month.to_string(), end.to_string(), grid], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
                })
                .expect("rows")
            {
                let (d, n) = r.expect("row");
                *counted.entry(chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").expect("day")).or_insert(0) += n;
            }
        }
        assert!(!counted.is_empty(), "the month has units due ({grid:?})");
        assert_eq!(shown, counted.into_iter().collect::<Vec<_>>(), "grid {grid:?}");
    }
}

//! Paging through a list while another process inserts into it: with keyset paging every row
//! that was there from the start shows up exactly once, and no row ever shows twice. The same
//! walk by OFFSET, run alongside as a control, shows that the inserts really do land ahead of the
//! cursor (it repeats rows).

mod common;

use anjian::store::keyset::{Page, Seek};
use anjian::store::units::{self, UnitQuery};
use anjian::tui::paged::{Paged, Window};
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Names spread over the whole name order, so that inserts land before and after the cursor.
fn name(i: usize) -> String {
    let h = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40;
    format!("单位{h:07}号{i}")
}

fn add_units(conn: &rusqlite::Connection, from: usize, n: usize) {
    let tx = conn.unchecked_transaction().expect("tx");
    for i in from..from + n {
        tx.execute(
            "INSERT INTO unit (name, address, sector, risk_level) VALUES (?1, ?2, 'other', 'low')",
            (name(i), format!("测试路{i}号")),
        )
        .expect("insert unit");
    }
    tx.commit().expect("commit");
}

/// Inserts one unit per transaction from another connection until stopped, counting them.
fn writer(path: std::path::PathBuf, stop: Arc<AtomicBool>, done: Arc<AtomicUsize>) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let conn = rusqlite::Connection::open(&path).expect("writer connection");
        conn.busy_timeout(std::time::Duration::from_secs(10)).expect("busy timeout");
        let mut i = 1_000_000;
        while !stop.load(Ordering::Relaxed) {
            add_units(&conn, i, 1);
            i += 1;
            done.fetch_add(1, Ordering::Relaxed);
        }
    })
}

/// Waits until the writer has committed `n` more rows.
fn let_writer_add(done: &AtomicUsize, n: usize) {
    let target = done.load(Ordering::Relaxed) + n;
    while done.load(Ordering::Relaxed) < target {
        std::thread::yield_now();
    }
}

fn ids_before(conn: &rusqlite::Connection) -> Vec<i64> {
    let mut stmt = conn.prepare("SELECT id FROM unit").expect("ids");
    stmt.query_map([], |r| r.get(0)).expect("ids").collect::<Result<_, _>>().expect("ids")
}

fn check_once(before: &[i64], seen: &[i64], how: &str) -> (usize, usize) {
    let mut times: HashMap<i64, usize> = HashMap::new();
    for id in seen {
        *times.entry(*id).or_default() += 1;
    }
    let twice = times.values().filter(|n| **n > 1).count();
    let missing = before.iter().filter(|id| !times.contains_key(id)).count();
    eprintln!("{how}: {} rows seen, {twice} shown more than once, {missing} of {} missing", seen.len(), before.len());
    (twice, missing)
}

#[test]
fn keyset_pages_show_every_row_once_while_rows_are_inserted() {
    let demo = common::demo_copy();
    let conn = rusqlite::Connection::open(&demo.path).expect("open");
    conn.busy_timeout(std::time::Duration::from_secs(10)).expect("busy timeout");
    add_units(&conn, 0, 3_000);
    let store = common::open(&demo.path);
    let before = ids_before(&conn);
    let (stop, done) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicUsize::new(0)));
    let handle = writer(demo.path.clone(), stop.clone(), done.clone());
    let q = UnitQuery::default();

    // The store's pages, one after another by key, and the same walk by OFFSET.
    let (mut by_key, mut by_offset) = (Vec::new(), Vec::new());
    let mut seek = Seek::First;
    loop {
        let page = units::page(store.conn(), &q, &seek, 100).expect("keyset page");
        let Some(last) = page.keys.last().cloned() else { break };
        by_key.extend(page.rows.iter().map(|u| u.id));
        seek = Seek::After(last);
        let offset = units::page(store.conn(), &q, &Seek::Offset(by_offset.len()), 100).expect("offset page");
        by_offset.extend(offset.rows.iter().map(|u| u.id));
        let_writer_add(&done, 25);
    }

    // The screen's own window scrolled to the end one row at a time, answered by the store.
    let mut list: Paged<i64> = Paged::default();
    let mut seen = Vec::new();
    let mut ask = Some(Window::first());
    let height = 38;
    let mut steps = 0;
    loop {
        while let Some(w) = ask.take() {
            let total = w.seek.opens().then(|| units::count(store.conn(), &q).expect("count"));
            let page = units::page(store.conn(), &q, &w.seek, w.limit).expect("page");
            let page = Page { rows: page.rows.iter().map(|u| u.id).collect(), keys: page.keys };
            ask = list.receive(total, &w, page, height);
            let_writer_add(&done, 10);
        }
        seen.push(*list.selected_row().expect("the selected row is loaded"));
        if list.selected + 1 >= list.total {
            break;
        }
        ask = list.move_by(1, height);
        steps += 1;
        assert!(steps < 100_000, "scrolling ends");
    }
    stop.store(true, Ordering::Relaxed);
    handle.join().expect("writer");
    let inserted = done.load(Ordering::Relaxed);
    eprintln!("{inserted} units inserted meanwhile");
    assert!(inserted > 500, "the writer really wrote while the pages were read ({inserted})");

    assert_eq!(check_once(&before, &by_key, "store pages by key"), (0, 0));
    assert_eq!(check_once(&before, &seen, "screen scrolled by key"), (0, 0));
    let (twice, missing) = check_once(&before, &by_offset, "store pages by OFFSET (control)");
    assert!(twice + missing > 0, "the inserts landed ahead of the cursor, which OFFSET paging cannot survive");

    // And what the screen showed is in the list's order.
    let order: HashMap<i64, (String, i64)> = {
        let mut stmt = conn.prepare("SELECT id, name FROM unit").expect("names");
        stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(0)?))))
            .expect("names")
            .collect::<Result<_, _>>()
            .expect("names")
    };
    assert!(seen.windows(2).all(|w| order[&w[0]] < order[&w[1]]), "rows in name order, none repeated");
}

/// The lists' first pages walk an index in the list's own order instead of sorting (the expression
/// and partial indexes of migration 012 match the store's ORDER expressions as written).
#[test]
fn list_pages_walk_their_indexes() {
    let demo = common::demo_copy();
    let store = common::open(&demo.path);
    let plan = |sql: &str| -> String {
        let mut stmt = store.conn().prepare(&format!("EXPLAIN QUERY PLAN {sql}")).expect("plan");
        let rows = stmt.query_map([], |r| r.get::<_, String>(3)).expect("plan");
        rows.map(|r| r.expect("row")).collect::<Vec<_>>().join("\n")
    };
    let order = |o: &anjian::store::keyset::Order| {
        o.0.iter()
            .map(|(e, d)| format!("{e} {}", if *d == anjian::store::keyset::Dir::Asc { "ASC" } else { "DESC" }))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let hazards_where = |cond: &str| {
        format!("SELECT h.id FROM hazard h WHERE {cond} ORDER BY {} LIMIT 200", order(&anjian::store::hazards::ORDER))
    };
    for (sql, index) in [
        (format!("SELECT h.id FROM hazard h ORDER BY {} LIMIT 200", order(&anjian::store::hazards::ORDER)), "hazard_list"),
        (
            format!("SELECT t.id FROM tipoff t ORDER BY {} LIMIT 200", order(&anjian::store::tipoffs::ORDER)),
            "tipoff_list",
        ),
        (
            "SELECT a.id FROM alarm a WHERE a.status IN ('new', 'acknowledged', 'dispatched') ORDER BY a.sent DESC, a.id DESC LIMIT 200"
                .to_string(),
            "alarm_open_sent",
        ),
        (
            format!(
                "SELECT t.id FROM tipoff t WHERE t.status <> 'closed' AND t.channel = 'letter' ORDER BY {} LIMIT 200",
                order(&anjian::store::tipoffs::ORDER)
            ),
            "tipoff_channel_list",
        ),
        (hazards_where("h.source = 'tipoff'"), "hazard_source_list"),
        (hazards_where("(h.status = 'closed') > 0 AND h.source = 'alarm'"), "hazard_source_list"),
        (hazards_where("h.status = 'rectifying'"), "hazard_status_list"),
    ] {
        let p = plan(&sql);
        assert!(p.contains(index) && !p.contains("TEMP B-TREE"), "{index} not walked:\n{p}");
    }
}

/// The quarter's alarm acknowledgements (the Checklist's figure, the report's) read the index of
/// migration 032 for both the counts and the median, whatever the planner's statistics say.
#[test]
fn alarm_acknowledgements_read_their_index() {
    let demo = common::demo_copy();
    let store = common::open(&demo.path);
    for sql in [anjian::store::report_figures::ALARMS_ACKNOWLEDGED, anjian::store::report_figures::MINUTES_TO_ACK] {
        let mut stmt = store.conn().prepare(&format!("EXPLAIN QUERY PLAN {sql}")).expect("plan");
        let n = stmt.parameter_count();
        let plan: Vec<String> = stmt
            .query_map(rusqlite::params_from_iter(["2026-10-01", "2026-12-31", "0", "1"].iter().take(n)), |r| {
                r.get::<_, String>(3)
            })
            .expect("plan")
            .map(|r| r.expect("row"))
            .collect();
        assert!(plan.iter().any(|p| p.contains("alarm_actual_acked")), "{sql}:\n{plan:?}");
    }
}

/// A sync batch reads what is stored under its keys in one statement; on a district it must probe
/// the key index, not walk a million alarms once a batch.
#[test]
fn a_batch_reads_its_keys_through_the_key_index() {
    let demo = common::demo_copy();
    let store = common::open(&demo.path);
    let sql = anjian::store::alarm_known::ROWS_OF_KEYS;
    let plan = query_plan(store.conn(), sql, vec![rusqlite::types::Value::Text("[\"a\"]".into())]);
    assert!(plan.iter().any(|p| p.contains("USING INDEX alarm_key (dedup_key=?)")), "{sql}:\n{plan:?}");
    assert!(
        !plan.iter().any(|p| p.starts_with("SCAN a ") || p == "SCAN a" || p.starts_with("SCAN alarm")),
        "{sql}:\n{plan:?}"
    );
}

/// The hazard register's filters are counted from an index alone (migration 033, and the overdue
/// test written as the list index holds the deadline): a count that read every row it counted was
/// most of a filter key's 10–25 ms on a district.
#[test]
fn hazard_filters_are_counted_from_an_index_alone() {
    use anjian::domain::hazard::{HazardSource, HazardStatus};
    use anjian::store::hazards::HazardFilter;
    let demo = common::demo_copy();
    let store = common::open(&demo.path);
    let filters = [
        HazardFilter { source: Some(HazardSource::Tipoff), ..Default::default() },
        HazardFilter { status: Some(HazardStatus::Rectifying), ..Default::default() },
        HazardFilter { status: Some(HazardStatus::Closed), source: Some(HazardSource::Alarm), ..Default::default() },
        HazardFilter { overdue_as_of: Some(common::today()), ..Default::default() },
    ];
    for f in filters {
        let (clause, args) = f.clause();
        let plan = query_plan(store.conn(), &format!("SELECT COUNT(*) FROM hazard h {clause}"), args);
        assert!(plan.iter().all(|p| p.contains("COVERING INDEX")), "{f:?}:\n{plan:?}");
    }
}

/// What `EXPLAIN QUERY PLAN` says of `sql` with `args`, one line per step.
fn query_plan(conn: &rusqlite::Connection, sql: &str, args: Vec<rusqlite::types::Value>) -> Vec<String> {
    conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .expect("plan")
        .query_map(rusqlite::params_from_iter(args), |r| r.get::<_, String>(3))
        .expect("plan")
        .map(|r| r.expect("row"))
        .collect()
}

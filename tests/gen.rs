//! `anjian gen`: a town-sized synthetic office built through the real import path, every USCC
//! valid, the same office each time, refused over an existing database, and ready to sign in to.

mod common;

use std::process::Command;

fn generate(db: &std::path::Path) -> std::process::Output {
    Command::new(common::bin()).arg("--db").arg(db).args(["gen", "--scale", "town"]).output().expect("gen")
}

fn fingerprint(db: &std::path::Path) -> (i64, i64, i64, i64, String) {
    let c = rusqlite::Connection::open(db).expect("open");
    let counts: (i64, i64, i64, i64) = c
        .query_row(
            "SELECT (SELECT count(*) FROM unit), (SELECT count(*) FROM hazard), (SELECT count(*) FROM tipoff),
                    (SELECT count(*) FROM alarm)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .expect("counts");
    let names: String = c
        .query_row(
            "SELECT group_concat(uscc || name, '') FROM (SELECT uscc, name FROM unit ORDER BY id LIMIT 50)",
            [],
            |r| r.get(0),
        )
        .expect("names");
    (counts.0, counts.1, counts.2, counts.3, names)
}

#[test]
fn a_town_is_generated_valid_and_the_same_each_time() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = dir.path().join("a.db");
    let out = generate(&a);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("sign in as 基准值班员"));
    let (units, hazards, tipoffs, alarms, _) = fingerprint(&a);
    assert_eq!((units, hazards, tipoffs, alarms), (2_000, 1_000, 400, 20_000));
    let c = rusqlite::Connection::open(&a).expect("open");
    let mut stmt = c.prepare("SELECT uscc FROM unit WHERE uscc IS NOT NULL").expect("stmt");
    let codes: Vec<String> = stmt.query_map([], |r| r.get(0)).expect("rows").map(|r| r.expect("row")).collect();
    assert!(codes.len() > 1_500);
    for code in &codes {
        assert!(anjian::domain::uscc::validate(code).is_ok(), "{code} is not a valid USCC");
    }
    // Every channel a tip-off has is one the `c` filter offers, and each is used.
    let mut stmt = c.prepare("SELECT DISTINCT channel FROM tipoff ORDER BY 1").expect("stmt");
    let channels: Vec<String> = stmt.query_map([], |r| r.get(0)).expect("rows").map(|r| r.expect("row")).collect();
    let mut known: Vec<&str> = anjian::domain::tipoff::Channel::ALL.iter().map(|c| c.code()).collect();
    known.sort();
    assert_eq!(channels, known);
    let grids: i64 = c.query_row("SELECT count(*) FROM grid", [], |r| r.get(0)).expect("grids");
    assert_eq!(grids, 60);
    let plans: i64 = c.query_row("SELECT count(*) FROM plan", [], |r| r.get(0)).expect("plans");
    assert_eq!(plans, 4);
    // The search indexes, rebuilt at the end instead of row by row, hold every row, and the
    // triggers that keep them are back.
    for (table, fts) in
        [("unit", "unit_fts"), ("hazard", "hazard_fts"), ("tipoff", "tipoff_fts"), ("alarm", "alarm_fts")]
    {
        let sql = format!(
            "SELECT (SELECT count(*) FROM {table}), (SELECT count(*) FROM {fts} WHERE {fts} MATCH '\"{word}\"')",
            word = match table {
                "unit" => "有限公司",
                "hazard" => "动火作业",
                "tipoff" => "安全隐患",
                _ => "浓度超限",
            }
        );
        let (rows, found): (i64, i64) = c.query_row(&sql, [], |r| Ok((r.get(0)?, r.get(1)?))).expect("fts");
        assert!(rows > 0 && found > 0, "{fts}: {found} of {rows} found");
    }
    let kept: i64 = c
        .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%fts_insert'", [], |r| {
            r.get(0)
        })
        .expect("triggers");
    assert_eq!(kept, 3, "units, hazards and tip-offs keep their insert triggers (alarms index in the ingest)");
    // The same office again.
    let b = dir.path().join("b.db");
    assert!(generate(&b).status.success());
    assert_eq!(fingerprint(&a), fingerprint(&b));
    // Never over an existing database.
    let out = generate(&a);
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("already exists"));
    // The generated operator can sign in.
    let store = common::open(&a);
    let op = anjian::store::operators::authenticate(
        store.conn(),
        anjian::generate::office::OPERATOR,
        anjian::generate::office::PIN,
    )
    .expect("auth");
    assert!(matches!(op, anjian::store::operators::Checked::Ok(_)));
}

/// The history's unit lookups run while the database is new and has no planner statistics; a plan
/// that tests `uscc IS NULL` through the USCC index walks every unit lacking one, for each row.
#[test]
fn sheet_keys_are_found_through_an_index_without_statistics() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = anjian::store::Store::open(&dir.path().join("new.db")).expect("open");
    let sql = format!("EXPLAIN QUERY PLAN {}", anjian::store::units::BY_SHEET_KEY);
    let plan: Vec<String> = store
        .conn()
        .prepare(&sql)
        .expect("plan")
        .query_map(["91110000000000000X"], |r| r.get::<_, String>(3))
        .expect("plan")
        .map(|r| r.expect("row"))
        .collect();
    let by_name = plan.iter().any(|step| step.contains("unit_name (name=?)"));
    assert!(by_name, "the name half does not use the name index:\n{}", plan.join("\n"));
    assert_eq!(plan.iter().filter(|s| s.contains("(uscc=?)")).count(), 1, "{}", plan.join("\n"));
}

//! Unit search through the trigram index: the same answers as a substring scan, found through the
//! index (not a scan of the units), kept up to date as units are added and renamed, and safe with
//! quotes and other query syntax in what is typed.

mod common;

use anjian::store::units::{self, Scope, UnitQuery};

fn query(text: &str) -> UnitQuery {
    UnitQuery { scope: Scope::All, text: text.into() }
}

#[test]
fn trigram_search_equals_the_scan_uses_the_index_and_follows_changes() {
    let demo = common::demo_copy();
    let mut s = common::open(&demo.path);
    // Queries that name no sector or risk level: the index must give exactly the scan's units.
    for q in ["加油站", "有限公司", "溪口", "五金店", "路17号", "云溪区"] {
        let scan: i64 = s
            .conn()
            .query_row(
                "SELECT count(*) FROM unit WHERE name LIKE ?1 OR address LIKE ?1 OR upper(uscc) LIKE upper(?1)",
                [format!("%{q}%")],
                |r| r.get(0),
            )
            .expect("scan");
        assert_eq!(units::count(s.conn(), &query(q)).expect("count"), scan, "{q}");
    }
    assert!(units::count(s.conn(), &query("加油站")).expect("count") > 0, "the demo has filling stations");
    let names = units::first(s.conn(), &query("加油站"), 50).expect("page");
    assert!(names.iter().all(|u| u.name.contains("加油站")), "{names:?}");
    let plan: String = s
        .conn()
        .query_row(
            "EXPLAIN QUERY PLAN SELECT count(*) FROM unit u WHERE u.id IN (SELECT rowid FROM unit_fts WHERE unit_fts MATCH ?1)",
            ["\"加油站\""],
            |r| r.get(3),
        )
        .expect("plan");
    assert!(!plan.contains("SCAN u"), "{plan}");
    // Typed text is a phrase, never query syntax.
    for q in ["\"加油", "a OR b", "NEAR(加油 站)", "***"] {
        assert!(units::count(s.conn(), &query(q)).is_ok(), "{q}");
    }
    // Added and renamed units are found at once.
    s.write("t", |w| {
        w.tx.execute("INSERT INTO unit (name, address, sector, risk_level) VALUES ('新开张氢能加注站', '未来路1号', 'gas', 'major')", [])?;
        Ok(())
    })
    .expect("insert");
    assert_eq!(units::count(s.conn(), &query("氢能加注")).expect("count"), 1);
    s.write("t", |w| {
        w.tx.execute("UPDATE unit SET name = '氢能综合站' WHERE name = '新开张氢能加注站'", [])?;
        Ok(())
    })
    .expect("rename");
    assert_eq!(units::count(s.conn(), &query("氢能加注")).expect("count"), 0);
    assert_eq!(units::count(s.conn(), &query("氢能综合")).expect("count"), 1);
}

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

/// Counts by a plain scan, to hold the indexed search to.
fn scan(s: &anjian::store::Store, sql: &str, q: &str) -> i64 {
    s.conn().query_row(sql, [format!("%{q}%")], |r| r.get(0)).expect("scan")
}

#[test]
fn hazards_tipoffs_and_alarms_search_their_own_text_and_their_unit() {
    use anjian::store::alarm_queue::{self, AlarmFilter, StatusSet};
    use anjian::store::hazards::{self, HazardFilter};
    use anjian::store::tipoffs::{self, TipoffFilter, TipoffSet};
    let demo = common::demo_copy();
    let mut s = common::open(&demo.path);
    let hz = "SELECT count(*) FROM hazard h JOIN unit u ON u.id = h.unit_id
              WHERE h.description LIKE ?1 OR h.measures LIKE ?1 OR u.name LIKE ?1 OR u.address LIKE ?1 OR u.uscc LIKE ?1";
    for q in ["应急照明", "可燃物", "灭火", "加油站", "溪口"] {
        let f = HazardFilter { text: q.into(), ..Default::default() };
        assert_eq!(hazards::count(s.conn(), &f).expect("hazards"), scan(&s, hz, q), "hazards {q}");
        assert!(scan(&s, hz, q) > 0, "the demo has hazards for {q}");
    }
    let tp = "SELECT count(*) FROM tipoff t LEFT JOIN unit u ON u.id = t.unit_id
              WHERE t.description LIKE ?1 OR t.location LIKE ?1 OR u.name LIKE ?1 OR u.address LIKE ?1 OR u.uscc LIKE ?1";
    for q in ["动火", "电动车在室内", "粉尘大"] {
        let f = TipoffFilter { set: TipoffSet::All, text: q.into(), ..Default::default() };
        assert_eq!(tipoffs::count(s.conn(), &f).expect("tipoffs"), scan(&s, tp, q), "tip-offs {q}");
        assert!(scan(&s, tp, q) > 0, "the demo has tip-offs for {q}");
    }
    let al = "SELECT count(*) FROM alarm a LEFT JOIN unit u ON u.id = a.unit_id
              WHERE a.headline LIKE ?1 OR a.event LIKE ?1 OR a.area LIKE ?1 OR u.name LIKE ?1 OR u.address LIKE ?1 OR u.uscc LIKE ?1";
    for q in ["暴雨", "双桥村", "可燃气体", "高温红色预警"] {
        let f = AlarmFilter { status: StatusSet::All, text: q.into(), ..Default::default() };
        assert_eq!(alarm_queue::count(s.conn(), &f).expect("alarms"), scan(&s, al, q), "alarms {q}");
        assert!(scan(&s, al, q) > 0, "the demo has alarms for {q}");
    }
    // The indexes follow what is written: a hazard's description changed is found by its new words.
    s.write("t", |w| {
        w.tx.execute("UPDATE hazard SET description = '氢气管道阀门泄漏' WHERE id = (SELECT min(id) FROM hazard)", [])?;
        Ok(())
    })
    .expect("edit");
    let f = HazardFilter { text: "阀门泄漏".into(), ..Default::default() };
    assert_eq!(hazards::count(s.conn(), &f).expect("hazards"), 1);
}

#[test]
fn slash_searches_the_screen_it_is_typed_on() {
    use ratatui::crossterm::event::KeyCode;
    let (_demo, mut h) = common::demo_app(anjian::i18n::Lang::Zh, None, 120, 40);
    h.type_text("6").type_text("/").type_text("暴雨");
    let screen = h.screen();
    assert!(screen.contains("/暴雨"), "the search shows in the title:\n{screen}");
    let rows: Vec<&str> = screen.lines().filter(|l| l.contains("│>") || l.contains("│ ")).collect();
    assert!(screen.contains("暴雨") && !screen.contains("高温"), "only matching alarms:\n{screen}");
    assert!(!rows.is_empty());
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("告警队列"), "still on the alarms screen");
    h.type_text("4").type_text("/").type_text("应急照明").key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("/应急照明") && screen.contains("消防应急照明损坏"), "{screen}");
    assert!(!screen.contains("灭火器压力不足"), "{screen}");
    h.type_text("/").key(KeyCode::Esc);
    assert!(h.screen().contains("灭火器压力不足"), "Esc clears the search:\n{}", h.screen());
}

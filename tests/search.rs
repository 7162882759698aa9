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
    for q in ["加油站", "有限公司", "溪口", "五金店", "路17号", "云溪区", "青", "91"] {
        let scan: i64 = s
            .conn()
            .query_row(
                "SELECT count(*) FROM unit WHERE name LIKE ?1 OR address LIKE ?1 OR upper(uscc) LIKE upper(?1)",
                [pattern(q)],
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

/// What a search finds, as a LIKE pattern: three characters or more anywhere in the text, one or
/// two at its start.
fn pattern(q: &str) -> String {
    if q.chars().count() < 3 { format!("{q}%") } else { format!("%{q}%") }
}

/// Counts by a plain scan, to hold the indexed search to.
fn scan(s: &anjian::store::Store, sql: &str, q: &str) -> i64 {
    s.conn().query_row(sql, [pattern(q)], |r| r.get(0)).expect("scan")
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
    for q in ["应急照明", "可燃物", "灭火", "加油站", "溪口", "安全", "配"] {
        let f = HazardFilter { text: q.into(), ..Default::default() };
        assert_eq!(hazards::count(s.conn(), &f).expect("hazards"), scan(&s, hz, q), "hazards {q}");
        assert!(scan(&s, hz, q) > 0, "the demo has hazards for {q}");
    }
    let tp = "SELECT count(*) FROM tipoff t LEFT JOIN unit u ON u.id = t.unit_id
              WHERE t.description LIKE ?1 OR t.location LIKE ?1 OR u.name LIKE ?1 OR u.address LIKE ?1 OR u.uscc LIKE ?1";
    for q in ["云溪", "网吧", "电动车在室内", "粉尘大", "云"] {
        let f = TipoffFilter { set: TipoffSet::All, text: q.into(), ..Default::default() };
        assert_eq!(tipoffs::count(s.conn(), &f).expect("tipoffs"), scan(&s, tp, q), "tip-offs {q}");
        assert!(scan(&s, tp, q) > 0, "the demo has tip-offs for {q}");
    }
    let al = "SELECT count(*) FROM alarm a LEFT JOIN unit u ON u.id = a.unit_id
              WHERE a.headline LIKE ?1 OR a.event LIKE ?1 OR a.area LIKE ?1 OR u.name LIKE ?1 OR u.address LIKE ?1 OR u.uscc LIKE ?1";
    for q in ["暴雨", "双桥村", "可燃气体", "高温红色预警", "云溪", "剩"] {
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

mod short_queries {
    use super::common;
    use anjian::domain::search::begins_with;
    use anjian::store::alarm_queue::{self, AlarmFilter, StatusSet};
    use anjian::store::text_search::{self, ALARMS, HAZARDS, TIPOFFS, UNITS};
    use proptest::prelude::*;

    /// Characters that make leads collide, differ only by ASCII case, or look like LIKE syntax.
    const ALPHABET: &[char] = &['加', '油', '站', '火', 'A', 'a', 'b', '9', '%', '_', ' '];

    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(ALPHABET), 0..5).prop_map(|c| c.into_iter().collect())
    }

    fn query() -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(ALPHABET), 1..3)
            .prop_map(|c| c.into_iter().collect::<String>())
            .prop_filter("something to search", |q| !q.trim().is_empty())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

        /// One or two characters find, through the lead indexes, exactly the alarms a scan finds:
        /// those whose headline, event or area, or whose unit's name, address or code, begins
        /// with them (ASCII case aside; % and _ are characters).
        #[test]
        fn prefix_search_equals_the_scan(
            units in proptest::collection::vec((text(), text(), proptest::option::of(text())), 1..12),
            alarms in proptest::collection::vec((text(), text(), text(), 0usize..14), 1..25),
            queries in proptest::collection::vec(query(), 1..6),
        ) {
            let dir = tempfile::tempdir().expect("tmp");
            let store = anjian::store::Store::open(&dir.path().join("s.db")).expect("open");
            let c = store.conn();
            // Codes are unique, and so are name and address without a code: each gets its
            // number after the generated text.
            let units: Vec<(String, String, Option<String>)> = units
                .iter()
                .enumerate()
                .map(|(i, (name, address, uscc))| match uscc {
                    Some(u) => (name.clone(), address.clone(), Some(format!("{u}{i}"))),
                    None => (name.clone(), format!("{address}{i}"), None),
                })
                .collect();
            for (i, (name, address, uscc)) in units.iter().enumerate() {
                c.execute(
                    "INSERT INTO unit (id, name, address, uscc, sector, risk_level) VALUES (?1, ?2, ?3, ?4, 'retail', 'low')",
                    rusqlite::params![i as i64 + 1, name, address, uscc],
                ).expect("unit");
            }
            for (i, (headline, event, area, unit)) in alarms.iter().enumerate() {
                let unit = (*unit < units.len()).then_some(*unit as i64 + 1);
                c.execute(
                    "INSERT INTO alarm (dedup_key, feed, source, msg_status, level, status, headline, event, area, sent, first_seen, last_seen, unit_id)
                     VALUES (?1, 'f', 's', 'Actual', 'low', 'new', ?2, ?3, ?4, '2026-11-23T09:00:00+08:00', 'x', 'x', ?5)",
                    rusqlite::params![format!("k{i}"), headline, event, area, unit],
                ).expect("alarm");
            }
            for q in &queries {
                let unit_found = |u: usize| {
                    units.get(u).is_some_and(|(name, address, code)| {
                        begins_with(name, q) || begins_with(address, q) || code.as_ref().is_some_and(|c| begins_with(c, q))
                    })
                };
                let scan = alarms
                    .iter()
                    .filter(|(h, e, a, u)| begins_with(h, q) || begins_with(e, q) || begins_with(a, q) || unit_found(*u))
                    .count() as i64;
                let f = AlarmFilter { status: StatusSet::All, text: q.clone(), ..Default::default() };
                prop_assert_eq!(alarm_queue::count(c, &f).expect("count"), scan, "{:?}", q);
            }
        }
    }

    /// A short query finds its rows through the lead indexes of every searched text (a range on
    /// each), never by reading every text.
    #[test]
    fn short_queries_never_scan() {
        let demo = common::demo_copy();
        let s = common::open(&demo.path);
        for ix in [&UNITS, &HAZARDS, &TIPOFFS, &ALARMS] {
            for q in ["云", "云溪", "9"] {
                let mut args = Vec::new();
                let cond = text_search::contains(ix, "x.id", q, &mut args);
                let sql = format!("EXPLAIN QUERY PLAN SELECT count(*) FROM {} x WHERE {cond}", ix.table);
                let plan: Vec<String> = s
                    .conn()
                    .prepare(&sql)
                    .expect("plan")
                    .query_map(rusqlite::params_from_iter(args), |r| r.get::<_, String>(3))
                    .expect("rows")
                    .collect::<Result<_, _>>()
                    .expect("plan rows");
                let plan = plan.join("\n");
                assert!(!plan.contains(&format!("SCAN {}", ix.table)), "{} {q}:\n{plan}", ix.table);
                for c in ix.columns {
                    let lead =
                        format!("SEARCH {t} USING COVERING INDEX {t}_lead_{c} (<expr>>? AND <expr><?)", t = ix.table);
                    assert!(plan.contains(&lead), "{} {q} {c}:\n{plan}", ix.table);
                }
            }
        }
    }
}

/// A search so common that a page is found by walking the list in its order (a quarter of the
/// alarms, or hundreds of units) gives the same pages and count as one gathered through the
/// indexes: the rows a scan finds, newest first, page after page.
#[test]
fn a_common_search_walked_in_list_order_gives_the_scans_pages() {
    use anjian::domain::search::{begins_with, short};
    use anjian::store::alarm_queue::{self, AlarmFilter, StatusSet};
    use anjian::store::keyset::Seek;
    let dir = tempfile::tempdir().expect("tmp");
    let mut store = anjian::store::Store::open(&dir.path().join("s.db")).expect("open");
    let mut alarms: Vec<(i64, String, String, Option<i64>)> = Vec::new();
    store
        .write("t", |w| {
            for u in 1..=400i64 {
                let name = if u % 2 == 0 { format!("青石{u}号厂") } else { format!("云溪{u}号店") };
                w.tx.execute(
                    "INSERT INTO unit (id, name, sector, risk_level) VALUES (?1, ?2, 'retail', 'low')",
                    rusqlite::params![u, name],
                )?;
            }
            for i in 0..5000i64 {
                let headline = match i % 6 {
                    0 => format!("剩余电流超限 {i}"),
                    1..=3 => format!("粉尘浓度超限 {i}"),
                    4 => format!("可燃气体浓度超限 {i}"),
                    _ => format!("Dust level {i}"),
                };
                let unit = (i % 5 != 0).then_some(1 + i % 400);
                // Many share a minute: the order's ties go by id.
                let sent = format!("2026-11-{:02}T{:02}:{:02}:00+08:00", 1 + i % 20, i % 24, (i / 7) % 60);
                w.tx.execute(
                    "INSERT INTO alarm (dedup_key, feed, source, msg_status, level, status, headline, event, area, sent, first_seen, last_seen, unit_id)
                     VALUES (?1, 'f', 's', 'Actual', 'low', 'new', ?2, '监测', '青石社区', ?3, 'x', 'x', ?4)",
                    rusqlite::params![format!("k{i}"), headline, sent, unit],
                )?;
                alarms.push((w.tx.last_insert_rowid(), headline, sent, unit));
            }
            // As the ingest does, once per batch (migration 013).
            anjian::store::alarms::index_new(w, 0)
        })
        .expect("fill");
    let unit_name = |u: i64| if u % 2 == 0 { format!("青石{u}号厂") } else { format!("云溪{u}号店") };
    let finds = |text: &str, q: &str| {
        if short(q) { begins_with(text, q) } else { text.to_lowercase().contains(&q.to_lowercase()) }
    };
    for q in ["粉尘浓度", "粉", "青石", "dust", "剩余电流", "可燃"] {
        let mut want: Vec<&(i64, String, String, Option<i64>)> = alarms
            .iter()
            .filter(|(_, h, _, u)| {
                finds(h, q) || finds("监测", q) || finds("青石社区", q) || u.is_some_and(|u| finds(&unit_name(u), q))
            })
            .collect();
        want.sort_by(|a, b| (&b.2, b.0).cmp(&(&a.2, a.0)));
        let want: Vec<i64> = want.iter().map(|a| a.0).collect();
        let f = AlarmFilter { status: StatusSet::All, text: q.into(), ..Default::default() };
        assert_eq!(alarm_queue::count(store.conn(), &f).expect("count"), want.len() as i64, "{q}");
        let mut got = Vec::new();
        let mut seek = Seek::First;
        for _ in 0..3 {
            let page = alarm_queue::page(store.conn(), &f, &seek, 50).expect("page");
            got.extend(page.rows.iter().map(|r| r.id));
            match page.keys.last() {
                Some(k) => seek = Seek::After(k.clone()),
                None => break,
            }
        }
        assert_eq!(got, want.iter().take(150).copied().collect::<Vec<_>>(), "{q}");
    }
    // The first three are common (walked), the last ones are not (gathered): both kinds ran.
    assert!(
        anjian::store::text_search::common(store.conn(), &anjian::store::text_search::ALARMS, "粉尘浓度")
            .expect("probe")
    );
    assert!(
        anjian::store::text_search::common(store.conn(), &anjian::store::text_search::ALARMS, "青石").expect("probe")
    );
    assert!(
        !anjian::store::text_search::common(store.conn(), &anjian::store::text_search::ALARMS, "可燃").expect("probe")
    );
}

/// A search's first page is answered before it is counted: the page's reply comes without the
/// count, and the count follows in a reply of its own, which the list then shows.
#[test]
fn a_searchs_page_comes_before_its_count() {
    use anjian::tui::app::Msg;
    use anjian::tui::screens::alarms::msg::{Rep, Req};
    use anjian::tui::screens::{Reply, Request};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let (_demo, mut h) = common::demo_app(anjian::i18n::Lang::Zh, None, 120, 40);
    h.key(KeyCode::Char('6')).key(KeyCode::Char('/'));
    let reqs = h.app.update(Msg::Key(KeyEvent::new(KeyCode::Char('暴'), KeyModifiers::NONE)));
    let kinds: Vec<&str> = reqs
        .iter()
        .filter_map(|r| match r {
            Request::Alarms(Req::List { .. }) => Some("list"),
            Request::Alarms(Req::Count { .. }) => Some("count"),
            _ => None,
        })
        .collect();
    assert_eq!(kinds, ["list", "count"], "{reqs:?}");
    let mut total_seen = Vec::new();
    for r in reqs {
        let reply = h.backend.execute(r);
        match &reply {
            Reply::Alarms(Rep::List { total, page, .. }) => {
                assert_eq!(*total, None, "the page does not wait for its count");
                assert!(!page.rows.is_empty(), "the demo has 暴雨 alarms");
            }
            Reply::Alarms(Rep::Count { total, .. }) => total_seen.push(*total),
            _ => {}
        }
        let more = h.app.update(Msg::Reply(Box::new(reply)));
        h.settle(more);
    }
    let store = common::open(&_demo.path);
    let f = anjian::store::alarm_queue::AlarmFilter { text: "暴".into(), ..Default::default() };
    let want = anjian::store::alarm_queue::count(store.conn(), &f).expect("count");
    assert_eq!(total_seen, [want]);
    assert_eq!(h.app.screens.alarms.records.list.total, want as usize, "the count the list shows");
}

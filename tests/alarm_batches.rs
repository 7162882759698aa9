//! A monitor backlog is written in batches of many pages (the first page at once, then batches
//! twice the one before), and a batch's new alarms are held until its end, changed in memory by
//! its later events and written many to a statement (`store::alarm_rows`). Both only change how
//! much is written: a batch stores exactly what storing each event on its own stores, and what
//! storing it in parts of one transaction stores (property test), and a round whose page breaks
//! keeps the pages before it, with the cursor after the last of them.

mod common;

use anjian::domain::RiskLevel;
use anjian::store::alarm_area::Geo;
use anjian::store::alarms::{self, Incoming, Kind};
use anjian::store::{Store, feeds};
use proptest::prelude::*;
use std::sync::{Arc, Mutex};

/// Units of the demo office with a credit code, for alarms that name their unit.
fn demo_units() -> Vec<String> {
    let demo = common::demo_copy();
    let s = common::open(&demo.path);
    let mut q = s.conn().prepare("SELECT uscc FROM unit WHERE uscc IS NOT NULL ORDER BY id LIMIT 3").expect("units");
    q.query_map([], |r| r.get(0)).expect("query").collect::<Result<_, _>>().expect("rows")
}

/// Areas a CAP warning may name in the demo office: none, one community's region code, a circle
/// around a unit with coordinates, and that circle with the code (the same area given again and
/// again, with different units, is worked out once a batch).
fn demo_areas() -> Vec<Geo> {
    let demo = common::demo_copy();
    let s = common::open(&demo.path);
    let code: String =
        s.conn().query_row("SELECT region_code FROM community ORDER BY id LIMIT 1", [], |r| r.get(0)).expect("code");
    let (lat, lon): (f64, f64) = s
        .conn()
        .query_row("SELECT lat, lon FROM unit WHERE lat IS NOT NULL ORDER BY id LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("a placed unit");
    let coded = Geo { region_codes: vec![code], ..Geo::default() };
    let circle = Geo { circles: vec![(lat, lon, 0.5)], ..Geo::default() };
    let both = Geo { circles: circle.circles.clone(), ..coded.clone() };
    vec![Geo::default(), coded, circle, both]
}

fn event(key: &str, kind: Kind, minute: usize, references: Vec<String>) -> Incoming {
    Incoming {
        dedup_key: key.into(),
        kind,
        source: "monitor",
        msg_status: "Actual".into(),
        level: [RiskLevel::Major, RiskLevel::General][minute % 2],
        headline: format!("可燃气体浓度超限 {key}"),
        event: "可燃气体浓度超限".into(),
        language: "zh-CN".into(),
        description: String::new(),
        instruction: String::new(),
        area: String::new(),
        sender: String::new(),
        sent: format!("2026-11-23T08:{:02}:00+08:00", minute % 60),
        expires: None,
        unit_uscc: None,
        references,
        retrigger: true,
        geo: Default::default(),
    }
}

/// Every stored alarm of the feed, in the order stored, with what a write decides (the times a
/// write stamps with its own clock aside), and the kept tally.
/// Rows, and tally rows (status, level, count).
type Stored = (Vec<Vec<String>>, Vec<(String, String, i64)>);

fn stored(s: &Store) -> Stored {
    let c = s.conn();
    let mut q = c
        .prepare(
            "SELECT dedup_key, status, level, CASE WHEN status = 'cancelled' THEN 'now' ELSE COALESCE(closed_at, '-') END,
                    close_note, version, updated_by, updated_at <> '', count, sent, refs,
                    units_in_area, area, unit_id
             FROM alarm WHERE feed = 'p' ORDER BY id",
        )
        .expect("prepare");
    let rows = q
        .query_map([], |r| (0..14).map(|i| r.get::<_, rusqlite::types::Value>(i).map(|v| format!("{v:?}"))).collect())
        .expect("query")
        .collect::<Result<Vec<Vec<String>>, _>>()
        .expect("rows");
    // Where each was placed (a batch looks each unit up and places each unit and area once).
    let mut p = c
        .prepare(
            "SELECT a.dedup_key, a.area, a.unit_id, group_concat(x.community_id || '/' || coalesce(x.grid_id, '-'))
             FROM alarm a LEFT JOIN alarm_area x ON x.alarm_id = a.id WHERE a.feed = 'p' GROUP BY a.id ORDER BY a.id",
        )
        .expect("places");
    let places = p
        .query_map([], |r| (0..4).map(|i| r.get::<_, rusqlite::types::Value>(i).map(|v| format!("{v:?}"))).collect())
        .expect("query")
        .collect::<Result<Vec<Vec<String>>, _>>()
        .expect("places");
    let rows = rows.into_iter().chain(places).collect();
    let mut t =
        c.prepare("SELECT status, level, n FROM alarm_tally WHERE feed = 'p' AND n > 0 ORDER BY 1, 2").expect("t");
    let tally =
        t.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).expect("q").collect::<Result<_, _>>().expect("t");
    (rows, tally)
}

fn ingest(s: &mut Store, batch: &[Incoming]) -> alarms::BatchOutcome {
    s.write("sync:test", |w| alarms::ingest(w, "p", batch, &[], None)).expect("ingest")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// Raises, clears and (now and then) an update or a cancel over a few keys, some already open
    /// before the batch: one batch and one write per event end in the same rows, places, tally
    /// and counts. One write per event writes every change at once; the batch holds its new rows
    /// and changes them in memory.
    #[test]
    fn a_batch_stores_what_its_events_store_one_by_one(
        before in proptest::collection::vec((0usize..4, any::<bool>()), 0..6),
        events in proptest::collection::vec((0usize..4, 0u8..10, 0usize..4, 0usize..4), 1..40),
        cuts in proptest::collection::btree_set(0usize..40, 0..6),
    ) {
        let (units, areas) = (demo_units(), demo_areas());
        let keys = ["k0", "k1", "k2", "k3"];
        let kind = |k: u8| match k { 0..=4 => Kind::Alert, 5..=7 => Kind::Cleared, 8 => Kind::Update, _ => Kind::Cancel };
        let earlier: Vec<Incoming> = before
            .iter()
            .enumerate()
            .map(|(m, (k, clear))| event(keys[*k], if *clear { Kind::Cleared } else { Kind::Alert }, m, vec![]))
            .collect();
        let batch: Vec<Incoming> = events
            .iter()
            .enumerate()
            .map(|(m, (k, what, unit, area))| {
                let refs = match kind(*what) {
                    Kind::Update | Kind::Cancel => vec![keys[(k + 1) % 4].to_string()],
                    _ => vec![],
                };
                // Now and then a unit, the same one for several alarms, or one that is not known.
                let uscc = match unit {
                    0 => None,
                    3 => Some("91330100MA00000000".to_string()),
                    u => units.get(u - 1).cloned(),
                };
                Incoming { unit_uscc: uscc, geo: areas[*area].clone(), ..event(keys[*k], kind(*what), m + 10, refs) }
            })
            .collect();
        let (one, apart, parted) = (common::demo_copy(), common::demo_copy(), common::demo_copy());
        let (mut a, mut b, mut c) = (common::open(&one.path), common::open(&apart.path), common::open(&parted.path));
        for e in &earlier {
            ingest(&mut a, std::slice::from_ref(e));
            ingest(&mut b, std::slice::from_ref(e));
            ingest(&mut c, std::slice::from_ref(e));
        }
        let together = ingest(&mut a, &batch);
        let mut separately = alarms::BatchOutcome::default();
        for e in &batch {
            separately.add(ingest(&mut b, std::slice::from_ref(e)));
        }
        prop_assert_eq!(together, separately);
        prop_assert_eq!(stored(&a), stored(&b));
        // The same batch in parts of one transaction, as a CAP index is stored while it is read:
        // cut after every event whose number `cuts` names.
        let in_parts = c
            .write("sync:test", |w| {
                let mut ingesting = alarms::Ingesting::begin();
                let mut from = 0;
                for (i, _) in batch.iter().enumerate() {
                    if cuts.contains(&i) || i + 1 == batch.len() {
                        ingesting.add(w, "p", &batch[from..=i])?;
                        from = i + 1;
                    }
                }
                ingesting.finish(w, "p", &[], None)
            })
            .expect("in parts");
        prop_assert_eq!(together, in_parts);
        prop_assert_eq!(stored(&a), stored(&c));
        prop_assert_eq!(searched(&a), searched(&c));
        prop_assert_eq!(ingest_audits(&a), ingest_audits(&c));
    }
}

/// The search index's rows of the feed's alarms, in order.
fn searched(s: &Store) -> Vec<(i64, String)> {
    let mut q = s
        .conn()
        .prepare(
            "SELECT f.rowid, f.headline FROM alarm_fts f JOIN alarm a ON a.id = f.rowid WHERE a.feed = 'p' ORDER BY 1",
        )
        .expect("fts");
    q.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).expect("q").collect::<Result<_, _>>().expect("fts")
}

/// The audit rows the feed's batches wrote: a batch in parts is one batch.
fn ingest_audits(s: &Store) -> i64 {
    s.conn()
        .query_row("SELECT count(*) FROM audit_log WHERE action = 'feed.ingest' AND record = 'p'", [], |r| r.get(0))
        .expect("audits")
}

/// A backlog of six monitor pages whose fourth does not read: the first is written at once, the
/// second and third in one transaction with the cursor after them, the fourth is quarantined, and the next round goes
/// on from the cursor and stores the rest exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_are_written_together_and_a_bad_page_keeps_the_pages_before_it() {
    use anjian::fixture::Upstream;
    let up = Upstream::seeded(7, common::now(), 0, 1_200);
    // The pages as the upstream serves them, each under the query that asks for it.
    let mut pages = Vec::new();
    let mut since: Option<String> = None;
    loop {
        let page = up.page(since.as_deref(), 200);
        let next = page["next_cursor"].as_str().map(str::to_string);
        let empty = page["alarms"].as_array().is_none_or(|a| a.is_empty());
        // The path and query as the engine asks for them (the cursor URL-encoded).
        let mut url = reqwest::Url::parse("http://127.0.0.1/m").expect("url");
        if let Some(c) = &since {
            url.query_pairs_mut().append_pair("since", c);
        }
        let path = format!("{}{}", url.path(), url.query().map(|q| format!("?{q}")).unwrap_or_default());
        pages.push((path, page.to_string()));
        if empty || next.is_none() || next == since {
            break;
        }
        since = next;
    }
    assert!(pages.len() >= 6, "six pages of 200 and the empty end: {}", pages.len());
    let routes: Arc<Mutex<Vec<(String, String)>>> =
        Arc::new(Mutex::new(pages.iter().map(|(p, body)| (p.clone(), body.clone())).collect()));
    routes.lock().expect("routes")[3].1 = "<html>维护中</html>".into();
    let (addr, _) = common::routes::serve("127.0.0.1:0", routes.clone());

    let demo = common::demo_copy();
    let engine = anjian::sync::engine::Engine::with_store(common::open(&demo.path), "test:1".into(), "zh");
    let mut spec = common::fixture_feeds(
        &format!("http://{addr}"),
        common::quick_http(std::time::Duration::from_secs(5), 4 * 1024 * 1024),
    )
    .into_iter()
    .find(|s| s.kind == anjian::config::FeedKind::Monitor)
    .expect("a monitor feed");
    spec.url = format!("http://{addr}/m");
    let feed = spec.name.clone();
    let check = common::open(&demo.path);
    let ingests = || -> i64 {
        check
            .conn()
            .query_row("SELECT count(*) FROM audit_log WHERE action = 'feed.ingest' AND record = ?1", [&feed], |r| {
                r.get(0)
            })
            .expect("count")
    };

    let report = anjian::sync::run::once(&engine, std::slice::from_ref(&spec)).await;
    assert!(!report[0].reached(), "the unreadable page fails the round: {report:?}");
    // The first page at once, pages 2–3 in one batch, then the quarantined page in its own.
    assert_eq!(ingests(), 3, "the first page, then two pages in one transaction, then the bad page quarantined");
    let cursor = alarms::cursor(check.conn(), &feed).expect("cursor");
    let after_third = serde_json::from_str::<serde_json::Value>(&pages[2].1).expect("page")["next_cursor"]
        .as_str()
        .map(str::to_string);
    assert_eq!(cursor, after_third, "the cursor is the one after the last page written");
    let quarantined: i64 =
        check.conn().query_row("SELECT count(*) FROM quarantine WHERE feed = ?1", [&feed], |r| r.get(0)).expect("q");
    assert_eq!(quarantined, 1);
    let health = feeds::health(check.conn()).expect("health");
    assert!(health.iter().any(|h| h.name == feed && h.last_error.is_some()), "{health:?}");

    // Upstream mends the page: the next round reads from the cursor on, and everything upstream
    // holds is stored once, as a store fed one page a transaction has it.
    routes.lock().expect("routes")[3].1 = pages[3].1.clone();
    let report = anjian::sync::run::once(&engine, std::slice::from_ref(&spec)).await;
    assert!(report[0].reached(), "{report:?}");
    let reference = common::demo_copy();
    let mut r = common::open(&reference.path);
    r.write("sync:test", |w| alarms::ensure_feed(w, &feed, "monitor", &spec.url)).expect("feed");
    for (_, body) in &pages {
        let page = anjian::upstream::monitor::parse(body.as_bytes()).expect("page");
        let batch: Vec<Incoming> = page
            .alarms
            .iter()
            .filter_map(|(a, _)| a.as_ref().ok())
            .map(|a| anjian::sync::incoming::from_monitor(&feed, a))
            .collect();
        r.write("sync:test", |w| alarms::ingest(w, &feed, &batch, &[], None)).expect("ingest");
    }
    let rows = |c: &Store| -> Vec<(String, String, i64, Option<String>)> {
        let mut q = c
            .conn()
            .prepare("SELECT dedup_key, status, count, closed_at FROM alarm WHERE feed = ?1 ORDER BY id")
            .expect("prepare");
        q.query_map([&feed], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows")
    };
    let stored = rows(&check);
    assert!(stored.len() > 200, "{} alarms", stored.len());
    assert_eq!(stored, rows(&r));
}

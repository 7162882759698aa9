//! The demo stays workable through a shift: run for fifteen minutes of the fixture's clock (a
//! tick every 20 seconds, a sync every minute), the open alarm queue stays within 20 % of where
//! it started, a few tip-offs come in and no two say the same; the demo's units carry the risk
//! levels their sectors call for; a street office's checklist holds no coal-mine work as its own.

mod common;

use anjian::config::FeedKind;
use anjian::fixture::{self, Mode, Upstream};
use anjian::store::alarm_queue::{self, AlarmFilter};
use anjian::sync::engine::{Engine, FeedSpec};
use anjian::sync::run;
use std::time::Duration;

fn spec(name: &str, kind: FeedKind, url: String) -> FeedSpec {
    FeedSpec {
        name: name.into(),
        kind,
        url,
        interval: Duration::from_secs(60),
        http: anjian::upstream::http::HttpConfig { retries: 0, ..Default::default() },
        level_parameter: Some("预警颜色".into()),
        format: Default::default(),
        level_words: Vec::new(),
        strict: false,
        give_up_after: Duration::from_secs(86_400),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifteen_minutes_keep_the_queue_workable_and_every_tip_off_distinct() {
    let demo = common::demo_copy();
    let start = anjian::domain::time::now();
    // The demo's own upstream, as `anjian demo` seeds it, ticked by the test alone.
    let f = fixture::start(
        "127.0.0.1:0".parse().expect("addr"),
        Upstream::seeded(1, start, 8, 40),
        Mode::Ok,
        Duration::ZERO,
    )
    .await
    .expect("fixture");
    let specs = [
        spec("气象预警", FeedKind::Cap, format!("{}/cap/index.atom", f.base())),
        spec("在线监测", FeedKind::Monitor, format!("{}/monitor/alarms", f.base())),
        spec("12345平台", FeedKind::Open311, format!("{}/open311/v2", f.base())),
    ];
    let engine = Engine::with_store(common::open(&demo.path), "test:1".into(), "zh");
    let r = run::once(&engine, &specs).await;
    assert!(r.iter().all(|r| r.reached()), "{r:?}");
    let store = common::open(&demo.path);
    let open = || alarm_queue::count(store.conn(), &AlarmFilter::default()).expect("count");
    let tipoffs =
        || -> i64 { store.conn().query_row("SELECT count(*) FROM tipoff", [], |r| r.get(0)).expect("tipoffs") };
    let all = || -> i64 { store.conn().query_row("SELECT count(*) FROM alarm", [], |r| r.get(0)).expect("alarms") };
    let (open_before, tipoffs_before, all_before) = (open(), tipoffs(), all());
    assert!(open_before >= 10, "{open_before}");

    // Fifteen minutes: 45 ticks of 20 seconds on the fixture's clock, a sync each minute.
    let mut lowest = open_before;
    let mut highest = open_before;
    for tick in 1..=45 {
        let now = start + chrono::Duration::seconds(20 * tick);
        {
            let mut u = f.shared.upstream.lock().expect("upstream");
            u.tick(now);
            u.tick_open311(now);
        }
        if tick % 3 == 0 {
            let r = run::once(&engine, &specs).await;
            assert!(r.iter().all(|r| r.reached()), "{r:?}");
            lowest = lowest.min(open());
            highest = highest.max(open());
        }
    }
    assert!(all() >= all_before + 20, "alarms kept coming: {all_before} → {}", all());
    eprintln!("open alarms {open_before} → between {lowest} and {highest}; alarms {all_before} → {}", all());
    let limit = (open_before as f64 * 0.2).ceil() as i64;
    assert!(
        (open_before - lowest) <= limit && (highest - open_before) <= limit,
        "open alarms went from {open_before} to between {lowest} and {highest} (allowed ±{limit})"
    );
    let new_tipoffs = tipoffs() - tipoffs_before;
    assert!(new_tipoffs <= 4, "{new_tipoffs} tip-offs in 15 minutes");
    let same: i64 = store
        .conn()
        .query_row("SELECT count(*) - count(DISTINCT description) FROM tipoff", [], |r| r.get(0))
        .expect("distinct");
    assert_eq!(same, 0, "no two tip-offs say the same");
}

#[test]
fn the_demo_units_carry_their_sectors_risk() {
    let demo = common::demo_copy();
    let store = common::open(&demo.path);
    // A petrol station, a fireworks shop, a gas station, a smelter, a mine: never low risk.
    let low_high_hazard: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM unit WHERE risk_level = 'low' AND sector IN
               ('hazardous_chemicals', 'fireworks', 'gas', 'metallurgy', 'non_coal_mine')",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(low_high_hazard, 0);
    let petrol: Vec<String> = store
        .conn()
        .prepare("SELECT risk_level FROM unit WHERE name LIKE '%加油站%'")
        .expect("q")
        .query_map([], |r| r.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("collect");
    assert!(!petrol.is_empty() && petrol.iter().all(|r| r == "significant"), "{petrol:?}");
}

/// The district letter's mine measures are the district's (level = "district"): kept with the
/// plan, never on the street office's quarter; any coal-mine item left is marked not applicable.
#[test]
fn the_demo_street_office_does_not_own_coal_mine_work() {
    let demo = common::demo_copy();
    let store = common::open(&demo.path);
    let q = anjian::domain::calendar::Quarter::of(common::today());
    for plan in anjian::store::checklist::plans(store.conn()).expect("plans") {
        for item in anjian::store::checklist::items(store.conn(), plan.id, q).expect("items") {
            if item.title.contains("煤矿") {
                assert_eq!(item.status, anjian::domain::checklist::ItemStatus::NotApplicable, "{}", item.title);
            }
        }
    }
    let kept: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM plan_measure WHERE title LIKE '%煤矿%' AND level = 'district'", [], |r| {
            r.get(0)
        })
        .expect("kept");
    assert!(kept > 0, "the plans do name coal-mine measures, as the district's");
}

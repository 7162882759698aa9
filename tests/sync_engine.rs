//! The sync engine against the real fixture upstream on 127.0.0.1: a full round, conditional
//! GET, new alarms as upstream moves, every misbehaviour mode (nothing stored is lost, feed health
//! names the error, the next good round recovers), and region/area matching.

mod common;

use anjian::fixture::{self, Fixture, Mode, Upstream};
use anjian::store::Store;
use anjian::sync::engine::{Engine, FeedSpec, Outcome};
use anjian::sync::run;
use anjian::upstream::http::HttpConfig;
use std::time::Duration;

fn specs(f: &Fixture, http: HttpConfig) -> Vec<FeedSpec> {
    common::fixture_feeds(&f.base(), http)
}

fn quick() -> HttpConfig {
    common::quick_http(Duration::from_millis(1500), 4 * 1024 * 1024)
}

/// The feeds under test (the test demo also has the demo's own feeds, already synced).
const FEEDS: &str = "('weather', 'sensors')";

/// What upstream holds: CAP documents that make an alarm (not Cancel) and monitor raises.
fn upstream_expectation(f: &Fixture) -> (usize, usize) {
    let u = f.shared.upstream.lock().expect("upstream");
    let caps = u.caps.iter().filter(|d| !d.xml.contains("<msgType>Cancel</msgType>")).count();
    let raises = u.events.iter().filter(|e| e.json["cleared_at"].is_null()).count();
    (caps, raises)
}

fn stored(s: &Store) -> (usize, usize, usize) {
    let q = |sql: &str| s.conn().query_row(sql, [], |r| r.get::<_, i64>(0)).expect("count") as usize;
    (
        q("SELECT count(*) FROM alarm WHERE feed = 'weather'"),
        q("SELECT count(*) FROM alarm WHERE feed = 'sensors'"),
        q(
            "SELECT count(*) - count(DISTINCT dedup_key || '/' || first_seen) FROM alarm WHERE feed IN ('weather', 'sensors')",
        ),
    )
}

async fn fixture() -> Fixture {
    let up = Upstream::seeded(11, anjian::domain::time::now(), 10, 60);
    fixture::start("127.0.0.1:0".parse().expect("addr"), up, Mode::Ok, Duration::ZERO).await.expect("fixture")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_round_stores_exactly_what_upstream_holds_and_the_next_round_only_what_is_new() {
    let demo = common::demo_copy();
    let f = fixture().await;
    let engine = Engine::with_store(common::open(&demo.path), "test:1".into(), "zh");
    let specs = specs(&f, quick());
    let reports = run::once(&engine, &specs).await;
    assert!(reports.iter().all(|r| r.reached()), "{reports:?}");
    let check = common::open(&demo.path);
    let (caps, raises) = upstream_expectation(&f);
    assert_eq!(stored(&check), (caps, raises, 0));
    assert!(caps > 0 && raises > 0);

    // Nothing new upstream: the index answers 304 and the monitor page is empty.
    let again = run::once(&engine, &specs).await;
    assert_eq!(again[0].outcome, Outcome::NotModified, "{again:?}");
    assert_eq!(stored(&check), (caps, raises, 0));

    f.tick(40);
    let third = run::once(&engine, &specs).await;
    assert!(third.iter().all(|r| r.reached()), "{third:?}");
    let (caps, raises) = upstream_expectation(&f);
    assert_eq!(stored(&check), (caps, raises, 0), "new upstream items stored once each");

    // Linked documents are fetched once: a fourth round after one more warning fetches one document.
    let hits_before = f.shared.hits.lock().expect("hits").iter().filter(|p| p.ends_with(".xml")).count();
    f.tick(30);
    run::once(&engine, &specs).await;
    let hits_after = f.shared.hits.lock().expect("hits").iter().filter(|p| p.ends_with(".xml")).count();
    let linked_new = {
        let u = f.shared.upstream.lock().expect("up");
        u.caps.iter().filter(|d| !d.embedded).count()
    };
    assert!(hits_after - hits_before <= linked_new, "only documents not read before are fetched");
    let (caps, raises) = upstream_expectation(&f);
    assert_eq!(stored(&check), (caps, raises, 0));

    let health = anjian::store::feeds::health(check.conn()).expect("health");
    assert!(health.iter().all(|h| h.last_error.is_none() && h.last_success.is_some()), "{health:?}");
    assert_eq!(
        check.audit_verdict().ok().map(|v| matches!(v, anjian::store::audit::Verdict::Intact { .. })),
        Some(true)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_misbehaviour_fails_cleanly_keeps_what_was_stored_and_recovers() {
    let demo = common::demo_copy();
    let f = fixture().await;
    let engine = Engine::with_store(common::open(&demo.path), "test:1".into(), "zh");
    let specs = specs(&f, quick());
    run::once(&engine, &specs).await;
    let check = common::open(&demo.path);
    let before = stored(&check);
    let quarantined =
        |s: &Store| s.conn().query_row("SELECT count(*) FROM quarantine", [], |r| r.get::<_, i64>(0)).expect("q");
    for (mode, expect) in [
        (Mode::Error500, "HTTP 500"),
        (Mode::Timeout, "no answer within"),
        (Mode::Slow, "no answer within"),
        (Mode::Truncated, "broke off"),
        (Mode::Garbage, "index"),
        (Mode::Oversized, "larger than"),
    ] {
        f.set_mode(mode);
        f.tick(5);
        let q0 = quarantined(&check);
        let started = std::time::Instant::now();
        let reports = run::once(&engine, &specs).await;
        assert!(started.elapsed() < Duration::from_secs(20), "{mode:?} is bounded by the client's timeouts");
        for r in &reports {
            let Outcome::Failed(text) = &r.outcome else { panic!("{mode:?}: {r:?}") };
            if r.feed == "weather" || mode != Mode::Garbage {
                assert!(text.contains(expect), "{mode:?} {}: {text}", r.feed);
            }
        }
        assert_eq!(stored(&check), before, "{mode:?}: nothing stored is lost or added");
        let health = anjian::store::feeds::health(check.conn()).expect("health");
        let tested = health.iter().filter(|h| FEEDS.contains(&format!("'{}'", h.name)));
        assert!(tested.clone().count() == 2, "{health:?}");
        assert!(
            tested.into_iter().all(|h| h.last_error.as_deref().is_some_and(|e| !e.is_empty())),
            "{mode:?}: {health:?}"
        );
        if mode == Mode::Garbage {
            assert_eq!(quarantined(&check), q0 + 2, "the garbage index and the garbage page are quarantined");
        }
    }
    f.set_mode(Mode::Ok);
    let reports = run::once(&engine, &specs).await;
    assert!(reports.iter().all(|r| r.reached()), "{reports:?}");
    let (caps, raises) = upstream_expectation(&f);
    assert_eq!(stored(&check), (caps, raises, 0), "the first good round catches up exactly");
    let health = anjian::store::feeds::health(check.conn()).expect("health");
    assert!(health.iter().all(|h| h.last_error.is_none()), "{health:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alarms_are_placed_in_communities_and_grids() {
    let demo = common::demo_copy();
    let f = fixture().await;
    f.tick(60);
    let engine = Engine::with_store(common::open(&demo.path), "test:1".into(), "zh");
    run::once(&engine, &specs(&f, quick())).await;
    let s = common::open(&demo.path);
    let q = |sql: &str| s.conn().query_row(sql, [], |r| r.get::<_, i64>(0)).expect(sql);
    // Every monitor alarm names a demo unit, so it lands in that unit's grid (when it has one:
    // the demo keeps a dozen units not yet assigned to a grid).
    assert_eq!(q("SELECT count(*) FROM alarm WHERE feed = 'sensors' AND unit_id IS NULL"), 0);
    assert_eq!(
        q(
            "SELECT count(*) FROM alarm a JOIN unit w ON w.id = a.unit_id WHERE feed = 'sensors' AND w.grid_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM alarm_area x JOIN unit u ON u.grid_id = x.grid_id WHERE x.alarm_id = a.id AND u.id = a.unit_id)"
        ),
        0
    );
    // The fixture speaks China's CAP profile (GB/T 35965.1): every warning's identifier reads as
    // its sender's code, Beijing entry time and sequence.
    let keys: Vec<String> = s
        .conn()
        .prepare("SELECT dedup_key FROM alarm WHERE feed = 'weather'")
        .expect("q")
        .query_map([], |r| r.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("keys");
    assert!(!keys.is_empty());
    for key in &keys {
        let (sender, id) = key.split_once(',').expect("sender,identifier");
        let read = anjian::domain::warning_code::read_id(id).unwrap_or_else(|| panic!("not the profile: {key}"));
        assert_eq!((read.sender_code.as_str(), read.division.as_str()), (sender, "330110"), "{key}");
    }
    // A warning for the whole office (the street's code padded to 12 digits) covers all eight
    // communities; one for a community (its 12-digit code) that community; a circle covers units
    // near its centre.
    let one_community =
        q("SELECT count(*) FROM alarm WHERE feed = 'weather' AND (area LIKE '%社区' OR area LIKE '%村')");
    if one_community > 0 {
        assert_eq!(
            q(
                "SELECT max(n) FROM (SELECT count(*) n FROM alarm_area x JOIN alarm a ON a.id = x.alarm_id WHERE a.feed = 'weather' AND (a.area LIKE '%社区' OR a.area LIKE '%村') GROUP BY a.id)"
            ),
            1
        );
    }
    let office_wide = q("SELECT count(*) FROM alarm WHERE area = '云溪街道全域' AND feed = 'weather'");
    if office_wide > 0 {
        assert_eq!(
            q(
                "SELECT max(n) FROM (SELECT count(*) n FROM alarm_area x JOIN alarm a ON a.id = x.alarm_id WHERE a.area = '云溪街道全域' GROUP BY a.id)"
            ),
            8
        );
    }
    let circles = q("SELECT count(*) FROM alarm WHERE area LIKE '%周边 2 公里'");
    if circles > 0 {
        assert_eq!(
            q("SELECT count(*) FROM alarm WHERE area LIKE '%周边 2 公里' AND units_in_area = 0"),
            0,
            "the centre is a unit"
        );
    }
    assert!(office_wide + circles > 0 && one_community > 0, "the seeded upstream has area warnings of each kind");
}

/// At shutdown a round can be dropped while its lease request still waits on the blocking pool;
/// once the lease is given back for good, such a late request must not take it again (an SSH
/// station that hung up was seen leaving its lease held this way).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_round_after_the_shutdown_release_does_not_take_the_lease_again() {
    let demo = common::demo_copy();
    let f = fixture().await;
    let engine = Engine::with_store(common::open(&demo.path), "test:1".into(), "zh");
    let specs = specs(&f, quick());
    engine.register(&specs).await.expect("register");
    let client = anjian::upstream::http::Client::new(quick()).expect("client");
    let check = common::open(&demo.path);
    let lease = || -> Option<String> {
        check.conn().query_row("SELECT lease_owner FROM feed WHERE name = 'weather'", [], |r| r.get(0)).expect("feed")
    };
    engine.release_for_good("weather").await;
    let late = engine.sync_feed(&specs[0], &client).await;
    assert!(matches!(late.outcome, Outcome::HeldBy(_)), "{late:?}");
    assert_eq!(lease(), None, "the lease stays given back");
    // Another engine (the next process) takes it as usual.
    let next = Engine::with_store(common::open(&demo.path), "test:2".into(), "zh");
    assert!(next.sync_feed(&specs[0], &client).await.reached());
}

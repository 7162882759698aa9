//! Upstream shapes as real feeds publish them: an Atom entry that links both the event's web page
//! and its CAP document (the CAP document is read, the page never fetched); an entry whose first
//! link answers a web page and whose second is the CAP document (the second is read).

mod common;

use anjian::config::FeedKind;
use anjian::sync::engine::{Engine, FeedSpec};
use anjian::sync::run;
use std::sync::{Arc, Mutex};

use common::routes::cap_alert as cap;
use common::routes::cap_spec;

/// The keys of the alarms the feed "预警" stored, sorted.
fn stored_keys(db: &std::path::Path) -> Vec<String> {
    common::open(db)
        .conn()
        .prepare("SELECT dedup_key FROM alarm WHERE feed = '预警' ORDER BY dedup_key")
        .expect("q")
        .query_map([], |r| r.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("collect")
}

const PAGE: &str = "<!DOCTYPE html><html><head><title>预警详情</title></head><body>大风蓝色预警</body></html>";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_atom_entry_with_a_web_page_and_a_cap_link_is_read_from_the_cap_link() {
    let index = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>预警</title><id>urn:x</id><updated>2026-11-23T08:00:00+08:00</updated>
      <entry><id>urn:a1</id><title>大风 A1</title><updated>2026-11-23T08:00:00+08:00</updated>
        <link rel="alternate" type="text/html" href="/event/a1.html"/>
        <link rel="alternate" type="application/cap+xml" href="/cap/a1.xml"/></entry>
      <entry><id>urn:a2</id><title>大风 A2</title><updated>2026-11-23T08:00:00+08:00</updated>
        <link href="/page/a2"/><link rel="related" href="/doc/a2"/></entry>
    </feed>"#;
    let routes = Arc::new(Mutex::new(vec![
        ("/index.atom".to_string(), index.to_string()),
        ("/event/a1.html".to_string(), PAGE.to_string()),
        ("/cap/a1.xml".to_string(), cap("A1")),
        ("/page/a2".to_string(), PAGE.to_string()),
        ("/doc/a2".to_string(), cap("A2")),
    ]));
    let (addr, seen) = common::routes::serve("127.0.0.1:0", routes);
    let demo = common::demo_copy();
    let engine = Engine::with_store(common::open(&demo.path), "test:1".into(), "zh");
    let spec = cap_spec(addr);
    let r = run::once(&engine, &[spec]).await;
    assert!(r.iter().all(|r| r.reached()), "{r:?}");
    let s = common::open(&demo.path);
    let stored = stored_keys(&demo.path);
    assert_eq!(stored.len(), 2, "both alerts read: {stored:?}");
    assert!(stored.iter().any(|k| k.contains("A1")) && stored.iter().any(|k| k.contains("A2")), "{stored:?}");
    let quarantined: i64 = s
        .conn()
        .query_row("SELECT count(*) FROM quarantine WHERE feed = '预警'", [], |r| r.get(0))
        .expect("quarantine");
    assert_eq!(quarantined, 0, "no web page quarantined as a broken CAP document");
    let asked = seen.lock().expect("log").join("\n");
    assert!(!asked.contains("/event/a1.html"), "the typed web page is never fetched when a CAP link exists");
    assert!(asked.contains("/page/a2") && asked.contains("/doc/a2"), "the untyped page was tried, then the document");
}

/// `last_success` moves only when a round read everything it was after: an index that is an
/// error page, or a linked document that could not be fetched, leaves it where it was.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn last_success_is_written_only_by_a_round_that_succeeded() {
    let index = |n: u32| {
        format!(
            r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>预警</title><id>urn:x</id><updated>2026-11-23T08:00:00+08:00</updated>
          <entry><id>urn:b{n}</id><title>B{n}</title><updated>2026-11-23T08:00:00+08:00</updated>
            <link type="application/cap+xml" href="/cap/b{n}.xml"/></entry></feed>"#
        )
    };
    let routes =
        Arc::new(Mutex::new(vec![("/index.atom".to_string(), index(1)), ("/cap/b1.xml".to_string(), cap("B1"))]));
    let (addr, _) = common::routes::serve("127.0.0.1:0", routes.clone());
    let demo = common::demo_copy();
    let engine = Engine::with_store(common::open(&demo.path), "test:1".into(), "zh");
    let spec = cap_spec(addr);
    let health = || health(&demo.path);
    let r = run::once(&engine, std::slice::from_ref(&spec)).await;
    assert!(r[0].reached(), "{r:?}");
    let first = health().last_success.expect("a success");

    // The index is now an error page: the round fails and says so; the success stays the first.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    routes.lock().expect("routes")[0].1 = PAGE.to_string();
    run::once(&engine, std::slice::from_ref(&spec)).await;
    let h = health();
    assert!(h.last_error.is_some(), "{h:?}");
    assert_eq!(h.last_success.as_deref(), Some(first.as_str()), "a failed round is not a success");

    // A new entry whose document is missing (404): not a success either.
    routes.lock().expect("routes")[0].1 = index(2);
    run::once(&engine, std::slice::from_ref(&spec)).await;
    let h = health();
    assert!(h.last_error.as_deref().is_some_and(|e| e.contains("未能下载")), "{h:?}");
    assert_eq!(h.last_success.as_deref(), Some(first.as_str()));
}

/// An Open311 server whose services list fails (an HTML error page) still has its requests read;
/// the health says the list was not read, in words and with the page's title, not the page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_open311_server_without_a_services_list_still_gives_its_requests() {
    let Some(samples) = common::real_samples() else { return };
    let requests = std::fs::read_to_string(samples.join("open311/service_requests.xml")).expect("sample");
    let page = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>nginx</h1>\n<hr>long page</body></html>";
    let routes = Arc::new(Mutex::new(vec![
        ("/o/services.xml".to_string(), format!("STATUS 502 {page}")),
        ("/o/requests.xml".to_string(), requests),
    ]));
    let (addr, _) = common::routes::serve("127.0.0.1:0", routes);
    let demo = common::demo_copy();
    let engine = Engine::with_store(common::open(&demo.path), "test:1".into(), "zh");
    let spec = FeedSpec {
        name: "投诉平台".into(),
        kind: FeedKind::Open311,
        url: format!("http://{addr}/o"),
        interval: std::time::Duration::from_secs(60),
        http: anjian::upstream::http::HttpConfig { retries: 0, ..Default::default() },
        level_parameter: None,
        format: anjian::upstream::open311::Format::Xml,
        level_words: Vec::new(),
        strict: false,
        give_up_after: std::time::Duration::from_secs(86_400),
    };
    let r = run::once(&engine, &[spec]).await;
    assert!(r[0].reached(), "the round is not failed by the services list: {r:?}");
    let s = common::open(&demo.path);
    let n: i64 = s
        .conn()
        .query_row("SELECT count(*) FROM tipoff WHERE upstream_feed = '投诉平台'", [], |r| r.get(0))
        .expect("count");
    assert!(n > 0, "the requests were read");
    let h = anjian::store::feeds::health(s.conn())
        .expect("health")
        .into_iter()
        .find(|f| f.name == "投诉平台")
        .expect("feed");
    let note = h.last_error.expect("a note");
    assert!(note.contains("services list not read") && note.contains("502 Bad Gateway"), "{note}");
    assert!(!note.contains("<html") && !note.contains("nginx"), "no raw page: {note}");

    // Every time in Beijing time (the sample writes -08:00), and the export names the platform.
    let times: Vec<(String, Option<String>)> = s
        .conn()
        .prepare("SELECT received_at, upstream_updated FROM tipoff WHERE upstream_feed = '投诉平台'")
        .expect("q")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("collect");
    assert!(times.iter().any(|(_, u)| u.is_some()), "{times:?}");
    for (received, updated) in &times {
        assert!(received.ends_with("+08:00"), "{received}");
        assert!(updated.as_deref().is_none_or(|u| u.ends_with("+08:00")), "{updated:?}");
    }
    let mut csv = Vec::new();
    anjian::export::export_entity(
        &s,
        anjian::export::ExportEntity::Tipoffs,
        anjian::export::Format::Csv,
        anjian::i18n::Lang::En,
        &Default::default(),
        &mut csv,
    )
    .expect("export");
    let csv = String::from_utf8_lossy(&csv).to_string();
    let header = csv.lines().next().unwrap_or("").trim_start_matches('\u{feff}').to_string();
    assert!(header.starts_with("id,feed,upstream_id") && header.ends_with("upstream_updated"), "{header}");
    assert!(csv.lines().skip(1).any(|l| l.contains(",投诉平台,")), "{csv}");
}

#[test]
fn an_error_status_is_said_in_words() {
    use anjian::upstream::http::status_words;
    assert_eq!(
        status_words(502, "<html><head><title>502 Bad Gateway</title></head><body>…</body></html>"),
        " Bad Gateway"
    );
    assert_eq!(
        status_words(500, "<html><head><title>系统维护中</title></head></html>"),
        " Internal Server Error: 系统维护中"
    );
    assert_eq!(status_words(404, "<html><body>no title</body></html>"), " Not Found");
    assert_eq!(status_words(403, "token expired\nmore"), " Forbidden: token expired");
}

/// The feed "预警"'s health as `export feeds` and the Overview read it.
fn health(db: &std::path::Path) -> anjian::store::feeds::FeedHealth {
    let s = common::open(db);
    anjian::store::feeds::health(s.conn()).expect("health").into_iter().find(|f| f.name == "预警").expect("feed")
}

/// Lets the time pass that a pending document waits before its next try (its backoff), by moving
/// its next try into the past.
fn time_passes(db: &std::path::Path) {
    common::open(db)
        .conn()
        .execute("UPDATE feed_pending SET next_try = '2000-01-01T00:00:00+08:00'", [])
        .expect("next try");
}

fn one_entry_index(id: &str) -> String {
    format!(
        r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>预警</title><id>urn:x</id><updated>2026-11-23T08:00:00+08:00</updated>
      <entry><id>urn:{id}</id><title>{id}</title><updated>2026-11-23T08:00:00+08:00</updated>
        <link type="application/cap+xml" href="/cap/{id}.xml"/></entry></feed>"#
    )
}

/// A linked document that fails once is kept pending and fetched again on a later round although
/// the index is unchanged and answers 304: no alert is lost behind an unchanged index. It waits
/// for its backoff first (not fetched again on the very next round).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_document_that_failed_is_fetched_again_behind_an_unchanged_index() {
    let routes =
        Arc::new(Mutex::new(vec![("/index.atom".to_string(), format!("ETAG gen1 {}", one_entry_index("c1")))]));
    let (addr, seen) = common::routes::serve("127.0.0.1:0", routes.clone());
    let demo = common::demo_copy();
    let engine = Engine::with_store(common::open(&demo.path), "test:1".into(), "zh");
    let spec = cap_spec(addr);
    let asked_for = |path: &str| seen.lock().expect("log").iter().filter(|h| h.contains(path)).count();
    // Round 1: the document is not there yet (404). It is pending; the round is not a success.
    run::once(&engine, std::slice::from_ref(&spec)).await;
    assert_eq!(stored_keys(&demo.path).len(), 0);
    let h = health(&demo.path);
    assert_eq!((h.pending, h.given_up), (1, 0), "{h:?}");
    assert!(h.last_success.is_none() && h.last_error.as_deref().is_some_and(|e| e.contains("稍后重试")), "{h:?}");
    assert_eq!(asked_for("/cap/c1.xml"), 1);
    // The document appears. The next round comes before the backoff has passed: the index answers
    // 304 and the document waits.
    routes.lock().expect("routes").push(("/cap/c1.xml".to_string(), cap("C1")));
    run::once(&engine, std::slice::from_ref(&spec)).await;
    assert_eq!(asked_for("/cap/c1.xml"), 1, "not fetched again before its next try");
    // Its time comes: fetched again behind the same 304 index, and read.
    time_passes(&demo.path);
    run::once(&engine, std::slice::from_ref(&spec)).await;
    assert_eq!(stored_keys(&demo.path), ["qx@example,C1"], "the document was fetched again and read");
    let asked = seen.lock().expect("log").clone();
    let conditional =
        asked.iter().filter(|h| h.contains("/index.atom") && h.to_ascii_lowercase().contains("if-none-match")).count();
    assert!(conditional >= 2, "the index was remembered and answered 304: {asked:#?}");
    let h = health(&demo.path);
    assert_eq!((h.pending, h.given_up), (0, 0), "{h:?}");
    assert!(h.last_error.is_none() && h.last_success.is_some(), "{h:?}");
    // Nothing is fetched twice.
    time_passes(&demo.path);
    run::once(&engine, std::slice::from_ref(&spec)).await;
    assert_eq!(asked_for("/cap/c1.xml"), 2);
}

/// A document that keeps failing is given up once the feed's give-up age has passed, and feed
/// health counts it as given up (not pending); it is not fetched again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_document_failing_past_the_give_up_age_is_given_up_visibly() {
    let routes = Arc::new(Mutex::new(vec![
        ("/index.atom".to_string(), one_entry_index("d1")),
        ("/cap/d1.xml".to_string(), "STATUS 503 busy".to_string()),
    ]));
    let (addr, seen) = common::routes::serve("127.0.0.1:0", routes.clone());
    let demo = common::demo_copy();
    let engine = Engine::with_store(common::open(&demo.path), "test:1".into(), "zh");
    let spec = FeedSpec { give_up_after: std::time::Duration::from_secs(3600), ..cap_spec(addr) };
    let asked_for = |path: &str| seen.lock().expect("log").iter().filter(|h| h.contains(path)).count();
    run::once(&engine, std::slice::from_ref(&spec)).await;
    time_passes(&demo.path);
    run::once(&engine, std::slice::from_ref(&spec)).await;
    let h = health(&demo.path);
    assert_eq!((h.pending, h.given_up), (1, 0), "within the age it is retried: {h:?}");
    assert_eq!(asked_for("/cap/d1.xml"), 2);
    let attempts: i64 = common::open(&demo.path)
        .conn()
        .query_row("SELECT attempts FROM feed_pending", [], |r| r.get(0))
        .expect("attempts");
    assert_eq!(attempts, 2);
    // Two hours later (first seen moved back), the next failure gives it up.
    common::open(&demo.path)
        .conn()
        .execute("UPDATE feed_pending SET first_seen = '2000-01-01T00:00:00+08:00'", [])
        .expect("age");
    time_passes(&demo.path);
    run::once(&engine, std::slice::from_ref(&spec)).await;
    let h = health(&demo.path);
    assert_eq!((h.pending, h.given_up), (0, 1), "{h:?}");
    assert!(h.last_error.as_deref().is_some_and(|e| e.contains("连续 1 小时未能下载，已放弃")), "{h:?}");
    time_passes(&demo.path);
    run::once(&engine, std::slice::from_ref(&spec)).await;
    assert_eq!(asked_for("/cap/d1.xml"), 3, "a given-up document is not fetched again");
    assert_eq!(health(&demo.path).given_up, 1, "and stays counted");
}

/// A CAP document that departs from the schema (a foreign element inside <area>, elements out of
/// order) is read with "不合规：…" on the alarm and counted in feed health; a strict feed refuses it
/// into the quarantine instead.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_non_conforming_document_is_marked_or_refused_by_a_strict_feed() {
    let odd = r#"<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2" xmlns:gd="urn:example:gd"><identifier>N1</identifier>
        <sender>qx@example</sender><sent>2026-11-23T08:00:00+08:00</sent><status>Actual</status><msgType>Alert</msgType>
        <scope>Public</scope><info><language>zh-CN</language><category>Met</category><urgency>Expected</urgency>
        <event>大风</event><severity>Moderate</severity><certainty>Likely</certainty><headline>大风蓝色预警 N1</headline>
        <parameter><valueName>预警颜色</valueName><value>紫色</value></parameter>
        <area><areaDesc>云溪街道</areaDesc><gd:village>石门村</gd:village></area></info></alert>"#;
    for strict in [false, true] {
        let routes = Arc::new(Mutex::new(vec![
            ("/index.atom".to_string(), one_entry_index("n1")),
            ("/cap/n1.xml".to_string(), odd.to_string()),
        ]));
        let (addr, _) = common::routes::serve("127.0.0.1:0", routes);
        let demo = common::demo_copy();
        let engine = Engine::with_store(common::open(&demo.path), "test:1".into(), "zh");
        let spec = FeedSpec { strict, level_parameter: Some("预警颜色".into()), ..cap_spec(addr) };
        run::once(&engine, std::slice::from_ref(&spec)).await;
        let s = common::open(&demo.path);
        let h = health(&demo.path);
        if strict {
            assert!(stored_keys(&demo.path).is_empty(), "refused");
            let error: String = s
                .conn()
                .query_row("SELECT error FROM quarantine WHERE feed = '预警'", [], |r| r.get(0))
                .expect("quarantined");
            assert!(error.contains("不合规") && error.contains("<village>"), "{error}");
            assert_eq!((h.quarantined, h.nonconforming), (1, 0), "{h:?}");
        } else {
            let description: String = s
                .conn()
                .query_row("SELECT description FROM alarm WHERE feed = '预警'", [], |r| r.get(0))
                .expect("stored");
            assert!(
                description.contains("【不合规：alert/info[1]：<event> 应在 <urgency> 之前（次序不合规范）；alert/info[1]/area[1]：含 CAP 规范以外的元素 <village>"),
                "{description}"
            );
            assert!(description.starts_with("【级别“紫色”无法识别"), "{description}");
            assert_eq!((h.quarantined, h.nonconforming, h.level_unread), (0, 1, 1), "{h:?}");
        }
    }
}

/// A CAP alert delivered inside an EDXL-DE distribution is read, each alert it carries on its own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edxl_distribution_with_two_alerts_gives_two_alarms() {
    let strip = |x: String| x.replace("<?xml version=\"1.0\"?>", "");
    let distribution = format!(
        r#"<EDXLDistribution xmlns="urn:oasis:names:tc:emergency:EDXL:DE:1.0"><distributionID>D1</distributionID>
        <senderID>qx@example</senderID><dateTimeSent>2026-11-23T08:00:00+08:00</dateTimeSent>
        <distributionStatus>Actual</distributionStatus><distributionType>Report</distributionType>
        <contentObject><xmlContent><embeddedXMLContent>{}</embeddedXMLContent></xmlContent></contentObject>
        <contentObject><xmlContent><embeddedXMLContent>{}</embeddedXMLContent></xmlContent></contentObject>
        </EDXLDistribution>"#,
        strip(cap("D1A")),
        strip(cap("D1B"))
    );
    let index = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>预警</title><id>urn:x</id><updated>2026-11-23T08:00:00+08:00</updated>
      <entry><id>urn:d1</id><title>D1</title><updated>2026-11-23T08:00:00+08:00</updated>
        <link type="application/xml" href="/de/d1.xml"/></entry></feed>"#;
    let routes = Arc::new(Mutex::new(vec![
        ("/index.atom".to_string(), index.to_string()),
        ("/de/d1.xml".to_string(), distribution),
    ]));
    let (addr, _) = common::routes::serve("127.0.0.1:0", routes);
    let demo = common::demo_copy();
    let engine = Engine::with_store(common::open(&demo.path), "test:1".into(), "zh");
    let spec = cap_spec(addr);
    let r = run::once(&engine, &[spec]).await;
    assert!(r[0].reached(), "{r:?}");
    let s = common::open(&demo.path);
    let keys = stored_keys(&demo.path);
    assert!(keys.len() == 2 && keys[0].contains("D1A") && keys[1].contains("D1B"), "{keys:?}");
    let quarantined: i64 =
        s.conn().query_row("SELECT count(*) FROM quarantine WHERE feed = '预警'", [], |r| r.get(0)).expect("q");
    assert_eq!(quarantined, 0);
}

/// China's CAP profile (GB/T 35965.1): an alert identified `ZZZZZZDDDUUUXX_YYYYMMDDhhmmss_N` whose
/// area is a 12-digit village/community code applies to that community alone; the street's code
/// padded to 12 digits covers all its communities; an alert naming no area applies to the
/// sender's own division (here the county, so the whole office).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_china_profile_alert_is_matched_by_its_division_codes() {
    let doc = |id: &str, area: &str| {
        format!(
            r#"<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>{id}</identifier><sender>33011040100000</sender>
            <sent>2026-11-23T08:05:10+08:00</sent><status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
            <info><language>zh-CN</language><category>Met</category><event>大风</event><urgency>Expected</urgency>
            <severity>Moderate</severity><certainty>Likely</certainty><senderName>区气象台</senderName>
            <headline>大风蓝色预警</headline>{area}</info></alert>"#
        )
    };
    let geocode = |code: &str| {
        format!(
            "<area><areaDesc>范围</areaDesc><geocode><valueName>行政区划代码</valueName><value>{code}</value></geocode></area>"
        )
    };
    let ids = ["33011040100000_20261123080510_0", "33011040100000_20261123080510_1", "33011040100000_20261123080510_2"];
    let index = format!(
        r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>预警</title><id>urn:x</id><updated>2026-11-23T08:00:00+08:00</updated>{}</feed>"#,
        ids.iter()
            .map(|id| format!(
                r#"<entry><id>urn:{id}</id><title>{id}</title><updated>2026-11-23T08:05:10+08:00</updated><link type="application/cap+xml" href="/cap/{id}.xml"/></entry>"#
            ))
            .collect::<String>()
    );
    let routes = Arc::new(Mutex::new(vec![
        ("/index.atom".to_string(), index),
        (format!("/cap/{}.xml", ids[0]), doc(ids[0], &geocode("330110004003"))),
        (format!("/cap/{}.xml", ids[1]), doc(ids[1], &geocode("330110004000"))),
        (format!("/cap/{}.xml", ids[2]), doc(ids[2], "")),
    ]));
    let (addr, _) = common::routes::serve("127.0.0.1:0", routes);
    let demo = common::demo_copy();
    let engine = Engine::with_store(common::open(&demo.path), "test:1".into(), "zh");
    run::once(&engine, &[cap_spec(addr)]).await;
    let s = common::open(&demo.path);
    let communities = |id: &str| -> Vec<String> {
        s.conn()
            .prepare(
                "SELECT c.region_code FROM alarm a JOIN alarm_area aa ON aa.alarm_id = a.id
                 JOIN community c ON c.id = aa.community_id WHERE a.dedup_key = ?1 ORDER BY c.region_code",
            )
            .expect("q")
            .query_map([format!("33011040100000,{id}")], |r| r.get(0))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("collect")
    };
    let all: i64 = s.conn().query_row("SELECT count(*) FROM community", [], |r| r.get(0)).expect("n");
    assert_eq!(communities(ids[0]), ["330110004003"], "the 12-digit code is one community");
    assert_eq!(communities(ids[1]).len() as i64, all, "the street's padded code is every community");
    assert_eq!(communities(ids[2]).len() as i64, all, "no area: the sender's county, which holds the office");
}

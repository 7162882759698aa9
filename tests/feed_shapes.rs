//! Upstream shapes as real feeds publish them: an Atom entry that links both the event's web page
//! and its CAP document (the CAP document is read, the page never fetched); an entry whose first
//! link answers a web page and whose second is the CAP document (the second is read).

mod common;

use anjian::config::FeedKind;
use anjian::sync::engine::{Engine, FeedSpec};
use anjian::sync::run;
use std::sync::{Arc, Mutex};

use common::routes::cap_alert as cap;

/// The CAP feed "预警" at `addr`'s /index.atom, without retries.
fn cap_spec(addr: std::net::SocketAddr) -> FeedSpec {
    FeedSpec {
        name: "预警".into(),
        kind: FeedKind::Cap,
        url: format!("http://{addr}/index.atom"),
        interval: std::time::Duration::from_secs(60),
        http: anjian::upstream::http::HttpConfig { retries: 0, ..Default::default() },
        level_parameter: None,
        format: Default::default(),
    }
}

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
    let health = || {
        let s = common::open(&demo.path);
        anjian::store::feeds::health(s.conn()).expect("health").into_iter().find(|f| f.name == "预警").expect("feed")
    };
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
    assert!(h.last_error.as_deref().is_some_and(|e| e.contains("could not be fetched")), "{h:?}");
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

/// A linked document that fails once is fetched again on a later round even though the index has
/// not changed and would answer 304: no alert is lost behind an unchanged index.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_document_that_failed_is_fetched_again_behind_an_unchanged_index() {
    let index = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>预警</title><id>urn:x</id><updated>2026-11-23T08:00:00+08:00</updated>
      <entry><id>urn:c1</id><title>C1</title><updated>2026-11-23T08:00:00+08:00</updated>
        <link type="application/cap+xml" href="/cap/c1.xml"/></entry></feed>"#;
    let routes = Arc::new(Mutex::new(vec![("/index.atom".to_string(), format!("ETAG gen1 {index}"))]));
    let (addr, seen) = common::routes::serve("127.0.0.1:0", routes.clone());
    let demo = common::demo_copy();
    let engine = Engine::with_store(common::open(&demo.path), "test:1".into(), "zh");
    let spec = cap_spec(addr);
    let stored = || -> i64 {
        common::open(&demo.path)
            .conn()
            .query_row("SELECT count(*) FROM alarm WHERE feed = '预警'", [], |r| r.get(0))
            .expect("count")
    };
    // Round 1: the document is not there yet (404).
    run::once(&engine, std::slice::from_ref(&spec)).await;
    assert_eq!(stored(), 0);
    // The document appears; the index is the same (it would answer 304 to its tag).
    routes.lock().expect("routes").push(("/cap/c1.xml".to_string(), cap("C1")));
    run::once(&engine, std::slice::from_ref(&spec)).await;
    assert_eq!(stored(), 1, "the document was fetched again and read");
    // Round 3: everything read, the index is now remembered and answers 304.
    run::once(&engine, std::slice::from_ref(&spec)).await;
    run::once(&engine, std::slice::from_ref(&spec)).await;
    let asked = seen.lock().expect("log").clone();
    let conditional = asked.iter().filter(|h| h.to_ascii_lowercase().contains("if-none-match")).count();
    assert!(conditional >= 1, "once read, the index is asked for conditionally: {asked:#?}");
    assert_eq!(stored(), 1);
    let s = common::open(&demo.path);
    let h =
        anjian::store::feeds::health(s.conn()).expect("health").into_iter().find(|f| f.name == "预警").expect("feed");
    assert!(h.last_error.is_none() && h.last_success.is_some(), "{h:?}");
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

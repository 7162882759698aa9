//! A CAP index is stored while it is read (`sync::cap_index`): its embedded alerts go into the
//! round's transaction in parts before the index has been read to its end. What a person relies
//! on stays as it was: an index that turns out unreadable at its end stores nothing of what came
//! before the fault; an index whose linked documents fail stores its embedded alerts, and the feed
//! is not called successful until the documents are read.

mod common;

use anjian::sync::engine::Engine;
use anjian::sync::run;
use std::sync::{Arc, Mutex};

use common::routes::cap_alert as cap;
use common::routes::cap_spec as spec;

/// `n` entries each embedding its alert: more than the first parts the reading sends, so some
/// are written before the index ends.
fn embedded_entries(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                r#"<entry><id>urn:e{i}</id><title>E{i}</title><updated>2026-11-23T08:00:00+08:00</updated>
                <content type="application/cap+xml">{}</content></entry>"#,
                cap(&format!("E{i}"))
            )
        })
        .collect()
}

fn index(entries: &str, tail: &str) -> String {
    format!(
        r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>预警</title><id>urn:x</id><updated>2026-11-23T08:00:00+08:00</updated>{entries}{tail}</feed>"#
    )
}

/// (alarms, entries read, quarantined answers) of the feed "预警".
fn counts(db: &std::path::Path) -> (i64, i64, i64) {
    let s = common::open(db);
    let n = |sql: &str| s.conn().query_row(sql, [], |r| r.get::<_, i64>(0)).expect(sql);
    (
        n("SELECT count(*) FROM alarm WHERE feed = '预警'"),
        n("SELECT count(*) FROM feed_entry WHERE feed = '预警'"),
        n("SELECT count(*) FROM quarantine WHERE feed = '预警'"),
    )
}

fn health(db: &std::path::Path) -> anjian::store::feeds::FeedHealth {
    let s = common::open(db);
    anjian::store::feeds::health(s.conn()).expect("health").into_iter().find(|f| f.name == "预警").expect("feed")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_index_unreadable_at_its_end_stores_nothing_of_what_came_before() {
    let entries = embedded_entries(700);
    // Well-formed for 700 entries, then an element left open: the fault is found at the end.
    let broken = index(&entries, "<entry><id>urn:z</id>");
    let routes = Arc::new(Mutex::new(vec![("/index.atom".to_string(), broken)]));
    let (addr, _) = common::routes::serve("127.0.0.1:0", routes.clone());
    let demo = common::demo_copy();
    let engine = Engine::with_store(common::open(&demo.path), "test:1".into(), "zh");
    let r = run::once(&engine, &[spec(addr)]).await;
    assert!(!r[0].reached(), "an unreadable index fails its round: {r:?}");
    assert_eq!(counts(&demo.path), (0, 0, 1), "no alarm and no entry kept; the index quarantined");
    let h = health(&demo.path);
    assert!(h.last_success.is_none() && h.last_error.as_deref().is_some_and(|e| e.contains("index")), "{h:?}");

    // Mended, the same entries are all read, each once.
    routes.lock().expect("routes")[0].1 = index(&entries, "");
    let r = run::once(&engine, &[spec(addr)]).await;
    assert!(r[0].reached(), "{r:?}");
    assert_eq!(counts(&demo.path), (700, 700, 1));
    let h = health(&demo.path);
    assert!(h.last_success.is_some() && h.last_error.is_none(), "{h:?}");
    let s = common::open(&demo.path);
    let ingests: i64 = s
        .conn()
        .query_row("SELECT count(*) FROM audit_log WHERE action = 'feed.ingest' AND record = '预警'", [], |r| {
            r.get(0)
        })
        .expect("audit");
    assert_eq!(ingests, 2, "the quarantined round and the read one, each one audited batch");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn embedded_alerts_are_kept_when_a_linked_document_fails_and_the_feed_succeeds_only_with_it() {
    let linked = r#"<entry><id>urn:l1</id><title>L1</title><updated>2026-11-23T08:00:00+08:00</updated>
        <link type="application/cap+xml" href="/cap/l1.xml"/></entry>"#;
    let routes = Arc::new(Mutex::new(vec![(
        "/index.atom".to_string(),
        format!("ETAG g1 {}", index(&embedded_entries(300), linked)),
    )]));
    let (addr, seen) = common::routes::serve("127.0.0.1:0", routes.clone());
    let demo = common::demo_copy();
    let engine = Engine::with_store(common::open(&demo.path), "test:1".into(), "zh");
    // The document is not there yet (404): the embedded alerts are stored, the document waits.
    run::once(&engine, &[spec(addr)]).await;
    assert_eq!(counts(&demo.path), (300, 301, 0), "the 300 embedded alarms and every entry read");
    let h = health(&demo.path);
    assert_eq!(h.pending, 1, "{h:?}");
    assert!(h.last_success.is_none(), "not a success while a document is missing: {h:?}");

    // It appears; the index answers 304 (its validators were kept) and the document is read.
    routes.lock().expect("routes").push(("/cap/l1.xml".to_string(), cap("L1")));
    retry_now(&demo.path);
    let r = run::once(&engine, &[spec(addr)]).await;
    assert!(r[0].reached(), "{r:?}");
    assert_eq!(counts(&demo.path).0, 301);
    let h = health(&demo.path);
    assert!(h.pending == 0 && h.last_success.is_some() && h.last_error.is_none(), "{h:?}");
    let conditional = seen
        .lock()
        .expect("log")
        .iter()
        .filter(|h| h.contains("/index.atom") && h.to_ascii_lowercase().contains("if-none-match"))
        .count();
    assert_eq!(conditional, 1, "the second round asked with the first's validators");
}

/// A round whose index has nothing new but a document to retry writes one transaction, not an
/// empty one for the index and another for the document.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retry_behind_an_index_with_nothing_new_is_one_audited_batch() {
    let linked = r#"<entry><id>urn:l1</id><title>L1</title><updated>2026-11-23T08:00:00+08:00</updated>
        <link type="application/cap+xml" href="/cap/l1.xml"/></entry>"#;
    // No validators: the index answers in full every round.
    let routes = Arc::new(Mutex::new(vec![("/index.atom".to_string(), index("", linked))]));
    let (addr, _) = common::routes::serve("127.0.0.1:0", routes);
    let demo = common::demo_copy();
    let engine = Engine::with_store(common::open(&demo.path), "test:1".into(), "zh");
    for _ in 0..3 {
        run::once(&engine, &[spec(addr)]).await;
        retry_now(&demo.path);
    }
    assert_eq!(ingests(&demo.path), 3, "one batch a round");
    assert_eq!(health(&demo.path).pending, 1);
}

/// A round dropped while its documents are fetched (`sync --watch` stopping) leaves the index's
/// part stored and the feed's error as it was: a feed whose document keeps failing does not
/// look well because its last round was cut short.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_round_dropped_after_its_index_keeps_the_feeds_error() {
    let linked = r#"<entry><id>urn:l1</id><title>L1</title><updated>2026-11-23T08:00:00+08:00</updated>
        <link type="application/cap+xml" href="/cap/l1.xml"/></entry>"#;
    let routes = Arc::new(Mutex::new(vec![("/index.atom".to_string(), index(&embedded_entries(2), linked))]));
    let (addr, _) = common::routes::serve("127.0.0.1:0", routes.clone());
    let demo = common::demo_copy();
    let engine = Engine::with_store(common::open(&demo.path), "test:1".into(), "zh");
    run::once(&engine, &[spec(addr)]).await;
    let failed = health(&demo.path).last_error.expect("the missing document is the feed's error");
    // A new embedded alert, and the document answering only after the round is dropped.
    routes.lock().expect("routes")[0].1 = index(&embedded_entries(3), linked);
    routes.lock().expect("routes").push(("/cap/l1.xml".to_string(), format!("SLOW 3000 {}", cap("L1"))));
    retry_now(&demo.path);
    let cut = tokio::time::timeout(std::time::Duration::from_millis(1500), run::once(&engine, &[spec(addr)])).await;
    assert!(cut.is_err(), "the round was still fetching the document");
    assert_eq!(counts(&demo.path).0, 3, "the index's part was stored");
    let h = health(&demo.path);
    assert_eq!(h.last_error.as_deref(), Some(failed.as_str()), "{h:?}");
    assert!(h.last_success.is_none(), "{h:?}");
}

/// Lets a pending document's backoff pass.
fn retry_now(db: &std::path::Path) {
    common::open(db)
        .conn()
        .execute("UPDATE feed_pending SET next_try = '2000-01-01T00:00:00+08:00'", [])
        .expect("next try");
}

fn ingests(db: &std::path::Path) -> i64 {
    common::open(db)
        .conn()
        .query_row("SELECT count(*) FROM audit_log WHERE action = 'feed.ingest' AND record = '预警'", [], |r| {
            r.get(0)
        })
        .expect("audit")
}

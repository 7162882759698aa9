//! Upstream faults beyond the server's own errors, each against the real sync engine and a real
//! socket on 127.0.0.1: a refused connection, TLS spoken to a plain server, a connection reset in
//! the middle of the body, 10 MB of garbage, an HTML sign-in page where a feed was expected and a
//! redirect loop. Each round fails within the client's time limits, feed health says in words what
//! happened, nothing stored is lost, and the next good round catches up.

mod common;

use anjian::fixture::{self, Fixture, Mode, Upstream};
use anjian::store::Store;
use anjian::sync::engine::{Engine, FeedSpec, Outcome};
use anjian::sync::run;
use std::time::Duration;

fn specs(base: &str) -> Vec<FeedSpec> {
    common::fixture_feeds(base, common::quick_http(Duration::from_secs(5), 16 * 1024 * 1024))
}

fn stored(s: &Store) -> (i64, i64) {
    s.conn()
        .query_row(
            "SELECT (SELECT count(*) FROM alarm WHERE feed IN ('weather', 'sensors')), (SELECT count(*) FROM audit_log)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("counts")
}

fn last_errors(s: &Store) -> Vec<(String, String)> {
    anjian::store::feeds::health(s.conn())
        .expect("health")
        .into_iter()
        .filter(|h| h.name == "weather" || h.name == "sensors")
        .map(|h| (h.name, h.last_error.unwrap_or_default()))
        .collect()
}

/// Answers whatever arrives with a plain-HTTP 400, the way a web server's HTTP port answers a TLS
/// handshake.
fn plain_http_server() -> std::net::SocketAddr {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        for mut s in listener.incoming().flatten() {
            let mut buf = [0u8; 512];
            let _ = s.read(&mut buf);
            let _ = s.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        }
    });
    addr
}

async fn round_fails_with(engine: &Engine, check: &Store, specs: &[FeedSpec], fault: &str, words: &str) {
    let before = stored(check);
    let started = std::time::Instant::now();
    let reports = run::once(engine, specs).await;
    assert!(started.elapsed() < Duration::from_secs(30), "{fault}: bounded by the client's limits");
    for r in &reports {
        let Outcome::Failed(text) = &r.outcome else { panic!("{fault}: {r:?}") };
        assert!(text.contains(words), "{fault} {}: {text}", r.feed);
    }
    let errors: Vec<_> =
        last_errors(check).into_iter().filter(|(feed, _)| specs.iter().any(|s| &s.name == feed)).collect();
    assert_eq!(errors.len(), specs.len(), "{fault}: {errors:?}");
    for (feed, e) in errors {
        assert!(e.contains(words), "{fault}: feed health of {feed} says {e:?}");
    }
    assert_eq!(stored(check).0, before.0, "{fault}: no alarm lost or added");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fault_is_explained_in_feed_health_and_loses_nothing() {
    let demo = common::demo_copy();
    let up = Upstream::seeded(11, anjian::domain::time::now(), 10, 60);
    let f: Fixture =
        fixture::start("127.0.0.1:0".parse().expect("addr"), up, Mode::Ok, Duration::ZERO).await.expect("fixture");
    let engine = Engine::with_store(common::open(&demo.path), "test:1".into(), "zh");
    let check = common::open(&demo.path);
    let good = specs(&f.base());
    run::once(&engine, &good).await;
    let first = stored(&check).0;
    assert!(first > 0, "the first round stores the fixture's alarms");

    // Nothing listens: a port taken and given back.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr");
    round_fails_with(&engine, &check, &specs(&format!("http://{closed}")), "refused", "cannot connect").await;
    // TLS spoken to a server that answers in plain HTTP (as a web server's plain port does).
    let tls = specs(&format!("https://{}", plain_http_server()));
    round_fails_with(&engine, &check, &tls, "tls", "secure connection failed (TLS)").await;

    f.tick(5);
    for (mode, words) in [
        (Mode::Reset, "broke off"),
        (Mode::Flood, "not JSON"),
        (Mode::WebPage, "web page (text/html"),
        (Mode::RedirectLoop, "redirected more than 5 times"),
    ] {
        f.set_mode(mode);
        // The CAP index and the monitor page fail in their own words for the flood; check each.
        if mode == Mode::Flood {
            round_fails_with(&engine, &check, &good[..1], "flood (cap)", "index:").await;
            round_fails_with(&engine, &check, &good[1..], "flood (monitor)", "not JSON").await;
            let (largest, note): (i64, String) = check
                .conn()
                .query_row("SELECT length(raw), error FROM quarantine ORDER BY length(raw) DESC LIMIT 1", [], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .expect("quarantined");
            assert_eq!(largest as usize, anjian::store::alarms::QUARANTINE_KEEP, "10 MB of garbage is kept in part");
            assert!(note.contains("of 10485760 bytes kept"), "{note}");
            continue;
        }
        round_fails_with(&engine, &check, &good, &format!("{mode:?}"), words).await;
    }
    f.set_mode(Mode::Ok);
    let reports = run::once(&engine, &good).await;
    assert!(reports.iter().all(|r| r.reached()), "{reports:?}");
    assert!(stored(&check).0 > first, "the good round after the faults stores what upstream added meanwhile");
    assert!(last_errors(&check).iter().all(|(_, e)| e.is_empty()), "{:?}", last_errors(&check));

    // An upstream whose clock runs three hours ahead: its items are stored as sent, and feed
    // health says how far ahead they were dated; once it is back in step, the note goes.
    let ahead = |s: &Store| -> Vec<Option<i64>> {
        anjian::store::feeds::health(s.conn())
            .expect("health")
            .into_iter()
            .filter(|h| h.name == "weather" || h.name == "sensors")
            .map(|h| h.ahead_seconds)
            .collect()
    };
    let before = stored(&check).0;
    {
        let mut u = f.shared.upstream.lock().expect("upstream");
        for _ in 0..20 {
            u.tick(anjian::domain::time::now() + chrono::Duration::hours(3));
        }
    }
    run::once(&engine, &good).await;
    assert!(stored(&check).0 > before, "items from a clock that runs ahead are still stored");
    for a in ahead(&check) {
        assert!(a.is_some_and(|s| (3 * 3600 - 120..=3 * 3600 + 120).contains(&s)), "{:?}", ahead(&check));
    }
    f.tick(20);
    run::once(&engine, &good).await;
    assert_eq!(ahead(&check), [None, None], "back in step");
}

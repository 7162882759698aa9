//! A hostile CAP index on loopback, fetched by the real `anjian sync` with a bearer token: its
//! entries link to the feed's own origin, to another origin on the same host (allowed by
//! `allow_hosts`), to an internal address (127.0.0.2) and to a redirect that leads there. The
//! token reaches the feed's own origin only; the other origin is fetched without it; the internal
//! address is never contacted, and feed health says why.

mod common;

use common::routes::serve;
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use common::routes::cap_alert as cap;

/// `anjian sync --once` on the database `office.db` in `dir`, with `config` as its config file and
/// `env` added to its environment.
fn sync_once(dir: &std::path::Path, config: &str, env: &[(&str, &str)]) -> std::process::Output {
    let path = dir.join("config.toml");
    std::fs::write(&path, config).expect("config");
    std::process::Command::new(common::bin())
        .arg("--db")
        .arg(dir.join("office.db"))
        .arg("--config")
        .arg(&path)
        .args(["sync", "--once"])
        .envs(env.iter().copied())
        .output()
        .expect("sync")
}

fn authorization(head: &str) -> Option<String> {
    head.lines().find(|l| l.to_ascii_lowercase().starts_with("authorization:")).map(str::to_string)
}

#[test]
fn a_token_only_to_its_own_origin_and_no_internal_address_reached() {
    // 127.0.0.2 is loopback on Linux, and an "internal address" like any other.
    let internal_routes =
        Arc::new(Mutex::new(vec![("/doc/3.xml".into(), cap("C3")), ("/doc/4.xml".into(), cap("C4"))]));
    let Ok(probe) = TcpListener::bind("127.0.0.2:0") else {
        eprintln!("SKIPPED: 127.0.0.2 cannot be bound here");
        return;
    };
    drop(probe);
    let (internal, internal_seen) = serve("127.0.0.2:0", internal_routes);
    let other_routes = Arc::new(Mutex::new(vec![("/doc/2.xml".into(), cap("B2"))]));
    let (other, other_seen) = serve("127.0.0.1:0", other_routes);
    let own_routes = Arc::new(Mutex::new(Vec::new()));
    let (own, own_seen) = serve("127.0.0.1:0", own_routes.clone());
    let entry = |id: &str, href: &str| {
        format!(
            "<entry><id>{id}</id><title>{id}</title><updated>2026-11-23T08:00:00+08:00</updated>\
             <link rel=\"alternate\" href=\"{href}\"/></entry>"
        )
    };
    let index = format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>warnings</title>{}{}{}{}</feed>",
        entry("e1", "/doc/1.xml"),
        entry("e2", &format!("http://{other}/doc/2.xml")),
        entry("e3", &format!("http://{internal}/doc/3.xml")),
        entry("e4", "/jump"),
    );
    own_routes.lock().expect("routes").extend([
        ("/index.atom".to_string(), index),
        ("/doc/1.xml".to_string(), cap("A1")),
        ("/jump".to_string(), format!("REDIRECT http://{internal}/doc/4.xml")),
    ]);

    let dir = common::private_dir();
    let db = dir.path().join("office.db");
    // One sync of the feed at `own` with a token, `allow_hosts` as given.
    let sync = |allow: &str| {
        sync_once(
            dir.path(),
            &format!(
                "[[feeds]]\nname = \"气象\"\nkind = \"cap\"\nurl = \"http://{own}/index.atom\"\ntoken_env = \"WX_TOKEN\"\n\
                 allow_hosts = [{allow}]\n"
            ),
            &[("WX_TOKEN", "s3cr3t-token")],
        )
    };
    let out = sync("\"127.0.0.1\"");
    let said = String::from_utf8_lossy(&out.stdout).to_string();

    // The feed's own origin got the token, for the index and its own document.
    let own_heads = own_seen.lock().expect("log").clone();
    assert!(own_heads.iter().any(|h| h.starts_with("GET /index.atom")), "{own_heads:?}");
    assert!(
        own_heads.iter().filter(|h| h.starts_with("GET /index.atom") || h.starts_with("GET /doc/1.xml")).all(|h| {
            authorization(h).is_some_and(|a| a.eq_ignore_ascii_case("authorization: bearer s3cr3t-token"))
        }),
        "{own_heads:?}"
    );
    // The other origin (another port) was fetched, without the token.
    let other_heads = other_seen.lock().expect("log").clone();
    assert_eq!(other_heads.len(), 1, "{other_heads:?}");
    assert!(authorization(&other_heads[0]).is_none(), "the token went to another origin: {}", other_heads[0]);
    // The internal address was never contacted, by link or by redirect.
    assert!(internal_seen.lock().expect("log").is_empty(), "{:?}", internal_seen.lock().expect("log"));

    // Two alarms stored (A1, B2); the health says why the others were not fetched.
    let c = rusqlite::Connection::open(&db).expect("db");
    let n: i64 = c.query_row("SELECT count(*) FROM alarm", [], |r| r.get(0)).expect("alarms");
    assert_eq!(n, 2, "{said}");
    let health = std::process::Command::new(common::bin())
        .arg("--db")
        .arg(&db)
        .args(["export", "feeds", "--format", "json"])
        .output()
        .expect("export");
    let health = String::from_utf8_lossy(&health.stdout).to_string();
    assert!(health.contains("2 份关联文档未能下载"), "{health}");
    assert!(health.contains("127.0.0.2") && health.contains("not fetched"), "{health}");

    // With the internal host in allow_hosts it is still refused: it is not the feed's own host.
    c.execute("DELETE FROM feed_entry", []).expect("read the entries again");
    let out = sync("\"127.0.0.1\", \"127.0.0.2\"");
    // The index was read: the round counts as reached, the refused links as document failures.
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(internal_seen.lock().expect("log").is_empty(), "an allowed internal host was contacted");
    let last: String =
        c.query_row("SELECT last_error FROM feed WHERE name = '气象'", [], |r| r.get(0)).expect("health");
    assert!(last.contains("internal address"), "{last}");
}

#[test]
fn a_token_over_plain_http_off_this_machine_is_a_config_error() {
    let dir = common::private_dir();
    let out = sync_once(
        dir.path(),
        "[[feeds]]\nname = \"监测\"\nkind = \"monitor\"\nurl = \"http://monitor.example.cn/alarms\"\ntoken_env = \"T\"\n",
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 1") && err.contains("a token is sent only over https"), "{err}");
}

/// A feed with `proxy` set is fetched through that proxy (an office behind one), and the proxy
/// variables of the environment are not what decides it.
#[test]
fn a_feed_goes_through_its_own_proxy() {
    let routes = Arc::new(Mutex::new(Vec::new()));
    let (proxy, proxy_seen) = serve("127.0.0.1:0", routes.clone());
    // The proxy is asked for the absolute URL; it answers for it like the upstream would.
    routes.lock().expect("routes").push((
        "http://warnings.example.invalid/alarms".to_string(),
        r#"{"next_cursor": "1", "alarms": []}"#.to_string(),
    ));
    let dir = common::private_dir();
    let out = sync_once(
        dir.path(),
        &format!(
            "[[feeds]]\nname = \"监测\"\nkind = \"monitor\"\nurl = \"http://warnings.example.invalid/alarms\"\n\
             proxy = \"http://{proxy}\"\n"
        ),
        &[("HTTP_PROXY", "http://127.0.0.1:9"), ("http_proxy", "http://127.0.0.1:9")],
    );
    let seen = proxy_seen.lock().expect("log").clone();
    assert!(seen.iter().any(|h| h.starts_with("GET http://warnings.example.invalid/alarms")), "{seen:?}");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));

    let out = sync_once(
        dir.path(),
        "[[feeds]]\nname = \"监测\"\nkind = \"monitor\"\nurl = \"http://x/a\"\nproxy = \"not a url\"\n",
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("proxy \"not a url\" is not a proxy address"));
}

//! `anjian sync` and `anjian fixture-server` as processes: exit status and summary, exports of
//! alarms and feeds, the lease between two processes, and SIGKILL in the middle of a sync.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn config(dir: &Path, base: &str, extra: &str) -> std::path::PathBuf {
    let p = dir.join("config.toml");
    let text = format!(
        "[[feeds]]\nname = \"weather\"\nkind = \"cap\"\nurl = \"{base}/cap/index.atom\"\ninterval = \"1s\"\n\n\
         [[feeds]]\nname = \"sensors\"\nkind = \"monitor\"\nurl = \"{base}/monitor/alarms\"\ninterval = \"1s\"\n{extra}"
    );
    std::fs::write(&p, text).expect("config");
    p
}

fn anjian(db: &Path, cfg: &Path, args: &[&str]) -> std::process::Output {
    Command::new(common::bin())
        .arg("--db")
        .arg(db)
        .arg("--config")
        .arg(cfg)
        .args(["--lang", "en"])
        .args(args)
        .env_remove("ANJIAN_DB")
        .output()
        .expect("anjian runs")
}

#[test]
fn sync_once_then_export_alarms_and_feeds() {
    let demo = common::demo_copy();
    let server = common::fixture_server("ok");
    let cfg = config(demo.dir.path(), &server.base, "");
    let out = anjian(&demo.path, &cfg, &["sync", "--once"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.lines().last().is_some_and(|l| l.starts_with("sync: 2 feed(s) reached, 0 failed;")), "{stdout}");

    let out = anjian(&demo.path, &cfg, &["export", "alarms", "--format", "json"]);
    let alarms: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let list = alarms.as_array().expect("array");
    assert!(list.len() > 20, "{}", list.len());
    let keys: Vec<&str> = list[0].as_object().expect("object").keys().map(String::as_str).collect();
    let mut want = vec![
        "dedup_key",
        "feed",
        "level",
        "status",
        "headline",
        "event",
        "language",
        "sent",
        "expires",
        "unit_uscc",
        "count",
    ];
    want.sort();
    let mut got = keys.clone();
    got.sort();
    assert_eq!(got, want);
    assert!(list.iter().all(|a| ["red", "orange", "yellow", "blue"].contains(&a["level"].as_str().unwrap_or(""))));
    assert!(list.iter().any(|a| a["feed"] == "sensors" && a["unit_uscc"].is_string()));
    assert!(
        list.iter().any(|a| a["feed"] == "weather" && a["language"] == "en-US"),
        "the office's language (en) block is picked"
    );

    let out = anjian(&demo.path, &cfg, &["export", "alarms", "--format", "csv"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.trim_start_matches('\u{feff}')
            .starts_with("dedup_key,feed,level,status,headline,event,language,sent,expires,unit_uscc,count")
    );

    let out = anjian(&demo.path, &cfg, &["export", "feeds", "--format", "json"]);
    let feeds: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let names: Vec<&str> = feeds.as_array().expect("array").iter().filter_map(|f| f["name"].as_str()).collect();
    // The test demo comes with the demo's own two feeds already synced.
    assert_eq!(names, ["sensors", "weather", "在线监测", "气象预警"]);
    for f in feeds.as_array().expect("array") {
        let mut k: Vec<&str> = f.as_object().expect("obj").keys().map(String::as_str).collect();
        k.sort();
        assert_eq!(
            k,
            [
                "ahead_seconds",
                "given_up",
                "items",
                "kind",
                "last_attempt",
                "last_error",
                "last_success",
                "level_unread",
                "name",
                "nonconforming",
                "pending",
                "quarantined"
            ]
        );
        assert_eq!((f["pending"].as_i64(), f["given_up"].as_i64()), (Some(0), Some(0)));
        assert!(f["last_error"].is_null() && f["last_success"].is_string() && f["items"].as_i64() > Some(0));
        assert!(f["ahead_seconds"].is_null(), "the fixture's clock is this machine's");
    }

    // A feed that cannot be reached: exit status 1, the other feeds still synced.
    let refused = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr")
    };
    let cfg = config(
        demo.dir.path(),
        &server.base,
        &format!("\n[[feeds]]\nname = \"down\"\nkind = \"monitor\"\nurl = \"http://{refused}/alarms\"\n"),
    );
    let out = anjian(&demo.path, &cfg, &["sync", "--once"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("down: FAILED: ") && stdout.contains("cannot connect"), "{stdout}");
    assert!(stdout.contains("sync: 2 feed(s) reached, 1 failed"), "{stdout}");
}

#[test]
fn a_second_process_leaves_a_leased_feed_to_the_first() {
    let demo = common::demo_copy();
    let server = common::fixture_server("ok");
    let cfg = config(demo.dir.path(), &server.base, "");
    let mut watcher = Command::new(common::bin())
        .arg("--db")
        .arg(&demo.path)
        .arg("--config")
        .arg(&cfg)
        .args(["--lang", "en", "sync", "--watch"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("watch");
    let mut lines = BufReader::new(watcher.stdout.take().expect("stdout")).lines();
    // Its first two rounds are done once both feeds printed a line.
    let first: Vec<String> = (0..2).filter_map(|_| lines.next().and_then(Result::ok)).collect();
    assert_eq!(first.len(), 2, "{first:?}");
    let out = anjian(&demo.path, &cfg, &["sync", "--once"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "a feed fetched by another process counts as reached: {stdout}");
    assert_eq!(stdout.matches(": fetched by ").count(), 2, "{stdout}");
    let hits_before = common::control(&server.base, "/control/state");
    assert!(hits_before.contains("monitor_events"));

    // Interrupted, the watcher gives its leases back; the next one-off run fetches by itself.
    let _ = Command::new("kill").args(["-INT", &watcher.id().to_string()]).status();
    let deadline = Instant::now() + Duration::from_secs(10);
    while watcher.try_wait().ok().flatten().is_none() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(watcher.try_wait().ok().flatten().is_some(), "sync --watch stops on SIGINT");
    let out = anjian(&demo.path, &cfg, &["sync", "--once"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.matches(": fetched by ").count(), 0, "{stdout}");
}

#[test]
fn killing_sync_mid_batch_neither_loses_nor_duplicates_an_alarm() {
    let iterations: u64 = std::env::var("ANJIAN_KILL_LOOPS").ok().and_then(|s| s.parse().ok()).unwrap_or(40);
    let demo = common::demo_copy();
    let server = common::fixture_server("ok");
    let cfg = config(demo.dir.path(), &server.base, "");
    let mut killed_mid = 0;
    let mut progress = Vec::new();
    let count = |p: &Path| -> i64 {
        common::open(p)
            .conn()
            .query_row("SELECT count(*) FROM alarm WHERE feed IN ('weather', 'sensors')", [], |r| r.get(0))
            .expect("count")
    };
    for i in 0..iterations {
        // Upstream keeps moving between runs, so every run has work to be killed in.
        common::control(&server.base, "/control/tick?n=400");
        let mut child = Command::new(common::bin())
            .arg("--db")
            .arg(&demo.path)
            .arg("--config")
            .arg(&cfg)
            .args(["--lang", "en", "sync", "--once"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("sync");
        std::thread::sleep(Duration::from_millis(5 + (i * 37) % 120));
        if child.try_wait().ok().flatten().is_none() {
            killed_mid += 1;
        }
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        progress.push(count(&demo.path));
    }
    // Killed holders leave their leases behind; the next run sees their processes are gone.
    let s = common::open(&demo.path);
    let out = anjian(&demo.path, &cfg, &["sync", "--once"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));

    let state: serde_json::Value =
        serde_json::from_str(&common::control(&server.base, "/control/state")).expect("state");
    let q = |sql: &str| s.conn().query_row(sql, [], |r| r.get::<_, i64>(0)).expect(sql);
    let expected_cap = state["alarming_cap"].as_i64().expect("cap count");
    let expected_monitor = state["monitor_raises"].as_i64().expect("raises");
    assert_eq!(q("SELECT count(*) FROM alarm WHERE feed = 'weather'"), expected_cap);
    assert_eq!(q("SELECT count(*) FROM alarm WHERE feed = 'sensors'"), expected_monitor);
    assert_eq!(q("SELECT count(*) - count(DISTINCT dedup_key) FROM alarm WHERE feed = 'sensors'"), 0);
    let ok: String = s.conn().query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("integrity");
    assert_eq!(ok, "ok");
    assert!(matches!(s.audit_verdict(), Ok(anjian::store::audit::Verdict::Intact { .. })));
    eprintln!("kill loop: {iterations} runs, {killed_mid} killed while running; alarms after each: {progress:?}");
    assert!(killed_mid > 0, "at least one run was killed mid-way");
    assert!(progress.windows(2).any(|w| w[1] > w[0]), "some killed runs had committed batches: {progress:?}");
    assert!(
        progress.last() < Some(&q("SELECT count(*) FROM alarm WHERE feed IN ('weather', 'sensors')")),
        "the last killed run left work undone"
    );
}

#[test]
fn killing_an_open311_sync_loses_no_tip_off_and_duplicates_none() {
    let demo = common::demo_copy();
    let server = common::fixture_server("ok");
    let cfg = demo.dir.path().join("open311.toml");
    std::fs::write(
        &cfg,
        format!(
            "[[feeds]]\nname = \"12345平台\"\nkind = \"open311\"\nurl = \"{}/open311/v2\"\nformat = \"xml\"\n",
            server.base
        ),
    )
    .expect("config");
    let mut killed = 0;
    for i in 0..8u64 {
        common::control(&server.base, "/control/complaints?n=200");
        let mut child = Command::new(common::bin())
            .arg("--db")
            .arg(&demo.path)
            .arg("--config")
            .arg(&cfg)
            .args(["sync", "--once"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("sync");
        std::thread::sleep(Duration::from_millis(10 + (i * 29) % 90));
        if child.try_wait().ok().flatten().is_none() {
            killed += 1;
        }
        let _ = child.kill();
        let _ = child.wait();
    }
    let out = anjian(&demo.path, &cfg, &["sync", "--once"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let state: serde_json::Value =
        serde_json::from_str(&common::control(&server.base, "/control/state")).expect("state");
    let since = anjian::domain::time::stamp(anjian::domain::time::now() - chrono::Duration::days(89));
    let s = common::open(&demo.path);
    let stored: std::collections::HashMap<String, String> = s
        .conn()
        .prepare("SELECT upstream_id, upstream_status FROM tipoff WHERE upstream_feed = '12345平台'")
        .expect("q")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("collect");
    let mut checked = 0;
    for r in state["open311"].as_array().expect("list") {
        let (id, status, requested) =
            (r[0].as_str().unwrap_or(""), r[1].as_str().unwrap_or(""), r[2].as_str().unwrap_or(""));
        if requested >= since.as_str() {
            assert_eq!(stored.get(id).map(String::as_str), Some(status), "request {id}");
            checked += 1;
        }
    }
    let dupes: i64 = s
        .conn()
        .query_row(
            "SELECT count(*) - count(DISTINCT upstream_id) FROM tipoff WHERE upstream_feed = '12345平台'",
            [],
            |r| r.get(0),
        )
        .expect("dupes");
    assert_eq!(dupes, 0);
    let ok: String = s.conn().query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("integrity");
    assert_eq!(ok, "ok");
    eprintln!("open311 kill loop: 8 runs, {killed} killed while running; {checked} requests checked");
    assert!(checked > 1000 && killed > 0);
}

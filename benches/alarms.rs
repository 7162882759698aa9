//! Alarm feeds and the Alarms screen at scale. Run: `cargo bench --bench alarms`.
//!
//! 1. Ingest through the whole sync path (loopback fixture → HTTP → parse → store, in pages with
//!    cursor, dedup, area placement and audit), compared in the same run with a bare rusqlite
//!    insert of the same rows into the same schema.
//! 2. The peer: one Atom feed of 5,000 entries with embedded CAP, served on loopback, ingested by
//!    `anjian sync --once` and by newsboat (`newsboat -x reload`) into fresh SQLite caches.
//! 3. The Alarms screen with 1,000,000 alarms stored (criterion).

use anjian::config::FeedKind;
use anjian::domain::RiskLevel;
use anjian::fixture::{self, Mode, Upstream};
use anjian::store::Store;
use anjian::store::alarms::{self, Incoming};
use anjian::sync::engine::{Engine, FeedSpec};
use anjian::upstream::http::HttpConfig;
mod common;

use common::app;
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::crossterm::event::KeyCode;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const INGEST_ALARMS: usize = 20_000;
const PEER_ENTRIES: usize = 5_000;
const SCREEN_ALARMS: usize = 1_000_000;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime")
}

/// The demo office (its units are what monitor alarms name), copied fresh for a run.
fn fresh_demo(dir: &Path) -> PathBuf {
    let path = dir.join("office.db");
    let template = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-alarms").join("demo-template.db");
    if !template.exists() {
        std::fs::create_dir_all(template.parent().expect("dir")).expect("dir");
        let (store, _) = anjian::demo::open(&template).expect("demo");
        store.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").expect("checkpoint");
    }
    std::fs::copy(&template, &path).expect("copy");
    path
}

fn spec(name: &str, kind: FeedKind, url: String) -> FeedSpec {
    FeedSpec {
        name: name.into(),
        kind,
        url,
        interval: Duration::from_secs(60),
        http: HttpConfig { total_timeout: Duration::from_secs(120), ..HttpConfig::default() },
        level_parameter: None,
        format: Default::default(),
    }
}

fn ingest_comparison() {
    let rt = rt();
    let up = Upstream::seeded(3, anjian::domain::time::now(), 0, INGEST_ALARMS);
    let rows: Vec<Incoming> = {
        let page = anjian::upstream::monitor::parse(up.page(None, usize::MAX).to_string().as_bytes()).expect("page");
        page.alarms
            .into_iter()
            .filter_map(|(a, _)| a.ok())
            .map(|a| anjian::sync::incoming::from_monitor("m", &a))
            .collect()
    };
    // The rows the store ends with: one per raise (a clear updates its row).
    let events = rows.len();
    let rows: Vec<Incoming> = rows.into_iter().filter(|a| a.kind == alarms::Kind::Alert).collect();
    let f = rt
        .block_on(fixture::start("127.0.0.1:0".parse().expect("addr"), up, Mode::Ok, Duration::ZERO))
        .expect("fixture");
    let (mut whole, mut bare) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        let dir = tempfile::tempdir().expect("tmp");
        let db = fresh_demo(dir.path());
        let engine = Engine::with_store(Store::open(&db).expect("open"), "bench:1".into(), "zh");
        let s = spec("m", FeedKind::Monitor, format!("{}/monitor/alarms", f.base()));
        let t = Instant::now();
        let reports = rt.block_on(anjian::sync::run::once(&engine, &[s]));
        whole.push(t.elapsed());
        assert!(reports.iter().all(|r| r.reached()), "{reports:?}");

        let dir = tempfile::tempdir().expect("tmp");
        let db = fresh_demo(dir.path());
        let mut store = Store::open(&db).expect("open");
        let t = Instant::now();
        store
            .write("bench", |w| {
                let mut stmt = w.tx.prepare(
                    "INSERT INTO alarm (dedup_key, feed, source, msg_status, level, status, headline, event, sent,
                                        unit_id, first_seen, last_seen)
                     VALUES (?1, 'm', 'monitor', 'Actual', ?2, 'new', ?3, ?4, ?5,
                             (SELECT id FROM unit WHERE uscc = ?6), ?5, ?5)",
                )?;
                for a in &rows {
                    stmt.execute(rusqlite::params![
                        a.dedup_key,
                        a.level.code(),
                        a.headline,
                        a.event,
                        a.sent,
                        a.unit_uscc
                    ])?;
                }
                Ok(())
            })
            .expect("bare insert");
        bare.push(t.elapsed());
    }
    let (w, b) = (median(whole), median(bare));
    let n = rows.len() as f64;
    eprintln!(
        "ingest {events} monitor events ({} alarms): whole sync path {:.0} ms ({:.0} alarms/s); bare rusqlite insert {:.0} ms ({:.0} rows/s); ratio {:.1}x",
        rows.len(),
        w.as_secs_f64() * 1e3,
        n / w.as_secs_f64(),
        b.as_secs_f64() * 1e3,
        n / b.as_secs_f64(),
        w.as_secs_f64() / b.as_secs_f64()
    );
}

fn peer_comparison() {
    let rt = rt();
    let mut up = Upstream::seeded(5, anjian::domain::time::now(), PEER_ENTRIES, 0);
    up.embed_all();
    let bytes = up.atom("http://127.0.0.1").len();
    let f = rt
        .block_on(fixture::start("127.0.0.1:0".parse().expect("addr"), up, Mode::Ok, Duration::ZERO))
        .expect("fixture");
    let url = format!("{}/cap/index.atom", f.base());
    let mut ours = Vec::new();
    for _ in 0..5 {
        let dir = tempfile::tempdir().expect("tmp");
        let db = dir.path().join("a.db");
        drop(Store::open(&db).expect("create"));
        let cfg = dir.path().join("c.toml");
        std::fs::write(&cfg, format!("[[feeds]]\nname = \"cap\"\nkind = \"cap\"\nurl = \"{url}\"\n")).expect("cfg");
        let t = Instant::now();
        let out = Command::new(env!("CARGO_BIN_EXE_anjian"))
            .arg("--db")
            .arg(&db)
            .arg("--config")
            .arg(&cfg)
            .args(["sync", "--once"])
            .output()
            .expect("anjian");
        ours.push(t.elapsed());
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
        let n: i64 = rusqlite::Connection::open(&db)
            .expect("open")
            .query_row("SELECT count(*) FROM alarm", [], |r| r.get(0))
            .expect("count");
        assert_eq!(n as usize, PEER_ENTRIES);
    }
    let ours = median(ours);
    eprintln!(
        "peer: Atom feed of {PEER_ENTRIES} entries with embedded CAP ({:.1} MB): anjian sync --once {:.0} ms",
        bytes as f64 / 1e6,
        ours.as_secs_f64() * 1e3
    );
    if Command::new("newsboat").arg("-v").output().is_err() {
        eprintln!("SKIPPED: newsboat is not installed (apt-get install newsboat); no peer figure");
        return;
    }
    let mut theirs = Vec::new();
    for _ in 0..5 {
        let dir = tempfile::tempdir().expect("tmp");
        let urls = dir.path().join("urls");
        std::fs::write(&urls, format!("{url}\n")).expect("urls");
        let conf = dir.path().join("config");
        std::fs::write(&conf, "").expect("config");
        let cache = dir.path().join("cache.db");
        let t = Instant::now();
        let out = Command::new("newsboat")
            .args(["-x", "reload", "-u"])
            .arg(&urls)
            .arg("-c")
            .arg(&cache)
            .arg("-C")
            .arg(&conf)
            .env("HOME", dir.path())
            .output()
            .expect("newsboat");
        theirs.push(t.elapsed());
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let n: i64 = rusqlite::Connection::open(&cache)
            .expect("open")
            .query_row("SELECT count(*) FROM rss_item", [], |r| r.get(0))
            .expect("count");
        assert_eq!(n as usize, PEER_ENTRIES, "newsboat stored every entry");
    }
    let theirs = median(theirs);
    eprintln!(
        "peer: newsboat -x reload {:.0} ms; anjian/newsboat = {:.2}",
        theirs.as_secs_f64() * 1e3,
        ours.as_secs_f64() / theirs.as_secs_f64()
    );
}

/// The demo office with a million monitor alarms over three years, most long resolved.
fn million() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-alarms");
    let path = dir.join(format!("alarms-{SCREEN_ALARMS}-v2.db"));
    if path.exists() {
        return path;
    }
    std::fs::create_dir_all(&dir).expect("dir");
    let tmp = dir.join("building.db");
    let _ = std::fs::remove_file(&tmp);
    let _ = std::fs::remove_file(dir.join("building.db-wal"));
    let started = Instant::now();
    let (mut store, _) = anjian::demo::open(&tmp).expect("demo");
    let sites = fixture::upstream::demo_sites();
    let mut rng = anjian::generate::Rng::new(42);
    let now = anjian::domain::time::now();
    let kinds = ["可燃气体浓度超限", "粉尘浓度超限", "电气线路温度异常", "剩余电流超限"];
    let mut batch = Vec::with_capacity(10_000);
    for i in 0..SCREEN_ALARMS {
        // Spread over three years, oldest first.
        let minutes = ((SCREEN_ALARMS - i) as i64) * 3 * 365 * 24 * 60 / SCREEN_ALARMS as i64;
        let site = &sites[rng.below(sites.len())];
        let a = anjian::upstream::monitor::MonitorAlarm {
            id: format!("B{i:07}"),
            uscc: site.uscc.clone(),
            kind: kinds[rng.below(kinds.len())].into(),
            level: RiskLevel::ALL[rng.below(4)],
            value: Some(30.0),
            threshold: Some(25.0),
            unit: Some("%LEL".into()),
            raised_at: now - chrono::Duration::minutes(minutes),
            cleared_at: None,
            message: None,
        };
        batch.push(anjian::sync::incoming::from_monitor("在线监测", &a));
        if batch.len() == 10_000 || i + 1 == SCREEN_ALARMS {
            store
                .write("bench", |w| {
                    alarms::ensure_feed(w, "在线监测", "monitor", "bench")?;
                    alarms::ingest(w, "在线监测", &batch, &[], None).map(|_| ())
                })
                .expect("ingest");
            batch.clear();
        }
    }
    // All but the last few hundred were resolved long ago.
    store
        .conn()
        .execute(
            "UPDATE alarm SET status = 'resolved', closed_at = sent WHERE id <= (SELECT max(id) - 300 FROM alarm)",
            [],
        )
        .expect("close old");
    store.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;").expect("checkpoint");
    drop(store);
    std::fs::rename(&tmp, &path).expect("rename");
    eprintln!("{SCREEN_ALARMS} alarms stored in {:.1?}", started.elapsed());
    path
}

fn bench(c: &mut Criterion) {
    ingest_comparison();
    peer_comparison();
    let path = million();
    let mut g = c.benchmark_group("alarms_screen_1m");
    g.sample_size(10);
    g.bench_function("open_alarms_screen_and_draw", |b| {
        b.iter(|| {
            let mut h = app(&path);
            h.key(KeyCode::Char('6'));
            h.render().area.width
        })
    });
    let mut h = app(&path);
    h.key(KeyCode::Char('6'));
    g.bench_function("draw_alarms_frame", |b| b.iter(|| h.render().area.width));
    g.bench_function("scroll_step_and_draw", |b| {
        let mut n = 0;
        b.iter(|| {
            n += 1;
            h.key(if n % 60 < 30 { KeyCode::Char('j') } else { KeyCode::Char('k') });
            h.render().area.width
        })
    });
    // All statuses: a count over the million and the newest page.
    g.bench_function("status_all_and_draw", |b| {
        b.iter(|| {
            h.key(KeyCode::Char('f'));
            let w = h.render().area.width;
            h.key(KeyCode::Char('f')).key(KeyCode::Char('f'));
            w
        })
    });
    g.bench_function("page_down_all_statuses_and_draw", |b| {
        h.key(KeyCode::Char('f'));
        b.iter(|| {
            h.key(KeyCode::PageDown);
            h.render().area.width
        })
    });
    g.bench_function("level_filter_and_draw", |b| {
        b.iter(|| {
            h.key(KeyCode::Char('c'));
            h.render().area.width
        })
    });
    g.bench_function("group_toggle_and_draw", |b| {
        b.iter(|| {
            h.key(KeyCode::Char('z'));
            h.render().area.width
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Alarm feeds and the Alarms screen at scale. Run: `cargo bench --bench alarms`.
//!
//! 1. Ingest through the whole sync path (loopback fixture → HTTP → parse → store, in pages with
//!    cursor, dedup, area placement and audit), compared in the same run with a bare rusqlite
//!    insert of the same rows into the same schema.
//! 2. The peer: one Atom feed of 5,000 entries with embedded CAP, served on loopback, ingested by
//!    `anjian sync --once` and by newsboat (`newsboat -x reload`) into fresh SQLite caches.
//! 3. The Alarms screen with 1,000,000 alarms stored (criterion).

use anjian::domain::RiskLevel;
use anjian::fixture;
use anjian::store::alarms;
mod common;
#[path = "scale/ingest.rs"]
mod ingest;

use common::app;
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::crossterm::event::KeyCode;
use std::path::{Path, PathBuf};
use std::time::Instant;

const SCREEN_ALARMS: usize = 1_000_000;

/// Prints the two comparisons the way the closing notes quote them.
fn comparisons() {
    let i = ingest::ingest_comparison();
    let n = i.alarms as f64;
    eprintln!(
        "ingest {} monitor events ({} alarms): whole sync path {:.0} ms ({:.0} alarms/s); bare rusqlite insert {:.0} ms ({:.0} rows/s), {} to a statement {:.0} ms; ratio {:.1}x",
        i.events,
        i.alarms,
        i.whole.as_secs_f64() * 1e3,
        n / i.whole.as_secs_f64(),
        i.bare.as_secs_f64() * 1e3,
        n / i.bare.as_secs_f64(),
        ingest::CHUNK,
        i.bare_chunked.as_secs_f64() * 1e3,
        i.whole.as_secs_f64() / i.bare.as_secs_f64()
    );
    let p = ingest::peer_comparison();
    eprintln!(
        "peer: Atom feed of {} entries with embedded CAP ({:.1} MB): anjian sync --once {:.0} ms",
        p.entries,
        p.bytes as f64 / 1e6,
        p.ours.as_secs_f64() * 1e3
    );
    eprintln!(
        "peer: the same alarms inserted bare, {} to a statement, into the same schema {:.0} ms",
        ingest::CHUNK,
        p.floor.as_secs_f64() * 1e3
    );
    eprintln!(
        "peer: the store opened, the feed fetched, that insert, the store closed (no reading) {:.0} ms",
        p.bound.as_secs_f64() * 1e3
    );
    if let Some(t) = p.theirs {
        eprintln!(
            "peer: newsboat -x reload {:.0} ms; anjian/newsboat = {:.2}",
            t.as_secs_f64() * 1e3,
            p.ours.as_secs_f64() / t.as_secs_f64()
        );
    }
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
    common::clear_building(&tmp);
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
    common::put_in_place(&tmp, &path);
    eprintln!("{SCREEN_ALARMS} alarms stored in {:.1?}", started.elapsed());
    path
}

fn bench(c: &mut Criterion) {
    comparisons();
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

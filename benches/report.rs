//! Compiling a quarter's report on a district-sized office: 20,000 units, 50,000 hazards, 20,000
//! tip-offs and 1,000,000 alarms over three years, every built-in plan loaded with part of the
//! quarter's checklist worked. Run: `cargo bench --bench report`.
//!
//! Units, grids and their inspection history come through the real import path; the bulk of
//! hazards, tip-offs and alarms is inserted directly (the report reads them, it does not care how
//! they arrived), spread over three years up to today.

use anjian::domain::calendar::Quarter;
use anjian::i18n::Lang;
use anjian::import::{Entity, import_sheet, sheet};
use anjian::report::export::Format;
use anjian::store::Store;
use criterion::{Criterion, criterion_group, criterion_main};
use std::path::{Path, PathBuf};
use std::time::Instant;

const UNITS: usize = 20_000;
const HAZARDS: usize = 50_000;
const TIPOFFS: usize = 20_000;
const ALARMS: usize = 1_000_000;
const DAYS: i64 = 3 * 365;

fn office() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-report");
    let path = dir.join(format!("district-{UNITS}-{HAZARDS}-{TIPOFFS}-{ALARMS}-v1.db"));
    if path.exists() {
        return path;
    }
    std::fs::create_dir_all(&dir).expect("dir");
    let tmp = dir.join("building.db");
    let _ = std::fs::remove_file(&tmp);
    let _ = std::fs::remove_file(dir.join("building.db-wal"));
    let started = Instant::now();
    let today = anjian::domain::time::today();
    let sheets = anjian::generate::generate(&anjian::generate::Shape::district(UNITS));
    let mut store = Store::open(&tmp).expect("open");
    for (entity, name, text) in [
        (Entity::Grids, "grids.csv", &sheets.grids),
        (Entity::Officers, "officers.csv", &sheets.officers),
        (Entity::Units, "units.csv", &sheets.units),
        (Entity::Teams, "teams.csv", &sheets.teams),
    ] {
        let s = sheet::read_csv(name, text.as_bytes()).expect("sheet");
        let report = import_sheet(&mut store, "bench", entity, &s, false).expect("import");
        assert!(report.ok(), "{}", report.render(Lang::En));
    }
    anjian::demo::load_history(&mut store, today, &sheets.inspections, &sheets.hazards).expect("history");
    let mut rng = anjian::generate::Rng::new(99);
    let day = |n: i64| (today - chrono::Duration::days(n)).to_string();
    store
        .write("bench", |w| {
            anjian::store::network::set_office(w, "基准区", "330106")?;
            let have: i64 = w.tx.query_row("SELECT count(*) FROM hazard", [], |r| r.get(0))?;
            let sources = ["self_inspection", "inspection", "tipoff", "alarm", "other"];
            let mut h = w.tx.prepare(
                "INSERT INTO hazard (unit_id, description, major, source, found_on, deadline, status, closed_on, supervised)
                 VALUES (?1, '安全出口堵塞', ?2, ?3, ?4, ?5, ?6, ?7, ?2)",
            )?;
            for _ in have as usize..HAZARDS {
                let found = rng.below(DAYS as usize) as i64;
                let span = 15 + rng.below(60) as i64;
                let closed = if found > 20 && rng.below(10) < 9 {
                    Some(day((found - 5 - rng.below((span + 10) as usize) as i64).max(0)))
                } else {
                    None
                };
                h.execute(rusqlite::params![
                    1 + rng.below(UNITS) as i64,
                    rng.below(50) == 0,
                    sources[rng.below(sources.len())],
                    day(found),
                    day(found - span),
                    if closed.is_some() { "closed" } else { "rectifying" },
                    closed,
                ])?;
            }
            let channels = ["hotline", "letter", "visit", "staff", "platform"];
            let mut t = w.tx.prepare(
                "INSERT INTO tipoff (channel, status, received_at, description, unit_id, accepted_on, verify_due,
                                     verified_on, substantiated, reply_due, replied_on, reward)
                 VALUES (?1, ?2, ?3 || 'T10:00:00+08:00', '举报内容', ?4, ?3, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?;
            for _ in 0..TIPOFFS {
                let recv = rng.below(DAYS as usize) as i64;
                let verified = (recv > 70).then(|| recv - 5 - rng.below(70) as i64);
                let replied = verified.filter(|v| *v > 12).map(|v| v - rng.below(12) as i64);
                let substantiated = verified.map(|_| rng.below(3) == 0);
                t.execute(rusqlite::params![
                    channels[rng.below(channels.len())],
                    if replied.is_some() { "replied" } else if verified.is_some() { "substantiated" } else { "verifying" },
                    day(recv),
                    1 + rng.below(UNITS) as i64,
                    day(recv - 60),
                    verified.map(day),
                    substantiated,
                    verified.map(|v| day(v - 10)),
                    replied.map(day),
                    substantiated.filter(|s| *s).map(|_| 3000.0),
                ])?;
            }
            let levels = ["red", "orange", "yellow", "blue"];
            let feeds = ["在线监测", "气象预警", "电力监测"];
            let statuses = ["resolved", "resolved", "resolved", "false_alarm", "acknowledged", "new"];
            let mut a = w.tx.prepare(
                "INSERT INTO alarm (dedup_key, feed, source, msg_status, level, status, headline, sent, unit_id,
                                    first_seen, last_seen, acked_at)
                 VALUES (?1, ?2, 'bench', 'Actual', ?3, ?4, '可燃气体浓度超限', ?5, ?6, ?5, ?5, ?7)",
            )?;
            let now = anjian::domain::time::now();
            for i in 0..ALARMS {
                let minutes = ((ALARMS - i) as i64) * DAYS * 24 * 60 / ALARMS as i64;
                let sent = now - chrono::Duration::minutes(minutes);
                let status = statuses[rng.below(statuses.len())];
                let acked = (status != "new").then(|| sent + chrono::Duration::minutes(1 + rng.below(90) as i64));
                a.execute(rusqlite::params![
                    format!("b{i}"),
                    feeds[rng.below(feeds.len())],
                    levels[rng.below(levels.len())],
                    status,
                    anjian::domain::time::stamp(sent),
                    1 + rng.below(UNITS) as i64,
                    acked.map(anjian::domain::time::stamp),
                ])?;
            }
            Ok(())
        })
        .expect("bulk");
    anjian::demo_plans::load(&mut store, today).expect("plans");
    store.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;").expect("checkpoint");
    drop(store);
    std::fs::rename(&tmp, &path).expect("rename");
    eprintln!("district office for the report built in {:.1?}", started.elapsed());
    path
}

fn bench(c: &mut Criterion) {
    let path = office();
    let store = Store::open(&path).expect("open");
    let today = anjian::domain::time::today();
    let quarter = Quarter::of(today);
    let counts: (i64, i64, i64, i64) = store
        .conn()
        .query_row(
            "SELECT (SELECT count(*) FROM unit), (SELECT count(*) FROM hazard), (SELECT count(*) FROM tipoff),
                    (SELECT count(*) FROM alarm)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .expect("counts");
    eprintln!("office: {} units, {} hazards, {} tip-offs, {} alarms", counts.0, counts.1, counts.2, counts.3);
    let report = anjian::report::compile(store.conn(), quarter, today, "bench", Lang::Zh).expect("compile");
    eprintln!(
        "{}: {} hazards found, {} tip-offs, {} alarms in the quarter",
        report.quarter, report.hazards.found, report.tipoffs.received, report.alarms.received
    );
    let mut g = c.benchmark_group("report_district");
    g.sample_size(10);
    g.bench_function("compile_quarter", |b| {
        b.iter(|| {
            anjian::report::compile(store.conn(), quarter, today, "bench", Lang::Zh).expect("compile").summary.units
        })
    });
    for f in Format::ALL {
        g.bench_function(format!("render_{}", f.ext()), |b| {
            b.iter(|| anjian::report::export::render(&report, f, Lang::Zh).expect("render").len())
        });
    }
    let mut store = store;
    let out = tempfile::tempdir().expect("tmp");
    g.bench_function("compile_and_write_all_three", |b| {
        b.iter(|| {
            let r = anjian::report::compile(store.conn(), quarter, today, "bench", Lang::Zh).expect("compile");
            anjian::report::export::export(&mut store, &r, &Format::ALL, out.path(), Lang::Zh, &mut |_, _| {})
                .expect("export")
                .len()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

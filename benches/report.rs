//! Compiling a quarter's report on a district-sized office: 20,000 units, 50,000 hazards, 20,000
//! tip-offs and 1,000,000 alarms over three years, every built-in plan loaded with part of the
//! quarter's checklist worked. Run: `cargo bench --bench report`.
//!
//! The office is built by `anjian gen`'s generator (`generate::office`) at this size.

// Only the building helpers are used here.
#[allow(dead_code)]
mod common;

use anjian::domain::calendar::Quarter;
use anjian::generate::office::Size;
use anjian::i18n::Lang;
use anjian::report::export::Format;
use anjian::store::Store;
use criterion::{Criterion, criterion_group, criterion_main};
use std::path::{Path, PathBuf};
use std::time::Instant;

const UNITS: usize = 20_000;
const HAZARDS: usize = 50_000;
const TIPOFFS: usize = 20_000;
const ALARMS: usize = 1_000_000;

fn office() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-report");
    let path = dir.join(format!("district-{UNITS}-{HAZARDS}-{TIPOFFS}-{ALARMS}-v2.db"));
    if path.exists() {
        return path;
    }
    std::fs::create_dir_all(&dir).expect("dir");
    let tmp = dir.join("building.db");
    common::clear_building(&tmp);
    let _ = std::fs::remove_file(dir.join("building.db-wal"));
    let started = Instant::now();
    let size = Size {
        units: UNITS,
        communities: 50,
        grids_per_community: 20,
        hazards: HAZARDS,
        tipoffs: TIPOFFS,
        alarms: ALARMS,
    };
    anjian::generate::office::build(&tmp, size, anjian::domain::time::now(), &mut |stage| {
        eprintln!("building: {stage} ({:.1?})", started.elapsed())
    })
    .expect("office");
    common::put_in_place(&tmp, &path);
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

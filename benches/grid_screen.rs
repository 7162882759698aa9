//! Screens on a district-sized office: 100,000 units in 3,000 grids with their inspection history
//! and 10,000 hazards, loaded through the real import and store paths, then opened and drawn at
//! 120x40 by the real app (headless). Run: `cargo bench`.

use anjian::i18n::Lang;
use anjian::import::{Entity, import_sheet, sheet};
use anjian::store::Store;
mod common;

use common::app;
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::crossterm::event::KeyCode;
use std::path::{Path, PathBuf};
use std::time::Instant;

const UNITS: usize = 100_000;

/// Builds the office once per run in the target directory and reuses it while the generator is
/// unchanged (the file name carries the unit count).
fn office() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-office");
    // The name changes whenever what is generated changes, so a stale office is never measured.
    let path = dir.join(format!("district-{UNITS}-v2.db"));
    if path.exists() {
        return path;
    }
    std::fs::create_dir_all(&dir).expect("bench dir");
    let tmp = dir.join("building.db");
    common::clear_building(&tmp);
    let started = Instant::now();
    let sheets = anjian::generate::generate(&anjian::generate::Shape::district(UNITS));
    let mut store = Store::open(&tmp).expect("open");
    for (entity, name, text) in [
        (Entity::Grids, "grids.csv", &sheets.grids),
        (Entity::Officers, "officers.csv", &sheets.officers),
        (Entity::Units, "units.csv", &sheets.units),
        (Entity::Teams, "teams.csv", &sheets.teams),
    ] {
        let t = Instant::now();
        let s = sheet::read_csv(name, text.as_bytes()).expect("sheet");
        let report = import_sheet(&mut store, "bench", entity, &s, false).expect("import");
        assert!(report.ok(), "{}", report.render(Lang::En));
        eprintln!("imported {name}: {} rows in {:.2?}", report.rows, t.elapsed());
    }
    let t = Instant::now();
    anjian::demo::load_history(&mut store, anjian::domain::time::today(), &sheets.inspections, &sheets.hazards)
        .expect("history");
    eprintln!("loaded inspection history and hazards in {:.2?}", t.elapsed());
    store.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").expect("checkpoint");
    drop(store);
    common::put_in_place(&tmp, &path);
    eprintln!("district office of {UNITS} units built in {:.2?}", started.elapsed());
    path
}

fn bench(c: &mut Criterion) {
    let path = office();
    let mut g = c.benchmark_group("grid_screen_100k");
    g.sample_size(20);

    // Open the database, load Overview counts and the tree, switch to Grid and draw the first frame.
    g.bench_function("open_to_first_grid_frame", |b| {
        b.iter(|| {
            let mut h = app(&path);
            h.key(KeyCode::Char('2'));
            h.render().area.width
        })
    });

    let mut h = app(&path);
    h.key(KeyCode::Char('2')).key(KeyCode::Char('j')).key(KeyCode::Enter).key(KeyCode::Char('j'));
    g.bench_function("draw_grid_frame", |b| b.iter(|| h.render().area.width));

    g.bench_function("scroll_step_and_draw", |b| {
        let mut down = true;
        let mut n = 0;
        b.iter(|| {
            n += 1;
            if n % 30 == 0 {
                down = !down;
            }
            h.key(if down { KeyCode::Char('j') } else { KeyCode::Char('k') });
            h.render().area.width
        })
    });

    // A filter keystroke runs a count and a page over all 100,000 units (LIKE scan).
    g.bench_function("filter_keystroke_and_draw", |b| {
        b.iter(|| {
            h.key(KeyCode::Char('/')).type_text("加油站");
            let w = h.render().area.width;
            h.key(KeyCode::Esc);
            w
        })
    });

    // Paging deep into the filtered list of all units.
    g.bench_function("list_page_down_and_draw", |b| {
        h.key(KeyCode::Char('/')).type_text("有限公司").key(KeyCode::Enter);
        b.iter(|| {
            h.key(KeyCode::PageDown);
            h.render().area.width
        })
    });
    // Deadlines: open the screen (count + merged first page + calendar month) and draw.
    g.bench_function("deadlines_open_and_draw", |b| {
        b.iter(|| {
            let mut h = app(&path);
            h.key(KeyCode::Char('3'));
            h.render().area.width
        })
    });
    let mut d = app(&path);
    d.key(KeyCode::Char('3'));
    g.bench_function("deadlines_scroll_step_and_draw", |b| {
        let mut down = true;
        let mut n = 0;
        b.iter(|| {
            n += 1;
            if n % 30 == 0 {
                down = !down;
            }
            d.key(if down { KeyCode::Char('j') } else { KeyCode::Char('k') });
            d.render().area.width
        })
    });
    g.bench_function("deadlines_page_down_and_draw", |b| {
        b.iter(|| {
            d.key(KeyCode::PageDown);
            d.render().area.width
        })
    });
    g.bench_function("deadlines_filter_change_and_draw", |b| {
        b.iter(|| {
            d.key(KeyCode::Char('f'));
            d.render().area.width
        })
    });
    g.bench_function("hazards_open_and_draw", |b| {
        b.iter(|| {
            let mut h = app(&path);
            h.key(KeyCode::Char('4'));
            h.render().area.width
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

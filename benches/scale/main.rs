//! One table of anjian's figures on a generated district (and, with `--city`, a city): cold start,
//! frames per screen, keystroke to frame, ingest against a bare insert, the newsboat peer, CAP
//! parsing, the quarterly report, memory, terminal bytes, and 25–200 sessions on one SQLite file.
//!
//! Run from a clean checkout with `./bench` (README). The offices are generated once and kept in
//! `target/`; the table is printed and written to `target/bench-table.md`.

#[path = "../common/mod.rs"]
mod common;
mod ingest;
mod office;
mod parse;
mod rss;
mod screens;
mod sessions;
mod stats;
mod tty;

use anjian::generate::office::Scale;
use stats::{Row, ms};
use std::time::{Duration, Instant};

/// A part of the table, run in order and timed.
type Section<'a> = Box<dyn Fn() -> Vec<Row> + 'a>;

fn ingest_rows() -> Vec<Row> {
    let i = ingest::ingest_comparison();
    let n = i.alarms as f64;
    let share = i.bare.as_secs_f64() / i.whole.as_secs_f64();
    let p = ingest::peer_comparison();
    let mut rows = vec![
        Row::new(
            format!("sync ingest, {} monitor events → {} alarms, loopback HTTP → store", i.events, i.alarms),
            format!("{} = {:.0} alarms/s", ms(i.whole), n / i.whole.as_secs_f64()),
        ),
        Row::new(
            "bare rusqlite insert of the same rows, same schema",
            format!("{} = {:.0} rows/s", ms(i.bare), n / i.bare.as_secs_f64()),
        ),
        Row::new("ingest rate as a share of the bare insert rate", format!("{:.0} %", share * 100.0))
            .target("≥ 50 %", share >= 0.5),
        // The sync writes 64 rows to a statement; the same technique in the bare insert, for scale.
        Row::new(
            format!("bare insert of the same rows, {} to a statement (as the sync writes)", ingest::CHUNK),
            format!("{} = {:.0} rows/s", ms(i.bare_chunked), n / i.bare_chunked.as_secs_f64()),
        ),
        Row::new(
            "ingest rate as a share of that",
            format!("{:.0} %", 100.0 * i.bare_chunked.as_secs_f64() / i.whole.as_secs_f64()),
        ),
        Row::new(
            format!(
                "peer: Atom of {} entries with CAP ({:.1} MB), anjian sync --once",
                p.entries,
                p.bytes as f64 / 1e6
            ),
            ms(p.ours),
        ),
    ];
    rows.push(Row::new(
        format!(
            "floor: the same {} alarms inserted bare, {} to a statement, into the same schema and its search index (parsed beforehand)",
            p.entries,
            ingest::CHUNK
        ),
        ms(p.floor),
    ));
    rows.push(Row::new(
        "bound: the store opened, the feed fetched, that insert, the store closed (no reading at all)",
        ms(p.bound),
    ));
    match p.theirs {
        Some(t) => {
            rows.push(Row::new("peer: newsboat -x reload, same feed", ms(t)));
            let x = t.as_secs_f64() / p.ours.as_secs_f64();
            rows.push(Row::new("newsboat time / anjian time", format!("{x:.1}×")).target("≥ 10×", x >= 10.0));
            // What the target leaves for fetching, parsing and storing, against the bare insert alone.
            let ceiling = t.as_secs_f64() / p.floor.as_secs_f64();
            rows.push(Row::new(
                "newsboat time / floor time (the most any program storing into this schema could reach)",
                format!("{ceiling:.1}×"),
            ));
            // What is left of the target once a sync's unavoidable parts are counted: reading
            // the feed has to fit into the difference.
            rows.push(Row::new(
                "newsboat time / bound time (the most a sync that also reads the feed could reach)",
                format!("{:.1}×", t.as_secs_f64() / p.bound.as_secs_f64()),
            ));
        }
        None => rows.push(Row::new("peer: newsboat", "skipped: newsboat not installed")),
    }
    rows
}

fn report_rows(path: &std::path::Path) -> Vec<Row> {
    let store = anjian::store::Store::open(path).expect("open");
    let today = anjian::domain::time::today();
    let quarter = anjian::domain::calendar::Quarter::of(today);
    let v: Vec<Duration> = (0..5)
        .map(|_| {
            let t = Instant::now();
            anjian::report::compile(store.conn(), quarter, today, "bench", anjian::i18n::Lang::Zh).expect("compile");
            t.elapsed()
        })
        .collect();
    // The whole of what the office head waits for: compiled, then written as DOCX, XLSX and
    // Markdown into files.
    let out = std::env::temp_dir().join("anjian-bench-report");
    let written: Vec<Duration> = (0..5)
        .map(|_| {
            let t = Instant::now();
            let r = anjian::report::compile(store.conn(), quarter, today, "bench", anjian::i18n::Lang::Zh)
                .expect("compile");
            std::fs::create_dir_all(&out).expect("dir");
            for f in anjian::report::export::Format::ALL {
                let bytes = anjian::report::export::render(&r, f, anjian::i18n::Lang::Zh).expect("render");
                std::fs::write(out.join(format!("report.{}", f.ext())), bytes).expect("write");
            }
            t.elapsed()
        })
        .collect();
    let whole = stats::pct(&written, 0.5);
    vec![
        Row::new(format!("report: compile {} on the district (median of 5)", quarter.label()), ms(stats::pct(&v, 0.5))),
        Row::new("report: compile and write DOCX, XLSX, Markdown (median of 5)", ms(whole))
            .target("< 1 s", whole < Duration::from_secs(1)),
    ]
}

fn main() {
    // Started by the sessions section as one session of its own (see `sessions::child`).
    if let Ok(spec) = std::env::var(sessions::SESSION_ENV) {
        // As `anjian`'s own main sets up its process.
        anjian::system::no_huge_pages();
        sessions::child(&spec);
        return;
    }
    let args: Vec<String> = std::env::args().collect();
    let city = args.iter().any(|a| a == "--city") || std::env::var_os("ANJIAN_BENCH_CITY").is_some();
    // `--only a,b` runs those sections (their names as printed: start, frames, sessions, city …).
    let only: Option<Vec<String>> = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1))
        .map(|list| list.split(',').map(|s| s.trim().to_string()).collect());
    let wanted = |name: &str| only.as_ref().is_none_or(|o| o.iter().any(|s| s == name));
    let started = Instant::now();
    let district = office::ensure(Scale::District, "district");
    let (u, g, h, t, a) = office::counts(&district);
    eprintln!("bench: district: {u} units, {g} grids, {h} hazards, {t} tip-offs, {a} alarms");
    let mut rows =
        vec![Row::new("district office", format!("{u} units, {g} grids, {h} hazards, {t} tip-offs, {a} alarms"))];
    let alarm_unit: String = rusqlite::Connection::open(&district)
        .and_then(|c| {
            c.query_row(
                "SELECT u.name FROM alarm a JOIN unit u ON u.id = a.unit_id ORDER BY a.sent DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
        })
        .expect("a unit with alarms");
    let sections: Vec<(&str, Section)> = vec![
        ("start", Box::new(|| screens::first_frame(&district))),
        ("real terminal", Box::new(|| rss::start_and_memory(&district, "district", true))),
        ("frames", Box::new(|| screens::frames(&district))),
        ("keystrokes", Box::new(|| screens::keystrokes(&district, &alarm_unit))),
        ("terminal bytes", Box::new(|| screens::terminal_bytes(&district))),
        ("ingest", Box::new(ingest_rows)),
        ("CAP parse", Box::new(parse::cap_samples)),
        ("report", Box::new(|| report_rows(&district))),
        ("sessions", Box::new(|| sessions::simulate(&district, &[25, 50, 100, 200]))),
    ];
    for (name, f) in sections.into_iter().filter(|(name, _)| wanted(name)) {
        let t = Instant::now();
        eprintln!("bench: {name} …");
        rows.extend(f());
        eprintln!("bench: {name} done in {:.0?}", t.elapsed());
    }
    if city && wanted("city") {
        let path = office::ensure(Scale::City, "city");
        let (u, _, h, t, a) = office::counts(&path);
        rows.push(Row::new("city office", format!("{u} units, {h} hazards, {t} tip-offs, {a} alarms")));
        rows.extend(rss::start_and_memory(&path, "city", true));
    } else {
        rows.push(Row::new("city: start-up and memory", "not run (./bench --city builds a 3 GB city once)"));
    }
    let table = stats::print(&rows);
    println!("\n{table}");
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("../bench-table.md");
    let _ = std::fs::write(&out, &table);
    eprintln!("bench: finished in {:.0?}; table also in {}", started.elapsed(), out.display());
}

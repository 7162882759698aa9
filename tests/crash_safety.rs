//! SIGKILL in the middle of writes, in loops: a checklist edit (the real store code in a child
//! process that reports each committed edit), a units import and a report export (the real binary).
//! After every kill the database passes `PRAGMA integrity_check`, the audit chain verifies, and
//! what is stored is exactly what was committed: every edit reported as committed is there (and at
//! most the one in flight besides), an import is there whole or not at all, and a report file under
//! its final name is whole.
//!
//! `ANJIAN_CRASH_LOOPS=N` sets the kills per loop (default 60; a longer run: 1000). The sync's own
//! kill loop is in tests/sync_cli.rs.

mod common;

use anjian::domain::calendar::Quarter;
use anjian::store::checklist::{self, EntryEdit};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

fn loops() -> u64 {
    std::env::var("ANJIAN_CRASH_LOOPS").ok().and_then(|s| s.parse().ok()).unwrap_or(60)
}

/// A pause that varies from kill to kill (so kills land early, late and in between), repeatably.
fn pause(i: u64, spread_ms: u64) -> Duration {
    Duration::from_millis(3 + (i * 7919 + 13) % spread_ms)
}

fn assert_intact(path: &Path, what: &str) {
    let s = common::open(path);
    let ok: String = s.conn().query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("integrity");
    assert_eq!(ok, "ok", "{what}");
    let verdict = s.audit_verdict().expect("verify");
    assert!(matches!(verdict, anjian::store::audit::Verdict::Intact { .. }), "{what}: {verdict:?}");
}

const CHILD: &str = "ANJIAN_CRASH_CHILD_DB";

/// The checklist item the child edits: the first measure of the first plan, this quarter.
fn target(path: &Path) -> (i64, Quarter) {
    let s = common::open(path);
    let id = s.conn().query_row("SELECT min(id) FROM plan_measure", [], |r| r.get(0)).expect("a measure");
    (id, Quarter::of(common::today()))
}

fn stored_edit(path: &Path, measure: i64, q: Quarter) -> (i64, String) {
    common::open(path)
        .conn()
        .query_row(
            "SELECT version, note FROM checklist_entry WHERE measure_id = ?1 AND quarter = ?2",
            rusqlite::params![measure, q.label()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap_or((0, String::new()))
}

/// In the child: edit the item for ever, saying "committed V" after each edit returns.
fn child_edits(db: &str) {
    let mut store = common::open(Path::new(db));
    let (measure, q) = target(Path::new(db));
    let mut out = std::io::stdout().lock();
    loop {
        let (version, _) = stored_edit(Path::new(db), measure, q);
        let note = format!("第{}次核对", version + 1);
        let e = EntryEdit { note: Some(note), ..EntryEdit::default() };
        let v = store.write("值班员", |w| checklist::edit(w, measure, q, version, &e)).expect("edit");
        writeln!(out, "committed {v}").expect("report");
        out.flush().expect("flush");
    }
}

#[test]
fn checklist_edits_killed_mid_write_keep_every_committed_edit() {
    if let Ok(db) = std::env::var(CHILD) {
        child_edits(&db);
        return;
    }
    let demo = common::demo_copy();
    let (measure, q) = target(&demo.path);
    let mut reported_total = 0;
    for i in 0..loops() {
        let mut child = Command::new(std::env::current_exe().expect("test binary"))
            .args(["checklist_edits_killed_mid_write_keep_every_committed_edit", "--exact", "--nocapture"])
            .env(CHILD, &demo.path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("child");
        std::thread::sleep(pause(i, 120) + Duration::from_millis(40));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let reported: Vec<i64> = BufReader::new(child.stdout.take().expect("stdout"))
            .lines()
            .map_while(Result::ok)
            .filter_map(|l| l.strip_prefix("committed ").and_then(|v| v.parse().ok()))
            .collect();
        reported_total += reported.len();
        let (version, note) = stored_edit(&demo.path, measure, q);
        if let Some(last) = reported.last() {
            assert!(
                version == *last || version == last + 1,
                "kill {i}: committed {last} reported, version {version} stored"
            );
        }
        if version > 0 {
            assert_eq!(note, format!("第{version}次核对"), "kill {i}: the note is the one written with its version");
        }
        assert_intact(&demo.path, &format!("kill {i} of the checklist edits"));
    }
    eprintln!("checklist: {} kills, {reported_total} edits reported committed", loops());
    assert!(reported_total > 0, "the children got edits committed before being killed");
}

fn units_sheet(n: usize, tag: u64) -> String {
    let mut csv = String::from("单位名称,所属网格,所属社区,行业领域,风险等级,主要负责人,联系电话,地址\n");
    for k in 0..n {
        csv.push_str(&format!("批次{tag}单位{k},第二网格,梅岭村,工贸,低风险,胡德明,15164744820,梅岭路{k}号\n"));
    }
    csv
}

#[test]
fn an_import_killed_mid_write_is_there_whole_or_not_at_all() {
    let demo = common::demo_copy();
    let dir = tempfile::tempdir().expect("tempdir");
    let count = |p: &Path| -> i64 {
        common::open(p).conn().query_row("SELECT count(*) FROM unit", [], |r| r.get(0)).expect("count")
    };
    const ROWS: usize = 3000;
    let (mut whole, mut none) = (0, 0);
    for i in 0..loops() {
        let sheet = dir.path().join(format!("units{i}.csv"));
        std::fs::write(&sheet, units_sheet(ROWS, i)).expect("sheet");
        let before = count(&demo.path);
        let mut child = Command::new(common::bin())
            .arg("--db")
            .arg(&demo.path)
            .args(["import", "units"])
            .arg(&sheet)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("import");
        std::thread::sleep(pause(i, 400));
        let _ = child.kill();
        let _ = child.wait();
        let after = count(&demo.path);
        match after - before {
            0 => none += 1,
            n if n == ROWS as i64 => whole += 1,
            n => panic!("kill {i}: {n} of {ROWS} rows of one import are stored"),
        }
        assert_intact(&demo.path, &format!("kill {i} of the import"));
    }
    eprintln!("import: {} kills: {whole} imports whole, {none} not at all", loops());
    assert!(none > 0, "some imports were killed before their commit");
}

/// Whether the file is a whole DOCX/XLSX (a zip whose every entry reads) or a non-empty Markdown.
fn whole(path: &Path) -> bool {
    let Ok(bytes) = std::fs::read(path) else { return false };
    if path.extension().is_some_and(|e| e == "md") {
        return std::str::from_utf8(&bytes).is_ok_and(|t| !t.trim().is_empty());
    }
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else { return false };
    (0..zip.len()).all(|k| zip.by_index(k).is_ok_and(|mut f| std::io::copy(&mut f, &mut std::io::sink()).is_ok()))
}

#[test]
fn a_report_export_killed_mid_write_leaves_only_whole_files() {
    let demo = common::demo_copy();
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("reports");
    let (mut seen_whole, mut mid_way) = (0, 0);
    for i in 0..loops() {
        let mut child = Command::new(common::bin())
            .arg("--db")
            .arg(&demo.path)
            .args(["report", "--out"])
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("report");
        std::thread::sleep(pause(i, 160));
        mid_way += u32::from(child.try_wait().ok().flatten().is_none());
        let _ = child.kill();
        let _ = child.wait();
        for entry in std::fs::read_dir(&out).into_iter().flatten().flatten() {
            let p = entry.path();
            let name = p.to_string_lossy().to_string();
            if name.ends_with(".part") {
                continue; // a write in progress when killed, never under the report's name
            }
            assert!(whole(&p), "kill {i}: {name} is not whole");
            seen_whole += 1;
        }
        assert_intact(&demo.path, &format!("kill {i} of the report export"));
    }
    eprintln!("report: {} kills ({mid_way} while running), {seen_whole} whole files seen after them", loops());
    assert!(seen_whole > 0, "some exports finished a file before being killed");
    assert!(mid_way > 0, "some exports were killed while running");
}

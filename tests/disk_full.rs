//! A full disk, simulated the two ways a test can without mounting a file system: standard output
//! on /dev/full (ENOSPC), and a file-size limit (`ulimit -f`, with SIGXFSZ ignored, so a write past
//! it fails with EFBIG the way a full disk fails a write). An export, a report and a sync each stop
//! with an error that says what could not be written, leave no half-written file, and the database
//! still passes its integrity check, its audit chain verifies, and a later sync catches up exactly.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Runs anjian with `args` under a file-size limit of `kb` KB.
fn limited(kb: u32, args: &[&str]) -> Option<Output> {
    if Command::new("bash").arg("-c").arg("true").status().is_err() {
        eprintln!("SKIPPED: bash is not installed, so the file-size-limit tests did not run");
        return None;
    }
    let quoted: Vec<String> = args.iter().map(|a| format!("'{}'", a.replace('\'', "'\\''"))).collect();
    let script = format!("trap '' XFSZ; ulimit -f {kb}; exec '{}' {}", common::bin(), quoted.join(" "));
    Some(Command::new("bash").arg("-c").arg(script).env("LANG", "en_US.UTF-8").output().expect("bash"))
}

fn intact(path: &Path) -> (i64, i64, i64) {
    let s = common::open(path);
    let ok: String = s.conn().query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("integrity");
    assert_eq!(ok, "ok");
    assert!(matches!(s.audit_verdict(), Ok(anjian::store::audit::Verdict::Intact { .. })));
    s.conn()
        .query_row(
            "SELECT (SELECT count(*) FROM alarm), (SELECT count(*) FROM report_compiled), (SELECT count(*) FROM audit_log)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("counts")
}

/// A copy of the demo whose write-ahead log is folded in, so that every write starts a new log.
fn demo() -> common::Demo {
    let demo = common::demo_copy();
    common::open(&demo.path).conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").expect("checkpoint");
    demo
}

#[test]
fn an_export_to_a_full_disk_says_so() {
    if !Path::new("/dev/full").exists() {
        eprintln!("SKIPPED: no /dev/full here");
        return;
    }
    let demo = demo();
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").expect("/dev/full");
    let out = Command::new(common::bin())
        .arg("--db")
        .arg(&demo.path)
        .args(["export", "units", "--format", "csv"])
        .stdout(Stdio::from(full))
        .output()
        .expect("export");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("cannot write the export: No space left on device"), "{err}");
    assert_eq!(err.matches("No space left").count(), 1, "said once: {err}");
}

#[test]
fn a_report_on_a_full_disk_leaves_no_file_and_no_record() {
    let demo = demo();
    // A long "problems" section of text that does not compress: each report file is then larger
    // than the limit below, which the database's own writes (its write-ahead log) stay under.
    {
        let mut s = common::open(&demo.path);
        let mut rng = 0x2545_f491_u32;
        let text: String = (0..40_000)
            .map(|_| {
                rng ^= rng << 13;
                rng ^= rng >> 17;
                rng ^= rng << 5;
                char::from_u32(0x4e00 + rng % 0x1000).unwrap_or('字')
            })
            .collect();
        let q = anjian::domain::calendar::Quarter::of(common::today());
        let version: i64 = s
            .conn()
            .query_row("SELECT version FROM report_draft WHERE quarter = ?1 AND part = 'problems'", [q.label()], |r| {
                r.get(0)
            })
            .unwrap_or(0);
        s.write("测试", |w| anjian::store::checklist::save_draft(w, q, "problems", &text, version)).expect("draft");
        s.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").expect("checkpoint");
    }
    let before = intact(&demo.path);
    let out_dir = demo.dir.path().join("reports");
    let Some(out) =
        limited(60, &["--db", demo.path.to_str().expect("utf-8"), "report", "--out", out_dir.to_str().expect("utf-8")])
    else {
        return;
    };
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("anjian-report-") && err.contains("File too large"), "names the file: {err}");
    let left: Vec<_> = std::fs::read_dir(&out_dir).into_iter().flatten().flatten().map(|e| e.path()).collect();
    assert!(left.is_empty(), "nothing half-written is left: {left:?}");
    assert_eq!(intact(&demo.path), before, "no report recorded, nothing else changed");
}

#[test]
fn a_sync_on_a_full_disk_stores_nothing_half_and_catches_up_later() {
    let demo = demo();
    let server = common::fixture_server("ok");
    let base = server.base.clone();
    let control = |path: &str| common::control(&base, path);
    control("/control/tick?n=3000");
    let config = demo.dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[[feeds]]\nname = \"sensors\"\nkind = \"monitor\"\nurl = \"{base}/monitor/alarms\"\n\
             [[feeds]]\nname = \"weather\"\nkind = \"cap\"\nurl = \"{base}/cap/index.atom\"\n"
        ),
    )
    .expect("config");
    let (db, cfg) = (demo.path.to_str().expect("utf-8"), config.to_str().expect("utf-8"));
    let before = intact(&demo.path);
    let Some(out) = limited(64, &["--db", db, "--config", cfg, "--lang", "en", "sync", "--once"]) else {
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("disk I/O error") && text.contains("is it full"), "{text}");
    assert_eq!(intact(&demo.path).0, before.0, "no alarm of the failed batches is stored");

    // Space again: the next sync stores exactly what upstream holds, none twice.
    let out = Command::new(common::bin()).args(["--db", db, "--config", cfg, "sync", "--once"]).output().expect("sync");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let state: serde_json::Value = serde_json::from_str(&control("/control/state")).expect("state");
    let s = common::open(&demo.path);
    let q = |sql: &str| s.conn().query_row(sql, [], |r| r.get::<_, i64>(0)).expect(sql);
    assert_eq!(q("SELECT count(*) FROM alarm WHERE feed = 'sensors'"), state["monitor_raises"].as_i64().expect("n"));
    assert_eq!(q("SELECT count(*) FROM alarm WHERE feed = 'weather'"), state["alarming_cap"].as_i64().expect("n"));
    intact(&demo.path);
}

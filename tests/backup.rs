//! `anjian backup` and `anjian restore` as processes, while `anjian sync --watch` keeps storing
//! alarms into the same database: every backup is one consistent moment (integrity check, audit
//! chain, counts between before and after), a restore brings back exactly that moment and keeps
//! the replaced database, and bad backups are refused with the database untouched.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

fn tick(base: &str, n: usize) {
    common::control(base, &format!("/control/tick?n={n}"));
}

fn anjian(db: &Path, config: &Path, args: &[&str]) -> Output {
    Command::new(common::bin())
        .arg("--db")
        .arg(db)
        .arg("--config")
        .arg(config)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("anjian runs")
}

/// Alarms and audit rows in the database at `path`.
fn counts(path: &Path) -> (i64, i64) {
    let c = rusqlite::Connection::open(path).expect("open");
    c.busy_timeout(Duration::from_secs(10)).expect("busy");
    c.query_row("SELECT (SELECT count(*) FROM alarm), (SELECT count(*) FROM audit_log)", [], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .expect("counts")
}

#[test]
fn backups_while_a_sync_writes_are_consistent_and_restore_exactly() {
    let demo = common::demo_copy();
    let dir = tempfile::tempdir().expect("tempdir");
    let server = common::fixture_server("ok");
    let base = server.base.clone();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[[feeds]]\nname = \"gas\"\nkind = \"monitor\"\nurl = \"{base}/monitor/alarms\"\ninterval = \"1s\"\n\
             [[feeds]]\nname = \"weather\"\nkind = \"cap\"\nurl = \"{base}/cap/index.atom\"\ninterval = \"1s\"\n"
        ),
    )
    .expect("config");
    let sync = common::Reaped(
        Command::new(common::bin())
            .arg("--db")
            .arg(&demo.path)
            .arg("--config")
            .arg(&config)
            .args(["sync", "--watch"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("sync --watch"),
    );

    // Upstream keeps changing while backups are taken.
    let mut taken = Vec::new();
    let start = counts(&demo.path);
    for i in 0..5 {
        tick(&base, 30);
        std::thread::sleep(Duration::from_millis(700));
        let before = counts(&demo.path);
        let path = dir.path().join(format!("b{i}.db"));
        // The key only when asked for (the second backup); otherwise a reminder names it.
        let mut args = vec!["backup", path.to_str().expect("utf-8 path")];
        if i == 1 {
            args.push("--with-key");
        }
        let out = anjian(&demo.path, &config, &args);
        let after = counts(&demo.path);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("integrity ok, audit chain intact"), "{text}");
        assert_eq!(anjian::store::backup::key_beside(&path).exists(), i == 1, "the key file goes beside the backup");
        assert_eq!(anjian::store::backup::audit_key_beside(&path).exists(), i == 1, "and the audit key");
        if i != 1 {
            assert!(text.contains("the key file that opens reporters' details is not in the backup"), "{text}");
            assert!(
                text.contains("the audit key that checks (and continues) the audit log is not in the backup"),
                "{text}"
            );
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("backup").permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "a backup is readable by its owner only");
        }
        let got = counts(&path);
        assert!(before.0 <= got.0 && got.0 <= after.0, "alarms {before:?} ≤ {got:?} ≤ {after:?}");
        assert!(before.1 <= got.1 && got.1 <= after.1, "audit rows {before:?} ≤ {got:?} ≤ {after:?}");
        taken.push((path, got));
    }
    assert!(taken.last().expect("backups").1.0 > start.0, "the sync stored alarms while backups were taken");
    let stray: Vec<_> = dir
        .path()
        .read_dir()
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".partial") || n.ends_with("-wal") || n.ends_with("-shm"))
        .collect();
    assert!(stray.is_empty(), "a backup is one file, nothing left beside it: {stray:?}");

    // A backup never overwrites.
    let out = anjian(&demo.path, &config, &["backup", taken[0].0.to_str().expect("utf-8")]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("already exists"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    drop(sync);
    drop(server);

    // Bad backups are refused and the database is left as it is.
    let now = counts(&demo.path);
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"this is not a database at all, just text").expect("junk");
    let tampered = dir.path().join("tampered.db");
    std::fs::copy(&taken[1].0, &tampered).expect("copy");
    {
        let c = rusqlite::Connection::open(&tampered).expect("open");
        c.execute_batch("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET operator = '某人' WHERE id = 3;")
            .expect("tamper");
    }
    for (bad, words) in [(&junk, "not an anjian database"), (&tampered, "audit log is broken at row 3")] {
        let out = anjian(&demo.path, &config, &["restore", bad.to_str().expect("utf-8")]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && err.contains(words), "{}: {err}", bad.display());
        assert_eq!(counts(&demo.path), now, "{}: the database is untouched", bad.display());
    }

    // Restore the second backup: exactly its moment, the key with it, the replaced one kept.
    let key = anjian::demo::tipoffs::key_path(&demo.path);
    let key_before = std::fs::read(&key).expect("key");
    std::fs::write(&key, [7u8; 32]).expect("a changed key");
    let (b1, b1_counts) = &taken[1];
    let out = anjian(&demo.path, &config, &["restore", b1.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(counts(&demo.path), *b1_counts);
    assert_eq!(std::fs::read(&key).expect("key"), key_before, "the backup's key is back");
    let kept: Vec<_> = demo
        .dir
        .path()
        .read_dir()
        .expect("dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().contains("before-restore") && p.extension().is_some_and(|e| e == "db"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(counts(&kept[0]), now, "the replaced database is kept whole");
    let out = anjian(&demo.path, &config, &["audit", "verify"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
}

//! Every kind of bad config and bad argument, through the real binary: the error names the file
//! and line, the key, or the flag, and nothing runs. What the dashboard checks only at start (the
//! theme, the key map, the holiday file) is reported by `anjian doctor` the same way.

mod common;

use std::process::Command;

fn run(config: &std::path::Path, db: &std::path::Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(common::bin())
        .arg("--config")
        .arg(config)
        .arg("--db")
        .arg(db)
        .args(args)
        .env("TERM", "xterm-256color")
        .output()
        .expect("anjian runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const FEED: &str = "[[feeds]]\nname = \"a\"\nkind = \"cap\"\nurl = \"http://127.0.0.1:9/a.atom\"\n";

#[test]
fn every_bad_config_names_its_file_line_and_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("config.toml");
    let db = dir.path().join("office.db");
    let cases: Vec<(String, &[&str])> = vec![
        ("colour = \"red\"\n".into(), &["line 1", "colour", "expected one of"]),
        ("[alarms]\nescalate_minutes = \"soon\"\n".into(), &["line 2", "escalate_minutes", "expected u32"]),
        (format!("{FEED}interval = \"5 parsecs\"\n"), &["line 5", "interval", "5 parsecs"]),
        (format!("{FEED}{FEED}"), &["line 5", "feed \"a\" is listed twice"]),
        (FEED.replace("http://", "ftp://"), &["line 1", "feed \"a\"", "not an http:// or https://"]),
        (FEED.replace("\"cap\"", "\"rss\""), &["line 3", "kind", "rss"]),
        ("[[feeds]\n".into(), &["line 1", "feeds"]),
        ("lang = \"fr\"\n".into(), &["line 1", "lang"]),
        ("[tipoffs]\nverify_days = -3.5\n".into(), &["line 2", "verify_days"]),
        ("[session]\nidle_lock_minutes = \"x\"\n".into(), &["line 2", "idle_lock_minutes"]),
    ];
    for (text, words) in &cases {
        std::fs::write(&config, text).expect("config");
        let (code, _, err) = run(&config, &db, &["export", "feeds"]);
        assert_eq!(code, Some(2), "{text:?}: {err}");
        assert!(err.contains(&format!("config {}", config.display())), "{text:?}: {err}");
        for w in *words {
            assert!(err.contains(w), "{text:?}: {w:?} not in {err}");
        }
        assert!(!db.exists(), "{text:?}: nothing ran");
    }
    // Found only when the dashboard starts: doctor says so beforehand.
    for (text, words) in [
        ("[keys]\n\"ctrl-r\" = \"no_such_action\"\n", &["[keys]", "ctrl-r", "no_such_action"][..]),
        ("theme = \"nosuch\"\n", &["theme \"nosuch\" not found"][..]),
        ("holidays_file = \"/nonexistent/h.toml\"\n", &["/nonexistent/h.toml"][..]),
    ] {
        std::fs::write(&config, text).expect("config");
        let (code, out, _) = run(&config, &db, &["doctor"]);
        assert_eq!(code, Some(1), "{text:?}: {out}");
        let fix = out.lines().find(|l| l.starts_with("FIX  config")).unwrap_or_else(|| panic!("{text:?}: {out}"));
        for w in words {
            assert!(fix.contains(w), "{text:?}: {w:?} not in {fix}");
        }
    }
}

#[test]
fn every_bad_argument_names_its_flag() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "").expect("config");
    let db = dir.path().join("office.db");
    let cases: &[(&[&str], &[&str])] = &[
        (&["report", "--quarter", "2025Q9", "--out", "r"], &["--quarter", "2025Q9", "write it like 2025Q3"]),
        (&["report", "--format", "pdf", "--out", "r"], &["--format", "pdf"]),
        (&["report"], &["--out"]),
        (&["gen", "--scale", "huge"], &["--scale", "huge"]),
        (&["import", "bogus", "x.csv"], &["bogus", "<ENTITY>"]),
        (&["export", "units", "--format", "yaml"], &["--format", "yaml"]),
        (&["sync", "--once", "--watch"], &["--once", "--watch"]),
        (&["deadline", "add", "--due", "2026-13-40", "月报"], &["--due", "2026-13-40"]),
        (&["tipoff", "add", "--channel", "pigeon", "--description", "有人违规"], &["--channel", "pigeon"]),
        (&["--lang", "fr", "doctor"], &["--lang", "fr"]),
        (&["fixture-server", "--addr", "not-an-address"], &["--addr", "not-an-address"]),
        (&["backup"], &["<PATH>"]),
        (&["nosuchcommand"], &["nosuchcommand"]),
    ];
    for (args, words) in cases {
        let (code, _, err) = run(&config, &db, args);
        assert_eq!(code, Some(2), "{args:?}: {err}");
        for w in *words {
            assert!(err.contains(w), "{args:?}: {w:?} not in {err}");
        }
        assert!(!db.exists(), "{args:?}: nothing ran");
    }
}

//! `anjian doctor` as a process: each check reports what is wrong and how to fix it, a broken
//! config does not stop the other checks, and the exit status says whether anything needs fixing.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn doctor(db: &Path, config: &Path, term: &str) -> (Output, String) {
    let out = Command::new(common::bin())
        .arg("--db")
        .arg(db)
        .arg("--config")
        .arg(config)
        .arg("doctor")
        .env("TERM", term)
        .env_remove("NO_COLOR")
        .env_remove("COLORTERM")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("doctor runs");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    (out, text)
}

fn line<'a>(text: &'a str, start: &str) -> &'a str {
    text.lines().find(|l| l.starts_with(start)).unwrap_or_else(|| panic!("no line {start:?} in:\n{text}"))
}

#[test]
fn doctor_names_what_to_fix_and_passes_when_all_is_well() {
    let demo = common::demo_copy();
    let dir = common::private_dir();
    let server = common::fixture_server("ok");
    let base = server.base.as_str();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr");
    let good = format!("[[feeds]]\nname = \"监测\"\nkind = \"monitor\"\nurl = \"{base}/monitor/alarms\"\n");
    let bad = format!("[[feeds]]\nname = \"断开\"\nkind = \"cap\"\nurl = \"http://{closed}/index.atom\"\n");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, format!("{good}{bad}")).expect("config");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    }
    let key = anjian::demo::tipoffs::key_path(&demo.path);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    }

    let (out, text) = doctor(&demo.path, &config, "dumb");
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(line(&text, "ok   config").contains("2 feed(s)"), "{text}");
    assert!(line(&text, "ok   database").contains("schema current"), "{text}");
    #[cfg(unix)]
    assert!(line(&text, "FIX  key file").contains(&format!("chmod 600 {}", key.display())), "{text}");
    assert!(line(&text, "ok   feed").contains("监测"), "{text}");
    // The holidays of the year that matters now (from November: next year) are checked.
    match anjian::domain::calendar::HolidayCalendar::built_in().missing_year(anjian::domain::time::today()) {
        Some(y) => assert!(line(&text, "note holidays").contains(&format!("{y}年节假日安排未载入")), "{text}"),
        None => assert!(!text.contains("holidays"), "{text}"),
    }
    assert!(line(&text, "FIX  feed").contains("断开") && text.contains("cannot connect"), "{text}");
    assert!(line(&text, "note terminal").contains("not a terminal"), "{text}");
    assert!(line(&text, "FIX  colour").contains("TERM=xterm-256color"), "{text}");
    assert!(line(&text, "note notifications").contains("bell"), "{text}");
    assert!(line(&text, "ok   audit key").contains("private (0600)"), "{text}");

    // Fixed: the key private, the dead feed gone, a real TERM.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    }
    std::fs::write(&config, &good).expect("config");
    let (out, text) = doctor(&demo.path, &config, "xterm-256color");
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("nothing to fix") && !text.contains("FIX"), "{text}");

    // A broken config is named with its line, and the other checks still run.
    std::fs::write(&config, format!("{good}\n[alarms]\nescalate_minutes = \"soon\"\n")).expect("config");
    let (out, text) = doctor(&demo.path, &config, "xterm-256color");
    assert_eq!(out.status.code(), Some(1), "{text}");
    let fix = line(&text, "FIX  config");
    assert!(fix.contains(&config.display().to_string()) && fix.contains("line "), "{fix}");
    assert!(line(&text, "ok   database").contains("units"), "{text}");

    // The database readable by others, and its -wal writable by the group: each named with its chmod.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::write(&config, &good).expect("config");
        let held = rusqlite::Connection::open(&demo.path).expect("a connection keeps the -wal");
        // Something in the -wal (SQLite gives an empty one the database's mode when it opens it).
        held.execute_batch(
            "PRAGMA wal_autocheckpoint = 0; CREATE TABLE doctor_probe (x); INSERT INTO doctor_probe VALUES (1);",
        )
        .expect("a write that stays in the wal");
        let wal = std::path::PathBuf::from(format!("{}-wal", demo.path.display()));
        assert!(wal.exists());
        std::fs::set_permissions(&demo.path, std::fs::Permissions::from_mode(0o644)).expect("chmod db");
        std::fs::set_permissions(&wal, std::fs::Permissions::from_mode(0o664)).expect("chmod wal");
        let (out, text) = doctor(&demo.path, &config, "xterm-256color");
        assert_eq!(out.status.code(), Some(1), "{text}");
        let fixes: Vec<&str> = text.lines().filter(|l| l.starts_with("FIX  files")).collect();
        assert!(
            fixes.iter().any(|l| l.contains("mode 0644") && l.ends_with(&format!("chmod 600 {}", demo.path.display()))),
            "{text}"
        );
        assert!(
            fixes.iter().any(|l| l.contains("mode 0664") && l.ends_with(&format!("chmod 600 {}", wal.display()))),
            "{text}"
        );
        std::fs::set_permissions(&demo.path, std::fs::Permissions::from_mode(0o600)).expect("chmod db");
        std::fs::set_permissions(&wal, std::fs::Permissions::from_mode(0o600)).expect("chmod wal");
        drop(held);
    }

    // An operator whose PIN predates the six-digit rule (hashed with the library's defaults, as
    // the earlier release did): named, with the command that fixes it.
    {
        use argon2::PasswordHasher;
        let old = argon2::Argon2::default().hash_password(b"0000").expect("hash").to_string();
        rusqlite::Connection::open(&demo.path)
            .expect("db")
            .execute("UPDATE operator SET pin_hash = ?1", [old])
            .expect("an old PIN");
        let (_, text) = doctor(&demo.path, &config, "xterm-256color");
        let fix = line(&text, "FIX  operators");
        assert!(fix.contains(anjian::demo::DEMO_OPERATOR) && fix.contains("anjian operator reset-pin NAME"), "{fix}");
    }

    // No database where it is looked for.
    let (out, text) = doctor(&dir.path().join("none.db"), &config, "xterm-256color");
    assert_eq!(out.status.code(), Some(1));
    assert!(line(&text, "FIX  database").contains("does not exist"), "{text}");
    drop(server);
}

/// A key file reached through a symbolic link in a world-writable folder, one of another account,
/// one in a folder others may write: refused by the program with what to fix, and named by doctor.
#[cfg(unix)]
#[test]
fn key_files_that_are_not_the_service_accounts_own_are_refused() {
    use std::os::unix::fs::PermissionsExt;
    let demo = common::demo_copy();
    let key = anjian::demo::tipoffs::key_path(&demo.path);
    let real = std::fs::read(&key).expect("key");
    let config = demo.dir.path().join("config.toml");
    std::fs::write(&config, "").expect("config");
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let export = || {
        Command::new(common::bin())
            .arg("--db")
            .arg(&demo.path)
            .arg("--config")
            .arg(&config)
            .args(["tipoff", "add", "--channel", "hotline", "--description", "测试", "--reporter-name", "某某"])
            .output()
            .expect("run")
    };
    let open_dir = tempfile::tempdir().expect("tmp");
    std::fs::set_permissions(open_dir.path(), std::fs::Permissions::from_mode(0o1777)).expect("chmod");

    // 1. A symbolic link (planted in a world-writable folder, pointing at the real key).
    let planted = open_dir.path().join("reporter.key");
    std::fs::write(&planted, &real).expect("write");
    std::fs::set_permissions(&planted, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    std::fs::remove_file(&key).expect("rm");
    std::os::unix::fs::symlink(&planted, &key).expect("symlink");
    let out = export();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("is a symbolic link") && err.contains(&key.display().to_string()), "{err}");
    let (_, text) = doctor(&demo.path, &config, "xterm-256color");
    assert!(line(&text, "FIX  key file").contains("is a symbolic link"), "{text}");

    // 2. The key file itself in a folder others may write.
    let cfg_moved = format!("key_file = \"{}\"\n", planted.display());
    std::fs::write(&config, &cfg_moved).expect("config");
    let out = export();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("lets other accounts replace files (mode 1777)") && err.contains("chmod 700"), "{err}");
    let (_, text) = doctor(&demo.path, &config, "xterm-256color");
    assert!(line(&text, "FIX  key file").contains("mode 1777"), "{text}");

    // 3. Another account's file (only root can make one).
    std::fs::write(&config, "").expect("config");
    std::fs::remove_file(&key).expect("rm link");
    std::fs::write(&key, &real).expect("key back");
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    assert!(export().status.success(), "the real key works again");
    if common::me() == "root" {
        std::os::unix::fs::chown(&key, Some(65534), None).expect("chown");
        let out = export();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("belongs to nobody") && err.contains("chown root:"), "{err}");
        let (_, text) = doctor(&demo.path, &config, "xterm-256color");
        assert!(line(&text, "FIX  key file").contains("belongs to nobody"), "{text}");
        assert!(text.lines().any(|l| l.starts_with("FIX  files") && l.contains("chown root:")), "{text}");
    } else {
        eprintln!("SKIPPED: a key file of another account needs root to make");
    }
}

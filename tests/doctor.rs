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
    let dir = tempfile::tempdir().expect("tempdir");
    let server = common::fixture_server("ok");
    let base = server.base.as_str();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr");
    let good = format!("[[feeds]]\nname = \"监测\"\nkind = \"monitor\"\nurl = \"{base}/monitor/alarms\"\n");
    let bad = format!("[[feeds]]\nname = \"断开\"\nkind = \"cap\"\nurl = \"http://{closed}/index.atom\"\n");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, format!("{good}{bad}")).expect("config");
    let key = anjian::demo_tipoffs::key_path(&demo.path);
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
    assert!(line(&text, "FIX  feed").contains("断开") && text.contains("cannot connect"), "{text}");
    assert!(line(&text, "note terminal").contains("not a terminal"), "{text}");
    assert!(line(&text, "FIX  colour").contains("TERM=xterm-256color"), "{text}");
    assert!(line(&text, "note notifications").contains("bell"), "{text}");

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

    // No database where it is looked for.
    let (out, text) = doctor(&dir.path().join("none.db"), &config, "xterm-256color");
    assert_eq!(out.status.code(), Some(1));
    assert!(line(&text, "FIX  database").contains("does not exist"), "{text}");
    drop(server);
}

//! The real binary's subcommands: demo, export, import, operator, audit verify, config errors.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn anjian(args: &[&str]) -> Output {
    Command::new(common::bin())
        .args(args)
        .env_remove("ANJIAN_DB")
        .env("ANJIAN_CONFIG", "/nonexistent-but-unused")
        .env_remove("ANJIAN_CONFIG")
        .env("USER", "tester")
        .output()
        .expect("run anjian")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn demo_db(dir: &Path) -> String {
    let db = dir.join("x.db");
    let db = db.to_str().expect("utf8 path").to_string();
    let out = anjian(&["demo", "--db", &db, "--no-tui"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).trim(), db, "demo --no-tui prints where the database is");
    db
}

#[test]
fn demo_then_export_lists_the_demo_units_and_reopening_keeps_data() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path());
    let out = anjian(&["--db", &db, "export", "units", "--format", "json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let units: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json array");
    assert_eq!(units.len(), 640);
    for key in
        ["uscc", "name", "grid", "community", "sector", "risk_level", "principal", "phone", "address", "lon", "lat"]
    {
        assert!(units[0].get(key).is_some(), "key {key} missing: {}", units[0]);
    }
    assert!(
        units.iter().all(|u| { ["red", "orange", "yellow", "blue"].contains(&u["risk_level"].as_str().unwrap_or("")) })
    );
    let without_grid = units.iter().filter(|u| u["grid"].is_null()).count();
    assert_eq!(without_grid, 12, "the demo keeps its deliberate coverage gaps");

    let audit_rows = |db: &str| -> i64 {
        let c = rusqlite::Connection::open(db).expect("open");
        c.query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0)).expect("count")
    };
    let units_now = |db: &str| -> i64 {
        let c = rusqlite::Connection::open(db).expect("open");
        c.query_row("SELECT COUNT(*) FROM unit", [], |r| r.get(0)).expect("count")
    };
    let (before, units_before) = (audit_rows(&db), units_now(&db));
    demo_db(dir.path());
    // Reopening syncs the demo's upstream once more (new alarms), but resets nothing.
    assert!(audit_rows(&db) >= before, "an existing demo database is reopened, not reset");
    assert_eq!(units_now(&db), units_before);

    let out_file = dir.path().join("units.csv");
    let out = anjian(&["--db", &db, "export", "units", "--out", out_file.to_str().expect("utf8")]);
    assert!(out.status.success());
    let csv = std::fs::read(&out_file).expect("csv written");
    assert!(csv.starts_with(b"\xEF\xBB\xBF\xE7\xBB\x9F"), "UTF-8 BOM then the Chinese header 统一社会信用代码");
    let out = anjian(&["--db", &db, "--lang", "en", "import", "units", out_file.to_str().expect("utf8")]);
    assert_eq!(text(&out.stdout), "units.csv: 640 rows imported: 0 new, 0 updated, 640 unchanged\n");
}

#[test]
fn audit_verify_passes_then_names_the_row_edited_with_the_sqlite3_shell() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path());
    let out = anjian(&["--db", &db, "audit", "verify"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("audit log intact: "), "{}", text(&out.stdout));

    let sql = "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET after = '{\"name\":\"forged\"}' WHERE id = 42;";
    let shell = Command::new("sqlite3").arg(&db).arg(sql).status();
    match shell {
        Ok(s) => assert!(s.success(), "sqlite3 shell failed"),
        Err(_) => {
            eprintln!("NOTE: no sqlite3 shell on this machine; editing the row through rusqlite instead");
            rusqlite::Connection::open(&db).expect("open").execute_batch(sql).expect("edit");
        }
    }
    let out = anjian(&["--db", &db, "audit", "verify"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "audit log broken at row 42: its content does not match its MAC (the row was edited, or the chain rebuilt \
         without the audit key)\n"
    );
}

#[test]
fn import_from_the_command_line_reports_and_exits_non_zero_on_bad_rows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path());
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "单位名称,行业领域,风险等级\n新店,工贸,紫\n").expect("write");
    let out = anjian(&["--db", &db, "--lang", "en", "import", "units", bad.to_str().expect("utf8"), "--dry-run"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "bad.csv: row 2, 风险等级: unknown risk level \"紫\" (red/orange/yellow/blue)\nbad.csv: 1 rows, 1 with problems; nothing was imported\n"
    );
    let out = anjian(&["--db", &db, "import", "units", "/nonexistent/u.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("u.csv: cannot read the file"), "{}", text(&out.stderr));
}

#[test]
fn operator_add_hashes_the_pin_and_refuses_short_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("o.db");
    let db = db.to_str().expect("utf8");
    let run = |pin: &str| {
        let mut child = Command::new(common::bin())
            .args(["--db", db, "operator", "add", "李明", "--role", "duty", "--pin-stdin"])
            .env("USER", "tester")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        use std::io::Write;
        child.stdin.take().expect("stdin").write_all(format!("{pin}\n").as_bytes()).expect("pin");
        child.wait_with_output().expect("wait")
    };
    let out = run("12");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("at least 6 digits"), "{}", text(&out.stderr));
    let out = run("12345x");
    assert!(text(&out.stderr).contains("digits only"), "{}", text(&out.stderr));
    let out = run("482916");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let c = rusqlite::Connection::open(db).expect("open");
    let (hash, who): (String, String) = c
        .query_row(
            "SELECT o.pin_hash, a.operator FROM operator o, audit_log a WHERE a.action = 'operator.add'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("row");
    assert!(hash.starts_with("$argon2") && !hash.contains("482916"));
    // USER=tester was set: identity comes from the kernel's user id, never the environment.
    assert_eq!(who, format!("cli:{}", common::me()), "headless commands are audited as the real account");

    // list, reset-pin and disable, each audited; an unknown name is named.
    let reset = {
        let mut child = Command::new(common::bin())
            .args(["--db", db, "operator", "reset-pin", "李明", "--pin-stdin"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        use std::io::Write;
        child.stdin.take().expect("stdin").write_all(b"135790\n").expect("pin");
        child.wait_with_output().expect("wait")
    };
    assert!(reset.status.success(), "{}", text(&reset.stderr));
    let out = anjian(&["--db", db, "operator", "disable", "李明"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let listed = text(&anjian(&["--db", db, "--lang", "en", "operator", "list"]).stdout);
    assert!(listed.contains("李明") && listed.contains("duty") && listed.contains("disabled"), "{listed}");
    let listed = text(&anjian(&["--db", db, "--lang", "zh", "operator", "list"]).stdout);
    assert!(listed.starts_with("姓名") && listed.contains("角色"), "a header in Chinese: {listed}");
    assert!(listed.lines().any(|l| l.starts_with("李明") && l.contains("值班") && l.contains("已停用")), "{listed}");
    let out = anjian(&["--db", db, "operator", "disable", "无此人"]);
    assert!(!out.status.success() && text(&out.stderr).contains("operator 无此人 not found"), "{}", text(&out.stderr));
    let actions: Vec<String> = c
        .prepare("SELECT action FROM audit_log WHERE record = '李明' ORDER BY id")
        .expect("stmt")
        .query_map([], |r| r.get(0))
        .expect("rows")
        .map(|r| r.expect("row"))
        .collect();
    assert_eq!(actions, ["operator.add", "operator.reset_pin", "operator.disable"]);
}

#[test]
fn opening_a_database_without_operators_says_what_to_do() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("new.db");
    let out = anjian(&["--db", db.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no operators yet; add one with `anjian --db"), "{}", text(&out.stderr));
}

#[test]
fn invalid_config_names_file_line_and_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = dir.path().join("anjian.toml");
    std::fs::write(&cfg, "theme = \"dark\"\nlang = \"fr\"\n").expect("write");
    let out = anjian(&["--config", cfg.to_str().expect("utf8"), "export", "units"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.starts_with(&format!("anjian: config {}, line 2:", cfg.display())), "{err}");
    assert!(err.contains("fr"), "{err}");
}

#[test]
fn every_subcommand_help_fits_one_screen() {
    for args in [
        vec!["--help"],
        vec!["demo", "--help"],
        vec!["import", "--help"],
        vec!["export", "--help"],
        vec!["operator", "--help"],
        vec!["operator", "add", "--help"],
        vec!["operator", "reset-pin", "--help"],
        vec!["operator", "disable", "--help"],
        vec!["operator", "role", "--help"],
        vec!["operator", "unlock", "--help"],
        vec!["station", "--help"],
        vec!["station", "add", "--help"],
        vec!["station", "list", "--help"],
        vec!["station", "remove", "--help"],
        vec!["audit", "--help"],
        vec!["audit", "verify", "--help"],
        vec!["audit", "anchor", "--help"],
        vec!["deadline", "add", "--help"],
        vec!["sync", "--help"],
        vec!["fixture-server", "--help"],
        vec!["tipoff", "add", "--help"],
        vec!["report", "--help"],
        vec!["template", "load", "--help"],
        vec!["template", "list", "--help"],
        vec!["template", "import", "--help"],
        vec!["doctor", "--help"],
        vec!["backup", "--help"],
        vec!["restore", "--help"],
        vec!["gen", "--help"],
    ] {
        let out = anjian(&args);
        assert!(out.status.success(), "{args:?}");
        let help = text(&out.stdout);
        assert!(help.lines().count() <= 24, "{args:?} help has {} lines", help.lines().count());
        assert!(help.lines().all(|l| l.chars().count() <= 100), "{args:?} help has a long line");
    }
}

#[test]
fn hazards_and_deadlines_export_with_the_same_dates_in_any_machine_time_zone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path());
    let run = |tz: &str, args: &[&str]| {
        let out = Command::new(common::bin()).env("TZ", tz).args(["--db", &db]).args(args).output().expect("run");
        assert!(out.status.success(), "{}", text(&out.stderr));
        out.stdout
    };
    let args = ["export", "deadlines", "--within", "30d", "--format", "json"];
    let utc = run("UTC", &args);
    assert_eq!(utc, run("America/New_York", &args), "dates are Beijing dates whatever the machine's zone");
    assert_eq!(utc, run("Asia/Shanghai", &args));
    let list: Vec<serde_json::Value> = serde_json::from_slice(&utc).expect("json");
    assert!(!list.is_empty());
    let today =
        chrono::Utc::now().with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("offset")).date_naive();
    let mut past_overdue = false;
    for d in &list {
        for key in ["kind", "due", "title", "unit_uscc", "overdue"] {
            assert!(d.get(key).is_some(), "{key} missing in {d}");
        }
        let due = chrono::NaiveDate::parse_from_str(d["due"].as_str().expect("due"), "%Y-%m-%d").expect("YYYY-MM-DD");
        assert!(due <= today + chrono::Duration::days(30), "{d}");
        assert_eq!(d["overdue"].as_bool(), Some(due < today));
        // Overdue first: once a non-overdue item appears, no overdue item follows.
        if d["overdue"] == true {
            assert!(!past_overdue, "overdue items come first: {d}");
        } else {
            past_overdue = true;
        }
    }
    let hazards: Vec<serde_json::Value> =
        serde_json::from_slice(&run("UTC", &["export", "hazards", "--format", "json"])).expect("json");
    assert_eq!(hazards.len(), 64);
    for key in ["id", "unit_uscc", "major", "source", "status", "deadline", "closed_at", "overdue"] {
        assert!(hazards[0].get(key).is_some(), "{key} missing");
    }
    assert!(hazards.iter().any(|h| h["overdue"] == true) && hazards.iter().any(|h| h["status"] == "closed"));
    let out = anjian(&["--db", &db, "export", "deadlines", "--within", "soon"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("\"soon\" is not a number of days"), "{}", text(&out.stderr));
}

#[test]
fn deadline_add_from_the_command_line_shows_in_the_export() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path());
    let uscc: String = rusqlite::Connection::open(&db)
        .expect("open")
        .query_row("SELECT uscc FROM unit WHERE uscc IS NOT NULL LIMIT 1", [], |r| r.get(0))
        .expect("unit");
    let today =
        chrono::Utc::now().with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("offset")).date_naive();
    let due = (today + chrono::Duration::days(3)).to_string();
    let out = anjian(&["--db", &db, "deadline", "add", "消防控制室值班人员持证复查", "--due", &due, "--unit", &uscc]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = anjian(&["--db", &db, "export", "deadlines", "--within", "10d", "--format", "json"]);
    let list: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    let item = list.iter().find(|d| d["kind"] == "manual").expect("the manual item is listed");
    assert_eq!(
        (item["title"].as_str(), item["due"].as_str(), item["unit_uscc"].as_str()),
        (Some("消防控制室值班人员持证复查"), Some(due.as_str()), Some(uscc.as_str()))
    );
    let out = anjian(&["--db", &db, "deadline", "add", "x", "--due", "2026-13-01"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("\"2026-13-01\" is not a date"), "{}", text(&out.stderr));
    let out = anjian(&["--db", &db, "deadline", "add", "x", "--due", "2026-12-01", "--unit", "不存在的单位"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--unit 不存在的单位: no unit"), "{}", text(&out.stderr));
}

#[test]
fn once_the_office_has_an_admin_operator_changes_need_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("a.db");
    let db = db.to_str().expect("utf8");
    let add = |name: &str, role: &str, pin: &str, admin: Option<(&str, &str)>| {
        let mut cmd = Command::new(common::bin());
        cmd.args(["--db", db, "operator", "add", name, "--role", role, "--pin-stdin"]).env("USER", "tester");
        if let Some((who, admin_pin)) = admin {
            cmd.args(["--as", who]).env("ANJIAN_ADMIN_PIN", admin_pin);
        }
        let mut child = cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn");
        use std::io::Write;
        child.stdin.take().expect("stdin").write_all(format!("{pin}\n").as_bytes()).expect("pin");
        child.wait_with_output().expect("wait")
    };
    // The first admin is made by whoever owns the database file.
    assert!(add("王主任", "admin", "975310", None).status.success());
    let out = add("李明", "duty", "246802", None);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("need one (--as NAME"), "{}", text(&out.stderr));
    let out = add("李明", "duty", "246802", Some(("王主任", "000000")));
    assert!(text(&out.stderr).contains("wrong name or PIN for --as 王主任"), "{}", text(&out.stderr));
    let out = add("李明", "duty", "246802", Some(("王主任", "975310")));
    assert!(out.status.success(), "{}", text(&out.stderr));
    // A duty officer is not an admin.
    let out = add("赵六", "duty", "135791", Some(("李明", "246802")));
    assert!(text(&out.stderr).contains("李明 is duty, not an admin"), "{}", text(&out.stderr));
    let who: String = rusqlite::Connection::open(db)
        .expect("open")
        .query_row("SELECT operator FROM audit_log WHERE action = 'operator.add' AND record = '李明'", [], |r| {
            r.get(0)
        })
        .expect("audit");
    assert_eq!(who, format!("王主任 (cli:{})", common::me()));
    // Listing needs no admin.
    assert!(anjian(&["--db", db, "operator", "list"]).status.success());
}

/// `station add/list/remove` as the service account would run them, the keys file in the config:
/// the key from a file or standard input, one forced line per key, bad keys and names named, the
/// same key refused for a second station, and every change in the audit log.
#[test]
fn stations_keep_their_keys_in_authorized_keys() {
    let dir = common::private_dir();
    let db = demo_db(dir.path());
    let keys = dir.path().join("ssh/authorized_keys");
    std::fs::create_dir_all(keys.parent().expect("dir")).expect("dir");
    std::fs::write(&keys, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB6T9FXeebQtfsJ7FFDU2H6E+lllNgGshNyQmgNnrn+b admin\n")
        .expect("an admin's own line");
    let cfg = dir.path().join("config.toml");
    std::fs::write(
        &cfg,
        format!("[stations]\nauthorized_keys = \"{}\"\nprogram = \"/usr/local/bin/anjian\"\n", keys.display()),
    )
    .expect("config");
    let key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPLyn6MBjr0/51YLJn9fkFjXc1ebHkC3dsSuj0y1elZY 溪口的电脑";
    let pubfile = dir.path().join("xikou.pub");
    std::fs::write(&pubfile, format!("{key}\n")).expect("pub");
    let station = |args: &[&str], stdin: Option<&str>| {
        let mut child = Command::new(common::bin())
            .args(["--db", &db, "--config", cfg.to_str().expect("utf8"), "station"])
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        use std::io::Write;
        let mut input = child.stdin.take().expect("stdin");
        if let Some(s) = stdin {
            input.write_all(s.as_bytes()).expect("stdin");
        }
        drop(input);
        child.wait_with_output().expect("wait")
    };
    let out = station(&["add", "溪口村站", "--key", pubfile.to_str().expect("utf8"), "--scope", "溪口村"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = station(
        &["add", "值班室", "--key-stdin"],
        Some("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDnFZySPe4T1A74OPzmTD7vD3/4V814QdJ6CbzZVxRT3 duty\n"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(&keys).expect("keys");
    assert!(
        written.starts_with("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB6T9FXeebQtfsJ7FFDU2H6E+lllNgGshNyQmgNnrn+b admin\n")
    );
    let forced: Vec<&str> = written.lines().filter(|l| l.starts_with("restrict,pty,")).collect();
    assert_eq!(
        forced,
        [
            "restrict,pty,command=\"/usr/local/bin/anjian station 溪口村站\" ssh-ed25519 \
             AAAAC3NzaC1lZDI1NTE5AAAAIPLyn6MBjr0/51YLJn9fkFjXc1ebHkC3dsSuj0y1elZY anjian-station:溪口村站",
            "restrict,pty,command=\"/usr/local/bin/anjian station 值班室\" ssh-ed25519 \
             AAAAC3NzaC1lZDI1NTE5AAAAIDnFZySPe4T1A74OPzmTD7vD3/4V814QdJ6CbzZVxRT3 anjian-station:值班室",
        ]
    );
    #[cfg(unix)]
    assert_eq!(
        std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&keys).expect("m").permissions()) & 0o777,
        0o600
    );
    let listed = text(&station(&["list"], None).stdout);
    assert!(
        listed.contains("溪口村站: 溪口村") && listed.contains("SHA256:wVAA/ZgEtf6UvpSs+aMkVvXPz0ekgmBLe0T1RAaoyTY"),
        "{listed}"
    );
    assert!(listed.contains("值班室: whole office"), "{listed}");

    for (args, stdin, said) in [
        (vec!["add", "桃源站", "--key", pubfile.to_str().expect("utf8")], None, "already belongs to station 溪口村站"),
        (vec!["add", "a b", "--key-stdin"], Some(key), "is not allowed"),
        (vec!["add", "list", "--key-stdin"], Some(key), "a word of the command itself"),
        (vec!["add", "桃源站", "--key-stdin"], Some("command=\"sh\" ssh-ed25519 AAAA x"), "starts with options"),
        (
            vec!["add", "桃源站", "--key-stdin", "--scope", "无此村"],
            Some("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPx1f6xnczbfGT+PC0pRSGNg3U2IFwvRfodv9CLK9HOs t"),
            "无此村 not found",
        ),
        (vec!["remove", "无此站"], None, "station 无此站 not found"),
    ] {
        let out = station(&args, stdin);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(text(&out.stderr).contains(said), "{args:?}: {}", text(&out.stderr));
    }
    let out = station(&["remove", "溪口村站"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(&keys).expect("keys");
    assert!(!written.contains("溪口村站") && written.contains("值班室") && written.contains(" admin\n"), "{written}");
    let actions: Vec<String> = rusqlite::Connection::open(&db)
        .expect("db")
        .prepare("SELECT action FROM audit_log WHERE entity = 'station' ORDER BY id")
        .expect("q")
        .query_map([], |r| r.get(0))
        .expect("rows")
        .collect::<rusqlite::Result<_>>()
        .expect("rows");
    assert_eq!(actions, ["station.add", "station.add", "station.remove"]);
    assert!(anjian(&["--db", &db, "audit", "verify"]).status.success());
}

/// `--lang zh --help` is Chinese for the program and every subcommand: clap's headings and flags
/// included; the only ASCII words left are the commands', options' and values' own names.
#[test]
fn help_in_chinese_for_every_command() {
    use clap::CommandFactory;
    let cmd = anjian::cli::Cli::command();
    // Names a user types: commands, options, their values; and value names in capitals.
    let mut names: std::collections::HashSet<String> = ["anjian", "help", "version"].map(String::from).into();
    fn collect(
        c: &clap::Command,
        names: &mut std::collections::HashSet<String>,
        paths: &mut Vec<Vec<String>>,
        at: Vec<String>,
    ) {
        for part in c.get_name().split('-') {
            names.insert(part.to_string());
        }
        for a in c.get_arguments() {
            for part in a.get_long().unwrap_or("").split('-') {
                names.insert(part.to_string());
            }
            for v in a.get_possible_values() {
                names.insert(v.get_name().to_string());
            }
        }
        if !c.is_hide_set() {
            paths.push(at.clone());
        }
        for s in c.get_subcommands() {
            let mut next = at.clone();
            next.push(s.get_name().to_string());
            collect(s, names, paths, next);
        }
    }
    let mut paths = Vec::new();
    collect(&cmd, &mut names, &mut paths, Vec::new());
    assert!(paths.len() > 30, "{}", paths.len());
    for path in paths {
        let mut args: Vec<&str> = vec!["--lang", "zh"];
        args.extend(path.iter().map(String::as_str));
        args.push("--help");
        let out = anjian(&args);
        let help = text(&out.stdout);
        assert!(out.status.success() && help.contains("用法："), "{path:?}: {help}{}", text(&out.stderr));
        let english: Vec<String> = help
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .filter(|w| w.len() >= 3 && w.chars().all(|c| c.is_ascii_alphabetic()))
            .filter(|w| !w.chars().all(|c| c.is_ascii_uppercase()) && !names.contains(*w))
            .filter(|w| {
                ![
                    "Markdown",
                    "cron",
                    "toml",
                    "csv",
                    "json",
                    "docx",
                    "xlsx",
                    "pub",
                    "config",
                    "key",
                    "restore",
                    "id_ed25519",
                ]
                .contains(w)
            })
            .map(str::to_string)
            .collect();
        assert!(english.is_empty(), "{path:?}: English words {english:?} in\n{help}");
    }
}

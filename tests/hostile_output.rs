//! Text from sheets and upstreams on its way out of the command line: an OSC 52 clipboard write or
//! a window-title change in a sheet cell or an upstream's error reaches neither the terminal (an
//! import report, a sync line) nor an export, and a cell a spreadsheet would run as a formula is
//! exported neutralised and comes back exactly on import.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output};

const OSC52: &str = "\u{1b}]52;c;ZWNobyBwd25lZA==\u{7}";
const TITLE: &str = "\u{1b}]0;pwned\u{1b}\\";

fn anjian(db: &Path, args: &[&str]) -> Output {
    Command::new(common::bin()).arg("--db").arg(db).args(args).env_remove("ANJIAN_DB").output().expect("anjian")
}

/// No byte a terminal acts on: ESC, BEL, C1 (as UTF-8), DEL.
fn assert_inert(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let bad: Vec<char> = text.chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')).collect();
    assert!(bad.is_empty(), "{what} carries {bad:?}:\n{text}");
}

fn demo() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = common::private_dir();
    let db = dir.path().join("office.db");
    let out = Command::new(common::bin()).args(["demo", "--no-tui", "--db"]).arg(&db).output().expect("demo");
    assert!(out.status.success());
    (dir, db)
}

const HEADER: &str =
    "统一社会信用代码,单位名称,所属网格,所属社区,行业领域,风险等级,主要负责人,联系电话,地址,经度,纬度\n";

#[test]
fn sheet_text_reaches_no_terminal_and_no_export() {
    let (dir, db) = demo();
    // A bad row quoting a hostile cell: the report names it, without the sequence.
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, format!("{HEADER},某加油站,{OSC52}第二网格,梅岭村,工贸,低风险,胡某,15164744820,某路1号,,\n"))
        .expect("sheet");
    let out = anjian(&db, &["import", "units", bad.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(1));
    assert_inert("the import report", &out.stderr);
    assert_inert("the import report (stdout)", &out.stdout);
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(report.contains("\u{FFFD}]52;c;ZWNobyBwd25lZA==\u{FFFD}第二网格"), "the cell is shown, defused:\n{report}");

    // A good row with hostile text is stored as sent; exports defuse it.
    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        format!("{HEADER},{TITLE}加油站{OSC52},第二网格,梅岭村,工贸,低风险,胡某,15164744820,某路1号,,\n"),
    )
    .expect("sheet");
    let out = anjian(&db, &["import", "units", good.to_str().expect("utf8")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_inert("the import summary", &out.stdout);
    for format in ["csv", "json"] {
        let out = anjian(&db, &["export", "units", "--format", format]);
        assert!(out.status.success());
        assert_inert(&format!("export units --format {format}"), &out.stdout);
    }
    let json = String::from_utf8_lossy(&anjian(&db, &["export", "units", "--format", "json"]).stdout).to_string();
    assert!(json.contains(r"\u001b]52;c;ZWNobyBwd25lZA==\u0007"), "JSON keeps the text, escaped");
    let names: Vec<String> = serde_json::from_str::<Vec<serde_json::Value>>(&json)
        .expect("valid JSON")
        .iter()
        .filter_map(|u| u["name"].as_str().map(str::to_string))
        .collect();
    assert!(names.iter().any(|n| n.contains(OSC52)), "and a JSON reader gets it back exactly");
}

#[test]
fn formula_cells_are_neutralised_and_come_back_exactly() {
    let (dir, db) = demo();
    let formula = "=HYPERLINK(\"http://evil.example\",\"点我查看\")";
    let sheet = dir.path().join("f.csv");
    std::fs::write(
        &sheet,
        format!(
            "{HEADER},\"{}\",第二网格,梅岭村,工贸,低风险,@SUM(1+1),15164744820,\"{}\",,\n",
            "+加油站".replace('"', "\"\""),
            formula.replace('"', "\"\"")
        ),
    )
    .expect("sheet");
    let out = anjian(&db, &["import", "units", sheet.to_str().expect("utf8")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let exported = dir.path().join("units.csv");
    let out = anjian(&db, &["export", "units", "--out", exported.to_str().expect("utf8")]);
    assert!(out.status.success());
    let text = std::fs::read_to_string(&exported).expect("export");
    let row = text.lines().find(|l| l.contains("HYPERLINK")).expect("the row");
    assert!(row.contains("\"'=HYPERLINK("), "a spreadsheet shows it as text: {row}");
    assert!(row.contains(",'+加油站,") && row.contains(",'@SUM(1+1),"), "{row}");
    assert!(!text.lines().any(|l| l.split(',').any(|c| c.starts_with('='))), "no cell starts a formula");
    // Imported again: every unit unchanged, the cells exactly as they were.
    let out = Command::new(common::bin())
        .arg("--db")
        .arg(&db)
        .args(["--lang", "en", "import", "units"])
        .arg(&exported)
        .output()
        .expect("import");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "units.csv: 641 rows imported: 0 new, 0 updated, 641 unchanged\n");
    let c = rusqlite::Connection::open(&db).expect("db");
    let (name, principal, address): (String, String, String) = c
        .query_row("SELECT name, principal, address FROM unit WHERE address LIKE '%HYPERLINK%'", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .expect("unit");
    assert_eq!((name.as_str(), principal.as_str(), address.as_str()), ("+加油站", "@SUM(1+1)", formula));
}

#[test]
fn an_upstream_error_with_escape_sequences_reaches_no_terminal() {
    // An Open311 server whose error document carries an OSC 52 write and a title change (JSON
    // escapes, so the text itself holds the control characters once parsed).
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        for s in listener.incoming() {
            let Ok(mut s) = s else { return };
            let mut buf = [0u8; 4096];
            let _ = std::io::Read::read(&mut s, &mut buf);
            let body = r#"[{"code":403,"description":"\u001b]52;c;ZWNobyBwd25lZA==\u0007\u001b]0;pwned\u001b\\ key refused"}]"#;
            let _ = write!(
                s,
                "HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    let (dir, db) = demo();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!("[[feeds]]\nname = \"12345\"\nkind = \"open311\"\nurl = \"http://{addr}/open311/v2\"\n"),
    )
    .expect("config");
    let out = Command::new(common::bin())
        .arg("--db")
        .arg(&db)
        .arg("--config")
        .arg(&config)
        .args(["sync", "--once"])
        .output()
        .expect("sync");
    assert_eq!(out.status.code(), Some(1));
    assert_inert("sync's lines", &out.stdout);
    assert_inert("sync's errors", &out.stderr);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("key refused") && said.contains("\u{FFFD}]52;c;"), "{said}");
    for format in ["csv", "json"] {
        let out = anjian(&db, &["export", "feeds", "--format", format]);
        assert_inert(&format!("export feeds --format {format}"), &out.stdout);
    }
}

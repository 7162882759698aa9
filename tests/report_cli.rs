//! `anjian report` and `anjian template load|list` from the command line: files written and
//! recorded, and every bad argument named.

mod common;

use std::process::{Command, Output};

fn anjian(db: &std::path::Path, args: &[&str]) -> Output {
    Command::new(common::bin()).arg("--db").arg(db).args(args).env("LANG", "en_US.UTF-8").output().expect("run")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn report_writes_the_chosen_formats_and_records_them() {
    let demo = common::demo_copy();
    let out_dir = demo.dir.path().join("out");
    let out = anjian(
        &demo.path,
        &["report", "--quarter", "2026q4", "--format", "md,xlsx", "--out", out_dir.to_str().expect("utf-8")],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
    for ext in ["md", "xlsx"] {
        let path = out_dir.join(format!("anjian-report-2026Q4.{ext}"));
        assert!(path.exists() && stdout.contains(&path.display().to_string()), "{stdout}");
    }
    assert!(!out_dir.join("anjian-report-2026Q4.docx").exists());
    let md = std::fs::read_to_string(out_dir.join("anjian-report-2026Q4.md")).expect("md");
    assert!(md.starts_with("# 云溪街道办事处: work-safety report for 2026Q4"), "{}", &md[..200.min(md.len())]);
    let rows: i64 = rusqlite::Connection::open(&demo.path)
        .expect("open")
        .query_row("SELECT count(*) FROM report_compiled WHERE quarter = '2026Q4'", [], |r| r.get(0))
        .expect("count");
    assert_eq!(rows, 2);
    // No reporter identity reaches a report: the demo's reporters are sealed, and the report
    // carries only counts of tip-offs.
    for name in ["吴佳", "13588000003"] {
        assert!(!md.contains(name), "{name} in the report");
    }
    // Reports hold the office's records: readable by this account only.
    #[cfg(unix)]
    for ext in ["md", "xlsx"] {
        use std::os::unix::fs::PermissionsExt;
        let mode =
            std::fs::metadata(out_dir.join(format!("anjian-report-2026Q4.{ext}"))).expect("m").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{ext}");
    }
}

/// A link planted where a report used to be written half-way (`NAME.part`) is never followed:
/// the temporary file has a random name and is created exclusively.
#[cfg(unix)]
#[test]
fn a_planted_link_at_a_predictable_name_is_not_followed() {
    let demo = common::demo_copy();
    let out_dir = demo.dir.path().join("out");
    std::fs::create_dir_all(&out_dir).expect("dir");
    let victim = demo.dir.path().join("victim.txt");
    std::fs::write(&victim, "someone else's file").expect("victim");
    for ext in ["md", "xlsx", "docx"] {
        std::os::unix::fs::symlink(&victim, out_dir.join(format!("anjian-report-2026Q4.{ext}.part"))).expect("plant");
    }
    let out = anjian(&demo.path, &["report", "--quarter", "2026Q4", "--out", out_dir.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&victim).expect("victim"), "someone else's file");
    let left: Vec<String> = std::fs::read_dir(&out_dir)
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

#[test]
fn bad_quarter_format_and_template_are_named() {
    let demo = common::demo_copy();
    let out = anjian(&demo.path, &["report", "--quarter", "2026Q5", "--out", "x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("\"2026Q5\" is not a quarter"), "{}", text(&out.stderr));
    let out = anjian(&demo.path, &["report", "--format", "pdf", "--out", "x"]);
    assert!(text(&out.stderr).contains("unknown report format \"pdf\""), "{}", text(&out.stderr));
    let out = anjian(&demo.path, &["template", "load", "--builtin", "nope"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("no built-in template \"nope\""), "{}", text(&out.stderr));
    let bad = demo.dir.path().join("bad.toml");
    std::fs::write(&bad, "name = \"x\"\nsource = \"y\"\n\n[[task]]\nnumber = 1\ntitle = \"t\"\n\n[[measure]]\ntask = 1\nnumber = 1\ntitle = \"m\"\nevery = \"weekly\"\n").expect("write");
    let out = anjian(&demo.path, &["template", "load", bad.to_str().expect("utf-8")]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("bad.toml, line 12: field \"every\""), "{err}");
}

#[test]
fn template_load_and_list() {
    let demo = common::demo_copy();
    let out = anjian(&demo.path, &["template", "list"]);
    let listed = text(&out.stdout);
    assert!(out.status.success());
    for id in ["district-letter-2024", "town-plan-2024-2026", "street-plan-2024-2026", "assessment-2024"] {
        assert!(listed.contains(&format!("* {id}")), "the demo loads {id}:\n{listed}");
    }
    let mine = demo.dir.path().join("mine.toml");
    std::fs::write(&mine, "name = \"本街道补充事项\"\nsource = \"街道\"\n\n[[task]]\nnumber = 1\ntitle = \"消防\"\n\n[[measure]]\ntask = 1\nnumber = 1\ntitle = \"冬季消防检查\"\ndue = 2026-12-31\n").expect("write");
    let out = anjian(&demo.path, &["template", "load", mine.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("plan mine loaded"), "{}", text(&out.stdout));
    let again = anjian(&demo.path, &["template", "load", mine.to_str().expect("utf-8")]);
    assert!(again.status.success());
    let listed = text(&anjian(&demo.path, &["template", "list"]).stdout);
    assert_eq!(listed.matches("本街道补充事项").count(), 1, "loading again updates in place:\n{listed}");
}

/// A Chinese report says everything in Chinese: no ASCII word of three letters or more in its text
/// but what the office's own data holds (a unit named …KTV) and codes.
#[test]
fn a_chinese_report_has_no_english_words() {
    let demo = common::demo_copy();
    let s = common::open(&demo.path);
    let q = anjian::domain::calendar::Quarter::of(common::today());
    let r =
        anjian::report::compile(s.conn(), q, common::today(), "演示值班员", anjian::i18n::Lang::Zh).expect("compile");
    let md =
        anjian::report::export::render(&r, anjian::report::export::Format::Md, anjian::i18n::Lang::Zh).expect("md");
    let text = String::from_utf8(md).expect("utf-8");
    let names: String = s
        .conn()
        .prepare("SELECT name FROM unit UNION ALL SELECT name FROM feed UNION ALL SELECT description FROM hazard")
        .expect("q")
        .query_map([], |r| r.get::<_, String>(0))
        .expect("rows")
        .collect::<Result<Vec<_>, _>>()
        .expect("names")
        .join("\n");
    let mut english = Vec::new();
    let mut word = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_alphabetic() {
            word.push(c);
        } else {
            if word.len() >= 3 && !names.contains(&word) {
                english.push(word.clone());
            }
            word.clear();
        }
    }
    assert!(english.is_empty(), "English in the Chinese report: {english:?}");
}

/// `anjian office set` names the office as its report does: the addressee under the title, the
/// full name and date signing it, the contact under the date; `office show` says what is missing,
/// and a plan not loaded is refused by name. Every change is audited.
#[test]
fn the_office_identity_is_set_shown_and_signs_the_report() {
    let demo = common::demo_copy();
    let zh = |args: &[&str]| {
        Command::new(common::bin())
            .arg("--db")
            .arg(&demo.path)
            .arg("--lang")
            .arg("zh")
            .args(args)
            .output()
            .expect("run")
    };
    let shown = text(&zh(&["office", "show"]).stdout);
    assert!(shown.contains("单位全称  云溪街道办事处") && shown.contains("报告所需信息齐全"), "{shown}");
    let bad = zh(&["office", "set", "--main-plan", "no-such-plan"]);
    assert!(!bad.status.success());
    assert!(
        text(&bad.stderr).contains("no-such-plan") && text(&bad.stderr).contains("street-plan-2024-2026"),
        "{}",
        text(&bad.stderr)
    );
    let set = zh(&["office", "set", "--superior", "区应急管理局", "--contact", "王五", "--phone", "0571-86010001"]);
    assert!(set.status.success(), "{}", text(&set.stderr));
    assert!(text(&set.stdout).contains("主送机关  区应急管理局"), "{}", text(&set.stdout));
    let cleared = zh(&["office", "set", "--phone", ""]);
    assert!(
        text(&cleared.stdout).contains("报告还缺：联系电话（anjian office set --phone …）"),
        "{}",
        text(&cleared.stdout)
    );
    zh(&["office", "set", "--phone", "0571-86010001"]);
    let audited: i64 = common::open(&demo.path)
        .conn()
        .query_row("SELECT count(*) FROM audit_log WHERE action = 'office.identity'", [], |r| r.get(0))
        .expect("audit");
    assert_eq!(audited, 4, "the demo's own, and the three changes here");

    let out_dir = demo.dir.path().join("reports");
    let out = zh(&["report", "--quarter", "2026q4", "--format", "md,docx", "--out", out_dir.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let md = std::fs::read_to_string(out_dir.join("anjian-report-2026Q4.md")).expect("md");
    for want in [
        "# 云溪街道办事处关于2026年第四季度安全生产治本攻坚工作情况的报告",
        "\n区应急管理局：\n",
        "特此报告。",
        "云溪街道办事处  \n20",
        "（联系人：王五，联系电话：0571-86010001）",
    ] {
        assert!(md.contains(want), "{want:?} not in:\n{md}");
    }
    let docx = std::fs::read(out_dir.join("anjian-report-2026Q4.docx")).expect("docx");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("zip");
    let mut doc = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").expect("doc"), &mut doc).expect("utf-8");
    assert!(doc.contains("区应急管理局：") && doc.contains("（联系人：王五"), "the DOCX says it too");
    // The report follows the main plan only.
    assert!(md.contains("街道安全生产治本攻坚三年行动实施方案") && !md.contains("2024年度提醒函"), "one plan");
}

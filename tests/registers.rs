//! The office's registers from the command line and the duty log: accident and work-record sheets
//! imported all or nothing with every bad row named (file, row, column, in the user's language),
//! imported twice without doubling, exported back unchanged; `accident add` and `accident list`;
//! a serious accident written in the duty log opening its register entry and its report time
//! reaching the register.

mod common;

use anjian::domain::duty::EntryKind;
use std::process::{Command, Output};

fn anjian(db: &std::path::Path, lang: &str, args: &[&str]) -> Output {
    Command::new(common::bin()).arg("--db").arg(db).arg("--lang").arg(lang).args(args).output().expect("run")
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

fn count(db: &std::path::Path, table: &str) -> i64 {
    rusqlite::Connection::open(db)
        .expect("open")
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .expect("count")
}

#[test]
fn accident_and_work_sheets_import_all_or_nothing_twice_without_doubling_and_export_back() {
    let demo = common::demo_copy();
    let db = &demo.path;
    let (accidents, records) = (count(db, "accident"), count(db, "work_record"));
    let sheet = demo.dir.path().join("事故.csv");
    std::fs::write(
        &sheet,
        "发生时间,事故单位,事故类别,事故等级,死亡人数,重伤人数,报送时间\n\
         2026/10/5 14:20,91330110MKLMDU3EMQ,机械伤害,,1,,2026-10-05 14:50\n\
         2026-10-06 08:00,某外来施工队,高处坠落,一般,3,0,\n\
         昨天,某店,翻车,特别严重,x,,\n\
         2026-10-07 08:00,某店,触电,,0,0,2026-10-07 07:00\n",
    )
    .expect("sheet");
    let o = anjian(db, "zh", &["import", "accidents", sheet.to_str().expect("utf-8")]);
    let out = text(&o);
    assert!(!o.status.success(), "{out}");
    for line in [
        "事故.csv: 第3行，事故等级：事故等级“一般”低于伤亡人数对应的等级（至少为较大）",
        "事故.csv: 第4行，发生时间：“昨天”不是日期和时刻（如2026-11-03 14:20）",
        "事故.csv: 第4行，事故类别：事故类别“翻车”不在GB 6441的20类中",
        "事故.csv: 第4行，事故等级：事故等级“特别严重”未知",
        "事故.csv: 第4行，死亡人数：“x”不是人数",
        "事故.csv: 第5行，报送时间：报送时间早于发生时间",
        "共4行，其中3行有问题；未导入任何数据",
    ] {
        assert!(out.contains(line), "{line}\n{out}");
    }
    assert_eq!(count(db, "accident"), accidents, "nothing written");
    let o = anjian(db, "en", &["import", "accidents", sheet.to_str().expect("utf-8")]);
    assert!(
        text(&o).contains("row 3, 事故等级: level \"一般\" is below what the casualties make it (at least larger)")
    );
    std::fs::write(
        &sheet,
        "发生时间,事故单位,事故类别,事故等级,死亡人数,重伤人数,报送时间\n\
         2026/10/5 14:20,91330110MKLMDU3EMQ,机械伤害,,1,,2026-10-05 14:50\n\
         2026-10-06 08:00,某外来施工队,高处坠落,,3,0,\n",
    )
    .expect("sheet");
    let o = anjian(db, "en", &["import", "accidents", sheet.to_str().expect("utf-8")]);
    assert!(text(&o).contains("2 rows imported: 2 new, 0 updated, 0 unchanged"), "{}", text(&o));
    let o = anjian(db, "en", &["import", "accidents", sheet.to_str().expect("utf-8")]);
    assert!(text(&o).contains("0 new") && text(&o).contains("2 unchanged"), "{}", text(&o));
    assert_eq!(count(db, "accident"), accidents + 2);
    // The unit on record by its USCC keeps its name; the level follows the casualties.
    let list = text(&anjian(db, "zh", &["accident", "list"]));
    assert!(
        list.contains("2026-10-05 14:20  梅岭永兴机械制造有限公司  机械伤害  一般事故  死亡1人 重伤0人  1小时内报送"),
        "{list}"
    );
    assert!(list.contains("2026-10-06 08:00  某外来施工队  高处坠落  较大事故  死亡3人 重伤0人  未报送"), "{list}");
    // Exported with the headers import reads, and imported back unchanged.
    let exported = demo.dir.path().join("导出.csv");
    let o = anjian(db, "zh", &["export", "accidents", "--out", exported.to_str().expect("utf-8")]);
    assert!(o.status.success(), "{}", text(&o));
    let o = anjian(db, "zh", &["import", "accidents", exported.to_str().expect("utf-8")]);
    assert!(text(&o).contains(&format!("新增0，更新0，未变{}", accidents + 2)), "{}", text(&o));

    let sheet = demo.dir.path().join("work.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in ["类别", "日期", "事项", "单位", "罚款金额（元）", "人数"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("header");
    }
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 10, 12).expect("date");
    let fmt = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    ws.write_string(1, 0, "行政处罚").expect("c");
    ws.write_datetime_with_format(1, 1, &date, &fmt).expect("a date typed as a date");
    ws.write_string(1, 2, "未按规定开展隐患排查").expect("c");
    ws.write_string(1, 3, "梅岭永兴机械制造有限公司").expect("c");
    ws.write_number(1, 4, 20000.0).expect("c");
    ws.write_string(2, 0, "会议").expect("c");
    ws.write_string(2, 1, "2026-13-01").expect("c");
    ws.write_string(2, 2, "x").expect("c");
    ws.write_string(2, 5, "-3").expect("c");
    book.save(&sheet).expect("save");
    let o = anjian(db, "en", &["import", "work", sheet.to_str().expect("utf-8")]);
    let out = text(&o);
    for line in [
        "work.xlsx: row 3, 类别: unknown kind \"会议\" (enforcement/training/publicity)",
        "work.xlsx: row 3, 日期: \"2026-13-01\" is not a date (e.g. 2026-11-03)",
        "work.xlsx: row 3, 人数: \"-3\" is not a number of people (0 or more)",
    ] {
        assert!(out.contains(line), "{line}\n{out}");
    }
    assert_eq!(count(db, "work_record"), records, "nothing written");
    // Without the bad row: the date cell read as a date, the case kept against the unit on record.
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in ["类别", "日期", "事项", "单位", "罚款金额（元）"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("header");
    }
    ws.write_string(1, 0, "行政处罚").expect("c");
    ws.write_datetime_with_format(1, 1, &date, &fmt).expect("date");
    ws.write_string(1, 2, "未按规定开展隐患排查（复查）").expect("c");
    ws.write_string(1, 3, "91330110MKLMDU3EMQ").expect("c");
    ws.write_number(1, 4, 20000.0).expect("c");
    book.save(&sheet).expect("save");
    for want in ["1 new", "1 unchanged"] {
        let o = anjian(db, "en", &["import", "work", sheet.to_str().expect("utf-8")]);
        assert!(text(&o).contains(want), "{want}: {}", text(&o));
    }
    let csv = text(&anjian(db, "zh", &["export", "work"]));
    assert!(csv.contains("执法,2026-10-12,未按规定开展隐患排查（复查）,梅岭永兴机械制造有限公司,20000,,"), "{csv}");
}

#[test]
fn accident_add_names_what_is_wrong_and_lists_the_register() {
    let demo = common::demo_copy();
    let db = &demo.path;
    let add = |lang: &str, extra: &[&str]| {
        let mut args = vec!["accident", "add", "--at", "2026-11-20 16:05", "--unit", "某建筑工地"];
        if !extra.contains(&"--kind") {
            args.extend_from_slice(&["--kind", "坍塌"]);
        }
        args.extend_from_slice(extra);
        anjian(db, lang, &args)
    };
    let o = add("zh", &["--deaths", "10", "--level", "较大"]);
    assert!(!o.status.success());
    assert!(text(&o).contains("accident add --level：“较大”低于伤亡人数对应的等级（至少为重大）"), "{}", text(&o));
    let o = add("en", &["--kind", "翻车"]);
    assert!(!o.status.success() && text(&o).contains("is not a GB 6441 type"), "{}", text(&o));
    let o = add("en", &["--reported-at", "2026-11-20 15:00"]);
    assert!(!o.status.success() && text(&o).contains("reported before it happened"), "{}", text(&o));
    let o = add("en", &["--deaths", "10", "--reported-at", "2026-11-20 16:50"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("registered: 2026-11-20 16:05 某建筑工地 collapse major"), "{}", text(&o));
    let list = text(&anjian(db, "en", &["accident", "list"]));
    assert!(
        list.contains("某建筑工地  collapse  major  10 dead, 0 seriously injured  reported within the hour"),
        "{list}"
    );
    assert_eq!(count(db, "accident"), 2, "the demo's one and this one");
}

#[test]
fn a_serious_accident_in_the_duty_log_opens_its_register_entry_and_its_report_reaches_it() {
    let demo = common::demo_copy();
    let mut s = common::open(&demo.path);
    s.fix_clock(common::now());
    let entry = s
        .write("值班员甲", |w| anjian::store::duty::add_entry(w, EntryKind::SeriousAccident, "某厂爆燃，3人被困"))
        .expect("entry");
    let open = anjian::store::accidents::to_complete(s.conn()).expect("register");
    assert_eq!(open.len(), 1);
    assert_eq!((open[0].duty_entry, open[0].occurred_at.as_str()), (Some(entry), "2026-11-23T09:30:00+08:00"));
    assert_eq!(open[0].description, "某厂爆燃，3人被困");
    // An ordinary entry opens nothing.
    s.write("值班员甲", |w| anjian::store::duty::add_entry(w, EntryKind::CallReceived, "来电咨询")).expect("call");
    assert_eq!(anjian::store::accidents::to_complete(s.conn()).expect("register").len(), 1);
    s.fix_clock(common::now() + chrono::Duration::minutes(42));
    s.write("值班员甲", |w| anjian::store::duty::mark_reported(w, entry, 1)).expect("reported");
    let a = anjian::store::accidents::get(s.conn(), open[0].id).expect("get").expect("there");
    assert_eq!(a.reported_at.as_deref(), Some("2026-11-23T10:12:00+08:00"));
    let section = anjian::store::accidents::section(
        s.conn(),
        chrono::NaiveDate::from_ymd_opt(2026, 10, 1).expect("d"),
        chrono::NaiveDate::from_ymd_opt(2026, 12, 31).expect("d"),
        true,
    )
    .expect("section");
    assert_eq!(section.serious_in_hour, anjian::report::model::Share { part: 1, whole: 1 });
    // Both writes are in the audit log.
    let actions: Vec<String> = s
        .conn()
        .prepare("SELECT action FROM audit_log WHERE entity = 'accident' AND record = ?1 ORDER BY id")
        .expect("q")
        .query_map([open[0].id.to_string()], |r| r.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("actions");
    assert_eq!(actions, ["accident.create", "accident.reported"]);
}

//! Import of the office's sheets: good CSV, GBK CSV, XLSX, bad rows (exact messages), all or
//! nothing, re-import without duplicates, and export that re-imports unchanged.

mod common;

use anjian::i18n::Lang;
use anjian::import::{Entity, import_file};
use anjian::store::Store;
use std::path::{Path, PathBuf};

const GRIDS: &str =
    "所属社区,网格名称,网格编号\n东湖社区,第一网格,DH01\n东湖社区,第二网格,DH02\n西岭村,第一网格,XL01\n";
const OFFICERS: &str =
    "姓名,角色,联系电话,负责网格\n赵敏,网格长,13905710001,东湖社区/第一网格\n钱军,网格员,13905710002,DH02\n";

/// Good rows in English headers, one without a USCC (identified by name + address).
const UNITS_EN: &str = "uscc,name,grid,community,sector,risk_level,principal,phone,address,lon,lat
91350100M000100Y43,East Lake Hardware,第一网格,东湖社区,nine_small,yellow,Zhou Li,13812345678,1 Donghu Rd,120.1,30.2
,Riverside Rental House,第二网格,东湖社区,rental_housing,blue,Wu Fang,0571-88776655,8 River Lane,,
91330106MA2H0E1X17,Xiling Gas Station,XL01,,gas,red,Chen Gang,13700000000,2 Xiling Rd,120.2,30.3
";

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = Store::open(&dir.path().join("t.db")).expect("open");
    (dir, s)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write");
    p
}

fn count(s: &Store, table: &str) -> i64 {
    s.conn().query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0)).expect("count")
}

fn network(dir: &Path, s: &mut Store) {
    let g = write(dir, "grids.csv", GRIDS.as_bytes());
    assert!(import_file(s, "test", Entity::Grids, &g, false).expect("grids").ok());
    let o = write(dir, "officers.csv", OFFICERS.as_bytes());
    let r = import_file(s, "test", Entity::Officers, &o, false).expect("officers");
    assert!(r.ok(), "{}", r.render(Lang::En));
}

#[test]
fn good_csv_imports_and_reimport_updates_instead_of_duplicating() {
    let (dir, mut s) = store();
    network(dir.path(), &mut s);
    assert_eq!(count(&s, "community"), 2);
    assert_eq!(count(&s, "grid"), 3);
    let f = write(dir.path(), "units.csv", UNITS_EN.as_bytes());
    let r = import_file(&mut s, "test", Entity::Units, &f, false).expect("import");
    assert_eq!(r.render(Lang::En), "units.csv: 3 rows imported: 3 new, 0 updated, 0 unchanged\n");
    assert_eq!(count(&s, "unit"), 3);
    let r = import_file(&mut s, "test", Entity::Units, &f, false).expect("again");
    assert_eq!(r.render(Lang::En), "units.csv: 3 rows imported: 0 new, 0 updated, 3 unchanged\n");
    let changed = UNITS_EN.replace("Zhou Li", "Zhou Min").replace("8 River Lane,,", "8 River Lane,120.15,30.25");
    let f2 = write(dir.path(), "units2.csv", changed.as_bytes());
    let r = import_file(&mut s, "test", Entity::Units, &f2, false).expect("changed");
    assert_eq!(r.render(Lang::Zh), "units2.csv：共3行已导入：新增0，更新2，未变1\n");
    assert_eq!(count(&s, "unit"), 3, "re-import never duplicates");
    let (principal, version): (String, i64) = s
        .conn()
        .query_row("SELECT principal, version FROM unit WHERE uscc = '91350100M000100Y43'", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("row");
    assert_eq!((principal.as_str(), version), ("Zhou Min", 2));
    let audited: i64 = s
        .conn()
        .query_row("SELECT COUNT(*) FROM audit_log WHERE action = 'unit.update'", [], |r| r.get(0))
        .expect("audit");
    assert_eq!(audited, 2, "every change is audited with before and after");
}

#[test]
fn gbk_csv_with_chinese_headers_imports() {
    let (dir, mut s) = store();
    network(dir.path(), &mut s);
    let text = "统一社会信用代码,单位名称,所属网格,所属社区,行业领域,风险等级,主要负责人,联系电话,地址,经度,纬度\n\
                91350100M000100Y43,东湖五金店,第一网格,东湖社区,九小场所,黄,周丽,13812345678,东湖路1号,120.1,30.2\n\
                ,河畔出租房,第二网格,东湖社区,自建房,蓝色,吴芳,,河畔巷8号,,\n";
    let (gbk, _, lossy) = encoding_rs::GBK.encode(text);
    assert!(!lossy);
    let f = write(dir.path(), "单位台账.csv", &gbk);
    let r = import_file(&mut s, "test", Entity::Units, &f, false).expect("import");
    assert_eq!(r.render(Lang::Zh), "单位台账.csv：共2行已导入：新增2，更新0，未变0\n");
    let name: String =
        s.conn().query_row("SELECT name FROM unit WHERE uscc IS NOT NULL", [], |r| r.get(0)).expect("name");
    assert_eq!(name, "东湖五金店");
}

#[test]
fn xlsx_imports_with_numbers_in_cells() {
    let (dir, mut s) = store();
    network(dir.path(), &mut s);
    let path = dir.path().join("units.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let headers =
        ["单位名称", "统一社会信用代码", "所属网格", "行业领域", "风险等级", "联系电话", "地址", "经度", "纬度"];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("header");
    }
    ws.write_string(1, 0, "西岭化工有限公司").expect("cell");
    ws.write_string(1, 1, "91330106MA2H0E1X17").expect("cell");
    ws.write_string(1, 2, "XL01").expect("cell");
    ws.write_string(1, 3, "危险化学品").expect("cell");
    ws.write_string(1, 4, "橙").expect("cell");
    // Clerks type phone numbers as numbers; they must not come back as 1.37e10.
    ws.write_number(1, 5, 13700000000.0).expect("cell");
    ws.write_string(1, 6, "西岭路2号").expect("cell");
    ws.write_number(1, 7, 120.2).expect("cell");
    ws.write_number(1, 8, 30.3).expect("cell");
    wb.save(&path).expect("save xlsx");
    let r = import_file(&mut s, "test", Entity::Units, &path, false).expect("import");
    assert_eq!(r.render(Lang::En), "units.xlsx: 1 rows imported: 1 new, 0 updated, 0 unchanged\n");
    let (phone, risk, lon): (String, String, f64) = s
        .conn()
        .query_row("SELECT phone, risk_level, lon FROM unit", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("row");
    assert_eq!((phone.as_str(), risk.as_str(), lon), ("13700000000", "significant", 120.2));
}

#[test]
fn bad_rows_are_all_reported_and_nothing_is_written() {
    let (dir, mut s) = store();
    network(dir.path(), &mut s);
    let good = write(dir.path(), "units.csv", UNITS_EN.as_bytes());
    import_file(&mut s, "test", Entity::Units, &good, false).expect("good import");
    let before_units = count(&s, "unit");
    let before_audit = count(&s, "audit_log");
    let bad = "统一社会信用代码,单位名称,所属网格,行业领域,风险等级,联系电话,经度,纬度
91350100M000100Y44,甲五金店,第二网格,九小场所,黄,13812345678,,
91330106MA2H0E1X17,乙加油站,第九网格,燃气,红,1381234,,
91330106MA2H0E1X17,丙饭店,第一网格,餐饮,紫,,,
,,第二网格,工贸,蓝,,200,30
,丁仓库,DH01,其他,蓝,,120.1,
,新店,DH01,工贸,蓝,,120.1,30.1
";
    let f = write(dir.path(), "bad.csv", bad.as_bytes());
    let r = import_file(&mut s, "test", Entity::Units, &f, false).expect("report");
    assert!(!r.ok());
    assert_eq!(
        r.render(Lang::En),
        "bad.csv: row 2, 统一社会信用代码: invalid USCC \"91350100M000100Y44\": bad check character '4', expected '3'
bad.csv: row 3, 所属网格: unknown grid \"第九网格\" (import grids first)
bad.csv: row 3, 联系电话: \"1381234\" is not a valid mobile or landline number
bad.csv: row 4, 统一社会信用代码: duplicate USCC \"91330106MA2H0E1X17\", also in row 3
bad.csv: row 4, 所属网格: grid \"第一网格\" exists in several communities (东湖社区, 西岭村); add the community
bad.csv: row 4, 行业领域: unknown sector \"餐饮\"
bad.csv: row 4, 风险等级: unknown risk level \"紫\" (red/orange/yellow/blue)
bad.csv: row 5, 单位名称: required value is empty
bad.csv: row 5, 经度: coordinate \"200\" is outside China
bad.csv: row 6, 纬度: longitude and latitude go together
bad.csv: 6 rows, 5 with problems; nothing was imported
"
    );
    assert_eq!(count(&s, "unit"), before_units, "the good sixth row was not written either");
    assert_eq!(count(&s, "audit_log"), before_audit);
    let zh = r.render(Lang::Zh);
    assert!(
        zh.starts_with(
            "bad.csv: 第2行，统一社会信用代码：统一社会信用代码“91350100M000100Y44”无效：校验位应为“3”，实为“4”\n"
        ),
        "{zh}"
    );
    assert!(zh.ends_with("bad.csv：共6行，其中5行有问题；未导入任何数据\n"), "{zh}");
}

#[test]
fn dry_run_reports_without_writing() {
    let (dir, mut s) = store();
    network(dir.path(), &mut s);
    let f = write(dir.path(), "units.csv", UNITS_EN.as_bytes());
    let audit = count(&s, "audit_log");
    let r = import_file(&mut s, "test", Entity::Units, &f, true).expect("dry run");
    assert_eq!(
        r.render(Lang::En),
        "units.csv: 3 rows checked (dry run, nothing written): 3 new, 0 updated, 0 unchanged\n"
    );
    assert_eq!(count(&s, "unit"), 0);
    assert_eq!(count(&s, "audit_log"), audit);
}

#[test]
fn missing_columns_and_unreadable_files_name_the_file() {
    let (dir, mut s) = store();
    let f = write(dir.path(), "x.csv", "名称,地址\n甲,乙\n".as_bytes());
    let err = import_file(&mut s, "test", Entity::Units, &f, false).expect_err("missing");
    assert_eq!(err.to_string(), "x.csv: missing column 行业领域 (sector), 风险等级 (risk_level)");
    let f = write(dir.path(), "x.pdf", b"%PDF");
    let err = import_file(&mut s, "test", Entity::Units, &f, false).expect_err("type");
    assert_eq!(err.to_string(), "x.pdf: unknown file type (use .csv or .xlsx)");
}

#[test]
fn export_reimports_unchanged_in_both_header_languages() {
    let demo = common::demo_copy();
    let mut s = common::open(&demo.path);
    for (entity, lang) in [
        (Entity::Grids, Lang::Zh),
        (Entity::Officers, Lang::En),
        (Entity::Officers, Lang::Zh),
        (Entity::Units, Lang::Zh),
        (Entity::Units, Lang::En),
        (Entity::Teams, Lang::Zh),
    ] {
        let mut buf = Vec::new();
        anjian::export::export(&s, entity, anjian::export::Format::Csv, lang, &mut buf).expect("export");
        let f = write(demo.dir.path(), "export.csv", &buf);
        let r = import_file(&mut s, "test", entity, &f, false).expect("reimport");
        assert!(r.ok(), "{}", r.render(Lang::En));
        assert_eq!((r.inserted, r.updated), (0, 0), "{entity:?} {lang:?}: {}", r.render(Lang::En));
        assert!(r.unchanged > 0);
    }
}

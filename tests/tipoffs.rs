//! The tip-off store: intake with the reporter sealed (the database file never holds a name or
//! phone in clear), reveal for supervisors only and on the record, the workflow with its clocks
//! and single extension, Open311 requests updated in place, hazards from verified tip-offs, and
//! exports without reporter fields.

mod common;

use anjian::domain::OperatorRole;
use anjian::domain::hazard::HazardSource;
use anjian::domain::tipoff::{Channel, TipoffRules, TipoffStatus};
use anjian::secret::Sealer;
use anjian::store::tipoffs::{self, NewTipoff, Step, Upserted};
use anjian::store::{Store, StoreError};
use chrono::NaiveDate;

const NAME: &str = "钱多多";
const PHONE: &str = "13957112345";

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn setup() -> (common::Demo, Store, Sealer) {
    let demo = common::demo_copy();
    let store = common::open(&demo.path);
    let sealer = Sealer::load_or_create(&anjian::demo::tipoffs::key_path(&demo.path)).expect("the demo's key");
    (demo, store, sealer)
}

fn intake(store: &mut Store, sealer: &Sealer) -> i64 {
    let t = NewTipoff {
        channel: Some(Channel::Hotline),
        received_at: "2026-11-02T10:00:00+08:00".into(),
        unit_id: Some(1),
        description: "仓库里堆放大量液化气钢瓶，无人看管".into(),
        reporter_name: Some(NAME.into()),
        reporter_phone: Some(PHONE.into()),
        ..Default::default()
    };
    store
        .write("值班员甲", |w| {
            tipoffs::check_key(w, sealer).map_err(|e| StoreError::Refused(e.to_string()))?;
            tipoffs::create(w, sealer, &t)
        })
        .expect("intake")
}

/// Every text value in every table, except hash columns (hex, so any digits may appear).
fn text_values(conn: &rusqlite::Connection) -> Vec<(String, String, String)> {
    let mut tables = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").expect("tables");
    let names: Vec<String> = tables.query_map([], |r| r.get(0)).expect("tables").map(|n| n.expect("name")).collect();
    let mut out = Vec::new();
    for table in names {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).expect("select");
        let columns: Vec<String> = stmt.column_names().iter().map(|c| c.to_string()).collect();
        let mut rows = stmt.query([]).expect("rows");
        while let Some(row) = rows.next().expect("row") {
            for (i, column) in columns.iter().enumerate() {
                if column.contains("hash") {
                    continue;
                }
                if let Ok(rusqlite::types::ValueRef::Text(t)) = row.get_ref(i) {
                    out.push((table.clone(), column.clone(), String::from_utf8_lossy(t).into_owned()));
                }
            }
        }
    }
    out
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn the_database_file_never_holds_the_reporter_in_clear_and_reveal_is_audited() {
    let (demo, mut store, sealer) = setup();
    let id = intake(&mut store, &sealer);
    store.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").expect("checkpoint");
    let raw = std::fs::read(&demo.path).expect("db file");
    assert!(!contains(&raw, NAME) && !contains(&raw, PHONE), "plain reporter identity in the database file");
    // Part of the phone is checked per text value, not in the raw file: the file also holds hex
    // hashes, where any five digits turn up by chance now and then.
    for (table, column, value) in text_values(store.conn()) {
        assert!(!value.contains("13957") && !value.contains(NAME), "part of the reporter in {table}.{column}: {value}");
    }

    let refused = store.write("值班员甲", |w| tipoffs::reveal(w, &sealer, id, OperatorRole::Duty));
    assert!(matches!(&refused, Err(StoreError::Refused(m)) if m.contains("only a supervisor")), "{refused:?}");
    let (name, phone) =
        store.write("主管乙", |w| tipoffs::reveal(w, &sealer, id, OperatorRole::Supervisor)).expect("reveal");
    assert_eq!((name.as_ref().map(|n| n.as_str()), phone.as_ref().map(|p| p.as_str())), (Some(NAME), Some(PHONE)));
    let audits: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'tipoff.reveal' AND operator = '主管乙'",
            [],
            |r| r.get(0),
        )
        .expect("audit");
    assert_eq!(audits, 1);
    assert!(tipoffs::events(store.conn(), id).expect("events").iter().any(|e| e.2 == "reveal" && e.1 == "主管乙"));

    // Another key file: refused at once with a message that says so, not garbage.
    let other = Sealer::load_or_create(&demo.dir.path().join("other.key")).expect("other key");
    let e = store.write("x", |w| tipoffs::check_key(w, &other).map_err(|e| StoreError::Refused(e.to_string())));
    assert!(matches!(&e, Err(StoreError::Refused(m)) if m.contains("key file is not the one")), "{e:?}");
    let e = store.write("x", |w| tipoffs::reveal(w, &other, id, OperatorRole::Supervisor));
    assert!(matches!(&e, Err(StoreError::Refused(m)) if m.contains("key file is not the one")), "{e:?}");

    // Exports never carry the reporter.
    let mut out = Vec::new();
    anjian::export::export_entity(
        &store,
        anjian::export::ExportEntity::Tipoffs,
        anjian::export::Format::Json,
        anjian::i18n::Lang::En,
        &Default::default(),
        &mut out,
    )
    .expect("export");
    let text = String::from_utf8(out).expect("utf8");
    assert!(!text.contains(NAME) && !text.contains(PHONE) && !text.contains("reporter"), "{text}");
    let v: serde_json::Value = serde_json::from_str(&text).expect("json");
    for key in
        ["id", "upstream_id", "channel", "status", "received_at", "verify_due", "reply_due", "unit_uscc", "hazard_id"]
    {
        assert!(v[0].get(key).is_some(), "{key} missing");
    }
}

#[test]
fn the_workflow_with_its_clocks_one_extension_reward_and_hazard() {
    let (_demo, mut store, sealer) = setup();
    let id = intake(&mut store, &sealer);
    let rules = TipoffRules::default();
    let version = |s: &Store| tipoffs::get(s.conn(), id).expect("get").expect("row").version;
    let go = |store: &mut Store, step: Step, role: OperatorRole, on: &str| {
        let v = version(store);
        store.write("值班员甲", |w| tipoffs::step(w, id, v, &step, role, &rules, day(on)))
    };
    let clocks = |store: &Store| {
        use anjian::domain::deadline::DeadlineKind;
        let q = anjian::store::deadlines::DeadlineQuery {
            kinds: vec![DeadlineKind::TipoffVerify, DeadlineKind::TipoffReply],
            ..anjian::store::deadlines::DeadlineQuery::all(day("2026-11-23"))
        };
        let cal = anjian::domain::calendar::HolidayCalendar::built_in();
        let n = anjian::store::deadlines::count(store.conn(), &q, &cal).expect("count");
        let page = anjian::store::deadlines::page(store.conn(), &q, &cal, 0, 100).expect("page");
        assert_eq!(n as usize, page.len());
        // The demo's own tip-offs have clocks too; this test follows its own.
        page.into_iter()
            .filter(|d| d.reference == id.to_string())
            .map(|d| (d.kind.code().to_string(), d.due.to_string(), d.reference))
            .collect::<Vec<_>>()
    };
    assert!(clocks(&store).is_empty(), "no clock runs before acceptance");
    go(&mut store, Step::Accept, OperatorRole::Duty, "2026-11-03").expect("accept");
    assert_eq!(tipoffs::get(store.conn(), id).expect("g").expect("r").verify_due.as_deref(), Some("2027-01-02"));
    assert_eq!(clocks(&store), [("tipoff_verify".to_string(), "2027-01-02".to_string(), id.to_string())]);
    // A refused step changes nothing, and says why.
    let before = version(&store);
    let e = go(&mut store, Step::Reply { text: "x".into(), channel: "电话".into() }, OperatorRole::Duty, "2026-11-04");
    assert!(matches!(&e, Err(StoreError::Refused(m)) if m.contains("accepted cannot become replied")), "{e:?}");
    assert_eq!(version(&store), before);

    go(&mut store, Step::StartVerifying, OperatorRole::Duty, "2026-11-04").expect("verify");
    go(&mut store, Step::Extend { days: 30, reason: "需第三方检测".into() }, OperatorRole::Duty, "2026-11-05")
        .expect("extend");
    assert_eq!(tipoffs::get(store.conn(), id).expect("g").expect("r").verify_due.as_deref(), Some("2027-02-01"));
    let e = go(&mut store, Step::Extend { days: 5, reason: "再延".into() }, OperatorRole::Duty, "2026-11-06");
    assert!(matches!(&e, Err(StoreError::Refused(m)) if m.contains("already extended once")), "{e:?}");

    go(
        &mut store,
        Step::Result { substantiated: true, fine: Some(20_000.0), note: "现场属实".into() },
        OperatorRole::Duty,
        "2026-11-20",
    )
    .expect("result");
    let row = tipoffs::get(store.conn(), id).expect("g").expect("r");
    assert_eq!((row.status, row.reply_due.as_deref()), (TipoffStatus::Substantiated, Some("2026-11-30")));
    assert_eq!(rules.propose_reward(row.fine.unwrap_or(0.0)), 3000.0);
    assert_eq!(clocks(&store), [("tipoff_reply".to_string(), "2026-11-30".to_string(), id.to_string())]);

    // The substantiated tip-off opens its hazard in one step, linked both ways.
    let v = version(&store);
    let hazard = anjian::store::hazards::NewHazard {
        unit_id: 1,
        description: "液化气钢瓶违规存放".into(),
        major: false,
        source: HazardSource::Tipoff,
        found_on: day("2026-11-20"),
        found_by: "值班员甲".into(),
        measures: String::new(),
        responsible: String::new(),
        deadline: day("2026-12-20"),
        supervised: false,
        supervising_level: String::new(),
        inspection_id: None,
    };
    let h = store.write("值班员甲", |w| tipoffs::open_hazard(w, id, v, &hazard)).expect("hazard");
    assert_eq!(tipoffs::get(store.conn(), id).expect("g").expect("r").hazard_id, Some(h));
    let src: String =
        store.conn().query_row("SELECT source FROM hazard WHERE id = ?1", [h], |r| r.get(0)).expect("src");
    assert_eq!(src, "tipoff");

    go(
        &mut store,
        Step::Reply { text: "已责令整改并处罚款".into(), channel: "电话".into() },
        OperatorRole::Duty,
        "2026-11-25",
    )
    .expect("reply");
    // The hazard turned out to hide an accident: a larger accident with two deaths concealed.
    let concealed = anjian::domain::tipoff::RewardCase::ConcealedAccident { level: 1, deaths: 2 };
    let e = go(&mut store, Step::Reward { amount: None, case: concealed }, OperatorRole::Duty, "2026-11-26");
    assert!(matches!(&e, Err(StoreError::Refused(m)) if m.contains("decided by a supervisor")), "{e:?}");
    go(&mut store, Step::Reward { amount: None, case: concealed }, OperatorRole::Supervisor, "2026-11-26")
        .expect("reward");
    let (reward, said): (f64, String) = store
        .conn()
        .query_row(
            "SELECT t.reward, e.text FROM tipoff t JOIN tipoff_event e ON e.tipoff_id = t.id AND e.kind = 'rewarded' WHERE t.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("reward");
    assert_eq!(reward, 80_000.0, "2 × ¥40,000 for a larger accident, by the rules when no amount is typed");
    assert!(
        said.starts_with("80000 元；建议依据：较大事故瞒报谎报 2 人") && said.contains("安监总财〔2018〕19号"),
        "{said}"
    );
    assert!(clocks(&store).is_empty(), "replied: no clock left");
    go(&mut store, Step::Close { note: "办结".into() }, OperatorRole::Duty, "2026-11-27").expect("close");
    let kinds: Vec<String> = tipoffs::events(store.conn(), id).expect("events").into_iter().map(|e| e.2).collect();
    assert_eq!(
        kinds,
        ["received", "accepted", "verifying", "extended", "substantiated", "hazard", "replied", "rewarded", "closed"]
    );
    assert!(matches!(store.audit_verdict(), Ok(anjian::store::audit::Verdict::Intact { .. })));
}

#[test]
fn open311_requests_are_updated_in_place_never_duplicated() {
    let (_demo, mut store, _sealer) = setup();
    let page = r#"[{"service_request_id": "000123", "service_code": "A01", "service_name": "非法储存危险化学品",
        "status": "open", "status_notes": "", "requested_datetime": "2026-11-20T08:00:00+08:00",
        "address": "工业园一路19号", "lat": 30.285, "long": 120.009}]"#;
    let reqs =
        anjian::upstream::open311::requests(page.as_bytes(), anjian::upstream::open311::Format::Json).expect("page");
    let r = reqs[0].clone().expect("request");
    let first = store.write("sync", |w| tipoffs::upsert_open311(w, "12345平台", &r)).expect("new");
    let Upserted::New(id) = first else { panic!("{first:?}") };
    assert_eq!(
        store.write("sync", |w| tipoffs::upsert_open311(w, "12345平台", &r)).expect("same"),
        Upserted::Unchanged(id)
    );
    let mut closed = r.clone();
    closed.status = "closed".into();
    closed.status_notes = "已转街道核查".into();
    assert_eq!(
        store.write("sync", |w| tipoffs::upsert_open311(w, "12345平台", &closed)).expect("upd"),
        Upserted::Updated(id)
    );
    let n: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM tipoff WHERE upstream_id = '000123'", [], |r| r.get(0))
        .expect("n");
    assert_eq!(n, 1, "one row, the id with its leading zeros");
    let row = tipoffs::get(store.conn(), id).expect("g").expect("r");
    assert_eq!((row.upstream_status.as_str(), row.channel.as_str(), row.anonymous), ("closed", "open311", true));

    // Matched to a unit: by its exact address, else the nearest within 60 m, else none.
    let (unit, address, lat, lon): (i64, String, f64, f64) = store
        .conn()
        .query_row("SELECT id, address, lat, lon FROM unit WHERE lat IS NOT NULL ORDER BY id LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .expect("unit");
    let at = |id: &str, address: &str, lat: Option<f64>, long: Option<f64>| anjian::upstream::open311::ServiceRequest {
        id: id.into(),
        status: "open".into(),
        service_code: "A01".into(),
        description: "x".into(),
        address: address.into(),
        lat,
        long,
        ..Default::default()
    };
    for (req, want) in [
        (at("1", &address, None, None), Some(unit)),
        (at("2", "没有这个地址", Some(lat + 0.0002), Some(lon)), Some(unit)),
        (at("3", "", Some(lat + 0.01), Some(lon + 0.01)), None),
    ] {
        let Upserted::New(t) = store.write("sync", |w| tipoffs::upsert_open311(w, "p2", &req)).expect("new") else {
            panic!("not new")
        };
        let got = tipoffs::get(store.conn(), t).expect("g").expect("r").unit_id;
        if req.id == "2" {
            // About 22 m north: that unit, unless another stands even nearer.
            assert!(got.is_some(), "a unit within 60 m is named");
        } else {
            assert_eq!(got, want, "request {}", req.id);
        }
    }
}

#[test]
fn tipoff_add_from_a_script_seals_the_reporter_and_exports_without_it() {
    let demo = common::demo_copy();
    let key = demo.dir.path().join("k/reporter.key");
    let cfg = demo.dir.path().join("c.toml");
    // A key file elsewhere than the default (beside the database), as an office would keep it.
    std::fs::create_dir_all(key.parent().expect("dir")).expect("dir");
    std::fs::rename(anjian::demo::tipoffs::key_path(&demo.path), &key).expect("move the key");
    std::fs::write(&cfg, format!("key_file = \"{}\"\n", key.display())).expect("config");
    let run = |args: &[&str]| {
        std::process::Command::new(common::bin())
            .arg("--db")
            .arg(&demo.path)
            .arg("--config")
            .arg(&cfg)
            .args(args)
            .output()
            .expect("anjian")
    };
    let uscc: String = common::open(&demo.path)
        .conn()
        .query_row("SELECT uscc FROM unit WHERE uscc IS NOT NULL LIMIT 1", [], |r| r.get(0))
        .expect("unit");
    let out = run(&[
        "tipoff",
        "add",
        "--channel",
        "hotline",
        "--description",
        "夜间偷排废气",
        "--unit",
        &uscc,
        "--reporter-name",
        NAME,
        "--reporter-phone",
        PHONE,
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("tip-off #9 received"), "the demo has eight");
    assert!(key.exists());
    let out = run(&["tipoff", "add", "--channel", "letter", "--description", "匿名来信", "--anonymous"]);
    assert!(out.status.success());
    let out =
        run(&["tipoff", "add", "--channel", "visit", "--description", "x", "--anonymous", "--reporter-name", "某人"]);
    assert_eq!(out.status.code(), Some(2), "--anonymous with a name is refused by the argument parser");

    let out = run(&["export", "tipoffs", "--format", "csv"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("夜间偷排废气") && text.contains(&uscc) && !text.contains(NAME) && !text.contains(PHONE),
        "{text}"
    );
    common::open(&demo.path).conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").expect("checkpoint");
    let raw = std::fs::read(&demo.path).expect("db");
    assert!(!contains(&raw, NAME) && !contains(&raw, PHONE));

    // A different key file is refused with a message that names it.
    std::fs::write(&cfg, format!("key_file = \"{}\"\n", demo.dir.path().join("other.key").display())).expect("config");
    let out = run(&["tipoff", "add", "--channel", "hotline", "--description", "y"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("key file is not the one"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

//! Ten processes on one database: two syncing the feeds from the loopback fixture, six editing
//! (new items, one shared hazard counted up through optimistic concurrency, one shared checklist
//! item), two reading the busy lists. Each process is this test binary started again in a child
//! role. Afterwards: the audit chain verifies, no update was lost, nothing is duplicated, and no
//! process saw "database is locked".

mod common;

use anjian::config::FeedKind;
use anjian::domain::calendar::Quarter;
use anjian::domain::checklist::ItemStatus;
use anjian::fixture::{self, Mode, Upstream};
use anjian::store::checklist::{self, EntryEdit};
use anjian::store::deadlines::{self, DeadlineQuery};
use anjian::store::{Store, StoreError, audit, hazards};
use anjian::sync::engine::{Engine, FeedSpec};
use std::process::{Command, Stdio};
use std::time::Duration;

const EDITORS: usize = 6;
const SYNCERS: usize = 2;
const READERS: usize = 2;
const OPS: usize = 40;

fn role() -> Option<(String, usize)> {
    let r = std::env::var("ANJIAN_CHILD_ROLE").ok()?;
    let (name, n) = r.split_once(':')?;
    Some((name.to_string(), n.parse().ok()?))
}

/// The shared hazard whose `measures` counts the increments ("n=42").
fn shared_hazard(s: &Store) -> (i64, i64, i64) {
    s.conn()
        .query_row(
            "SELECT id, version, CAST(substr(measures, 3) AS INTEGER) FROM hazard WHERE description = '共享计数'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("shared hazard")
}

fn editor(db: &str, me: usize) -> String {
    let mut s = Store::open(std::path::Path::new(db)).expect("open");
    let (mut increments, mut conflicts) = (0, 0);
    let quarter = Quarter::of(common::today());
    for i in 0..OPS {
        s.write(&format!("编辑{me}"), |w| {
            deadlines::add_manual(w, &format!("编辑{me}-事项{i}"), common::today(), None, "")
        })
        .expect("add item");
        // Count the shared hazard up by one, re-reading on a conflict: no increment may be lost.
        loop {
            let (id, version, n) = shared_hazard(&s);
            let h = hazards::get(s.conn(), id).expect("get").expect("hazard");
            let edit = hazards::HazardEdit {
                description: h.description.clone(),
                major: h.major,
                source: h.source,
                measures: format!("n={}", n + 1),
                responsible: h.responsible.clone(),
                deadline: h.deadline,
                supervised: h.supervised,
                supervising_level: h.supervising_level.clone(),
            };
            match s.write(&format!("编辑{me}"), |w| hazards::update(w, id, version, &edit)) {
                Ok(()) => {
                    increments += 1;
                    break;
                }
                Err(StoreError::Conflict { .. }) => conflicts += 1,
                Err(e) => panic!("editor {me}: {e}"),
            }
        }
        // Tick the shared checklist item back and forth; a conflict is told, then retried.
        let plan = checklist::plans(s.conn()).expect("plans")[0].id;
        loop {
            let item = checklist::items(s.conn(), plan, quarter).expect("items").remove(0);
            let next = if item.status == ItemStatus::Done { ItemStatus::InProgress } else { ItemStatus::Done };
            let edit = EntryEdit { status: Some(next), ..Default::default() };
            match s.write(&format!("编辑{me}"), |w| checklist::edit(w, item.measure_id, quarter, item.version, &edit))
            {
                Ok(_) => break,
                Err(StoreError::Conflict { .. }) => conflicts += 1,
                Err(e) => panic!("editor {me}: {e}"),
            }
        }
    }
    format!("increments={increments} conflicts={conflicts}")
}

fn syncer(db: &str, base: &str) -> String {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("rt");
    let engine = Engine::open(std::path::Path::new(db), "zh").expect("engine");
    let spec = |name: &str, kind, path: &str| FeedSpec {
        name: name.into(),
        kind,
        url: format!("{base}{path}"),
        interval: Duration::from_secs(60),
        http: Default::default(),
        level_parameter: None,
        format: Default::default(),
        level_words: Vec::new(),
        strict: false,
        give_up_after: std::time::Duration::from_secs(86_400),
    };
    let specs =
        [spec("并发气象", FeedKind::Cap, "/cap/index.atom"), spec("并发监测", FeedKind::Monitor, "/monitor/alarms")];
    let mut rounds = 0;
    for _ in 0..8 {
        let reports = rt.block_on(anjian::sync::run::once(&engine, &specs));
        assert!(reports.iter().all(|r| r.reached()), "{reports:?}");
        rounds += 1;
        std::thread::sleep(Duration::from_millis(100));
    }
    format!("rounds={rounds}")
}

fn reader(db: &str) -> String {
    let s = Store::open(std::path::Path::new(db)).expect("open");
    let cal = anjian::domain::calendar::HolidayCalendar::built_in();
    let mut pages = 0;
    for _ in 0..OPS {
        let q = DeadlineQuery::all(common::today());
        deadlines::page(s.conn(), &q, &cal, 0, 40).expect("deadlines");
        deadlines::count(s.conn(), &q, &cal).expect("count");
        let f = anjian::store::alarm_queue::AlarmFilter::default();
        anjian::store::alarm_queue::page(s.conn(), &f, &anjian::store::keyset::Seek::First, 40).expect("alarms");
        pages += 1;
    }
    format!("pages={pages}")
}

#[test]
fn ten_processes_on_one_database() {
    if let Some((name, n)) = role() {
        // A child: do the work, say what was done, and leave.
        let db = std::env::var("ANJIAN_CHILD_DB").expect("db");
        let out = match name.as_str() {
            "editor" => editor(&db, n),
            "syncer" => syncer(&db, &std::env::var("ANJIAN_CHILD_BASE").expect("base")),
            _ => reader(&db),
        };
        println!("\nCHILD {name}:{n} {out}");
        return;
    }
    let demo = common::demo_copy();
    let db = demo.path.to_str().expect("utf-8").to_string();
    {
        let mut s = common::open(&demo.path);
        s.write("setup", |w| {
            hazards::create(
                w,
                &hazards::NewHazard {
                    unit_id: 1,
                    description: "共享计数".into(),
                    major: false,
                    source: anjian::domain::hazard::HazardSource::Other,
                    found_on: common::today(),
                    found_by: "测试".into(),
                    measures: "n=0".into(),
                    responsible: String::new(),
                    deadline: common::today() + chrono::Duration::days(30),
                    supervised: false,
                    supervising_level: String::new(),
                    inspection_id: None,
                },
            )
        })
        .expect("shared hazard");
    }
    let rt = tokio::runtime::Runtime::new().expect("rt");
    let up = Upstream::seeded(11, anjian::domain::time::now(), 30, 200);
    let f = rt
        .block_on(fixture::start("127.0.0.1:0".parse().expect("addr"), up, Mode::Ok, Duration::ZERO))
        .expect("fixture");
    let me = std::env::current_exe().expect("exe");
    let mut children = Vec::new();
    let roles = (0..EDITORS)
        .map(|i| format!("editor:{i}"))
        .chain((0..SYNCERS).map(|i| format!("syncer:{i}")))
        .chain((0..READERS).map(|i| format!("reader:{i}")));
    for r in roles {
        let child = Command::new(&me)
            .args(["--exact", "ten_processes_on_one_database", "--nocapture", "--test-threads", "1"])
            .env("ANJIAN_CHILD_ROLE", &r)
            .env("ANJIAN_CHILD_DB", &db)
            .env("ANJIAN_CHILD_BASE", f.base())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn child");
        children.push((r, child));
    }
    // Upstream moves while they work.
    for _ in 0..10 {
        f.tick(5);
        std::thread::sleep(Duration::from_millis(150));
    }
    let mut increments = 0;
    let mut conflicts = 0;
    for (r, child) in children {
        let out = child.wait_with_output().expect("wait");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "child {r} failed:\n{stdout}\n{stderr}");
        let all = format!("{stdout}{stderr}");
        assert!(!all.contains("database is locked") && !all.contains("SQLITE_BUSY"), "{r} saw a busy error:\n{all}");
        let line = stdout
            .lines()
            .find_map(|l| l.find("CHILD ").map(|at| &l[at..]))
            .unwrap_or_else(|| panic!("{r} said nothing:\n{stdout}"));
        let num = |key: &str| -> i64 {
            line.split_whitespace()
                .find_map(|p| p.strip_prefix(&format!("{key}=")))
                .and_then(|v| v.parse().ok())
                .unwrap_or(0)
        };
        increments += num("increments");
        conflicts += num("conflicts");
    }
    let s = common::open(&demo.path);
    // No lost update: the counter equals the increments that succeeded, one per editor operation.
    let (_, _, n) = shared_hazard(&s);
    assert_eq!((n, increments), ((EDITORS * OPS) as i64, (EDITORS * OPS) as i64));
    // No lost or duplicated item.
    let items: (i64, i64) = s
        .conn()
        .query_row("SELECT count(*), count(DISTINCT title) FROM manual_deadline WHERE title LIKE '编辑%'", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("items");
    assert_eq!(items, ((EDITORS * OPS) as i64, (EDITORS * OPS) as i64));
    // No duplicated alarm: one row per upstream event key among those open, and the feeds fetched.
    let (rows, keys): (i64, i64) = s
        .conn()
        .query_row(
            "SELECT count(*), count(DISTINCT dedup_key) FROM alarm WHERE feed IN ('并发气象', '并发监测')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("alarms");
    assert!(rows > 0 && rows == keys, "{rows} alarm rows for {keys} keys");
    assert!(matches!(s.audit_verdict().expect("verify"), audit::Verdict::Intact { .. }));
    let check: String = s.conn().query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("integrity");
    assert_eq!(check, "ok");
    eprintln!("ten processes: {increments} increments, {conflicts} conflicts told and retried, {rows} alarms");
}

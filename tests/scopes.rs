//! A station limited to one community sees only its grids on every screen, in search and in the
//! report, is refused a unit outside its scope even by id, and cannot change what it cannot see.

mod common;

use anjian::config::Config;
use anjian::domain::OperatorRole;
use anjian::domain::hazard::HazardStatus;
use anjian::i18n::Lang;
use anjian::store::alarm_queue::AlarmFilter;
use anjian::store::hazards::HazardFilter;
use anjian::store::keyset::Page;
use anjian::store::tipoffs::{TipoffFilter, TipoffSet};
use anjian::tui::headless::Headless;
use anjian::tui::paged::Window;
use anjian::tui::screens::{alarms, deadlines, duty, grid, hazards, tipoffs};
use anjian::tui::worker::{Reply, Request, WriteOp};
use ratatui::crossterm::event::KeyCode;

const STATION: &str = "溪口村站";
const COMMUNITY: &str = "溪口村";

fn station(lang: Lang) -> (common::Demo, Headless, Vec<i64>) {
    let demo = common::demo_copy();
    let mut store = common::open(&demo.path);
    store
        .write("admin", |w| {
            anjian::store::operators::add(w, STATION, OperatorRole::Duty, "258025")?;
            anjian::store::scope::set(w, STATION, &[COMMUNITY.to_string()], &[])
        })
        .expect("station");
    let grids = anjian::store::scope::grids_of(store.conn(), STATION).expect("grids").expect("scoped");
    store.fix_clock(common::now());
    let op = anjian::store::operators::find(store.conn(), STATION).expect("find").expect("station");
    let mut app = anjian::tui::build_app(&Config::default(), lang, Some(op), (120, 40)).expect("app");
    app.today = common::today();
    app.now = common::now();
    app.last_input = common::now();
    app.idle_lock = None;
    app.clock = "11-23 09:30".into();
    let mut h = Headless::new(app, store, 120, 40);
    h.backend.sealer =
        Some(anjian::secret::Sealer::load_or_create(&anjian::demo::tipoffs::key_path(&demo.path)).expect("demo key"));
    (demo, h, grids)
}

/// Counted over the office's own connection, independently of the scoped views.
fn office_count(h: &Headless, sql: &str, grids: &[i64]) -> i64 {
    let list = grids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    h.store().conn().query_row(&sql.replace("{grids}", &list), [], |r| r.get(0)).expect("count")
}

#[test]
fn every_screen_search_and_the_report_see_only_the_stations_grids() {
    let (_d, mut h, grids) = station(Lang::Zh);
    let units = office_count(&h, "SELECT count(*) FROM unit WHERE grid_id IN ({grids})", &grids);
    let all_units = office_count(&h, "SELECT count(*) FROM unit", &grids);
    assert!(units > 0 && units < all_units, "{units} of {all_units}");

    // Overview and the Grid tree.
    assert_eq!(h.app.screens.overview.stats.as_ref().map(|s| s.units), Some(units));
    h.key(KeyCode::Char('2'));
    let tree = h.screen();
    assert!(tree.contains(COMMUNITY) && !tree.contains("云溪社区") && !tree.contains("桃源社区"), "{tree}");

    // Search: a unit of another community is not found, even by its USCC.
    let (other_id, other_uscc): (i64, String) = h
        .store()
        .conn()
        .query_row(
            &format!(
                "SELECT id, uscc FROM unit WHERE grid_id NOT IN ({}) AND uscc IS NOT NULL LIMIT 1",
                grids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
            ),
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("a unit outside");
    h.key(KeyCode::Char('/')).type_text(&other_uscc);
    assert!(h.screen().contains("筛选结果：0 家"), "{}", h.screen());
    h.key(KeyCode::Esc);
    // ... nor by id.
    assert_eq!(
        h.backend.execute(Request::Grid(grid::msg::Req::Detail(other_id))),
        Reply::Grid(grid::msg::Rep::Detail(other_id, None))
    );

    // Hazards, tip-offs and alarms: the totals are those of the station's units (and areas).
    let hz = h.backend.execute(Request::Hazards(hazards::msg::Req::List {
        seq: 1,
        filter: HazardFilter::default(),
        at: Window { limit: 500, ..Window::first() },
    }));
    let Reply::Hazards(hazards::msg::Rep::List { total, page: Page { rows, .. }, .. }) = hz else { panic!("{hz:?}") };
    assert_eq!(
        total,
        Some(office_count(
            &h,
            "SELECT count(*) FROM hazard WHERE unit_id IN (SELECT id FROM unit WHERE grid_id IN ({grids}))",
            &grids
        ))
    );
    assert!(!rows.is_empty());
    let tf = TipoffFilter { set: TipoffSet::All, today: common::today().to_string(), ..Default::default() };
    let at = Window { limit: 500, ..Window::first() };
    let t = h.backend.execute(Request::Tipoffs(tipoffs::msg::Req::List { seq: 1, filter: tf, at }));
    let Reply::Tipoffs(tipoffs::msg::Rep::List { total, .. }) = t else { panic!("{t:?}") };
    assert_eq!(
        total,
        Some(office_count(
            &h,
            "SELECT count(*) FROM tipoff WHERE unit_id IN (SELECT id FROM unit WHERE grid_id IN ({grids}))",
            &grids
        ))
    );
    let all = AlarmFilter { status: anjian::store::alarm_queue::StatusSet::All, ..Default::default() };
    let a = h.backend.execute(Request::Alarms(alarms::msg::Req::List {
        seq: 1,
        filter: all,
        grouped: false,
        at: Window { limit: 1000, ..Window::first() },
    }));
    let Reply::Alarms(alarms::msg::Rep::List { total, .. }) = a else { panic!("{a:?}") };
    let expected = office_count(
        &h,
        "SELECT count(*) FROM alarm WHERE unit_id IN (SELECT id FROM unit WHERE grid_id IN ({grids}))
           OR id IN (SELECT alarm_id FROM alarm_area WHERE grid_id IN ({grids})
                     OR (grid_id IS NULL AND community_id IN (SELECT community_id FROM grid WHERE id IN ({grids}))))",
        &grids,
    );
    let office_alarms = office_count(&h, "SELECT count(*) FROM alarm", &grids);
    assert!(expected < office_alarms);
    assert_eq!(total, Some(expected));

    // Deadlines: only the station's units, and none of the office's reports or plans.
    let q = anjian::store::deadlines::DeadlineQuery::all(common::today());
    let at = Window { limit: 2000, ..Window::first() };
    let d = h.backend.execute(Request::Deadlines(deadlines::msg::Req::List { seq: 1, query: q, at }));
    let Reply::Deadlines(deadlines::msg::Rep::List { page: Page { rows, .. }, .. }) = d else { panic!("{d:?}") };
    assert!(!rows.is_empty());
    for row in &rows {
        let unit = row.unit_id.unwrap_or_else(|| panic!("an office item reached the station: {row:?}"));
        assert!(office_count(&h, &format!("SELECT grid_id IN ({{grids}}) FROM unit WHERE id = {unit}"), &grids) == 1);
    }

    // The duty log: the office's entries are not the station's; its own are.
    h.backend
        .store
        .write("演示值班员", |w| {
            anjian::store::duty::add_entry(w, anjian::domain::duty::EntryKind::Other, "办公室记录")
        })
        .expect("office entry");
    h.backend
        .store
        .write(STATION, |w| anjian::store::duty::add_entry(w, anjian::domain::duty::EntryKind::FieldVisit, "站点巡查"))
        .expect("station entry");
    let duty = h.backend.execute(Request::Duty(duty::msg::Req::Pane {
        operator: STATION.into(),
        quarter: anjian::domain::calendar::Quarter::of(common::today()),
        zh: true,
    }));
    let Reply::Duty(duty::msg::Rep::Pane(pane)) = duty else { panic!("{duty:?}") };
    let texts: Vec<&str> = pane.entries.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(texts, ["站点巡查"]);

    // The report compiled at the station covers the station.
    let r = anjian::report::compile(
        h.backend.conn(),
        anjian::domain::calendar::Quarter::of(common::today()),
        common::today(),
        STATION,
        Lang::Zh,
    )
    .expect("report");
    assert_eq!(r.summary.units, units);
    assert!(r.plans.is_empty(), "the office's plans are not the station's");
}

#[test]
fn a_station_cannot_change_what_it_cannot_see() {
    let (_d, mut h, grids) = station(Lang::En);
    let list = grids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let db = h.store().path().to_path_buf();
    let office = rusqlite::Connection::open(&db).expect("office connection");
    let pick = |inside: bool| -> (i64, i64) {
        office
            .query_row(
                &format!(
                    "SELECT h.id, h.version FROM hazard h JOIN unit u ON u.id = h.unit_id
                     WHERE h.status = 'found' AND u.grid_id {} IN ({list}) LIMIT 1",
                    if inside { "" } else { "NOT" }
                ),
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("a hazard")
    };
    let (outside, ov) = pick(false);
    let step = |id: i64, version: i64| Request::Write {
        operator: STATION.into(),
        op: WriteOp::Hazards(hazards::msg::Write::Transition {
            id,
            version,
            to: HazardStatus::Rectifying,
            role: OperatorRole::Duty,
            on: common::today(),
            note: String::new(),
            evidence: String::new(),
        }),
        ticket: 0,
    };
    let r = h.backend.execute(step(outside, ov));
    assert!(
        matches!(&r, Reply::Written { result: Err(e), .. } if e.to_string().contains("outside the grids")),
        "{r:?}"
    );
    let status: String =
        office.query_row("SELECT status FROM hazard WHERE id = ?1", [outside], |r| r.get(0)).expect("status");
    assert_eq!(status, "found", "nothing changed");
    let (inside, iv) = pick(true);
    let r = h.backend.execute(step(inside, iv));
    assert!(matches!(&r, Reply::Written { result: Ok(_), .. }), "{r:?}");
    let r = h.backend.execute(Request::Write {
        operator: STATION.into(),
        op: WriteOp::Deadlines(deadlines::msg::Write::SubmitReport {
            kind: anjian::domain::deadline::DeadlineKind::MonthlyReport,
            period: "2026-11".into(),
            on: common::today(),
        }),
        ticket: 0,
    });
    assert!(
        matches!(&r, Reply::Written { result: Err(_), .. }),
        "the office's reports are not a station's to send: {r:?}"
    );
    // Signing in again as the whole-office demo operator lifts the limit.
    h.backend.sign_as(anjian::demo::DEMO_OPERATOR).expect("office");
    let a = h.backend.execute(Request::Grid(grid::msg::Req::Detail(1)));
    assert!(matches!(a, Reply::Grid(grid::msg::Rep::Detail(1, Some(_)))));
}

#[test]
fn operator_scope_from_the_command_line() {
    let demo = common::demo_copy();
    let run = |args: &[&str]| {
        std::process::Command::new(common::bin()).arg("--db").arg(&demo.path).args(args).output().expect("run")
    };
    let mut add = std::process::Command::new(common::bin())
        .arg("--db")
        .arg(&demo.path)
        .args(["operator", "add", STATION, "--role", "duty", "--pin-stdin"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    use std::io::Write;
    add.stdin.take().expect("stdin").write_all(b"258025\n").expect("pin");
    assert!(add.wait().expect("wait").success());
    let out = run(&["operator", "scope", STATION, "--community", COMMUNITY]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("limited to 5 grid(s)"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = run(&["operator", "scope", STATION, "--grid", "第一网格"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("several communities"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["operator", "scope", STATION, "--grid", "溪口村/第一网格"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("limited to 1 grid(s)"));
    let out = run(&["operator", "scope", STATION, "--clear"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("whole office"));
}

/// At a station, whoever signs in sees at most the station's grids: an office-wide supervisor is
/// narrowed to them, and an operator of another community is turned away with a message saying so
/// (the attempt recorded at the station's place).
#[test]
fn a_station_narrows_whoever_signs_in_and_turns_away_who_covers_none_of_it() {
    let demo = common::demo_copy();
    let mut store = common::open(&demo.path);
    store
        .write("admin", |w| {
            anjian::store::operators::add(w, "桃源员", OperatorRole::Duty, "314159")?;
            anjian::store::scope::set(w, "桃源员", &["桃源社区".to_string()], &[])
        })
        .expect("operators");
    let station_grids = {
        let c = store.conn();
        let ids: Vec<i64> = c
            .prepare(
                "SELECT g.id FROM grid g JOIN community c ON c.id = g.community_id WHERE c.name = ?1 ORDER BY g.id",
            )
            .expect("q")
            .query_map([COMMUNITY], |r| r.get(0))
            .expect("rows")
            .collect::<rusqlite::Result<_>>()
            .expect("ids");
        ids
    };
    let signin = |name: &str, pin: &str, lang: Lang| {
        let store = common::open(&demo.path);
        let mut app = anjian::tui::build_app(&Config::default(), lang, None, (120, 40)).expect("app");
        app.now = common::now();
        app.today = common::today();
        app.idle_lock = None;
        app.place = format!("station:{STATION}");
        let mut h = Headless::new(app, store, 120, 40);
        h.backend.station_grids = Some(station_grids.clone());
        h.type_text(name).key(KeyCode::Tab).type_text(pin).key(KeyCode::Enter);
        h
    };
    // The demo's office-wide supervisor: in, with the station's grids only.
    let mut h = signin(anjian::demo::DEMO_OPERATOR, anjian::demo::DEMO_PIN, Lang::Zh);
    assert!(h.app.signin.is_none(), "{}", h.screen());
    h.key(KeyCode::Char('2'));
    let tree = h.screen();
    assert!(tree.contains(COMMUNITY) && !tree.contains("桃源社区") && !tree.contains("云溪社区"), "{tree}");
    // An operator of another community: the right PIN, and still not in.
    for (lang, said) in
        [(Lang::Zh, "您负责的网格不在本站点范围内"), (Lang::En, "You cover none of this station's grids")]
    {
        let mut h = signin("桃源员", "314159", lang);
        assert!(h.app.operator.is_none());
        let screen = h.screen();
        assert!(screen.contains(said) && !screen.contains("桃源社区"), "{screen}");
    }
    let places: Vec<String> = common::open(&demo.path)
        .conn()
        .prepare("SELECT DISTINCT via FROM signin_attempt WHERE name IN ('桃源员', ?1)")
        .expect("q")
        .query_map([anjian::demo::DEMO_OPERATOR], |r| r.get(0))
        .expect("rows")
        .collect::<rusqlite::Result<_>>()
        .expect("places");
    assert_eq!(places, [format!("station:{STATION}")]);
}

/// A supervisor limited to one community reveals reporters of its own tip-offs only: a request
/// naming another community's tip-off is refused by the store worker, not just hidden on screen.
#[test]
fn a_scoped_supervisor_cannot_reveal_a_reporter_outside_the_scope() {
    let demo = common::demo_copy();
    let mut store = common::open(&demo.path);
    store
        .write("admin", |w| {
            anjian::store::operators::add(w, "溪口主管", OperatorRole::Supervisor, "271828")?;
            anjian::store::scope::set(w, "溪口主管", &[COMMUNITY.to_string()], &[])
        })
        .expect("supervisor");
    let outside: i64 = store
        .conn()
        .query_row(
            "SELECT t.id FROM tipoff t JOIN unit u ON u.id = t.unit_id JOIN grid g ON g.id = u.grid_id
             JOIN community c ON c.id = g.community_id
             WHERE c.name <> ?1 AND t.reporter_name IS NOT NULL LIMIT 1",
            [COMMUNITY],
            |r| r.get(0),
        )
        .expect("a tip-off with a reporter elsewhere");
    let op = anjian::store::operators::find(store.conn(), "溪口主管").expect("find").expect("op");
    let app = anjian::tui::build_app(&Config::default(), Lang::Zh, Some(op), (120, 40)).expect("app");
    let mut h = Headless::new(app, store, 120, 40);
    h.backend.sealer =
        Some(anjian::secret::Sealer::load_or_create(&anjian::demo::tipoffs::key_path(&demo.path)).expect("demo key"));
    let reply =
        h.backend.execute(Request::Tipoffs(tipoffs::msg::Req::Reveal { id: outside, operator: "溪口主管".into() }));
    assert!(
        matches!(&reply, Reply::Tipoffs(tipoffs::msg::Rep::Revealed { identity: Err(e), .. }) if e.contains("outside the grids")),
        "{reply:?}"
    );
    let reveals: i64 = h
        .store()
        .conn()
        .query_row("SELECT count(*) FROM audit_log WHERE action = 'tipoff.reveal'", [], |r| r.get(0))
        .expect("audit");
    assert_eq!(reveals, 0, "nothing was opened");
}

/// A refused write leaves its form open with what was typed and the reason (a silence is the
/// office's business, not a station's), and nothing is stored.
#[test]
fn a_refused_form_stays_open_with_its_text() {
    let (_d, mut h, _) = station(Lang::En);
    let silences = |h: &Headless| -> i64 {
        h.store().conn().query_row("SELECT count(*) FROM silence", [], |r| r.get(0)).expect("count")
    };
    let before = silences(&h);
    h.key(KeyCode::Char('6'));
    assert!(h.app.screens.alarms.selected().is_some(), "the station sees an alarm");
    h.key(KeyCode::Char('s'));
    assert!(h.app.form.is_some(), "the silence form");
    h.key(KeyCode::Tab).key(KeyCode::Tab).type_text("drill at the plant");
    h.key_with(KeyCode::Char('s'), ratatui::crossterm::event::KeyModifiers::CONTROL);
    let (form, _) = h.app.form.as_ref().expect("the form stays open");
    assert!(form.error.as_deref().is_some_and(|e| e.contains("office's own business")), "{:?}", form.error);
    assert_eq!(form.text(2), "drill at the plant", "what was typed is kept");
    assert!(h.screen().contains("drill at the plant"));
    assert_eq!(silences(&h), before, "nothing stored");
    h.key(KeyCode::Esc);
    assert!(h.app.form.as_ref().is_some_and(|(f, _)| f.discard_asked), "typed text: Esc asks first");
    assert!(h.screen().contains("Esc again to discard"), "{}", h.screen());
    h.key(KeyCode::Esc);
    assert!(h.app.form.is_none(), "a second Esc leaves it");
}

/// A station reads the detail of every alarm it sees, an updated CAP warning (with its chain of
/// references) included: the detail's queries run on the station's views.
#[test]
fn a_station_reads_every_alarm_detail_it_lists() {
    let (_d, mut h, _) = station(Lang::En);
    h.key(KeyCode::Char('6')).key(KeyCode::Char('f'));
    let ids: Vec<i64> = h
        .app
        .screens
        .alarms
        .records
        .list
        .rows
        .iter()
        .filter_map(|r| match r {
            anjian::tui::screens::alarms::msg::AlarmItem::Alarm(a) => Some(a.id),
            _ => None,
        })
        .collect();
    assert!(!ids.is_empty());
    for id in ids {
        let r = h
            .backend
            .execute(anjian::tui::screens::Request::Alarms(anjian::tui::screens::alarms::msg::Req::Detail(id)));
        let text = format!("{r:?}");
        assert!(!text.contains("Err") && !text.contains("Error"), "alarm #{id}: {text}");
    }
}

//! End to end: the real binary in a real pseudo-terminal (tmux), keys sent, the screen read back.
//! Skipped with a printed reason where tmux is not installed (.ci/run installs it).

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::tmux::{Tmux, wait_file};

/// Runs anjian with `args` in a new tmux session (no colour, Chinese, a 256-colour terminal); its
/// exit status is written to `status`.
fn start_anjian(args: &str, status: &Path, width: u16, height: u16) -> Option<Tmux> {
    start_in_tmux(&format!("sh -c '{} {args}; echo $? > {}; sleep 60'", common::bin(), status.display()), width, height)
}

fn start_in_tmux(cmd: &str, width: u16, height: u16) -> Option<Tmux> {
    Tmux::start(&format!("env NO_COLOR=1 LANG=zh_CN.UTF-8 TERM=xterm-256color {cmd}"), width, height)
}

#[test]
fn demo_help_filter_by_uscc_detail_and_quit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("demo.db");
    let status = dir.path().join("status");
    let Some(t) = start_anjian(&format!("demo --db {}", db.display()), &status, 120, 40) else {
        return;
    };

    // The status bar and the panels can arrive in different frames under load: wait for both.
    let overview = t.wait_for_all(&["按风险等级", "云溪街道", "640"]);
    assert!(overview.contains("按风险等级"), "{overview}");
    assert_eq!(t.query("#{alternate_on}"), "1", "the dashboard runs on the alternate screen");

    t.keys(&["?"]);
    let help = t.wait_for("快捷键");
    assert!(help.contains("app.quit") && help.contains("list.filter"), "{help}");
    t.keys(&["Escape"]);

    let (uscc, name): (String, String) = rusqlite::Connection::open(&db)
        .expect("open")
        .query_row("SELECT uscc, name FROM unit WHERE uscc IS NOT NULL ORDER BY id DESC LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("a unit");
    t.keys(&["/"]);
    t.wait_for("筛选（名称/信用代码/行业/风险）");
    t.literal(&uscc);
    let found = t.wait_for("筛选结果：1 家");
    assert!(found.contains(&name), "{found}");
    t.keys(&["Enter"]);
    let detail = t.wait_for("主要负责人");
    assert!(detail.contains(&uscc) && detail.contains("网格人员"), "{detail}");

    t.keys(&["q"]);
    assert_eq!(wait_file(&status).trim(), "0", "q exits with status 0");
    assert_eq!(t.query("#{alternate_on}"), "0", "the terminal is restored after quitting");
}

#[test]
fn a_demo_database_reopens_with_sign_in() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("x.db");
    let out = Command::new(common::bin()).args(["demo", "--db"]).arg(&db).arg("--no-tui").output().expect("demo");
    assert!(out.status.success());
    let status = dir.path().join("status");
    let Some(t) = start_anjian(&format!("--db {}", db.display()), &status, 80, 24) else {
        return;
    };
    let signin = t.wait_for("值班员登录");
    assert!(!signin.contains("云溪"), "no office data before sign-in:\n{signin}");
    t.literal("演示值班员");
    t.keys(&["Tab"]);
    t.literal(anjian::demo::DEMO_PIN);
    t.keys(&["Enter"]);
    // The status bar can be drawn in another frame than the Overview's figures: wait for both.
    let screen = t.wait_for_all(&["单位 640", "云溪街道", "演示值班员"]);
    assert!(screen.contains("单位 640"), "{screen}");
    t.keys(&["2"]);
    t.wait_for("云溪社区");
    t.keys(&["q"]);
    assert_eq!(wait_file(&status).trim(), "0");
}

/// The on-time rate line of the Overview, e.g. "50.0% (3/6)", as (on time, due).
fn rate_line(screen: &str) -> (u64, u64) {
    let line = screen
        .lines()
        .find(|l| l.contains("本年重大隐患按期整改率"))
        .unwrap_or_else(|| panic!("no rate line:\n{screen}"));
    let inner =
        line.split('(').nth(1).and_then(|s| s.split(')').next()).unwrap_or_else(|| panic!("no figures: {line}"));
    let (a, b) = inner.split_once('/').unwrap_or_else(|| panic!("bad figures: {line}"));
    (a.trim().parse().expect("on time"), b.trim().parse().expect("due"))
}

#[test]
fn record_a_drill_then_take_a_hazard_through_the_loop_and_see_the_rate() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("demo.db");
    let status = dir.path().join("status");
    let Some(t) = start_anjian(&format!("demo --db {}", db.display()), &status, 120, 40) else {
        return;
    };
    t.wait_for("云溪街道");
    let conn = || rusqlite::Connection::open(&db).expect("open");
    let drill_due = anjian::store::deadlines::due_expr(anjian::domain::deadline::DeadlineKind::Drill);

    // 1. Drills only; the top one is the most overdue. Record a drill for it.
    t.keys(&["3", "t", "t"]);
    t.wait_for("疏散演练");
    let (unit, name, due_before): (i64, String, String) = conn()
        .query_row(
            &format!("SELECT u.id, u.name, {drill_due} FROM unit u ORDER BY {drill_due}, u.id LIMIT 1"),
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("most overdue drill");
    let screen = t.wait_for(&name);
    assert!(screen.contains("逾期"), "{screen}");
    t.keys(&["d"]);
    t.wait_for("记录疏散演练");
    t.keys(&["Tab"]);
    t.literal("王主任");
    t.keys(&["C-s"]);
    t.wait_for("已记录疏散演练");
    let due_after: String =
        conn().query_row(&format!("SELECT {drill_due} FROM unit u WHERE id = ?1"), [unit], |r| r.get(0)).expect("due");
    assert!(due_after > due_before, "the drill moved its deadline: {due_before} -> {due_after}");

    // 2. The rate before.
    t.keys(&["1"]);
    let (on_time, due) = rate_line(&t.wait_for("本年重大隐患按期整改率"));

    // 3. A new major hazard at the first unit of the first grid (deadline: the default, 30 days).
    t.keys(&["2", "j", "Enter", "j"]);
    t.wait_for("主要负责人");
    t.keys(&["n"]);
    t.wait_for("登记隐患");
    t.literal("楼梯间存放液化气钢瓶");
    t.keys(&["Tab", "Space", "C-s"]);
    t.wait_for("已登记隐患");
    let (id, deadline): (i64, String) = conn()
        .query_row("SELECT id, deadline FROM hazard ORDER BY id DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("new hazard");

    // 4. Hazards, major only; walk to it (open ones are listed by deadline, then id).
    let before: i64 = conn()
        .query_row(
            "SELECT COUNT(*) FROM hazard WHERE status <> 'closed' AND major = 1 AND (deadline < ?1 OR (deadline = ?1 AND id < ?2))",
            rusqlite::params![deadline, id],
            |r| r.get(0),
        )
        .expect("position");
    t.keys(&["4", "M"]);
    t.wait_for("仅重大");
    for _ in 0..before {
        t.keys(&["j"]);
    }
    t.wait_for("楼梯间存放液化气钢瓶");
    t.keys(&["a"]);
    t.wait_for("整改中");
    t.keys(&["a"]);
    t.wait_for("待验收");
    t.keys(&["v"]);
    t.wait_for("验收意见");
    t.literal("复查合格");
    t.keys(&["Tab"]);
    t.literal("整改照片已存档");
    t.keys(&["C-s"]);
    // Closed, it leaves the list of open hazards; the store says what happened.
    let start = Instant::now();
    loop {
        let (status_now, note): (String, String) = conn()
            .query_row("SELECT status, closure_note FROM hazard WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("status");
        if status_now == "closed" {
            assert_eq!(note, "复查合格");
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "not closed:\n{}", t.screen());
        std::thread::sleep(Duration::from_millis(100));
    }

    // 5. The Overview's on-time rate counts it.
    t.keys(&["1"]);
    let start = Instant::now();
    loop {
        let now = rate_line(&t.wait_for("本年重大隐患按期整改率"));
        if now == (on_time + 1, due + 1) {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "rate stayed at {now:?}, wanted {:?}",
            (on_time + 1, due + 1)
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    t.keys(&["q"]);
    assert_eq!(wait_file(&status).trim(), "0");
}

/// A demo database at `db` (created without the dashboard) and a fixture upstream process in
/// `mode`.
fn demo_and_upstream(db: &Path, mode: &str) -> common::FixtureServer {
    let out = Command::new(common::bin()).args(["demo", "--db"]).arg(db).arg("--no-tui").output().expect("demo");
    assert!(out.status.success());
    common::fixture_server(mode)
}

/// The number in "告警队列 N 项" on screen.
fn queue_count(screen: &str) -> Option<u64> {
    let rest = screen.split("告警队列 ").nth(1)?;
    rest.split(' ').next()?.parse().ok()
}

fn sign_in(t: &Tmux) {
    t.wait_for("值班员登录");
    t.literal("演示值班员");
    t.keys(&["Tab"]);
    t.literal(anjian::demo::DEMO_PIN);
    t.keys(&["Enter"]);
    t.wait_for("云溪街道");
}

#[test]
fn two_dashboards_on_one_database_both_see_new_alarms_and_only_one_fetches() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("SKIPPED: tmux is not installed, so the end-to-end pty test did not run");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("demo.db");
    let server = demo_and_upstream(&db, "ok");
    let base = server.base.clone();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[[feeds]]\nname = \"sensors\"\nkind = \"monitor\"\nurl = \"{base}/monitor/alarms\"\ninterval = \"1s\"\n\n\
             [alarms]\ndesktop_notifications = false\n"
        ),
    )
    .expect("config");
    let args = format!("--db {} --config {}", db.display(), config.display());
    let (s1, s2) = (dir.path().join("s1"), dir.path().join("s2"));
    let (Some(a), Some(b)) = (start_anjian(&args, &s1, 120, 40), start_anjian(&args, &s2, 120, 40)) else {
        return;
    };
    sign_in(&a);
    sign_in(&b);
    // All alarms, not only the open ones: new alarms arrive while old ones clear upstream.
    a.keys(&["6", "f"]);
    b.keys(&["6", "f"]);
    // Both dashboards sync in the background; wait until the feed's first round has landed.
    let settled = |t: &Tmux| {
        let start = Instant::now();
        let mut last = None;
        loop {
            let n = queue_count(&t.wait_for("告警队列"));
            if n.is_some() && n == last {
                return n.unwrap_or(0);
            }
            last = n;
            assert!(start.elapsed() < Duration::from_secs(20), "queue never settled");
            std::thread::sleep(Duration::from_millis(1500));
        }
    };
    let before = settled(&a);
    // Upstream raises alarms; both terminals show them within a few seconds.
    let addr = base.trim_start_matches("http://").to_string();
    let mut s = std::net::TcpStream::connect(&addr).expect("control");
    std::io::Write::write_all(&mut s, b"GET /control/tick?n=30 HTTP/1.1\r\nConnection: close\r\n\r\n").expect("tick");
    let mut sink = String::new();
    let _ = std::io::Read::read_to_string(&mut s, &mut sink);
    for t in [&a, &b] {
        let start = Instant::now();
        loop {
            if queue_count(&t.screen()).is_some_and(|n| n > before) {
                break;
            }
            assert!(start.elapsed() < Duration::from_secs(15), "new alarms never showed:\n{}", t.screen());
            std::thread::sleep(Duration::from_millis(200));
        }
    }
    // One lease holder at a time, and it is one of the two dashboards.
    let owner: Option<String> = rusqlite::Connection::open(&db)
        .expect("open")
        .query_row("SELECT lease_owner FROM feed WHERE name = 'sensors'", [], |r| r.get(0))
        .expect("lease");
    assert!(owner.is_some_and(|o| o.contains(':')), "a dashboard holds the feed's lease");
    let dupes: i64 = rusqlite::Connection::open(&db)
        .expect("open")
        .query_row("SELECT count(*) - count(DISTINCT dedup_key) FROM alarm WHERE feed = 'sensors'", [], |r| r.get(0))
        .expect("dupes");
    assert_eq!(dupes, 0, "two syncing dashboards never store an alarm twice");
    a.keys(&["q"]);
    b.keys(&["q"]);
    assert_eq!(wait_file(&s1).trim(), "0");
    assert_eq!(wait_file(&s2).trim(), "0");
    drop(server);
}

#[test]
fn failing_feeds_never_stall_the_keyboard() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("SKIPPED: tmux is not installed, so the end-to-end pty test did not run");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("demo.db");
    // One upstream that accepts connections and never answers, and one for every other fault,
    // each fetched every second by the dashboard's own sync while keys are pressed.
    let hanging = demo_and_upstream(&db, "timeout");
    let base = hanging.base.clone();
    let mut servers = Vec::new();
    let mut feeds =
        format!("[[feeds]]\nname = \"hangs\"\nkind = \"cap\"\nurl = \"{base}/cap/index.atom\"\ninterval = \"1s\"\n");
    for mode in ["slow", "reset", "flood", "webpage", "redirectloop", "oversized", "truncated", "error500"] {
        let server = common::fixture_server(mode);
        let base = server.base.clone();
        servers.push(server);
        feeds.push_str(&format!(
            "[[feeds]]\nname = \"{mode}\"\nkind = \"monitor\"\nurl = \"{base}/monitor/alarms\"\ninterval = \"1s\"\n"
        ));
    }
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr");
    feeds.push_str(&format!(
        "[[feeds]]\nname = \"refused\"\nkind = \"cap\"\nurl = \"http://{closed}/a.atom\"\ninterval = \"1s\"\n"
    ));
    let config = dir.path().join("config.toml");
    std::fs::write(&config, feeds).expect("config");
    let status = dir.path().join("status");
    let Some(t) = start_anjian(&format!("--db {} --config {}", db.display(), config.display()), &status, 120, 40)
    else {
        return;
    };
    sign_in(&t);
    // The faults are under way: feed health explains each that has ended (the hanging, slow and
    // oversized ones end at the client's time limit).
    let check = common::open(&db);
    let explained = |words: &[(&str, &str)]| {
        words.iter().all(|(feed, w)| {
            check
                .conn()
                .query_row("SELECT last_error FROM feed WHERE name = ?1", [feed], |r| r.get::<_, Option<String>>(0))
                .ok()
                .flatten()
                .is_some_and(|e| e.contains(w))
        })
    };
    let expected = [
        ("reset", "broke off"),
        ("flood", "not JSON"),
        ("webpage", "web page (text/html"),
        ("redirectloop", "redirected more than"),
        ("truncated", "broke off"),
        ("error500", "HTTP 500"),
        ("refused", "cannot connect"),
    ];
    let started = Instant::now();
    while !explained(&expected) {
        assert!(started.elapsed() < Duration::from_secs(30), "feed health never explained every fault");
        std::thread::sleep(Duration::from_millis(200));
    }
    // While the feeds go on failing in every way at once, every key is answered at once.
    for _ in 0..3 {
        for (key, needle) in [("2", "社区 > 网格 > 单位"), ("6", "告警队列"), ("4", "隐患台账"), ("1", "按风险等级")]
        {
            let start = Instant::now();
            t.keys(&[key]);
            t.wait_for(needle);
            assert!(start.elapsed() < Duration::from_secs(3), "key {key} took {:?}", start.elapsed());
        }
    }
    t.keys(&["q"]);
    assert_eq!(wait_file(&status).trim(), "0", "quits at once even with fetches in flight");
    drop((servers, hanging));
}

#[test]
fn a_demo_tip_off_from_received_to_rewarded_opens_its_hazard() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("demo.db");
    let status = dir.path().join("status");
    let Some(t) = start_anjian(&format!("demo --db {}", db.display()), &status, 120, 40) else {
        return;
    };
    t.wait_for("云溪街道");
    t.keys(&["5"]);
    t.wait_for("举报队列");
    let conn = || rusqlite::Connection::open(&db).expect("open");
    // The demo's newest hotline tip-off, still only received.
    let id: i64 = conn()
        .query_row("SELECT id FROM tipoff WHERE description LIKE '液化气钢瓶堆放在楼道里%'", [], |r| {
            r.get(0)
        })
        .expect("demo tip-off");
    // Put the cursor on it: it is among the items without a clock, after those with one.
    for _ in 0..20 {
        if t.screen().contains(&format!("#{id}")) {
            break;
        }
        t.keys(&["j"]);
        std::thread::sleep(Duration::from_millis(100));
    }
    t.wait_for(&format!("#{id}"));
    let step = |keys: &[&str], text: Option<&str>, wanted: &str| {
        t.keys(keys);
        if let Some(s) = text {
            t.literal(s);
        }
        if keys.iter().any(|k| ["y", "p", "w", "x", "n"].contains(k)) {
            t.keys(&["C-s"]);
        }
        let start = Instant::now();
        loop {
            let s: String =
                conn().query_row("SELECT status FROM tipoff WHERE id = ?1", [id], |r| r.get(0)).expect("status");
            if s == wanted {
                break;
            }
            assert!(start.elapsed() < Duration::from_secs(10), "never became {wanted} (is {s}):\n{}", t.screen());
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    step(&["a"], None, "accepted");
    step(&["v"], None, "verifying");
    step(&["y", "Tab"], Some("20000"), "substantiated");
    // The hazard, opened in one step from the verified tip-off.
    t.keys(&["n"]);
    t.wait_for("登记隐患");
    t.keys(&["C-s"]);
    let start = Instant::now();
    while conn()
        .query_row("SELECT hazard_id FROM tipoff WHERE id = ?1", [id], |r| r.get::<_, Option<i64>>(0))
        .expect("h")
        .is_none()
    {
        assert!(start.elapsed() < Duration::from_secs(10), "no hazard:\n{}", t.screen());
        std::thread::sleep(Duration::from_millis(100));
    }
    step(&["p"], Some("已核查属实，已责令整改"), "replied");
    step(&["w"], None, "rewarded");
    let (reward, hazard_source): (f64, String) = conn()
        .query_row(
            "SELECT t.reward, h.source FROM tipoff t JOIN hazard h ON h.id = t.hazard_id WHERE t.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("reward");
    assert_eq!((reward, hazard_source.as_str()), (3000.0, "tipoff"), "the rule's proposal for a 20,000 yuan fine");
    let screen = t.wait_for("已奖励");
    assert!(
        screen.contains("已登记") && !screen.contains("钱"),
        "the reporter stays sealed (registered, no surname):\n{screen}"
    );
    t.keys(&["q"]);
    assert_eq!(wait_file(&status).trim(), "0");
}

#[test]
fn compile_and_export_the_demo_report_by_keys_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("demo.db");
    let status = dir.path().join("status");
    let Some(t) = start_anjian(&format!("demo --db {}", db.display()), &status, 120, 40) else {
        return;
    };
    t.wait_for("云溪街道");
    t.keys(&["7"]);
    let list = t.wait_for("任务清单");
    assert!(list.contains("班子领学") && list.contains("进度"), "the main plan (the street plan) first: {list}");
    // Tick the third item done, then compile, read the preview, and export.
    t.keys(&["j", "j", "x"]);
    t.wait_for("已更新");
    t.keys(&["c"]);
    let preview = t.wait_for("报告预览");
    assert!(preview.contains("安全生产治本攻坚工作情况的报告") && preview.contains("一、工作开展情况"), "{preview}");
    t.keys(&["w"]);
    let done = t.wait_for("报告已写出");
    assert!(done.contains("anjian-report-"), "{done}");
    let reports = dir.path().join("reports");
    let mut files: Vec<String> = std::fs::read_dir(&reports)
        .expect("the reports directory beside the database")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files.len(), 3, "{files:?}");
    assert!(files.iter().all(|f| f.starts_with("anjian-report-")), "{files:?}");
    let md = files.iter().find(|f| f.ends_with(".md")).expect("markdown");
    let text = std::fs::read_to_string(reports.join(md)).expect("md");
    assert!(text.contains("| 2 法规标准和责任体系建设（2/3） |"), "the ticked item counts:\n{text}");
    let recorded: i64 = rusqlite::Connection::open(&db)
        .expect("open")
        .query_row("SELECT count(*) FROM report_compiled", [], |r| r.get(0))
        .expect("records");
    assert_eq!(recorded, 3);
    t.keys(&["Escape", "q"]);
    assert_eq!(wait_file(&status).trim(), "0");
}

#[test]
fn the_idle_lock_leaves_no_data_on_the_real_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("demo.db");
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "[session]\nidle_lock = \"3s\"\n").expect("config");
    let status = dir.path().join("status");
    let Some(t) = start_anjian(&format!("--config {} demo --db {}", cfg.display(), db.display()), &status, 120, 40)
    else {
        return;
    };
    t.wait_for("云溪街道");
    // Show units, a hazard and a revealed reporter, then leave the keyboard alone.
    t.keys(&["2"]);
    t.wait_for("云溪社区");
    t.keys(&["5", "i"]);
    let (unit, hazard, reporter): (String, String, String) = {
        let c = rusqlite::Connection::open(&db).expect("open");
        let unit = c.query_row("SELECT name FROM unit ORDER BY id LIMIT 1", [], |r| r.get(0)).expect("unit");
        let hazard = c.query_row("SELECT description FROM hazard ORDER BY id LIMIT 1", [], |r| r.get(0)).expect("hz");
        (unit, hazard, "吴佳".to_string())
    };
    let locked = t.wait_for("屏幕已锁定");
    for text in ["云溪社区", unit.as_str(), hazard.as_str(), reporter.as_str(), "640"] {
        assert!(!locked.contains(text), "{text} is still on the locked terminal:\n{locked}");
    }
    // Neither Ctrl-C nor Esc leaves a locked screen (that would hand over the account's shell).
    t.keys(&["C-c", "Escape"]);
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert!(!status.exists(), "the locked dashboard was left");
    assert!(t.wait_for("屏幕已锁定").contains("屏幕已锁定"));
    t.literal(anjian::demo::DEMO_PIN);
    t.keys(&["Enter"]);
    t.wait_for("举报队列");
    t.keys(&["q"]);
    assert_eq!(wait_file(&status).trim(), "0");
}

#[test]
fn neither_user_nor_a_config_of_ones_own_signs_anyone_in() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("x.db");
    let out = Command::new(common::bin()).args(["demo", "--db"]).arg(&db).arg("--no-tui").output().expect("demo");
    assert!(out.status.success());
    // A config of one's own that maps the account (by $USER, by the real name, by anything) to the
    // demo's supervisor: read for display settings, never for who is signed in.
    let cfg = dir.path().join("config.toml");
    let me = common::me();
    std::fs::write(&cfg, format!("[session.accounts]\nxikou = \"演示值班员\"\n\"{me}\" = \"演示值班员\"\n"))
        .expect("config");
    let status = dir.path().join("status");
    let err = dir.path().join("stderr");
    let cmd = format!(
        "sh -c 'USER=xikou LOGNAME=xikou {} --config {} --db {} 2>{}; echo $? > {}; sleep 60'",
        common::bin(),
        cfg.display(),
        db.display(),
        err.display(),
        status.display()
    );
    let Some(t) = start_in_tmux(&cmd, 120, 40) else { return };
    let screen = t.wait_for("值班员登录");
    assert!(!screen.contains("云溪社区") && !screen.contains("演示值班员（"), "{screen}");
    t.keys(&["Escape"]);
    assert_eq!(wait_file(&status).trim(), "0");
    let said = std::fs::read_to_string(&err).unwrap_or_default();
    assert!(said.contains("[session.accounts] is read only from the service account's own config"), "{said}");
    let signed: i64 = rusqlite::Connection::open(&db)
        .expect("open")
        .query_row("SELECT count(*) FROM audit_log WHERE action = 'operator.sign_in'", [], |r| r.get(0))
        .expect("audited");
    assert_eq!(signed, 0, "no one was signed in");
}

#[test]
fn a_dropped_terminal_ends_the_dashboard_and_gives_the_feed_leases_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("demo.db");
    let status = dir.path().join("status");
    let Some(t) = start_anjian(&format!("demo --db {}", db.display()), &status, 120, 40) else {
        return;
    };
    t.wait_for("云溪街道");
    let pid: i32 = t.query("#{pane_pid}").parse().expect("pane pid");
    // The demo's dashboard syncs its feeds in the background and holds their leases.
    let conn = rusqlite::Connection::open(&db).expect("open");
    let held = || -> i64 {
        conn.query_row(
            "SELECT count(*) FROM feed WHERE lease_owner IS NOT NULL AND lease_until > ?1",
            [anjian::domain::time::stamp(anjian::domain::time::now())],
            |r| r.get(0),
        )
        .expect("leases")
    };
    let start = Instant::now();
    while held() == 0 {
        assert!(start.elapsed() < Duration::from_secs(20), "the dashboard never took a lease");
        std::thread::sleep(Duration::from_millis(100));
    }
    // The "connection" drops: tmux kills the pane's processes with SIGHUP.
    let anjian_pids = || -> Vec<String> {
        let out = Command::new("pgrep").args(["-P", &pid.to_string()]).output().expect("pgrep");
        String::from_utf8_lossy(&out.stdout).split_whitespace().map(str::to_string).collect()
    };
    let children = anjian_pids();
    assert!(!children.is_empty(), "anjian runs under the pane's shell");
    let _ = Command::new("tmux").args(["-L", &t.socket, "kill-server"]).status();
    let start = Instant::now();
    loop {
        let alive: Vec<&String> =
            children.iter().filter(|p| std::path::Path::new(&format!("/proc/{p}")).exists()).collect();
        if alive.is_empty() {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "anjian outlived its terminal: {alive:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(held(), 0, "the leases were given back, not left to expire");
}

/// The alarm the detail pane shows: the number after '#' on its first line ("[黄] 新 #43").
fn detail_id(screen: &str) -> Option<i64> {
    screen.lines().find_map(|l| {
        let right = l.rsplit("││").next()?;
        let at = right.find(" #")?;
        right[at + 2..].chars().take_while(char::is_ascii_digit).collect::<String>().parse().ok()
    })
}

/// A shift in a real terminal while the upstream raises an alarm every second: the officer moves,
/// acknowledges, dispatches and resolves, and every step lands on the alarm the detail pane
/// showed; an alarm resolved from elsewhere is said to have left the list.
#[test]
fn a_shift_in_a_terminal_while_alarms_arrive_every_second() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("SKIPPED: tmux is not installed, so the end-to-end pty test did not run");
        return;
    }
    use std::io::BufRead;
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("demo.db");
    let out = Command::new(common::bin()).args(["demo", "--db"]).arg(&db).arg("--no-tui").output().expect("demo");
    assert!(out.status.success());
    let mut child = Command::new(common::bin())
        .args(["fixture-server", "--addr", "127.0.0.1:0", "--every", "1", "--mode", "ok"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("fixture-server");
    let stdout = child.stdout.take().expect("stdout");
    let _server = common::Reaped(child);
    let mut base = String::new();
    std::io::BufReader::new(stdout).read_line(&mut base).expect("address");
    let base = base.trim();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[[feeds]]\nname = \"sensors\"\nkind = \"monitor\"\nurl = \"{base}/monitor/alarms\"\ninterval = \"1s\"\n\n\
             [[feeds]]\nname = \"weather\"\nkind = \"cap\"\nurl = \"{base}/cap/index.atom\"\ninterval = \"1s\"\n\n\
             [alarms]\ndesktop_notifications = false\n"
        ),
    )
    .expect("config");
    let status = dir.path().join("status");
    let Some(t) = start_anjian(&format!("--db {} --config {}", db.display(), config.display()), &status, 120, 40)
    else {
        return;
    };
    sign_in(&t);
    t.keys(&["6"]);
    t.wait_for("告警详情");
    let conn = rusqlite::Connection::open(&db).expect("open");
    let status_of = |id: i64| -> String {
        conn.query_row("SELECT status FROM alarm WHERE id = ?1", [id], |r| r.get(0)).expect("status")
    };
    // What the upstream has published: a warning or a monitor event every second.
    let published = || -> u64 {
        let state: serde_json::Value = serde_json::from_str(&common::control(base, "/control/state")).expect("state");
        state["cap"].as_array().map(|a| a.len() as u64).unwrap_or(0) + state["monitor_events"].as_u64().unwrap_or(0)
    };
    let at_start = published();
    let said = |text: &str| t.wait_for(text);
    let shown = || {
        let start = Instant::now();
        loop {
            if let Some(id) = detail_id(&t.screen()) {
                return id;
            }
            assert!(start.elapsed() < Duration::from_secs(10), "no detail:\n{}", t.screen());
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    for round in 0..3 {
        t.keys(&["j"]);
        std::thread::sleep(Duration::from_millis(300));
        let id = shown();
        t.keys(&["a"]);
        said(&format!("已确认告警 #{id}"));
        assert_eq!(status_of(id), "acknowledged", "round {round}: the alarm shown was acknowledged");
        // Still the same alarm under the cursor while others arrive: dispatch and resolve it.
        std::thread::sleep(Duration::from_millis(1200));
        assert_eq!(shown(), id, "round {round}: the cursor stayed on its alarm");
        t.keys(&["d"]);
        said("派发告警");
        t.keys(&["Enter"]);
        said(&format!("已将告警 #{id} 派发给"));
        assert_eq!(status_of(id), "dispatched");
        std::thread::sleep(Duration::from_millis(1200));
        assert_eq!(shown(), id);
        t.keys(&["x"]);
        said(&format!("已处置告警 #{id}"));
        assert_eq!(status_of(id), "resolved");
    }
    // Resolved from elsewhere, the alarm shown leaves the open list, and the screen says so.
    std::thread::sleep(Duration::from_millis(500));
    let id = shown();
    conn.execute("UPDATE alarm SET status = 'resolved', version = version + 1 WHERE id = ?1", [id]).expect("elsewhere");
    said(&format!("#{id} 已不在列表中"));
    let at_end = published();
    assert!(at_end >= at_start + 8, "the upstream kept publishing during the shift: {at_start} → {at_end}");
    t.keys(&["q"]);
    assert_eq!(wait_file(&status).trim(), "0");
}

//! Alarms routed to receivers and delivered through the outbox, against receivers on loopback:
//! first matching route wins, a silence and inhibition (a red alarm of the same event and area
//! holds back yellow and blue) keep messages back, a receiver that fails is tried again later and
//! its message delivered once when it is back, a refusal leaves the message dead (exported, exit
//! 1), and every step is in the alarm's timeline.

mod common;

use std::process::{Command, Output};

fn run(db: &std::path::Path, cfg: &std::path::Path, args: &[&str]) -> Output {
    common::run_with(db, cfg, "en", args)
}

use common::printed as text;

/// A new Actual alarm; its id.
fn alarm(c: &rusqlite::Connection, key: &str, feed: &str, level: &str, event: &str, area: &str) -> i64 {
    c.execute(
        "INSERT INTO alarm (dedup_key, feed, source, msg_status, level, status, headline, event, area, sent, first_seen, last_seen)
         VALUES (?1, ?2, 's', 'Actual', ?3, 'new', ?4 || '预警', ?4, ?5, '2026-11-30T09:00:00+08:00', 'x', 'x')",
        rusqlite::params![key, feed, level, event, area],
    )
    .expect("alarm");
    c.last_insert_rowid()
}

#[test]
fn routes_silences_inhibition_retries_and_dead_letters_each_give_exactly_the_expected_messages() {
    let demo = common::demo_copy();
    let db = &demo.path;
    let (addr, behaviour, seen) = common::receiver::serve();
    behaviour.lock().expect("b").insert("/wecom".into(), "ok".into());
    behaviour.lock().expect("b").insert("/hook".into(), "status 503".into());
    let cfg = demo.dir.path().join("config.toml");
    std::fs::write(
        &cfg,
        format!(
            "[[receivers]]\nname = \"值班群\"\nkind = \"wecom\"\nurl = \"http://{addr}/wecom?key=K\"\n\n\
             [[receivers]]\nname = \"hook\"\nkind = \"webhook\"\nurl = \"http://{addr}/hook\"\n\n\
             [[routes]]\nmatch = \"level=red\"\nreceiver = \"值班群\"\n\n\
             [[routes]]\nmatch = \"feed=gas\"\nreceiver = \"hook\"\n"
        ),
    )
    .expect("config");
    // The demo's own alarms are already behind the router; these five are new.
    let c = rusqlite::Connection::open(db).expect("open");
    c.execute("UPDATE notify_cursor SET last_alarm = (SELECT max(id) FROM alarm)", []).expect("cursor");
    let red = alarm(&c, "t1", "weather", "major", "大风", "溪口村");
    let inhibited = alarm(&c, "t2", "weather", "general", "大风", "溪口村");
    let gas = alarm(&c, "t3", "gas", "significant", "燃气泄漏", "南湖村");
    let _unrouted = alarm(&c, "t4", "weather", "low", "暴雨", "南湖村");
    c.execute(
        "INSERT INTO silence (matcher, reason, starts_at, ends_at, created_by) VALUES
           ('feed=gas level=red', '检修', '2026-01-01T00:00:00+08:00', '2099-01-01T00:00:00+08:00', 't')",
        [],
    )
    .expect("silence");
    let silenced = alarm(&c, "t5", "gas", "major", "燃气泄漏", "南湖村");

    let o = run(db, &cfg, &["notify", "send"]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(
        text(&o).trim(),
        "routed: 2 queued, 1 silenced, 1 inhibited, 1 without a route; dispatches: 0; reminders: 0; escalated: 0; sent: 1 delivered, 1 to retry, 0 dead (1 pending, 0 dead in all)"
    );
    let requests = |path: &str| {
        seen.lock().expect("seen").iter().filter(|r| r.path.starts_with(path)).cloned().collect::<Vec<_>>()
    };
    let wecom = requests("/wecom");
    assert_eq!(wecom.len(), 1);
    let body: serde_json::Value = serde_json::from_str(&wecom[0].body).expect("json");
    let content = body["text"]["content"].as_str().expect("content");
    assert!(content.starts_with("【红色预警】大风预警\n区域：溪口村\n"), "{content}");
    assert!(content.contains(&format!("编号：A{red}")), "{content}");
    assert_eq!(requests("/hook").len(), 1, "tried once, answered 503");

    // Again at once: nothing new to route, the retry not yet due.
    let o = run(db, &cfg, &["notify", "send"]);
    assert!(
        text(&o).starts_with("routed: 0 queued") && text(&o).contains("sent: 0 delivered, 0 to retry"),
        "{}",
        text(&o)
    );
    assert_eq!(requests("/hook").len(), 1);
    // The receiver is back and the wait is over: delivered, once.
    behaviour.lock().expect("b").insert("/hook".into(), "ok".into());
    c.execute("UPDATE delivery SET due_at = '2000-01-01T00:00:00+08:00' WHERE status = 'pending'", [])
        .expect("time passes");
    let o = run(db, &cfg, &["notify", "send"]);
    assert!(text(&o).contains("sent: 1 delivered, 0 to retry, 0 dead (0 pending, 0 dead in all)"), "{}", text(&o));
    let hook = requests("/hook");
    assert_eq!(hook.len(), 2);
    let body: serde_json::Value = serde_json::from_str(&hook[1].body).expect("json");
    assert_eq!(body["id"], format!("A{gas}"));
    assert_eq!((body["kind"].as_str(), body["level"].as_str()), (Some("alarm"), Some("orange")));
    let o = run(db, &cfg, &["notify", "send"]);
    assert!(text(&o).contains("sent: 0 delivered"), "{}", text(&o));
    assert_eq!((requests("/wecom").len(), requests("/hook").len()), (1, 2), "nothing sent twice");

    // A refusal a retry cannot change: dead at once, said, exported, exit 1.
    behaviour.lock().expect("b").insert("/hook".into(), "status 404".into());
    let refused = alarm(&c, "t6", "gas", "general", "燃气泄漏", "溪口村");
    let o = run(db, &cfg, &["notify", "send"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("0 delivered, 0 to retry, 1 dead"), "{}", text(&o));
    let csv = Command::new(common::bin())
        .arg("--db")
        .arg(db)
        .args(["--lang", "zh", "export", "deliveries"])
        .output()
        .expect("export");
    let csv = String::from_utf8_lossy(&csv.stdout).to_string();
    assert!(csv.contains(&format!(",hook,alarm,A{refused},已放弃,1,")), "{csv}");
    assert!(csv.contains("网络回调拒绝了请求：HTTP 404"), "{csv}");
    assert!(csv.contains(&format!(",值班群,alarm,A{red},已送达,1,")), "{csv}");

    // The timeline of each alarm says where its message went, or why it did not go.
    let timeline = |id: i64| -> Vec<String> {
        c.prepare("SELECT action || ' ' || COALESCE(after, '') FROM audit_log WHERE entity = 'alarm' AND record = ?1 ORDER BY id")
            .expect("q")
            .query_map([id.to_string()], |r| r.get(0))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("timeline")
    };
    let t = timeline(red);
    assert!(t[0].starts_with("alarm.notify") && t[0].contains("值班群"), "{t:?}");
    assert!(t[1].starts_with("alarm.delivery") && t[1].contains("\"sent\""), "{t:?}");
    assert!(timeline(inhibited)[0].contains(&format!("\"by\":{red}")), "{:?}", timeline(inhibited));
    assert!(timeline(silenced)[0].contains("silenced"), "{:?}", timeline(silenced));
    let g = timeline(gas);
    assert!(g.iter().any(|l| l.contains("\"failed\"")) && g.last().is_some_and(|l| l.contains("\"sent\"")), "{g:?}");
}

#[test]
fn a_route_to_a_receiver_not_listed_is_refused_with_its_line() {
    let demo = common::demo_copy();
    let cfg = demo.dir.path().join("bad.toml");
    std::fs::write(&cfg, "[[routes]]\nmatch = \"level=red\"\nreceiver = \"nobody\"\n").expect("cfg");
    let o = run(&demo.path, &cfg, &["notify", "send"]);
    assert!(!o.status.success());
    assert!(
        text(&o).contains("line 1: route to \"nobody\": no receiver of that name in [[receivers]]"),
        "{}",
        text(&o)
    );
    std::fs::write(&cfg, "[[receivers]]\nname = \"a\"\nkind = \"webhook\"\nurl = \"https://x\"\n\n[[routes]]\nmatch = \"colour=red\"\nreceiver = \"a\"\n").expect("cfg");
    let o = run(&demo.path, &cfg, &["notify", "send"]);
    assert!(
        text(&o).contains("line 6: route to \"a\": match \"colour=red\": \"colour\" is not a field"),
        "{}",
        text(&o)
    );
}

/// `sync --watch` routes what it stores: a red alarm the fixture upstream publishes reaches the
/// robot while the watcher runs, without any other command.
#[test]
fn a_watching_sync_delivers_what_it_stores() {
    use std::io::{BufRead, BufReader};
    let demo = common::demo_copy();
    let server = common::fixture_server("ok");
    let (addr, behaviour, seen) = common::receiver::serve();
    behaviour.lock().expect("b").insert("/wecom".into(), "ok".into());
    let c = rusqlite::Connection::open(&demo.path).expect("open");
    c.execute("UPDATE notify_cursor SET last_alarm = (SELECT max(id) FROM alarm)", []).expect("cursor");
    let cfg = demo.dir.path().join("watch.toml");
    std::fs::write(
        &cfg,
        format!(
            "[[feeds]]\nname = \"sensors\"\nkind = \"monitor\"\nurl = \"{}/monitor/alarms\"\ninterval = \"1s\"\n\n\
             [[receivers]]\nname = \"值班群\"\nkind = \"wecom\"\nurl = \"http://{addr}/wecom?key=K\"\n\n\
             [[routes]]\nreceiver = \"值班群\"\n",
            server.base
        ),
    )
    .expect("config");
    let mut watcher = common::Reaped(
        Command::new(common::bin())
            .arg("--db")
            .arg(&demo.path)
            .arg("--config")
            .arg(&cfg)
            .args(["--lang", "en", "sync", "--watch"])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("watch"),
    );
    let stdout = watcher.0.stdout.take().expect("stdout");
    // New monitor alarms upstream; within a notification round they are at the robot.
    common::control(&server.base, "/control/tick?n=3");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let mut lines = BufReader::new(stdout).lines();
    let mut said = Vec::new();
    while seen.lock().expect("seen").is_empty() && std::time::Instant::now() < deadline {
        if let Some(Ok(l)) = lines.next() {
            said.push(l);
        }
    }
    let got = seen.lock().expect("seen").clone();
    assert!(!got.is_empty(), "nothing reached the robot: {said:?}");
    let body: serde_json::Value = serde_json::from_str(&got[0].body).expect("json");
    assert!(body["text"]["content"].as_str().is_some_and(|t| t.contains("编号：A")), "{body}");
    let queued: i64 = c.query_row("SELECT count(*) FROM delivery", [], |r| r.get(0)).expect("count");
    assert!(queued >= 1);
}

/// The alarms a one-off sync stores are in the outbox when it ends, queued in the transaction
/// that stored them (the same stamp, the router's cursor at the last alarm), before any round;
/// `notify send` then only delivers.
#[test]
fn a_sync_queues_the_messages_of_what_it_stores_in_the_same_transaction() {
    let demo = common::demo_copy();
    let server = common::fixture_server("ok");
    let (addr, behaviour, seen) = common::receiver::serve();
    behaviour.lock().expect("b").insert("/wecom".into(), "ok".into());
    let c = rusqlite::Connection::open(&demo.path).expect("open");
    c.execute("UPDATE notify_cursor SET last_alarm = (SELECT max(id) FROM alarm)", []).expect("cursor");
    let before: i64 = c.query_row("SELECT max(id) FROM alarm", [], |r| r.get(0)).expect("max");
    let cfg = demo.dir.path().join("once.toml");
    std::fs::write(
        &cfg,
        format!(
            "[[feeds]]\nname = \"sensors\"\nkind = \"monitor\"\nurl = \"{}/monitor/alarms\"\n\n\
             [[receivers]]\nname = \"值班群\"\nkind = \"wecom\"\nurl = \"http://{addr}/wecom?key=K\"\n\n\
             [[routes]]\nreceiver = \"值班群\"\n",
            server.base
        ),
    )
    .expect("config");
    common::control(&server.base, "/control/tick?n=3");
    let o = run(&demo.path, &cfg, &["sync", "--once"]);
    assert!(o.status.success(), "{}", text(&o));
    let stored: Vec<(i64, String)> = c
        .prepare("SELECT id, last_seen FROM alarm WHERE id > ?1 AND msg_status = 'Actual' ORDER BY id")
        .expect("q")
        .query_map([before], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("q")
        .collect::<Result<_, _>>()
        .expect("alarms");
    assert!(!stored.is_empty(), "the sync stored alarms: {}", text(&o));
    // Each alarm still open is queued (or held back, and said so), with the stamp of the
    // transaction that stored it; one closed in the same batch is not sent.
    let mut queued_n = 0;
    for (id, at) in &stored {
        let queued: Option<String> = c
            .query_row("SELECT created_at FROM delivery WHERE alarm_id = ?1 AND receiver = '值班群'", [id], |r| {
                r.get(0)
            })
            .ok();
        let (open, held): (bool, bool) = c
            .query_row(
                "SELECT (SELECT status = 'new' FROM alarm WHERE id = ?1),
                        EXISTS (SELECT 1 FROM audit_log WHERE action = 'alarm.notify' AND record = ?2 AND after LIKE '%held%')",
                rusqlite::params![id, id.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("state");
        match queued {
            Some(q) => {
                assert_eq!(&q, at, "alarm {id}: queued in the transaction that stored it");
                queued_n += 1;
            }
            None => assert!(!open || held, "alarm {id} is open and was neither queued nor held back"),
        }
    }
    assert!(queued_n > 0);
    let cursor: i64 = c.query_row("SELECT last_alarm FROM notify_cursor", [], |r| r.get(0)).expect("cursor");
    assert_eq!(cursor, stored.last().map(|s| s.0).unwrap_or_default());
    assert!(seen.lock().expect("seen").is_empty(), "a one-off sync does not deliver");
    let o = run(&demo.path, &cfg, &["notify", "send"]);
    assert!(text(&o).starts_with("routed: 0 queued"), "nothing left to route: {}", text(&o));
    assert!(text(&o).contains(&format!("sent: {queued_n} delivered")), "{}", text(&o));
}

/// The chain: an unacknowledged red alarm goes to its grid's officers at once and to the director
/// after 15 minutes, each step once; an acknowledged one goes no further.
#[test]
fn an_unacknowledged_red_alarm_climbs_the_chain_and_acknowledgement_stops_it() {
    let demo = common::demo_copy();
    let db = &demo.path;
    let (addr, behaviour, seen) = common::receiver::serve();
    behaviour.lock().expect("b").insert("/wecom".into(), "ok".into());
    let cfg = demo.dir.path().join("chain.toml");
    std::fs::write(
        &cfg,
        format!(
            "[[receivers]]\nname = \"值班群\"\nkind = \"wecom\"\nurl = \"http://{addr}/wecom?key=K\"\n\n\
             [[escalation]]\nlevel = \"red\"\nafter = \"0m\"\nto = \"grid\"\nreceiver = \"值班群\"\n\n\
             [[escalation]]\nlevel = \"red\"\nafter = \"15m\"\nto = \"office\"\nreceiver = \"值班群\"\nmobiles = [\"13900000000\"]\n"
        ),
    )
    .expect("config");
    let c = rusqlite::Connection::open(db).expect("open");
    // Only these two alarms wait for an acknowledgement.
    c.execute("UPDATE alarm SET status = 'acknowledged' WHERE status = 'new'", []).expect("quiet the demo");
    c.execute("UPDATE notify_cursor SET last_alarm = (SELECT max(id) FROM alarm)", []).expect("cursor");
    let ago = |m: i64| anjian::domain::time::stamp(anjian::domain::time::now() - chrono::Duration::minutes(m));
    let grid: (i64, i64) = c
        .query_row(
            "SELECT g.id, g.community_id FROM grid g JOIN officer_grid og ON og.grid_id = g.id
               JOIN officer o ON o.id = og.officer_id WHERE o.phone <> '' ORDER BY g.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("a grid with officers");
    let phones: Vec<String> = c
        .prepare("SELECT DISTINCT o.phone FROM officer_grid og JOIN officer o ON o.id = og.officer_id WHERE og.grid_id = ?1 AND o.phone <> '' ORDER BY o.phone")
        .expect("q")
        .query_map([grid.0], |r| r.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("phones");
    let mut ids = Vec::new();
    for (key, minutes) in [("old", 20), ("new", 5)] {
        c.execute(
            "INSERT INTO alarm (dedup_key, feed, source, msg_status, level, status, headline, event, area, sent, first_seen, last_seen)
             VALUES (?1, 'gas', 's', 'Actual', 'major', 'new', '燃气浓度超限', '燃气泄漏', '溪口村', ?2, ?2, ?2)",
            rusqlite::params![key, ago(minutes)],
        )
        .expect("alarm");
        let id = c.last_insert_rowid();
        c.execute(
            "INSERT INTO alarm_area (alarm_id, community_id, grid_id) VALUES (?1, ?2, ?3)",
            rusqlite::params![id, grid.1, grid.0],
        )
        .expect("area");
        ids.push(id);
    }
    let o = run(db, &cfg, &["notify", "send"]);
    assert!(text(&o).contains("escalated: 3; sent: 3 delivered"), "{}", text(&o));
    let bodies: Vec<serde_json::Value> =
        seen.lock().expect("seen").iter().map(|r| serde_json::from_str(&r.body).expect("json")).collect();
    let to = |b: &serde_json::Value| b["text"]["mentioned_mobile_list"].as_array().cloned().unwrap_or_default();
    let content = |b: &serde_json::Value| b["text"]["content"].as_str().unwrap_or("").to_string();
    let old: Vec<&serde_json::Value> = bodies.iter().filter(|b| content(b).contains(&format!("A{}", ids[0]))).collect();
    assert_eq!(old.len(), 2, "both steps for the alarm 20 minutes old");
    assert!(old.iter().all(|b| content(b).starts_with("【红色升级】燃气浓度超限")));
    let want_grid: Vec<serde_json::Value> = phones.iter().map(|p| serde_json::json!(p)).collect();
    assert!(old.iter().any(|b| to(b) == want_grid), "the grid's officers: {phones:?}");
    assert!(old.iter().any(|b| to(b) == vec![serde_json::json!("13900000000")]), "the director");
    let new: Vec<&serde_json::Value> = bodies.iter().filter(|b| content(b).contains(&format!("A{}", ids[1]))).collect();
    assert_eq!(new.len(), 1, "only the first step at 5 minutes");
    // Each step once; the newer alarm acknowledged before its 15 minutes: no second step.
    let o = run(db, &cfg, &["notify", "send"]);
    assert!(text(&o).contains("escalated: 0; sent: 0 delivered"), "{}", text(&o));
    c.execute("UPDATE alarm SET status = 'acknowledged', sent = ?2 WHERE id = ?1", rusqlite::params![ids[1], ago(40)])
        .expect("ack");
    let o = run(db, &cfg, &["notify", "send"]);
    assert!(text(&o).contains("escalated: 0;"), "{}", text(&o));
    assert_eq!(seen.lock().expect("seen").len(), 3);
    let steps: i64 = c
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'alarm.escalate' AND record = ?1",
            [ids[0].to_string()],
            |r| r.get(0),
        )
        .expect("timeline");
    assert_eq!(steps, 2, "each step in the alarm's timeline");
}

/// Dispatching an alarm notifies the officer: a message to the [dispatch] receiver naming and
/// @-mentioning them; the alarm's timeline says it was delivered.
#[test]
fn a_dispatch_notifies_its_officer() {
    let demo = common::demo_copy();
    let db = &demo.path;
    let (addr, behaviour, seen) = common::receiver::serve();
    behaviour.lock().expect("b").insert("/ding".into(), "ok".into());
    let cfg = demo.dir.path().join("dispatch.toml");
    std::fs::write(
        &cfg,
        format!("[[receivers]]\nname = \"钉钉群\"\nkind = \"dingtalk\"\nurl = \"http://{addr}/ding?access_token=T\"\n\n[dispatch]\nreceiver = \"钉钉群\"\n"),
    )
    .expect("config");
    let c = rusqlite::Connection::open(db).expect("open");
    let (alarm, version): (i64, i64) = c
        .query_row("SELECT id, version FROM alarm WHERE status = 'new' ORDER BY id LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("an alarm");
    let (officer, name, phone): (i64, String, String) = c
        .query_row("SELECT id, name, phone FROM officer WHERE phone <> '' ORDER BY id LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .expect("an officer");
    // Nothing dispatched yet: nothing to send.
    let o = run(db, &cfg, &["notify", "send"]);
    assert!(text(&o).contains("dispatches: 0;"), "{}", text(&o));
    let mut s = common::open(db);
    s.write("值班员甲", |w| {
        anjian::store::alarm_steps::dispatch(
            w,
            alarm,
            version,
            officer,
            anjian::domain::OperatorRole::Duty,
            "请到现场核实",
        )
        .map_err(|e| anjian::store::StoreError::Refused(e.to_string()))
    })
    .expect("dispatch");
    let o = run(db, &cfg, &["notify", "send"]);
    assert!(text(&o).contains("dispatches: 1; reminders: 0; escalated: 0; sent: 1 delivered"), "{}", text(&o));
    let got = seen.lock().expect("seen").clone();
    assert_eq!(got.len(), 1);
    let body: serde_json::Value = serde_json::from_str(&got[0].body).expect("json");
    let content = body["text"]["content"].as_str().expect("content");
    assert!(content.contains("派发】") && content.contains(&format!("负责人：{name}")), "{content}");
    assert!(content.ends_with(&format!(" @{phone}")), "{content}");
    assert_eq!(body["at"]["atMobiles"], serde_json::json!([phone]));
    // Once only, and the timeline says so.
    let o = run(db, &cfg, &["notify", "send"]);
    assert!(text(&o).contains("dispatches: 0;") && seen.lock().expect("seen").len() == 1, "{}", text(&o));
    let delivered: i64 = c
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'alarm.delivery' AND record = ?1 AND after LIKE '%\"sent\"%'",
            [alarm.to_string()],
            |r| r.get(0),
        )
        .expect("timeline");
    assert_eq!(delivered, 1);
}

/// Grouping: alarms of one event and area within the group's wait go as one message naming them
/// all; a group still unacknowledged after the repeat interval is told again, once; acknowledged,
/// it is not.
#[test]
fn a_group_goes_as_one_message_and_is_told_again_while_nobody_acknowledges_it() {
    let demo = common::demo_copy();
    let db = &demo.path;
    let (addr, behaviour, seen) = common::receiver::serve();
    behaviour.lock().expect("b").insert("/wecom".into(), "ok".into());
    let cfg = demo.dir.path().join("group.toml");
    std::fs::write(
        &cfg,
        format!(
            "[[receivers]]\nname = \"值班群\"\nkind = \"wecom\"\nurl = \"http://{addr}/wecom?key=K\"\n\n\
             [[routes]]\nreceiver = \"值班群\"\ngroup_by = [\"event\", \"area\"]\ngroup_wait = \"1m\"\nrepeat_interval = \"4h\"\n"
        ),
    )
    .expect("config");
    let c = rusqlite::Connection::open(db).expect("open");
    c.execute("UPDATE notify_cursor SET last_alarm = (SELECT max(id) FROM alarm)", []).expect("cursor");
    let a1 = alarm(&c, "g1", "sensors", "general", "燃气泄漏", "南湖村");
    let a2 = alarm(&c, "g2", "sensors", "general", "燃气泄漏", "南湖村");
    let other = alarm(&c, "g3", "sensors", "general", "燃气泄漏", "溪口村");
    let o = run(db, &cfg, &["notify", "send"]);
    assert!(text(&o).starts_with("routed: 3 queued") && text(&o).contains("sent: 0 delivered"), "{}", text(&o));
    // Within the wait a third of the group joins the waiting message.
    let a4 = alarm(&c, "g4", "sensors", "general", "燃气泄漏", "南湖村");
    let o = run(db, &cfg, &["notify", "send"]);
    assert!(text(&o).starts_with("routed: 1 queued"), "{}", text(&o));
    let messages: i64 = c.query_row("SELECT count(*) FROM delivery", [], |r| r.get(0)).expect("count");
    assert_eq!(messages, 2, "one message a group");
    c.execute("UPDATE delivery SET due_at = '2000-01-01T00:00:00+08:00'", []).expect("the wait is over");
    let o = run(db, &cfg, &["notify", "send"]);
    assert!(text(&o).contains("sent: 2 delivered"), "{}", text(&o));
    let bodies: Vec<String> = seen
        .lock()
        .expect("seen")
        .iter()
        .map(|r| {
            serde_json::from_str::<serde_json::Value>(&r.body).expect("json")["text"]["content"]
                .as_str()
                .unwrap_or("")
                .to_string()
        })
        .collect();
    let nanhu = bodies.iter().find(|b| b.contains(&format!("编号：A{a1}"))).expect("the 南湖村 group");
    assert!(
        nanhu.contains("同组另有2条：")
            && nanhu.contains(&format!("· A{a2} 黄色 燃气泄漏预警"))
            && nanhu.contains(&format!("· A{a4} 黄色")),
        "{nanhu}"
    );
    assert!(bodies.iter().any(|b| b.contains(&format!("编号：A{other}")) && !b.contains("同组另有")), "{bodies:?}");
    // Four hours on, nobody has acknowledged 南湖村: one reminder; 溪口村 was acknowledged: none.
    c.execute("UPDATE alarm SET status = 'acknowledged' WHERE id = ?1", [other]).expect("ack");
    c.execute("UPDATE delivery SET sent_at = '2000-01-01T00:00:00+08:00'", []).expect("hours pass");
    let o = run(db, &cfg, &["notify", "send"]);
    assert!(text(&o).contains("reminders: 1;") && text(&o).contains("sent: 1 delivered"), "{}", text(&o));
    let last = seen.lock().expect("seen").last().cloned().expect("a reminder");
    let content = serde_json::from_str::<serde_json::Value>(&last.body).expect("json")["text"]["content"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(content.starts_with("【黄色预警·再次提醒】燃气泄漏预警") && content.contains("同组另有2条："), "{content}");
    let o = run(db, &cfg, &["notify", "send"]);
    assert!(text(&o).contains("reminders: 0;"), "once per interval: {}", text(&o));
    assert_eq!(seen.lock().expect("seen").len(), 3);
}

/// The sender killed with SIGKILL again and again while a slow receiver answers: every message
/// arrives, and with the Idempotency-Key the receiver keeps, each is taken once; the outbox ends
/// with every message sent and none lost.
#[test]
fn a_sender_killed_mid_delivery_loses_nothing_and_each_message_is_taken_once() {
    let demo = common::demo_copy();
    let db = &demo.path;
    let (addr, behaviour, seen) = common::receiver::serve();
    behaviour.lock().expect("b").insert("/hook".into(), "slow 300".into());
    let cfg = demo.dir.path().join("kill.toml");
    std::fs::write(
        &cfg,
        format!("[[receivers]]\nname = \"hook\"\nkind = \"webhook\"\nurl = \"http://{addr}/hook\"\n\n[[routes]]\nreceiver = \"hook\"\n"),
    )
    .expect("config");
    let c = rusqlite::Connection::open(db).expect("open");
    c.execute("UPDATE notify_cursor SET last_alarm = (SELECT max(id) FROM alarm)", []).expect("cursor");
    for i in 0..8 {
        alarm(&c, &format!("k{i}"), "sensors", "general", &format!("事件{i}"), "南湖村");
    }
    let pending = || -> i64 {
        c.query_row("SELECT count(*) FROM delivery WHERE status <> 'sent'", [], |r| r.get(0)).unwrap_or(-1)
    };
    let mut kills = 0;
    for round in 0..40 {
        let mut child = Command::new(common::bin())
            .arg("--db")
            .arg(db)
            .arg("--config")
            .arg(&cfg)
            .args(["--lang", "en", "notify", "send"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("sender");
        // A different moment each time: during the routing, a request, or between two.
        std::thread::sleep(std::time::Duration::from_millis(150 + (round * 137 % 700) as u64));
        if child.try_wait().ok().flatten().is_none() {
            let _ = child.kill();
            kills += 1;
        }
        let _ = child.wait();
        // The killed sender's lease runs out (two minutes in real time).
        c.execute("UPDATE delivery SET lease_until = NULL WHERE status = 'pending'", []).expect("lease expires");
        if round > 3 && pending() == 0 {
            break;
        }
    }
    let o = run(db, &cfg, &["notify", "send"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(kills >= 3, "the sender was killed mid-round {kills} times");
    assert_eq!(pending(), 0, "every message sent in the end");
    let keys: Vec<String> = c
        .prepare("SELECT key FROM delivery ORDER BY key")
        .expect("q")
        .query_map([], |r| r.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("keys");
    assert_eq!(keys.len(), 8);
    let got = seen.lock().expect("seen").clone();
    let mut taken: Vec<String> = got.iter().filter_map(|r| r.headers.get("idempotency-key").cloned()).collect();
    assert_eq!(taken.len(), got.len(), "every request carries its key");
    taken.sort();
    taken.dedup();
    assert_eq!(taken, keys, "each message taken once by its key, none lost");
}

//! Dispatching a hazard to an officer who follows it up: `p` on the Hazards screen offers the
//! officers (those serving the hazard's grid first), the write is audited with its version check,
//! the officer is told — through their own receiver when `[[dispatch.officers]]` names one (here
//! their mailbox, on an SMTP server on loopback), the office's robot otherwise — and the detail
//! says to whom and whether the message went (snapshots at 80x24 and 120x40, zh and en).

mod common;

use anjian::i18n::Lang;
use anjian::tui::headless::Headless;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use std::process::Output;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];
const LANGS: [(Lang, &str); 2] = [(Lang::Zh, "zh"), (Lang::En, "en")];

fn selected(h: &Headless) -> (i64, i64) {
    h.app.screens.hazards.selected().map(|x| (x.id, x.version)).expect("a hazard")
}

#[test]
fn p_dispatches_the_hazard_and_the_detail_says_whether_the_officer_was_told() {
    for (w, hgt) in SIZES {
        for (lang, tag) in LANGS {
            let (_d, mut h) = common::demo_app(lang, None, w, hgt);
            h.key(KeyCode::Char('4'));
            let (id, _) = selected(&h);
            // The office's [dispatch]: the dispatch's write queues the message with it.
            let dispatch =
                anjian::config::receivers::DispatchConfig { receiver: Some("值班群".into()), officers: vec![] };
            h.backend.dispatch = Some((dispatch, lang == Lang::Zh));
            h.key(KeyCode::Char('p'));
            assert!(h.app.form.is_some(), "{}", h.screen());
            if (w, lang) == (80, Lang::Zh) {
                insta::assert_snapshot!("hazard_dispatch_form_zh_80x24", h.screen());
            }
            h.key_with(KeyCode::Char('s'), KeyModifiers::CONTROL);
            assert!(h.app.form.is_none(), "{}", h.screen());
            let (officer, near): (String, bool) = h
                .backend
                .store
                .conn()
                .query_row(
                    "SELECT o.name, EXISTS (SELECT 1 FROM officer_grid og JOIN unit u ON u.grid_id = og.grid_id
                       WHERE og.officer_id = o.id AND u.id = h.unit_id)
                     FROM hazard h JOIN officer o ON o.id = h.officer_id WHERE h.id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .expect("dispatched");
            assert!(near, "the first offered serves the hazard's grid");
            // Queued in the dispatch's own transaction (the same stamp as its audit row); the
            // robot takes it.
            let (queued, audited): (String, String) = h
                .backend
                .store
                .conn()
                .query_row(
                    "SELECT d.created_at, (SELECT at FROM audit_log WHERE action = 'hazard.dispatch' AND record = ?2)
                     FROM delivery d WHERE d.hazard_id = ?1",
                    rusqlite::params![id, id.to_string()],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .expect("queued with the dispatch");
            assert_eq!(queued, audited);
            h.backend
                .store
                .write("sync", |w| {
                    let d: i64 = w.tx.query_row("SELECT id FROM delivery WHERE hazard_id = ?1", [id], |r| r.get(0))?;
                    anjian::store::deliveries::sent(w, d, "已送达")
                })
                .expect("notified");
            h.key(KeyCode::Char('j')).key(KeyCode::Char('k'));
            let screen = h.screen();
            let (follow, told) = if lang == Lang::Zh {
                ("跟进人", "已通知 值班群（11-23 09:30）")
            } else {
                ("Follow-up", "notified 值班群 at 11-23 09:30")
            };
            assert!(screen.contains(follow) && screen.contains(&officer), "{screen}");
            assert!(screen.contains(told), "{screen}");
            insta::assert_snapshot!(format!("hazard_dispatched_{tag}_{w}x{hgt}"), screen);
            // The full text (Enter) says it too, uncut: a failure's words can be long.
            h.key(KeyCode::Enter);
            assert!(h.screen().contains(told), "{}", h.screen());
            h.key(KeyCode::Esc);
        }
    }
}

#[test]
fn a_closed_hazard_or_a_stale_version_is_not_dispatched() {
    let demo = common::demo_copy();
    let mut s = common::open(&demo.path);
    let (open, version): (i64, i64) = s
        .conn()
        .query_row("SELECT id, version FROM hazard WHERE status <> 'closed' ORDER BY id LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("open");
    let (closed, cv): (i64, i64) = s
        .conn()
        .query_row("SELECT id, version FROM hazard WHERE status = 'closed' ORDER BY id LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("closed");
    let officer: i64 = s.conn().query_row("SELECT min(id) FROM officer", [], |r| r.get(0)).expect("officer");
    let audits = |s: &anjian::store::Store| -> i64 {
        s.conn()
            .query_row("SELECT count(*) FROM audit_log WHERE action = 'hazard.dispatch'", [], |r| r.get(0))
            .expect("n")
    };
    let e =
        s.write("值班员甲", |w| anjian::store::hazard_dispatch::dispatch(w, closed, cv, officer)).expect_err("closed");
    assert!(e.to_string().contains("closed"), "{e}");
    s.write("值班员甲", |w| anjian::store::hazard_dispatch::dispatch(w, open, version, officer)).expect("dispatch");
    let e = s
        .write("值班员乙", |w| anjian::store::hazard_dispatch::dispatch(w, open, version, officer))
        .expect_err("stale");
    assert!(matches!(e, anjian::store::StoreError::Conflict { .. }), "{e:?}");
    assert_eq!(audits(&s), 1, "one dispatch, audited once");
}

fn run(db: &std::path::Path, cfg: &std::path::Path, args: &[&str]) -> Output {
    common::run_with(db, cfg, "en", args)
}

use common::printed as text;

/// An officer with a receiver of their own gets the dispatch there (their mailbox); the others in
/// the office's group robot, @-mentioned; a hazard's message names its deadline and its id.
#[test]
fn each_officer_is_told_through_their_own_receiver_or_the_offices() {
    let demo = common::demo_copy();
    let db = &demo.path;
    let (addr, behaviour, seen) = common::receiver::serve();
    behaviour.lock().expect("b").insert("/wecom".into(), "ok".into());
    let smtp = common::smtp::serve(false);
    let ca = demo.dir.path().join("ca.pem");
    std::fs::write(&ca, &smtp.ca_pem).expect("ca");
    let c = rusqlite::Connection::open(db).expect("open");
    let officers: Vec<(i64, String, String)> = c
        .prepare("SELECT id, name, phone FROM officer WHERE phone <> '' ORDER BY id LIMIT 2")
        .expect("q")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("q")
        .collect::<Result<_, _>>()
        .expect("officers");
    let (group_officer, mail_officer) = (&officers[0], &officers[1]);
    let cfg = demo.dir.path().join("config.toml");
    std::fs::write(
        &cfg,
        format!(
            "[[receivers]]\nname = \"值班群\"\nkind = \"wecom\"\nurl = \"http://{addr}/wecom?key=K\"\n\n\
             [[receivers]]\nname = \"{n}的邮箱\"\nkind = \"email\"\nurl = \"smtp://{s}\"\nca_file = \"{ca}\"\n\
             from = \"安监办 <duty@ajb.example.gov.cn>\"\nto = [\"officer2@ajb.example.gov.cn\"]\n\n\
             [dispatch]\nreceiver = \"值班群\"\n\n[[dispatch.officers]]\nofficer = \"{n}\"\nreceiver = \"{n}的邮箱\"\n",
            n = mail_officer.1,
            s = smtp.addr,
            ca = ca.display()
        ),
    )
    .expect("config");
    let hazards: Vec<(i64, i64, String, String)> = c
        .prepare("SELECT id, version, description, deadline FROM hazard WHERE status <> 'closed' ORDER BY id LIMIT 2")
        .expect("q")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .expect("q")
        .collect::<Result<_, _>>()
        .expect("hazards");
    c.execute("UPDATE hazard SET major = 1 WHERE id = ?1", [hazards[1].0]).expect("major");
    let mut s = common::open(db);
    s.write("值班员甲", |w| {
        anjian::store::hazard_dispatch::dispatch(w, hazards[0].0, hazards[0].1, group_officer.0)?;
        anjian::store::hazard_dispatch::dispatch(w, hazards[1].0, hazards[1].1, mail_officer.0)
    })
    .expect("dispatch");

    let o = run(db, &cfg, &["notify", "send"]);
    assert!(text(&o).contains("dispatches: 2; reminders: 0; escalated: 0; sent: 2 delivered"), "{}", text(&o));
    let robot = seen.lock().expect("seen").clone();
    assert_eq!(robot.len(), 1, "only the officer without a receiver of their own is told in the group");
    let body: serde_json::Value = serde_json::from_str(&robot[0].body).expect("json");
    let content = body["text"]["content"].as_str().expect("content");
    assert!(content.starts_with(&format!("【隐患派发】{}\n", hazards[0].2)), "{content}");
    assert!(content.contains(&format!("\n负责人：{}\n", group_officer.1)), "{content}");
    assert!(content.contains(&format!("\n整改期限：{}\n", hazards[0].3)), "{content}");
    assert!(content.contains(&format!("\n编号：H{}\n", hazards[0].0)), "{content}");
    assert_eq!(body["text"]["mentioned_mobile_list"], serde_json::json!([group_officer.2]));
    let mails = smtp.seen.lock().expect("seen").clone();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to, ["officer2@ajb.example.gov.cn"]);
    assert_eq!(mails[0].subject, format!("【重大隐患派发】{}", hazards[1].2));
    assert!(mails[0].text.contains(&format!("编号：H{}", hazards[1].0)), "{}", mails[0].text);

    // Once only; the hazard's history hears the delivery; its detail reads it.
    let o = run(db, &cfg, &["notify", "send"]);
    assert!(text(&o).contains("dispatches: 0;") && seen.lock().expect("seen").len() == 1, "{}", text(&o));
    let delivered: i64 = c
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'hazard.delivery' AND record IN (?1, ?2) AND after LIKE '%\"sent\"%'",
            [hazards[0].0.to_string(), hazards[1].0.to_string()],
            |r| r.get(0),
        )
        .expect("history");
    assert_eq!(delivered, 2);
    let h = anjian::store::hazards::get(s.conn(), hazards[1].0).expect("get").expect("hazard");
    let n = h.notice.expect("a notice");
    assert_eq!((h.officer.as_deref(), n.status.as_str()), (Some(mail_officer.1.as_str()), "sent"));
    assert_eq!(n.receiver, format!("{}的邮箱", mail_officer.1));
    let csv = run(db, &cfg, &["export", "deliveries"]);
    assert!(csv.status.success(), "{}", text(&csv));
    let csv = String::from_utf8_lossy(&csv.stdout).to_string();
    for (id, ..) in &hazards {
        assert!(csv.contains(&format!(",H{id},")), "each message names its hazard: {csv}");
    }
}

#[test]
fn a_dispatch_to_a_receiver_not_listed_is_refused_with_its_line() {
    let demo = common::demo_copy();
    let cfg = demo.dir.path().join("bad.toml");
    std::fs::write(
        &cfg,
        "lang = \"en\"\n[[receivers]]\nname = \"g\"\nkind = \"wecom\"\nurl = \"https://example.org/x\"\n\n[dispatch]\nreceiver = \"g\"\n\n[[dispatch.officers]]\nofficer = \"王芳\"\nreceiver = \"nobody\"\n",
    )
    .expect("cfg");
    let o = run(&demo.path, &cfg, &["notify", "send"]);
    assert!(!o.status.success());
    assert!(
        text(&o).contains(
            "line 7: [[dispatch.officers]] 王芳: receiver \"nobody\": no receiver of that name in [[receivers]]"
        ),
        "{}",
        text(&o)
    );
}

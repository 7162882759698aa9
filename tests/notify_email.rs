//! E-mail receivers against an SMTP server on loopback that insists on encryption (STARTTLS, or
//! TLS from the first byte) with a certificate of the office's own CA, and on a login: the mail a
//! test and a routed alarm become (subject, text, Message-ID from the outbox key), a wrong
//! password, an unknown CA, a busy server that takes the mail once it is back, a refusal.

mod common;

use std::process::{Command, Output};

fn run(db: &std::path::Path, cfg: &std::path::Path, lang: &str, args: &[&str]) -> Output {
    Command::new(common::bin())
        .arg("--db")
        .arg(db)
        .arg("--config")
        .arg(cfg)
        .args(["--lang", lang])
        .args(args)
        .env("TEST_SMTP_PASSWORD", "mail-pass")
        .output()
        .expect("run")
}

use common::printed as text;

/// Receivers on `smtp`: with the CA and login, without the CA, with a wrong login, over smtps.
fn config(dir: &std::path::Path, smtp: &common::smtp::Smtp, wrapped: &common::smtp::Smtp) -> std::path::PathBuf {
    let (ca, wca) = (dir.join("office-ca.pem"), dir.join("office-ca-2.pem"));
    std::fs::write(&ca, &smtp.ca_pem).expect("ca");
    std::fs::write(&wca, &wrapped.ca_pem).expect("ca");
    let path = dir.join("config.toml");
    let mail = |name: &str, url: String, ca: Option<&std::path::Path>, user: &str| {
        let ca = ca.map(|c| format!("ca_file = \"{}\"\n", c.display())).unwrap_or_default();
        format!(
            "[[receivers]]\nname = \"{name}\"\nkind = \"email\"\nurl = \"{url}\"\n{ca}from = \"云溪街道安监办 <duty@ajb.example.gov.cn>\"\n\
             to = [\"王芳 <wangfang@ajb.example.gov.cn>\", \"leader@ajb.example.gov.cn\"]\nusername = \"{user}\"\nsecret_env = \"TEST_SMTP_PASSWORD\"\n\n"
        )
    };
    let text = [
        mail("邮件", format!("smtp://{}", smtp.addr), Some(&ca), "duty"),
        mail("no-ca", format!("smtp://{}", smtp.addr), None, "duty"),
        mail("wrong-login", format!("smtp://{}", smtp.addr), Some(&ca), "somebody"),
        mail("smtps", format!("smtps://{}", wrapped.addr), Some(&wca), "duty"),
        "[[routes]]\nmatch = \"level=red\"\nreceiver = \"邮件\"\n".to_string(),
    ]
    .concat();
    std::fs::write(&path, text).expect("config");
    path
}

#[test]
fn mail_goes_encrypted_and_logged_in_and_every_refusal_is_said() {
    let demo = common::demo_copy();
    let db = &demo.path;
    let (smtp, wrapped) = (common::smtp::serve(false), common::smtp::serve(true));
    for s in [&smtp, &wrapped] {
        s.behaviour.lock().expect("b").login = Some(("duty".into(), "mail-pass".into()));
    }
    let cfg = config(demo.dir.path(), &smtp, &wrapped);

    // A test mail over STARTTLS (the server takes no mail before it), logged in.
    let o = run(db, &cfg, "zh", &["notify", "test", "邮件"]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(text(&o).trim(), "邮件（邮件）：已送达（SMTP 250 2.0.0 Ok: queued as Q1）");
    let m = smtp.seen.lock().expect("seen").last().cloned().expect("a mail");
    assert_eq!(m.from, "duty@ajb.example.gov.cn");
    assert_eq!(m.to, ["wangfang@ajb.example.gov.cn", "leader@ajb.example.gov.cn"]);
    assert_eq!(m.login.as_deref(), Some("duty"));
    assert_eq!(m.subject, "【测试】云溪街道安监值班台通知测试（邮件）");
    assert!(m.text.starts_with("【测试】云溪街道安监值班台通知测试（邮件）\n时间："), "{}", m.text);
    assert!(m.text.contains("\n编号：T"), "{}", m.text);

    // TLS from the first byte (smtps://), in English.
    let o = run(db, &cfg, "en", &["notify", "test", "smtps"]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(text(&o).trim(), "smtps (e-mail): delivered (SMTP 250 2.0.0 Ok: queued as Q1)");
    assert_eq!(wrapped.seen.lock().expect("seen").len(), 1);

    // The server's certificate is of the office's own CA: without ca_file it is not trusted.
    let o = run(db, &cfg, "zh", &["notify", "test", "no-ca"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert_eq!(text(&o).trim(), "no-ca（邮件）：邮件服务器的证书无法验证（检查 ca_file）");
    // A wrong login is a refusal, with the server's words.
    let o = run(db, &cfg, "en", &["notify", "test", "wrong-login"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).trim().starts_with("wrong-login (e-mail): the mail server refused (535): "), "{}", text(&o));
    assert!(!text(&o).contains("mail-pass"), "the password is never printed: {}", text(&o));
    assert_eq!(smtp.seen.lock().expect("seen").len(), 1, "neither took a mail");

    // A red alarm routed to the mailbox while the server is busy: tried again, then taken once,
    // its Message-ID the outbox key's.
    let c = rusqlite::Connection::open(db).expect("open");
    c.execute("UPDATE notify_cursor SET last_alarm = (SELECT max(id) FROM alarm)", []).expect("cursor");
    c.execute(
        "INSERT INTO alarm (dedup_key, feed, source, msg_status, level, status, headline, event, area, sent, first_seen, last_seen)
         VALUES ('m1', 'gas', 's', 'Actual', 'major', 'new', '凤鸣液化气站燃气浓度超限', '燃气泄漏', '溪口村', '2026-11-30T09:00:00+08:00', 'x', 'x')",
        [],
    )
    .expect("alarm");
    let id = c.last_insert_rowid();
    smtp.behaviour.lock().expect("b").data_reply = 451;
    let o = run(db, &cfg, "en", &["notify", "send"]);
    assert!(text(&o).contains("sent: 0 delivered, 1 to retry, 0 dead"), "{}", text(&o));
    let kept: String =
        c.query_row("SELECT last_error FROM delivery WHERE alarm_id = ?1", [id], |r| r.get(0)).expect("row");
    assert_eq!(kept, "邮件服务器暂不接收（451），稍后重试", "kept in the office's language");
    smtp.behaviour.lock().expect("b").data_reply = 250;
    c.execute("UPDATE delivery SET due_at = '2000-01-01T00:00:00+08:00' WHERE status = 'pending'", [])
        .expect("time passes");
    let o = run(db, &cfg, "en", &["notify", "send"]);
    assert!(text(&o).contains("sent: 1 delivered, 0 to retry, 0 dead"), "{}", text(&o));
    let o = run(db, &cfg, "en", &["notify", "send"]);
    assert!(text(&o).contains("sent: 0 delivered"), "{}", text(&o));
    let mails = smtp.seen.lock().expect("seen").clone();
    assert_eq!(mails.len(), 2, "the test mail and the alarm, once");
    let alarm = &mails[1];
    assert_eq!(alarm.subject, "【红色预警】凤鸣液化气站燃气浓度超限");
    assert!(alarm.text.contains("\n区域：溪口村\n") && alarm.text.contains(&format!("编号：A{id}")), "{}", alarm.text);
    assert_eq!(alarm.message_id, format!("<alarm_3a{id}_3a_e982ae_e4bbb6@ajb.example.gov.cn>"));

    // A refusal a retry cannot change: dead at once.
    smtp.behaviour.lock().expect("b").data_reply = 550;
    c.execute(
        "INSERT INTO alarm (dedup_key, feed, source, msg_status, level, status, headline, event, area, sent, first_seen, last_seen)
         VALUES ('m2', 'gas', 's', 'Actual', 'major', 'new', '南湖村燃气泄漏', '燃气泄漏', '南湖村', '2026-11-30T09:10:00+08:00', 'x', 'x')",
        [],
    )
    .expect("alarm");
    let o = run(db, &cfg, "zh", &["notify", "send"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let dead: (String, String) = c
        .query_row("SELECT status, last_error FROM delivery WHERE alarm_id = ?1", [c.last_insert_rowid()], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("row");
    assert_eq!(dead.0, "dead");
    assert!(dead.1.starts_with("邮件服务器拒绝（550）："), "{}", dead.1);
}

#[test]
fn an_email_receiver_without_a_sender_or_with_robot_settings_is_refused_with_its_line() {
    let demo = common::demo_copy();
    let cfg = demo.dir.path().join("bad.toml");
    for (body, want) in [
        (
            "url = \"smtp://mail.example.org\"\nto = [\"a@example.org\"]\n",
            "line 2: receiver \"m\": an e-mail receiver needs from",
        ),
        (
            "url = \"https://mail.example.org\"\nfrom = \"a@example.org\"\nto = [\"a@example.org\"]\n",
            "is not an smtp:// or smtps:// address",
        ),
        (
            "url = \"smtp://mail.example.org\"\nfrom = \"a@example.org\"\nto = [\"not an address\"]\n",
            "to \"not an address\"",
        ),
        (
            "url = \"smtp://mail.example.org\"\nfrom = \"a@example.org\"\nto = [\"a@example.org\"]\nusername = \"u\"\n",
            "username and secret_env (the password's variable) go together",
        ),
    ] {
        std::fs::write(&cfg, format!("lang = \"en\"\n[[receivers]]\nname = \"m\"\nkind = \"email\"\n{body}"))
            .expect("cfg");
        let o = run(&demo.path, &cfg, "en", &["notify", "test", "m"]);
        assert!(!o.status.success());
        assert!(text(&o).contains(want), "{want}: {}", text(&o));
    }
}

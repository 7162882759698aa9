//! `anjian notify test RECEIVER` against receivers on loopback that answer like 企业微信's and
//! 钉钉's robots and a webhook: the bodies each kind is sent, 钉钉's signature (checked by the
//! receiver), the webhook's HMAC header, error codes said in words, and no address (it carries
//! the robot's key) in anything printed.

mod common;

use std::process::{Command, Output};

fn config(dir: &std::path::Path, base: &str) -> std::path::PathBuf {
    let path = dir.join("config.toml");
    std::fs::write(
        &path,
        format!(
            r#"[[receivers]]
name = "值班群"
kind = "wecom"
url = "{base}/cgi-bin/webhook/send?key=SECRETKEY1"
mobiles = ["13812345678"]

[[receivers]]
name = "removed"
kind = "wecom"
url = "{base}/gone/send?key=SECRETKEY2"

[[receivers]]
name = "钉钉群"
kind = "dingtalk"
url = "{base}/robot/send?access_token=TOKEN3"
secret_env = "TEST_DING_SECRET"
markdown = true

[[receivers]]
name = "hook"
kind = "webhook"
url = "{base}/hook"
secret_env = "TEST_HOOK_SECRET"

[[receivers]]
name = "down"
kind = "webhook"
url = "{base}/down"

[[receivers]]
name = "from-env"
kind = "wecom"
url_env = "TEST_WECOM_URL_UNSET"
"#
        ),
    )
    .expect("config");
    path
}

fn notify(db: &std::path::Path, cfg: &std::path::Path, lang: &str, receiver: &str, ding: &str) -> Output {
    Command::new(common::bin())
        .arg("--db")
        .arg(db)
        .arg("--config")
        .arg(cfg)
        .args(["--lang", lang, "notify", "test", receiver])
        .env("TEST_DING_SECRET", ding)
        .env("TEST_HOOK_SECRET", "hook-key")
        .env_remove("TEST_WECOM_URL_UNSET")
        .output()
        .expect("run")
}

use common::printed as text;

#[test]
fn a_test_message_reaches_each_kind_and_every_failure_is_said_in_words() {
    let demo = common::demo_copy();
    let (addr, behaviour, seen) = common::receiver::serve();
    {
        let mut b = behaviour.lock().expect("b");
        b.insert("/cgi-bin/webhook/send".into(), "ok".into());
        b.insert("/gone/send".into(), "errcode 93000".into());
        b.insert("/robot/send".into(), "dingtalk SECding".into());
        b.insert("/hook".into(), "ok".into());
        b.insert("/down".into(), "status 503".into());
    }
    let cfg = config(demo.dir.path(), &format!("http://{addr}"));
    let db = &demo.path;

    let o = notify(db, &cfg, "zh", "值班群", "SECding");
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(text(&o).trim(), "值班群（企业微信）：已送达（HTTP 200, errcode 0 ok）");
    let req = seen.lock().expect("seen").last().cloned().expect("a request");
    let body: serde_json::Value = serde_json::from_str(&req.body).expect("json");
    assert_eq!(body["msgtype"], "text");
    let content = body["text"]["content"].as_str().expect("content");
    assert!(content.starts_with("【测试】云溪街道安监值班台通知测试（值班群）\n时间："), "{content}");
    assert!(content.contains("\n编号：T"), "a short id to quote back: {content}");
    assert_eq!(body["text"]["mentioned_mobile_list"], serde_json::json!(["13812345678"]));

    let o = notify(db, &cfg, "zh", "removed", "SECding");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(text(&o).trim(), "removed（企业微信）：企业微信错误码 93000：机器人地址无效，或机器人已被移出群聊");

    // 钉钉 with the right secret: the receiver checks the signature and takes the markdown.
    let o = notify(db, &cfg, "zh", "钉钉群", "SECding");
    assert!(o.status.success(), "{}", text(&o));
    let req = seen.lock().expect("seen").last().cloned().expect("a request");
    assert!(req.path.contains("access_token=TOKEN3&timestamp=") && req.path.contains("&sign="), "{}", req.path);
    let body: serde_json::Value = serde_json::from_str(&req.body).expect("json");
    assert_eq!(body["msgtype"], "markdown");
    assert!(body["markdown"]["title"].as_str().is_some_and(|t| t.starts_with("【测试】")));
    // With a wrong secret the robot refuses, and the office is told why.
    let o = notify(db, &cfg, "en", "钉钉群", "SECwrong");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        text(&o).trim(),
        "钉钉群 (DingTalk): DingTalk error 310000: refused by the robot's security settings (signature, keywords or IP address)"
    );

    // The webhook: anjian's JSON with an HMAC over "timestamp.body".
    let o = notify(db, &cfg, "en", "hook", "SECding");
    assert!(o.status.success(), "{}", text(&o));
    let req = seen.lock().expect("seen").last().cloned().expect("a request");
    let ts = req.headers.get("x-anjian-timestamp").expect("timestamp header");
    let sig = req.headers.get("x-anjian-signature").expect("signature header");
    {
        use hmac::{Hmac, Mac};
        let mut m = <Hmac<sha2::Sha256> as Mac>::new_from_slice(b"hook-key").expect("key");
        m.update(format!("{ts}.{}", req.body).as_bytes());
        let want: String = m.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(sig, &format!("sha256={want}"));
    }
    let body: serde_json::Value = serde_json::from_str(&req.body).expect("json");
    assert_eq!(
        (body["source"].as_str(), body["version"].as_i64(), body["kind"].as_str()),
        (Some("anjian"), Some(1), Some("test"))
    );

    let o = notify(db, &cfg, "en", "down", "SECding");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(text(&o).trim(), "down (webhook): webhook answered HTTP 503; retried later");

    let o = notify(db, &cfg, "en", "from-env", "SECding");
    assert!(!o.status.success());
    assert!(text(&o).contains("the environment variable TEST_WECOM_URL_UNSET (url_env) is not set"), "{}", text(&o));
    let o = notify(db, &cfg, "zh", "nobody", "SECding");
    assert!(
        !o.status.success() && text(&o).contains("配置中没有接收方“nobody”；已有：值班群、removed、钉钉群"),
        "{}",
        text(&o)
    );

    // Nothing printed carries a robot's key.
    for r in ["值班群", "removed", "钉钉群"] {
        let out = text(&notify(db, &cfg, "zh", r, "SECwrong"));
        for key in ["SECRETKEY", "TOKEN3", "SECwrong"] {
            assert!(!out.contains(key), "{key} printed: {out}");
        }
    }
}

#[test]
fn a_receiver_without_https_or_with_a_bad_env_name_is_refused_with_its_line() {
    let demo = common::demo_copy();
    let cfg = demo.dir.path().join("bad.toml");
    std::fs::write(&cfg, "lang = \"en\"\n\n[[receivers]]\nname = \"group\"\nkind = \"wecom\"\nurl = \"http://qyapi.example.org/send?key=k\"\n").expect("cfg");
    let o = Command::new(common::bin())
        .arg("--db")
        .arg(&demo.path)
        .arg("--config")
        .arg(&cfg)
        .args(["notify", "test", "group"])
        .output()
        .expect("run");
    assert!(!o.status.success());
    assert!(text(&o).contains("line 3: receiver \"group\": the address carries its key; use https://"), "{}", text(&o));
}

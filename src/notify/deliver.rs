//! One delivery: the message POSTed to a receiver, and its answer read into words. 企业微信 and 钉钉
//! answer HTTP 200 with `{"errcode": …, "errmsg": …}`; a non-zero code is a failure, said in the
//! officer's language for the codes an office meets (a removed robot, too many messages a minute,
//! 钉钉's security settings), with the platform's own words otherwise. A failure is either worth
//! retrying (no answer, a 5xx, 429, a rate limit) or not (a wrong address, a refused signature):
//! the sender backs off on the first and stops on the second. Redirects are not followed: an
//! address that carries a key goes to its own origin only.

use super::message::Message;
use super::sign;
use crate::config::receivers::{ReceiverConfig, ReceiverKind};
use std::time::Duration;

pub use super::answer::Answer;

/// The words for a platform's error code, `None` when it is not one an office meets often.
pub fn code_words(kind: ReceiverKind, code: i64, zh: bool) -> Option<&'static str> {
    Some(match (kind, code, zh) {
        (ReceiverKind::Wecom, 93000, true) => "机器人地址无效，或机器人已被移出群聊",
        (ReceiverKind::Wecom, 93000, false) => "the robot's address is invalid or the robot was removed from the group",
        (ReceiverKind::Wecom, 45009, true) => "发送太频繁（每个机器人每分钟最多20条），稍后重试",
        (ReceiverKind::Wecom, 45009, false) => "too many messages (20 a minute per robot); retried later",
        (ReceiverKind::Dingtalk, 310000, true) => "不符合机器人的安全设置（签名、自定义关键词或IP地址）",
        (ReceiverKind::Dingtalk, 310000, false) => {
            "refused by the robot's security settings (signature, keywords or IP address)"
        }
        (ReceiverKind::Dingtalk, 130101, true) => "发送太频繁（每分钟最多20条），稍后重试",
        (ReceiverKind::Dingtalk, 130101, false) => "too many messages (20 a minute); retried later",
        (ReceiverKind::Dingtalk, 300001, true) => "机器人令牌（access_token）无效",
        (ReceiverKind::Dingtalk, 300001, false) => "the robot's access_token is not valid",
        _ => return None,
    })
}

/// Rate limits: worth waiting for.
fn code_retries(kind: ReceiverKind, code: i64) -> bool {
    matches!((kind, code), (ReceiverKind::Wecom, 45009) | (ReceiverKind::Dingtalk, 130101))
}

/// Reads a receiver's HTTP answer.
pub fn read_answer(kind: ReceiverKind, status: u16, body: &[u8], zh: bool) -> Answer {
    let named = kind.name(zh);
    if !(200..300).contains(&status) {
        let retry = status == 429 || status >= 500;
        let words = match (retry, zh) {
            (true, true) => format!("{named}返回 HTTP {status}，稍后重试"),
            (true, false) => format!("{named} answered HTTP {status}; retried later"),
            (false, true) => format!("{named}拒绝了请求：HTTP {status}"),
            (false, false) => format!("{named} refused the request: HTTP {status}"),
        };
        return Answer::Failed { retry, status: Some(status), code: None, words };
    }
    if kind == ReceiverKind::Webhook {
        return Answer::Delivered { status, detail: format!("HTTP {status}") };
    }
    let v: serde_json::Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(_) => {
            return Answer::Failed {
                retry: true,
                status: Some(status),
                code: None,
                words: if zh {
                    format!("{named}的回答不是 JSON，稍后重试")
                } else {
                    format!("{named} did not answer JSON; retried later")
                },
            };
        }
    };
    let code = v.get("errcode").and_then(serde_json::Value::as_i64).unwrap_or(-1);
    let msg = crate::domain::text::one_line(v.get("errmsg").and_then(|m| m.as_str()).unwrap_or(""), 200).into_owned();
    if code == 0 {
        return Answer::Delivered { status, detail: format!("HTTP {status}, errcode 0 {msg}") };
    }
    let words = match (code_words(kind, code, zh), zh) {
        (Some(w), true) => format!("{named}错误码 {code}：{w}"),
        (Some(w), false) => format!("{named} error {code}: {w}"),
        (None, true) => format!("{named}错误码 {code}：{msg}"),
        (None, false) => format!("{named} error {code}: {msg}"),
    };
    Answer::Failed { retry: code_retries(kind, code), status: Some(status), code: Some(code), words }
}

fn client(timeout: Duration) -> Result<reqwest::Client, String> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .connect_timeout(timeout.min(Duration::from_secs(5)))
        .timeout(timeout)
        .user_agent(concat!("anjian/", env!("CARGO_PKG_VERSION")))
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()
        .map_err(|e| e.to_string())
}

/// Sends `m` to `r` once, the answer said in Chinese or English (`zh`). `now_ms` signs 钉钉's
/// address and the webhook's body. `key` is the outbox's key for the message, sent as
/// `Idempotency-Key`: a receiver that keeps the keys it has seen takes a message resent after a
/// sender's crash only once (the robots do not look at it).
pub async fn send(r: &ReceiverConfig, m: &Message, now_ms: i64, zh: bool, key: Option<&str>) -> Answer {
    if r.kind == ReceiverKind::Email {
        return super::email::send(r, m, zh, key).await;
    }
    let refused = |words: String| Answer::Failed { retry: false, status: None, code: None, words };
    let (url, secret) = match (r.address(), r.secret()) {
        (Ok(u), Ok(s)) => (u, s),
        (Err(e), _) | (_, Err(e)) => return refused(e),
    };
    let url = match (r.kind, &secret) {
        (ReceiverKind::Dingtalk, Some(s)) => match sign::dingtalk_url(&url, s, now_ms) {
            Ok(u) => u,
            Err(e) => return refused(e),
        },
        _ => url,
    };
    let body = m.body(r.kind, r.markdown, &r.mobiles).to_string();
    let client = match client(r.timeout.0) {
        Ok(c) => c,
        Err(e) => return refused(e),
    };
    let mut req = client.post(&url).header("Content-Type", "application/json; charset=utf-8");
    if let Some(k) = key {
        req = req.header("Idempotency-Key", k);
    }
    if let (ReceiverKind::Webhook, Some(s)) = (r.kind, &secret) {
        let ts = now_ms / 1000;
        req = req
            .header("X-Anjian-Timestamp", ts.to_string())
            .header("X-Anjian-Signature", sign::webhook(s, ts, body.as_bytes()));
    }
    match req.body(body).send().await {
        Ok(resp) => {
            let status = resp.status().as_u16();
            // A robot's answer is a line of JSON; more is not read.
            let bytes = resp.bytes().await.map(|b| b.slice(..b.len().min(64 * 1024))).unwrap_or_default();
            read_answer(r.kind, status, &bytes, zh)
        }
        Err(e) => {
            // The error is said without the address: it carries the robot's key.
            let what = if e.is_timeout() {
                if zh { "超时未答复" } else { "no answer in time" }
            } else if e.is_connect() {
                if zh { "无法连接" } else { "cannot connect" }
            } else if zh {
                "请求失败"
            } else {
                "the request failed"
            };
            let named = r.kind.name(zh);
            Answer::Failed {
                retry: true,
                status: None,
                code: None,
                words: if zh {
                    format!("{named}{what}，稍后重试")
                } else {
                    format!("{named}: {what}; retried later")
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_read_into_words_and_retry_only_what_can_pass_later() {
        let cases: [(ReceiverKind, u16, &str, bool, bool, &str); 8] = [
            (
                ReceiverKind::Wecom,
                200,
                r#"{"errcode":0,"errmsg":"ok"}"#,
                true,
                false,
                "已送达（HTTP 200, errcode 0 ok）",
            ),
            (
                ReceiverKind::Wecom,
                200,
                r#"{"errcode":93000,"errmsg":"invalid webhook url"}"#,
                false,
                false,
                "企业微信错误码 93000：机器人地址无效，或机器人已被移出群聊",
            ),
            (
                ReceiverKind::Wecom,
                200,
                r#"{"errcode":45009,"errmsg":"api freq out of limit"}"#,
                false,
                true,
                "企业微信错误码 45009：发送太频繁（每个机器人每分钟最多20条），稍后重试",
            ),
            (
                ReceiverKind::Dingtalk,
                200,
                r#"{"errcode":310000,"errmsg":"sign not match"}"#,
                false,
                false,
                "钉钉错误码 310000：不符合机器人的安全设置（签名、自定义关键词或IP地址）",
            ),
            (
                ReceiverKind::Dingtalk,
                200,
                r#"{"errcode":130101,"errmsg":"send too fast"}"#,
                false,
                true,
                "钉钉错误码 130101：发送太频繁（每分钟最多20条），稍后重试",
            ),
            (
                ReceiverKind::Dingtalk,
                200,
                r#"{"errcode":400123,"errmsg":"something new"}"#,
                false,
                false,
                "钉钉错误码 400123：something new",
            ),
            (ReceiverKind::Webhook, 503, "", false, true, "网络回调返回 HTTP 503，稍后重试"),
            (ReceiverKind::Webhook, 404, "", false, false, "网络回调拒绝了请求：HTTP 404"),
        ];
        for (kind, status, body, ok, retry, words) in cases {
            let a = read_answer(kind, status, body.as_bytes(), true);
            assert_eq!(a.delivered(), ok, "{words}");
            assert_eq!(matches!(a, Answer::Failed { retry: true, .. }), retry, "{words}");
            assert_eq!(a.words(true), words);
        }
        assert_eq!(
            read_answer(ReceiverKind::Dingtalk, 200, br#"{"errcode":310000}"#, false).words(false),
            "DingTalk error 310000: refused by the robot's security settings (signature, keywords or IP address)"
        );
    }
}

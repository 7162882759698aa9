//! An e-mail delivery: the message as a plain-text mail through the office's SMTP server, always
//! encrypted (STARTTLS required on `smtp://`, TLS from the first byte on `smtps://`), the server's
//! certificate checked against the system's roots and the receiver's own `ca_file`. The mail's
//! Message-ID comes from the outbox key, so a mail resent after a sender's crash is the same mail
//! to every client that drops duplicates by it. The server's answer is read like a robot's: a 4xx
//! is worth retrying, a 5xx (a refused login, an unknown mailbox) is not.

use super::answer::Answer;
use super::message::Message;
use crate::config::receivers::{ReceiverConfig, smtp_server};
use crate::domain::text::one_line;
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Body, Mailbox};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

/// The Message-ID for an outbox key, in the sender's domain: letters, digits and '-' as they
/// are, every other character as '_' and its UTF-8 bytes in hex (a dot-atom: no dot can double).
pub fn message_id(key: &str, from: &str) -> String {
    let mut left = String::new();
    for c in key.chars() {
        if c.is_ascii_alphanumeric() || c == '-' {
            left.push(c);
        } else {
            left.push('_');
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                left.push_str(&format!("{b:02x}"));
            }
        }
    }
    let domain = from.rsplit_once('@').map(|(_, d)| d.trim_end_matches('>').trim()).unwrap_or("anjian.invalid");
    format!("<{left}@{domain}>")
}

/// The mail for `m` from the receiver's sender to its addresses.
fn mail(r: &ReceiverConfig, m: &Message, key: Option<&str>) -> Result<lettre::Message, String> {
    let from = r.from.as_deref().ok_or("no from")?;
    let mut b = lettre::Message::builder()
        .from(from.parse::<Mailbox>().map_err(|e| format!("from: {e}"))?)
        .subject(m.title())
        .header(ContentType::TEXT_PLAIN);
    for t in &r.to {
        b = b.to(t.parse::<Mailbox>().map_err(|e| format!("to {t}: {e}"))?);
    }
    if let Some(k) = key {
        b = b.message_id(Some(message_id(k, from)));
    }
    // Base64 passes every server, 8BITMIME or not.
    let body = Body::new_with_encoding(m.text(), ContentTransferEncoding::Base64)
        .map_err(|_| "the text cannot be encoded".to_string())?;
    b.body(body).map_err(|e| e.to_string())
}

/// The transport to the receiver's server: encrypted always, logged in when it has a username.
fn transport(r: &ReceiverConfig, url: &str) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
    let (host, port, wrapped) = smtp_server(url)?;
    let mut tls = TlsParameters::builder(host.clone());
    if let Some(path) = &r.ca_file {
        let pem = std::fs::read(path).map_err(|e| format!("ca_file {path}: {e}"))?;
        let cert = Certificate::from_pem(&pem).map_err(|e| format!("ca_file {path}: {e}"))?;
        tls = tls.add_root_certificate(cert);
    }
    let tls = tls.build_rustls().map_err(|e| e.to_string())?;
    let mut b = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
        .port(port)
        .tls(if wrapped { Tls::Wrapper(tls) } else { Tls::Required(tls) })
        .timeout(Some(r.timeout.0));
    if let Some(user) = &r.username {
        let password = r.secret()?.unwrap_or_default();
        b = b.credentials(Credentials::new(user.clone(), password));
    }
    Ok(b.build())
}

/// Whether the connection failed on the server's certificate (rustls's error inside the I/O
/// error lettre reports): a setting to fix, not a wait.
fn certificate_refused(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut at = Some(e);
    while let Some(err) = at {
        let inner = err
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            .map(|i| i as &(dyn std::error::Error + 'static));
        for x in [Some(err), inner].into_iter().flatten() {
            if matches!(x.downcast_ref::<rustls::Error>(), Some(rustls::Error::InvalidCertificate(_))) {
                return true;
            }
        }
        at = err.source();
    }
    false
}

/// Sends `m` as a mail, the answer said in Chinese or English.
pub async fn send(r: &ReceiverConfig, m: &Message, zh: bool, key: Option<&str>) -> Answer {
    let refused = |words: String| Answer::Failed { retry: false, status: None, code: None, words };
    let named = if zh { "邮件" } else { "e-mail" };
    let url = match r.address() {
        Ok(u) => u,
        Err(e) => return refused(e),
    };
    let (mail, transport) = match (mail(r, m, key), transport(r, &url)) {
        (Ok(m), Ok(t)) => (m, t),
        (Err(e), _) | (_, Err(e)) => return refused(if zh { format!("{named}无法发出：{e}") } else { e }),
    };
    match transport.send(mail).await {
        Ok(resp) => {
            let said = one_line(&resp.message().collect::<Vec<_>>().join(" "), 200).into_owned();
            Answer::Delivered { status: 250, detail: format!("SMTP {} {said}", resp.code()).trim_end().to_string() }
        }
        Err(e) => {
            let code = e.status().map(|c| c.to_string());
            let said = one_line(&e.to_string(), 200).into_owned();
            let (retry, words) = if e.is_permanent() {
                let c = code.unwrap_or_default();
                (
                    false,
                    if zh {
                        format!("邮件服务器拒绝（{c}）：{said}")
                    } else {
                        format!("the mail server refused ({c}): {said}")
                    },
                )
            } else if e.is_transient() {
                let c = code.unwrap_or_default();
                (
                    true,
                    if zh {
                        format!("邮件服务器暂不接收（{c}），稍后重试")
                    } else {
                        format!("the mail server deferred ({c}); retried later")
                    },
                )
            } else if e.is_tls() || certificate_refused(&e) {
                (
                    false,
                    if zh {
                        "邮件服务器的证书无法验证（检查 ca_file）".into()
                    } else {
                        "the mail server's certificate cannot be verified (check ca_file)".into()
                    },
                )
            } else if e.is_timeout() {
                (
                    true,
                    if zh {
                        "邮件服务器超时未答复，稍后重试".into()
                    } else {
                        "the mail server did not answer in time; retried later".into()
                    },
                )
            } else {
                (
                    true,
                    if zh {
                        format!("无法连接邮件服务器，稍后重试（{said}）")
                    } else {
                        format!("cannot reach the mail server; retried later ({said})")
                    },
                )
            };
            Answer::Failed { retry, status: None, code: e.status().map(|c| i64::from(u16::from(c))), words }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_id_is_the_outbox_key_in_the_senders_domain() {
        assert_eq!(
            message_id("alarm:12:mail", "安监办 <duty@ajb.example.gov.cn>"),
            "<alarm_3a12_3amail@ajb.example.gov.cn>"
        );
        assert_eq!(message_id("dispatch:7", "nobody"), "<dispatch_3a7@anjian.invalid>");
    }
}

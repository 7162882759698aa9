//! An SMTP server on loopback, as an office's mail server answers: STARTTLS (or TLS from the first
//! byte) with a certificate signed by a CA made for the run, AUTH PLAIN, and no mail taken before
//! the connection is encrypted. It records every mail it takes, decoded, and answers the end of a
//! mail's data with the code the test sets (250, a 4xx to be retried, a 5xx refusal).

use base64::Engine;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone, Default)]
pub struct Mail {
    pub from: String,
    pub to: Vec<String>,
    /// The login it came with.
    pub login: Option<String>,
    pub message_id: String,
    /// Decoded (RFC 2047 words).
    pub subject: String,
    /// Decoded (base64).
    pub text: String,
}

/// What the server does: the login it wants (none: any) and its answer to a mail's data.
#[derive(Debug, Clone)]
pub struct Behaviour {
    pub login: Option<(String, String)>,
    pub data_reply: u16,
}

pub struct Smtp {
    pub addr: SocketAddr,
    /// The CA's certificate (PEM), for a receiver's `ca_file`.
    pub ca_pem: String,
    pub behaviour: Arc<Mutex<Behaviour>>,
    pub seen: Arc<Mutex<Vec<Mail>>>,
}

/// A CA and a certificate for 127.0.0.1 it signed.
fn certificates() -> (String, CertificateDer<'static>, PrivateKeyDer<'static>) {
    let ca_key = rcgen::KeyPair::generate().expect("ca key");
    let mut ca = rcgen::CertificateParams::new(Vec::<String>::new()).expect("ca params");
    ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca.distinguished_name.push(rcgen::DnType::CommonName, "anjian test mail CA");
    let ca_cert = ca.self_signed(&ca_key).expect("ca cert");
    let issuer = rcgen::Issuer::new(ca, ca_key);
    let key = rcgen::KeyPair::generate().expect("key");
    let leaf = rcgen::CertificateParams::new(vec!["127.0.0.1".to_string()]).expect("params");
    let cert = leaf.signed_by(&key, &issuer).expect("cert");
    let der = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
    (ca_cert.pem(), cert.der().clone(), der)
}

/// Serves on 127.0.0.1: STARTTLS when `wrapped` is false, TLS at once when it is true.
pub fn serve(wrapped: bool) -> Smtp {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (ca_pem, cert, key) = certificates();
    let tls = Arc::new(
        rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .expect("versions")
            .with_no_client_auth()
            .with_single_cert(vec![cert], key)
            .expect("server config"),
    );
    let behaviour = Arc::new(Mutex::new(Behaviour { login: None, data_reply: 250 }));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (b, s) = (behaviour.clone(), seen.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let (b, s, tls) = (b.clone(), s.clone(), tls.clone());
            std::thread::spawn(move || session(stream, tls, wrapped, &b, &s));
        }
    });
    Smtp { addr, ca_pem, behaviour, seen }
}

enum Conn {
    Plain(TcpStream),
    Tls(Box<rustls::StreamOwned<rustls::ServerConnection, TcpStream>>),
}

impl Conn {
    fn secure(tcp: TcpStream, tls: &Arc<rustls::ServerConfig>) -> Conn {
        Conn::Tls(Box::new(rustls::StreamOwned::new(rustls::ServerConnection::new(tls.clone()).expect("tls"), tcp)))
    }

    fn line(&mut self) -> Option<String> {
        let mut out = Vec::new();
        let mut byte = [0u8; 1];
        while !out.ends_with(b"\r\n") {
            let n = match self {
                Conn::Plain(t) => t.read(&mut byte),
                Conn::Tls(t) => t.read(&mut byte),
            };
            if n.ok()? != 1 {
                return None;
            }
            out.push(byte[0]);
        }
        out.truncate(out.len() - 2);
        Some(String::from_utf8_lossy(&out).into_owned())
    }

    fn say(&mut self, text: &str) {
        let text = format!("{text}\r\n");
        let _ = match self {
            Conn::Plain(t) => t.write_all(text.as_bytes()),
            Conn::Tls(t) => t.write_all(text.as_bytes()).and_then(|_| t.flush()),
        };
    }
}

fn address(arg: &str) -> String {
    arg.split_once('<').and_then(|(_, r)| r.split_once('>')).map(|(a, _)| a.to_string()).unwrap_or_default()
}

fn b64(s: &str) -> String {
    let bytes = base64::engine::general_purpose::STANDARD.decode(s.trim()).unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The subject with its RFC 2047 encoded words decoded.
fn decode_words(v: &str) -> String {
    v.split_whitespace()
        .map(|w| match w.strip_prefix("=?utf-8?b?").and_then(|r| r.strip_suffix("?=")) {
            Some(enc) => b64(enc),
            None => w.to_string(),
        })
        .collect()
}

/// Headers (unfolded) and the decoded text of a mail's data.
fn read_mail(data: &str, m: &mut Mail) {
    let (head, body) = data.split_once("\r\n\r\n").unwrap_or((data, ""));
    let head = head.replace("\r\n ", " ").replace("\r\n\t", " ");
    for line in head.split("\r\n") {
        let Some((k, v)) = line.split_once(':') else { continue };
        match k.to_ascii_lowercase().as_str() {
            "subject" => m.subject = decode_words(v.trim()),
            "message-id" => m.message_id = v.trim().to_string(),
            _ => {}
        }
    }
    // A mail's lines end in CRLF; the text compared is the one anjian wrote.
    m.text = b64(&body.replace("\r\n", "")).replace("\r\n", "\n");
}

fn session(
    tcp: TcpStream,
    tls: Arc<rustls::ServerConfig>,
    wrapped: bool,
    b: &Arc<Mutex<Behaviour>>,
    seen: &Arc<Mutex<Vec<Mail>>>,
) {
    let mut conn = if wrapped { Conn::secure(tcp, &tls) } else { Conn::Plain(tcp) };
    conn.say("220 127.0.0.1 ESMTP anjian-test");
    let mut mail = Mail::default();
    let mut login: Option<String> = None;
    while let Some(line) = conn.line() {
        let (verb, arg) = line.split_once(' ').unwrap_or((&line, ""));
        let secure = matches!(conn, Conn::Tls(_));
        match verb.to_ascii_uppercase().as_str() {
            "EHLO" | "HELO" if secure => conn.say("250-127.0.0.1\r\n250-AUTH PLAIN\r\n250 8BITMIME"),
            "EHLO" | "HELO" => conn.say("250-127.0.0.1\r\n250-STARTTLS\r\n250 8BITMIME"),
            "STARTTLS" if !secure => {
                conn.say("220 2.0.0 Ready to start TLS");
                conn = match conn {
                    Conn::Plain(t) => Conn::secure(t, &tls),
                    other => other,
                };
            }
            "AUTH" if secure => {
                let given = arg.strip_prefix("PLAIN ").map(b64).unwrap_or_default();
                let mut parts = given.split('\0').skip(1);
                let (user, pass) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
                let want = b.lock().expect("behaviour").login.clone();
                if want.is_none_or(|(u, p)| u == user && p == pass) {
                    login = Some(user.to_string());
                    conn.say("235 2.7.0 Authentication successful");
                } else {
                    conn.say("535 5.7.8 Authentication credentials invalid");
                }
            }
            "MAIL" if !secure => conn.say("530 5.7.0 Must issue a STARTTLS command first"),
            "MAIL" if login.is_none() && b.lock().expect("behaviour").login.is_some() => {
                conn.say("530 5.7.0 Authentication required")
            }
            "MAIL" => {
                mail = Mail { from: address(arg), login: login.clone(), ..Mail::default() };
                conn.say("250 2.1.0 Ok");
            }
            "RCPT" => {
                mail.to.push(address(arg));
                conn.say("250 2.1.5 Ok");
            }
            "DATA" => {
                conn.say("354 End data with <CR><LF>.<CR><LF>");
                let mut data = String::new();
                while let Some(l) = conn.line() {
                    if l == "." {
                        break;
                    }
                    data.push_str(l.strip_prefix('.').unwrap_or(&l));
                    data.push_str("\r\n");
                }
                let reply = b.lock().expect("behaviour").data_reply;
                match reply {
                    250 => {
                        read_mail(&data, &mut mail);
                        let mut s = seen.lock().expect("seen");
                        s.push(std::mem::take(&mut mail));
                        conn.say(&format!("250 2.0.0 Ok: queued as Q{}", s.len()));
                    }
                    r if r < 500 => conn.say(&format!("{r} 4.3.0 Mailbox busy, try again later")),
                    r => conn.say(&format!("{r} 5.7.1 Recipient address rejected: access denied")),
                }
            }
            "RSET" | "NOOP" => conn.say("250 2.0.0 Ok"),
            "QUIT" => {
                conn.say("221 2.0.0 Bye");
                return;
            }
            _ => conn.say("502 5.5.2 Error: command not recognized"),
        }
    }
}

//! A notification receiver on loopback that answers like 企业微信's and 钉钉's group robots (their
//! JSON answers and error codes, 钉钉's signature check) and like a plain webhook, and records
//! every request with its headers and body.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone)]
pub struct Request {
    pub path: String,
    pub headers: HashMap<String, String>,
    pub body: String,
}

/// How each path answers: "ok", "errcode N", "status N", "slow MS" (ok after MS milliseconds), or
/// "dingtalk SECRET" (checks the sign).
pub type Behaviour = Arc<Mutex<HashMap<String, String>>>;

pub fn serve() -> (SocketAddr, Behaviour, Arc<Mutex<Vec<Request>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let behaviour: Behaviour = Arc::new(Mutex::new(HashMap::new()));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (b, s) = (behaviour.clone(), seen.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let (b, s) = (b.clone(), s.clone());
            std::thread::spawn(move || answer(stream, &b, &s));
        }
    });
    (addr, behaviour, seen)
}

fn read_request(s: &mut TcpStream) -> Option<Request> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if s.read(&mut byte).ok()? != 1 {
            return None;
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).to_string();
    let mut lines = head.split("\r\n");
    let path = lines.next()?.split_whitespace().nth(1)?.to_string();
    let headers: HashMap<String, String> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let len: usize = headers.get("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
    let mut body = vec![0u8; len];
    s.read_exact(&mut body).ok()?;
    Some(Request { path, headers, body: String::from_utf8_lossy(&body).to_string() })
}

fn query(path: &str, key: &str) -> Option<String> {
    let q = path.split_once('?')?.1;
    q.split('&').filter_map(|p| p.split_once('=')).find(|(k, _)| *k == key).map(|(_, v)| v.to_string())
}

/// 钉钉's check: sign = Base64(HMAC-SHA256(secret, "timestamp\nsecret")), URL-encoded.
fn dingtalk_sign_ok(path: &str, secret: &str) -> bool {
    use base64::Engine;
    use hmac::{Hmac, Mac};
    let (Some(ts), Some(sign)) = (query(path, "timestamp"), query(path, "sign")) else { return false };
    let Ok(mut m) = <Hmac<sha2::Sha256> as Mac>::new_from_slice(secret.as_bytes()) else { return false };
    m.update(format!("{ts}\n{secret}").as_bytes());
    let want = base64::engine::general_purpose::STANDARD.encode(m.finalize().into_bytes());
    let got = sign.replace("%2B", "+").replace("%2F", "/").replace("%3D", "=");
    want == got
}

fn answer(mut s: TcpStream, behaviour: &Behaviour, seen: &Mutex<Vec<Request>>) {
    let Some(req) = read_request(&mut s) else { return };
    let bare = req.path.split('?').next().unwrap_or("").to_string();
    let how = behaviour.lock().expect("behaviour").get(&bare).cloned().unwrap_or_else(|| "status 404".into());
    seen.lock().expect("seen").push(req.clone());
    let json = |code: i64, msg: &str| (200, format!(r#"{{"errcode":{code},"errmsg":"{msg}"}}"#));
    let (status, body) = match how.split_once(' ') {
        _ if how == "ok" => json(0, "ok"),
        Some(("errcode", n)) => json(n.parse().unwrap_or(-1), "refused"),
        Some(("status", n)) => (n.parse().unwrap_or(500), String::new()),
        Some(("slow", ms)) => {
            std::thread::sleep(std::time::Duration::from_millis(ms.parse().unwrap_or(500)));
            json(0, "ok")
        }
        Some(("dingtalk", secret)) if dingtalk_sign_ok(&req.path, secret) => json(0, "ok"),
        Some(("dingtalk", _)) => json(310000, "sign not match"),
        _ => (500, String::new()),
    };
    let reply = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = s.write_all(reply.as_bytes());
}

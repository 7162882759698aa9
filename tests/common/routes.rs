//! A loopback server answering fixed routes, for tests of upstream shapes.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// A server that answers each path from `routes` (404 otherwise) and records request heads.
pub fn serve(bind: &str, routes: Arc<Mutex<Vec<(String, String)>>>) -> (SocketAddr, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind(bind).expect("bind");
    let addr = listener.local_addr().expect("addr");
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let (routes, log) = (routes.clone(), log.clone());
            std::thread::spawn(move || answer(stream, &routes, &log));
        }
    });
    (addr, seen)
}

fn answer(mut s: TcpStream, routes: &Mutex<Vec<(String, String)>>, log: &Mutex<Vec<String>>) {
    let mut head = Vec::new();
    let mut b = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match s.read(&mut b) {
            Ok(1) => head.push(b[0]),
            _ => return,
        }
    }
    let head = String::from_utf8_lossy(&head).to_string();
    log.lock().expect("log").push(head.clone());
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
    // The exact target first, then the path without its query.
    let bare = path.split('?').next().unwrap_or("").to_string();
    let routes = routes.lock().expect("routes");
    let found = routes
        .iter()
        .find(|(p, _)| *p == path)
        .or_else(|| routes.iter().find(|(p, _)| *p == bare))
        .map(|(_, r)| r.clone());
    let reply = match found {
        // "ETAG <tag> <body>": 304 to a request that names the tag, else the body with the tag.
        Some(r) if r.starts_with("ETAG ") => {
            let (tag, body) = r[5..].split_once(' ').unwrap_or((&r[5..], ""));
            if head.lines().any(|l| l.to_ascii_lowercase().starts_with("if-none-match:") && l.contains(tag)) {
                "HTTP/1.1 304 Not Modified\r\nConnection: close\r\n\r\n".to_string()
            } else {
                format!(
                    "HTTP/1.1 200 OK\r\nETag: \"{tag}\"\r\nContent-Type: application/atom+xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                )
            }
        }
        Some(r) if r.starts_with("STATUS ") => {
            // "STATUS 500 <body>": an error answer with an HTML page.
            let (code, body) = r[7..].split_once(' ').unwrap_or((&r[7..], ""));
            format!(
                "HTTP/1.1 {code} Error\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            )
        }
        // "SLOW <ms> <body>": the body, after a wait (a document that takes its time).
        Some(r) if r.starts_with("SLOW ") => {
            let (ms, body) = r[5..].split_once(' ').unwrap_or((&r[5..], ""));
            std::thread::sleep(std::time::Duration::from_millis(ms.parse().unwrap_or(0)));
            format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            )
        }
        Some(r) if r.starts_with("REDIRECT ") => {
            format!("HTTP/1.1 302 Found\r\nLocation: {}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", &r[9..])
        }
        Some(body) => format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
        None => "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".into(),
    };
    let _ = s.write_all(reply.as_bytes());
}

/// A minimal valid CAP 1.2 alert with this identifier (a 大风 warning for the demo town).
pub fn cap_alert(id: &str) -> String {
    format!(
        r#"<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>{id}</identifier><sender>qx@example</sender>
        <sent>2026-11-23T08:00:00+08:00</sent><status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
        <info><language>zh-CN</language><category>Met</category><event>大风</event><urgency>Expected</urgency>
        <severity>Moderate</severity><certainty>Likely</certainty><headline>大风蓝色预警 {id}</headline>
        <area><areaDesc>云溪街道</areaDesc></area></info></alert>"#
    )
}

/// The CAP feed "预警" at `addr`'s /index.atom, without retries.
pub fn cap_spec(addr: SocketAddr) -> anjian::sync::engine::FeedSpec {
    anjian::sync::engine::FeedSpec {
        name: "预警".into(),
        kind: anjian::config::FeedKind::Cap,
        url: format!("http://{addr}/index.atom"),
        interval: std::time::Duration::from_secs(60),
        http: anjian::upstream::http::HttpConfig { retries: 0, ..Default::default() },
        level_parameter: None,
        format: Default::default(),
        level_words: Vec::new(),
        strict: false,
        give_up_after: std::time::Duration::from_secs(86_400),
    }
}

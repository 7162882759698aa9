//! The HTTP client against real servers on 127.0.0.1 that misbehave on purpose.

use anjian::upstream::http::{Client, FetchError, Fetched, HttpConfig, Validators};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Clone)]
enum Reply {
    Ok { etag: &'static str, body: &'static str },
    NotModifiedIf(&'static str),
    Status(u16, &'static str),
    Hang,
    Trickle,
    Truncated,
    Endless,
    BearerEcho,
}

/// Answers each connection with the next scripted reply (the last one repeats) and records the
/// request heads it received.
fn serve(script: Vec<Reply>) -> (SocketAddr, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for (i, stream) in listener.incoming().enumerate() {
            let Ok(stream) = stream else { return };
            let reply = script[i.min(script.len() - 1)].clone();
            let log = log.clone();
            std::thread::spawn(move || answer(stream, reply, log));
        }
    });
    (addr, seen)
}

fn answer(mut s: TcpStream, reply: Reply, log: Arc<Mutex<Vec<String>>>) {
    let mut head = Vec::new();
    let mut buf = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match s.read(&mut buf) {
            Ok(1) => head.push(buf[0]),
            _ => return,
        }
    }
    let head = String::from_utf8_lossy(&head).to_string();
    log.lock().expect("log").push(head.clone());
    let send = |s: &mut TcpStream, text: &str| {
        let _ = s.write_all(text.as_bytes());
    };
    match reply {
        Reply::Ok { etag, body } => send(
            &mut s,
            &format!(
                "HTTP/1.1 200 OK\r\nETag: {etag}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            ),
        ),
        Reply::NotModifiedIf(etag) => {
            if head.to_ascii_lowercase().contains(&format!("if-none-match: {etag}")) {
                send(&mut s, "HTTP/1.1 304 Not Modified\r\nConnection: close\r\n\r\n");
            } else {
                send(
                    &mut s,
                    &format!("HTTP/1.1 200 OK\r\nETag: {etag}\r\nContent-Length: 3\r\nConnection: close\r\n\r\nnew"),
                );
            }
        }
        Reply::Status(code, body) => send(
            &mut s,
            &format!("HTTP/1.1 {code} X\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len()),
        ),
        Reply::Hang => std::thread::sleep(Duration::from_secs(5)),
        Reply::Trickle => {
            send(&mut s, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n");
            for _ in 0..50 {
                send(&mut s, "x");
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        Reply::Truncated => {
            send(&mut s, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\nonly ten b")
        }
        Reply::Endless => {
            send(&mut s, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
            let chunk = format!("{:x}\r\n{}\r\n", 4096, "z".repeat(4096));
            for _ in 0..10_000 {
                if s.write_all(chunk.as_bytes()).is_err() {
                    return;
                }
            }
        }
        Reply::BearerEcho => {
            let auth = head
                .lines()
                .find(|l| l.to_ascii_lowercase().starts_with("authorization:"))
                .unwrap_or("none")
                .to_string();
            send(
                &mut s,
                &format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{auth}", auth.len()),
            );
        }
    }
}

fn client(f: impl FnOnce(&mut HttpConfig)) -> Client {
    let mut c = HttpConfig {
        connect_timeout: Duration::from_millis(500),
        total_timeout: Duration::from_millis(800),
        max_body: 64 * 1024,
        retries: 2,
        backoff_min: Duration::from_millis(10),
        backoff_max: Duration::from_millis(40),
        ..Default::default()
    };
    f(&mut c);
    Client::new(c).expect("client")
}

#[tokio::test]
async fn etag_then_not_modified() {
    let (addr, seen) = serve(vec![Reply::NotModifiedIf("\"v1\"")]);
    let c = client(|_| {});
    let url = format!("http://{addr}/cap/index.atom");
    let first = c.get(&url, &Validators::default()).await.expect("first");
    let Fetched::Body { bytes, validators, .. } = first else { panic!("expected a body") };
    assert_eq!((bytes.as_slice(), validators.etag.as_deref()), (b"new".as_slice(), Some("\"v1\"")));
    assert_eq!(c.get(&url, &validators).await.expect("second"), Fetched::NotModified);
    assert!(seen.lock().expect("log")[1].to_ascii_lowercase().contains("if-none-match: \"v1\""));
}

#[tokio::test]
async fn server_errors_are_retried_and_client_errors_are_not() {
    let (addr, seen) =
        serve(vec![Reply::Status(500, "busy"), Reply::Status(503, "busy"), Reply::Ok { etag: "\"e\"", body: "ok" }]);
    let got =
        client(|_| {}).get(&format!("http://{addr}/a"), &Validators::default()).await.expect("third attempt succeeds");
    assert!(matches!(got, Fetched::Body { .. }));
    assert_eq!(seen.lock().expect("log").len(), 3);

    let (addr, seen) = serve(vec![Reply::Status(404, "no such feed")]);
    let err = client(|_| {}).get(&format!("http://{addr}/b"), &Validators::default()).await.expect_err("404");
    assert_eq!(
        err,
        FetchError::Status { url: format!("http://{addr}/b"), status: 404, snippet: "no such feed".into() }
    );
    assert_eq!(seen.lock().expect("log").len(), 1, "a 404 is not retried");

    let (addr, seen) = serve(vec![Reply::Status(500, "down")]);
    let err = client(|_| {}).get(&format!("http://{addr}/c"), &Validators::default()).await.expect_err("always 500");
    assert!(err.to_string().ends_with("HTTP 500 Internal Server Error: down"), "{err}");
    assert_eq!(seen.lock().expect("log").len(), 3, "first attempt plus two retries");
}

#[tokio::test]
async fn hanging_trickling_truncated_and_oversized_answers_fail_cleanly() {
    let start = std::time::Instant::now();
    let (addr, _) = serve(vec![Reply::Hang]);
    let err =
        client(|c| c.retries = 0).get(&format!("http://{addr}/hang"), &Validators::default()).await.expect_err("hang");
    assert!(matches!(err, FetchError::Timeout { .. }), "{err}");
    let (addr, _) = serve(vec![Reply::Trickle]);
    let err = client(|c| c.retries = 0)
        .get(&format!("http://{addr}/slow"), &Validators::default())
        .await
        .expect_err("trickle");
    assert!(matches!(err, FetchError::Timeout { .. }), "a slow body counts against the total timeout: {err}");
    assert!(start.elapsed() < Duration::from_secs(4), "bounded by the timeouts, not by the server");

    let (addr, seen) = serve(vec![Reply::Truncated]);
    let err = client(|_| {}).get(&format!("http://{addr}/cut"), &Validators::default()).await.expect_err("truncated");
    assert!(matches!(err, FetchError::Body { .. }), "{err}");
    assert_eq!(seen.lock().expect("log").len(), 3, "a broken body is retried");

    let (addr, _) = serve(vec![Reply::Endless]);
    let err = client(|c| c.total_timeout = Duration::from_secs(5))
        .get(&format!("http://{addr}/big"), &Validators::default())
        .await
        .expect_err("endless");
    assert_eq!(err, FetchError::TooLarge { url: format!("http://{addr}/big"), limit: 64 * 1024 });
}

#[tokio::test]
async fn refused_connections_and_the_bearer_token() {
    let addr = {
        let l = TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr")
    };
    let err = client(|_| {}).get(&format!("http://{addr}/x"), &Validators::default()).await.expect_err("refused");
    assert!(matches!(err, FetchError::Connect { .. }), "{err}");

    let (addr, _) = serve(vec![Reply::BearerEcho]);
    let url = format!("http://{addr}/auth");
    let var = format!("ANJIAN_TEST_TOKEN_{}", std::process::id());
    let with_token = |c: &mut HttpConfig| {
        c.token_env = Some(var.clone());
        c.feed_url = Some(url.clone());
    };
    let missing = client(with_token).get(&url, &Validators::default()).await.expect_err("unset");
    assert_eq!(missing, FetchError::Token { url: url.clone(), name: var.clone() });
    // SAFETY: this test is the only user of its own uniquely named variable.
    unsafe { std::env::set_var(&var, "s3cr3t") };
    let Fetched::Body { bytes, .. } = client(with_token).get(&url, &Validators::default()).await.expect("ok") else {
        panic!("body")
    };
    assert_eq!(String::from_utf8_lossy(&bytes).to_ascii_lowercase(), "authorization: bearer s3cr3t");
}

//! The real binary in a real terminal (tmux, 120x40): start-up to the first frame, and peak memory
//! after a tour of every screen with scrolling and a search.

use super::stats::{Row, ms, pct};
use super::tty::{self, Tmux};
use std::path::Path;
use std::time::Duration;

const RSS_LIMIT_MB: f64 = 80.0;

fn command(db: &Path, cfg: &Path) -> String {
    format!("exec {} --db {} --config {}", env!("CARGO_BIN_EXE_anjian"), db.display(), cfg.display())
}

/// The first frame: the sign-in form (the account running the bench is mapped to no operator:
/// identity comes from the system and the service account's own config only).
fn drawn(screen: &str) -> bool {
    screen.contains("值班员登录") || (screen.contains("总览") && screen.contains("值班"))
}

/// Signed in, the Overview: its tab bar is the sign.
fn overview(screen: &str) -> bool {
    screen.contains("总览") && screen.contains("值班") && !screen.contains("值班员登录")
}

pub fn start_and_memory(db: &Path, name: &str, with_start: bool) -> Vec<Row> {
    if !tty::available() {
        eprintln!("SKIPPED: tmux is not installed (apt-get install tmux); no start-up or memory figure");
        return vec![Row::new(format!("{name}: start-up and memory"), "skipped: no tmux")];
    }
    let dir = tempfile::tempdir().expect("tmp");
    let cfg = tty::config(dir.path());
    let t = Tmux::server(120, 40);
    let mut rows = Vec::new();
    if with_start {
        let mut v = Vec::new();
        for i in 0..7 {
            let session = format!("start{i}");
            let started = std::time::Instant::now();
            t.start(&session, &command(db, &cfg), 120, 40);
            let shown = t.wait(&session, Duration::from_secs(20), drawn);
            let Some(_) = shown else {
                eprintln!("bench: the dashboard never drew:\n{}", t.screen(&session));
                t.kill(&session);
                continue;
            };
            v.push(started.elapsed());
            t.keys(&session, &["q"]);
            t.kill(&session);
        }
        // The first run reads the file from disk; the others from the page cache.
        rows.push(Row::within(
            format!("{name}: process start → first frame in a real terminal (median of {})", v.len()),
            pct(&v, 0.5),
            format!("{} (first run {})", ms(pct(&v, 0.5)), v.first().map(|d| ms(*d)).unwrap_or_default()),
            Duration::from_millis(150),
        ));
    }
    let session = "tour";
    t.start(session, &command(db, &cfg), 120, 40);
    if t.wait(session, Duration::from_secs(30), drawn).is_none() {
        return vec![Row::new(format!("{name}: memory"), "the dashboard never drew")];
    }
    // The generated office's supervisor, by name and PIN, as an officer signs in.
    t.keys(session, &[anjian::generate::office::OPERATOR, "Tab", anjian::generate::office::PIN, "Enter"]);
    if t.wait(session, Duration::from_secs(30), overview).is_none() {
        eprintln!("bench: the sign-in did not reach the Overview:\n{}", t.screen(session));
        return vec![Row::new(format!("{name}: memory"), "the sign-in did not reach the Overview")];
    }
    let pid = t.pid(session);
    let settle = || std::thread::sleep(Duration::from_millis(700));
    settle();
    for screen in ["2", "3", "4", "5", "6", "7", "8", "1"] {
        t.keys(session, &[screen]);
        settle();
        if screen != "1" && screen != "7" && screen != "8" {
            for _ in 0..5 {
                t.keys(session, &["PageDown"]);
            }
            t.keys(session, &["End"]);
            settle();
        }
    }
    t.keys(session, &["2", "/", "加", "油", "站"]);
    settle();
    t.keys(session, &["Escape", "6", "z"]);
    settle();
    let rss = pid.and_then(tty::peak_rss_mb);
    // An idle minute on the Overview: the CPU the process spends with nobody at the keyboard
    // (its clock, its polling for other terminals' commits).
    t.keys(session, &["1"]);
    settle();
    let before = pid.and_then(tty::cpu_ms);
    std::thread::sleep(Duration::from_secs(60));
    let idle = pid.and_then(tty::cpu_ms).zip(before).map(|(after, before)| after.saturating_sub(before));
    t.keys(session, &["q"]);
    t.kill(session);
    let idle_limit = 300;
    rows.push(match idle {
        Some(ms) => Row::new(
            format!("{name}: CPU of an idle session (a minute on the Overview)"),
            format!("{ms} ms per minute"),
        )
        .target(format!("≤ {idle_limit} ms per minute"), ms <= idle_limit),
        None => Row::new(format!("{name}: CPU of an idle session"), "could not read /proc/PID/stat"),
    });
    match rss {
        Some(mb) => rows.push(
            Row::new(
                format!("{name}: peak RSS of the dashboard (every screen, scrolling, search)"),
                format!("{mb:.0} MB"),
            )
            .target(format!("≤ {RSS_LIMIT_MB:.0} MB"), mb <= RSS_LIMIT_MB),
        ),
        None => rows.push(Row::new(format!("{name}: peak RSS"), "could not read /proc/PID/status")),
    }
    rows
}

//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod receiver;
pub mod routes;
pub mod smtp;
pub mod tmux;

use anjian::config::Config;
use anjian::i18n::Lang;
use anjian::store::Store;
use anjian::tui::headless::Headless;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A seed plan (`../shared/seeds/NAME*`) and its text; prints why when it is not there.
pub fn seed(name: &str) -> Option<(PathBuf, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let found = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.file_name().and_then(|f| f.to_str()).is_some_and(|f| f.starts_with(name)));
    match found {
        Some(p) => Some((p.clone(), std::fs::read_to_string(&p).ok()?)),
        None => {
            eprintln!("SKIPPED: ../shared/seeds/{name}* is not beside the checkout");
            None
        }
    }
}

/// `../shared/real-samples` beside the checkout, if present.
pub fn real_samples() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/real-samples");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("SKIPPED: ../shared/real-samples is not beside the checkout; real-sample checks did not run");
        None
    }
}

/// The fixed "today" of the test demo, so that screens and figures do not change with the date.
pub fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date")
}

/// The fixed "now" of the test demo (Beijing), matching the clock shown in the status bar.
pub fn now() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339("2026-11-23T09:30:00+08:00").expect("time")
}

/// A demo database built once per test binary; each test gets its own copy.
fn demo_template() -> &'static Path {
    static DB: OnceLock<PathBuf> = OnceLock::new();
    DB.get_or_init(|| {
        // Kept while the test binary runs (a static has no end), under target/; those of earlier
        // runs are removed once they are an hour old, so that runs do not fill the disk.
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("demo-templates");
        std::fs::create_dir_all(&root).expect("templates dir");
        let hour = std::time::Duration::from_secs(3600);
        for old in std::fs::read_dir(&root).into_iter().flatten().flatten() {
            let age = old.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok());
            if age.is_some_and(|a| a > hour) {
                let _ = std::fs::remove_dir_all(old.path());
            }
        }
        let dir = tempfile::Builder::new().prefix("demo-").tempdir_in(&root).expect("tempdir").keep();
        let path = dir.join("demo.db");
        let (mut store, _) = anjian::demo::open_as_of(&path, today()).expect("demo loads");
        // Alarms as the demo's upstream would have delivered them by the fixed "now".
        let mut upstream = anjian::fixture::Upstream::seeded(1, now(), 8, 40);
        // Later messages too: updates and cancellations of earlier warnings, clears of alarms.
        for _ in 0..12 {
            upstream.tick(now());
        }
        anjian::fixture::ingest_direct(&mut store, &upstream, "气象预警", "在线监测", "zh").expect("alarms");
        store
            .conn()
            .execute(
                "UPDATE feed SET last_success = '2026-11-23T09:29:00+08:00', last_attempt = '2026-11-23T09:29:00+08:00'",
                [],
            )
            .expect("fixed feed times");
        // Fold the WAL into the main file so a plain copy carries everything.
        store.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").expect("checkpoint");
        path
    })
}

pub struct Demo {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

/// A folder only this account may enter, as the service account's are.
pub fn private_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    #[cfg(unix)]
    std::fs::set_permissions(dir.path(), std::os::unix::fs::PermissionsExt::from_mode(0o700)).expect("chmod 700");
    dir
}

pub fn demo_copy() -> Demo {
    let dir = private_dir();
    let path = dir.path().join("demo.db");
    std::fs::copy(demo_template(), &path).expect("copy demo db");
    // The demo's reporter key and audit key live beside its database.
    copy_keys(demo_template(), &path);
    Demo { dir, path }
}

/// The real app on the demo office, signed in as the demo operator, with a fixed clock.
pub fn demo_app(lang: Lang, theme: Option<&str>, width: u16, height: u16) -> (Demo, Headless) {
    let demo = demo_copy();
    let h = app_on(&demo.path, lang, theme, width, height);
    (demo, h)
}

/// A terminal of its own on a demo database already made (another session on the same file).
pub fn app_on(path: &Path, lang: Lang, theme: Option<&str>, width: u16, height: u16) -> Headless {
    let (mut store, op) = anjian::demo::open_as_of(path, today()).expect("reopen demo");
    // What the screens write is stamped with the test's fixed time, so snapshots do not drift.
    store.fix_clock(now());
    let config = Config { theme: theme.map(str::to_string), ..Config::default() };
    let mut app = anjian::tui::build_app(&config, lang, Some(op), (width, height)).expect("app");
    app.clock = "11-23 09:30".into();
    app.today = today();
    app.now = now();
    app.last_input = now();
    // Tests move the clock by hours; the idle lock has its own tests.
    app.idle_lock = None;
    let mut h = Headless::new(app, store, width, height);
    h.backend.sealer =
        Some(anjian::secret::Sealer::load_or_create(&anjian::demo::tipoffs::key_path(path)).expect("demo key"));
    h
}

/// Copies the key files of the database `from` beside the database `to` (its reporter key and its
/// audit key, without which its audit log can be neither continued nor checked).
pub fn copy_keys(from: &Path, to: &Path) {
    for (a, b) in [
        (anjian::demo::tipoffs::key_path(from), anjian::demo::tipoffs::key_path(to)),
        (anjian::store::audit_key::path_for(from), anjian::store::audit_key::path_for(to)),
    ] {
        if a.exists() {
            std::fs::copy(&a, &b).unwrap_or_else(|e| panic!("copy {}: {e}", a.display()));
        }
    }
}

pub fn open(path: &Path) -> Store {
    Store::open(path).expect("open store")
}

/// The account running the tests as the system names it (`id -un`), which is what headless
/// commands are audited as whatever `$USER` says.
pub fn me() -> String {
    let out = std::process::Command::new("id").arg("-un").output().expect("id -un");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_anjian")
}

/// `anjian --db DB --config CONFIG --lang LANG ARGS…`, run to its end.
pub fn run_with(db: &Path, config: &Path, lang: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(bin())
        .arg("--db")
        .arg(db)
        .arg("--config")
        .arg(config)
        .args(["--lang", lang])
        .args(args)
        .output()
        .expect("run anjian")
}

/// What a command printed, standard output then standard error.
pub fn printed(o: &std::process::Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// The fixture upstream as its own process (`anjian fixture-server`), stopped when dropped.
pub struct FixtureServer {
    pub child: std::process::Child,
    /// `http://127.0.0.1:PORT`
    pub base: String,
}

impl Drop for FixtureServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `anjian fixture-server` misbehaving in `mode` ("ok" for none), nothing new upstream
/// unless ticked.
pub fn fixture_server(mode: &str) -> FixtureServer {
    use std::io::BufRead;
    let mut child = std::process::Command::new(bin())
        .args(["fixture-server", "--addr", "127.0.0.1:0", "--every", "0", "--mode", mode])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("fixture-server starts");
    let mut line = String::new();
    let stdout = child.stdout.take().expect("stdout");
    std::io::BufReader::new(stdout).read_line(&mut line).expect("address line");
    FixtureServer { child, base: line.trim().to_string() }
}

/// A plain GET to the fixture's control routes (`/control/tick?n=K`, `/control/state`); the body.
pub fn control(base: &str, path: &str) -> String {
    use std::io::{Read, Write};
    let addr = base.trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(addr).expect("connect");
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").expect("send");
    let mut out = String::new();
    s.read_to_string(&mut out).expect("read");
    out.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default()
}

/// A child process killed and reaped however the test ends.
pub struct Reaped(pub std::process::Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The HTTP client's limits for tests: short timeouts, one quick retry.
pub fn quick_http(total: std::time::Duration, max_body: usize) -> anjian::upstream::http::HttpConfig {
    use std::time::Duration;
    anjian::upstream::http::HttpConfig {
        connect_timeout: Duration::from_millis(500),
        total_timeout: total,
        max_body,
        retries: 1,
        backoff_min: Duration::from_millis(10),
        backoff_max: Duration::from_millis(50),
        ..Default::default()
    }
}

/// The fixture's two feeds at `base`: "weather" (CAP index) and "sensors" (monitor feed).
pub fn fixture_feeds(base: &str, http: anjian::upstream::http::HttpConfig) -> Vec<anjian::sync::engine::FeedSpec> {
    use anjian::config::FeedKind;
    let spec = |name: &str, kind, url: String| anjian::sync::engine::FeedSpec {
        name: name.into(),
        kind,
        url,
        interval: std::time::Duration::from_secs(60),
        http: http.clone(),
        level_parameter: None,
        format: Default::default(),
        level_words: Vec::new(),
        strict: false,
        give_up_after: std::time::Duration::from_secs(86_400),
    };
    vec![
        spec("weather", FeedKind::Cap, format!("{base}/cap/index.atom")),
        spec("sensors", FeedKind::Monitor, format!("{base}/monitor/alarms")),
    ]
}

/// One file out of a DOCX or XLSX package, as text.
pub fn zip_entry(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut text = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).expect("entry"), &mut text).expect("utf-8");
    text
}

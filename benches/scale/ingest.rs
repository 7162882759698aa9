//! Ingest through the whole sync path against a bare insert, and the newsboat peer: shared by
//! `benches/alarms.rs` and the one-table `benches/scale`.

use anjian::config::FeedKind;
use anjian::fixture::{self, Mode, Upstream};
use anjian::store::Store;
use anjian::store::alarms::{self, Incoming};
use anjian::sync::engine::{Engine, FeedSpec};
use anjian::upstream::http::HttpConfig;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

pub const INGEST_ALARMS: usize = 20_000;
pub const PEER_ENTRIES: usize = 5_000;

/// The whole path against the bare insert of the same rows, medians of five runs.
pub struct Ingest {
    pub events: usize,
    pub alarms: usize,
    pub whole: Duration,
    /// One prepared INSERT run for each row: the "bare rusqlite insert".
    pub bare: Duration,
    /// The same rows, [`CHUNK`] to a statement, as the sync writes them.
    pub bare_chunked: Duration,
}

/// Rows to a statement in the chunked bare inserts: the sync's own `store::multi_row` size.
pub const CHUNK: usize = 64;

/// The same Atom feed by `anjian sync --once` and by newsboat (None: newsboat is missing).
pub struct Peer {
    pub entries: usize,
    pub bytes: usize,
    pub ours: Duration,
    pub theirs: Option<Duration>,
    /// The feed's alarms inserted bare ([`CHUNK`] rows to a statement, one transaction) into the
    /// same empty schema and added to its search index, parsed beforehand: the least a program
    /// storing them there is known to take.
    pub floor: Duration,
    /// The least a whole sync of the feed could take with no reading at all: the store opened,
    /// the HTTP client built and the feed fetched, the floor's insert, and the store closed (its
    /// last checkpoint), timed together in this process.
    pub bound: Duration,
}

pub fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

pub fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime")
}

/// The demo office (its units are what monitor alarms name), copied fresh for a run.
pub fn fresh_demo(dir: &Path) -> PathBuf {
    let path = dir.join("office.db");
    let template = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-alarms").join("demo-template.db");
    if !template.exists() {
        std::fs::create_dir_all(template.parent().expect("dir")).expect("dir");
        let (store, _) = anjian::demo::open(&template).expect("demo");
        store.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").expect("checkpoint");
    }
    std::fs::copy(&template, &path).expect("copy");
    std::fs::copy(anjian::store::audit_key::path_for(&template), anjian::store::audit_key::path_for(&path))
        .expect("copy the audit key");
    path
}

fn spec(name: &str, kind: FeedKind, url: String) -> FeedSpec {
    FeedSpec {
        name: name.into(),
        kind,
        url,
        interval: Duration::from_secs(60),
        http: HttpConfig { total_timeout: Duration::from_secs(120), ..HttpConfig::default() },
        level_parameter: None,
        format: Default::default(),
        level_words: Vec::new(),
        strict: false,
        give_up_after: std::time::Duration::from_secs(86_400),
    }
}

pub fn ingest_comparison() -> Ingest {
    let rt = rt();
    let up = Upstream::seeded(3, anjian::domain::time::now(), 0, INGEST_ALARMS);
    let rows: Vec<Incoming> = {
        let page = anjian::upstream::monitor::parse(up.page(None, usize::MAX).to_string().as_bytes()).expect("page");
        page.alarms
            .into_iter()
            .filter_map(|(a, _)| a.ok())
            .map(|a| anjian::sync::incoming::from_monitor("m", &a))
            .collect()
    };
    // The rows the store ends with: one per raise (a clear updates its row).
    let events = rows.len();
    let rows: Vec<Incoming> = rows.into_iter().filter(|a| a.kind == alarms::Kind::Alert).collect();
    let f = rt
        .block_on(fixture::start("127.0.0.1:0".parse().expect("addr"), up, Mode::Ok, Duration::ZERO))
        .expect("fixture");
    let (mut whole, mut bare, mut chunked) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..5 {
        let dir = tempfile::tempdir().expect("tmp");
        let db = fresh_demo(dir.path());
        let engine = Engine::with_store(Store::open(&db).expect("open"), "bench:1".into(), "zh");
        let s = spec("m", FeedKind::Monitor, format!("{}/monitor/alarms", f.base()));
        let t = Instant::now();
        let reports = rt.block_on(anjian::sync::run::once(&engine, &[s]));
        whole.push(t.elapsed());
        assert!(reports.iter().all(|r| r.reached()), "{reports:?}");

        let head = "INSERT INTO alarm (dedup_key, feed, source, msg_status, level, status, headline, event, sent,
                                       unit_id, first_seen, last_seen) VALUES ";
        let row = "(?, 'm', 'monitor', 'Actual', ?, 'new', ?, ?, ?, (SELECT id FROM unit WHERE uscc = ?), ?, ?)";
        let bind = |stmt: &mut rusqlite::Statement<'_>, at: usize, a: &Incoming| {
            let text = [&a.dedup_key, a.level.code(), &a.headline, &a.event, &a.sent];
            for (i, v) in text.into_iter().enumerate() {
                stmt.raw_bind_parameter(at + i, v)?;
            }
            stmt.raw_bind_parameter(at + 5, &a.unit_uscc)?;
            stmt.raw_bind_parameter(at + 6, &a.sent)?;
            stmt.raw_bind_parameter(at + 7, &a.sent)?;
            Ok(at + 8)
        };
        for (chunk, times) in [(1, &mut bare), (CHUNK, &mut chunked)] {
            let dir = tempfile::tempdir().expect("tmp");
            let mut store = Store::open(&fresh_demo(dir.path())).expect("open");
            // The connection as the sync's is (its page cache, and a checkpoint every 4,000 pages
            // of log inside the commit that crosses it): the same work as the sync's for the same
            // rows.
            anjian::store::bulk::sync_writer(&store).expect("the sync's settings");
            times.push(timed_bare_insert(&mut store, (head, row), (chunk, SearchIndex::Left), &rows, bind));
        }
    }
    Ingest { events, alarms: rows.len(), whole: median(whole), bare: median(bare), bare_chunked: median(chunked) }
}

pub fn peer_comparison() -> Peer {
    let rt = rt();
    let mut up = Upstream::seeded(5, anjian::domain::time::now(), PEER_ENTRIES, 0);
    up.embed_all();
    let feed_body = up.atom("http://127.0.0.1").into_bytes();
    let bytes = feed_body.len();
    let f = rt
        .block_on(fixture::start("127.0.0.1:0".parse().expect("addr"), up, Mode::Ok, Duration::ZERO))
        .expect("fixture");
    let url = format!("{}/cap/index.atom", f.base());
    let mut ours = Vec::new();
    for _ in 0..5 {
        let dir = tempfile::tempdir().expect("tmp");
        let db = dir.path().join("a.db");
        drop(Store::open(&db).expect("create"));
        let cfg = dir.path().join("c.toml");
        std::fs::write(&cfg, format!("[[feeds]]\nname = \"cap\"\nkind = \"cap\"\nurl = \"{url}\"\n")).expect("cfg");
        let t = Instant::now();
        let out = Command::new(env!("CARGO_BIN_EXE_anjian"))
            .arg("--db")
            .arg(&db)
            .arg("--config")
            .arg(&cfg)
            .args(["sync", "--once"])
            .output()
            .expect("anjian");
        ours.push(t.elapsed());
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
        let n: i64 = rusqlite::Connection::open(&db)
            .expect("open")
            .query_row("SELECT count(*) FROM alarm", [], |r| r.get(0))
            .expect("count");
        assert_eq!(n as usize, PEER_ENTRIES);
    }
    let ours = median(ours);
    let (floor, bound) = bare_cap_insert(&rt, &feed_body, &url);
    if Command::new("newsboat").arg("-v").output().is_err() {
        eprintln!("SKIPPED: newsboat is not installed (apt-get install newsboat); no peer figure");
        return Peer { entries: PEER_ENTRIES, bytes, ours, theirs: None, floor, bound };
    }
    let mut theirs = Vec::new();
    for _ in 0..5 {
        let dir = tempfile::tempdir().expect("tmp");
        let urls = dir.path().join("urls");
        std::fs::write(&urls, format!("{url}\n")).expect("urls");
        let conf = dir.path().join("config");
        std::fs::write(&conf, "").expect("config");
        let cache = dir.path().join("cache.db");
        let t = Instant::now();
        let out = Command::new("newsboat")
            .args(["-x", "reload", "-u"])
            .arg(&urls)
            .arg("-c")
            .arg(&cache)
            .arg("-C")
            .arg(&conf)
            .env("HOME", dir.path())
            .output()
            .expect("newsboat");
        theirs.push(t.elapsed());
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let n: i64 = rusqlite::Connection::open(&cache)
            .expect("open")
            .query_row("SELECT count(*) FROM rss_item", [], |r| r.get(0))
            .expect("count");
        assert_eq!(n as usize, PEER_ENTRIES, "newsboat stored every entry");
    }
    Peer { entries: PEER_ENTRIES, bytes, ours, theirs: Some(median(theirs)), floor, bound }
}

/// The feed's alarms, parsed beforehand, inserted [`CHUNK`] to a statement in one transaction
/// into a new store (every index and trigger of the schema), then added to the search index as
/// the sync adds them; and the [`Peer::bound`] around each insert (open, fetch from `url`,
/// insert, close). Medians of five.
fn bare_cap_insert(rt: &tokio::runtime::Runtime, body: &[u8], url: &str) -> (Duration, Duration) {
    let feed = anjian::upstream::feed::parse(body).expect("the peer's feed");
    let rows: Vec<Incoming> = feed
        .entries
        .into_iter()
        .filter_map(|e| e.ok()?.alert?.ok())
        .map(|a| anjian::sync::incoming::from_cap_noted(&a, "zh", None, &[]).0)
        .collect();
    assert_eq!(rows.len(), PEER_ENTRIES, "every entry carries its alert");
    let head = "INSERT INTO alarm (dedup_key, feed, source, msg_status, level, status, headline, event, language,
                                   description, instruction, area, sender, sent, expires, first_seen, last_seen) VALUES ";
    let row = "(?, 'cap', 'cap', 'Actual', ?, 'new', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    let (mut times, mut bounds) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("floor.db");
        // Created beforehand, as the sync's store is.
        drop(Store::open(&path).expect("create"));
        let whole = Instant::now();
        // A new store with SQLite's own settings: no checkpoint falls inside the commit.
        let mut store = Store::open(&path).expect("open");
        let client = anjian::upstream::http::Client::new(HttpConfig::default()).expect("client");
        match rt.block_on(client.get(url, &Default::default())).expect("the feed") {
            anjian::upstream::http::Fetched::Body { bytes, .. } => assert_eq!(bytes.len(), body.len()),
            anjian::upstream::http::Fetched::NotModified => panic!("the feed answered 304 to a plain GET"),
        }
        times.push(timed_bare_insert(&mut store, (head, row), (CHUNK, SearchIndex::Added), &rows, |stmt, at, a| {
            let text = [
                &a.dedup_key,
                a.level.code(),
                &a.headline,
                &a.event,
                &a.language,
                &a.description,
                &a.instruction,
                &a.area,
                &a.sender,
                &a.sent,
            ];
            for (i, v) in text.into_iter().enumerate() {
                stmt.raw_bind_parameter(at + i, v)?;
            }
            stmt.raw_bind_parameter(at + 10, &a.expires)?;
            stmt.raw_bind_parameter(at + 11, &a.sent)?;
            stmt.raw_bind_parameter(at + 12, &a.sent)?;
            Ok(at + 13)
        }));
        drop(store);
        bounds.push(whole.elapsed());
    }
    (median(times), median(bounds))
}

/// Whether a bare insert also adds its rows to the alarms' search index.
#[derive(Clone, Copy, PartialEq)]
enum SearchIndex {
    /// The rows in the table and its indexes only: the "bare rusqlite insert".
    Left,
    /// Then the one statement the sync adds a batch's new alarms to the search index with
    /// (`store::alarms::index_new`): no trigger does it (migration 013), and an alarm missing
    /// from it is missing from every search, so a program storing alarms into this schema has
    /// to.
    Added,
}

/// `rows` inserted `chunk` to a statement (`head` then `row` repeated) in one transaction on
/// `store`, timed; `bind` binds a row's parameters from the index given and answers the next.
fn timed_bare_insert(
    store: &mut Store,
    (head, row): (&str, &str),
    (chunk, search): (usize, SearchIndex),
    rows: &[Incoming],
    bind: impl Fn(&mut rusqlite::Statement<'_>, usize, &Incoming) -> rusqlite::Result<usize>,
) -> Duration {
    let sql = |n: usize| format!("{head}{}", vec![row; n].join(", "));
    let run = |stmt: &mut rusqlite::Statement<'_>, part: &[Incoming]| -> rusqlite::Result<()> {
        let mut at = 1;
        for a in part {
            at = bind(stmt, at, a)?;
        }
        stmt.raw_execute().map(|_| ())
    };
    let t = Instant::now();
    store
        .write("bench", |w| {
            // Prepared once, as a bare insert is; the one short chunk at the end on its own.
            let last_before = match search {
                SearchIndex::Added => alarms::last_id(w)?,
                SearchIndex::Left => 0,
            };
            let mut full = w.tx.prepare(&sql(chunk))?;
            for part in rows.chunks(chunk) {
                if part.len() == chunk {
                    run(&mut full, part)?;
                } else {
                    run(&mut w.tx.prepare(&sql(part.len()))?, part)?;
                }
            }
            drop(full);
            if search == SearchIndex::Added {
                alarms::index_new(w, last_before)?;
            }
            Ok(())
        })
        .expect("bare insert");
    t.elapsed()
}

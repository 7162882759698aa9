//! Open311 intake against the fixture platform on loopback: windows and pages, JSON and XML,
//! updates applied in place (never a second row), ids with their leading zeros, and the
//! fixture's own output valid against the GeoReport v2 JSON Schema in ../shared/real-samples.

mod common;

use anjian::config::FeedKind;
use anjian::fixture::{self, Fixture, Mode, Upstream};
use anjian::store::Store;
use anjian::sync::engine::{Engine, FeedSpec};
use anjian::sync::run;
use anjian::upstream::http::HttpConfig;
use anjian::upstream::open311::Format;
use serde_json::Value;
use std::path::Path;
use std::time::Duration;

fn spec(f: &Fixture, format: Format) -> FeedSpec {
    FeedSpec {
        name: "12345平台".into(),
        kind: FeedKind::Open311,
        url: format!("{}/open311/v2", f.base()),
        interval: Duration::from_secs(60),
        http: HttpConfig { retries: 0, ..HttpConfig::default() },
        level_parameter: None,
        format,
        level_words: Vec::new(),
        strict: false,
        give_up_after: Duration::from_secs(86_400),
    }
}

async fn fixture() -> Fixture {
    let up = Upstream::seeded(21, anjian::domain::time::now(), 2, 5);
    fixture::start("127.0.0.1:0".parse().expect("addr"), up, Mode::Ok, Duration::ZERO).await.expect("fixture")
}

/// (id, upstream status) of every tip-off the feed brought, sorted.
fn stored(s: &Store) -> Vec<(String, String)> {
    let mut stmt = s
        .conn()
        .prepare(
            "SELECT upstream_id, upstream_status FROM tipoff WHERE upstream_feed = '12345平台' ORDER BY upstream_id",
        )
        .expect("q");
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).expect("rows").collect::<Result<_, _>>().expect("collect")
}

/// What the platform holds within the last 89 days (the first round reads 90).
fn upstream(f: &Fixture) -> Vec<(String, String)> {
    let u = f.shared.upstream.lock().expect("upstream");
    let since = anjian::domain::time::now() - chrono::Duration::days(89);
    let mut v: Vec<(String, String)> = u
        .open311
        .requests
        .iter()
        .filter(|r| r.requested >= since)
        .map(|r| (r.id.clone(), r.status.to_string()))
        .collect();
    v.sort();
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_and_xml_rounds_upsert_in_place_and_keep_leading_zeros() {
    for format in [Format::Json, Format::Xml] {
        let demo = common::demo_copy();
        let f = fixture().await;
        let engine = Engine::with_store(common::open(&demo.path), "test:1".into(), "zh");
        let specs = [spec(&f, format)];
        let r = run::once(&engine, &specs).await;
        assert!(r.iter().all(|r| r.reached()), "{format:?}: {r:?}");
        let line = run::describe(&r[0], anjian::i18n::Lang::En);
        assert!(line.contains(" new tip-off(s), 0 updated"), "{line}");
        let check = common::open(&demo.path);
        let first = stored(&check);
        assert!(first.len() >= 40, "{format:?}: {}", first.len());
        assert!(first.iter().all(|(id, _)| id.starts_with("00")), "ids keep their leading zeros");
        let want = upstream(&f);
        assert!(want.iter().all(|w| first.contains(w)), "{format:?}: every recent request is a tip-off");

        // Again: nothing new, nothing duplicated.
        run::once(&engine, &specs).await;
        assert_eq!(stored(&check), first);

        // The platform moves: new requests and status updates (closed with a note), enough of
        // them that the window takes several pages of 100.
        {
            let mut u = f.shared.upstream.lock().expect("up");
            u.burst_open311(300, anjian::domain::time::now());
        }
        let r = run::once(&engine, &specs).await;
        assert!(r.iter().all(|r| r.reached()), "{r:?}");
        let anjian::sync::engine::Outcome::Tipoffs { pages, batch } = &r[0].outcome else { panic!("{r:?}") };
        assert!(*pages >= 3 && batch.new > 200 && batch.updated > 0, "{format:?}: {pages} pages, {batch:?}");
        let after = stored(&check);
        let want = upstream(&f);
        assert!(want.iter().all(|w| after.contains(w)), "{format:?}: updates applied, new ones added");
        let dupes: i64 = check
            .conn()
            .query_row(
                "SELECT count(*) - count(DISTINCT upstream_id) FROM tipoff WHERE upstream_feed = '12345平台'",
                [],
                |r| r.get(0),
            )
            .expect("dupes");
        assert_eq!(dupes, 0);
        let timeline: i64 = check
            .conn()
            .query_row("SELECT count(*) FROM tipoff_event WHERE kind = 'upstream'", [], |r| r.get(0))
            .expect("events");
        assert!(timeline > 0, "an update shows in the item's timeline");
        let reporters: i64 = check
            .conn()
            .query_row(
                "SELECT count(*) FROM tipoff WHERE upstream_feed = '12345平台' AND reporter_name IS NOT NULL",
                [],
                |r| r.get(0),
            )
            .expect("reporters");
        assert_eq!(reporters, 0, "the platform's requests carry no reporter identity");
    }
}

/// A small JSON Schema check for what the GeoReport v2 schema uses: type, anyOf, enum, required,
/// properties, items with a file $ref, maxLength and format date-time.
fn validate(v: &Value, schema: &Value, dir: &Path, at: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let s: Value = serde_json::from_str(&std::fs::read_to_string(dir.join(r)).expect("ref")).expect("schema");
        return validate(v, &s, dir, at);
    }
    if let Some(any) = schema.get("anyOf").and_then(Value::as_array) {
        if !any.iter().any(|s| validate(v, s, dir, at).is_empty()) {
            errs.push(format!("{at}: {v} matches none of anyOf"));
        }
        return errs;
    }
    if let Some(t) = schema.get("type").and_then(Value::as_str) {
        let ok = match t {
            "string" => v.is_string(),
            "number" => v.is_number(),
            "boolean" => v.is_boolean(),
            "null" => v.is_null(),
            "array" => v.is_array(),
            "object" => v.is_object(),
            _ => true,
        };
        if !ok {
            errs.push(format!("{at}: {v} is not {t}"));
            return errs;
        }
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array)
        && !e.contains(v)
    {
        errs.push(format!("{at}: {v} not in enum"));
    }
    if let (Some(max), Some(s)) = (schema.get("maxLength").and_then(Value::as_u64), v.as_str())
        && s.chars().count() as u64 > max
    {
        errs.push(format!("{at}: longer than {max}"));
    }
    if schema.get("format").and_then(Value::as_str) == Some("date-time")
        && let Some(s) = v.as_str()
        && chrono::DateTime::parse_from_rfc3339(s).is_err()
    {
        errs.push(format!("{at}: {s} is not a date-time"));
    }
    if let Some(items) = schema.get("items")
        && let Some(a) = v.as_array()
    {
        for (i, x) in a.iter().enumerate() {
            errs.extend(validate(x, items, dir, &format!("{at}[{i}]")));
        }
    }
    if let (Some(req), Some(o)) = (schema.get("required").and_then(Value::as_array), v.as_object()) {
        for k in req.iter().filter_map(Value::as_str) {
            if !o.contains_key(k) {
                errs.push(format!("{at}: {k} is required"));
            }
        }
    }
    if let (Some(props), Some(o)) = (schema.get("properties").and_then(Value::as_object), v.as_object()) {
        for (k, s) in props {
            if let Some(x) = o.get(k) {
                errs.extend(validate(x, s, dir, &format!("{at}.{k}")));
            }
        }
    }
    errs
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_fixture_platform_speaks_valid_georeport_v2() {
    let Some(root) = common::real_samples() else { return };
    let dir = root.join("open311/schema");
    let f = fixture().await;
    let client = anjian::upstream::http::Client::new(HttpConfig::default()).expect("client");
    let get = |path: String| {
        let c = client.clone();
        async move {
            match c.get(&path, &Default::default()).await.expect("get") {
                anjian::upstream::http::Fetched::Body { bytes, .. } => {
                    serde_json::from_slice::<Value>(&bytes).expect("json")
                }
                other => panic!("{other:?}"),
            }
        }
    };
    let schema = |name: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(dir.join(name)).expect("schema")).expect("json")
    };
    let services = get(format!("{}/open311/v2/services.json", f.base())).await;
    let errs = validate(&services, &schema("services.json"), &dir, "services");
    assert!(errs.is_empty(), "{errs:?}");
    let requests = get(format!("{}/open311/v2/requests.json?page_size=1000", f.base())).await;
    assert!(requests.as_array().is_some_and(|a| a.len() >= 60));
    let errs = validate(&requests, &schema("requests.json"), &dir, "requests");
    assert!(errs.is_empty(), "{errs:?}");
    // The validator itself refuses what the schema refuses.
    let bad = serde_json::json!([{"service_request_id": 5, "status": "pending", "service_code": "001"}]);
    assert_eq!(validate(&bad, &schema("requests.json"), &dir, "r").len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_error_document_becomes_a_clear_feed_error() {
    let demo = common::demo_copy();
    let f = fixture().await;
    let engine = Engine::with_store(common::open(&demo.path), "test:1".into(), "zh");
    let mut s = spec(&f, Format::Xml);
    s.url = format!("{}/open311/denied", f.base());
    let r = run::once(&engine, &[s]).await;
    let anjian::sync::engine::Outcome::Failed(text) = &r[0].outcome else { panic!("{r:?}") };
    assert!(text.ends_with("HTTP 403: the server reports an error 403: Invalid api_key received"), "{text}");
    let health = anjian::store::feeds::health(common::open(&demo.path).conn()).expect("health");
    assert!(health.iter().any(|h| h.last_error.as_deref() == Some(text.as_str())));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_without_paging_is_read_once_per_window_not_forever() {
    let demo = common::demo_copy();
    let f = fixture().await;
    {
        let mut u = f.shared.upstream.lock().expect("up");
        u.burst_open311(300, anjian::domain::time::now());
    }
    let engine = Engine::with_store(common::open(&demo.path), "test:1".into(), "zh");
    let mut s = spec(&f, Format::Json);
    s.url = format!("{}/open311/nopaging", f.base());
    let r = run::once(&engine, &[s]).await;
    let anjian::sync::engine::Outcome::Tipoffs { pages, .. } = &r[0].outcome else { panic!("{r:?}") };
    assert_eq!(*pages, 2, "the second page repeats the first, and reading stops");
    let want = upstream(&f);
    let got = stored(&common::open(&demo.path));
    assert!(want.iter().all(|w| got.contains(w)), "everything arrived in the one page");
}

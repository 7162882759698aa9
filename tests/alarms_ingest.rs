//! The alarm store as the sync engine will drive it: dedup, re-trigger after resolution, CAP
//! Update/Cancel chains, non-Actual messages, clearing, quarantine, and the batch written together
//! with the feed cursor (all or nothing).

mod common;

use anjian::domain::OperatorRole;
use anjian::domain::alarm::AlarmStatus;
use anjian::store::alarms::{self, Incoming, Quarantined};
use anjian::store::{Store, StoreError};
use anjian::sync::incoming::{from_cap, from_monitor};
use anjian::upstream::{cap, monitor};

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut s = Store::open(&dir.path().join("a.db")).expect("open");
    s.write("sync", |w| {
        alarms::ensure_feed(w, "weather", "cap", "http://127.0.0.1/cap/index.atom")?;
        alarms::ensure_feed(w, "gas", "monitor", "http://127.0.0.1/monitor/alarms")
    })
    .expect("feeds");
    (dir, s)
}

fn cap_doc(id: &str, msg_type: &str, refs: &str, status: &str) -> Incoming {
    let references = if refs.is_empty() { String::new() } else { format!("<references>{refs}</references>") };
    let doc = format!(
        r#"<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>{id}</identifier><sender>qx@zj</sender>
        <sent>2026-11-23T08:00:00+08:00</sent><status>{status}</status><msgType>{msg_type}</msgType><scope>Public</scope>{references}
        <info><language>zh-CN</language><category>Met</category><event>暴雨</event><urgency>Expected</urgency>
        <severity>Severe</severity><certainty>Likely</certainty><headline>暴雨橙色预警</headline>
        <expires>2026-11-24T08:00:00+08:00</expires><area><areaDesc>云溪街道</areaDesc></area></info></alert>"#
    );
    from_cap(&cap::parse(doc.as_bytes()).expect("valid CAP"), "zh", None)
}

fn rows(s: &Store) -> Vec<(String, String, i64, String)> {
    s.conn()
        .prepare("SELECT dedup_key, status, count, msg_status FROM alarm ORDER BY id")
        .expect("q")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows")
}

fn ingest(s: &mut Store, feed: &str, batch: Vec<Incoming>, cursor: Option<&str>) {
    s.write("sync", |w| alarms::ingest(w, feed, &batch, &[], cursor)).expect("ingest");
}

#[test]
fn a_repeat_raises_the_count_and_a_cap_message_fetched_again_adds_nothing() {
    let (_d, mut s) = store();
    ingest(&mut s, "weather", vec![cap_doc("A1", "Alert", "", "Actual")], Some("e1"));
    ingest(&mut s, "weather", vec![cap_doc("A1", "Alert", "", "Actual")], Some("e2"));
    assert_eq!(rows(&s), [("qx@zj,A1".to_string(), "new".to_string(), 2, "Actual".to_string())]);
    // Resolved by the duty officer, then the index lists it again: still the same message.
    s.write("王值班", |w| {
        alarms::transition(w, 1, 1, AlarmStatus::Resolved, OperatorRole::Duty, "已处置")
            .map_err(|e| StoreError::NotFound { entity: e, record: String::new() })
    })
    .expect("resolve");
    ingest(&mut s, "weather", vec![cap_doc("A1", "Alert", "", "Actual")], Some("e3"));
    assert_eq!(rows(&s).len(), 1);
    assert_eq!(alarms::cursor(s.conn(), "weather").expect("cursor").as_deref(), Some("e3"));
}

#[test]
fn a_monitor_alarm_raised_again_after_resolution_opens_a_new_alarm_and_clearing_resolves() {
    let (_d, mut s) = store();
    let page = |raised: &str, cleared: &str| {
        let cleared = if cleared.is_empty() { "null".to_string() } else { format!("\"{cleared}\"") };
        let json = format!(
            r#"{{"next_cursor":"c","alarms":[{{"id":"g1","uscc":"91350100M000100Y43","kind":"gas","level":"red","value":38,"threshold":25,
            "unit":"%LEL","raised_at":"{raised}","cleared_at":{cleared}}}]}}"#
        );
        let p = monitor::parse(json.as_bytes()).expect("page");
        p.alarms.iter().map(|(a, _)| from_monitor("gas", a.as_ref().expect("valid"))).collect::<Vec<_>>()
    };
    ingest(&mut s, "gas", page("2026-11-23T09:00:00+08:00", ""), Some("c1"));
    ingest(&mut s, "gas", page("2026-11-23T09:00:00+08:00", ""), Some("c2"));
    assert_eq!(rows(&s).iter().map(|r| (r.1.as_str(), r.2)).collect::<Vec<_>>(), [("new", 2)]);
    ingest(&mut s, "gas", page("2026-11-23T09:00:00+08:00", "2026-11-23T09:20:00+08:00"), Some("c3"));
    assert_eq!(rows(&s).iter().map(|r| r.1.as_str()).collect::<Vec<_>>(), ["resolved"], "cleared upstream");
    ingest(&mut s, "gas", page("2026-11-23T11:00:00+08:00", ""), Some("c4"));
    assert_eq!(
        rows(&s).iter().map(|r| r.1.as_str()).collect::<Vec<_>>(),
        ["resolved", "new"],
        "a new trigger, a new alarm"
    );
}

#[test]
fn update_and_cancel_close_what_they_reference() {
    let (_d, mut s) = store();
    ingest(&mut s, "weather", vec![cap_doc("A1", "Alert", "", "Actual")], None);
    ingest(&mut s, "weather", vec![cap_doc("U1", "Update", "qx@zj,A1,2026-11-23T08:00:00+08:00", "Actual")], None);
    ingest(&mut s, "weather", vec![cap_doc("C1", "Cancel", "qx@zj,U1,2026-11-23T08:00:00+08:00", "Actual")], None);
    let r = rows(&s);
    assert_eq!(
        r.iter().map(|x| (x.0.as_str(), x.1.as_str())).collect::<Vec<_>>(),
        [("qx@zj,A1", "cancelled"), ("qx@zj,U1", "cancelled")]
    );
    let notes: Vec<String> = s
        .conn()
        .prepare("SELECT close_note FROM alarm ORDER BY id")
        .expect("q")
        .query_map([], |r| r.get(0))
        .expect("r")
        .collect::<Result<_, _>>()
        .expect("n");
    assert_eq!(notes, ["replaced by an update", "cancelled by the sender"]);
    let refs: String =
        s.conn().query_row("SELECT refs FROM alarm WHERE dedup_key = 'qx@zj,U1'", [], |r| r.get(0)).expect("refs");
    assert_eq!(refs, "qx@zj,A1", "the references chain is kept");
}

#[test]
fn non_actual_messages_are_stored_and_marked() {
    let (_d, mut s) = store();
    ingest(&mut s, "weather", vec![cap_doc("T1", "Alert", "", "Test"), cap_doc("X1", "Alert", "", "Exercise")], None);
    assert_eq!(rows(&s).iter().map(|r| r.3.as_str()).collect::<Vec<_>>(), ["Test", "Exercise"]);
}

#[test]
fn a_failed_batch_leaves_no_alarm_and_the_old_cursor() {
    let (_d, mut s) = store();
    ingest(&mut s, "weather", vec![cap_doc("A1", "Alert", "", "Actual")], Some("e1"));
    let bad = vec![Quarantined { error: "alert/scope: missing".into(), raw: b"<alert>...".to_vec() }];
    let r = s.write("sync", |w| {
        alarms::ingest(w, "weather", &[cap_doc("A2", "Alert", "", "Actual")], &bad, Some("e2"))?;
        // Anything failing later in the same transaction (disk full, a crash) takes the batch with it.
        Err::<(), _>(StoreError::NotFound { entity: "simulated failure".into(), record: String::new() })
    });
    assert!(r.is_err());
    assert_eq!(rows(&s).len(), 1);
    assert_eq!(alarms::cursor(s.conn(), "weather").expect("cursor").as_deref(), Some("e1"));
    // The same batch again, this time committed: the quarantined bytes are kept with the error.
    s.write("sync", |w| alarms::ingest(w, "weather", &[cap_doc("A2", "Alert", "", "Actual")], &bad, Some("e2")))
        .expect("ingest");
    let (err, raw): (String, Vec<u8>) =
        s.conn().query_row("SELECT error, raw FROM quarantine", [], |r| Ok((r.get(0)?, r.get(1)?))).expect("row");
    assert_eq!((err.as_str(), raw.as_slice()), ("alert/scope: missing", b"<alert>...".as_slice()));
    let (items, quarantined): (i64, i64) = s
        .conn()
        .query_row("SELECT items, quarantined FROM feed WHERE name = 'weather'", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("health");
    assert_eq!((items, quarantined), (2, 1));
}

#[test]
fn every_real_cap_sample_ingests_once_and_again_adds_nothing() {
    let Some(dir) = common::real_samples() else { return };
    let (_d, mut s) = store();
    let mut batch = Vec::new();
    for entry in std::fs::read_dir(dir.join("cap/valid")).expect("dir") {
        let bytes = std::fs::read(entry.expect("entry").path()).expect("read");
        batch.push(from_cap(&cap::parse(&bytes).expect("valid sample"), "en", None));
    }
    let alerts = batch.iter().filter(|a| a.kind != anjian::store::alarms::Kind::Cancel).count();
    ingest(&mut s, "weather", batch.clone(), Some("1"));
    let first = rows(&s).len();
    assert!(first > 0 && first <= alerts, "{first} rows for {alerts} non-cancel messages");
    ingest(&mut s, "weather", batch, Some("2"));
    assert_eq!(rows(&s).len(), first, "re-ingesting the same documents adds no row");
}

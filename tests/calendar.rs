//! `export deadlines --format ics`: the Deadlines list as a calendar an officer subscribes to.
//! Read back with an iCalendar parser and checked against RFC 5545's rules that calendar apps
//! enforce (CRLF lines of at most 75 octets, a VTIMEZONE for the TZID used, UID/DTSTAMP/DTSTART on
//! every event); the UIDs stay the same from one export to the next, a moved deadline keeps its
//! event, and an officer's calendar holds only their grids' items.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::process::{Command, Output};

fn anjian(db: &std::path::Path, args: &[&str]) -> Output {
    Command::new(common::bin()).arg("--db").arg(db).arg("--lang").arg("zh").args(args).output().expect("run")
}

/// The events of a calendar: UID → (DTSTART with its parameters, SUMMARY, the alarm's trigger).
fn events(ics: &str) -> BTreeMap<String, (String, String, String)> {
    for line in ics.split("\r\n").filter(|l| !l.is_empty()) {
        assert!(line.len() <= 75, "a line over 75 octets: {line}");
    }
    assert!(ics.ends_with("\r\n") && !ics.replace("\r\n", "").contains('\n'), "every line ends in CRLF");
    let unfolded = icalendar::parser::unfold(ics);
    assert!(unfolded.starts_with("BEGIN:VCALENDAR\r\n") && unfolded.ends_with("END:VCALENDAR\r\n"));
    // The parser reads the VCALENDAR's own properties and the components inside it.
    let cal = icalendar::parser::read_calendar(&unfolded).expect("an iCalendar file");
    let value = |props: &[icalendar::parser::Property<'_>], name: &str| {
        props.iter().find(|p| p.name == name).map(|p| {
            let params: Vec<String> = p
                .params
                .iter()
                .map(|x| format!("{}={}", x.key, x.val.as_ref().map(|v| v.as_str()).unwrap_or("")))
                .collect();
            if params.is_empty() { p.val.to_string() } else { format!("{};{}", params.join(";"), p.val) }
        })
    };
    let prop = |c: &icalendar::parser::Component<'_>, name: &str| value(&c.properties, name);
    assert_eq!(value(&cal.properties, "VERSION").as_deref(), Some("2.0"));
    assert!(
        cal.components.iter().any(|c| c.name == "VTIMEZONE" && prop(c, "TZID").as_deref() == Some("Asia/Shanghai"))
    );
    assert!(cal.components.iter().all(|c| c.name == "VTIMEZONE" || c.name == "VEVENT"), "events and their zone only");
    let mut out = BTreeMap::new();
    for e in cal.components.iter().filter(|c| c.name == "VEVENT") {
        let uid = prop(e, "UID").expect("UID");
        assert!(prop(e, "DTSTAMP").is_some_and(|s| s.ends_with('Z')), "DTSTAMP in UTC");
        let alarm = e.components.iter().find(|c| c.name == "VALARM").expect("a reminder");
        let trigger = prop(alarm, "TRIGGER").expect("trigger");
        let start = prop(e, "DTSTART").expect("DTSTART");
        let summary = prop(e, "SUMMARY").expect("SUMMARY");
        assert!(out.insert(uid.clone(), (start, summary, trigger)).is_none(), "UID {uid} twice");
    }
    out
}

fn export(db: &std::path::Path, extra: &[&str]) -> String {
    let mut args = vec!["export", "deadlines", "--format", "ics"];
    args.extend_from_slice(extra);
    let o = anjian(db, &args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).expect("utf-8")
}

#[test]
fn the_deadlines_calendar_validates_keeps_its_uids_and_follows_a_moved_deadline() {
    let demo = common::demo_copy();
    let db = &demo.path;
    let first = events(&export(db, &[]));
    let csv = anjian(db, &["export", "deadlines"]);
    let rows = String::from_utf8_lossy(&csv.stdout).lines().count() - 1;
    assert_eq!(first.len(), rows, "one event per item of the list");
    assert!(first.len() > 100, "the demo's list: {}", first.len());
    for (uid, (start, summary, trigger)) in &first {
        assert!(start.starts_with("TZID=Asia/Shanghai;") && start.ends_with("T090000"), "{uid}: {start}");
        assert_eq!(trigger, "-P1D", "{uid}: the day before");
        assert!(summary.contains('：'), "{uid}: kind and title: {summary}");
    }
    // Exported again: the same events under the same UIDs.
    let again = events(&export(db, &[]));
    assert_eq!(first.keys().collect::<Vec<_>>(), again.keys().collect::<Vec<_>>());
    // A hazard's deadline extended: its event moves, its UID stays.
    let hazard: (i64, String) = rusqlite::Connection::open(db)
        .expect("open")
        .query_row(
            "SELECT id, deadline FROM hazard WHERE status <> 'closed' AND deadline > '2026-12-01' ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("an open hazard");
    let uid = first.keys().find(|u| u.starts_with(&format!("hazard-{}@", hazard.0))).expect("its event").clone();
    rusqlite::Connection::open(db)
        .expect("open")
        .execute("UPDATE hazard SET deadline = '2027-01-20' WHERE id = ?1", [hazard.0])
        .expect("extend");
    let moved = events(&export(db, &[]));
    assert_eq!(moved.len(), first.len());
    assert!(first[&uid].0.ends_with(&format!("{}T090000", hazard.1.replace('-', ""))));
    assert!(moved[&uid].0.ends_with("20270120T090000"), "{:?}", moved[&uid]);
}

#[test]
fn an_officer_gets_their_own_grids_items_and_bad_requests_are_named() {
    let demo = common::demo_copy();
    let db = &demo.path;
    let all: BTreeSet<String> = events(&export(db, &[])).into_keys().collect();
    let officer: String = rusqlite::Connection::open(db)
        .expect("open")
        .query_row(
            "SELECT o.name FROM officer o JOIN officer_grid og ON og.officer_id = o.id GROUP BY o.id ORDER BY o.id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("an officer with grids");
    let ics = export(db, &["--officer", &officer]);
    assert!(ics.contains(&format!("X-WR-CALNAME:云溪街道 {officer} 到期事项")), "named for the officer");
    let own: BTreeSet<String> = events(&ics).into_keys().collect();
    assert!(!own.is_empty() && own.len() < all.len(), "{} of {}", own.len(), all.len());
    assert!(own.is_subset(&all), "the same events under the same UIDs");
    // Only units of the officer's grids: no office-wide report or plan item.
    assert!(own.iter().all(|u| !u.starts_with("monthly_report") && !u.starts_with("plan_measure")), "{own:?}");
    let o = anjian(db, &["export", "deadlines", "--format", "ics", "--officer", "无此人"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("--officer 无此人: no officer of that name"));
    let o = anjian(db, &["export", "units", "--format", "ics"]);
    assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains("--format ics is for deadlines only"));
}

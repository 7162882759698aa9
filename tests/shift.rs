//! Through a shift by keys, on the demo office (headless): actions fall on the record the officer
//! reads even when alarms arrive meanwhile, a record that went away is said, what was done is said
//! in the operator's language and then clears itself, an error stays until Esc, and Esc clears a
//! search confirmed with Enter.

mod common;

use anjian::i18n::Lang;
use anjian::store::alarms;
use anjian::sync::incoming::from_monitor;
use anjian::tui::app::Msg;
use anjian::tui::headless::Headless;
use anjian::upstream::monitor;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

/// A red gas alarm at the first unit, newer than any (the Alarms list is newest first).
fn arrive(h: &mut Headless, id: &str) {
    let newest: String = h.store().conn().query_row("SELECT max(sent) FROM alarm", [], |r| r.get(0)).expect("sent");
    let at =
        (chrono::DateTime::parse_from_rfc3339(&newest).expect("a time") + chrono::Duration::minutes(1)).to_rfc3339();
    let uscc: String = h
        .store()
        .conn()
        .query_row("SELECT uscc FROM unit WHERE uscc IS NOT NULL ORDER BY id LIMIT 1", [], |r| r.get(0))
        .expect("a unit");
    let page = serde_json::json!({ "next_cursor": id, "alarms": [{
        "id": id, "uscc": uscc, "kind": "gas", "level": "red", "raised_at": at, "cleared_at": null,
        "message": format!("可燃气体浓度超限 {id}")
    }]})
    .to_string();
    let parsed = monitor::parse(page.as_bytes()).expect("parses");
    let batch: Vec<_> = parsed.alarms.iter().map(|(a, _)| from_monitor("shift", a.as_ref().expect("valid"))).collect();
    let mut other = common::open(h.store().path());
    other
        .write("sync", |w| {
            alarms::ensure_feed(w, "shift", "monitor", "http://127.0.0.1/monitor/alarms")?;
            alarms::ingest(w, "shift", &batch, &[], Some(id)).map(|_| ())
        })
        .expect("ingest");
    // What the store worker does when another connection commits.
    h.changed_elsewhere();
}

fn status_of(h: &Headless, id: i64) -> String {
    h.store().conn().query_row("SELECT status FROM alarm WHERE id = ?1", [id], |r| r.get(0)).expect("status")
}

fn tick(h: &mut Headless, seconds: i64) {
    let now = h.app.now + chrono::Duration::seconds(seconds);
    let reqs = h.app.update(Msg::Clock(now.format("%m-%d %H:%M").to_string(), h.app.today, now));
    h.settle(reqs);
}

#[test]
fn an_arriving_alarm_does_not_move_the_action_to_another_alarm() {
    let (_d, mut h) = common::demo_app(Lang::Zh, None, 120, 40);
    h.key(KeyCode::Char('6')).key(KeyCode::Char('j')).key(KeyCode::Char('j'));
    let read = h.app.screens.alarms.selected().cloned().expect("an alarm");
    let row = h.app.screens.alarms.records.list.selected;
    arrive(&mut h, "shift-1");
    assert_eq!(h.app.screens.alarms.records.list.selected, row + 1, "the new red alarm came in above it");
    let newest: i64 = h.store().conn().query_row("SELECT max(id) FROM alarm", [], |r| r.get(0)).expect("the new alarm");
    assert!(
        h.app.screens.alarms.records.list.rows.iter().any(|r| matches!(r,
        anjian::tui::screens::alarms::msg::AlarmItem::Alarm(a) if a.id == newest)),
        "the new alarm is listed"
    );
    assert_eq!(h.app.screens.alarms.selected().map(|a| a.id), Some(read.id), "the cursor stayed on its alarm");
    h.key(KeyCode::Char('a'));
    assert_eq!(status_of(&h, read.id), "acknowledged");
    assert_eq!(status_of(&h, newest), "new", "the alarm that arrived is untouched");
    let said = h.app.status.clone().expect("said");
    assert!(!said.error && said.text.starts_with(&format!("已确认告警 #{}", read.id)), "{said:?}");
    assert!(said.text.contains(read.headline.chars().take(4).collect::<String>().as_str()), "{said:?}");

    // The message clears itself; an error stays until Esc.
    tick(&mut h, 6);
    assert_eq!(h.app.status, None);
    h.key(KeyCode::Char('a'));
    assert!(h.app.status.as_ref().is_some_and(|s| s.error), "acknowledging twice is refused: {:?}", h.app.status);
    let refusal = h.app.status.clone().map(|s| s.text).unwrap_or_default();
    assert_eq!(refusal, format!("#{} 现为“已确认”，不能改为“已确认”", read.id), "said in Chinese");
    tick(&mut h, 30);
    assert!(h.app.status.as_ref().is_some_and(|s| s.error), "an error stays");
    h.key(KeyCode::Esc);
    assert_eq!(h.app.status, None);
}

#[test]
fn an_alarm_handled_elsewhere_is_said_and_nothing_acts_on_a_detail_not_yet_shown() {
    let (_d, mut h) = common::demo_app(Lang::En, None, 120, 40);
    h.key(KeyCode::Char('6')).key(KeyCode::Char('j'));
    let read = h.app.screens.alarms.selected().cloned().expect("an alarm");
    // Another terminal resolves it: the open queue no longer has it.
    let mut other = common::open(h.store().path());
    other
        .write("李四", |w| {
            alarms::transition(
                w,
                read.id,
                read.version,
                anjian::domain::alarm::AlarmStatus::Resolved,
                anjian::domain::OperatorRole::Duty,
                "",
            )
            .map_err(anjian::store::StoreError::Refused)
        })
        .expect("resolved elsewhere");
    h.changed_elsewhere();
    let said = h.app.status.clone().expect("said");
    assert_eq!(said.text, format!("#{} is no longer in this list (handled, moved or filtered out)", read.id));
    // The detail of the row now under the cursor has not come yet: nothing is written.
    let under = h.app.screens.alarms.selected().cloned().expect("a neighbour");
    h.app.screens.alarms.records.detail = None;
    h.key(KeyCode::Char('a'));
    assert_eq!(status_of(&h, under.id), under.status.code(), "nothing acted on a detail not shown");
    assert_eq!(h.app.status.as_ref().map(|s| s.text.as_str()), Some("Loading…"));
}

#[test]
fn saying_what_was_done_and_esc_clearing_a_confirmed_search() {
    let (_d, mut h) = common::demo_app(Lang::Zh, None, 120, 40);
    // An inspection that finds a hazard says both.
    h.key(KeyCode::Char('2')).key(KeyCode::Char('j')).key(KeyCode::Enter).key(KeyCode::Char('j'));
    let unit = h.app.screens.grid.detail.as_ref().map(|d| d.row.name.clone()).expect("a unit");
    h.key(KeyCode::Char('i'));
    h.key(KeyCode::Tab).type_text("张三").key(KeyCode::Tab).type_text("消防通道堵塞").key(KeyCode::Tab);
    h.key(KeyCode::Char(' '));
    h.key_with(KeyCode::Char('s'), KeyModifiers::CONTROL);
    let hazard: i64 = h.store().conn().query_row("SELECT max(id) FROM hazard", [], |r| r.get(0)).expect("hazard");
    let said = h.app.status.clone().expect("said");
    assert_eq!(said.text, format!("已记录企业自查：{unit}（隐患 #{hazard}）"));

    // A search confirmed with Enter is cleared by Esc, and the next `/` starts afresh.
    h.key(KeyCode::Char('4'));
    let all = h.app.screens.hazards.records.list.total;
    h.key(KeyCode::Char('/')).type_text("消防").key(KeyCode::Enter);
    assert!(h.app.screens.hazards.records.list.total < all);
    h.key(KeyCode::Esc);
    assert_eq!(h.app.screens.hazards.text, "");
    assert_eq!(h.app.screens.hazards.records.list.total, all);
    h.key(KeyCode::Char('/'));
    assert_eq!(h.app.filter.as_ref().map(|i| i.value().to_string()).as_deref(), Some(""));
}

/// Resolving the alarm one reads takes it out of the open list: the officer is told what they
/// did, not that it went away.
#[test]
fn ones_own_resolve_is_not_news_of_a_vanished_alarm() {
    let (_d, mut h) = common::demo_app(Lang::Zh, None, 120, 40);
    h.key(KeyCode::Char('6')).key(KeyCode::Char('j'));
    let read = h.app.screens.alarms.selected().cloned().expect("an alarm");
    h.key(KeyCode::Char('x'));
    assert_eq!(status_of(&h, read.id), "resolved");
    let said = h.app.status.clone().expect("said");
    assert!(said.text.starts_with(&format!("已处置告警 #{}", read.id)), "{said:?}");
    // Another commit (a sync) reloads the list again: still no "no longer in this list".
    h.changed_elsewhere();
    assert!(h.app.status.as_ref().is_none_or(|s| !s.text.contains("已不在列表中")), "{:?}", h.app.status);
}

//! What another terminal's commit costs a terminal: the screen it shows is read again at once,
//! the others when they are shown — never every opened screen on every commit.

mod common;

use anjian::i18n::Lang;
use anjian::tui::app::Msg;
use ratatui::crossterm::event::KeyCode;

#[test]
fn a_commit_elsewhere_reloads_the_shown_screen_now_and_the_others_when_shown() {
    let (demo, mut h) = common::demo_app(Lang::Zh, None, 120, 40);
    // Open the Hazards and Tip-offs screens, then sit on the Alarms screen.
    h.key(KeyCode::Char('4')).key(KeyCode::Char('5')).key(KeyCode::Char('6'));
    let hazards_before = h.app.screens.hazards.records.list.total;
    let alarms_before = h.app.screens.alarms.records.list.total;
    // Another terminal records a hazard; a sync stores an alarm.
    let other = rusqlite::Connection::open(&demo.path).expect("open");
    other
        .execute_batch(
            "INSERT INTO hazard (unit_id, description, source, found_on, deadline, updated_by, updated_at)
               VALUES ((SELECT min(id) FROM unit), '别处登记的隐患', 'other', '2026-11-23', '2026-12-20', 'x', 'x');
             INSERT INTO alarm (dedup_key, feed, source, msg_status, level, status, headline, event, area, sent, first_seen, last_seen)
               VALUES ('elsewhere', 'weather', 's', 'Actual', 'general', 'new', '别处收到的预警', '大风', '溪口村',
                       '2026-11-23T09:29:00+08:00', 'x', 'x');",
        )
        .expect("writes elsewhere");
    let changes = h.backend.changes();
    assert!(changes.touches(&["hazard"]) && changes.touches(&["alarm"]), "{changes:?}");
    let reqs = h.app.update(Msg::DataChanged(changes));
    let n = reqs.len();
    h.settle(reqs);
    assert_eq!(h.app.screens.alarms.records.list.total, alarms_before + 1, "the shown screen is read again");
    assert_eq!(h.app.screens.hazards.records.list.total, hazards_before, "a screen not shown waits");
    assert!(h.app.stale.contains(&anjian::tui::screens::Screen::Hazards));
    // Shown, it is read again, once.
    h.key(KeyCode::Char('4'));
    assert_eq!(h.app.screens.hazards.records.list.total, hazards_before + 1, "read again when shown");
    assert!(!h.app.stale.contains(&anjian::tui::screens::Screen::Hazards));
    // Only the shown screen's reads (and the office's and the banner's) went out on the commit.
    assert!(n <= 4, "{n} requests for one commit");
}

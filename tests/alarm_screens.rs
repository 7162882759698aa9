//! The Alarms screen on the demo office with its fixed alarms: snapshots of the list, the
//! grouped view, the detail with its references chain and the silence form (80x24 and 120x40,
//! Chinese and English), and the duty steps done through the keys.

mod common;

use anjian::i18n::Lang;
use anjian::tui::headless::Headless;
use ratatui::crossterm::event::KeyCode;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];
const LANGS: [(Lang, &str); 2] = [(Lang::Zh, "zh"), (Lang::En, "en")];

fn snap(name: &str, h: &mut Headless) {
    insta::assert_snapshot!(name, h.screen());
}

/// Moves down the list until the detail pane shows an alarm with a references chain.
fn to_chain(h: &mut Headless) -> bool {
    for _ in 0..60 {
        if h.app.screens.alarms.current().is_some_and(|p| !p.detail.chain.is_empty()) {
            return true;
        }
        h.key(KeyCode::Char('j'));
    }
    false
}

#[test]
fn alarms_list_grouped_detail_and_silence_form() {
    for (w, hgt) in SIZES {
        for (lang, tag) in LANGS {
            let (_d, mut h) = common::demo_app(lang, None, w, hgt);
            h.key(KeyCode::Char('6'));
            snap(&format!("alarms_list_{tag}_{w}x{hgt}"), &mut h);
            h.key(KeyCode::Char('f'));
            assert!(to_chain(&mut h), "the demo has an Update or Cancel chain");
            snap(&format!("alarms_detail_{tag}_{w}x{hgt}"), &mut h);
            h.key(KeyCode::Char('f')).key(KeyCode::Char('f'));
            h.key(KeyCode::Char('z'));
            snap(&format!("alarms_grouped_{tag}_{w}x{hgt}"), &mut h);
            h.key(KeyCode::Char('z')).key(KeyCode::Char('g'));
            h.key(KeyCode::Char('s'));
            snap(&format!("alarms_silence_form_{tag}_{w}x{hgt}"), &mut h);
        }
    }
}

#[test]
fn alarms_searched_with_slash() {
    for (w, hgt) in SIZES {
        for (lang, tag) in LANGS {
            let (_d, mut h) = common::demo_app(lang, None, w, hgt);
            h.key(KeyCode::Char('6')).key(KeyCode::Char('/')).type_text("暴雨");
            snap(&format!("alarms_search_typing_{tag}_{w}x{hgt}"), &mut h);
            h.key(KeyCode::Enter);
            snap(&format!("alarms_search_{tag}_{w}x{hgt}"), &mut h);
        }
    }
}

/// A feed whose items were dated hours ahead says so on the Overview, in the officer's language.
#[test]
fn a_feed_with_a_clock_ahead_is_flagged_on_the_overview() {
    for (lang, words) in [(Lang::Zh, "时间超前 3.0 小时"), (Lang::En, "dated 3.0 h ahead")] {
        let (demo, mut h) = common::demo_app(lang, None, 120, 40);
        let store = common::open(&demo.path);
        let n = store
            .conn()
            .execute(
                "UPDATE feed SET ahead_seconds = 10800, last_error = NULL WHERE name = (SELECT min(name) FROM feed)",
                [],
            )
            .expect("update");
        assert_eq!(n, 1, "the demo has feeds");
        // What the dashboard does when another process changed the database.
        h.changed_elsewhere();
        let screen = h.screen();
        assert!(screen.contains(words), "{screen}");
    }
}

/// A feed with documents still pending and one given up, and alarms read with doubt, says so on
/// the Overview: the given-up document in the error colour, in the officer's language.
#[test]
fn a_feed_holding_documents_back_says_so_on_the_overview() {
    for (lang, tag, words) in [
        (Lang::Zh, "zh", ["放弃文档 1", "待重取 2", "不合规 3", "级别不明 1"]),
        (Lang::En, "en", ["1 doc(s) given up", "2 pending", "3 non-conforming", "1 level unread"]),
    ] {
        for (w, hgt) in SIZES {
            let (demo, mut h) = common::demo_app(lang, None, w, hgt);
            let store = common::open(&demo.path);
            store
                .conn()
                .execute_batch(
                    "UPDATE feed SET last_error = NULL, nonconforming = 3, level_unread = 1 WHERE name = (SELECT min(name) FROM feed);
                     INSERT INTO feed_pending (feed, entry_id, updated, links, first_seen, attempts, next_try, last_error, given_up_at)
                     SELECT (SELECT min(name) FROM feed), e, '', 'http://x/' || e, '2026-11-20T08:00:00+08:00', 3,
                            '2026-11-20T09:00:00+08:00', '404', g
                     FROM (SELECT 'a' AS e, NULL AS g UNION ALL SELECT 'b', NULL UNION ALL SELECT 'c', '2026-11-21T08:00:00+08:00');",
                )
                .expect("pending");
            h.changed_elsewhere();
            let screen = h.screen();
            if w >= 120 {
                // English words are longer: the last count may be cut there.
                let shown = if lang == Lang::Zh { &words[..] } else { &words[..3] };
                for word in shown {
                    assert!(screen.contains(word), "{word}:\n{screen}");
                }
            } else {
                assert!(screen.contains(words[0]), "the given-up count comes first, even at 80 columns:\n{screen}");
            }
            snap(&format!("overview_feed_held_back_{tag}_{w}x{hgt}"), &mut h);
        }
    }
}

/// A failing feed says when it last tried, before what went wrong.
#[test]
fn a_failing_feed_says_when_it_last_tried() {
    let (demo, mut h) = common::demo_app(Lang::Zh, None, 120, 40);
    common::open(&demo.path)
        .conn()
        .execute(
            "UPDATE feed SET last_attempt = '2026-11-23T09:05:00+08:00', last_error = 'HTTP 503 Service Unavailable'
             WHERE name = (SELECT min(name) FROM feed)",
            [],
        )
        .expect("update");
    h.changed_elsewhere();
    let screen = h.screen();
    assert!(screen.contains("! 11-23 09:05 HTTP 503"), "{screen}");
}

/// The detail's timeline says where an alarm's notifications went: queued, a failure to retry,
/// delivered, an escalation step — in words, without the sending process's account name.
#[test]
fn the_alarm_timeline_shows_its_notifications() {
    for (w, hgt) in SIZES {
        for (lang, tag) in LANGS {
            let (_d, mut h) = common::demo_app(lang, None, w, hgt);
            h.key(KeyCode::Char('6'));
            let id = h.app.screens.alarms.current().map(|p| p.detail.row.id).expect("an alarm");
            let routes =
                [anjian::domain::route::Route { matcher: None, receiver: "值班群".into(), ..Default::default() }];
            h.backend
                .store
                .write("sync", |w| {
                    w.tx.execute("UPDATE notify_cursor SET last_alarm = ?1", [id - 1])?;
                    anjian::store::delivery_routing::route_new(w, &routes, 1, &|_, _| serde_json::json!({}))?;
                    let d: i64 = w.tx.query_row("SELECT id FROM delivery WHERE alarm_id = ?1", [id], |r| r.get(0))?;
                    anjian::store::deliveries::failed(
                        w,
                        d,
                        "企业微信返回 HTTP 503，稍后重试",
                        Some("2026-11-23T09:31:00+08:00"),
                    )?;
                    anjian::store::deliveries::sent(w, d, "已送达")?;
                    w.audit(
                        "alarm.escalate",
                        "alarm",
                        &id.to_string(),
                        None,
                        Some(&serde_json::json!({"step": 1, "receiver": "值班群", "mentions": ["13812345678"]})),
                    )
                })
                .expect("notifications");
            // Down and back: the detail is read again.
            h.key(KeyCode::Char('j')).key(KeyCode::Char('k'));
            let screen = h.screen();
            let sent = if lang == Lang::Zh { "已通知 值班群" } else { "notified 值班群" };
            assert!(screen.contains(sent) || hgt == 24, "{screen}");
            assert!(!screen.contains("alarm.") && !screen.contains("sync "), "no codes, no account: {screen}");
            snap(&format!("alarms_detail_notified_{tag}_{w}x{hgt}"), &mut h);
        }
    }
}

/// The Overview's feed panel says how notifications fare once there are any: sent, waiting, and
/// those that could not be delivered in red.
#[test]
fn the_overview_shows_the_notifications_health() {
    for (w, hgt) in SIZES {
        for (lang, tag) in LANGS {
            let (demo, mut h) = common::demo_app(lang, None, w, hgt);
            common::open(&demo.path)
                .conn()
                .execute_batch(
                    "INSERT INTO delivery (key, receiver, kind, message, created_at, due_at, status) VALUES
                       ('a', '值班群', 'alarm', '{}', 'x', 'x', 'sent'), ('b', '值班群', 'alarm', '{}', 'x', 'x', 'sent'),
                       ('c', 'hook', 'alarm', '{}', 'x', 'x', 'pending'), ('d', 'hook', 'alarm', '{}', 'x', 'x', 'dead');",
                )
                .expect("deliveries");
            h.changed_elsewhere();
            let screen = h.screen();
            let want = if lang == Lang::Zh {
                "通知 已送达2 待发1 无法送达1"
            } else {
                "Notify 2 sent 1 wait 1 failed"
            };
            assert!(screen.contains(want), "{screen}");
            snap(&format!("overview_notices_{tag}_{w}x{hgt}"), &mut h);
        }
    }
}

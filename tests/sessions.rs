//! Shared-terminal hygiene: sign-in attempts recorded, audited and rate-limited; the idle lock and
//! `L` hide every piece of the office's data (a revealed reporter included); unlocking with the PIN;
//! another operator taking over on the lock screen, with the previous one signed out on the record.

mod common;

use anjian::domain::OperatorRole;
use anjian::i18n::Lang;
use anjian::store::sessions::{self, SignIn};
use anjian::tui::app::Msg;
use anjian::tui::headless::Headless;
use chrono::Duration;
use ratatui::crossterm::event::KeyCode;

fn audits(h: &Headless, action: &str) -> i64 {
    h.store()
        .conn()
        .query_row("SELECT count(*) FROM audit_log WHERE action = ?1", [action], |r| r.get(0))
        .expect("audit")
}

fn clock(h: &mut Headless, minutes: i64) {
    let now = common::now() + Duration::minutes(minutes);
    let reqs = h.app.update(Msg::Clock(now.format("%m-%d %H:%M").to_string(), common::today(), now));
    h.settle(reqs);
}

#[test]
fn wrong_pins_are_recorded_audited_and_rate_limited() {
    let demo = common::demo_copy();
    let mut store = common::open(&demo.path);
    let t0 = common::now();
    let pin = anjian::demo::DEMO_PIN;
    let name = anjian::demo::DEMO_OPERATOR;
    for i in 0..5 {
        let r = store.write(name, |w| sessions::sign_in(w, name, "999999", "terminal", t0 + Duration::minutes(i)));
        assert_eq!(r.expect("attempt"), SignIn::Wrong);
    }
    // The sixth try, even with the right PIN, is refused until 15 minutes after the first failure.
    let r = store.write(name, |w| sessions::sign_in(w, name, pin, "terminal", t0 + Duration::minutes(5)));
    assert_eq!(r.expect("attempt"), SignIn::Locked("2026-11-23T09:45:00+08:00".into()));
    let r = store.write(name, |w| sessions::sign_in(w, name, pin, "terminal", t0 + Duration::minutes(16)));
    assert!(matches!(r.expect("attempt"), SignIn::Ok(op) if op.name == name));
    // A success clears the count.
    let r = store.write(name, |w| sessions::sign_in(w, name, "999999", "terminal", t0 + Duration::minutes(17)));
    assert_eq!(r.expect("attempt"), SignIn::Wrong);
    let count = |action: &str| -> i64 {
        store
            .conn()
            .query_row("SELECT count(*) FROM audit_log WHERE action = ?1 AND record = ?2", [action, name], |r| r.get(0))
            .expect("audit")
    };
    assert_eq!(
        (count("operator.sign_in_failed"), count("operator.sign_in_refused"), count("operator.sign_in")),
        (6, 1, 1)
    );
    // An unknown name gets the same answer as a wrong PIN, and is recorded too — as "?", never as
    // typed (people type their PIN into the name field).
    let r = store.write("terminal", |w| sessions::sign_in(w, "123456", pin, "terminal", t0));
    assert_eq!(r.expect("attempt"), SignIn::Wrong);
    let typed: i64 = store
        .conn()
        .query_row(
            "SELECT (SELECT count(*) FROM signin_attempt WHERE name LIKE '%123456%')
                  + (SELECT count(*) FROM audit_log WHERE record LIKE '%123456%' OR operator LIKE '%123456%'
                     OR after LIKE '%123456%')",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(typed, 0, "the typed name is stored nowhere");
    let unknown: String = store
        .conn()
        .query_row("SELECT name FROM signin_attempt ORDER BY id DESC LIMIT 1", [], |r| r.get(0))
        .expect("attempt");
    assert!(unknown.starts_with(sessions::UNKNOWN_NAME) && unknown.len() == 17, "{unknown}");
    // An unknown name locks out after five wrong tries, exactly as a known one does: the answers
    // do not tell which names exist.
    let guess = |store: &mut anjian::store::Store, who: &str, m: i64| {
        store
            .write("p", |w| sessions::sign_in(w, who, "999999", "station:x", t0 + Duration::minutes(30 + m)))
            .expect("try")
    };
    for (who, exists) in [("无此人", false), (name, true)] {
        for m in 0..5 {
            assert_eq!(guess(&mut store, who, m), SignIn::Wrong, "{who} {exists}");
        }
        assert!(matches!(guess(&mut store, who, 5), SignIn::Locked(_)), "{who} {exists}");
    }
    assert_eq!(guess(&mut store, "另一个未知名", 5), SignIn::Wrong, "another unknown name is its own count");
}

#[test]
fn a_lockout_at_one_station_leaves_the_name_free_everywhere_else_until_unlocked() {
    let demo = common::demo_copy();
    let mut store = common::open(&demo.path);
    let t0 = common::now();
    let (name, pin) = (anjian::demo::DEMO_OPERATOR, anjian::demo::DEMO_PIN);
    let attempt = |store: &mut anjian::store::Store, place: &str, pin: &str, minutes: i64| {
        store
            .write(place, |w| sessions::sign_in(w, name, pin, place, t0 + Duration::minutes(minutes)))
            .expect("attempt")
    };
    // A village station guesses the admin's PIN five times: the name is locked there…
    for i in 0..5 {
        assert_eq!(attempt(&mut store, "station:溪口村站", "999999", i), SignIn::Wrong);
    }
    assert!(matches!(attempt(&mut store, "station:溪口村站", pin, 5), SignIn::Locked(_)));
    // …and nowhere else: the duty room signs in.
    assert!(matches!(attempt(&mut store, "station:值班室", pin, 5), SignIn::Ok(_)));
    assert!(matches!(attempt(&mut store, "local:anjian", pin, 5), SignIn::Ok(_)));
    // An admin lifts the lockout (audited); the station may try again at once.
    store.write("主任 (cli:anjian)", |w| anjian::store::operators::unlock(w, name)).expect("unlock");
    assert!(matches!(attempt(&mut store, "station:溪口村站", pin, 6), SignIn::Ok(_)));
    let unlocks: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM audit_log WHERE action = 'operator.unlock' AND record = ?1", [name], |r| {
            r.get(0)
        })
        .expect("audit");
    assert_eq!(unlocks, 1);

    // Twenty wrong PINs at one place, for any names, close that place for the window.
    for i in 0..20 {
        let guessed = format!("猜测{i}");
        store
            .write("station:桃源站", |w| {
                sessions::sign_in(w, &guessed, "000000", "station:桃源站", t0 + Duration::minutes(7))
            })
            .expect("attempt");
        let _ = i;
    }
    assert!(matches!(attempt(&mut store, "station:桃源站", pin, 8), SignIn::Locked(_)));
    assert!(matches!(attempt(&mut store, "station:值班室", pin, 8), SignIn::Ok(_)));
    assert!(store.audit_verdict().is_ok_and(|v| matches!(v, anjian::store::audit::Verdict::Intact { .. })));
}

/// Text of the demo's data that must not stay on a locked screen.
const SECRETS: [&str; 4] = ["云溪社区", "吴佳", "640", "电气线路温度异常"];

#[test]
fn idle_lock_and_l_hide_the_data_and_the_pin_unlocks() {
    for (lang, tag) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let (_d, mut h) = common::demo_app(lang, None, 120, 40);
        h.app.idle_lock = Some(Duration::minutes(10));
        h.key(KeyCode::Char('2'));
        assert!(h.screen().contains("云溪社区"));
        clock(&mut h, 9);
        assert!(h.app.signin.is_none(), "not yet idle long enough");
        clock(&mut h, 10);
        let locked = h.screen();
        assert!(h.app.signin.as_ref().is_some_and(|s| s.locked));
        for s in SECRETS {
            assert!(!locked.contains(s), "{s} still on the locked screen:\n{locked}");
        }
        insta::assert_snapshot!(format!("lock_screen_{tag}_120x40"), locked);
        // A wrong PIN says so; the right one brings the same screen back.
        h.type_text("123456").key(KeyCode::Enter);
        assert!(h.app.signin.as_ref().is_some_and(|s| s.error.is_some()));
        h.type_text(anjian::demo::DEMO_PIN).key(KeyCode::Enter);
        assert!(h.app.signin.is_none());
        assert!(h.screen().contains("云溪社区"), "back where the operator was");
    }
}

#[test]
fn l_locks_at_once_clears_a_revealed_reporter_and_another_operator_takes_over() {
    let (_d, mut h) = common::demo_app(Lang::Zh, None, 120, 40);
    h.backend
        .store
        .write("admin", |w| anjian::store::operators::add(w, "值班员乙", OperatorRole::Duty, "567890"))
        .expect("a second operator");
    h.key(KeyCode::Char('5'));
    // Reveal a reporter as the supervisor, then lock.
    for _ in 0..8 {
        if h.app.screens.tipoffs.selected().is_some_and(|t| t.description.contains("危化品仓库")) {
            break;
        }
        h.key(KeyCode::Char('j'));
    }
    h.key(KeyCode::Char('i'));
    assert!(h.screen().contains("吴佳"));
    h.key(KeyCode::Char('L'));
    assert!(h.app.screens.tipoffs.revealed.is_none(), "a revealed identity is cleared on lock");
    assert!(!h.screen().contains("吴佳"));
    // Another operator signs in on the lock screen: the demo operator is signed out on the record.
    h.key(KeyCode::Tab);
    for _ in 0..10 {
        h.key(KeyCode::Backspace);
    }
    h.type_text("值班员乙").key(KeyCode::Tab).type_text("567890").key(KeyCode::Enter);
    assert_eq!(h.app.operator.as_ref().map(|o| o.name.as_str()), Some("值班员乙"));
    assert_eq!(audits(&h, "operator.sign_out"), 1);
    assert_eq!(audits(&h, "operator.sign_in"), 1);
    let screen = h.screen();
    assert!(screen.contains("值班员乙") && !screen.contains("吴佳"), "{screen}");
}

//! Working the alarm queue through the keys, on the demo office: every step lands in the store
//! with its audit row, refusals leave nothing behind, silences stop notifications, and an
//! unacknowledged red/orange alarm notifies again after the escalation interval.

mod common;

use anjian::domain::OperatorRole;
use anjian::i18n::Lang;
use anjian::store::Store;
use anjian::tui::app::Msg;
use anjian::tui::headless::Headless;
use anjian::tui::notify::Effect;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

fn q(s: &Store, sql: &str) -> i64 {
    s.conn().query_row(sql, [], |r| r.get(0)).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

fn text(s: &Store, sql: &str) -> String {
    s.conn().query_row(sql, [], |r| r.get(0)).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

fn alarms(lang: Lang) -> (common::Demo, Headless) {
    let (d, mut h) = common::demo_app(lang, None, 120, 40);
    h.key(KeyCode::Char('6'));
    (d, h)
}

fn selected_id(h: &Headless) -> i64 {
    h.app.screens.alarms.selected().map(|a| a.id).expect("an alarm is selected")
}

fn save(h: &mut Headless) {
    h.key_with(KeyCode::Char('s'), KeyModifiers::CONTROL);
}

#[test]
fn acknowledge_dispatch_resolve_and_false_alarm_are_written_and_audited() {
    let (_d, mut h) = alarms(Lang::Zh);
    let id = selected_id(&h);
    h.key(KeyCode::Char('a'));
    assert_eq!(text(h.store(), &format!("SELECT status FROM alarm WHERE id = {id}")), "acknowledged");
    assert_eq!(
        q(h.store(), &format!("SELECT count(*) FROM audit_log WHERE action = 'alarm.transition' AND record = '{id}'")),
        1
    );

    // Dispatch: the form offers officers (those of the alarm's grids first); Ctrl-S sends it, and
    // with the office's [dispatch] the message to the officer is queued in the same transaction.
    let dispatch = anjian::config::receivers::DispatchConfig { receiver: Some("值班群".into()), officers: vec![] };
    h.backend.dispatch = Some((dispatch, true));
    h.key(KeyCode::Char('d'));
    assert!(h.app.form.is_some(), "{}", h.screen());
    h.key(KeyCode::Tab).type_text("去现场核实");
    save(&mut h);
    assert!(h.app.form.is_none(), "{}", h.screen());
    assert_eq!(text(h.store(), &format!("SELECT status FROM alarm WHERE id = {id}")), "dispatched");
    assert_eq!(q(h.store(), &format!("SELECT officer_id IS NOT NULL FROM alarm WHERE id = {id}")), 1);
    let near = q(
        h.store(),
        &format!(
            "SELECT count(*) FROM alarm a JOIN officer_grid og ON og.officer_id = a.officer_id
             JOIN alarm_area x ON x.grid_id = og.grid_id AND x.alarm_id = a.id WHERE a.id = {id}"
        ),
    );
    assert_eq!(near, 1, "the first officer offered works the alarm's grid");
    assert_eq!(
        text(
            h.store(),
            &format!(
                "SELECT d.receiver || ' ' || (d.created_at = (SELECT max(at) FROM audit_log WHERE action = 'alarm.dispatch' AND record = '{id}'))
                 FROM delivery d WHERE d.alarm_id = {id} AND d.kind = 'dispatch'"
            )
        ),
        "值班群 1"
    );

    // Resolved, it leaves the open list.
    let open_before = h.app.screens.alarms.records.list.total;
    h.key(KeyCode::Char('x'));
    assert_eq!(text(h.store(), &format!("SELECT status FROM alarm WHERE id = {id}")), "resolved");
    assert_eq!(h.app.screens.alarms.records.list.total, open_before - 1);

    let other = selected_id(&h);
    h.key(KeyCode::Char('F'));
    assert_eq!(text(h.store(), &format!("SELECT status FROM alarm WHERE id = {other}")), "false_alarm");
    // A closed alarm cannot be acknowledged: the refusal names the alarm and nothing is written.
    h.key(KeyCode::Char('f')).key(KeyCode::Char('f'));
    let closed = selected_id(&h);
    let audit = q(h.store(), "SELECT count(*) FROM audit_log");
    h.key(KeyCode::Char('a'));
    let status = h.app.status.clone().expect("a message");
    assert!(status.error && status.text.contains(&format!("#{closed}")), "{status:?}");
    assert_eq!(q(h.store(), "SELECT count(*) FROM audit_log"), audit);
    assert!(matches!(h.store().audit_verdict(), Ok(anjian::store::audit::Verdict::Intact { .. })));
}

#[test]
fn a_hazard_opened_from_a_monitor_alarm_is_linked_both_ways() {
    let (_d, mut h) = alarms(Lang::Zh);
    // The first rows are monitor alarms at units.
    let id = selected_id(&h);
    let unit: i64 = q(h.store(), &format!("SELECT unit_id FROM alarm WHERE id = {id}"));
    h.key(KeyCode::Char('n'));
    assert!(h.app.form.is_some(), "{}", h.screen());
    save(&mut h);
    assert!(h.app.form.is_none(), "{}", h.screen());
    let hazard = q(h.store(), &format!("SELECT hazard_id FROM alarm WHERE id = {id}"));
    assert_eq!(q(h.store(), &format!("SELECT unit_id FROM hazard WHERE id = {hazard}")), unit);
    assert_eq!(text(h.store(), &format!("SELECT source FROM hazard WHERE id = {hazard}")), "alarm");
    assert_eq!(text(h.store(), &format!("SELECT status FROM alarm WHERE id = {id}")), "acknowledged");
    // Twice is refused.
    h.key(KeyCode::Char('n'));
    save(&mut h);
    assert!(
        h.app.status.as_ref().is_some_and(|s| s.error && s.text.contains("already opened hazard")),
        "{:?}",
        h.app.status
    );
}

#[test]
fn silences_mark_rows_stop_notifications_and_can_be_removed() {
    let (_d, mut h) = alarms(Lang::En);
    let row = h.app.screens.alarms.selected().cloned().expect("row");
    h.key(KeyCode::Char('s'));
    // Without a reason the form says so and stays open.
    save(&mut h);
    assert!(h.app.form.as_ref().is_some_and(|(f, _)| f.error.as_deref() == Some("Give a reason")));
    h.key(KeyCode::Tab).key(KeyCode::Tab).type_text("sensor under maintenance");
    save(&mut h);
    assert!(h.app.form.is_none(), "{}", h.screen());
    assert_eq!(q(h.store(), "SELECT count(*) FROM silence WHERE removed_at IS NULL"), 1);
    assert!(h.app.screens.alarms.is_silenced(&row), "the row reads as silenced");
    assert!(h.screen().contains("[silenced]"));
    assert!(h.app.attention.iter().all(|a| a.id != row.id), "a silenced alarm is not notified");

    h.key(KeyCode::Char('S'));
    let screen = h.screen();
    assert!(screen.contains("Silences in force") && screen.contains("sensor under"), "{screen}");
    h.key(KeyCode::Char('u'));
    assert_eq!(q(h.store(), "SELECT count(*) FROM silence WHERE removed_at IS NOT NULL"), 1);
    assert!(!h.app.screens.alarms.is_silenced(&row));
    assert_eq!(q(h.store(), "SELECT count(*) FROM audit_log WHERE action LIKE 'silence.%'"), 2);
}

#[test]
fn red_and_orange_alarms_notify_once_then_again_after_the_escalation_interval() {
    let (_d, mut h) = alarms(Lang::Zh);
    let first: Vec<Effect> = h.app.effects.drain(..).collect();
    assert_eq!(first.len(), 1, "one notification for the alarms waiting at start: {first:?}");
    let waiting = h.app.attention.len();
    assert!(waiting > 0 && h.app.attention.iter().all(|a| a.level.colour() == "red" || a.level.colour() == "orange"));
    // A minute later nothing new: no notification.
    let later = |h: &mut Headless, minutes: i64, clock: &str| {
        let now = common::now() + chrono::Duration::minutes(minutes);
        let reqs = h.app.update(Msg::Clock(clock.into(), common::today(), now));
        h.settle(reqs);
    };
    later(&mut h, 1, "11-23 09:31");
    assert!(h.app.effects.is_empty());
    // After the interval (15 minutes by default) the same unacknowledged alarms notify again.
    later(&mut h, 16, "11-23 09:46");
    let again: Vec<Effect> = h.app.effects.drain(..).collect();
    assert_eq!(again.len(), 1);
    let Effect::Notify { title, .. } = &again[0];
    assert!(title.starts_with('⟳'), "an escalation says so: {title}");
    // Acknowledged alarms leave the attention list and stop notifying.
    h.app.screen = anjian::tui::app::Screen::Alarms;
    h.key(KeyCode::Char('c'));
    while h.app.screens.alarms.selected().is_some() {
        h.key(KeyCode::Char('a'));
        if h.app.screens.alarms.selected().is_some_and(|a| a.status.code() != "new") {
            h.key(KeyCode::Char('j'));
        }
        if h.app.attention.iter().all(|a| a.level.colour() != "red") {
            break;
        }
    }
    assert!(h.app.attention.iter().all(|a| a.level.colour() != "red"), "red alarms acknowledged");
    assert!(h.app.attention.len() < waiting);
}

#[test]
fn a_viewer_cannot_work_alarms() {
    let demo = common::demo_copy();
    let mut store = common::open(&demo.path);
    store
        .write("test", |w| anjian::store::operators::add(w, "值守观察员", OperatorRole::Viewer, "123456"))
        .expect("add");
    let op = anjian::store::operators::find(store.conn(), "值守观察员").expect("find").expect("exists");
    let mut app =
        anjian::tui::build_app(&anjian::config::Config::default(), Lang::En, Some(op), (120, 40)).expect("app");
    app.now = common::now();
    app.today = common::today();
    let mut h = Headless::new(app, store, 120, 40);
    h.key(KeyCode::Char('6'));
    let audit = q(h.store(), "SELECT count(*) FROM audit_log");
    for key in ['a', 'x', 'F', 'd', 's', 'n'] {
        h.key(KeyCode::Char(key));
        assert!(h.app.form.is_none(), "{key} opened a form for a viewer");
        assert!(h.app.status.as_ref().is_some_and(|s| s.error), "{key}: {:?}", h.app.status);
    }
    assert_eq!(q(h.store(), "SELECT count(*) FROM audit_log"), audit);
}

#[test]
fn an_alarm_changed_elsewhere_gives_the_conflict_message() {
    let (d, mut h) = alarms(Lang::En);
    let id = selected_id(&h);
    let mut other = common::open(&d.path);
    other
        .write("另一终端", |w| {
            w.bump_version(anjian::store::Table::Alarm, id, 1)?;
            Ok(())
        })
        .expect("other terminal");
    h.key(KeyCode::Char('a'));
    let s = h.app.status.clone().expect("message");
    assert!(s.error && s.text.contains("changed by 另一终端"), "{s:?}");
    assert_eq!(text(h.store(), &format!("SELECT status FROM alarm WHERE id = {id}")), "new");
}

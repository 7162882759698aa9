//! The duty log: a scripted shift worked out by hand for the hand-over, the serious-accident
//! clock on every screen until reported, and the hand-over signed by one officer and acknowledged
//! by the next on the Duty screen (snapshots zh/en at 80x24 and 120x40).

mod common;

use anjian::domain::OperatorRole;
use anjian::domain::calendar::HolidayCalendar;
use anjian::domain::duty::EntryKind;
use anjian::i18n::Lang;
use anjian::store::Store;
use anjian::store::duty;
use anjian::tui::app::{Msg, Screen};
use anjian::tui::headless::Headless;
use chrono::{DateTime, Duration};
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

fn at(s: &str) -> DateTime<chrono::FixedOffset> {
    DateTime::parse_from_rfc3339(&format!("2026-11-23T{s}:00+08:00")).expect("time")
}

#[test]
fn a_scripted_shift_and_its_hand_over() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut s = Store::open(&dir.path().join("d.db")).expect("open");
    s.write("setup", |w| {
        anjian::store::network::set_office(w, "测试街道", "")?;
        w.tx.execute_batch(
            "INSERT INTO unit (id, name, sector, risk_level) VALUES (1, '甲厂', 'industry_trade', 'low');
             -- Alarms: two in the shift (one still open), one before it, one exercise.
             INSERT INTO alarm (dedup_key, feed, source, msg_status, level, status, sent, first_seen, last_seen) VALUES
               ('a', 'f', 's', 'Actual', 'red', 'new', 'x', '2026-11-23T09:10:00+08:00', 'x'),
               ('b', 'f', 's', 'Actual', 'blue', 'resolved', 'x', '2026-11-23T12:00:00+08:00', 'x'),
               ('c', 'f', 's', 'Actual', 'red', 'new', 'x', '2026-11-23T07:00:00+08:00', 'x'),
               ('d', 'f', 's', 'Exercise', 'red', 'new', 'x', '2026-11-23T10:00:00+08:00', 'x');
             -- Tip-offs: one taken in during the shift, one the day before.
             INSERT INTO tipoff (channel, received_at, description) VALUES
               ('hotline', '2026-11-23T10:30:00+08:00', 'a'), ('letter', '2026-11-22T10:30:00+08:00', 'b');
             -- A manual item due tomorrow morning (within 24 hours of 16:00) and one next week.
             INSERT INTO manual_deadline (title, due) VALUES ('报送月报', '2026-11-24'), ('演练方案', '2026-11-30');",
        )?;
        Ok(())
    })
    .expect("setup");
    let as_at = |s: &mut Store, t: &str| s.fix_clock(at(t));
    as_at(&mut s, "08:00");
    let shift = s.write("值班员甲", duty::start_shift).expect("start");
    as_at(&mut s, "08:05");
    assert_eq!(s.write("值班员甲", duty::start_shift).expect("again"), shift, "one shift at a time");
    // A hazard opened and moved during the shift: one hazard changed, however many steps.
    as_at(&mut s, "09:00");
    let hz = s
        .write("值班员甲", |w| {
            anjian::store::hazards::create(
                w,
                &anjian::store::hazards::NewHazard {
                    unit_id: 1,
                    description: "通道堵塞".into(),
                    major: false,
                    source: anjian::domain::hazard::HazardSource::Inspection,
                    found_on: at("09:00").date_naive(),
                    found_by: "甲".into(),
                    measures: String::new(),
                    responsible: String::new(),
                    deadline: at("09:00").date_naive() + Duration::days(30),
                    supervised: false,
                    supervising_level: String::new(),
                    inspection_id: None,
                },
            )
        })
        .expect("hazard");
    as_at(&mut s, "09:30");
    s.write("值班员甲", |w| duty::add_entry(w, EntryKind::FieldVisit, "检查甲厂")).expect("entry");
    assert!(s.write("值班员甲", |w| duty::add_entry(w, EntryKind::Other, "  ")).is_err(), "an empty entry is refused");
    as_at(&mut s, "11:00");
    let accident =
        s.write("值班员甲", |w| duty::add_entry(w, EntryKind::SeriousAccident, "某厂火灾，2人受伤")).expect("acc");
    let cal = HolidayCalendar::built_in();
    let h = duty::handover(s.conn(), &cal, "2026-11-23T08:00:00+08:00", at("16:00")).expect("handover");
    assert_eq!(
        (h.alarms_received, h.alarms_open, h.tipoffs_taken, h.hazards_changed, h.entries, h.accidents_unreported),
        (2, 1, 1, 1, 2, 1)
    );
    let due: Vec<String> = h.due_soon.iter().map(|d| format!("{} {}", d.due, d.title)).collect();
    // Within 24 hours of 16:00: the item due tomorrow, and the December monthly report is not yet;
    // next week's item is not.
    assert_eq!(due, ["2026-11-24 报送月报"], "{due:?}");
    assert_eq!(h.due_coming, 1);
    // Office-wide, whatever shift they came in: alarms a and c open (d is an exercise, b closed).
    assert_eq!(h.office_alarms_open, 2);
    let _ = hz;
    // Reporting the accident stops its clock.
    let e = duty::unreported_accidents(s.conn()).expect("acc").remove(0);
    assert_eq!(e.id, accident);
    as_at(&mut s, "11:40");
    s.write("值班员甲", |w| duty::mark_reported(w, e.id, e.version)).expect("reported");
    assert!(duty::unreported_accidents(s.conn()).expect("acc").is_empty());
    // The hand-over: signed by 甲, seen by 乙 (not by 甲), acknowledged once.
    let sh = duty::current_shift(s.conn(), "值班员甲").expect("shift").expect("running");
    as_at(&mut s, "16:00");
    s.write("值班员甲", |w| duty::end_shift(w, sh.id, sh.version, "告警：本班接收 2 条")).expect("end");
    assert!(duty::current_shift(s.conn(), "值班员甲").expect("shift").is_none());
    assert!(duty::pending_handover(s.conn(), "值班员甲").expect("p").is_none());
    let p = duty::pending_handover(s.conn(), "值班员乙").expect("p").expect("for the next officer");
    assert_eq!(p.handover, "告警：本班接收 2 条");
    s.write("值班员乙", |w| duty::acknowledge(w, p.id, p.version)).expect("ack");
    assert!(duty::pending_handover(s.conn(), "值班员乙").expect("p").is_none());
    let stale = s.write("值班员丙", |w| duty::acknowledge(w, p.id, p.version));
    assert!(stale.is_err(), "acknowledging with an old version is a conflict");

    // Two shifts end with nobody taking over; the next officer acknowledges the latest and the
    // older one is marked read with it (each in the audit log). All hand-overs stay readable.
    for (who, start, end) in [("值班员乙", "16:10", "17:00"), ("值班员丙", "17:05", "18:00")] {
        as_at(&mut s, start);
        s.write(who, duty::start_shift).expect("start");
        let sh = duty::current_shift(s.conn(), who).expect("shift").expect("running");
        as_at(&mut s, end);
        s.write(who, |w| duty::end_shift(w, sh.id, sh.version, &format!("{who}交班"))).expect("end");
    }
    let latest = duty::pending_handover(s.conn(), "值班员丁").expect("p").expect("waiting");
    assert_eq!(latest.handover, "值班员丙交班", "the latest is the one shown");
    s.write("值班员丁", |w| duty::acknowledge(w, latest.id, latest.version)).expect("ack");
    assert!(duty::pending_handover(s.conn(), "值班员丁").expect("p").is_none(), "the older one went with it");
    let read: i64 = s
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'duty.acknowledge' AND operator = '值班员丁'",
            [],
            |r| r.get(0),
        )
        .expect("audit");
    assert_eq!(read, 2, "each hand-over marked read is on the record");
    let past: Vec<String> =
        duty::recent_handovers(s.conn(), 10).expect("past").into_iter().map(|x| x.handover).collect();
    assert_eq!(past, ["值班员丙交班", "值班员乙交班", "告警：本班接收 2 条"], "newest first, own ones included");
}

fn clock(h: &mut Headless, minutes: i64) {
    let now = common::now() + Duration::minutes(minutes);
    let reqs = h.app.update(Msg::Clock(now.format("%m-%d %H:%M").to_string(), common::today(), now));
    h.settle(reqs);
}

fn save(h: &mut Headless) {
    h.key_with(KeyCode::Char('s'), KeyModifiers::CONTROL);
}

#[test]
fn the_duty_screen_from_shift_start_to_hand_over_and_acknowledgement() {
    for (w, hgt) in [(80, 24), (120, 40)] {
        for (lang, tag) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
            let (_d, mut h) = common::demo_app(lang, None, w, hgt);
            h.backend
                .store
                .write("admin", |w| anjian::store::operators::add(w, "值班员乙", OperatorRole::Duty, "567890"))
                .expect("second operator");
            h.key(KeyCode::Char('8'));
            h.key(KeyCode::Char('s'));
            assert!(h.app.screens.duty.pane.as_ref().is_some_and(|p| p.shift.is_some()));
            h.key(KeyCode::Char('+')).key(KeyCode::Tab).type_text("接群众来电，反映加油站旁堆放杂物");
            save(&mut h);
            h.key(KeyCode::Char('+'));
            for _ in 0..4 {
                h.key(KeyCode::Right);
            }
            h.key(KeyCode::Tab).type_text("溪口村仓库火灾，1人受伤");
            save(&mut h);
            clock(&mut h, 18);
            let screen = h.screen();
            assert!(screen.contains(if lang == Lang::Zh { "还剩 42 分钟" } else { "42 min left" }), "{screen}");
            insta::assert_snapshot!(format!("duty_{tag}_{w}x{hgt}"), screen);
            // The clock is on every screen until reported.
            h.key(KeyCode::Char('2'));
            assert!(h.screen().contains(if lang == Lang::Zh {
                "事故信息 1 起未报送"
            } else {
                "1 accident(s) not reported"
            }));
            h.key(KeyCode::Char('8')).key(KeyCode::Char('x'));
            assert!(h.app.screens.duty.accidents().is_empty());
            // End of shift: the drafted hand-over, signed as it stands.
            h.key(KeyCode::Char('e'));
            let form = h.screen();
            assert!(h.app.form.is_some(), "{form}");
            insta::assert_snapshot!(format!("duty_handover_form_{tag}_{w}x{hgt}"), form);
            save(&mut h);
            assert!(h.app.screens.duty.pane.as_ref().is_some_and(|p| p.shift.is_none()));
            // The next officer signs in on the lock screen and is shown the hand-over.
            h.key(KeyCode::Char('1')).key(KeyCode::Char('L')).key(KeyCode::Tab);
            for _ in 0..10 {
                h.key(KeyCode::Backspace);
            }
            h.type_text("值班员乙").key(KeyCode::Tab).type_text("567890").key(KeyCode::Enter);
            assert_eq!(h.app.screen, Screen::Duty, "the hand-over is put in front of the next officer");
            let pending = h.app.screens.duty.pane.as_ref().and_then(|p| p.pending.clone()).expect("pending");
            assert!(pending.handover.contains("溪口村仓库") || pending.handover.contains("1"), "{}", pending.handover);
            h.key(KeyCode::Char('a'));
            assert!(h.app.screens.duty.pane.as_ref().is_some_and(|p| p.pending.is_none()));
        }
    }
}

/// A serious accident written in the log opens a register entry at once; on that entry `A` opens
/// the register's form to complete it (unit, type, casualties), and the log's "reported" stops
/// both clocks. `W` records the office's own work. Forms and the register's lines are looked at in
/// both languages at both sizes.
#[test]
fn the_accident_register_completes_what_the_log_opened_and_records_work() {
    for (w, hgt) in [(80, 24), (120, 40)] {
        for (lang, tag) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
            let (_d, mut h) = common::demo_app(lang, None, w, hgt);
            h.key(KeyCode::Char('8')).key(KeyCode::Char('s'));
            h.key(KeyCode::Char('+'));
            for _ in 0..4 {
                h.key(KeyCode::Right);
            }
            h.key(KeyCode::Tab).type_text("梅岭村机械厂冲压车间事故");
            save(&mut h);
            let open = anjian::store::accidents::to_complete(h.backend.store.conn()).expect("register");
            assert_eq!(open.len(), 1, "the log's accident is in the register at once");
            assert!(open[0].duty_entry.is_some() && open[0].unit_name.is_empty());
            // The entry is the newest, under the cursor: A completes it.
            h.key(KeyCode::Char('A'));
            let form = h.screen();
            assert!(form.contains("梅岭村机械厂冲压车间事故"), "prefilled from the log: {form}");
            insta::assert_snapshot!(format!("duty_accident_form_{tag}_{w}x{hgt}"), form);
            h.key(KeyCode::Tab).type_text("梅岭永兴机械");
            // Type: 机械伤害 is the third of GB 6441's list, from 其他伤害 (the last) two on.
            h.key(KeyCode::Tab).key(KeyCode::Right).key(KeyCode::Right).key(KeyCode::Right);
            h.key(KeyCode::Tab);
            for _ in 0..3 {
                h.key(KeyCode::Backspace);
            }
            h.type_text("3");
            save(&mut h);
            // The demo's register holds one accident from June; the log's is completed in place.
            let a = anjian::store::accidents::recent(h.backend.store.conn(), 5).expect("register");
            assert_eq!(a.len(), 2, "completed in place, not added: {a:?}");
            assert_eq!(a[0].duty_entry, open[0].duty_entry);
            assert_eq!(
                (a[0].unit_name.as_str(), a[0].kind.as_str(), a[0].deaths, a[0].level),
                ("梅岭永兴机械制造有限公司", "machinery", 3, anjian::domain::accident::AccidentLevel::Larger),
                "three deaths make it 较大 whatever the form said"
            );
            assert!(a[0].reported_at.is_none());
            h.key(KeyCode::Char('x'));
            let a = anjian::store::accidents::recent(h.backend.store.conn(), 5).expect("register");
            assert!(a[0].reported_at.is_some(), "reported in the log, reported in the register");
            // A level below the casualties is refused in the form, in the officer's language.
            h.key(KeyCode::Char('A')).key(KeyCode::Tab).type_text("某工地");
            for _ in 0..2 {
                h.key(KeyCode::Tab);
            }
            h.key(KeyCode::Backspace).type_text("12");
            h.key(KeyCode::Tab).key(KeyCode::Tab).key(KeyCode::Right);
            save(&mut h);
            let refused = h.screen();
            assert!(h.app.form.is_some(), "the form stays open: {refused}");
            assert!(
                refused.contains(if lang == Lang::Zh {
                    "等级低于伤亡人数"
                } else {
                    "below what the casualties"
                }),
                "{refused}"
            );
            h.key(KeyCode::Esc).key(KeyCode::Esc);
            assert!(h.app.form.is_none(), "two Escs throw the refused form away");
            // Work: a training session of 40 people.
            h.key(KeyCode::Char('W')).key(KeyCode::Right);
            h.key(KeyCode::Tab).key(KeyCode::Tab).type_text("有限空间作业培训");
            h.key(KeyCode::Tab).key(KeyCode::Tab).key(KeyCode::Tab).type_text("40");
            let form = h.screen();
            insta::assert_snapshot!(format!("duty_work_form_{tag}_{w}x{hgt}"), form);
            save(&mut h);
            let pane = h.app.screens.duty.pane.clone().expect("pane");
            assert_eq!(pane.work.training_sessions, 3, "the demo's two and this one");
            assert_eq!(pane.work.people_trained, 86 + 132 + 40);
            assert_eq!((pane.register.count, pane.register.deaths), (1, 3), "this quarter's: the log's only");
            let screen = h.screen();
            insta::assert_snapshot!(format!("duty_registers_{tag}_{w}x{hgt}"), screen);
        }
    }
}

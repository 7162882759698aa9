//! Issue-level workflows driven through the real app with keys (headless): recording a drill
//! moves its deadline; a hazard goes through the closed loop with the role check on closure and
//! the on-time rate on the Overview follows.

mod common;

use anjian::domain::OperatorRole;
use anjian::domain::deadline::DeadlineKind;
use anjian::domain::hazard::HazardStatus;
use anjian::i18n::Lang;
use anjian::tui::headless::Headless;
use chrono::Duration;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

fn save(h: &mut Headless) {
    h.key_with(KeyCode::Char('s'), KeyModifiers::CONTROL);
}

#[test]
fn recording_a_drill_from_the_deadlines_screen_moves_its_deadline() {
    let (_d, mut h) = common::demo_app(Lang::Zh, None, 120, 40);
    // Only drills; the first one is the most overdue.
    h.key(KeyCode::Char('3')).key(KeyCode::Char('t')).key(KeyCode::Char('t'));
    let first = h.app.screens.deadlines.selected().cloned().expect("an overdue drill");
    assert_eq!(first.kind, DeadlineKind::Drill);
    assert!(first.due < common::today());
    let unit = first.unit_id.expect("a unit");
    h.key(KeyCode::Char('d'));
    assert!(h.screen().contains("记录疏散演练"), "the drill form opens");
    h.key(KeyCode::Tab).type_text("王主任");
    save(&mut h);
    assert!(h.app.form.is_none(), "{:?}", h.app.status);
    let moved = h.app.screens.deadlines.records.list.rows.iter().find(|d| d.unit_id == Some(unit)).map(|d| d.due);
    let hh = h
        .store()
        .conn()
        .query_row("SELECT sector FROM unit WHERE id = ?1", [unit], |r| r.get::<_, String>(0))
        .map(|s| anjian::domain::Sector::parse(&s).is_some_and(|s| s.high_hazard()))
        .expect("sector");
    let months = if hh { 6 } else { 12 };
    let want = anjian::domain::deadline::end_of_next_period(common::today(), months);
    // The unit's drill is now due by the end of the calendar period after today's (it may be beyond the loaded page).
    let due: String = h
        .store()
        .conn()
        .query_row(
            &format!("SELECT {} FROM unit WHERE id = ?1", anjian::store::deadlines::due_expr(DeadlineKind::Drill)),
            [unit],
            |r| r.get(0),
        )
        .expect("due");
    assert_eq!(due, want.to_string());
    assert_ne!(moved, Some(first.due), "the overdue entry left the top of the list");
    let audited: i64 = h
        .store()
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'inspection.record' AND operator = '演示值班员'",
            [],
            |r| r.get(0),
        )
        .expect("audit");
    assert_eq!(audited, 1);
}

#[test]
fn a_hazard_through_the_loop_with_the_supervisor_closing_and_the_rate_following() {
    let (_d, mut h) = common::demo_app(Lang::En, None, 120, 40);
    let before = h.app.screens.overview.hazards.clone().expect("hazard figures").year_major;
    // A new major hazard at the first unit of the first grid.
    h.key(KeyCode::Char('2')).key(KeyCode::Char('j')).key(KeyCode::Enter).key(KeyCode::Char('j'));
    h.key(KeyCode::Char('n'));
    assert!(h.screen().contains("New hazard"));
    h.type_text("Gas cylinders stored in the stairwell");
    h.key(KeyCode::Tab).key(KeyCode::Char(' ')); // major
    h.key(KeyCode::Tab).key(KeyCode::Tab);
    // Deadline: today + 10 days.
    let deadline = (common::today() + Duration::days(10)).to_string();
    for _ in 0..10 {
        h.key(KeyCode::Backspace);
    }
    h.type_text(&deadline);
    save(&mut h);
    assert!(h.app.form.is_none(), "{:?}", h.app.status);
    let id: i64 = h.store().conn().query_row("SELECT MAX(id) FROM hazard", [], |r| r.get(0)).expect("id");
    // Find it on the Hazards screen: open, major only.
    h.key(KeyCode::Char('4')).key(KeyCode::Char('M'));
    let pos = h.app.screens.hazards.records.list.rows.iter().position(|x| x.id == id).expect("listed");
    for _ in 0..pos {
        h.key(KeyCode::Char('j'));
    }
    assert_eq!(h.app.screens.hazards.records.detail.as_ref().map(|d| d.id), Some(id));
    h.key(KeyCode::Char('a')).key(KeyCode::Char('a'));
    assert_eq!(
        h.app.screens.hazards.records.detail.as_ref().map(|d| d.status),
        Some(HazardStatus::AwaitingVerification)
    );
    // A duty officer may not close a major hazard.
    if let Some(op) = h.app.operator.as_mut() {
        op.role = OperatorRole::Duty;
    }
    h.key(KeyCode::Char('v'));
    let status = h.app.status.clone().expect("refusal shown");
    assert!(status.error && status.text.contains("the supervisor's decision"), "{status:?}");
    assert_eq!(
        h.app.screens.hazards.records.detail.as_ref().map(|d| d.status),
        Some(HazardStatus::AwaitingVerification)
    );
    if let Some(op) = h.app.operator.as_mut() {
        op.role = OperatorRole::Supervisor;
    }
    h.key(KeyCode::Char('v'));
    assert!(h.screen().contains("Verify and close"), "closing asks for the verification note");
    h.type_text("复查合格，已拆除");
    save(&mut h);
    let (form, _) = h.app.form.as_ref().expect("no evidence: the form stays open");
    assert!(form.error.as_deref().is_some_and(|e| e.contains("evidence")), "{:?}", form.error);
    assert_eq!(
        anjian::store::hazards::get(h.store().conn(), id).expect("get").expect("exists").status,
        HazardStatus::AwaitingVerification,
        "a hazard is not closed without the rectification evidence"
    );
    h.key(KeyCode::Tab).type_text("整改前后照片4张");
    save(&mut h);
    let closed = anjian::store::hazards::get(h.store().conn(), id).expect("get").expect("exists");
    assert_eq!(closed.closure_note, "复查合格，已拆除");
    assert_eq!(closed.rectification_evidence, "整改前后照片4张");
    assert_eq!(closed.closed_by.as_deref(), Some("演示值班员"));
    assert_eq!(closed.status, HazardStatus::Closed);
    assert_eq!(closed.closed_on, Some(common::today()));
    // Closed before its deadline: one more on time, one more due — on the Overview once it is
    // shown (a screen not shown is read again when it is).
    h.key(KeyCode::Char('1'));
    let after = h.app.screens.overview.hazards.clone().expect("hazard figures").year_major;
    assert_eq!((after.due, after.on_time), (before.due + 1, before.on_time + 1));
    let screen = h.screen();
    let rate = after.on_time_rate().expect("rate");
    assert!(screen.contains(&format!("{rate:.1}% ({}/{})", after.on_time, after.due)), "{screen}");
}

#[test]
fn forms_refuse_bad_input_and_edits_conflict_cleanly() {
    let (_d, mut h) = common::demo_app(Lang::En, None, 120, 40);
    h.key(KeyCode::Char('4'));
    let first = h.app.screens.hazards.records.detail.clone().expect("a hazard");
    h.key(KeyCode::Char('e'));
    assert!(h.screen().contains("Edit hazard"));
    // Break the date.
    for _ in 0..3 {
        h.key(KeyCode::Tab);
    }
    h.type_text("x");
    save(&mut h);
    assert_eq!(h.app.form.as_ref().and_then(|(f, _)| f.error.clone()).as_deref(), Some("Dates are written YYYY-MM-DD"));
    h.key(KeyCode::Backspace);
    // Someone else edits the same hazard meanwhile.
    let mut other = anjian::store::Store::open(h.store().path()).expect("second terminal");
    other
        .write("李四", |w| {
            anjian::store::hazards::transition(
                w,
                first.id,
                first.version,
                HazardStatus::Rectifying,
                OperatorRole::Duty,
                common::today(),
                "",
                "",
            )
            .map_err(|e| match e {
                anjian::store::hazards::HazardError::Store(s) => s,
                other => anjian::store::StoreError::NotFound { entity: other.to_string(), record: String::new() },
            })
        })
        .ok();
    h.key(KeyCode::BackTab).key(KeyCode::BackTab).key(KeyCode::BackTab).type_text(" (rechecked)");
    save(&mut h);
    let status = h.app.status.clone().expect("status");
    assert!(status.error && status.text.contains("changed by 李四"), "{status:?}");
    // The form stays open with what was typed and the reason; nothing of it was stored.
    let (form, _) = h.app.form.as_ref().expect("the form stays open on a conflict");
    assert!(form.error.as_deref().is_some_and(|e| e.contains("changed by 李四")), "{:?}", form.error);
    assert!(form.text(0).ends_with(" (rechecked)"), "{}", form.text(0));
    let stored: String = h
        .store()
        .conn()
        .query_row("SELECT description FROM hazard WHERE id = ?1", [first.id], |r| r.get(0))
        .expect("description");
    assert_eq!(stored, first.description);
    // Leaving the form (Esc, then Esc again to let the typed text go) and opening it again starts
    // from the record as it now is.
    h.key(KeyCode::Esc).key(KeyCode::Esc);
    assert!(h.app.form.is_none());
}

#[test]
fn the_hazard_list_narrows_to_a_grid_then_a_community() {
    let (_d, mut h) = common::demo_app(Lang::Zh, None, 120, 40);
    h.key(KeyCode::Char('4')).key(KeyCode::Char('f')).key(KeyCode::Char('f')).key(KeyCode::Char('f'));
    let all = h.app.screens.hazards.records.list.total;
    let first = h.app.screens.hazards.selected().cloned().expect("a hazard");
    h.key(KeyCode::Char('o'));
    let in_grid = h.app.screens.hazards.records.list.total;
    assert!(h.app.screens.hazards.records.list.rows.iter().all(|x| x.grid_id == first.grid_id), "only the grid");
    h.key(KeyCode::Char('o'));
    let in_community = h.app.screens.hazards.records.list.total;
    assert!(
        h.app.screens.hazards.records.list.rows.iter().all(|x| x.community_id == first.community_id),
        "only the community"
    );
    assert!(in_grid <= in_community && in_community <= all, "{in_grid} {in_community} {all}");
    assert!(h.screen().contains("本社区"));
    h.key(KeyCode::Char('o'));
    assert_eq!(h.app.screens.hazards.records.list.total, all);
}

#[test]
fn an_item_added_on_the_deadlines_screen_is_listed_and_can_be_marked_done() {
    let (_d, mut h) = common::demo_app(Lang::En, None, 120, 40);
    h.key(KeyCode::Char('3')).key(KeyCode::Char('+'));
    assert!(h.screen().contains("Add an item"));
    h.type_text("Send the flood-season plan");
    h.key(KeyCode::Tab);
    for _ in 0..10 {
        h.key(KeyCode::Backspace);
    }
    h.type_text(&common::today().to_string());
    save(&mut h);
    assert!(h.app.form.is_none(), "{:?}", h.app.status);
    // Due today, it ranks right after the overdue items; walk to it.
    h.key(KeyCode::Char('g'));
    let mut found = false;
    for _ in 0..h.app.screens.deadlines.records.list.total {
        if h.app.screens.deadlines.selected().is_some_and(|d| d.title == "Send the flood-season plan") {
            found = true;
            break;
        }
        h.key(KeyCode::Char('j'));
    }
    assert!(found, "the new item is listed");
    h.key(KeyCode::Char('x'));
    let done: Option<String> = h
        .store()
        .conn()
        .query_row("SELECT done_on FROM manual_deadline WHERE title = 'Send the flood-season plan'", [], |r| r.get(0))
        .expect("row");
    assert_eq!(done, Some(common::today().to_string()));
    assert!(
        h.app.screens.deadlines.records.list.rows.iter().all(|d| d.title != "Send the flood-season plan"),
        "done items leave the list"
    );
}

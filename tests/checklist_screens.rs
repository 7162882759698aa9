//! The Checklist screen on the demo office: snapshots of the list with the item and progress
//! panes, the item form, and the compiled report's preview with the export gauge (80x24 and
//! 120x40, Chinese and English); then the keys that tick items, write the report's own text, and
//! compile and export the report, with what they store.

mod common;

use anjian::domain::OperatorRole;
use anjian::domain::checklist::ItemStatus;
use anjian::i18n::Lang;
use anjian::tui::headless::Headless;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];
const LANGS: [(Lang, &str); 2] = [(Lang::Zh, "zh"), (Lang::En, "en")];

fn snap(name: &str, h: &mut Headless) {
    insta::assert_snapshot!(name, h.screen());
}

fn save(h: &mut Headless) {
    h.key_with(KeyCode::Char('s'), KeyModifiers::CONTROL);
}

#[test]
fn list_item_form_and_report_preview() {
    for (w, hgt) in SIZES {
        for (lang, tag) in LANGS {
            let (_d, mut h) = common::demo_app(lang, None, w, hgt);
            h.key(KeyCode::Char('7'));
            snap(&format!("checklist_list_{tag}_{w}x{hgt}"), &mut h);
            h.key(KeyCode::Char('j')).key(KeyCode::Char('j'));
            h.key(KeyCode::Char('e'));
            snap(&format!("checklist_item_form_{tag}_{w}x{hgt}"), &mut h);
            h.key(KeyCode::Esc);
            h.key(KeyCode::Char('c'));
            snap(&format!("checklist_preview_{tag}_{w}x{hgt}"), &mut h);
        }
    }
}

#[test]
fn the_assessment_plan_shows_its_self_score_and_the_export_gauge_its_files() {
    for (lang, tag) in LANGS {
        let (_d, mut h) = common::demo_app(lang, None, 120, 40);
        // A path of fixed length, so that the gauge's text is the same on every machine.
        h.app.report_dir = std::path::PathBuf::from(format!("target/tmp/checklist-report-{tag}"));
        h.key(KeyCode::Char('7'));
        // The demo loads four plans and opens on its main one; `p` steps to the assessment, opened
        // on its last quarter.
        for _ in 0..4 {
            if h.app.screens.checklist.pane.as_ref().is_some_and(|p| p.score.is_some()) {
                break;
            }
            h.key(KeyCode::Char('p'));
        }
        assert_eq!(h.app.screens.checklist.quarter(h.app.today).label(), "2024Q4");
        assert!(h.app.screens.checklist.pane.as_ref().is_some_and(|p| p.score.is_some()));
        snap(&format!("checklist_assessment_{tag}_120x40"), &mut h);
        h.key(KeyCode::Char('c')).key(KeyCode::Char('w'));
        let run = h.app.screens.checklist.export.clone().expect("export ran");
        assert_eq!((run.written.len(), run.error.as_deref()), (3, None));
        snap(&format!("checklist_exported_{tag}_120x40"), &mut h);
    }
}

#[test]
fn keys_tick_items_write_the_own_text_and_conflicts_are_told() {
    let (_d, mut h) = common::demo_app(Lang::Zh, None, 120, 40);
    h.key(KeyCode::Char('7'));
    // The demo's first item is done; the third has not been touched.
    h.key(KeyCode::Char('j')).key(KeyCode::Char('j'));
    let item = h.app.screens.checklist.selected().cloned().expect("item");
    assert_eq!((item.status, item.version), (ItemStatus::NotStarted, 0));
    h.key(KeyCode::Char('s'));
    let after = h.app.screens.checklist.selected().cloned().expect("item");
    assert_eq!((after.status, after.version), (ItemStatus::InProgress, 1));
    h.key(KeyCode::Char('x'));
    assert_eq!(h.app.screens.checklist.selected().map(|i| i.status), Some(ItemStatus::Done));

    // The form: evidence note and section.
    h.key(KeyCode::Char('e'));
    h.key(KeyCode::Tab).type_text("见附件三");
    h.key(KeyCode::Tab).key_with(KeyCode::Char('u'), KeyModifiers::CONTROL).type_text("应急办");
    save(&mut h);
    let item = h.app.screens.checklist.selected().cloned().expect("item");
    assert_eq!((item.note.as_str(), item.section.as_str(), item.version), ("见附件三", "应急办", 3));
    let audits: i64 = h
        .store()
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'checklist.edit' AND record LIKE ?1",
            [format!("{}/%", item.measure_id)],
            |r| r.get(0),
        )
        .expect("audit");
    assert_eq!(audits, 3);

    // Another terminal changes the same item meanwhile: this one is told, nothing is overwritten.
    h.store()
        .conn()
        .execute(
            "UPDATE checklist_entry SET version = version + 1, updated_by = '值班员乙', note = '乙的说明' WHERE measure_id = ?1",
            [item.measure_id],
        )
        .expect("other terminal");
    h.key(KeyCode::Char('x'));
    let status = h.app.status.clone().expect("status");
    assert!(status.error && status.text.contains("值班员乙"), "{status:?}");
    let note: String = h
        .store()
        .conn()
        .query_row("SELECT note FROM checklist_entry WHERE measure_id = ?1", [item.measure_id], |r| r.get(0))
        .expect("note");
    assert_eq!(note, "乙的说明");

    // The report's own text, kept as a draft for the quarter.
    h.key(KeyCode::Char('t'));
    h.key_with(KeyCode::Char('u'), KeyModifiers::CONTROL).type_text("一是台账不全。");
    save(&mut h);
    let (body, version) = anjian::store::checklist::draft(
        h.store().conn(),
        anjian::domain::calendar::Quarter::of(common::today()),
        "problems",
    )
    .expect("draft");
    assert_eq!((body.as_str(), version), ("一是台账不全。", 2));

    // A viewer reads but cannot tick.
    h.app.operator.as_mut().expect("op").role = OperatorRole::Viewer;
    h.key(KeyCode::Char('x'));
    assert!(h.app.status.as_ref().is_some_and(|s| s.error));
}

#[test]
fn a_plan_deadline_opens_its_item_on_the_checklist() {
    let (_d, mut h) = common::demo_app(Lang::En, None, 120, 40);
    h.key(KeyCode::Char('3'));
    // Cycle the kind filter to plan measures (the last kind in the cycle).
    for _ in 0..7 {
        h.key(KeyCode::Char('t'));
    }
    let first = h.app.screens.deadlines.selected().cloned().expect("a plan deadline");
    assert_eq!(first.kind, anjian::domain::deadline::DeadlineKind::PlanMeasure, "{}", h.screen());
    h.key(KeyCode::Enter);
    assert_eq!(h.app.screen, anjian::tui::app::Screen::Checklist);
    let measure: i64 = first.reference.split('/').next().and_then(|m| m.parse().ok()).expect("measure id");
    assert_eq!(h.app.screens.checklist.selected().map(|i| i.measure_id), Some(measure), "{}", h.screen());
}

/// The preview reads as the document: no Markdown marks, and `G` ends on the report's last line
/// (not on an empty pane).
#[test]
fn the_preview_is_laid_out_and_ends_on_its_last_line() {
    let (_d, mut h) = common::demo_app(Lang::Zh, None, 80, 24);
    h.key(KeyCode::Char('7')).key(KeyCode::Char('c'));
    let screen = h.screen();
    assert!(screen.contains("报告预览") && !screen.contains("|---") && !screen.contains("# "), "{screen}");
    h.key(KeyCode::Char('G'));
    let screen = h.screen();
    let inside: Vec<&str> = screen.lines().filter(|l| l.starts_with('│')).collect();
    let last = inside.last().expect("rows");
    assert!(last.trim_matches(|c| c == '│' || c == ' ').chars().count() > 0, "the last row holds text:\n{screen}");
    let blanks = inside.iter().filter(|l| l.trim_matches(|c| c == '│' || c == ' ').is_empty()).count();
    assert!(blanks < inside.len() / 2, "a page of text, not an empty pane:\n{screen}");
}

/// Before `w`, the Checklist says what the report cannot be sent without, by name and with the
/// command that sets it.
#[test]
fn the_checklist_says_what_the_report_still_needs() {
    for (lang, tag) in LANGS {
        for (w, hgt) in SIZES {
            let (demo, mut h) = common::demo_app(lang, None, w, hgt);
            common::open(&demo.path)
                .conn()
                .execute("UPDATE office SET superior = '', contact_phone = ''", [])
                .expect("clear");
            h.key(KeyCode::Char('7'));
            h.changed_elsewhere();
            let screen = h.screen();
            let words =
                if lang == Lang::Zh { "报告还缺：主送机关、联系电话" } else { "The report still needs" };
            assert!(screen.contains(words), "{screen}");
            snap(&format!("checklist_report_needs_{tag}_{w}x{hgt}"), &mut h);
        }
    }
}

/// The Checklist's items come before their figures are counted: the first frame shows the list,
/// the figures follow in their own reply, which fills every one of them.
#[test]
fn the_items_come_before_their_figures() {
    use anjian::tui::app::Msg;
    use anjian::tui::screens::checklist::msg::{Rep, Req};
    use anjian::tui::screens::{Reply, Request};
    use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
    let (demo, mut h) = common::demo_app(Lang::Zh, None, 120, 40);
    let reqs = h.app.update(Msg::Key(KeyEvent::new(KeyCode::Char('7'), KeyModifiers::NONE)));
    let mut queue: std::collections::VecDeque<Request> = reqs.into();
    let mut figures_asked = false;
    while let Some(r) = queue.pop_front() {
        if let Request::Checklist(Req::Figures { needed, .. }) = &r {
            figures_asked = true;
            let pane = h.app.screens.checklist.pane.as_ref().expect("the items came first");
            assert!(!pane.items.is_empty());
            assert_eq!(needed.len(), pane.figures.len(), "every figure of the items is counted");
            assert!(pane.figures.iter().all(|(_, v)| v.is_empty()), "not counted yet: {:?}", pane.figures);
        }
        let reply = h.backend.execute(r);
        if let Reply::Checklist(Rep::Items(pane)) = &reply {
            assert!(pane.figures.iter().all(|(_, v)| v.is_empty()), "the items' reply does not wait for figures");
        }
        queue.extend(h.app.update(Msg::Reply(Box::new(reply))));
    }
    assert!(figures_asked, "the figures were asked for");
    let pane = h.app.screens.checklist.pane.as_ref().expect("pane");
    let needed: Vec<_> = pane.figures.iter().map(|(f, _)| *f).collect();
    assert!(!needed.is_empty(), "the demo plan links figures");
    let store = common::open(&demo.path);
    let want =
        anjian::report::figure_values(store.conn(), pane.quarter, common::today(), &needed, Lang::Zh).expect("figures");
    assert_eq!(pane.figures, want, "every figure filled in");
}

//! The Tip-offs screen on the demo office: snapshots of the queue, the detail with its timeline,
//! the intake form, and the reporter masked and revealed (80x24 and 120x40, Chinese and English);
//! a tip-off taken through the keys from intake to reward with its hazard; identity hygiene.

mod common;

use anjian::domain::OperatorRole;
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

/// Selects the tip-off whose description contains `text`.
fn select(h: &mut Headless, text: &str) {
    h.key(KeyCode::Char('g'));
    for _ in 0..40 {
        if h.app.screens.tipoffs.selected().is_some_and(|t| t.description.contains(text)) {
            return;
        }
        h.key(KeyCode::Char('j'));
    }
    panic!("no tip-off with {text}:\n{}", h.screen());
}

#[test]
fn queue_detail_intake_and_identity_masked_then_revealed() {
    for (w, hgt) in SIZES {
        for (lang, tag) in LANGS {
            let (_d, mut h) = common::demo_app(lang, None, w, hgt);
            h.key(KeyCode::Char('5'));
            snap(&format!("tipoffs_list_{tag}_{w}x{hgt}"), &mut h);
            select(&mut h, "危化品仓库");
            snap(&format!("tipoffs_detail_masked_{tag}_{w}x{hgt}"), &mut h);
            h.key(KeyCode::Char('i'));
            snap(&format!("tipoffs_detail_revealed_{tag}_{w}x{hgt}"), &mut h);
            h.key(KeyCode::Char('+'));
            snap(&format!("tipoffs_intake_form_{tag}_{w}x{hgt}"), &mut h);
        }
    }
}

#[test]
fn identity_is_masked_revealed_only_to_a_supervisor_and_forgotten_on_moving_away() {
    let (_d, mut h) = common::demo_app(Lang::Zh, None, 120, 40);
    h.key(KeyCode::Char('5'));
    select(&mut h, "危化品仓库");
    let screen = h.screen();
    // Registered, and nothing of it: no surname, no digits (nothing is decrypted to show that much).
    assert!(screen.contains("已登记（主管可查看）") && !screen.contains("吴") && !screen.contains("0003"), "{screen}");
    h.key(KeyCode::Char('i'));
    let screen = h.screen();
    assert!(screen.contains("吴佳 13588000003"), "{screen}");
    let reveals: i64 = h
        .store()
        .conn()
        .query_row("SELECT count(*) FROM audit_log WHERE action = 'tipoff.reveal'", [], |r| r.get(0))
        .expect("audit");
    assert_eq!(reveals, 1);
    h.key(KeyCode::Char('j'));
    h.key(KeyCode::Char('k'));
    assert!(h.app.screens.tipoffs.revealed.is_none(), "moving away forgets the identity");
    assert!(!h.screen().contains("吴佳"));

    // A duty officer sees the mask and cannot reveal (the role table refuses before the store would).
    h.app.operator.as_mut().expect("op").role = OperatorRole::Duty;
    h.key(KeyCode::Char('i'));
    assert!(h.app.status.as_ref().is_some_and(|s| s.error && s.text.contains("需要主管角色")), "{:?}", h.app.status);
    assert!(!h.screen().contains("吴佳"));
    // The store worker decides by the role it signed in, whatever a request says.
    h.backend.signed.as_mut().expect("signed").role = OperatorRole::Duty;
    let id = h.app.screens.tipoffs.selected().expect("selected").id;
    use anjian::tui::screens::tipoffs::msg::{Rep, Req};
    let reply = h
        .backend
        .execute(anjian::tui::worker::Request::Tipoffs(Req::Reveal { id, operator: "演示值班员".into() }));
    assert!(
        matches!(&reply, anjian::tui::worker::Reply::Tipoffs(Rep::Revealed { identity: Err(e), .. }) if e.contains("only a supervisor")),
        "{reply:?}"
    );
}

#[test]
fn a_tip_off_from_the_hotline_to_its_reward_and_hazard_through_the_keys() {
    let (_d, mut h) = common::demo_app(Lang::Zh, None, 120, 40);
    h.key(KeyCode::Char('5'));
    let uscc: String = h
        .store()
        .conn()
        .query_row("SELECT uscc FROM unit WHERE uscc IS NOT NULL AND grid_id IS NOT NULL LIMIT 1", [], |r| r.get(0))
        .expect("unit");
    h.key(KeyCode::Char('+'));
    h.key(KeyCode::Tab).key(KeyCode::Tab).type_text("锅炉房无证操作，压力表损坏");
    // The unit field searches as one types; the match is picked.
    h.key(KeyCode::Tab).type_text(&uscc);
    assert!(h.screen().contains(&format!("{uscc} → ")), "{}", h.screen());
    h.key(KeyCode::Tab).key(KeyCode::Tab).key(KeyCode::Tab).type_text("冯某");
    h.key(KeyCode::Tab).type_text("13900001111");
    save(&mut h);
    assert!(h.app.form.is_none(), "{}", h.screen());
    let id: i64 = h.store().conn().query_row("SELECT max(id) FROM tipoff", [], |r| r.get(0)).expect("id");
    let picked: String = h
        .store()
        .conn()
        .query_row("SELECT u.uscc FROM tipoff t JOIN unit u ON u.id = t.unit_id WHERE t.id = ?1", [id], |r| r.get(0))
        .expect("unit");
    assert_eq!(picked, uscc);
    select(&mut h, "锅炉房");
    for key in ['a', 'v'] {
        h.key(KeyCode::Char(key));
    }
    h.key(KeyCode::Char('y'));
    h.key(KeyCode::Tab).type_text("50000").key(KeyCode::Tab).type_text("属实");
    save(&mut h);
    // The hazard from the verified tip-off: one step, linked both ways.
    h.key(KeyCode::Char('n'));
    save(&mut h);
    h.key(KeyCode::Char('p')).type_text("已立案查处，感谢您的举报");
    save(&mut h);
    h.key(KeyCode::Char('w'));
    save(&mut h);
    h.key(KeyCode::Char('x')).type_text("办结");
    save(&mut h);
    let (status, reward, hazard): (String, Option<f64>, Option<i64>) = h
        .store()
        .conn()
        .query_row("SELECT status, reward, hazard_id FROM tipoff WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .expect("row");
    assert_eq!((status.as_str(), reward, hazard.is_some()), ("closed", Some(7500.0), true), "{}", h.screen());
    let kinds: Vec<String> =
        anjian::store::tipoffs::events(h.store().conn(), id).expect("events").into_iter().map(|e| e.2).collect();
    assert_eq!(
        kinds,
        ["received", "accepted", "verifying", "substantiated", "hazard", "replied", "rewarded", "closed"]
    );
    let raw_has_name = {
        h.store().conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").expect("checkpoint");
        let raw = std::fs::read(h.store().path()).expect("db");
        raw.windows("冯某".len()).any(|w| w == "冯某".as_bytes())
    };
    assert!(!raw_has_name, "the reporter typed into the form is sealed");
}

#[test]
fn o_narrows_the_queue_to_the_grid_then_the_community_then_back() {
    let (_d, mut h) = common::demo_app(Lang::En, None, 120, 40);
    h.key(KeyCode::Char('5'));
    let all = h.app.screens.tipoffs.records.list.total;
    let sel = h.app.screens.tipoffs.selected().cloned().expect("a tip-off");
    h.key(KeyCode::Char('o'));
    assert!(h.app.screens.tipoffs.records.list.total >= 1 && h.app.screens.tipoffs.records.list.total <= all);
    assert!(h.app.screens.tipoffs.records.list.rows.iter().all(|t| t.grid_id == sel.grid_id), "only the grid");
    assert!(h.screen().contains("this grid"));
    h.key(KeyCode::Char('o'));
    assert!(
        h.app.screens.tipoffs.records.list.rows.iter().all(|t| t.community_id == sel.community_id),
        "only the community"
    );
    h.key(KeyCode::Char('o'));
    assert_eq!(h.app.screens.tipoffs.records.list.total, all, "and back to all");
}

/// The reward form tells the 2018 rules' two cases apart: for a concealed accident the officer
/// gives its level and the deaths concealed, and an amount left empty is the rules' proposal
/// (here a larger accident, two deaths: 2 × ¥40,000), recorded with what it rests on.
#[test]
fn a_concealed_accident_is_rewarded_per_death_by_its_level() {
    for (lang, tag) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        for (w, hgt) in [(80, 24), (120, 40)] {
            let (_d, mut h) = common::demo_app(lang, None, w, hgt);
            h.key(KeyCode::Char('5'));
            select(&mut h, "危化品仓库");
            let id = h.app.screens.tipoffs.selected().map(|t| t.id).expect("selected");
            h.key(KeyCode::Char('p')).type_text("已核查，感谢监督");
            save(&mut h);
            h.key(KeyCode::Char('w'));
            h.key(KeyCode::Right); // 瞒报谎报事故
            h.key(KeyCode::Tab).key(KeyCode::Tab).key(KeyCode::Right); // 较大事故
            h.key(KeyCode::Tab).key(KeyCode::Backspace).type_text("2");
            insta::assert_snapshot!(format!("tipoff_reward_concealed_{tag}_{w}x{hgt}"), h.screen());
            save(&mut h);
            assert!(h.app.form.is_none(), "{}", h.screen());
            let (reward, said): (Option<f64>, String) = h
                .store()
                .conn()
                .query_row(
                    "SELECT t.reward, e.text FROM tipoff t JOIN tipoff_event e ON e.tipoff_id = t.id AND e.kind = 'rewarded'
                     WHERE t.id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .expect("rewarded");
            assert_eq!(reward, Some(80_000.0), "{}", h.screen());
            assert!(said.contains("较大事故瞒报谎报 2 人，每人 40000 元"), "{said}");
        }
    }
}

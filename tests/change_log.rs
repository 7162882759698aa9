//! The change log (migration 029) and what a terminal does with it: each screen names the tables
//! it reads (checked against what SQLite itself says its queries read), and a terminal that reads
//! again only what the log names holds exactly what a terminal opened afresh shows.

mod common;

use anjian::i18n::Lang;
use anjian::tui::app::Msg;
use anjian::tui::messages::AppReq;
use anjian::tui::screens::{Request, Screen};
use proptest::prelude::*;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use rusqlite::hooks::{AuthAction, Authorization};
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

/// Tables written only together with a logged one, and what they are logged as.
fn logged_as(table: &str) -> Option<&str> {
    let base = table.split("_fts").next().unwrap_or(table);
    Some(match table {
        "alarm_area" | "alarm_tally" => "alarm",
        "unit_due_tally" => "unit",
        "hazard_tally" => "hazard",
        "audit_chain" => "audit_log",
        "sqlite_master" | "sqlite_temp_master" | "sqlite_schema" | "change_log" => return None,
        t if t.starts_with("sqlite_stat") => return None,
        t if t.contains("_fts") => base,
        t => t,
    })
}

/// Records every table the statements prepared from now on read.
fn watch(h: &anjian::tui::headless::Headless) -> Arc<Mutex<BTreeSet<String>>> {
    let seen = Arc::new(Mutex::new(BTreeSet::new()));
    let s = seen.clone();
    let conn = h.backend.store.conn();
    conn.authorizer(Some(move |ctx: rusqlite::hooks::AuthContext<'_>| {
        let table = match ctx.action {
            AuthAction::Read { table_name, .. } => Some(table_name),
            AuthAction::Unknown { code: 20, arg1, .. } => arg1,
            _ => None,
        };
        if let Some(t) = table.and_then(logged_as)
            && let Ok(mut seen) = s.lock()
        {
            seen.insert(t.to_string());
        }
        Authorization::Allow
    }))
    .expect("authorizer");
    seen
}

fn take(h: &anjian::tui::headless::Headless, seen: &Arc<Mutex<BTreeSet<String>>>) -> BTreeSet<String> {
    h.backend.store.conn().flush_prepared_statement_cache();
    std::mem::take(&mut *seen.lock().expect("lock"))
}

/// Runs what a screen asked for, without the app's own requests (the banner's, the office's),
/// which are checked on their own.
fn screen_only(h: &mut anjian::tui::headless::Headless, reqs: Vec<Request>) {
    h.settle(reqs.into_iter().filter(|r| !matches!(r, Request::App(_))).collect());
}

#[test]
fn every_screen_names_the_tables_its_queries_read() {
    let (demo, mut h) = common::demo_app(Lang::Zh, None, 120, 40);
    // Every hazard and alarm has its officer, so that the details read their notices too.
    let other = rusqlite::Connection::open(&demo.path).expect("open");
    other
        .execute_batch(
            "UPDATE hazard SET officer_id = (SELECT min(id) FROM officer);
             UPDATE alarm SET officer_id = (SELECT min(id) FROM officer), status = 'dispatched' WHERE status = 'new';",
        )
        .expect("officers");
    h.changed_elsewhere();
    let seen = watch(&h);
    let mut wrong = Vec::new();
    let key = |h: &mut anjian::tui::headless::Headless, k: KeyCode| {
        let reqs = h.app.update(Msg::Key(KeyEvent::new(k, KeyModifiers::NONE)));
        screen_only(h, reqs);
    };
    for &screen in Screen::ALL {
        take(&h, &seen);
        // Shown, a row chosen (its detail), read again as after a commit.
        key(&mut h, KeyCode::Char(char::from(b'0' + screen.number())));
        key(&mut h, KeyCode::Down);
        key(&mut h, KeyCode::Up);
        let reqs = h.app.reload_all();
        screen_only(&mut h, reqs);
        let read = take(&h, &seen);
        let declared: BTreeSet<&str> = screen.reads().iter().copied().collect();
        let missing: Vec<&String> = read.iter().filter(|t| !declared.contains(t.as_str())).collect();
        eprintln!("{screen:?} reads {read:?}");
        if !missing.is_empty() {
            wrong.push(format!("{screen:?} reads {missing:?} without naming them"));
        }
    }
    let now = anjian::domain::time::stamp(common::now());
    for (req, declared) in [
        (AppReq::Office, anjian::tui::messages::OFFICE_READS),
        (AppReq::Attention { now }, anjian::tui::messages::ATTENTION_READS),
    ] {
        take(&h, &seen);
        h.backend.execute(Request::App(req.clone()));
        let read = take(&h, &seen);
        let missing: Vec<&String> = read.iter().filter(|t| !declared.contains(&t.as_str())).collect();
        if !missing.is_empty() {
            wrong.push(format!("{req:?} reads {missing:?} without naming them"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// Each part of the Overview is read again on its own when a table it names changes, so each part
/// must name every table its query reads (the screen's list is only their union).
#[test]
fn every_overview_part_names_the_tables_its_query_reads() {
    use anjian::tui::screens::overview::msg::Req as Part;
    let (_demo, mut h) = common::demo_app(Lang::Zh, None, 120, 40);
    let seen = watch(&h);
    let today = common::today();
    let parts = [Part::Stats, Part::Hazards { today }, Part::Due { today }, Part::Tipoffs { today }, Part::Alarms];
    let mut wrong = Vec::new();
    for part in parts {
        take(&h, &seen);
        h.backend.execute(Request::Overview(part.clone()));
        let read = take(&h, &seen);
        assert!(!read.is_empty(), "{part:?} read nothing");
        let missing: Vec<&String> = read.iter().filter(|t| !part.reads().contains(&t.as_str())).collect();
        eprintln!("{part:?} reads {read:?}");
        if !missing.is_empty() {
            wrong.push(format!("{part:?} reads {missing:?} without naming them"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// Each Checklist figure is counted from the tables it names, which is what the Checklist counts
/// again when they change.
#[test]
fn every_figure_names_the_tables_it_is_counted_from() {
    use anjian::domain::calendar::Quarter;
    use anjian::domain::checklist::Figure;
    let (_demo, h) = common::demo_app(Lang::Zh, None, 120, 40);
    let seen = watch(&h);
    let today = common::today();
    for f in Figure::ALL {
        take(&h, &seen);
        anjian::report::figure_values(h.backend.store.conn(), Quarter::of(today), today, &[f], Lang::Zh)
            .expect("figure");
        let read = take(&h, &seen);
        let named = anjian::report::figure_reads(f);
        assert!(!read.is_empty(), "{f:?} read nothing");
        let missing: Vec<&String> = read.iter().filter(|t| !named.contains(&t.as_str())).collect();
        assert!(missing.is_empty(), "{f:?} reads {missing:?} without naming them");
        let declared = Screen::Checklist.reads();
        assert!(named.iter().all(|t| declared.contains(t)), "{f:?}: the Checklist names {named:?}");
    }
}

/// A write another process makes (a sync, another terminal, sqlite3 in a repair).
#[derive(Debug, Clone)]
enum Elsewhere {
    NewAlarm {
        level: usize,
        open: bool,
    },
    CloseAlarm(i64),
    AlarmHeadline(i64),
    NewHazard {
        major: bool,
    },
    HazardStep(i64),
    RenameUnit(i64),
    NewDeadline {
        days: i64,
    },
    TipoffText(i64),
    RenameOfficer(i64),
    RenameOffice,
    DutyEntry,
    Silence,
    FeedFailed,
    /// A write rolled back: nothing of it may show.
    RolledBack,
}

fn elsewhere() -> impl Strategy<Value = Elsewhere> {
    prop_oneof![
        (0usize..4, any::<bool>()).prop_map(|(level, open)| Elsewhere::NewAlarm { level, open }),
        (0i64..40).prop_map(Elsewhere::CloseAlarm),
        (0i64..40).prop_map(Elsewhere::AlarmHeadline),
        any::<bool>().prop_map(|major| Elsewhere::NewHazard { major }),
        (0i64..70).prop_map(Elsewhere::HazardStep),
        (0i64..40).prop_map(Elsewhere::RenameUnit),
        (-5i64..20).prop_map(|days| Elsewhere::NewDeadline { days }),
        (0i64..60).prop_map(Elsewhere::TipoffText),
        (0i64..20).prop_map(Elsewhere::RenameOfficer),
        Just(Elsewhere::RenameOffice),
        Just(Elsewhere::DutyEntry),
        Just(Elsewhere::Silence),
        Just(Elsewhere::FeedFailed),
        Just(Elsewhere::RolledBack),
    ]
}

fn apply(conn: &rusqlite::Connection, w: &Elsewhere, n: usize) {
    let nth =
        |table: &str, where_: &str, k: i64| format!("(SELECT id FROM {table} {where_} ORDER BY id LIMIT 1 OFFSET {k})");
    let sql = match w {
        Elsewhere::NewAlarm { level, open } => format!(
            "INSERT INTO alarm (dedup_key, feed, source, msg_status, level, status, headline, event, area, sent, first_seen, last_seen, unit_id)
             VALUES ('elsewhere-{n}', 'weather', 's', 'Actual', '{}', '{}', '别处收到的预警{n}', '大风', '溪口村',
                     '2026-11-23T0{}:1{}:00+08:00', 'x', 'x', (SELECT min(id) + {n} FROM unit));",
            ["major", "significant", "general", "low"][*level],
            if *open { "new" } else { "resolved" },
            n % 10,
            n % 6,
        ),
        Elsewhere::CloseAlarm(k) => format!(
            "UPDATE alarm SET status = 'resolved', version = version + 1 WHERE id = {};",
            nth("alarm", "WHERE status = 'new'", *k % 8)
        ),
        Elsewhere::AlarmHeadline(k) => {
            format!("UPDATE alarm SET headline = '改过的标题{n}', count = count + 1 WHERE id = {};", nth("alarm", "", *k % 30))
        }
        Elsewhere::NewHazard { major } => format!(
            "INSERT INTO hazard (unit_id, description, source, found_on, deadline, major, updated_by, updated_at)
             VALUES ((SELECT min(id) + {n} FROM unit), '别处登记的隐患{n}', 'other', '2026-11-2{}', '2026-1{}-20', {}, 'x', 'x');",
            n % 4,
            1 + n % 2,
            i64::from(*major)
        ),
        Elsewhere::HazardStep(k) if k % 3 == 0 => format!(
            "UPDATE hazard SET status = 'closed', closed_on = '2026-11-2{}', version = version + 1 WHERE id = {};",
            n % 4,
            nth("hazard", "WHERE status != 'closed'", *k % 40)
        ),
        Elsewhere::HazardStep(k) => format!(
            "UPDATE hazard SET status = CASE status WHEN 'found' THEN 'rectifying' ELSE 'found' END,
                    description = description || '·', version = version + 1 WHERE id = {};",
            nth("hazard", "WHERE status != 'closed'", *k % 40)
        ),
        // A unit that a list shows near its top (a hazard due soonest, a newest alarm or tip-off).
        Elsewhere::RenameUnit(k) => {
            let shown = [
                "SELECT unit_id FROM hazard WHERE status != 'closed' ORDER BY deadline, id",
                "SELECT unit_id FROM alarm WHERE unit_id IS NOT NULL ORDER BY sent DESC, id DESC",
                "SELECT unit_id FROM tipoff WHERE unit_id IS NOT NULL ORDER BY received_at DESC, id DESC",
            ][(*k % 3) as usize];
            format!("UPDATE unit SET name = '改名企业{n}' WHERE id = ({shown} LIMIT 1 OFFSET {});", *k % 8)
        }
        Elsewhere::NewDeadline { days } => format!(
            "INSERT INTO manual_deadline (title, due) VALUES ('别处添加的事项{n}', date('2026-11-23', '{days:+} days'));"
        ),
        Elsewhere::TipoffText(k) => format!(
            "UPDATE tipoff SET description = '改过的举报{n}', location = '东街{n}号' WHERE id = {};",
            nth("tipoff", "", *k % 50)
        ),
        Elsewhere::RenameOfficer(k) => format!("UPDATE officer SET name = '换人{n}' WHERE id = {};", nth("officer", "", *k)),
        Elsewhere::RenameOffice => format!("UPDATE office SET name = '改名的安监办{n}';"),
        Elsewhere::DutyEntry => format!(
            "INSERT INTO duty_entry (operator, at, kind, text) VALUES ('别人', '2026-11-23T09:0{}:00+08:00', 'note', '别处记下的值班事项{n}');",
            n % 10
        ),
        Elsewhere::Silence => format!(
            "INSERT INTO silence (matcher, reason, starts_at, ends_at, created_by)
             VALUES ('event=大风', '别处加的静默{n}', '2026-11-23T08:00:00+08:00', '2026-11-24T08:00:00+08:00', '别人');"
        ),
        Elsewhere::FeedFailed => format!(
            "UPDATE feed SET last_attempt = '2026-11-23T09:2{}:00+08:00', last_error = '上游不可达{n}';",
            n % 10
        ),
        Elsewhere::RolledBack => {
            conn.execute_batch("BEGIN; UPDATE unit SET name = '不该出现'; UPDATE alarm SET headline = '不该出现'; ROLLBACK;")
                .expect("rolled back");
            return;
        }
    };
    conn.execute_batch(&sql).unwrap_or_else(|e| panic!("{w:?}: {e}\n{sql}"));
}

/// Every screen as a terminal shows it: the kept one is on each in turn, as the fresh one.
fn every_screen(h: &mut anjian::tui::headless::Headless) -> Vec<String> {
    Screen::ALL
        .iter()
        .map(|s| {
            h.key(KeyCode::Char(char::from(b'0' + s.number())));
            // Every figure of the Checklist's items, also those below the screen's fold.
            let figures = match s {
                Screen::Checklist => format!("{:?}", h.app.screens.checklist.pane.as_ref().map(|p| &p.figures)),
                _ => String::new(),
            };
            format!("{s:?}\n{}{figures}", h.screen())
        })
        .collect()
}

/// The kept and the fresh screen without the footer line where the kept one says a record left
/// its list (the notice stays on the following screens for a while); unchanged otherwise.
fn without_notice(kept: &str, fresh: &str) -> (String, String) {
    let Some(at) = kept.lines().position(|l| l.contains("已不在列表中")) else {
        return (kept.to_string(), fresh.to_string());
    };
    let drop = |s: &str| s.lines().enumerate().filter(|(i, _)| *i != at).map(|(_, l)| l).collect::<Vec<_>>().join("\n");
    (drop(kept), drop(fresh))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// A terminal that, after commits elsewhere, reads again only what the change log names
    /// (the shown screen's changed parts now, the other screens when shown) shows on every
    /// screen exactly what a terminal opened afresh on the same database shows.
    #[test]
    fn a_terminal_kept_by_the_change_log_shows_what_a_fresh_one_shows(
        rounds in proptest::collection::vec((proptest::collection::vec(elsewhere(), 1..6), 0usize..8), 1..4)
    ) {
        let (demo, mut kept) = common::demo_app(Lang::Zh, None, 120, 40);
        every_screen(&mut kept);
        let other = rusqlite::Connection::open(&demo.path).expect("open");
        let mut n = 0;
        for (writes, shown) in rounds {
            let shown = Screen::ALL[shown % Screen::ALL.len()];
            kept.key(KeyCode::Char(char::from(b'0' + shown.number())));
            for w in &writes {
                n += 1;
                apply(&other, w, n);
            }
            kept.changed_elsewhere();
            let mut fresh = common::app_on(&demo.path, Lang::Zh, None, 120, 40);
            let want = every_screen(&mut fresh);
            let got = every_screen(&mut kept);
            for (g, w) in got.iter().zip(&want) {
                // A row the kept terminal had selected and another connection took out of the list
                // is announced in its footer ("#14 已不在列表中…"), as it should be: a fresh
                // terminal has nothing to announce. Everything above the footer is the same.
                let (g, w) = without_notice(g, w);
                prop_assert_eq!(g, w, "after {:?} with {:?} shown", writes, shown);
            }
        }
    }
}

//! Hostile text from an upstream platform (a monitoring platform's alarm messages) and from a
//! spreadsheet (a hazard's description): escape sequences, controls, bidirectional overrides,
//! zero-width and combining characters and a very long line. Each is drawn on the real screens;
//! no cell may carry a control or invisible character, the frame keeps the layout it has with plain
//! text, and the bytes a real terminal receives hold no sequence but the renderer's own.

mod common;

use anjian::domain::text;
use anjian::i18n::Lang;
use anjian::store::alarms;
use anjian::sync::incoming::from_monitor;
use anjian::tui::headless::Headless;
use anjian::upstream::monitor;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;

fn cases() -> Vec<(&'static str, String)> {
    vec![
        ("ansi", "\u{1b}[31;1m红字告警\u{1b}[0m\u{1b}[2J\u{1b}[H".to_string()),
        (
            "osc",
            "剪贴板\u{1b}]52;c;cm0gLXJmIH4=\u{7}标题\u{1b}]0;pwned\u{1b}\\超链接\u{1b}]8;;http://x\u{1b}\\".to_string(),
        ),
        ("c0_c1", "清屏\u{9b}2J响铃\u{7}退格\u{8}\u{8}删除\u{7f}换行\r\n制表\t结束\u{90}DCS\u{9c}".to_string()),
        ("bidi", "单位\u{202E}站油加\u{202C}结束\u{2067}隔离\u{2069}\u{200F}RLM".to_string()),
        ("zero_width", "加\u{200B}油\u{200C}站\u{200D}\u{FEFF}\u{2060}燃气泄漏\u{E0041}".to_string()),
        ("combining", format!("超{}标 Z{}", "\u{0336}\u{0489}".repeat(30), "\u{0300}".repeat(200))),
        ("long_line", format!("很长的告警{}", "长".repeat(20_000))),
    ]
}

/// The frame's vertical lines and box corners, by position: the layout to keep (titles, which
/// may hold counts, change the horizontal lines' length and are left out).
fn skeleton(buf: &Buffer) -> Vec<(u16, u16, String)> {
    let area = buf.area;
    let mut out = Vec::new();
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let s = buf[(x, y)].symbol();
            if s.chars().any(|c| "│┌┐└┘├┤┬┴┼╭╮╰╯".contains(c)) {
                out.push((x, y, s.to_string()));
            }
        }
    }
    out
}

fn assert_clean(buf: &Buffer, what: &str) {
    for (i, cell) in buf.content.iter().enumerate() {
        assert!(text::is_clean(cell.symbol()), "{what}: cell {i} carries {:?}", cell.symbol());
    }
}

#[derive(Clone, Default)]
struct Capture(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("capture").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The bytes a crossterm terminal receives for one full frame.
fn terminal_bytes(h: &Headless, w: u16, hgt: u16) -> Vec<u8> {
    let capture = Capture::default();
    let mut term = ratatui::Terminal::with_options(
        ratatui::backend::CrosstermBackend::new(capture.clone()),
        ratatui::TerminalOptions { viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, w, hgt)) },
    )
    .expect("terminal");
    term.draw(|f| anjian::tui::views::draw(f, &h.app)).expect("draw");
    capture.0.lock().expect("capture").clone()
}

/// Every escape the renderer writes is a CSI it chose (cursor moves, colours, clearing); nothing
/// else a terminal would act on: no OSC/DCS/APC, no BEL or backspace, no C1 control, no bidi control.
fn assert_only_renderer_sequences(bytes: &[u8], what: &str) {
    for (i, b) in bytes.iter().enumerate() {
        match b {
            0x1b => assert_eq!(bytes.get(i + 1), Some(&b'['), "{what}: ESC not followed by '[' at byte {i}"),
            0x00..=0x1f | 0x7f => panic!("{what}: control byte {b:#04x} at {i}"),
            _ => {}
        }
    }
    let text = String::from_utf8_lossy(bytes);
    for c in text.chars() {
        assert!(
            !(('\u{80}'..='\u{9f}').contains(&c) || text::is_invisible_format(c)),
            "{what}: {c:?} reached the terminal"
        );
    }
}

fn ingest_hostile_alarms(path: &std::path::Path) {
    let mut store = common::open(path);
    let uscc: String = store
        .conn()
        .query_row("SELECT uscc FROM unit WHERE uscc IS NOT NULL ORDER BY id LIMIT 1", [], |r| r.get(0))
        .expect("a unit");
    let alarms_json: Vec<serde_json::Value> = cases()
        .iter()
        .enumerate()
        .map(|(i, (name, message))| {
            serde_json::json!({
                "id": format!("hostile-{name}"), "uscc": uscc, "kind": "gas", "level": "red",
                "raised_at": format!("2026-11-23T09:{:02}:00+08:00", 29 - i), "cleared_at": null, "message": message
            })
        })
        .collect();
    let page = serde_json::json!({ "next_cursor": "h1", "alarms": alarms_json }).to_string();
    let parsed = monitor::parse(page.as_bytes()).expect("the monitor page parses");
    let batch: Vec<_> =
        parsed.alarms.iter().map(|(a, _)| from_monitor("hostile", a.as_ref().expect("valid"))).collect();
    assert_eq!(batch.len(), cases().len());
    store
        .write("sync", |w| {
            alarms::ensure_feed(w, "hostile", "monitor", "http://127.0.0.1/monitor/alarms")?;
            alarms::ingest(w, "hostile", &batch, &[], Some("h1")).map(|_| ())
        })
        .expect("ingest");
}

/// Selects the alarm whose headline starts like `message` (the list is newest first).
fn select(h: &mut Headless, message: &str) {
    let start: String = message.chars().take(2).collect();
    for _ in 0..40 {
        if h.app.screens.alarms.selected().is_some_and(|a| a.headline.starts_with(&start)) {
            return;
        }
        h.key(KeyCode::Char('j'));
    }
    panic!("alarm {message:?} not found in the list");
}

#[test]
fn hostile_alarm_text_is_drawn_safely() {
    for (w, hgt, lang, tag) in [(80, 24, Lang::Zh, "zh"), (120, 40, Lang::En, "en")] {
        // The layout with plain text, to compare against.
        let (_p, mut plain) = common::demo_app(lang, None, w, hgt);
        plain.key(KeyCode::Char('6'));
        let baseline = skeleton(plain.render());
        let (demo, mut h) = common::demo_app(lang, None, w, hgt);
        ingest_hostile_alarms(&demo.path);
        h.key(KeyCode::Char('6'));
        for (name, message) in cases() {
            select(&mut h, &message);
            let what = format!("{name} {tag} {w}x{hgt}");
            let buf = h.render().clone();
            assert_clean(&buf, &what);
            assert_eq!(skeleton(&buf), baseline, "{what}: the frame's lines moved");
            assert_only_renderer_sequences(&terminal_bytes(&h, w, hgt), &what);
            insta::assert_snapshot!(format!("hostile_alarm_{name}_{tag}_{w}x{hgt}"), h.screen());
        }
    }
}

fn quoted(fields: &[&str]) -> String {
    let q: Vec<String> = fields.iter().map(|f| format!("\"{}\"", f.replace('"', "\"\""))).collect();
    q.join(",") + "\n"
}

/// A units sheet whose names and addresses carry each hostile text, through the real import.
fn import_hostile_units(path: &std::path::Path) {
    let mut store = common::open(path);
    let mut csv =
        quoted(&["单位名称", "所属网格", "所属社区", "行业领域", "风险等级", "主要负责人", "联系电话", "地址"]);
    for (i, (_, t)) in cases().iter().enumerate() {
        let name = format!("敌意{i}{t}");
        csv.push_str(&quoted(&[&name, "第二网格", "梅岭村", "工贸", "低风险", "胡德明", "15164744820", t]));
    }
    let sheet = anjian::import::sheet::read_csv("hostile.csv", csv.as_bytes()).expect("the sheet reads");
    let report = anjian::import::import_sheet(&mut store, "导入员", anjian::import::Entity::Units, &sheet, false)
        .expect("import");
    assert!(report.ok(), "{}", report.render(Lang::En));
}

#[test]
fn hostile_names_from_a_spreadsheet_are_drawn_safely() {
    for (w, hgt, lang, tag) in [(80, 24, Lang::Zh, "zh"), (120, 40, Lang::En, "en")] {
        let (_p, mut plain) = common::demo_app(lang, None, w, hgt);
        plain.key(KeyCode::Char('2')).key(KeyCode::Char('/')).type_text("梅岭").key(KeyCode::Enter);
        let baseline = skeleton(plain.render());
        let (demo, mut h) = common::demo_app(lang, None, w, hgt);
        import_hostile_units(&demo.path);
        h.key(KeyCode::Char('2')).key(KeyCode::Char('/')).type_text("敌意").key(KeyCode::Enter);
        let what = format!("units {tag} {w}x{hgt}");
        let buf = h.render().clone();
        assert_clean(&buf, &what);
        assert_eq!(skeleton(&buf), baseline, "{what}: the frame's lines moved");
        assert_only_renderer_sequences(&terminal_bytes(&h, w, hgt), &what);
        insta::assert_snapshot!(format!("hostile_units_{tag}_{w}x{hgt}"), h.screen());
    }
}

//! A screen that exists only in the tests, to show what adding a screen takes: this folder and
//! one line in the list in `screens/mod.rs` (a screen with keys of its own adds its `Context`
//! too, the second line). It counts the office's communities when Enter is pressed; the tests
//! below open it with its number key, run its request on a real store, draw it, find it in the
//! help and the palette, and submit nothing (it has no forms).

use crate::i18n::T;
use crate::store::network;
use crate::tui::action::{Action, Context};
use crate::tui::backend::{Backend, Reach, WriteError, Written};
use crate::tui::env::Env;
use crate::tui::form::Form;
use crate::tui::screen_def::{Answer, Ctx, Draw, Kind, Never, ScreenDef, Slot, Words};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

#[derive(Debug, Default)]
pub struct ProbeScreen {
    pub communities: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Count;

impl Kind for Count {
    fn kind(&self) -> Option<Slot> {
        Slot::of("count")
    }
}

impl ScreenDef for ProbeScreen {
    const TITLE: Words = ("探针", "Probe");
    const DESCRIBE: Words = ("探针页面", "The probe screen");
    const READS: &'static [&'static str] = &["community"];
    const CONTEXT: Context = Context::Global;
    type Req = Count;
    type Rep = usize;
    type Write = Never;
    type Form = Never;

    fn handle(&mut self, action: Action, cx: &mut Ctx<Self>) {
        if action == Action::Open {
            cx.read(Count);
        }
    }

    fn apply(&mut self, n: usize, _: &mut Ctx<Self>) {
        self.communities = Some(n);
    }

    fn submit(&mut self, _: &Form, purpose: Never, _: &mut Ctx<Self>) -> Result<(), T> {
        match purpose {}
    }

}

impl Draw for ProbeScreen {
    fn draw(&self, f: &mut Frame<'_>, area: Rect, _: &Env<'_>) {
        let text = match self.communities {
            Some(n) => format!("communities: {n}"),
            None => "press Enter".to_string(),
        };
        f.render_widget(Paragraph::new(text), area);
    }
}

impl Answer for ProbeScreen {
    fn read(backend: &mut Backend, _: Count) -> crate::store::Result<usize> {
        Ok(network::communities(backend.conn())?.len())
    }

    fn reach(write: &Never) -> Reach {
        match *write {}
    }

    fn write(_: &mut Backend, _: &str, write: Never) -> Result<Written, WriteError> {
        match write {}
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::OperatorRole;
    use crate::store::Store;
    use crate::store::operators::Operator;
    use crate::tui::app::Screen;
    use crate::tui::headless::Headless;
    use ratatui::crossterm::event::KeyCode;

    #[test]
    fn a_new_screen_is_its_folder_and_one_line() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut store = Store::open(&dir.path().join("p.db")).expect("open");
        store.write("test", |w| crate::store::network::ensure_community(w, "东湖社区").map(|_| ())).expect("write");
        let admin = Operator { id: 1, name: "a".into(), role: OperatorRole::Admin };
        let config = crate::config::Config::default();
        let app = crate::tui::build_app(&config, crate::i18n::Lang::En, Some(admin), (120, 40)).expect("app");
        let mut h = Headless::new(app, store, 120, 40);
        h.key(KeyCode::Char('9'));
        assert_eq!(h.app.screen, Screen::Probe, "its number key opens it");
        assert!(h.screen().contains("9 Probe"), "its tab is drawn");
        assert!(h.screen().contains("press Enter"));
        h.key(KeyCode::Enter);
        assert_eq!(h.app.screens.probe.communities, Some(1), "its request ran on the store and came back to it");
        assert!(h.screen().contains("communities: 1"));
        let help: String = crate::tui::views::help_lines(&h.app).iter().map(|l| l.to_string()).collect();
        assert!(help.contains("screen.probe") && help.contains("The probe screen"), "the help lists it");
        let found = crate::tui::app_palette::palette_matches("probe", h.app.lang, OperatorRole::Viewer, h.app.screen.context());
        assert_eq!(found, vec![crate::tui::action::Action::Show(9)], "the palette finds it");
        // Tab cycles through it and back to the first screen.
        h.key(KeyCode::Tab);
        assert_eq!(h.app.screen, Screen::Overview);
    }
}

//! The Overview as the app sees it.

use super::msg::{Rep, Req};
use super::OverviewScreen;
use crate::i18n::T;
use crate::tui::action::{Action, Context};
use crate::tui::form::Form;
use crate::tui::screen_def::{Ask, Ctx, Never, ScreenDef, Words};

impl ScreenDef for OverviewScreen {
    const TITLE: Words = ("总览", "Overview");
    const DESCRIBE: Words = ("总览", "Overview");
    const CONTEXT: Context = Context::Global;
    type Req = Req;
    type Rep = Rep;
    type Write = Never;
    type Form = Never;

    fn start(&mut self, cx: &mut Ctx<Self>) {
        self.reload(cx);
    }

    fn reload(&mut self, cx: &mut Ctx<Self>) {
        let today = cx.env.today;
        cx.reads.extend([Req::Stats, Req::Summary { today }, Req::Tipoffs { today }, Req::Alarms]);
    }

    /// ↑↓ (and Home/End) move among the figures; Enter opens the list the figure counts.
    fn handle(&mut self, action: Action, cx: &mut Ctx<Self>) {
        let figures = super::figures::figures(self, cx.env.lang);
        let last = figures.len().saturating_sub(1);
        match action {
            Action::Down => self.cursor = (self.cursor + 1).min(last),
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Top => self.cursor = 0,
            Action::Bottom => self.cursor = last,
            Action::Open => match figures.get(self.cursor).and_then(|f| f.opens) {
                Some(view) => cx.ask(Ask::List(view)),
                None => cx.say(T::NoListHere, true),
            },
            _ => {}
        }
    }

    fn apply(&mut self, reply: Rep, _: &mut Ctx<Self>) {
        match reply {
            Rep::Stats(s) => self.stats = Some(s),
            Rep::Summary(s) => self.summary = Some(s),
            Rep::Tipoffs(t) => self.tipoffs = Some(t),
            Rep::Alarms(a) => self.alarms = a,
        }
    }

    fn submit(&mut self, _: &Form, purpose: Never, _: &mut Ctx<Self>) -> Result<(), T> {
        match purpose {}
    }
}

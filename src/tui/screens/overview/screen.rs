//! The Overview as the app sees it.

use super::msg::{Rep, Req};
use super::OverviewScreen;
use crate::i18n::T;
use crate::tui::action::Context;
use crate::tui::form::Form;
use crate::tui::screen_def::{Ctx, Never, ScreenDef, Words};

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

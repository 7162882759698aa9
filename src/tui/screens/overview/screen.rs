//! The Overview as the app sees it.

use super::msg::{Rep, Req};
use super::{OverviewScreen, view, worker};
use crate::i18n::T;
use crate::tui::action::Context;
use crate::tui::backend::{Backend, Reach, WriteError, Written};
use crate::tui::env::{Env, Look};
use crate::tui::form::Form;
use crate::tui::screen_def::{Ctx, Never, ScreenDef, Words};
use ratatui::Frame;
use ratatui::layout::Rect;

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

    fn draw(&self, f: &mut Frame<'_>, area: Rect, env: &Env<'_>) {
        view::draw(f, &Look { s: self, env: *env }, area);
    }

    fn read(backend: &mut Backend, req: Req) -> crate::store::Result<Rep> {
        worker::read(backend, req)
    }

    fn reach(write: &Never) -> Reach {
        match *write {}
    }

    fn write(_: &mut Backend, _: &str, write: Never) -> Result<Written, WriteError> {
        match write {}
    }
}

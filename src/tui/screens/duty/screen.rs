//! The Duty screen as the app sees it: its message types, and where its keys, replies and forms go.

use super::msg::{self, Rep, Req};
use super::{DutyScreen, keys};
use crate::i18n::T;
use crate::tui::action::{Action, Context};
use crate::tui::form::Form;
use crate::tui::screen_def::{Ctx, ScreenDef, Words};

impl ScreenDef for DutyScreen {
    const TITLE: Words = ("值班", "Duty");
    const DESCRIBE: Words = ("值班日志与交接班", "Duty log and hand-over");
    const READS: &'static [&'static str] = &["accident", "duty_entry", "duty_shift", "officer", "unit", "work_record"];
    const CONTEXT: Context = Context::Duty;
    type Req = Req;
    type Rep = Rep;
    type Write = msg::Write;
    type Form = msg::Form;

    /// The accident banner is on every screen: the log is loaded at once.
    fn start(&mut self, cx: &mut Ctx<Self>) {
        cx.read(keys::pane_request(cx));
    }

    fn open(&mut self, cx: &mut Ctx<Self>) {
        cx.read(keys::pane_request(cx));
    }

    fn reload(&mut self, cx: &mut Ctx<Self>) {
        cx.read(keys::pane_request(cx));
    }

    fn handle(&mut self, action: Action, cx: &mut Ctx<Self>) {
        keys::handle(self, action, cx);
    }

    fn apply(&mut self, reply: Rep, cx: &mut Ctx<Self>) {
        match reply {
            Rep::Pane(pane) => keys::arrived(self, *pane, cx),
            Rep::HandoverDraft(h) => keys::handover_drafted(self, h, cx),
            Rep::Handovers(shifts) => {
                let (title, body) = super::text::handovers(&cx.env, &shifts);
                cx.read_text(title, body);
            }
        }
    }

    fn submit(&mut self, form: &Form, purpose: msg::Form, cx: &mut Ctx<Self>) -> Result<(), T> {
        keys::submit(form, purpose, cx)
    }
}

//! The Hazards screen as the app sees it: its message types, and where its keys, replies and forms go.

use super::msg::{self, Rep, Req};
use super::{HazardsScreen, keys};
use crate::i18n::T;
use crate::tui::action::{Action, Context};
use crate::tui::form::Form;
use crate::tui::screen_def::{Ask, Ctx, ScreenDef, Took, Words};

impl ScreenDef for HazardsScreen {
    const TITLE: Words = ("隐患", "Hazards");
    const DESCRIBE: Words = ("隐患", "Hazards");
    const READS: &'static [&'static str] = &["alarm", "community", "delivery", "grid", "hazard", "officer", "officer_grid", "tipoff", "unit"];
    const CONTEXT: Context = Context::Hazards;
    type Req = Req;
    type Rep = Rep;
    type Write = msg::Write;
    type Form = msg::Form;

    fn open(&mut self, cx: &mut Ctx<Self>) {
        if !self.records.opened() {
            self.reload_list(cx);
        }
    }

    fn reload(&mut self, cx: &mut Ctx<Self>) {
        if self.records.opened() {
            self.reload_list(cx);
        }
    }

    fn handle(&mut self, action: Action, cx: &mut Ctx<Self>) {
        keys::handle(self, action, cx);
    }

    fn wrote(&mut self) {
        self.records.acted();
    }

    fn apply(&mut self, reply: Rep, cx: &mut Ctx<Self>) {
        match reply {
            Rep::List { seq, total, at, page } => {
                if let Some(w) = self.records.receive(seq, total, &at, page, cx.env.height) {
                    if let Some(id) = self.records.take_vanished() {
                        cx.say_text(T::RecordGone.fill(cx.env.lang, &[("id", &id)]), false);
                    }
                    self.want(w, cx);
                }
            }
            Rep::Detail(id, h) => {
                self.records.detail_arrived(id, h);
            }
            Rep::Officers(id, officers) => keys::dispatch_form(self, id, officers, cx),
        }
    }

    fn take(&mut self, ask: &Ask, cx: &mut Ctx<Self>) -> Took {
        keys::take(self, ask, cx)
    }

    fn current_unit(&self) -> Option<(i64, String)> {
        self.selected().map(|h| (h.unit_id, h.unit_name.clone()))
    }

    fn search(&self) -> Option<&str> {
        Some(&self.text)
    }

    fn set_search(&mut self, text: String, cx: &mut Ctx<Self>) {
        self.text = text;
        self.restart(cx);
    }

    fn submit(&mut self, form: &Form, purpose: msg::Form, cx: &mut Ctx<Self>) -> Result<(), T> {
        keys::submit(form, purpose, cx)
    }
}

//! The Tip-offs screen as the app sees it: its message types, and where its keys, replies and forms go.

use super::msg::{self, Rep, Req};
use super::{TipoffsScreen, keys};
use crate::i18n::T;
use crate::tui::action::{Action, Context};
use crate::tui::form::Form;
use crate::tui::screen_def::{Ask, Ctx, ListView, ScreenDef, Took, Words};

impl ScreenDef for TipoffsScreen {
    const TITLE: Words = ("举报", "Tip-offs");
    const DESCRIBE: Words = ("举报", "Tip-offs");
    const READS: &'static [&'static str] = &["grid", "secret_check", "tipoff", "tipoff_event", "unit"];
    const CONTEXT: Context = Context::Tipoffs;
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
                    self.moved(w, cx);
                }
            }
            Rep::Detail(id, pane) => {
                if self.records.detail_arrived(id, pane) {
                    self.hide_identity_unless_current();
                }
            }
            Rep::Revealed { id, identity } => match identity {
                Ok(identity) => self.revealed = Some((id, identity)),
                Err(e) => cx.refuse(e),
            },
        }
    }

    fn current_unit(&self) -> Option<(i64, String)> {
        keys::unit(self)
    }

    fn search(&self) -> Option<&str> {
        Some(&self.text)
    }

    fn set_search(&mut self, text: String, cx: &mut Ctx<Self>) {
        self.text = text;
        self.restart(cx);
    }

    /// An Overview figure: the open tip-offs, or those past a clock; or one tip-off (the one a
    /// hazard came from).
    fn take(&mut self, ask: &Ask, cx: &mut Ctx<Self>) -> Took {
        (self.set, self.only) = match ask {
            Ask::List(ListView::OpenTipoffs) => (crate::store::tipoffs::TipoffSet::Open, None),
            Ask::List(ListView::OverdueTipoffs) => (crate::store::tipoffs::TipoffSet::Overdue, None),
            Ask::Tipoff(id) => (crate::store::tipoffs::TipoffSet::All, Some(*id)),
            _ => return Took::No,
        };
        self.channel = None;
        self.around = Default::default();
        self.text.clear();
        self.restart(cx);
        Took::Show
    }

    fn submit(&mut self, form: &Form, purpose: msg::Form, cx: &mut Ctx<Self>) -> Result<(), T> {
        keys::submit(form, purpose, cx)
    }

    fn forget(&mut self) {
        self.revealed = None;
    }
}

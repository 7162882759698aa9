//! The Alarms screen as the app sees it: its message types, and where its keys, replies and forms go.

use super::msg::{self, Rep, Req};
use super::{AlarmsScreen, keys};
use crate::domain::silence::Matcher;
use crate::i18n::T;
use crate::tui::action::{Action, Context};
use crate::tui::form::Form;
use crate::tui::screen_def::{Ask, Ctx, ListView, ScreenDef, Took, Words};

impl ScreenDef for AlarmsScreen {
    const TITLE: Words = ("告警", "Alarms");
    const DESCRIBE: Words = ("告警", "Alarms");
    const READS: &'static [&'static str] = &["alarm", "audit_log", "community", "feed", "feed_pending", "grid", "hazard", "officer", "officer_grid", "silence", "unit"];
    const CONTEXT: Context = Context::Alarms;
    type Req = Req;
    type Rep = Rep;
    type Write = msg::Write;
    type Form = msg::Form;

    fn open(&mut self, cx: &mut Ctx<Self>) {
        if !self.records.opened() {
            self.reload_list(cx);
            cx.read(Self::meta_request(cx));
        }
    }

    fn reload(&mut self, cx: &mut Ctx<Self>) {
        if self.records.opened() {
            self.reload_list(cx);
            cx.read(Self::meta_request(cx));
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
            Rep::Count { seq, total } => {
                if seq == self.records.seq {
                    self.records.list.counted(total);
                }
            }
            Rep::Detail(id, pane) => {
                self.records.detail_arrived(id, pane);
            }
            Rep::Officers(id, officers) => keys::dispatch_form(self, id, officers, cx),
            Rep::Meta(meta) => {
                self.matchers = meta.silences.iter().filter_map(|s| Matcher::parse(&s.matcher).ok()).collect();
                self.silence_cursor = self.silence_cursor.min(meta.silences.len().saturating_sub(1));
                self.meta = meta;
            }
        }
    }

    fn current_unit(&self) -> Option<(i64, String)> {
        keys::unit(self)
    }

    fn search(&self) -> Option<&str> {
        Some(&self.filter.text)
    }

    fn set_search(&mut self, text: String, cx: &mut Ctx<Self>) {
        self.filter.text = text;
        self.restart(cx);
    }

    /// An Overview figure: the open alarms, every level, everywhere; or one alarm (the one a
    /// hazard came from), whatever its status.
    fn take(&mut self, ask: &Ask, cx: &mut Ctx<Self>) -> Took {
        self.filter = match ask {
            Ask::List(ListView::OpenAlarms) => Default::default(),
            Ask::Alarm(id) => crate::store::alarm_queue::AlarmFilter {
                only: Some(*id),
                status: crate::store::alarm_queue::StatusSet::All,
                ..Default::default()
            },
            _ => return Took::No,
        };
        self.grouped = false;
        self.silences_open = false;
        self.restart(cx);
        Took::Show
    }

    fn submit(&mut self, form: &Form, purpose: msg::Form, cx: &mut Ctx<Self>) -> Result<(), T> {
        keys::submit(form, purpose, cx)
    }
}

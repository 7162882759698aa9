//! The Deadlines screen as the app sees it: its message types, and where its keys, replies and forms go.

use super::msg::{self, Rep, Req};
use super::{DeadlinesScreen, keys};
use crate::i18n::T;
use crate::tui::action::{Action, Context};
use crate::tui::form::Form;
use crate::tui::screen_def::{Ask, Ctx, ListView, ScreenDef, Took, Words};
use chrono::Datelike;

impl ScreenDef for DeadlinesScreen {
    const TITLE: Words = ("期限", "Deadlines");
    const DESCRIBE: Words = ("期限", "Deadlines");
    const READS: &'static [&'static str] = &["checklist_entry", "grid", "hazard", "manual_deadline", "office", "plan", "plan_measure", "plan_milestone", "report_submission", "tipoff", "unit"];
    const CONTEXT: Context = Context::Deadlines;
    type Req = Req;
    type Rep = Rep;
    type Write = msg::Write;
    type Form = msg::Form;

    fn open(&mut self, cx: &mut Ctx<Self>) {
        if !self.records.opened() {
            self.reload_list(cx);
            cx.read(Req::Years(cx.env.today));
        }
    }

    fn reload(&mut self, cx: &mut Ctx<Self>) {
        if self.records.opened() {
            self.reload_list(cx);
        }
        if self.grouped {
            cx.read(self.groups_request(cx.env.today));
        }
    }

    fn handle(&mut self, action: Action, cx: &mut Ctx<Self>) {
        keys::handle(self, action, cx);
    }

    fn apply(&mut self, reply: Rep, cx: &mut Ctx<Self>) {
        match reply {
            Rep::List { seq, total, at, page } => {
                if let Some(w) = self.records.receive(seq, total, &at, page, cx.env.height) {
                    self.want(w, cx);
                }
            }
            Rep::Years(years, missing) => {
                self.holiday_years = years;
                self.holidays_missing = missing;
            }
            Rep::Groups(groups) => {
                self.group_cursor = self.group_cursor.min(groups.len().saturating_sub(1));
                self.groups = groups;
            }
            Rep::BusyDays(month, days) => {
                let shown = self.month.map(|m| (m.year(), m.month()));
                if shown.is_none() || shown == Some((month.year(), month.month())) {
                    self.busy = days;
                }
            }
        }
    }

    fn current_unit(&self) -> Option<(i64, String)> {
        keys::unit(self)
    }

    /// An Overview figure: the overdue items, or those due within the week.
    fn take(&mut self, ask: &Ask, cx: &mut Ctx<Self>) -> Took {
        self.window = match ask {
            Ask::List(ListView::OverdueDeadlines) => super::Window::Overdue,
            Ask::List(ListView::DueThisWeek) => super::Window::Week,
            _ => return Took::No,
        };
        self.kind = 0;
        self.grid = None;
        self.restart(cx);
        Took::Show
    }

    fn submit(&mut self, form: &Form, purpose: msg::Form, cx: &mut Ctx<Self>) -> Result<(), T> {
        keys::submit(form, purpose, cx)
    }
}

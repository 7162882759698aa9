//! The Checklist screen as the app sees it: its message types, and where its keys, replies and forms go.

use super::msg::{self, Rep, Req};
use super::{ChecklistScreen, keys};
use crate::i18n::T;
use crate::tui::action::{Action, Context};
use crate::tui::form::Form;
use crate::tui::screen_def::{Ask, Ctx, ScreenDef, Took, Words};

impl ScreenDef for ChecklistScreen {
    const TITLE: Words = ("清单", "Checklist");
    const DESCRIBE: Words = ("任务清单与报告", "Checklist and report");
    const READS: &'static [&'static str] = &["accident", "alarm", "checklist_entry", "grid", "hazard", "inspection", "office", "officer", "plan", "plan_measure", "plan_milestone", "plan_task", "report_compiled", "report_draft", "tipoff", "unit", "work_record"];
    const CONTEXT: Context = Context::Checklist;
    type Req = Req;
    type Rep = Rep;
    type Write = msg::Write;
    type Form = msg::Form;

    fn open(&mut self, cx: &mut Ctx<Self>) {
        if self.seq == 0 {
            self.reload_items(cx);
        }
    }

    fn reload(&mut self, cx: &mut Ctx<Self>) {
        if self.seq > 0 {
            self.reload_items(cx);
        }
    }

    fn handle(&mut self, action: Action, cx: &mut Ctx<Self>) {
        keys::handle(self, action, cx);
    }

    fn apply(&mut self, reply: Rep, cx: &mut Ctx<Self>) {
        match reply {
            Rep::Items(pane) => self.items_arrived(*pane, cx.env.height),
            Rep::Compiled(r) => keys::compiled(self, r, cx),
            Rep::FileWritten(r) => keys::file_written(self, r, cx),
        }
    }

    /// A deadline about a measure opens that quarter's checklist on it.
    fn take(&mut self, ask: &Ask, cx: &mut Ctx<Self>) -> Took {
        let (measure, quarter) = match ask {
            Ask::Measure { measure, quarter } => (measure, quarter),
            Ask::List(crate::tui::screen_def::ListView::Checklist) => (&None, &None),
            _ => return Took::No,
        };
        self.focus = *measure;
        self.quarter = quarter.or(self.quarter);
        self.preview = None;
        self.reload_items(cx);
        Took::Show
    }

    fn submit(&mut self, form: &Form, purpose: msg::Form, cx: &mut Ctx<Self>) -> Result<(), T> {
        keys::submit(self, form, purpose, cx)
    }
}

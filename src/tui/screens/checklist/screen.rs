//! The Checklist screen as the app sees it: its message types, and where its keys, replies and forms go.

use super::msg::{self, Rep, Req};
use super::{ChecklistScreen, keys};
use crate::domain::changes::Changes;
use crate::i18n::T;
use crate::tui::action::{Action, Context};
use crate::tui::form::Form;
use crate::tui::screen_def::{Ask, Ctx, ScreenDef, Took, Words};

/// What the Checklist reads besides its figures: the plans, their items and this quarter's
/// entries, the report's own text, the office's identity.
const ITEMS_READS: &[&str] = &[
    "checklist_entry",
    "office",
    "plan",
    "plan_measure",
    "plan_milestone",
    "plan_task",
    "report_compiled",
    "report_draft",
];

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

    /// The items, their entries and the report's own text are read again when those change; a
    /// change that only moves figures (a sync storing alarms) counts again just those figures.
    fn changed(&mut self, changes: &Changes, cx: &mut Ctx<Self>) {
        let Some(pane) = self.pane.as_ref().filter(|_| !changes.touches(ITEMS_READS)) else {
            if changes.touches(Self::READS) {
                self.reload(cx);
            }
            return;
        };
        let needed: Vec<_> = pane
            .figures
            .iter()
            .map(|(f, _)| *f)
            .filter(|f| changes.touches(crate::report::figure_reads(*f)))
            .collect();
        if !needed.is_empty() {
            let (seq, quarter, today, lang) = (self.seq, pane.quarter, cx.env.today, cx.env.lang);
            cx.read(Req::Figures { seq, quarter, today, needed, lang });
        }
    }

    fn handle(&mut self, action: Action, cx: &mut Ctx<Self>) {
        keys::handle(self, action, cx);
    }

    fn apply(&mut self, reply: Rep, cx: &mut Ctx<Self>) {
        match reply {
            Rep::Items(pane) => {
                let (seq, quarter, lang) = (pane.seq, pane.quarter, cx.env.lang);
                let needed: Vec<_> = pane.figures.iter().map(|(f, _)| *f).collect();
                self.items_arrived(*pane, cx.env.height);
                if seq == self.seq && !needed.is_empty() {
                    cx.read(Req::Figures { seq, quarter, today: cx.env.today, needed, lang });
                }
            }
            Rep::Figures { seq, figures } => {
                if let Some(pane) = self.pane.as_mut().filter(|_| seq == self.seq) {
                    for (f, value) in figures {
                        if let Some(held) = pane.figures.iter_mut().find(|(g, _)| *g == f) {
                            held.1 = value;
                        }
                    }
                }
            }
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

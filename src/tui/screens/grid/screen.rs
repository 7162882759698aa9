//! The Grid screen as the app sees it: its message types, and where its keys, replies and forms go.

use super::msg::{Rep, Req};
use super::GridScreen;
use crate::i18n::T;
use crate::store::units::{Scope, UnitQuery};
use crate::tui::action::{Action, Context};
use crate::tui::form::Form;
use crate::tui::screen_def::{Ask, Ctx, Never, ScreenDef, Took, Words, unit_action};

impl ScreenDef for GridScreen {
    const TITLE: Words = ("网格", "Grid");
    const DESCRIBE: Words = ("网格体系", "Grid network");
    const HEADING: Words = ("网格页面", "Grid screen");
    const READS: &'static [&'static str] = &["community", "grid", "guarantee_team", "hazard", "office", "officer", "officer_grid", "unit"];
    const CONTEXT: Context = Context::Grid;
    type Req = Req;
    type Rep = Rep;
    type Write = Never;
    type Form = Never;

    fn start(&mut self, cx: &mut Ctx<Self>) {
        cx.read(Req::Tree);
    }

    fn open(&mut self, cx: &mut Ctx<Self>) {
        cx.reads.extend(self.follow_selection());
    }

    fn reload(&mut self, cx: &mut Ctx<Self>) {
        cx.reads.extend(self.refetch());
    }

    fn handle(&mut self, action: Action, cx: &mut Ctx<Self>) {
        match action {
            Action::RecordInspection | Action::RecordDrill | Action::NewHazard => {
                unit_action(self.current_unit(), action, cx)
            }
            other => cx.reads.extend(self.on_action(other, cx.env.height).unwrap_or_default()),
        }
    }

    fn apply(&mut self, reply: Rep, cx: &mut Ctx<Self>) {
        cx.reads.extend(self.on_reply(reply, cx.env.height));
    }

    /// A deadline about a unit shows the unit in the flat list.
    fn take(&mut self, ask: &Ask, cx: &mut Ctx<Self>) -> Took {
        match ask {
            Ask::Units(key) => cx.reads.extend(self.open_list(UnitQuery { scope: Scope::All, text: key.clone() })),
            Ask::List(crate::tui::screen_def::ListView::CoverageGaps) => {
                if let Some(reqs) = self.on_action(crate::tui::action::Action::Gaps, cx.env.height) {
                    cx.reads.extend(reqs);
                }
            }
            _ => return Took::No,
        }
        Took::Show
    }

    fn current_unit(&self) -> Option<(i64, String)> {
        self.detail.as_ref().filter(|d| Some(d.row.id) == self.selected_unit_id()).map(|d| (d.row.id, d.row.name.clone()))
    }

    fn search(&self) -> Option<&str> {
        Some(&self.list_query.text)
    }

    fn set_search(&mut self, text: String, cx: &mut Ctx<Self>) {
        cx.reads.extend(self.set_filter_text(&text));
    }

    fn submit(&mut self, _: &Form, purpose: Never, _: &mut Ctx<Self>) -> Result<(), T> {
        match purpose {}
    }
}

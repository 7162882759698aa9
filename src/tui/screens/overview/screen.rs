//! The Overview as the app sees it.

use super::msg::{Rep, Req};
use super::OverviewScreen;
use crate::domain::changes::Changes;
use crate::i18n::T;
use crate::tui::action::{Action, Context};
use crate::tui::form::Form;
use crate::tui::screen_def::{Ask, Ctx, Never, ScreenDef, Words};

impl ScreenDef for OverviewScreen {
    const TITLE: Words = ("总览", "Overview");
    const DESCRIBE: Words = ("总览", "Overview");
    const READS: &'static [&'static str] = &[
        "alarm",
        "checklist_entry",
        "community",
        "delivery",
        "feed",
        "feed_pending",
        "grid",
        "guarantee_team",
        "hazard",
        "manual_deadline",
        "office",
        "officer",
        "officer_grid",
        "plan",
        "plan_measure",
        "plan_milestone",
        "plan_task",
        "report_submission",
        "tipoff",
        "tipoff_event",
        "unit",
    ];
    const CONTEXT: Context = Context::Global;
    type Req = Req;
    type Rep = Rep;
    type Write = Never;
    type Form = Never;

    fn start(&mut self, cx: &mut Ctx<Self>) {
        self.reload(cx);
    }

    fn reload(&mut self, cx: &mut Ctx<Self>) {
        cx.reads.extend(parts(cx.env.today));
    }

    /// Only the figures whose tables changed: a sync storing alarms leaves the network's
    /// figures and the hazards' alone.
    fn changed(&mut self, changes: &Changes, cx: &mut Ctx<Self>) {
        cx.reads.extend(parts(cx.env.today).into_iter().filter(|p| changes.touches(p.reads())));
    }

    /// ↑↓ (and Home/End) move among the figures; Enter opens the list the figure counts.
    fn handle(&mut self, action: Action, cx: &mut Ctx<Self>) {
        let figures = super::figures::figures(self, cx.env.lang);
        let last = figures.len().saturating_sub(1);
        match action {
            Action::Down => self.cursor = (self.cursor + 1).min(last),
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Top => self.cursor = 0,
            Action::Bottom => self.cursor = last,
            Action::Open => match figures.get(self.cursor).and_then(|f| f.opens) {
                Some(view) => cx.ask(Ask::List(view)),
                None => cx.say(T::NoListHere, true),
            },
            _ => {}
        }
    }

    fn apply(&mut self, reply: Rep, _: &mut Ctx<Self>) {
        match reply {
            Rep::Stats(s) => self.stats = Some(s),
            Rep::Hazards(h) => self.hazards = Some(h),
            Rep::Due(d) => self.due = Some(d),
            Rep::Tipoffs(t) => self.tipoffs = Some(t),
            Rep::Alarms(a) => self.alarms = a,
        }
    }

    fn submit(&mut self, _: &Form, purpose: Never, _: &mut Ctx<Self>) -> Result<(), T> {
        match purpose {}
    }
}

/// The Overview's parts, each read on its own.
fn parts(today: chrono::NaiveDate) -> [Req; 5] {
    [Req::Stats, Req::Hazards { today }, Req::Due { today }, Req::Tipoffs { today }, Req::Alarms]
}

impl Req {
    /// The tables this part reads (the screen's `READS` is all of them).
    pub fn reads(&self) -> &'static [&'static str] {
        match self {
            Req::Stats => &["community", "grid", "guarantee_team", "officer", "officer_grid", "unit"],
            Req::Hazards { .. } => &["hazard", "unit"],
            Req::Due { .. } => &[
                "checklist_entry",
                "grid",
                "hazard",
                "manual_deadline",
                "office",
                "plan",
                "plan_measure",
                "plan_milestone",
                "plan_task",
                "report_submission",
                "tipoff",
                "unit",
            ],
            Req::Tipoffs { .. } => &["grid", "tipoff", "tipoff_event", "unit"],
            Req::Alarms => &["alarm", "delivery", "feed", "feed_pending"],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_screen_reads_exactly_what_its_parts_read() {
        let mut union: Vec<&str> = parts(chrono::NaiveDate::MIN).iter().flat_map(|p| p.reads().iter().copied()).collect();
        union.sort_unstable();
        union.dedup();
        assert_eq!(union, OverviewScreen::READS);
    }
}

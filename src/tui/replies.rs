//! Where each store reply goes: the screen state it belongs to, the sign-in, the Overview, the
//! form waiting for suggestions.

use super::app::{App, Status};
use super::worker::{Reply, Request};

impl App {
    /// A store reply lands in the state of the screen it belongs to.
    pub(super) fn reply(&mut self, r: Reply) -> Vec<Request> {
        match r {
            Reply::Office(name) => self.office = name.unwrap_or_default(),
            Reply::Stats(s) => self.overview = Some(s),
            Reply::SignIn { ok, no_operators, locked_until, outside } => {
                return self.signed_in(ok, no_operators, locked_until, outside);
            }
            Reply::Error(e) => self.status = Some(Status { text: e, error: true }),
            Reply::Summary(s) => self.summary = Some(s),
            Reply::Written { ok, message, hazard } => return self.written(ok, message, hazard),
            r @ (Reply::Deadlines { .. } | Reply::BusyDays(..)) => {
                let h = self.list_height();
                return self.deadlines.apply(r, h, self.today);
            }
            r @ (Reply::Hazards { .. } | Reply::HazardDetail(..)) => {
                let h = self.list_height();
                return self.hazards.apply(r, h, self.today);
            }
            r @ (Reply::Alarms { .. } | Reply::AlarmDetail(..) | Reply::AlarmMeta(_)) => {
                let h = self.list_height();
                return self.alarms.apply(r, h);
            }
            Reply::Attention(rows) => self.attend(rows),
            r @ (Reply::Tipoffs { .. } | Reply::TipoffDetail(..)) => {
                let h = self.list_height();
                return self.tipoffs.apply(r, h, self.today);
            }
            Reply::Revealed { id, identity } => match identity {
                Ok(identity) => self.tipoffs.revealed = Some((id, identity)),
                Err(e) => self.status = Some(Status { text: e, error: true }),
            },
            Reply::TipoffCounts(c) => self.tipoff_counts = Some(c),
            r @ Reply::Checklist(_) => {
                let h = self.list_height();
                self.checklist.apply(r, h);
            }
            Reply::ReportCompiled(r) => return self.report_compiled(r),
            Reply::Duty(pane) => self.duty_arrived(*pane),
            Reply::HandoverDraft(h) => self.handover_drafted(h),
            Reply::ReportWritten(r) => return self.report_written(r),
            Reply::UnitSuggest { field, text, matches } => {
                if let Some((form, _)) = self.form.as_mut() {
                    form.offer(field, &text, matches);
                }
            }
            other => {
                let h = self.list_height();
                return self.grid.apply(other, h);
            }
        }
        Vec::new()
    }
}

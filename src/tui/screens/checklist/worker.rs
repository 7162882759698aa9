//! The store side of the Checklist screen: a plan's items for a quarter with their linked figures
//! and self-score, the office's own report text, and the report compiled and written.

use crate::domain::calendar::Quarter;
use crate::domain::checklist::{Figure, SelfScore};
use crate::store::checklist::{self, Item, PlanRow};
use crate::tui::worker::{Backend, Reply, Request, WriteOp};

/// What the Checklist screen shows of one plan and quarter.
#[derive(Debug, Clone, PartialEq)]
pub struct ChecklistPane {
    pub seq: u64,
    pub plans: Vec<PlanRow>,
    /// The plan shown (None when no plan is loaded).
    pub plan: Option<i64>,
    pub quarter: Quarter,
    pub items: Vec<Item>,
    pub figures: Vec<(Figure, String)>,
    pub score: Option<SelfScore>,
    /// The report's own parts for the quarter: (part, text, version), in `report::OWN_PARTS` order.
    pub drafts: Vec<(String, String, i64)>,
}

impl Backend {
    pub(in crate::tui) fn read_checklist(&self, req: Request) -> crate::store::Result<Reply> {
        let c = self.conn();
        Ok(match req {
            Request::Checklist { seq, plan, focus, quarter, today, lang } => {
                let plans = checklist::plans(c)?;
                let plan = match focus {
                    Some(m) => checklist::plan_of(c, m)?.or(plan),
                    None => plan,
                };
                let plan = plan.filter(|p| plans.iter().any(|x| x.id == *p)).or(plans.first().map(|p| p.id));
                let items = match plan {
                    Some(p) => checklist::items(c, p, quarter)?,
                    None => Vec::new(),
                };
                let needed: Vec<Figure> = items.iter().filter_map(|i| i.figure).collect();
                let figures = crate::report::figure_values(c, quarter, today, &needed, lang)?;
                let assessment = plans.iter().find(|p| Some(p.id) == plan).is_some_and(|p| p.assessment);
                let score = assessment.then(|| checklist::score(&items));
                let mut drafts = Vec::new();
                for (part, _, _) in crate::report::OWN_PARTS {
                    let (text, version) = checklist::draft(c, quarter, part)?;
                    drafts.push((part.to_string(), text, version));
                }
                Reply::Checklist(Box::new(ChecklistPane { seq, plans, plan, quarter, items, figures, score, drafts }))
            }
            Request::ReportCompile { quarter, today, at, operator, lang } => Reply::ReportCompiled(
                crate::report::compile_at(c, quarter, today, &operator, lang, &at)
                    .map(Box::new)
                    .map_err(|e| e.to_string()),
            ),
            _ => Reply::Error("not a checklist request".into()),
        })
    }

    pub(in crate::tui) fn write_report_file(&mut self, req: Request) -> Reply {
        let Request::ReportWrite { report, format, dir, lang } = req else {
            return Reply::Error("not a report write".into());
        };
        let written = crate::report::export::export(&mut self.store, &report, &[format], &dir, lang, &mut |_, _| {});
        Reply::ReportWritten(match written {
            Ok(mut w) if !w.is_empty() => Ok(w.remove(0)),
            Ok(_) => Err(format!("{}: nothing written", dir.display())),
            Err(e) => Err(e.to_string()),
        })
    }

    pub(in crate::tui) fn write_checklist(
        &mut self,
        operator: &str,
        op: WriteOp,
    ) -> Result<(String, Option<i64>), String> {
        match op {
            WriteOp::ChecklistEdit { measure_id, quarter, version, edit } => self
                .store
                .write(operator, |w| checklist::edit(w, measure_id, quarter, version, &edit))
                .map(|_| (quarter.label(), None))
                .map_err(|e| e.to_string()),
            WriteOp::ReportDraft { quarter, part, body, version } => self
                .store
                .write(operator, |w| checklist::save_draft(w, quarter, &part, &body, version))
                .map(|_| (quarter.label(), None))
                .map_err(|e| e.to_string()),
            _ => Err("not a checklist write".into()),
        }
    }
}

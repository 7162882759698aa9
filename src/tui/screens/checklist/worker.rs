//! The store side of the Checklist screen: a plan's items for a quarter with their linked figures
//! and self-score, the office's own report text, the report compiled and written, and the writes.

use super::ChecklistScreen;
use super::msg::{ChecklistPane, Rep, Req, Write};
use crate::domain::checklist::Figure;
use crate::store::checklist;
use crate::tui::backend::{Backend, Reach, WriteError, Written};
use crate::tui::screen_def::Answer;

impl Answer for ChecklistScreen {
    fn read(b: &mut Backend, req: Req) -> crate::store::Result<Rep> {
        let c = b.conn();
        Ok(match req {
            Req::Items { seq, plan, focus, quarter, lang } => {
                let plans = checklist::plans(c)?;
                let plan = match focus {
                    Some(m) => checklist::plan_of(c, m)?.or(plan),
                    None => plan,
                };
                // The office's main plan first, when it has named one.
                let identity = crate::store::network::office_identity(c)?;
                let main = plans.iter().find(|p| p.key == identity.main_plan).map(|p| p.id);
                let plan =
                    plan.filter(|p| plans.iter().any(|x| x.id == *p)).or(main).or(plans.first().map(|p| p.id));
                let items = match plan {
                    Some(p) => checklist::items(c, p, quarter)?,
                    None => Vec::new(),
                };
                let needed: Vec<Figure> = items.iter().filter_map(|i| i.figure).collect();
                // Counted after the items come (`Req::Figures`): the list does not wait for them.
                let mut figures: Vec<(Figure, String)> = Vec::new();
                for f in needed {
                    if !figures.iter().any(|(g, _)| *g == f) {
                        figures.push((f, String::new()));
                    }
                }
                let assessment = plans.iter().find(|p| Some(p.id) == plan).is_some_and(|p| p.assessment);
                let score = assessment.then(|| checklist::score(&items));
                let mut drafts = Vec::new();
                for (part, _, _) in crate::report::OWN_PARTS {
                    let (text, version) = checklist::draft(c, quarter, part)?;
                    drafts.push((part.to_string(), text, version));
                }
                let identity_missing = identity.missing_names(lang.zh());
                Rep::Items(Box::new(ChecklistPane {
                    seq,
                    plans,
                    plan,
                    quarter,
                    items,
                    figures,
                    score,
                    drafts,
                    identity_missing,
                }))
            }
            Req::Figures { seq, quarter, today, needed, lang } => {
                Rep::Figures { seq, figures: crate::report::figure_values(c, quarter, today, &needed, lang)? }
            }
            Req::Compile { quarter, today, at, operator, lang } => Rep::Compiled(
                crate::report::compile_at(c, quarter, today, &operator, lang, &at).map(Box::new).map_err(|e| e.to_string()),
            ),
            Req::WriteFile { report, format, dir, lang } => {
                let written = crate::report::export::export(&mut b.store, &report, &[format], &dir, lang, &mut |_, _| {});
                Rep::FileWritten(match written {
                    Ok(mut w) if !w.is_empty() => Ok(w.remove(0)),
                    Ok(_) => Err(format!("{}: nothing written", dir.display())),
                    Err(e) => Err(e.to_string()),
                })
            }
        })
    }

    /// The checklist and the report are the office's own business.
    fn reach(_: &Write) -> Reach {
        Reach::Office
    }

    fn write(b: &mut Backend, operator: &str, w: Write) -> Result<Written, WriteError> {
        match w {
            Write::Edit { measure_id, quarter, version, edit } => b
                .write(operator, |w| checklist::edit(w, measure_id, quarter, version, &edit))
                .map(|_| Written::new(quarter.label())),
            Write::Draft { quarter, part, body, version } => b
                .write(operator, |w| checklist::save_draft(w, quarter, &part, &body, version))
                .map(|_| Written::new(quarter.label())),
        }
    }
}

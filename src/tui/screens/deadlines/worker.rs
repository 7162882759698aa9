//! The store side of the Deadlines screen: the merged list (paged by the merge's key), the
//! calendar's busy days, and the writes.

use super::DeadlinesScreen;
use super::msg::{Group, Rep, Req, Write};
use crate::store::deadlines::DeadlineQuery;
use crate::store::deadlines;
use crate::store::scope::ScopedTable;
use crate::tui::backend::{Backend, Reach, WriteError, Written};
use crate::tui::screen_def::Answer;

impl Answer for DeadlinesScreen {
    fn read(b: &mut Backend, req: Req) -> crate::store::Result<Rep> {
        let (c, cal) = (b.conn(), &b.cal);
        Ok(match req {
            Req::List { seq, query, at } => {
                // Merged from many sources, paged by the merge's own key in both directions.
                let total = if at.seek.opens() { Some(deadlines::count(c, &query, cal)?) } else { None };
                let page = deadlines::page_keyed(c, &query, cal, &at.seek, at.limit.max(0) as usize)?;
                Rep::List { seq, total, at, page }
            }
            Req::Years(today) => Rep::Years(cal.years().to_vec(), cal.missing_year(today)),
            Req::Groups(queries) => {
                let mut groups = Vec::new();
                for (filter, q) in queries {
                    let overdue = deadlines::count(c, &DeadlineQuery { overdue_only: true, ..q.clone() }, cal)?;
                    let all = deadlines::count(c, &q, cal)?;
                    groups.push(Group { filter, overdue: true, n: overdue });
                    groups.push(Group { filter, overdue: false, n: all - overdue });
                }
                groups.retain(|g| g.n > 0);
                // Overdue groups first, the largest first: where the backlog is.
                groups.sort_by_key(|g| (!g.overdue, -g.n));
                Rep::Groups(groups)
            }
            Req::BusyDays { month, query } => {
                let end = crate::domain::calendar::month_end(month);
                Rep::BusyDays(month, deadlines::busy_days(c, &query, cal, month, end)?)
            }
        })
    }

    fn reach(w: &Write) -> Reach {
        match w {
            Write::CompleteManual { id, .. } => Reach::record(ScopedTable::ManualDeadline, *id),
            Write::AddManual { unit_id: Some(u), .. } => Reach::record(ScopedTable::Unit, *u),
            Write::SubmitReport { .. } | Write::AddManual { unit_id: None, .. } => Reach::Office,
        }
    }

    fn write(b: &mut Backend, operator: &str, w: Write) -> Result<Written, WriteError> {
        match w {
            Write::SubmitReport { kind, period, on } => {
                b.write(operator, |w| deadlines::submit_report(w, kind, &period, on)).map(|_| Written::new(period.clone()))
            }
            Write::AddManual { title, due, unit_id, note } => b
                .write(operator, |w| deadlines::add_manual(w, &title, due, unit_id, &note))
                .map(|id| Written::new(format!("#{id}"))),
            Write::CompleteManual { id, version, on } => b
                .write(operator, |w| deadlines::complete_manual(w, id, version, on))
                .map(|_| Written::new(format!("#{id}"))),
        }
    }
}

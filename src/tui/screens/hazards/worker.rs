//! The store side of the Hazards screen: the register's pages and one hazard, and its writes.

use super::HazardsScreen;
use super::msg::{Rep, Req, Write};
use crate::store::{hazard_dispatch, hazards};

/// Officers offered in the dispatch form (those of the hazard's grid first).
const OFFICER_CHOICES: i64 = 200;
use crate::store::inspections;
use crate::store::scope::ScopedTable;
use crate::tui::backend::{Backend, Reach, WriteError, Written};
use crate::tui::screen_def::Answer;

impl Answer for HazardsScreen {
    fn read(b: &mut Backend, req: Req) -> crate::store::Result<Rep> {
        let c = b.conn();
        Ok(match req {
            Req::List { seq, filter, at } => {
                let total = if at.seek.opens() { Some(hazards::count(c, &filter)?) } else { None };
                Rep::List { seq, total, page: hazards::page(c, &filter, &at.seek, at.limit)?, at }
            }
            Req::Detail(id) => Rep::Detail(id, hazards::get(c, id)?.map(Box::new)),
            Req::Officers(id) => Rep::Officers(id, crate::store::officer_choices::for_hazard(c, id, OFFICER_CHOICES)?),
        })
    }

    fn reach(w: &Write) -> Reach {
        match w {
            Write::Inspection(i, _) => Reach::record(ScopedTable::Unit, i.unit_id),
            Write::Create(h) => Reach::record(ScopedTable::Unit, h.unit_id),
            Write::Update { id, .. } | Write::Transition { id, .. } | Write::Dispatch { id, .. } => {
                Reach::record(ScopedTable::Hazard, *id)
            }
        }
    }

    fn write(b: &mut Backend, operator: &str, w: Write) -> Result<Written, WriteError> {
        match w {
            Write::Inspection(i, h) => b
                .write(operator, |w| inspections::record(w, &i, h))
                .map(|(id, hazard)| Written { message: format!("inspection #{id}"), hazard }),
            Write::Create(h) => b.write(operator, |w| hazards::create(w, &h)).map(Written::hazard),
            Write::Update { id, version, edit } => {
                b.write(operator, |w| hazards::update(w, id, version, &edit)).map(|_| Written::hazard(id))
            }
            Write::Dispatch { id, version, officer_id } => b
                .write_dispatch(operator, |w| hazard_dispatch::dispatch(w, id, version, officer_id))
                .map(|_| Written::hazard(id)),
            Write::Transition { id, version, to, role, on, note, evidence } => {
                // A rule's refusal rolls the transaction back like any error, and is said as such.
                b.write(operator, |w| {
                    hazards::transition(w, id, version, to, role, on, &note, &evidence).map_err(|e| match e {
                        hazards::HazardError::Store(e) => e,
                        other => crate::store::StoreError::Refused(other.to_string()),
                    })
                })
                .map(|_| Written::hazard(id))
            }
        }
    }
}

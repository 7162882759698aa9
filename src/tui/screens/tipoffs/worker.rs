//! The store side of the Tip-offs screen: the queue, the detail with its timeline and the
//! reporter as the screen may show it (masked), the steps and intake, and the audited reveal.

use super::TipoffsScreen;
use super::msg::{Rep, Req, TipoffPane, Write};
use crate::store::StoreError;
use crate::store::scope::ScopedTable;
use crate::store::tipoffs;
use crate::tui::backend::{Backend, Reach, WriteError, Written};
use crate::tui::screen_def::Answer;

/// The identity in clear, for the screen only; the reveal is audited in the same transaction.
/// The role is the signed-in operator's as this backend knows it, and the tip-off must be within
/// their scope (a station's supervisor opens only its own grids' reporters).
fn reveal(b: &mut Backend, operator: &str, id: i64) -> Result<tipoffs::Identity, String> {
    b.within(&Reach::record(ScopedTable::Tipoff, id)).map_err(|e| e.to_string())?;
    let role = b.signed.as_ref().map(|o| o.role).unwrap_or(crate::domain::OperatorRole::Viewer);
    let sealer = b.sealer.as_ref().ok_or("no key file to open the reporter's identity with")?;
    b.store.write(operator, |w| tipoffs::reveal(w, sealer, id, role)).map_err(|e| e.to_string())
}

impl Answer for TipoffsScreen {
    fn read(b: &mut Backend, req: Req) -> crate::store::Result<Rep> {
        let c = b.conn();
        Ok(match req {
            Req::List { seq, filter, at } => {
                let total = if at.seek.opens() { Some(tipoffs::count(c, &filter)?) } else { None };
                Rep::List { seq, total, page: tipoffs::page(c, &filter, &at.seek, at.limit)?, at }
            }
            Req::Detail(id) => {
                let pane = match tipoffs::get(c, id)? {
                    Some(row) => Some(Box::new(TipoffPane {
                        events: tipoffs::events(c, id)?,
                        reporter: tipoffs::reporter_registered(c, id)?,
                        reward_proposal: row
                            .fine
                            .filter(|_| row.substantiated == Some(true))
                            .map(|f| b.rules.propose_reward(f)),
                        row,
                    })),
                    None => None,
                };
                Rep::Detail(id, pane)
            }
            Req::Reveal { id, operator } => Rep::Revealed { id, identity: reveal(b, &operator, id) },
        })
    }

    fn reach(w: &Write) -> Reach {
        match w {
            Write::Create(t) => match t.unit_id {
                Some(u) => Reach::record(ScopedTable::Unit, u),
                None => Reach::Refused("a station takes in tip-offs about the units of its own grids: pick the unit"),
            },
            Write::Step { id, .. } | Write::Hazard { id, .. } => Reach::record(ScopedTable::Tipoff, *id),
        }
    }

    fn write(b: &mut Backend, operator: &str, write: Write) -> Result<Written, WriteError> {
        let rules = b.rules;
        let sealer = b.sealer.as_ref();
        b.store
            .write(operator, |w| match write {
                Write::Create(t) => {
                    let sealer = sealer.ok_or_else(|| StoreError::Refused("no key file to seal the reporter with".into()))?;
                    tipoffs::check_key(w, sealer).map_err(|e| StoreError::Refused(e.to_string()))?;
                    tipoffs::create(w, sealer, &t).map(|id| Written::new(format!("tip-off #{id}")))
                }
                Write::Step { id, version, step, role, on } => tipoffs::step(w, id, version, &step, role, &rules, on)
                    .map(|_| Written::new(format!("tip-off #{id}"))),
                Write::Hazard { id, version, hazard } => tipoffs::open_hazard(w, id, version, &hazard).map(Written::hazard),
            })
            .map_err(WriteError::from)
    }
}

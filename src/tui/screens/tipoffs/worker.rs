//! The worker's tip-off requests: the queue, the detail with its timeline and the reporter as
//! the screen may show it (masked), the steps and intake, and the audited reveal.

use crate::store::StoreError;
use crate::store::tipoffs::{self, TipoffRow};
use crate::tui::worker::{Backend, Reply, Request, WriteOp};

/// The detail pane of one tip-off.
#[derive(Debug, Clone, PartialEq)]
pub struct TipoffPane {
    pub row: TipoffRow,
    /// (at, operator, kind, text), oldest first.
    pub events: Vec<(String, String, String, String)>,
    /// Whether the reporter left a name or phone (shown as "registered"; never opened for it).
    pub reporter: bool,
    /// The reward the office's rule proposes for the recorded fine.
    pub reward_proposal: Option<f64>,
}

impl Backend {
    pub(in crate::tui) fn read_tipoffs(&self, req: Request) -> crate::store::Result<Reply> {
        let c = self.conn();
        Ok(match req {
            Request::Tipoffs { seq, filter, at } => {
                let total = if at.seek.opens() { Some(tipoffs::count(c, &filter)?) } else { None };
                Reply::Tipoffs { seq, total, page: tipoffs::page(c, &filter, &at.seek, at.limit)?, at }
            }
            Request::TipoffDetail(id) => {
                let pane = match tipoffs::get(c, id)? {
                    Some(row) => Some(Box::new(TipoffPane {
                        events: tipoffs::events(c, id)?,
                        reporter: tipoffs::reporter_registered(c, id)?,
                        reward_proposal: row
                            .fine
                            .filter(|_| row.substantiated == Some(true))
                            .map(|f| self.rules.propose_reward(f)),
                        row,
                    })),
                    None => None,
                };
                Reply::TipoffDetail(id, pane)
            }
            Request::TipoffCounts { today } => Reply::TipoffCounts(tipoffs::counts(c, &today.to_string())?),
            _ => Reply::Error("not a tip-off request".into()),
        })
    }

    pub(in crate::tui) fn write_tipoff(
        &mut self,
        operator: &str,
        op: WriteOp,
    ) -> Result<(String, Option<i64>), String> {
        let rules = self.rules;
        let sealer = self.sealer.as_ref();
        self.store
            .write(operator, |w| match op {
                WriteOp::TipoffCreate(t) => {
                    let sealer =
                        sealer.ok_or_else(|| StoreError::Refused("no key file to seal the reporter with".into()))?;
                    tipoffs::check_key(w, sealer).map_err(|e| StoreError::Refused(e.to_string()))?;
                    tipoffs::create(w, sealer, &t).map(|id| (format!("tip-off #{id}"), None))
                }
                WriteOp::TipoffStep { id, version, step, role, on } => {
                    tipoffs::step(w, id, version, &step, role, &rules, on).map(|_| (format!("tip-off #{id}"), None))
                }
                WriteOp::TipoffHazard { id, version, hazard } => {
                    tipoffs::open_hazard(w, id, version, &hazard).map(|h| (format!("hazard #{h}"), Some(h)))
                }
                _ => Err(StoreError::Refused("not a tip-off write".into())),
            })
            .map_err(|e| e.to_string())
    }

    /// The identity in clear, for the screen only; the reveal is audited in the same transaction.
    /// The role is the signed-in operator's as this backend knows it, not what the request says.
    pub(in crate::tui) fn reveal(&mut self, operator: &str, id: i64) -> Reply {
        let role = self.signed.as_ref().map(|o| o.role).unwrap_or(crate::domain::OperatorRole::Viewer);
        let identity = match self.sealer.as_ref() {
            None => Err("no key file to open the reporter's identity with".to_string()),
            Some(sealer) => {
                self.store.write(operator, |w| tipoffs::reveal(w, sealer, id, role)).map_err(|e| e.to_string())
            }
        };
        Reply::Revealed { id, identity }
    }
}

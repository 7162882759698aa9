//! The Overview: the duty officer's first screen, the office's figures at a glance; ↑↓ move
//! among the figures and Enter opens the list a figure counts. It writes nothing. The store side is in `worker.rs`, drawing in `view.rs`,
//! messages in `msg.rs`; `screen.rs` is the screen as the app sees it.

pub mod figures;
pub mod msg;
mod screen;
pub mod view;
mod worker;

use crate::store::stats::NetworkStats;
use msg::{AlarmFigures, DueFigures, HazardFigures};

#[derive(Debug, Default)]
pub struct OverviewScreen {
    pub stats: Option<NetworkStats>,
    pub hazards: Option<HazardFigures>,
    pub due: Option<DueFigures>,
    /// Received, open and overdue tip-offs.
    pub tipoffs: Option<(i64, i64, i64)>,
    pub alarms: AlarmFigures,
    /// The figure the cursor is on (see `figures`).
    pub cursor: usize,
}

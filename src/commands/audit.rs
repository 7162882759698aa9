//! `anjian audit verify [--anchor ROWS:MAC]` and `anjian audit anchor`.

use super::{Ctx, say, warn};
use anjian::cli::AuditCommand;
use anjian::store::{Store, audit};
use anyhow::Result;
use std::process::ExitCode;

pub fn run(ctx: &Ctx, command: AuditCommand) -> Result<ExitCode> {
    let store = Store::open(&ctx.db)?;
    match command {
        AuditCommand::Anchor => {
            println!("{}", audit::anchor(store.conn())?);
            Ok(ExitCode::SUCCESS)
        }
        AuditCommand::Verify { anchor } => {
            let report = audit::verify(store.conn(), store.audit_key(), anchor.as_ref())?;
            if let Some(b) = &report.boundary
                && b.row > 0
            {
                say(&format!(
                    "rows 1–{} are the plain SHA-256 chain of before the audit key (checked {} at the upgrade: {}); keyed from row {}",
                    b.row,
                    b.at,
                    b.legacy,
                    b.row + 1
                ));
            }
            let mut ok = true;
            match &report.chain {
                audit::Verdict::Intact { rows } => say(&format!(
                    "audit log intact: {rows} rows verified{}",
                    if anchor.is_some() { ", the anchor included" } else { "" }
                )),
                audit::Verdict::Broken { id, reason } => {
                    ok = false;
                    warn(&format!("audit log broken at row {id}: {reason}"));
                }
            }
            for d in &report.drift {
                ok = false;
                warn(&format!("changed outside anjian: {d}"));
            }
            Ok(if ok { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
    }
}

//! `anjian import units|grids|officers|teams|accidents|work FILE`: all or nothing, with the row-by-row report.

use super::{Ctx, say, warn};
use anjian::actor::Actor;
use anjian::domain::permission::Need;
use anjian::import::Entity;
use anjian::store::Store;
use anyhow::Result;
use std::path::Path;
use std::process::ExitCode;

pub fn run(ctx: &Ctx, entity: Entity, file: &Path, dry_run: bool) -> Result<ExitCode> {
    let mut store = Store::open(&ctx.db)?;
    let actor = Actor::resolve(&ctx.service, &store)?;
    // The network is the administrator's to change; the registers are the duty officers' work.
    let need = if matches!(entity, Entity::Accidents | Entity::Work) { Need::Work } else { Need::Administer };
    actor.require(need, "import")?;
    let report = anjian::import::import_file(&mut store, &actor.audit_name(), entity, file, dry_run)?;
    let text = report.render(ctx.lang);
    if report.ok() {
        say(&text);
        Ok(ExitCode::SUCCESS)
    } else {
        warn(&text);
        Ok(ExitCode::from(1))
    }
}

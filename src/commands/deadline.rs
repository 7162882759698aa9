//! `anjian deadline add`: an item on the Deadlines list from a script.

use super::{Ctx, say, unit_of};
use anjian::actor::Actor;
use anjian::cli::DeadlineCommand;
use anjian::domain::permission::Need;
use anjian::store::Store;
use anyhow::{Result, bail};
use std::process::ExitCode;

pub fn run(ctx: &Ctx, command: DeadlineCommand) -> Result<ExitCode> {
    let DeadlineCommand::Add { title, due, unit, note } = command;
    let mut store = Store::open(&ctx.db)?;
    let actor = Actor::resolve(&ctx.service, &store)?;
    actor.require(Need::Work, "deadline add")?;
    let unit_id = unit_of(&store, &actor, unit.as_deref())?;
    if unit_id.is_none() && actor.reader(&store).is_ok_and(|r| matches!(r, anjian::actor::Reader::Scoped(_))) {
        bail!("deadline add: a scoped operator adds items for units of their own grids: give --unit");
    }
    let id =
        store.write(&actor.audit_name(), |w| anjian::store::deadlines::add_manual(w, &title, due, unit_id, &note))?;
    say(&format!("deadline #{id} added: {due} {title}"));
    Ok(ExitCode::SUCCESS)
}

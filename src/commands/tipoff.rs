//! `anjian tipoff add`: a tip-off from a call-centre script; the reporter is sealed.

use super::{Ctx, unit_of};
use anjian::actor::Actor;
use anjian::cli::TipoffCommand;
use anjian::domain::permission::Need;
use anjian::store::Store;
use anyhow::Result;
use std::process::ExitCode;

pub fn run(ctx: &Ctx, command: TipoffCommand) -> Result<ExitCode> {
    let TipoffCommand::Add {
        channel,
        description,
        unit,
        location,
        category,
        reporter_name,
        reporter_phone,
        anonymous: _,
    } = command;
    let sealer = anjian::secret::Sealer::load_or_create(&ctx.config.key_path(&ctx.db))?;
    let mut store = Store::open(&ctx.db)?;
    let actor = Actor::resolve(&ctx.service, &store)?;
    actor.require(Need::Work, "tipoff add")?;
    let unit_id = unit_of(&store, &actor, unit.as_deref())?;
    let t = anjian::store::tipoffs::NewTipoff {
        channel: anjian::domain::tipoff::Channel::parse(&channel),
        received_at: anjian::domain::time::stamp(anjian::domain::time::now()),
        location,
        unit_id,
        category,
        description,
        reporter_name,
        reporter_phone,
        ..Default::default()
    };
    let id = store.write(&actor.audit_name(), |w| {
        anjian::store::tipoffs::check_key(w, &sealer).map_err(|e| anjian::store::StoreError::Refused(e.to_string()))?;
        anjian::store::tipoffs::create(w, &sealer, &t)
    })?;
    println!("tip-off #{id} received");
    Ok(ExitCode::SUCCESS)
}

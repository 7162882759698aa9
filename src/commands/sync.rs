//! `anjian sync [--once | --watch]`: the configured feeds, once or until stopped. The alarms it
//! stores are routed to the configured receivers in the transaction that stores them; watching,
//! it also delivers the notifications.

use super::Ctx;
use anyhow::Result;
use std::process::ExitCode;

pub fn run(ctx: &Ctx, watch: bool, feed: Option<&str>) -> Result<ExitCode> {
    let notify = if !(ctx.config.routes.is_empty() && ctx.config.escalation.is_empty() && ctx.config.dispatch.is_none())
    {
        Some(anjian::notify::sender::Setup::from_config(&ctx.config).map_err(anyhow::Error::msg)?)
    } else {
        None
    };
    let code = anjian::sync::run::command(&ctx.db, &ctx.config.feeds, feed, watch, ctx.lang, notify)?;
    Ok(ExitCode::from(code))
}

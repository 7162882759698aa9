//! `anjian sync [--once | --watch]`: the configured feeds, once or until stopped.

use super::Ctx;
use anyhow::Result;
use std::process::ExitCode;

pub fn run(ctx: &Ctx, watch: bool, feed: Option<&str>) -> Result<ExitCode> {
    let code = anjian::sync::run::command(&ctx.db, &ctx.config.feeds, feed, watch, ctx.lang)?;
    Ok(ExitCode::from(code))
}

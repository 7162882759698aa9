//! `anjian fixture-server`: the built-in test upstream.

use anyhow::Result;
use std::process::ExitCode;

pub fn run(addr: std::net::SocketAddr, mode: &str, every: u64) -> Result<ExitCode> {
    anjian::fixture::command(addr, mode, every)?;
    Ok(ExitCode::SUCCESS)
}

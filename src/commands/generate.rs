//! `anjian gen --scale …`: a generated office for trials and benchmarks.

use super::Ctx;
use anjian::generate::office::Scale;
use anyhow::{Result, bail};
use std::process::ExitCode;

pub fn run(ctx: &Ctx, scale: Scale) -> Result<ExitCode> {
    let Some(path) = ctx.db_arg.clone() else {
        bail!("gen writes a new database: give its path with --db PATH");
    };
    let size = scale.size();
    let started = std::time::Instant::now();
    anjian::generate::office::build(&path, size, anjian::domain::time::now(), &mut |stage| {
        eprintln!("gen: {stage} ({:.1?})", started.elapsed())
    })?;
    println!(
        "{}: {} units, {} hazards, {} tip-offs, {} alarms in {:.1?}; sign in as {} (PIN {})",
        path.display(),
        size.units,
        size.hazards,
        size.tipoffs,
        size.alarms,
        started.elapsed(),
        anjian::generate::office::OPERATOR,
        anjian::generate::office::PIN
    );
    Ok(ExitCode::SUCCESS)
}

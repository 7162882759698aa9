//! `anjian doctor`: reports a broken config instead of stopping at it.

use super::say;
use anjian::cli::Cli;
use anjian::config::Config;
use anyhow::Result;
use std::process::ExitCode;

pub fn run(cli: &Cli) -> Result<ExitCode> {
    let loaded = Config::load_from(cli.config.as_deref());
    let path = loaded.as_ref().ok().and_then(|(_, p)| p.clone());
    let loaded = loaded.map(|(c, _)| c);
    let db =
        cli.db.clone().or_else(|| loaded.as_ref().ok().and_then(|c| c.db.clone())).unwrap_or_else(Config::default_db);
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let findings = rt.block_on(anjian::doctor::check(loaded, path.as_deref(), &db, &anjian::doctor::Env::current()));
    for f in &findings {
        say(&f.line());
    }
    let fixes = findings.iter().filter(|f| f.verdict == anjian::doctor::Verdict::Fix).count();
    println!("{}", if fixes == 0 { "nothing to fix".to_string() } else { format!("{fixes} thing(s) to fix") });
    Ok(if fixes == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

//! `anjian demo`: the demo town with its own upstream on loopback, signed in as the demo operator.

use super::Ctx;
use anjian::config::Config;
use anyhow::Result;
use std::io::Write;
use std::process::ExitCode;

pub fn run(ctx: Ctx, no_tui: bool) -> Result<ExitCode> {
    let lang = ctx.lang;
    let path = match ctx.db_arg {
        Some(p) => p,
        None => {
            let dir = tempfile::Builder::new().prefix("anjian-demo-").tempdir()?.keep();
            dir.join("demo.db")
        }
    };
    let (store, operator) = anjian::demo::open(&path)?;
    // The demo's upstream lives as long as this process; its feeds replace the config's.
    let (_upstream, feeds) = anjian::fixture::demo_upstream(&path, lang, std::time::Duration::from_secs(20))?;
    // The demo seals its reporters under its own key, beside its database.
    let config = Config { feeds, key_file: None, ..ctx.config };
    if no_tui {
        println!("{}", path.display());
        eprintln!(
            "{}",
            if lang.zh() {
                format!("演示数据库：{}（值班员 {}，PIN {}）", path.display(), operator.name, anjian::demo::DEMO_PIN)
            } else {
                format!(
                    "demo database: {} (operator {}, PIN {})",
                    path.display(),
                    operator.name,
                    anjian::demo::DEMO_PIN
                )
            }
        );
    } else {
        anjian::tui::run(store, &config, lang, Some(operator), anjian::tui::seat::Seat::local())?;
        // The terminal may be gone (a dropped SSH connection): a failed write is not an error.
        let _ = writeln!(std::io::stderr(), "anjian demo: {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

//! One file per subcommand (`anjian import` is `import.rs`, and so on); this file reads what every
//! command shares — the configs, the language, the database — and dispatches. See ARCHITECTURE.md,
//! "Adding a CLI command".

mod accident;
mod audit;
mod backup;
mod dashboard;
mod deadline;
mod demo;
mod doctor;
mod export;
mod fixture_server;
mod generate;
mod import;
mod notify;
mod office;
mod operator;
mod report;
mod station;
mod sync;
mod template;
mod tipoff;

use anjian::actor::Actor;
use anjian::cli::{Cli, Command};
use anjian::config::Config;
use anjian::i18n::Lang;
use anjian::store::Store;
use anyhow::{Context, Result, bail};
use std::path::PathBuf;
use std::process::ExitCode;

/// What every command may need: its config, the service account's own config, the language and
/// the database path.
pub struct Ctx {
    pub config: Config,
    /// Who is signed in without a PIN and which operator a headless command acts as come only
    /// from here (see `Config::load_service`).
    pub service: Config,
    pub lang: Lang,
    pub db: PathBuf,
    /// `--db` as given (the demo and `gen` use it as "the new database").
    pub db_arg: Option<PathBuf>,
}

pub fn run(cli: Cli) -> Result<ExitCode> {
    if matches!(cli.command, Some(Command::Doctor)) {
        return doctor::run(&cli);
    }
    let (config, service) = configs(&cli)?;
    let lang = cli
        .lang
        .or(config.lang)
        .or_else(|| std::env::var("LANG").ok().map(|l| Lang::from_locale(&l)))
        .unwrap_or_default();
    let db = cli.db.clone().or_else(|| config.db.clone()).unwrap_or_else(Config::default_db);
    let ctx = Ctx { config, service, lang, db, db_arg: cli.db.clone() };
    match cli.command {
        None => dashboard::run(&ctx),
        Some(Command::Demo { no_tui }) => demo::run(ctx, no_tui),
        Some(Command::Import { entity, file, dry_run }) => import::run(&ctx, entity, &file, dry_run),
        Some(Command::Export { entity, within, officer, format, out }) => {
            export::run(&ctx, entity, within, officer, format, out)
        }
        Some(Command::Operator { admin, command }) => operator::run(&ctx, admin.as_deref(), command),
        Some(Command::Station { admin, command }) => station::run(&ctx, admin.as_deref(), command),
        Some(Command::Gen { scale }) => generate::run(&ctx, scale),
        Some(Command::Deadline(command)) => deadline::run(&ctx, command),
        Some(Command::Office(command)) => office::run(&ctx, command),
        Some(Command::Accident(command)) => accident::run(&ctx, command),
        Some(Command::Notify(command)) => notify::run(&ctx, command),
        Some(Command::Sync { once: _, watch, feed }) => sync::run(&ctx, watch, feed.as_deref()),
        Some(Command::FixtureServer { addr, mode, every }) => fixture_server::run(addr, &mode, every),
        Some(Command::Tipoff(command)) => tipoff::run(&ctx, command),
        Some(Command::Template(command)) => template::run(&ctx, command),
        Some(Command::Report { quarter, format, out }) => report::run(&ctx, quarter, format, &out),
        Some(Command::Doctor) => doctor::run(&cli),
        Some(Command::Backup { path, with_key }) => backup::backup(&ctx, &path, with_key),
        Some(Command::Restore { path }) => backup::restore(&ctx, &path),
        Some(Command::Audit(command)) => audit::run(&ctx, command),
    }
}

/// Prints text that may carry sheet or upstream content (names, errors, report lines): each line
/// through the terminal cleaning.
pub fn say(text: &str) {
    println!("{}", anjian::domain::text::lines(text.trim_end_matches('\n'), 4_000));
}

pub fn warn(text: &str) {
    eprintln!("{}", anjian::domain::text::lines(text.trim_end_matches('\n'), 4_000));
}

/// The config for this command, and the service account's own (who is signed in without a PIN
/// and which operator a headless command acts as come only from the latter).
fn configs(cli: &Cli) -> Result<(Config, Config)> {
    let account = anjian::system::identity::real();
    let service_path = Config::service_path(&account);
    let (config, path) = Config::load_from(cli.config.as_deref())?;
    let same = path.as_ref().is_some_and(|p| {
        std::fs::canonicalize(p).ok().is_some_and(|p| std::fs::canonicalize(&service_path).ok() == Some(p))
    });
    if same {
        let service = Config::load_service(&account)?;
        return Ok((config, service));
    }
    if let Some(p) = &path
        && !config.session.accounts.is_empty()
    {
        warn(&format!(
            "anjian: {}: [session.accounts] is read only from the service account's own config ({}); ignored",
            p.display(),
            service_path.display()
        ));
    }
    // A service config that cannot be trusted maps no one; the command still runs as its account.
    let service = match Config::load_service(&account) {
        Ok(c) => c,
        Err(e) => {
            warn(&format!("anjian: {e}; no account is mapped to an operator"));
            Config::default()
        }
    };
    Ok((config, service))
}

/// The unit named by `--unit` (USCC or exact name), which a scoped operator must be able to see.
fn unit_of(store: &Store, actor: &Actor, key: Option<&str>) -> Result<Option<i64>> {
    let Some(key) = key else { return Ok(None) };
    let id = anjian::store::units::by_key(store.conn(), key)?
        .with_context(|| format!("--unit {key}: no unit with that USCC or name"))?;
    if !actor.sees_unit(store, id)? {
        bail!("--unit {key}: outside the grids that {} is limited to", actor.audit_name());
    }
    Ok(Some(id))
}

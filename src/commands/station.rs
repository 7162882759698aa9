//! `anjian station add/list/remove`: the stations and their SSH keys. The database holds them
//! (audited like operators); the service account's `authorized_keys` gets one line per key,
//! rewritten from the database after every change, each forcing `anjian station NAME`.

use super::operator::acting;
use super::{Ctx, say};
use anjian::cli::StationCommand;
use anjian::config::Config;
use anjian::domain::station::{self, PublicKey};
use anjian::store::{Store, stations};
use anyhow::{Context, Result};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The authorized_keys file: the config says (this command runs as the service account, which
/// owns the database anyway), else `.ssh/authorized_keys` in the account's home from the passwd
/// database (never `$HOME`).
fn keys_file(config: &Config) -> PathBuf {
    config
        .stations
        .authorized_keys
        .clone()
        .unwrap_or_else(|| anjian::system::identity::real().home.join(".ssh/authorized_keys"))
}

/// The program the forced commands run: the config's, else this program's own path.
fn program(config: &Config) -> Result<String> {
    let p = match &config.stations.program {
        Some(p) => p.clone(),
        None => std::env::current_exe()
            .and_then(std::fs::canonicalize)
            .context("cannot tell where this program is; set [stations] program in the config")?
            .to_string_lossy()
            .into_owned(),
    };
    station::check_program(&p).map_err(anyhow::Error::msg)?;
    Ok(p)
}

/// Writes the stations' section of authorized_keys from the database.
fn write_keys(store: &Store, config: &Config) -> Result<PathBuf> {
    let program = program(config)?;
    let lines: Vec<String> = stations::list(store.conn())?
        .iter()
        .flat_map(|s| s.keys.iter().map(|(k, _)| station::authorized_line(&program, &s.name, k)).collect::<Vec<_>>())
        .collect();
    let path = keys_file(config);
    anjian::system::authorized_keys::write(&path, &lines)?;
    Ok(path)
}

fn read_key(file: Option<&Path>) -> Result<PublicKey> {
    let text = match file {
        Some(f) => std::fs::read_to_string(f).with_context(|| format!("--key {}", f.display()))?,
        None => {
            let mut s = String::new();
            std::io::stdin().take(64 * 1024).read_to_string(&mut s).context("--key-stdin")?;
            s
        }
    };
    let what = file.map(|f| f.display().to_string()).unwrap_or_else(|| "standard input".into());
    station::parse_public_key(&text).map_err(|e| anyhow::anyhow!("{what}: {e}"))
}

pub fn run(ctx: &Ctx, admin: Option<&str>, command: StationCommand) -> Result<ExitCode> {
    let (db, config, lang) = (ctx.db.as_path(), &ctx.config, ctx.lang);
    let mut store = Store::open(db)?;
    match command {
        StationCommand::List => {
            let mut text = String::new();
            for s in stations::list(store.conn())? {
                let scope = if s.scope.is_empty() { "whole office".to_string() } else { s.scope.join(", ") };
                let op = s.operator.as_deref().map(|o| format!("; {o} without a PIN")).unwrap_or_default();
                text.push_str(&format!("{}: {scope}{op}\n", s.name));
                for (k, added) in &s.keys {
                    text.push_str(&format!(
                        "  {} {}  added {}\n",
                        k.kind,
                        k.fingerprint(),
                        added.get(..10).unwrap_or("")
                    ));
                }
            }
            if text.is_empty() {
                text = if lang.zh() { "还没有站点".into() } else { "no stations yet".into() };
            }
            say(&text);
        }
        StationCommand::Add { name, key, key_stdin: _, operator, scope } => {
            station::check_name(&name).map_err(anyhow::Error::msg)?;
            let key = read_key(key.as_deref())?;
            // Checked before anything is written: a line sshd could not run is worse than none.
            program(config)?;
            let who = acting(&mut store, admin)?;
            // A station's dashboard opens the reporter key but never makes the office's files.
            anjian::secret::Sealer::load_or_create(&config.key_path(db))?;
            let out = store.write(&who, |w| stations::add(w, &name, &key, operator.as_deref(), &scope))?;
            let path = write_keys(&store, config)?;
            say(&format!(
                "station {name}: {} {}; {} updated",
                if out == stations::AddOutcome::Added { "added with key" } else { "another key" },
                key.fingerprint(),
                path.display()
            ));
        }
        StationCommand::Remove { name } => {
            let who = acting(&mut store, admin)?;
            store.write(&who, |w| stations::remove(w, &name))?;
            let path = write_keys(&store, config)?;
            say(&format!("station {name} removed; {} updated", path.display()));
        }
    }
    Ok(ExitCode::SUCCESS)
}

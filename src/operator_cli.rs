//! `anjian operator …`: the office's operators managed from the command line. Once the office has
//! an admin, every change needs one (`--as NAME`, their PIN asked on the terminal or taken from
//! `ANJIAN_ADMIN_PIN` in scripts), checked like a sign-in (rate limit and audit); before that, the
//! first admin is made by whoever owns the database file (it is created 0600).

use crate::cli_operator;
use anjian::cli::OperatorCommand;
use anjian::domain::OperatorRole;
use anjian::store::sessions::{self, SignIn};
use anjian::store::{Store, operators};
use anyhow::{Context, Result, bail};
use std::path::Path;
use std::process::ExitCode;

/// A PIN from the terminal (typed twice, not echoed) or one line of standard input.
fn read_pin(name: &str, from_stdin: bool) -> Result<String> {
    let pin = if from_stdin {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        line.trim_end_matches(['\r', '\n']).to_string()
    } else {
        let pin = rpassword::prompt_password(format!("PIN for {name}: "))?;
        let again = rpassword::prompt_password("PIN again: ")?;
        if pin != again {
            bail!("the two PINs differ; nothing was saved");
        }
        pin
    };
    if pin.chars().count() < 4 {
        bail!("the PIN must have at least 4 characters; nothing was saved");
    }
    Ok(pin)
}

/// Who the change is made as: the admin named by `--as` (checked), or the Unix account while the
/// office has no admin yet.
fn acting(store: &mut Store, admin: Option<&str>) -> Result<String> {
    let admins = operators::list(store.conn())?
        .into_iter()
        .filter(|(o, disabled, _)| o.role == OperatorRole::Admin && !disabled)
        .count();
    let Some(name) = admin else {
        if admins > 0 {
            bail!(
                "the office has an admin: changes to operators need one (--as NAME; the PIN is asked, or ANJIAN_ADMIN_PIN)"
            );
        }
        return Ok(cli_operator());
    };
    let pin = match std::env::var("ANJIAN_ADMIN_PIN") {
        Ok(pin) => pin,
        Err(_) => rpassword::prompt_password(format!("PIN of {name}: "))?,
    };
    let now = anjian::domain::time::now();
    match store.write(name, |w| sessions::sign_in(w, name, &pin, "cli", now))? {
        SignIn::Ok(op) if op.role == OperatorRole::Admin => Ok(format!("{name} ({})", cli_operator())),
        SignIn::Ok(op) => bail!("{name} is {}, not an admin; nothing was changed", op.role.code()),
        SignIn::Wrong => bail!("wrong name or PIN for --as {name}; nothing was changed"),
        SignIn::Locked(until) => bail!("too many wrong PINs for {name}; try again after {until}"),
    }
}

pub fn run(db: &Path, admin: Option<&str>, command: OperatorCommand) -> Result<ExitCode> {
    let mut store = Store::open(db)?;
    match command {
        OperatorCommand::List => {
            for (op, disabled, created) in operators::list(store.conn())? {
                let state = if disabled { "disabled" } else { "" };
                println!("{:<16} {:<10} {:<10} {}", op.name, op.role.code(), state, created.get(..10).unwrap_or(""));
            }
        }
        OperatorCommand::Add { name, role, pin_stdin } => {
            let role = OperatorRole::parse(&role).context("unknown role")?;
            let pin = read_pin(&name, pin_stdin)?;
            let who = acting(&mut store, admin)?;
            store.write(&who, |w| operators::add(w, &name, role, &pin))?;
            println!("operator {name} added ({})", role.code());
        }
        OperatorCommand::Disable { name, enable } => {
            let who = acting(&mut store, admin)?;
            store.write(&who, |w| operators::set_disabled(w, &name, !enable))?;
            println!("operator {name} {}", if enable { "enabled" } else { "disabled" });
        }
        OperatorCommand::Scope { name, community, grid, clear } => {
            if !clear && community.is_empty() && grid.is_empty() {
                bail!("give --community or --grid (repeatable), or --clear for the whole office");
            }
            let who = acting(&mut store, admin)?;
            store.write(&who, |w| anjian::store::scope::set(w, &name, &community, &grid))?;
            match anjian::store::scope::grids_of(store.conn(), &name)? {
                Some(grids) => println!("operator {name} limited to {} grid(s)", grids.len()),
                None => println!("operator {name} covers the whole office"),
            }
        }
        OperatorCommand::ResetPin { name, pin_stdin } => {
            let pin = read_pin(&name, pin_stdin)?;
            let who = acting(&mut store, admin)?;
            store.write(&who, |w| operators::reset_pin(w, &name, &pin))?;
            println!("operator {name}: new PIN set");
        }
    }
    Ok(ExitCode::SUCCESS)
}

//! `anjian operator …`: the office's operators managed from the command line. Once the office has
//! an admin, every change needs one (`--as NAME`, their PIN asked on the terminal or taken from
//! `ANJIAN_ADMIN_PIN` in scripts), checked like a sign-in (rate limit and audit); before that, the
//! first admin is made by the account that owns the database (the service account; its files are
//! private to it).

use super::{Ctx, say};
use anjian::actor::Actor;
use anjian::cli::OperatorCommand;
use anjian::domain::OperatorRole;
use anjian::store::sessions::{self, SignIn};
use anjian::store::{Store, operators};
use anyhow::{Context, Result, bail};
use std::process::ExitCode;
use zeroize::Zeroizing;

/// One line of standard input, read a byte at a time: a script that pipes several PINs into several
/// commands gives each command exactly its own line (a buffered read would swallow the rest).
fn stdin_line() -> Result<Zeroizing<String>> {
    let mut bytes = Zeroizing::new(Vec::new());
    loop {
        let mut b = [0u8; 1];
        // SAFETY: reads at most one byte into `b`, which outlives the call.
        let n = unsafe { libc::read(0, b.as_mut_ptr().cast(), 1) };
        match n {
            1 if b[0] == b'\n' => break,
            1 => bytes.push(b[0]),
            0 => break,
            _ if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted => continue,
            _ => return Err(std::io::Error::last_os_error().into()),
        }
        if bytes.len() > 256 {
            bail!("the line on standard input is too long to be a PIN");
        }
    }
    let text = String::from_utf8(bytes.to_vec()).context("the PIN on standard input is not text")?;
    Ok(Zeroizing::new(text.trim_end_matches('\r').to_string()))
}

/// Whether this process has a terminal to ask on.
fn has_terminal() -> bool {
    std::fs::OpenOptions::new().read(true).write(true).open("/dev/tty").is_ok()
}

/// A PIN from the terminal (typed twice, not echoed), or one line of standard input (with
/// `--pin-stdin`, or when there is no terminal: scripts), checked against the office's rule
/// before anything else happens.
pub(crate) fn read_pin(name: &str, from_stdin: bool, min_len: usize) -> Result<Zeroizing<String>> {
    let pin = if from_stdin || !has_terminal() {
        stdin_line()?
    } else {
        let pin = Zeroizing::new(rpassword::prompt_password(format!("PIN for {name}: "))?);
        let again = Zeroizing::new(rpassword::prompt_password("PIN again: ")?);
        if pin != again {
            bail!("the two PINs differ; nothing was saved");
        }
        pin
    };
    if let Err(p) = anjian::domain::signin::check_pin(&pin, min_len) {
        bail!("{}; nothing was saved", p.text(false));
    }
    Ok(pin)
}

/// Who the change is made as: the admin named by `--as` (checked like a sign-in at this account's
/// command line), or the account itself while the office has no admin yet.
pub(crate) fn acting(store: &mut Store, admin: Option<&str>) -> Result<String> {
    let admins = operators::list(store.conn())?
        .into_iter()
        .filter(|(o, disabled, _)| o.role == OperatorRole::Admin && !disabled)
        .count();
    let me = Actor::account_only();
    let Some(name) = admin else {
        if admins > 0 {
            bail!(
                "the office has an admin: changes to operators and stations need one (--as NAME; the PIN is asked, or ANJIAN_ADMIN_PIN)"
            );
        }
        return Ok(me.audit_name());
    };
    let pin = match std::env::var("ANJIAN_ADMIN_PIN") {
        Ok(pin) => Zeroizing::new(pin),
        Err(_) if !has_terminal() => stdin_line()?,
        Err(_) => Zeroizing::new(rpassword::prompt_password(format!("PIN of {name}: "))?),
    };
    let now = anjian::domain::time::now();
    let place = me.audit_name();
    match store.write(&place, |w| sessions::sign_in(w, name, &pin, &place, now))? {
        SignIn::Ok(op) if op.role == OperatorRole::Admin => Ok(format!("{name} ({place})")),
        SignIn::Ok(op) => bail!("{name} is {}, not an admin; nothing was changed", op.role.code()),
        SignIn::Wrong => bail!("wrong name or PIN for --as {name}; nothing was changed"),
        SignIn::Locked(until) => bail!("too many wrong PINs for {name}; try again after {until}"),
    }
}

pub fn run(ctx: &Ctx, admin: Option<&str>, command: OperatorCommand) -> Result<ExitCode> {
    let pin_length = ctx.service.session.pin_length.0;
    let mut store = Store::open(&ctx.db)?;
    match command {
        OperatorCommand::List => {
            // A header and the words in the operator's language; columns padded by display width.
            let zh = ctx.lang.zh();
            let pad = anjian::tui::widgets::text::pad;
            let head = if zh {
                ["姓名", "角色", "状态", "范围", "创建日期"]
            } else {
                ["name", "role", "state", "scope", "created"]
            };
            let line = |c: [&str; 5]| {
                format!("{} {} {} {} {}\n", pad(c[0], 16), pad(c[1], 12), pad(c[2], 8), pad(c[3], 14), c[4])
            };
            let mut text = line(head);
            for (op, disabled, created) in operators::list(store.conn())? {
                let state = match (disabled, zh) {
                    (true, true) => "已停用",
                    (true, false) => "disabled",
                    (false, true) => "正常",
                    (false, false) => "active",
                };
                let scope = match (anjian::store::scope::grids_of(store.conn(), &op.name)?, zh) {
                    (Some(g), true) => format!("{} 个网格", g.len()),
                    (Some(g), false) => format!("{} grid(s)", g.len()),
                    (None, true) => "全办".into(),
                    (None, false) => "whole office".into(),
                };
                let name = anjian::tui::widgets::text::clean(&op.name);
                text.push_str(&line([&name, op.role.name(zh), state, &scope, created.get(..10).unwrap_or("")]));
            }
            say(&text);
        }
        OperatorCommand::Add { name, role, pin_stdin } => {
            let role = OperatorRole::parse(&role).context("unknown role")?;
            let pin = read_pin(&name, pin_stdin, pin_length)?;
            let who = acting(&mut store, admin)?;
            store.write(&who, |w| operators::add_with(w, &name, role, &pin, pin_length))?;
            say(&format!("operator {name} added ({})", role.code()));
        }
        OperatorCommand::Disable { name, enable } => {
            let who = acting(&mut store, admin)?;
            store.write(&who, |w| operators::set_disabled(w, &name, !enable))?;
            say(&format!("operator {name} {}", if enable { "enabled" } else { "disabled" }));
        }
        OperatorCommand::Role { name, role } => {
            let role = OperatorRole::parse(&role).context("unknown role")?;
            let who = acting(&mut store, admin)?;
            store.write(&who, |w| operators::set_role(w, &name, role))?;
            say(&format!("operator {name} is now {}", role.code()));
        }
        OperatorCommand::Unlock { name } => {
            let who = acting(&mut store, admin)?;
            store.write(&who, |w| operators::unlock(w, &name))?;
            say(&format!("operator {name} may sign in again everywhere"));
        }
        OperatorCommand::Scope { name, community, grid, clear } => {
            if !clear && community.is_empty() && grid.is_empty() {
                bail!("give --community or --grid (repeatable), or --clear for the whole office");
            }
            let who = acting(&mut store, admin)?;
            store.write(&who, |w| anjian::store::scope::set(w, &name, &community, &grid))?;
            match anjian::store::scope::grids_of(store.conn(), &name)? {
                Some(grids) => say(&format!("operator {name} limited to {} grid(s)", grids.len())),
                None => say(&format!("operator {name} covers the whole office")),
            }
        }
        OperatorCommand::ResetPin { name, pin_stdin } => {
            let pin = read_pin(&name, pin_stdin, pin_length)?;
            let who = acting(&mut store, admin)?;
            store.write(&who, |w| operators::reset_pin_with(w, &name, &pin, pin_length))?;
            say(&format!("operator {name}: new PIN set"));
        }
    }
    Ok(ExitCode::SUCCESS)
}

//! `anjian` with no subcommand: the dashboard on this account's terminal. The account is signed in
//! as its operator without a PIN when the service account's config maps it (by the kernel's name
//! for it, never `$USER`).

use super::Ctx;
use anjian::store::{Store, operators};
use anyhow::{Context, Result, bail};
use std::process::ExitCode;

pub fn run(ctx: &Ctx) -> Result<ExitCode> {
    let db = &ctx.db;
    let mut store = Store::open(db)?;
    if operators::count(store.conn())? == 0 {
        bail!(
            "{}: no operators yet; add one with `anjian --db {} operator add NAME --role admin` (or try `anjian demo`)",
            db.display(),
            db.display()
        );
    }
    let seat = anjian::tui::seat::Seat::local();
    let account = anjian::system::identity::real();
    let operator = match ctx.service.session.operator_for(&account.name) {
        Some(name) => {
            let now = anjian::domain::time::now();
            let place = seat.place.clone();
            let op = store.write(&place, |w| anjian::store::sessions::sign_in_known(w, name, &place, now))?;
            Some(op.with_context(|| {
                format!(
                    "the service account's [session.accounts]: account {} maps to operator {name}, who does not exist or is disabled",
                    account.name
                )
            })?)
        }
        None => None,
    };
    anjian::tui::run(store, &ctx.config, ctx.lang, operator, seat)?;
    Ok(ExitCode::SUCCESS)
}

//! `anjian station NAME`: the forced command of a station's SSH key (the only thing such a key can
//! run; see the README's "Deployment"). It trusts nothing the SSH client controls: the environment
//! is emptied before anything reads it (`USER`, `LOGNAME`, `HOME`, `ANJIAN_*`, proxies, whatever a
//! client's `SetEnv` brought), the config is the service account's own, the database is the one it
//! names, and there are no options. It needs a terminal, starts no other program, writes only
//! reports (into the configured report folder) and records, and quitting ends the SSH session.

use crate::config::Config;
use crate::i18n::Lang;
use crate::store::Store;
use anyhow::{Context, Result, bail};
use std::ffi::OsString;
use std::io::IsTerminal;
use std::process::ExitCode;

/// The station named by a forced command's arguments (`anjian station NAME`, nothing more), or
/// None for any other command line.
pub fn forced_station(args: &[OsString]) -> Option<String> {
    match args {
        [_, cmd, name] if cmd == "station" => {
            let name = name.to_str()?;
            (!name.starts_with('-') && !crate::domain::station::RESERVED.contains(&name)).then(|| name.to_string())
        }
        _ => None,
    }
}

/// Variables a station's dashboard keeps: the terminal type sshd sets from the client's pty
/// request (how to draw), nothing else.
const KEPT: &[&str] = &["TERM"];

/// Empties the environment but for [`KEPT`]. Called first thing in `main`, before any thread
/// exists (changing the environment while another thread reads it is undefined behaviour).
pub fn scrub_environment() {
    let drop: Vec<OsString> = std::env::vars_os().map(|(k, _)| k).filter(|k| !KEPT.iter().any(|w| k == *w)).collect();
    for k in drop {
        // SAFETY: single-threaded at this point (see above).
        unsafe { std::env::remove_var(&k) };
    }
}

pub fn main(name: &str) -> ExitCode {
    match run(name) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // The message goes to the SSH client: cleaned like any text for a terminal.
            for line in format!("anjian station: {e:#}").lines() {
                eprintln!("{}", crate::domain::text::one_line(line, 2_000));
            }
            ExitCode::from(2)
        }
    }
}

fn run(name: &str) -> Result<()> {
    crate::domain::station::check_name(name).map_err(anyhow::Error::msg)?;
    let account = crate::system::identity::real();
    let config = Config::load_service(&account)?;
    let lang = config.lang.unwrap_or(Lang::Zh);
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        bail!(
            "{}",
            if lang.zh() {
                format!("此密钥只能打开 {name} 的值班台（需要终端：ssh -t）；其他命令、文件传输和转发都不可用")
            } else {
                format!(
                    "this key opens the dashboard of {name} only, in a terminal (ssh -t); no other command, file transfer or forwarding"
                )
            }
        );
    }
    let db = config.db.clone().unwrap_or_else(|| Config::service_db(&account));
    let mut store = Store::open_existing(&db)?;
    let station = crate::store::stations::get(store.conn(), name)?
        .with_context(|| format!("no station named {name} in {}; ask the administrator", db.display()))?;
    let grids = crate::store::scope::grids_of_station(store.conn(), station.id)?;
    let seat = crate::tui::seat::Seat::station(name, grids);
    let operator = match &station.operator {
        Some(op) => {
            let now = crate::domain::time::now();
            let place = seat.place.clone();
            let signed = store.write(&place, |w| crate::store::sessions::sign_in_known(w, op, &place, now))?;
            Some(signed.with_context(|| format!("station {name}: its operator {op} does not exist or is disabled"))?)
        }
        None => None,
    };
    crate::tui::run(store, &config, lang, operator, seat)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_exact_forced_command_is_station_mode() {
        let a = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(forced_station(&a(&["anjian", "station", "溪口村站"])), Some("溪口村站".into()));
        assert_eq!(forced_station(&a(&["anjian", "station", "add"])), None);
        assert_eq!(forced_station(&a(&["anjian", "station", "--help"])), None);
        assert_eq!(forced_station(&a(&["anjian", "station", "x", "--db", "y"])), None);
        assert_eq!(forced_station(&a(&["anjian", "--db", "y", "station"])), None);
    }
}

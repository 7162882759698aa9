//! The `anjian` program: a station's forced command, or a subcommand (`commands/`).

use clap::{CommandFactory, FromArgMatches};
use std::process::ExitCode;

mod commands;

fn main() -> ExitCode {
    // Everything this process creates (the database's -wal and -shm, reports, exports) is private
    // to the account that runs it.
    anjian::system::private_umask();
    anjian::system::no_huge_pages();
    // A station's forced command reads nothing the SSH client controls, starting with the
    // environment, which is emptied before any thread exists.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(station) = anjian::station_mode::forced_station(&args) {
        anjian::station_mode::scrub_environment();
        return anjian::station_mode::main(&station);
    }
    // The help is in the operator's language: clap's command with its words replaced.
    let command = anjian::cli_zh::localized(anjian::cli::Cli::command(), anjian::cli_zh::help_lang(&args));
    let cli = match command.try_get_matches_from(&args).and_then(|m| anjian::cli::Cli::from_arg_matches(&m)) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    match commands::run(cli) {
        Ok(code) => code,
        // A reader that stops early (`anjian export … | head`) is not an error.
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) || e.to_string().contains("Broken pipe") =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            // Errors quote upstream answers and sheet cells: no control character reaches the terminal.
            commands::warn(&format!("anjian: {e:#}"));
            ExitCode::from(2)
        }
    }
}

//! Command-line interface. Every subcommand's `--help` fits on one screen.

use crate::export::{ExportEntity, Format};
use crate::i18n::Lang;
use crate::import::Entity;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "anjian",
    version,
    about = "安监值班台 — the work-safety duty dashboard (no subcommand: open it; `anjian demo`: a fictional town)",
    // One screen (24 lines) for the main help: no blank line between the title, the usage and the
    // commands.
    help_template = "{about-with-newline}{usage-heading} {usage}\n{all-args}{after-help}",
    disable_help_subcommand = true,
    // -V still prints the version, unlisted: the list of commands keeps to one screen.
    disable_version_flag = true
)]
pub struct Cli {
    #[arg(id = "print_version", short = 'V', long = "version", action = clap::ArgAction::Version, hide = true)]
    version: Option<bool>,
    /// Database file (default: in the XDG data directory)
    #[arg(long, global = true, env = "ANJIAN_DB", hide_env_values = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Config file (default: $XDG_CONFIG_HOME/anjian/config.toml, or ANJIAN_CONFIG)
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Interface language (default: config, LANG, zh)
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create (or reopen) the demo town and open the dashboard on it
    Demo {
        /// Only create the demo database and print where it is
        #[arg(long)]
        no_tui: bool,
    },
    /// Import units, grids, officers, teams, accidents or work records from CSV or XLSX
    Import {
        #[arg(value_enum)]
        entity: Entity,
        /// The sheet: .csv or .xlsx; headers in Chinese or English
        file: PathBuf,
        /// Check every row and print the report without writing anything
        #[arg(long)]
        dry_run: bool,
    },
    /// Export records (units … alarms, accidents) as CSV or JSON; deadlines also as a calendar
    Export {
        #[arg(value_enum)]
        entity: ExportEntity,
        /// Deadlines only: those due within this many days (e.g. 30d, 4w); overdue ones always
        #[arg(long, value_name = "DAYS", value_parser = crate::export::parse_within)]
        within: Option<i64>,
        /// Deadlines only: those of this officer's grids (their own calendar, with --format ics)
        #[arg(long, value_name = "NAME")]
        officer: Option<String>,
        #[arg(long, value_enum, default_value = "csv")]
        format: Format,
        /// Write to this file instead of standard output
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Compile a quarter's report (DOCX, XLSX, Markdown) from the checklist and the records
    Report {
        /// The quarter, e.g. 2025Q3 (default: the current one)
        #[arg(long, value_name = "QUARTER", value_parser = parse_quarter)]
        quarter: Option<crate::domain::calendar::Quarter>,
        /// Formats to write, comma-separated
        #[arg(long, value_name = "LIST", default_value = "docx,xlsx,md", value_parser = parse_formats)]
        format: crate::report::export::Formats,
        /// Directory to write the files into
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Generate a trial office into a new database (--db): town ≈ 2,000 units, district ≈ 100,000, city ≈ 500,000
    // A tool for trials and benchmarks: documented in the README, kept out of the main help's one screen.
    #[command(hide = true)]
    Gen {
        #[arg(long, value_enum)]
        scale: crate::generate::office::Scale,
    },
    /// Manage the operators who sign in at the terminal
    Operator {
        /// Act as this admin (needed once the office has one; PIN asked, or ANJIAN_ADMIN_PIN)
        #[arg(long = "as", value_name = "ADMIN", global = true)]
        admin: Option<String>,
        #[command(subcommand)]
        command: OperatorCommand,
    },
    /// Stations: the SSH keys that open the dashboard for a village station or the duty room
    Station {
        /// Act as this admin (needed once the office has one; PIN asked, or ANJIAN_ADMIN_PIN)
        #[arg(long = "as", value_name = "ADMIN", global = true)]
        admin: Option<String>,
        #[command(subcommand)]
        command: StationCommand,
    },
    /// Check the audit log, or print its anchor
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Check the config, database, key file, feeds and terminal, and say what to fix
    Doctor,
    /// Copy the database to a new file while others work (undo with `anjian restore PATH`)
    Backup {
        /// The new backup file (never overwritten)
        path: std::path::PathBuf,
        /// Also copy the key file that opens reporters' details, beside the backup as PATH.key
        #[arg(long)]
        with_key: bool,
    },
    /// Replace the database with a backup after checking it; the current one is kept beside it
    // Used once, after a disaster: named in `backup`'s line and the README, not on the main screen.
    #[command(hide = true)]
    Restore {
        /// A file written by `anjian backup`
        path: std::path::PathBuf,
    },
    /// Fetch the alarm feeds listed in the config (once for cron, or continuously)
    Sync {
        /// Fetch every feed once and exit (the default)
        #[arg(long, conflicts_with = "watch")]
        once: bool,
        /// Keep fetching, each feed on its own interval, until interrupted
        #[arg(long)]
        watch: bool,
        /// Only this feed (by its name in the config)
        #[arg(long, value_name = "NAME")]
        feed: Option<String>,
    },
    /// Serve the built-in test upstream (CAP, monitor feed) on loopback
    // A tool for demos and tests: documented in the README, kept out of the main help's one screen.
    #[command(hide = true)]
    FixtureServer {
        /// Address to listen on (port 0 picks a free one and prints it)
        #[arg(long, default_value = "127.0.0.1:0")]
        addr: std::net::SocketAddr,
        /// Misbehave on purpose: ok, error500, timeout, slow, truncated, reset, garbage, flood, webpage, redirectloop, oversized
        #[arg(long, default_value = "ok")]
        mode: String,
        /// Seconds between new alarms (0: none)
        #[arg(long, default_value = "20")]
        every: u64,
    },
    /// Plan templates: load one, list them, draft one from a plan document
    #[command(subcommand)]
    Template(TemplateCommand),
    /// Take in tip-offs (for call-centre scripts)
    #[command(subcommand)]
    Tipoff(TipoffCommand),
    /// Add items to the Deadlines list (for scripts and calendars kept elsewhere)
    // A tool for scripts: documented in the README, kept out of the main help's one screen.
    #[command(subcommand, hide = true)]
    Deadline(DeadlineCommand),
    /// The office as its report names it: full name, addressee, contact, main plan
    #[command(subcommand)]
    Office(OfficeCommand),
    /// The accident register: add an accident, list them (the Duty screen has the form)
    #[command(subcommand)]
    Accident(AccidentCommand),
    /// Notifications: send a test message to a receiver of the config and print its answer
    #[command(subcommand)]
    Notify(NotifyCommand),
}

#[derive(Debug, Subcommand)]
pub enum NotifyCommand {
    /// Send a test message to RECEIVER (a [[receivers]] name) and print what it answered
    Test {
        /// The receiver's name in the config
        receiver: String,
    },
    /// Route the alarms stored since the last round to their receivers and deliver what is due
    Send,
}

#[derive(Debug, Subcommand)]
pub enum AccidentCommand {
    /// Register an accident; its level follows from the casualties unless a higher one is given
    Add {
        /// When it happened, Beijing time: "2026-11-03 14:20"
        #[arg(long, value_name = "TIME")]
        at: String,
        /// The unit: USCC or exact name (a name not on record is kept as written)
        #[arg(long, value_name = "UNIT")]
        unit: String,
        /// GB 6441 type, e.g. 高处坠落, 物体打击, 机械伤害, 中毒和窒息, 其他伤害
        #[arg(long, value_name = "TYPE")]
        kind: String,
        /// 一般, 较大, 重大 or 特别重大 (default: what the casualties make it)
        #[arg(long, value_name = "LEVEL")]
        level: Option<String>,
        #[arg(long, default_value_t = 0)]
        deaths: u32,
        /// Seriously injured
        #[arg(long, default_value_t = 0)]
        injuries: u32,
        /// When it was reported upward (for the one-hour count), Beijing time
        #[arg(long, value_name = "TIME")]
        reported_at: Option<String>,
        /// Where it happened
        #[arg(long, value_name = "TEXT", default_value = "", hide_default_value = true)]
        place: String,
        /// What happened, briefly
        #[arg(long, value_name = "TEXT", default_value = "", hide_default_value = true)]
        description: String,
    },
    /// List the register, newest first
    List,
}

#[derive(Debug, Subcommand)]
pub enum OfficeCommand {
    /// Show the office's identity and what the report still needs
    Show,
    /// Set the report's identity (the fields given; the others stay as they are)
    Set {
        /// The full name that signs the report, e.g. 云溪街道办事处
        #[arg(long, value_name = "TEXT")]
        full_name: Option<String>,
        /// The body the report is addressed to (主送机关), e.g. 区安委会办公室
        #[arg(long, value_name = "TEXT")]
        superior: Option<String>,
        /// Who to call about the report
        #[arg(long, value_name = "NAME")]
        contact: Option<String>,
        /// The contact's phone
        #[arg(long, value_name = "PHONE")]
        phone: Option<String>,
        /// The plan the report follows, by its key (see `template list`)
        #[arg(long, value_name = "PLAN")]
        main_plan: Option<String>,
        /// The report goes out under the office's seal (y) or without one (n)
        #[arg(long, value_name = "Y/N", value_parser = parse_yes_no)]
        seal: Option<bool>,
        /// The attachments' tables as a separate XLSX (y) or as pages of the DOCX (n)
        #[arg(long, value_name = "Y/N", value_parser = parse_yes_no)]
        tables_apart: Option<bool>,
    },
}

#[derive(Debug, Subcommand)]
pub enum TemplateCommand {
    /// Draft a template (TOML) from a plan in plain text: numbered measures and time phrases
    Import {
        /// The plan document (UTF-8 text)
        file: PathBuf,
        /// The year a bare "年底前" refers to (default: the first year named in the text)
        #[arg(long)]
        year: Option<i32>,
        /// Write the draft here instead of standard output
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Load a template into the database (again: update it in place, the checklist kept)
    Load {
        /// A template file (TOML)
        #[arg(required_unless_present = "builtin", conflicts_with = "builtin")]
        file: Option<PathBuf>,
        /// A built-in template by id (see `template list`)
        #[arg(long, value_name = "ID")]
        builtin: Option<String>,
    },
    /// List the plans loaded and the built-in templates
    List,
}

#[derive(Debug, Subcommand)]
pub enum TipoffCommand {
    /// Record a tip-off received by phone, letter, visit or from staff
    Add {
        /// How it came in
        #[arg(long, value_name = "HOW", value_parser = ["hotline", "letter", "visit", "staff"])]
        channel: String,
        /// What was reported
        #[arg(long, value_name = "TEXT")]
        description: String,
        /// The unit it is about: USCC or exact name
        #[arg(long, value_name = "UNIT")]
        unit: Option<String>,
        /// Where (address or place)
        #[arg(long, value_name = "TEXT", default_value = "", hide_default_value = true)]
        location: String,
        /// What kind of danger
        #[arg(long, value_name = "TEXT", default_value = "", hide_default_value = true)]
        category: String,
        /// Stored sealed; shown masked except to supervisors
        #[arg(long, value_name = "NAME", conflicts_with = "anonymous")]
        reporter_name: Option<String>,
        /// Stored sealed, like the name
        #[arg(long, value_name = "PHONE", conflicts_with = "anonymous")]
        reporter_phone: Option<String>,
        /// The reporter gave no name or phone
        #[arg(long)]
        anonymous: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum DeadlineCommand {
    /// Add an item due on a date, for the office or for one unit
    Add {
        title: String,
        /// Due date, YYYY-MM-DD
        #[arg(long, value_parser = parse_date)]
        due: chrono::NaiveDate,
        /// The unit's USCC (or its exact name)
        #[arg(long)]
        unit: Option<String>,
        #[arg(long, default_value = "")]
        note: String,
    },
}

fn parse_yes_no(s: &str) -> Result<bool, String> {
    match s.trim().to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "是" => Ok(true),
        "no" | "n" | "false" | "0" | "否" => Ok(false),
        _ => Err(format!("\"{s}\" is neither yes nor no")),
    }
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| format!("\"{s}\" is not a date (YYYY-MM-DD)"))
}

#[derive(Debug, Subcommand)]
pub enum OperatorCommand {
    /// Add an operator; the PIN is asked on the terminal (never on the command line)
    Add {
        name: String,
        #[arg(long, value_parser = ["viewer", "duty", "supervisor", "admin"])]
        role: String,
        /// Read the PIN from standard input instead (for scripts)
        #[arg(long)]
        pin_stdin: bool,
    },
    /// List the operators with their roles
    List,
    /// Stop an operator from signing in (`--enable` lets them again); their records stay
    Disable {
        name: String,
        #[arg(long)]
        enable: bool,
    },
    /// Limit an operator to communities or grids (a village station); --clear: the whole office
    Scope {
        name: String,
        /// A community the operator covers (repeat for several)
        #[arg(long, value_name = "NAME")]
        community: Vec<String>,
        /// A grid the operator covers, as 社区/网格 or a grid name or code unique in the office
        #[arg(long, value_name = "GRID")]
        grid: Vec<String>,
        /// Remove the limit
        #[arg(long, conflicts_with_all = ["community", "grid"])]
        clear: bool,
    },
    /// Give an operator a new PIN (asked on the terminal)
    ResetPin {
        name: String,
        /// Read the PIN from standard input instead (for scripts)
        #[arg(long)]
        pin_stdin: bool,
    },
    /// Give an operator another role
    Role {
        name: String,
        #[arg(long, value_parser = ["viewer", "duty", "supervisor", "admin"])]
        role: String,
    },
    /// Let a name locked out by wrong PINs sign in again, at every place
    Unlock { name: String },
}

#[derive(Debug, Subcommand)]
pub enum StationCommand {
    /// Add a station with its SSH public key (again with the same name: another key for it)
    Add {
        name: String,
        /// The station's public key (id_ed25519.pub)
        #[arg(long, value_name = "FILE", required_unless_present = "key_stdin", conflicts_with = "key_stdin")]
        key: Option<PathBuf>,
        /// Read the public key from standard input
        #[arg(long)]
        key_stdin: bool,
        /// The operator signed in there without a PIN (only where the office decides so)
        #[arg(long, value_name = "OP")]
        operator: Option<String>,
        /// A community, or 社区/网格 for one grid, the station is limited to (repeat for several)
        #[arg(long, value_name = "AREA")]
        scope: Vec<String>,
    },
    /// List the stations, their scope and their keys' fingerprints
    List,
    /// Remove a station and its keys (its records stay)
    Remove { name: String },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Walk the keyed chain, name the first row that was edited or deleted, and check that the
    /// operator, role, scope and station tables are what the log says
    Verify {
        /// An anchor printed earlier by `audit anchor` (ROWS:MAC): newest rows deleted since are named
        #[arg(long, value_name = "ROWS:MAC")]
        anchor: Option<crate::store::audit::Anchor>,
    },
    /// Print the log's row count and newest MAC (ROWS:MAC), to keep outside the server
    Anchor,
}

fn parse_quarter(s: &str) -> Result<crate::domain::calendar::Quarter, String> {
    crate::domain::calendar::Quarter::parse(s).ok_or_else(|| format!("\"{s}\" is not a quarter; write it like 2025Q3"))
}

fn parse_formats(s: &str) -> Result<crate::report::export::Formats, String> {
    crate::report::export::Format::parse_list(s).map(crate::report::export::Formats)
}

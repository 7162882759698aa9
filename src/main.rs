use anjian::actor::Actor;
use anjian::cli::{AuditCommand, Cli, Command, DeadlineCommand, TemplateCommand, TipoffCommand};
use anjian::config::Config;
use anjian::domain::permission::Need;
use anjian::i18n::Lang;
use anjian::store::{Store, audit, operators};
use anyhow::{Context, Result, bail};
use clap::Parser;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

mod operator_cli;
mod station_cli;

fn main() -> ExitCode {
    // Everything this process creates (the database's -wal and -shm, reports, exports) is private
    // to the account that runs it.
    anjian::system::private_umask();
    // A station's forced command reads nothing the SSH client controls, starting with the
    // environment, which is emptied before any thread exists.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(station) = anjian::station_mode::forced_station(&args) {
        anjian::station_mode::scrub_environment();
        return anjian::station_mode::main(&station);
    }
    let cli = Cli::parse();
    match run(cli) {
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
            warn(&format!("anjian: {e:#}"));
            ExitCode::from(2)
        }
    }
}

/// Prints text that may carry sheet or upstream content (names, errors, report lines): each line
/// through the terminal cleaning.
pub(crate) fn say(text: &str) {
    println!("{}", anjian::domain::text::lines(text.trim_end_matches('\n'), 4_000));
}

pub(crate) fn warn(text: &str) {
    eprintln!("{}", anjian::domain::text::lines(text.trim_end_matches('\n'), 4_000));
}

/// `anjian doctor` reports a broken config instead of stopping at it.
fn doctor(cli: &Cli) -> Result<ExitCode> {
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

fn run(cli: Cli) -> Result<ExitCode> {
    if matches!(cli.command, Some(Command::Doctor)) {
        return doctor(&cli);
    }
    let (config, service) = configs(&cli)?;
    let lang = cli
        .lang
        .or(config.lang)
        .or_else(|| std::env::var("LANG").ok().map(|l| Lang::from_locale(&l)))
        .unwrap_or_default();
    let db = cli.db.clone().or_else(|| config.db.clone()).unwrap_or_else(Config::default_db);
    match cli.command {
        None => dashboard(&db, &config, &service, lang),
        Some(Command::Demo { no_tui }) => demo(cli.db, config, lang, no_tui),
        Some(Command::Import { entity, file, dry_run }) => {
            let mut store = Store::open(&db)?;
            let actor = Actor::resolve(&service, &store)?;
            actor.require(Need::Administer, "import")?;
            let report = anjian::import::import_file(&mut store, &actor.audit_name(), entity, &file, dry_run)?;
            let text = report.render(lang);
            if report.ok() {
                say(&text);
                Ok(ExitCode::SUCCESS)
            } else {
                warn(&text);
                Ok(ExitCode::from(1))
            }
        }
        Some(Command::Export { entity, within, format, out }) => {
            let opts = anjian::export::ExportOptions {
                within_days: within,
                today: None,
                calendar: Some(anjian::tui::calendar(&config)?),
            };
            let store = Store::open(&db)?;
            let actor = Actor::resolve(&service, &store)?;
            actor.require(Need::Read, "export")?;
            let reader = actor.reader(&store)?;
            match out {
                Some(path) => {
                    // Write beside the target and rename, so a failed export never leaves half a file.
                    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
                    let mut tmp = tempfile::NamedTempFile::new_in(dir)
                        .with_context(|| format!("cannot write in {}", dir.display()))?;
                    anjian::export::export_from(&reader, entity, format, lang, &opts, tmp.as_file_mut())?;
                    tmp.persist(&path).with_context(|| format!("cannot write {}", path.display()))?;
                }
                None => {
                    let stdout = std::io::stdout();
                    let mut lock = stdout.lock();
                    anjian::export::export_from(&reader, entity, format, lang, &opts, &mut lock)?;
                    lock.flush()?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Operator { admin, command }) => {
            operator_cli::run(&db, admin.as_deref(), command, service.session.pin_length.0)
        }
        Some(Command::Station { admin, command }) => station_cli::run(&db, &config, admin.as_deref(), command, lang),
        Some(Command::Gen { scale }) => {
            let Some(path) = cli.db.clone() else {
                bail!("gen writes a new database: give its path with --db PATH");
            };
            let size = scale.size();
            let started = std::time::Instant::now();
            anjian::generate::office::build(&path, size, anjian::domain::time::now(), &mut |stage| {
                eprintln!("gen: {stage} ({:.1?})", started.elapsed())
            })?;
            println!(
                "{}: {} units, {} hazards, {} tip-offs, {} alarms in {:.1?}; sign in as {} (PIN {})",
                path.display(),
                size.units,
                size.hazards,
                size.tipoffs,
                size.alarms,
                started.elapsed(),
                anjian::generate::office::OPERATOR,
                anjian::generate::office::PIN
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Deadline(DeadlineCommand::Add { title, due, unit, note })) => {
            let mut store = Store::open(&db)?;
            let actor = Actor::resolve(&service, &store)?;
            actor.require(Need::Work, "deadline add")?;
            let unit_id = unit_of(&store, &actor, unit.as_deref())?;
            if unit_id.is_none() && actor.reader(&store).is_ok_and(|r| matches!(r, anjian::actor::Reader::Scoped(_))) {
                bail!("deadline add: a scoped operator adds items for units of their own grids: give --unit");
            }
            let id = store
                .write(&actor.audit_name(), |w| anjian::store::deadlines::add_manual(w, &title, due, unit_id, &note))?;
            say(&format!("deadline #{id} added: {due} {title}"));
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Sync { once: _, watch, feed }) => {
            let code = anjian::sync::run::command(&db, &config.feeds, feed.as_deref(), watch, lang)?;
            Ok(ExitCode::from(code))
        }
        Some(Command::FixtureServer { addr, mode, every }) => {
            anjian::fixture::command(addr, &mode, every)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Tipoff(TipoffCommand::Add {
            channel,
            description,
            unit,
            location,
            category,
            reporter_name,
            reporter_phone,
            anonymous: _,
        })) => {
            let sealer = anjian::secret::Sealer::load_or_create(&config.key_path(&db))?;
            let mut store = Store::open(&db)?;
            let actor = Actor::resolve(&service, &store)?;
            actor.require(Need::Work, "tipoff add")?;
            let unit_id = unit_of(&store, &actor, unit.as_deref())?;
            let t = anjian::store::tipoffs::NewTipoff {
                channel: anjian::domain::tipoff::Channel::parse(&channel),
                received_at: anjian::domain::time::stamp(anjian::domain::time::now()),
                location,
                unit_id,
                category,
                description,
                reporter_name,
                reporter_phone,
                ..Default::default()
            };
            let id = store.write(&actor.audit_name(), |w| {
                anjian::store::tipoffs::check_key(w, &sealer)
                    .map_err(|e| anjian::store::StoreError::Refused(e.to_string()))?;
                anjian::store::tipoffs::create(w, &sealer, &t)
            })?;
            println!("tip-off #{id} received");
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Template(TemplateCommand::Import { file, year, out })) => {
            let text = std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let year = year.unwrap_or_else(|| anjian::plan::import::first_year(&text).unwrap_or(2024));
            let draft = anjian::plan::import::draft(&text, year);
            let name = file.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
            let toml = anjian::plan::import::to_toml(&draft, &name, &file.display().to_string());
            for w in &draft.warnings {
                warn(&format!("warning: {}: {w}", file.display()));
            }
            warn(&format!("{}: {} tasks, {} measures", file.display(), draft.tasks.len(), draft.measures.len()));
            match out {
                Some(path) => {
                    std::fs::write(&path, toml).with_context(|| format!("cannot write {}", path.display()))?
                }
                // A TOML document for a file (`> plan.toml`): written as drafted.
                None => print!("{toml}"),
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Template(TemplateCommand::Load { file, builtin })) => {
            let mut store = Store::open(&db)?;
            let actor = Actor::resolve(&service, &store)?;
            actor.require(Need::Administer, "template load")?;
            let template = match (builtin, file) {
                (Some(id), _) => anjian::plan::builtin::by_id(&id)?
                    .with_context(|| format!("no built-in template \"{id}\"; `anjian template list` shows them"))?,
                (None, Some(file)) => anjian::plan::template::load(&file)?,
                (None, None) => bail!("give a template file or --builtin ID"),
            };
            let id = store.write(&actor.audit_name(), |w| anjian::store::checklist::load_plan(w, &template))?;
            say(&format!(
                "plan {} loaded (#{id}): {} tasks, {} items — {}",
                template.id,
                template.tasks.len(),
                template.measures.len(),
                template.name
            ));
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Template(TemplateCommand::List)) => {
            let store = Store::open(&db)?;
            let loaded = anjian::store::checklist::plans(store.conn())?;
            let mut text = String::from("loaded:\n");
            for p in &loaded {
                text.push_str(&format!(
                    "  {:<24} {:>3} tasks {:>3} items  {}..{}  {}\n",
                    p.key, p.tasks, p.measures, p.from, p.until, p.name
                ));
            }
            text.push_str("built in:\n");
            for t in anjian::plan::builtin::all()? {
                let mark = if loaded.iter().any(|p| p.key == t.id) { "*" } else { " " };
                text.push_str(&format!(
                    "{mark} {:<24} {:>3} tasks {:>3} items  {}\n",
                    t.id,
                    t.tasks.len(),
                    t.measures.len(),
                    t.name
                ));
            }
            say(&text);
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Report { quarter, format, out }) => {
            let mut store = Store::open(&db)?;
            let actor = Actor::resolve(&service, &store)?;
            actor.require(Need::Supervise, "report")?;
            let today = anjian::domain::time::today();
            let quarter = quarter.unwrap_or_else(|| anjian::domain::calendar::Quarter::of(today));
            let report = {
                let reader = actor.reader(&store)?;
                anjian::report::compile(&reader, quarter, today, &actor.audit_name(), lang)?
            };
            let written = anjian::report::export::export(&mut store, &report, &format.0, &out, lang, &mut |_, _| {})?;
            for w in &written {
                say(&format!("{}  {}  {} bytes", w.path.display(), w.sha256, w.bytes));
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Doctor) => doctor(&cli),
        Some(Command::Backup { path, with_key }) => {
            for line in anjian::backup_cmd::backup(&db, &config.key_path(&db), &path, with_key)? {
                say(&line);
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Restore { path }) => {
            for line in anjian::backup_cmd::restore(&path, &db, &config.key_path(&db))? {
                say(&line);
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Audit(command)) => audit_command(&db, command),
    }
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

/// The dashboard on this account's terminal: the account signs in as its operator without a PIN
/// when the service account's config maps it (by the kernel's name for it, never `$USER`).
fn dashboard(db: &std::path::Path, config: &Config, service: &Config, lang: Lang) -> Result<ExitCode> {
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
    let operator = match service.session.operator_for(&account.name) {
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
    anjian::tui::run(store, config, lang, operator, seat)?;
    Ok(ExitCode::SUCCESS)
}

fn demo(db: Option<PathBuf>, config: Config, lang: Lang, no_tui: bool) -> Result<ExitCode> {
    let path = match db {
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
    let config = Config { feeds, key_file: None, ..config };
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

fn audit_command(db: &std::path::Path, command: AuditCommand) -> Result<ExitCode> {
    let store = Store::open(db)?;
    match command {
        AuditCommand::Anchor => {
            println!("{}", audit::anchor(store.conn())?);
            Ok(ExitCode::SUCCESS)
        }
        AuditCommand::Verify { anchor } => {
            let report = audit::verify(store.conn(), store.audit_key(), anchor.as_ref())?;
            if let Some(b) = &report.boundary
                && b.row > 0
            {
                say(&format!(
                    "rows 1–{} are the plain SHA-256 chain of before the audit key (checked {} at the upgrade: {}); keyed from row {}",
                    b.row,
                    b.at,
                    b.legacy,
                    b.row + 1
                ));
            }
            let mut ok = true;
            match &report.chain {
                audit::Verdict::Intact { rows } => say(&format!(
                    "audit log intact: {rows} rows verified{}",
                    if anchor.is_some() { ", the anchor included" } else { "" }
                )),
                audit::Verdict::Broken { id, reason } => {
                    ok = false;
                    warn(&format!("audit log broken at row {id}: {reason}"));
                }
            }
            for d in &report.drift {
                ok = false;
                warn(&format!("changed outside anjian: {d}"));
            }
            Ok(if ok { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
    }
}

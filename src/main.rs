use anjian::cli::{AuditCommand, Cli, Command, DeadlineCommand, TemplateCommand, TipoffCommand};
use anjian::config::Config;
use anjian::i18n::Lang;
use anjian::store::{Store, audit, operators};
use anyhow::{Context, Result, bail};
use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

mod operator_cli;

fn main() -> ExitCode {
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
            for line in format!("anjian: {e:#}").lines() {
                eprintln!("{}", anjian::domain::text::one_line(line, 4_000));
            }
            ExitCode::from(2)
        }
    }
}

/// Who headless commands act as in the audit log: the Unix account that ran them.
pub(crate) fn cli_operator() -> String {
    let user = std::env::var("USER").or_else(|_| std::env::var("LOGNAME")).unwrap_or_else(|_| "unknown".into());
    format!("cli:{user}")
}

/// `anjian doctor` reports a broken config instead of stopping at it.
fn doctor(cli: &Cli) -> Result<ExitCode> {
    let loaded = Config::load(cli.config.as_deref());
    let db =
        cli.db.clone().or_else(|| loaded.as_ref().ok().and_then(|c| c.db.clone())).unwrap_or_else(Config::default_db);
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let findings = rt.block_on(anjian::doctor::check(loaded, &db, &anjian::doctor::Env::current()));
    for f in &findings {
        println!("{}", f.line());
    }
    let fixes = findings.iter().filter(|f| f.verdict == anjian::doctor::Verdict::Fix).count();
    println!("{}", if fixes == 0 { "nothing to fix".to_string() } else { format!("{fixes} thing(s) to fix") });
    Ok(if fixes == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn run(cli: Cli) -> Result<ExitCode> {
    if matches!(cli.command, Some(Command::Doctor)) {
        return doctor(&cli);
    }
    let config = Config::load(cli.config.as_deref())?;
    let lang = cli
        .lang
        .or(config.lang)
        .or_else(|| std::env::var("LANG").ok().map(|l| Lang::from_locale(&l)))
        .unwrap_or_default();
    let db = cli.db.clone().or_else(|| config.db.clone()).unwrap_or_else(Config::default_db);
    match cli.command {
        None => {
            let store = Store::open(&db)?;
            if operators::count(store.conn())? == 0 {
                bail!(
                    "{}: no operators yet; add one with `anjian --db {} operator add NAME --role admin` (or try `anjian demo`)",
                    db.display(),
                    db.display()
                );
            }
            // A station's own Unix/SSH account signs it in as its operator, without a PIN prompt.
            let mut store = store;
            let operator = match config.session.account_operator() {
                Some((account, name)) => {
                    let now = anjian::domain::time::now();
                    let op = store.write(&format!("account:{account}"), |w| {
                        anjian::store::sessions::sign_in_account(w, &account, &name, now)
                    })?;
                    Some(op.with_context(|| {
                        format!("config [session.accounts]: account {account} maps to operator {name}, who does not exist or is disabled")
                    })?)
                }
                None => None,
            };
            anjian::tui::run(store, &config, lang, operator)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Demo { no_tui }) => {
            let path = match cli.db {
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
                        format!(
                            "演示数据库：{}（值班员 {}，PIN {}）",
                            path.display(),
                            operator.name,
                            anjian::demo::DEMO_PIN
                        )
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
                anjian::tui::run(store, &config, lang, Some(operator))?;
                // The terminal may be gone (a dropped SSH connection): a failed write is not an error.
                let _ = writeln!(std::io::stderr(), "anjian demo: {}", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Import { entity, file, dry_run }) => {
            let mut store = Store::open(&db)?;
            let report = anjian::import::import_file(&mut store, &cli_operator(), entity, &file, dry_run)?;
            let text = report.render(lang);
            if report.ok() {
                print!("{text}");
                Ok(ExitCode::SUCCESS)
            } else {
                eprint!("{text}");
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
            match out {
                Some(path) => {
                    // Write beside the target and rename, so a failed export never leaves half a file.
                    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
                    let mut tmp = tempfile::NamedTempFile::new_in(dir)
                        .with_context(|| format!("cannot write in {}", dir.display()))?;
                    anjian::export::export_entity(&store, entity, format, lang, &opts, tmp.as_file_mut())?;
                    tmp.persist(&path).with_context(|| format!("cannot write {}", path.display()))?;
                }
                None => {
                    let stdout = std::io::stdout();
                    let mut lock = stdout.lock();
                    anjian::export::export_entity(&store, entity, format, lang, &opts, &mut lock)?;
                    lock.flush()?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Operator { admin, command }) => operator_cli::run(&db, admin.as_deref(), command),
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
            let unit_id = match unit {
                None => None,
                Some(key) => Some(
                    anjian::store::units::by_key(store.conn(), &key)?
                        .with_context(|| format!("--unit {key}: no unit with that USCC or name"))?,
                ),
            };
            let id = store
                .write(&cli_operator(), |w| anjian::store::deadlines::add_manual(w, &title, due, unit_id, &note))?;
            println!("deadline #{id} added: {due} {title}");
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
            let unit_id = match unit {
                None => None,
                Some(key) => Some(
                    anjian::store::units::by_key(store.conn(), &key)?
                        .with_context(|| format!("--unit {key}: no unit with that USCC or name"))?,
                ),
            };
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
            let id = store.write(&cli_operator(), |w| {
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
                eprintln!("warning: {}: {w}", file.display());
            }
            eprintln!("{}: {} tasks, {} measures", file.display(), draft.tasks.len(), draft.measures.len());
            match out {
                Some(path) => {
                    std::fs::write(&path, toml).with_context(|| format!("cannot write {}", path.display()))?
                }
                None => print!("{toml}"),
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Template(TemplateCommand::Load { file, builtin })) => {
            let mut store = Store::open(&db)?;
            let template = match (builtin, file) {
                (Some(id), _) => anjian::plan::builtin::by_id(&id)?
                    .with_context(|| format!("no built-in template \"{id}\"; `anjian template list` shows them"))?,
                (None, Some(file)) => anjian::plan::template::load(&file)?,
                (None, None) => bail!("give a template file or --builtin ID"),
            };
            let id = store.write(&cli_operator(), |w| anjian::store::checklist::load_plan(w, &template))?;
            println!(
                "plan {} loaded (#{id}): {} tasks, {} items — {}",
                template.id,
                template.tasks.len(),
                template.measures.len(),
                template.name
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Template(TemplateCommand::List)) => {
            let store = Store::open(&db)?;
            let loaded = anjian::store::checklist::plans(store.conn())?;
            println!("loaded:");
            for p in &loaded {
                println!(
                    "  {:<24} {:>3} tasks {:>3} items  {}..{}  {}",
                    p.key, p.tasks, p.measures, p.from, p.until, p.name
                );
            }
            println!("built in:");
            for t in anjian::plan::builtin::all()? {
                let mark = if loaded.iter().any(|p| p.key == t.id) { "*" } else { " " };
                println!("{mark} {:<24} {:>3} tasks {:>3} items  {}", t.id, t.tasks.len(), t.measures.len(), t.name);
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Report { quarter, format, out }) => {
            let mut store = Store::open(&db)?;
            let today = anjian::domain::time::today();
            let quarter = quarter.unwrap_or_else(|| anjian::domain::calendar::Quarter::of(today));
            let report = anjian::report::compile(store.conn(), quarter, today, &cli_operator(), lang)?;
            let written = anjian::report::export::export(&mut store, &report, &format.0, &out, lang, &mut |_, _| {})?;
            for w in &written {
                println!("{}  {}  {} bytes", w.path.display(), w.sha256, w.bytes);
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Doctor) => doctor(&cli),
        Some(Command::Backup { path, with_key }) => {
            for line in anjian::backup_cmd::backup(&db, &config.key_path(&db), &path, with_key)? {
                println!("{line}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Restore { path }) => {
            for line in anjian::backup_cmd::restore(&path, &db, &config.key_path(&db))? {
                println!("{line}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Audit(AuditCommand::Verify)) => {
            let store = Store::open(&db)?;
            match audit::verify(store.conn())? {
                audit::Verdict::Intact { rows } => {
                    println!("audit log intact: {rows} rows verified");
                    Ok(ExitCode::SUCCESS)
                }
                audit::Verdict::Broken { id, reason } => {
                    eprintln!("audit log broken at row {id}: {reason}");
                    Ok(ExitCode::from(1))
                }
            }
        }
    }
}

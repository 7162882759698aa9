//! `anjian template import|load|list`: plan templates drafted from plan documents, loaded, listed.

use super::{Ctx, say, warn};
use anjian::actor::Actor;
use anjian::cli::TemplateCommand;
use anjian::domain::permission::Need;
use anjian::store::Store;
use anyhow::{Context, Result, bail};
use std::process::ExitCode;

pub fn run(ctx: &Ctx, command: TemplateCommand) -> Result<ExitCode> {
    match command {
        TemplateCommand::Import { file, year, out } => {
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
        }
        TemplateCommand::Load { file, builtin } => {
            let mut store = Store::open(&ctx.db)?;
            let actor = Actor::resolve(&ctx.service, &store)?;
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
        }
        TemplateCommand::List => {
            let store = Store::open(&ctx.db)?;
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
        }
    }
    Ok(ExitCode::SUCCESS)
}

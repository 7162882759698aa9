//! `anjian export …`: CSV or JSON of what the acting operator may see; the deadlines also as a
//! calendar (ICS), the whole list or one officer's.

use super::Ctx;
use anjian::actor::Actor;
use anjian::domain::permission::Need;
use anjian::export::{ExportEntity, Format};
use anjian::store::Store;
use anyhow::{Context, Result};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(
    ctx: &Ctx,
    entity: ExportEntity,
    within: Option<i64>,
    officer: Option<String>,
    format: Format,
    out: Option<PathBuf>,
) -> Result<ExitCode> {
    let opts = anjian::export::ExportOptions {
        within_days: within,
        today: None,
        calendar: Some(anjian::tui::calendar(&ctx.config)?),
        officer,
    };
    let store = Store::open(&ctx.db)?;
    let actor = Actor::resolve(&ctx.service, &store)?;
    actor.require(Need::Read, "export")?;
    let reader = actor.reader(&store)?;
    match out {
        Some(path) => {
            // Write beside the target and rename, so a failed export never leaves half a file.
            let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
            let mut tmp =
                tempfile::NamedTempFile::new_in(dir).with_context(|| format!("cannot write in {}", dir.display()))?;
            anjian::export::export_from(&reader, entity, format, ctx.lang, &opts, tmp.as_file_mut())?;
            tmp.persist(&path).with_context(|| format!("cannot write {}", path.display()))?;
        }
        None => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            anjian::export::export_from(&reader, entity, format, ctx.lang, &opts, &mut lock)?;
            lock.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

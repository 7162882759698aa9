//! `anjian report`: a quarter's report written as DOCX, XLSX and Markdown, each file recorded.

use super::{Ctx, say};
use anjian::actor::Actor;
use anjian::domain::calendar::Quarter;
use anjian::domain::permission::Need;
use anjian::report::export::Formats;
use anjian::store::Store;
use anyhow::Result;
use std::path::Path;
use std::process::ExitCode;

pub fn run(ctx: &Ctx, quarter: Option<Quarter>, format: Formats, out: &Path) -> Result<ExitCode> {
    let mut store = Store::open(&ctx.db)?;
    let actor = Actor::resolve(&ctx.service, &store)?;
    actor.require(Need::Supervise, "report")?;
    let today = anjian::domain::time::today();
    let quarter = quarter.unwrap_or_else(|| Quarter::of(today));
    let report = {
        let reader = actor.reader(&store)?;
        anjian::report::compile(&reader, quarter, today, &actor.audit_name(), ctx.lang)?
    };
    let written = anjian::report::export::export(&mut store, &report, &format.0, out, ctx.lang, &mut |_, _| {})?;
    for w in &written {
        say(&format!("{}  {}  {} bytes", w.path.display(), w.sha256, w.bytes));
    }
    Ok(ExitCode::SUCCESS)
}

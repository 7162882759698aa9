//! `anjian notify test RECEIVER`: a test message to one receiver of the config, and its answer in
//! words (a removed robot, a refused signature, too many messages) — what an administrator runs
//! after adding a receiver. The receiver's address is never printed: it carries its key.

use super::{Ctx, say, warn};
use anjian::actor::Actor;
use anjian::cli::NotifyCommand;
use anjian::domain::permission::Need;
use anjian::notify::message::Message;
use anjian::store::Store;
use anyhow::{Result, bail};
use std::process::ExitCode;

pub fn run(ctx: &Ctx, command: NotifyCommand) -> Result<ExitCode> {
    match command {
        NotifyCommand::Test { receiver } => test(ctx, &receiver),
        NotifyCommand::Send => send(ctx),
    }
}

/// One round: route new alarms, deliver what is due, say what happened.
fn send(ctx: &Ctx) -> Result<ExitCode> {
    let zh = ctx.lang.zh();
    let store = Store::open(&ctx.db)?;
    let actor = Actor::resolve(&ctx.service, &store)?;
    actor.require(Need::Work, "notify send")?;
    let setup = anjian::notify::sender::Setup::from_config(&ctx.config).map_err(anyhow::Error::msg)?;
    let store = std::sync::Arc::new(std::sync::Mutex::new(store));
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let r = rt.block_on(anjian::notify::sender::round(&store, &actor.audit_name(), &setup))?;
    let (p, _, dead) = {
        let guard = store.lock().map_err(|_| anyhow::anyhow!("notify send: a task panicked"))?;
        anjian::store::deliveries::counts(guard.conn())?
    };
    say(&if zh {
        format!("{}（待发{p}条，累计失败{dead}条）", r.line(true))
    } else {
        format!("{} ({p} pending, {dead} dead in all)", r.line(false))
    });
    Ok(if r.dead > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn test(ctx: &Ctx, receiver: &str) -> Result<ExitCode> {
    let receiver = receiver.to_string();
    let zh = ctx.lang.zh();
    let store = Store::open(&ctx.db)?;
    let actor = Actor::resolve(&ctx.service, &store)?;
    actor.require(Need::Administer, "notify test")?;
    let Some(r) = ctx.config.receivers.iter().find(|r| r.name == receiver) else {
        let names: Vec<&str> = ctx.config.receivers.iter().map(|r| r.name.as_str()).collect();
        if zh {
            bail!("notify test：配置中没有接收方“{receiver}”；已有：{}", names.join("、"));
        }
        bail!("notify test: no receiver \"{receiver}\" in the config; there are: {}", names.join(", "));
    };
    let office = anjian::store::network::office_identity(store.conn())?.name;
    let now = anjian::domain::time::now();
    let m = Message {
        short_id: format!("T{}", now.timestamp()),
        kind: "test".into(),
        headline: if ctx.config.lang.unwrap_or_default().zh() {
            format!("{office}安监值班台通知测试（{}）", r.name)
        } else {
            format!("{office}: anjian notification test ({})", r.name)
        },
        at: anjian::domain::time::stamp(now),
        // The message in the office's language; the answer printed in the caller's.
        zh: ctx.config.lang.unwrap_or_default().zh(),
        ..Default::default()
    };
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let answer = rt.block_on(anjian::notify::deliver::send(r, &m, now.timestamp_millis(), zh, None));
    let line = format!("{}（{}）：{}", r.name, r.kind.name(zh), answer.words(zh));
    let line = if zh { line } else { format!("{} ({}): {}", r.name, r.kind.name(false), answer.words(false)) };
    if answer.delivered() {
        say(&line);
        Ok(ExitCode::SUCCESS)
    } else {
        warn(&line);
        Ok(ExitCode::from(1))
    }
}

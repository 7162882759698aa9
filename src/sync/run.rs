//! Scheduling rounds: all feeds once (cron), or each feed on its own interval until told to stop
//! (systemd, and the dashboard's background sync).

use super::engine::{Engine, FeedReport, FeedSpec, Outcome};
use crate::i18n::Lang;
use crate::upstream::http::Client;
use tokio::sync::{mpsc, watch};

fn client(spec: &FeedSpec) -> Result<Client, String> {
    Client::new(spec.http.clone()).map_err(|e| e.to_string())
}

/// One round on every feed, concurrently; the lease is given back afterwards.
pub async fn once(engine: &Engine, specs: &[FeedSpec]) -> Vec<FeedReport> {
    if let Err(e) = engine.register(specs).await {
        return specs
            .iter()
            .map(|s| FeedReport { feed: s.name.clone(), outcome: Outcome::Failed(e.clone()) })
            .collect();
    }
    let mut set = tokio::task::JoinSet::new();
    for (i, spec) in specs.iter().cloned().enumerate() {
        let engine = engine.clone();
        set.spawn(async move {
            let report = match client(&spec) {
                Ok(c) => engine.sync_feed(&spec, &c).await,
                Err(e) => FeedReport { feed: spec.name.clone(), outcome: Outcome::Failed(e) },
            };
            engine.release(&spec.name).await;
            (i, report)
        });
    }
    let mut out: Vec<(usize, FeedReport)> = Vec::new();
    while let Some(done) = set.join_next().await {
        match done {
            Ok(r) => out.push(r),
            Err(e) => out.push((usize::MAX, FeedReport { feed: "?".into(), outcome: Outcome::Failed(e.to_string()) })),
        }
    }
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, r)| r).collect()
}

/// Each feed on its own schedule until `stop` turns true; every round's report is sent to
/// `reports`. Leases are given back on the way out.
pub async fn watch(
    engine: Engine,
    specs: Vec<FeedSpec>,
    reports: mpsc::UnboundedSender<FeedReport>,
    stop: watch::Receiver<bool>,
) {
    if let Err(e) = engine.register(&specs).await {
        for s in &specs {
            let _ = reports.send(FeedReport { feed: s.name.clone(), outcome: Outcome::Failed(e.clone()) });
        }
        return;
    }
    let mut set = tokio::task::JoinSet::new();
    for spec in specs {
        let (engine, reports, mut stop) = (engine.clone(), reports.clone(), stop.clone());
        set.spawn(async move {
            let client = match client(&spec) {
                Ok(c) => c,
                Err(e) => {
                    let _ = reports.send(FeedReport { feed: spec.name.clone(), outcome: Outcome::Failed(e) });
                    return;
                }
            };
            loop {
                let report = tokio::select! {
                    r = engine.sync_feed(&spec, &client) => r,
                    _ = stop.wait_for(|s| *s) => break,
                };
                let _ = reports.send(report);
                tokio::select! {
                    _ = tokio::time::sleep(spec.interval) => {}
                    _ = stop.wait_for(|s| *s) => break,
                }
            }
            engine.release_for_good(&spec.name).await;
        });
    }
    while set.join_next().await.is_some() {}
}

/// One line per feed for the terminal.
pub fn describe(r: &FeedReport, lang: Lang) -> String {
    let zh = lang.zh();
    match &r.outcome {
        Outcome::Fetched { batch: b, documents, document_errors } => {
            let mut s = if zh {
                format!(
                    "{}：新增 {}，重复 {}，关闭 {}，隔离 {}（读取 {} 份）",
                    r.feed, b.opened, b.repeated, b.closed, b.quarantined, documents
                )
            } else {
                format!(
                    "{}: {} new, {} repeated, {} closed, {} quarantined ({} fetched)",
                    r.feed, b.opened, b.repeated, b.closed, b.quarantined, documents
                )
            };
            if *document_errors > 0 {
                s.push_str(&if zh {
                    format!("，{document_errors} 份未能下载（稍后重试）")
                } else {
                    format!(", {document_errors} not fetched (retried later)")
                });
            }
            s
        }
        Outcome::Tipoffs { batch: b, pages } => {
            if zh {
                format!(
                    "{}：新增举报 {}，更新 {}，未变 {}，隔离 {}（{} 页）",
                    r.feed, b.new, b.updated, b.unchanged, b.quarantined, pages
                )
            } else {
                format!(
                    "{}: {} new tip-off(s), {} updated, {} unchanged, {} quarantined ({} pages)",
                    r.feed, b.new, b.updated, b.unchanged, b.quarantined, pages
                )
            }
        }
        Outcome::NotModified => {
            if zh {
                format!("{}：无更新", r.feed)
            } else {
                format!("{}: not modified", r.feed)
            }
        }
        Outcome::HeldBy(owner) => {
            if zh {
                format!("{}：由 {owner} 同步中", r.feed)
            } else {
                format!("{}: fetched by {owner}", r.feed)
            }
        }
        Outcome::Failed(e) => {
            if zh {
                format!("{}：失败：{e}", r.feed)
            } else {
                format!("{}: FAILED: {e}", r.feed)
            }
        }
    }
}

/// The closing line of `anjian sync`.
pub fn summary(reports: &[FeedReport], lang: Lang) -> String {
    let failed = reports.iter().filter(|r| !r.reached()).count();
    let (mut opened, mut tipoffs, mut quarantined) = (0, 0, 0);
    for r in reports {
        match &r.outcome {
            Outcome::Fetched { batch, .. } => {
                opened += batch.opened;
                quarantined += batch.quarantined;
            }
            Outcome::Tipoffs { batch, .. } => {
                tipoffs += batch.new;
                quarantined += batch.quarantined;
            }
            _ => {}
        }
    }
    let reached = reports.len() - failed;
    if lang.zh() {
        format!(
            "同步：{reached} 个数据源正常，{failed} 个失败；新增告警 {opened} 条，新增举报 {tipoffs} 条，隔离文档 {quarantined} 份"
        )
    } else {
        format!(
            "sync: {reached} feed(s) reached, {failed} failed; {opened} new alarm(s), {tipoffs} new tip-off(s), {quarantined} quarantined"
        )
    }
}

/// `anjian sync`: exit code 0 when every feed was reached, 1 when one could not be fetched,
/// 2 when there is nothing to do (no feeds, or an unknown `--feed`).
pub fn command(
    db: &std::path::Path,
    feeds: &[crate::config::FeedConfig],
    only: Option<&str>,
    watch_mode: bool,
    lang: Lang,
    notify: Option<crate::notify::sender::Setup>,
) -> anyhow::Result<u8> {
    let specs: Vec<FeedSpec> =
        feeds.iter().filter(|f| only.is_none_or(|n| n == f.name)).map(FeedSpec::from_config).collect();
    if specs.is_empty() {
        match only {
            Some(name) => anyhow::bail!("--feed {name}: no feed of that name in the config's [[feeds]]"),
            None => anyhow::bail!("no feeds configured; add [[feeds]] tables (name, kind, url) to the config"),
        }
    }
    let mut engine = Engine::open(db, if lang.zh() { "zh" } else { "en" })?;
    if let Some(setup) = notify.as_ref().filter(|s| !s.routes.is_empty()) {
        engine.route_in_ingest(setup.routes.clone(), setup.zh);
    }
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    rt.block_on(async {
        if !watch_mode {
            let reports = once(&engine, &specs).await;
            for r in &reports {
                println!("{}", terminal_line(&describe(r, lang)));
            }
            println!("{}", summary(&reports, lang));
            return Ok(if reports.iter().all(FeedReport::reached) { 0 } else { 1 });
        }
        let (tx, mut rx) = mpsc::unbounded_channel();
        let (stop_tx, stop_rx) = watch::channel(false);
        let anchors = tokio::spawn(log_anchors(engine.clone(), stop_rx.clone()));
        // Delivering is the watcher's; after a one-off run, `notify send` (from cron) delivers.
        let notifier = notify.map(|setup| tokio::spawn(notify_loop(engine.clone(), setup, lang, stop_rx.clone())));
        let task = tokio::spawn(watch(engine, specs, tx, stop_rx));
        loop {
            tokio::select! {
                r = rx.recv() => match r {
                    Some(r) => println!("{}", terminal_line(&describe(&r, lang))),
                    None => break,
                },
                _ = tokio::signal::ctrl_c() => {
                    let _ = stop_tx.send(true);
                    break;
                }
            }
        }
        let _ = task.await;
        let _ = anchors.await;
        if let Some(n) = notifier {
            let _ = n.await;
        }
        Ok(0)
    })
}

/// A report line quotes upstream answers (error documents, server messages): cleaned before any
/// terminal or log sees it.
fn terminal_line(s: &str) -> std::borrow::Cow<'_, str> {
    crate::domain::text::one_line(s, 4_000)
}

/// How often the sync service routes new alarms and delivers due notifications.
const NOTIFY_EVERY: std::time::Duration = std::time::Duration::from_secs(10);

/// The notification rounds of a watching sync: the alarms it stores reach the field within a
/// round (`notify::sender`), a line printed when something happened.
async fn notify_loop(engine: Engine, setup: crate::notify::sender::Setup, lang: Lang, mut stop: watch::Receiver<bool>) {
    loop {
        match crate::notify::sender::round(&engine.store, &engine.owner, &setup).await {
            Ok(r) if r.busy() => println!("{}", terminal_line(&r.line(lang.zh()))),
            Ok(_) => {}
            Err(e) => println!("{}", terminal_line(&format!("notify: {e}"))),
        }
        tokio::select! {
            _ = tokio::time::sleep(NOTIFY_EVERY) => {}
            _ = stop.changed() => return,
        }
    }
}

/// How often the sync service records the audit anchor in the system log.
const ANCHOR_EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

/// The audit log's anchor (row count and newest MAC) at start and then every hour, to the system
/// log and standard output (a systemd service's journal): a record outside the database that
/// `anjian audit verify --anchor` holds the log to, so deleting its newest rows cannot go unseen.
async fn log_anchors(engine: Engine, mut stop: watch::Receiver<bool>) {
    loop {
        if let Ok(anchor) = engine.db(|s| crate::store::audit::anchor(s.conn())).await {
            let line = format!("audit anchor {anchor}");
            crate::system::syslog::notice("anjian", &line);
            println!("{line}");
        }
        tokio::select! {
            _ = tokio::time::sleep(ANCHOR_EVERY) => {}
            _ = stop.changed() => return,
        }
    }
}

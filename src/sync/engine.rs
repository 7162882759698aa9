//! Fetching a feed and writing what it brought. A round: take the lease, fetch with the stored
//! validators, read the index or page, fetch the linked documents not read before, then write the
//! alarms, the quarantined documents, the cursor, the validators and the entries read in one
//! transaction. A crash at any point leaves either the whole round or none of it; a CAP index
//! with linked documents is written in two (its embedded alerts and entries as it is read, then
//! the documents with the index's validators), and a crash between them leaves the first, which
//! the next round completes.

use crate::config::{FeedConfig, FeedKind};
use crate::store::alarms::{self, BatchOutcome, Incoming, Quarantined};
use crate::store::{Store, feeds};
use crate::upstream::http::{Client, FetchError, HttpConfig, Validators};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct FeedSpec {
    pub name: String,
    pub kind: FeedKind,
    pub url: String,
    pub interval: Duration,
    pub http: HttpConfig,
    /// The CAP parameter that carries the level, when the config names one.
    pub level_parameter: Option<String>,
    /// Open311: JSON or XML.
    pub format: crate::upstream::open311::Format,
    /// CAP: the office's own words for levels (checked when the config was read).
    pub level_words: Vec<(String, crate::domain::RiskLevel)>,
    /// CAP: a document that does not conform is quarantined, not read leniently.
    pub strict: bool,
    /// CAP: how long a linked document is retried before it is given up.
    pub give_up_after: Duration,
}

impl FeedSpec {
    pub fn from_config(f: &FeedConfig) -> FeedSpec {
        FeedSpec {
            name: f.name.clone(),
            kind: f.kind,
            url: f.url.clone(),
            interval: f.interval.0,
            http: HttpConfig {
                token_env: f.token_env.clone(),
                feed_url: Some(f.url.clone()),
                allow_hosts: f.allow_hosts.clone(),
                proxy: f.proxy.clone(),
                ..HttpConfig::default()
            },
            level_parameter: f.level_parameter.clone(),
            format: f.format,
            level_words: f
                .level_words
                .iter()
                .filter_map(|(w, l)| crate::domain::alarm::colour_level(l).map(|l| (w.clone(), l)))
                .collect(),
            strict: f.strict,
            give_up_after: f.give_up_after.0,
        }
    }

    /// Long enough for a slow round, short enough that a crashed holder is replaced soon.
    pub(super) fn lease_hold(&self) -> Duration {
        (self.interval * 3).clamp(Duration::from_secs(120), Duration::from_secs(900))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Fetched {
        batch: BatchOutcome,
        documents: usize,
        document_errors: usize,
    },
    /// An Open311 round: tip-offs new, updated in place, unchanged; pages read.
    Tipoffs {
        batch: crate::store::tipoffs::Open311Batch,
        pages: usize,
    },
    NotModified,
    /// Another process holds the lease and fetches this feed.
    HeldBy(String),
    Failed(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct FeedReport {
    pub feed: String,
    pub outcome: Outcome,
}

impl FeedReport {
    /// Whether the feed (or the process that holds its lease) reached upstream.
    pub fn reached(&self) -> bool {
        !matches!(self.outcome, Outcome::Failed(_))
    }
}

/// The engine of one process: its name on leases, the database, and the office's language.
#[derive(Clone)]
pub struct Engine {
    pub(super) store: Arc<Mutex<Store>>,
    pub(super) owner: String,
    pub(super) lang_prefix: String,
    /// Feeds whose lease was given back for good. A round dropped at shutdown may still have its
    /// lease request queued on the blocking pool; checked under the store's lock, this keeps that
    /// late request from taking the lease again after it was given back.
    released: Arc<Mutex<std::collections::HashSet<String>>>,
    /// The config's routes and the office's language: the alarms a round stores are routed into
    /// the notification outbox in the same transaction.
    pub(super) routes: Option<Arc<(Vec<crate::domain::route::Route>, bool)>>,
}

pub fn process_owner() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "localhost".into());
    format!("{host}:{}", std::process::id())
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(super) struct RoundError(pub(super) String);

impl From<crate::store::StoreError> for RoundError {
    fn from(e: crate::store::StoreError) -> Self {
        RoundError(format!("database: {e}"))
    }
}

impl From<FetchError> for RoundError {
    fn from(e: FetchError) -> Self {
        RoundError(e.to_string())
    }
}

/// The parsed part of a round, ready to be written.
#[derive(Default)]
pub(super) struct Round {
    pub(super) alarms: Vec<Incoming>,
    pub(super) quarantined: Vec<Quarantined>,
    pub(super) cursor: Option<String>,
    pub(super) validators: Option<Validators>,
    pub(super) entries: Vec<(String, String)>,
    pub(super) documents: usize,
    pub(super) document_errors: Vec<String>,
    /// The round failed (what it quarantined is still written): `last_success` stays where it was.
    pub(super) failed: bool,
    /// Pending documents read in this round (by entry id).
    pub(super) pending_read: Vec<String>,
    /// Documents that could not be fetched, with why: kept pending.
    pub(super) pending_failed: Vec<(crate::store::feed_pending::PendingDocument, String)>,
    /// How long a pending document is retried before it is given up.
    pub(super) give_up_after: Duration,
    /// Alarms whose level word was not understood, and non-conforming documents read.
    pub(super) level_unread: usize,
    pub(super) nonconforming: usize,
    /// The first part of a round, written before the rest is fetched (a CAP index's embedded
    /// alerts, before its linked documents): the feed's last success waits for the rest.
    pub(super) part: bool,
}

impl Engine {
    pub fn open(db: &Path, lang_prefix: &str) -> crate::store::Result<Engine> {
        Ok(Engine::with_store(Store::open(db)?, process_owner(), lang_prefix))
    }

    pub fn with_store(store: Store, owner: String, lang_prefix: &str) -> Engine {
        // Tuning only: a connection that refuses it still syncs.
        let _ = crate::store::bulk::sync_writer(&store);
        Engine {
            store: Arc::new(Mutex::new(store)),
            owner,
            lang_prefix: lang_prefix.to_string(),
            released: Arc::default(),
            routes: None,
        }
    }

    /// Routes the alarms each round stores, in the round's own transaction (see `notify::queue`).
    pub fn route_in_ingest(&mut self, routes: Vec<crate::domain::route::Route>, zh: bool) {
        self.routes = Some(Arc::new((routes, zh)));
    }

    pub fn owner(&self) -> &str {
        &self.owner
    }

    /// Runs `f` on the database off the async threads (SQLite calls block).
    pub(super) async fn db<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Store) -> crate::store::Result<T> + Send + 'static,
    ) -> Result<T, RoundError> {
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || {
            let mut guard = store.lock().map_err(|_| RoundError("database: a sync task panicked".into()))?;
            f(&mut guard).map_err(RoundError::from)
        })
        .await
        .map_err(|e| RoundError(format!("sync task: {e}")))?
    }

    /// Registers the feeds (their health rows appear at once on the Overview).
    pub async fn register(&self, specs: &[FeedSpec]) -> Result<(), String> {
        let specs: Vec<(String, &'static str, String)> =
            specs.iter().map(|s| (s.name.clone(), s.kind.code(), s.url.clone())).collect();
        let owner = self.owner.clone();
        self.db(move |s| {
            s.write(&format!("sync:{owner}"), |w| {
                for (name, kind, url) in &specs {
                    alarms::ensure_feed(w, name, kind, url)?;
                }
                Ok(())
            })
        })
        .await
        .map_err(|e| e.0)
    }

    /// One round on one feed. Never panics and never returns early without recording the feed's
    /// health.
    pub async fn sync_feed(&self, spec: &FeedSpec, client: &Client) -> FeedReport {
        let outcome = match self.round(spec, client).await {
            Ok(o) => o,
            Err(e) => {
                let (name, text) = (spec.name.clone(), e.0.clone());
                let _ =
                    self.db(move |s| feeds::record_failure(s.conn(), &name, crate::domain::time::now(), &text)).await;
                Outcome::Failed(e.0)
            }
        };
        FeedReport { feed: spec.name.clone(), outcome }
    }

    /// On the way out: no round of this engine takes a lease again, and every lease it holds is
    /// given back now, whatever its rounds are still doing.
    pub fn release_all_now(&self, db: &Path, feeds: &[String]) {
        if let Ok(mut r) = self.released.lock() {
            r.extend(feeds.iter().cloned());
        }
        let _ = feeds::release_all_now(db, &self.owner);
    }

    /// Lets another process take the feed at once (on shutdown or after a one-off run).
    pub async fn release(&self, feed: &str) {
        let (name, owner) = (feed.to_string(), self.owner.clone());
        let _ = self.db(move |s| feeds::release_lease(s.conn(), &name, &owner)).await;
    }

    /// Gives the lease back at shutdown, when a round may have been dropped mid-way: no round of
    /// this engine takes it again.
    pub async fn release_for_good(&self, feed: &str) {
        let (name, owner, released) = (feed.to_string(), self.owner.clone(), self.released.clone());
        let _ = self
            .db(move |s| {
                if let Ok(mut r) = released.lock() {
                    r.insert(name.clone());
                }
                feeds::release_lease(s.conn(), &name, &owner)
            })
            .await;
    }

    async fn round(&self, spec: &FeedSpec, client: &Client) -> Result<Outcome, RoundError> {
        let (name, owner, hold) = (spec.name.clone(), self.owner.clone(), spec.lease_hold());
        let released = self.released.clone();
        let held = self
            .db(move |s| {
                if released.lock().map(|r| r.contains(&name)).unwrap_or(true) {
                    return Ok(Some(format!("{owner} (stopping)")));
                }
                feeds::acquire_lease(s.conn(), &name, &owner, crate::domain::time::now(), hold)
            })
            .await?;
        if let Some(holder) = held {
            return Ok(Outcome::HeldBy(holder));
        }
        match spec.kind {
            FeedKind::Cap => self.cap_round(spec, client).await,
            FeedKind::Monitor => self.monitor_round(spec, client).await,
            FeedKind::Open311 => self.open311_round(spec, client).await,
        }
    }

    pub(super) async fn quarantine_and_fail(
        &self,
        feed: &str,
        raw: Vec<u8>,
        error: String,
    ) -> Result<Outcome, RoundError> {
        let round =
            Round { quarantined: vec![Quarantined { error: error.clone(), raw }], failed: true, ..Round::default() };
        self.commit(feed, round).await?;
        Err(RoundError(error))
    }
}

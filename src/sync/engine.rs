//! Fetching a feed and writing what it brought. A round: take the lease, fetch with the stored
//! validators, read the index or page, fetch the linked documents not read before, then write the
//! alarms, the quarantined documents, the cursor, the validators and the entries read in one
//! transaction. A crash at any point leaves either the whole round or none of it.

use crate::config::{FeedConfig, FeedKind};
use crate::store::alarms::{self, BatchOutcome, Incoming, Quarantined};
use crate::store::{Store, feeds};
use crate::sync::incoming;
use crate::upstream::http::{Client, FetchError, Fetched, HttpConfig, Validators};
use crate::upstream::{feed, monitor};
use std::collections::HashSet;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Open311 windows: the most a server accepts between start_date and end_date.
const OPEN311_WINDOW_DAYS: i64 = 90;
/// Each round reads again this far behind the cursor: GeoReport v2 has no "updated since", so a
/// status update is seen only by reading its request again. Updates of requests older than this
/// are not seen (by then they are long closed).
const OPEN311_LOOKBACK_DAYS: i64 = 90;
/// Requests asked for per page (the page/page_size extension).
const OPEN311_PAGE_SIZE: usize = 100;

/// How many linked CAP documents are fetched at once.
const PARALLEL_DOCUMENTS: usize = 8;
/// Monitor pages read in one round before yielding to the schedule.
const MAX_PAGES: usize = 100;

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
}

impl FeedSpec {
    pub fn from_config(f: &FeedConfig) -> FeedSpec {
        FeedSpec {
            name: f.name.clone(),
            kind: f.kind,
            url: f.url.clone(),
            interval: f.interval.0,
            http: HttpConfig { token_env: f.token_env.clone(), ..HttpConfig::default() },
            level_parameter: f.level_parameter.clone(),
            format: f.format,
        }
    }

    /// Long enough for a slow round, short enough that a crashed holder is replaced soon.
    fn lease_hold(&self) -> Duration {
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
    store: Arc<Mutex<Store>>,
    owner: String,
    lang_prefix: String,
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
struct RoundError(String);

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
struct Round {
    alarms: Vec<Incoming>,
    quarantined: Vec<Quarantined>,
    cursor: Option<String>,
    validators: Option<Validators>,
    entries: Vec<(String, String)>,
    documents: usize,
    document_errors: Vec<String>,
}

impl Engine {
    pub fn open(db: &Path, lang_prefix: &str) -> crate::store::Result<Engine> {
        Ok(Engine::with_store(Store::open(db)?, process_owner(), lang_prefix))
    }

    pub fn with_store(store: Store, owner: String, lang_prefix: &str) -> Engine {
        Engine { store: Arc::new(Mutex::new(store)), owner, lang_prefix: lang_prefix.to_string() }
    }

    pub fn owner(&self) -> &str {
        &self.owner
    }

    /// Runs `f` on the database off the async threads (SQLite calls block).
    async fn db<T: Send + 'static>(
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

    /// Lets another process take the feed at once (on shutdown or after a one-off run).
    pub async fn release(&self, feed: &str) {
        let (name, owner) = (feed.to_string(), self.owner.clone());
        let _ = self.db(move |s| feeds::release_lease(s.conn(), &name, &owner)).await;
    }

    async fn round(&self, spec: &FeedSpec, client: &Client) -> Result<Outcome, RoundError> {
        let (name, owner, hold) = (spec.name.clone(), self.owner.clone(), spec.lease_hold());
        let held =
            self.db(move |s| feeds::acquire_lease(s.conn(), &name, &owner, crate::domain::time::now(), hold)).await?;
        if let Some(holder) = held {
            return Ok(Outcome::HeldBy(holder));
        }
        match spec.kind {
            FeedKind::Cap => self.cap_round(spec, client).await,
            FeedKind::Monitor => self.monitor_round(spec, client).await,
            FeedKind::Open311 => self.open311_round(spec, client).await,
        }
    }

    async fn commit(&self, feed: &str, round: Round) -> Result<BatchOutcome, RoundError> {
        let (name, owner) = (feed.to_string(), self.owner.clone());
        let errors = round.document_errors.clone();
        let out = self
            .db(move |s| {
                s.write(&format!("sync:{owner}"), |w| {
                    let out = alarms::ingest(w, &name, &round.alarms, &round.quarantined, round.cursor.as_deref())?;
                    if let Some(v) = &round.validators {
                        feeds::set_validators(w, &name, v)?;
                    }
                    feeds::mark_entries(w, &name, &round.entries)?;
                    Ok(out)
                })
            })
            .await?;
        if let Some(first) = errors.first() {
            let text = format!("{} document(s) could not be fetched; first: {first}", errors.len());
            let name = feed.to_string();
            self.db(move |s| feeds::record_failure(s.conn(), &name, crate::domain::time::now(), &text)).await?;
        }
        Ok(out)
    }

    async fn quarantine_and_fail(&self, feed: &str, raw: Vec<u8>, error: String) -> Result<Outcome, RoundError> {
        let round = Round { quarantined: vec![Quarantined { error: error.clone(), raw }], ..Round::default() };
        self.commit(feed, round).await?;
        Err(RoundError(error))
    }

    async fn cap_round(&self, spec: &FeedSpec, client: &Client) -> Result<Outcome, RoundError> {
        let name = spec.name.clone();
        let (validators, seen) = self
            .db(move |s| {
                let v = feeds::validators(s.conn(), &name)?;
                let mut stmt = s.conn().prepare_cached("SELECT entry_id, updated FROM feed_entry WHERE feed = ?1")?;
                let seen = stmt
                    .query_map([&name], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
                    .collect::<rusqlite::Result<HashSet<_>>>()?;
                Ok((v, seen))
            })
            .await?;
        let (bytes, validators) = match client.get(&spec.url, &validators).await? {
            Fetched::NotModified => {
                let name = spec.name.clone();
                self.db(move |s| feeds::record_success(s.conn(), &name, crate::domain::time::now())).await?;
                return Ok(Outcome::NotModified);
            }
            Fetched::Body { bytes, validators, .. } => (bytes, validators),
        };
        let index = match feed::parse(&bytes) {
            Ok(f) => f,
            Err(e) => return self.quarantine_and_fail(&spec.name, bytes, format!("{}: index: {e}", spec.url)).await,
        };
        let mut round = Round { validators: Some(validators), ..Round::default() };
        let mut bad_entries = Vec::new();
        let mut to_fetch = Vec::new();
        for entry in index.entries {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    bad_entries.push(e.to_string());
                    continue;
                }
            };
            let key = (entry.id.clone(), entry.updated.clone().unwrap_or_default());
            if seen.contains(&key) {
                continue;
            }
            match (entry.alert, entry.link) {
                (Some(Ok(alert)), _) => {
                    round.alarms.push(incoming::from_cap(&alert, &self.lang_prefix, spec.level_parameter.as_deref()));
                    round.entries.push(key);
                }
                (Some(Err(e)), _) => {
                    bad_entries.push(format!("entry {}: {e}", entry.id));
                    round.entries.push(key);
                }
                (None, Some(link)) => to_fetch.push((key, link)),
                (None, None) => {}
            }
        }
        if !bad_entries.is_empty() {
            // The index is the raw document that holds the bad entries.
            round.quarantined.push(Quarantined { error: bad_entries.join("\n"), raw: bytes });
        }
        let base = reqwest::Url::parse(&spec.url).map_err(|e| RoundError(format!("{}: {e}", spec.url)))?;
        for chunk in to_fetch.chunks(PARALLEL_DOCUMENTS) {
            let mut set = tokio::task::JoinSet::new();
            for (key, link) in chunk.iter().cloned() {
                let url = base.join(&link).map(|u| u.to_string()).unwrap_or(link);
                let client = client.clone();
                set.spawn(async move {
                    let got = client.get(&url, &Validators::default()).await;
                    (key, url, got)
                });
            }
            while let Some(done) = set.join_next().await {
                let (key, url, got) = done.map_err(|e| RoundError(format!("sync task: {e}")))?;
                match got {
                    Ok(Fetched::Body { bytes, .. }) => {
                        round.documents += 1;
                        match crate::upstream::cap::parse(&bytes) {
                            Ok(alert) => round.alarms.push(incoming::from_cap(
                                &alert,
                                &self.lang_prefix,
                                spec.level_parameter.as_deref(),
                            )),
                            Err(e) => round.quarantined.push(Quarantined { error: format!("{url}: {e}"), raw: bytes }),
                        }
                        round.entries.push(key);
                    }
                    Ok(Fetched::NotModified) => round.entries.push(key),
                    // Not marked as read: the next round tries again.
                    Err(e) => round.document_errors.push(e.to_string()),
                }
            }
        }
        let (documents, document_errors) = (round.documents, round.document_errors.len());
        let batch = self.commit(&spec.name, round).await?;
        Ok(Outcome::Fetched { batch, documents, document_errors })
    }

    async fn monitor_round(&self, spec: &FeedSpec, client: &Client) -> Result<Outcome, RoundError> {
        let mut total = BatchOutcome::default();
        let mut pages = 0;
        for _ in 0..MAX_PAGES {
            let name = spec.name.clone();
            let cursor = self.db(move |s| alarms::cursor(s.conn(), &name)).await?;
            let mut url = reqwest::Url::parse(&spec.url).map_err(|e| RoundError(format!("{}: {e}", spec.url)))?;
            if let Some(c) = &cursor {
                url.query_pairs_mut().append_pair("since", c);
            }
            let url = url.to_string();
            let bytes = match client.get(&url, &Validators::default()).await? {
                Fetched::Body { bytes, .. } => bytes,
                Fetched::NotModified => break,
            };
            let page = match monitor::parse(&bytes) {
                Ok(p) => p,
                Err(e) => return self.quarantine_and_fail(&spec.name, bytes, format!("{url}: {e}")).await,
            };
            pages += 1;
            let mut round = Round { cursor: page.next_cursor.clone(), ..Round::default() };
            for (item, raw) in &page.alarms {
                match item {
                    Ok(a) => round.alarms.push(incoming::from_monitor(&spec.name, a)),
                    Err(e) => round
                        .quarantined
                        .push(Quarantined { error: format!("{url}: {e}"), raw: raw.clone().into_bytes() }),
                }
            }
            let empty = page.alarms.is_empty();
            let b = self.commit(&spec.name, round).await?;
            total.opened += b.opened;
            total.repeated += b.repeated;
            total.closed += b.closed;
            total.quarantined += b.quarantined;
            if empty || page.next_cursor.is_none() || page.next_cursor == cursor {
                break;
            }
            let (name, owner, hold) = (spec.name.clone(), self.owner.clone(), spec.lease_hold());
            self.db(move |s| feeds::acquire_lease(s.conn(), &name, &owner, crate::domain::time::now(), hold)).await?;
        }
        Ok(Outcome::Fetched { batch: total, documents: pages, document_errors: 0 })
    }

    /// Open311: walk `start_date`/`end_date` windows of at most 90 days from the cursor (less a
    /// look-back for updates) to now, each in pages; every page is upserted in one transaction,
    /// and the window's end becomes the cursor with the page that completes it.
    async fn open311_round(&self, spec: &FeedSpec, client: &Client) -> Result<Outcome, RoundError> {
        use crate::upstream::open311;
        let base = spec.url.trim_end_matches('/');
        let ext = spec.format.ext();
        let services_url = format!("{base}/services.{ext}");
        let services = match client.get(&services_url, &Validators::default()).await {
            Ok(Fetched::Body { bytes, .. }) => {
                open311::services(&bytes, spec.format).map_err(|e| RoundError(format!("{services_url}: {e}")))?
            }
            Ok(Fetched::NotModified) => Vec::new(),
            Err(e) => return Err(open311_error(e, spec.format)),
        };
        let name = spec.name.clone();
        let cursor = self.db(move |s| alarms::cursor(s.conn(), &name)).await?;
        // Times travel with second precision: the window ends after the current second.
        let now = crate::domain::time::now() + chrono::Duration::seconds(1);
        let mut start = cursor
            .as_deref()
            .and_then(|c| chrono::DateTime::parse_from_rfc3339(c).ok())
            .map(|c| c - chrono::Duration::days(OPEN311_LOOKBACK_DAYS))
            .unwrap_or(now - chrono::Duration::days(OPEN311_WINDOW_DAYS));
        let mut total = crate::store::tipoffs::Open311Batch::default();
        let mut pages = 0;
        while start < now {
            let end = (start + chrono::Duration::days(OPEN311_WINDOW_DAYS)).min(now);
            let mut seen = HashSet::new();
            for page in 1.. {
                let mut url = reqwest::Url::parse(&format!("{base}/requests.{ext}"))
                    .map_err(|e| RoundError(format!("{}: {e}", spec.url)))?;
                url.query_pairs_mut()
                    .append_pair("start_date", &crate::domain::time::stamp(start))
                    .append_pair("end_date", &crate::domain::time::stamp(end))
                    .append_pair("page", &page.to_string())
                    .append_pair("page_size", &OPEN311_PAGE_SIZE.to_string());
                let url = url.to_string();
                let bytes = match client.get(&url, &Validators::default()).await {
                    Ok(Fetched::Body { bytes, .. }) => bytes,
                    Ok(Fetched::NotModified) => break,
                    Err(e) => return Err(open311_error(e, spec.format)),
                };
                let items = match open311::requests(&bytes, spec.format) {
                    Ok(items) => items,
                    Err(e) => return self.quarantine_and_fail(&spec.name, bytes, format!("{url}: {e}")).await,
                };
                pages += 1;
                let count = items.len();
                let mut good = Vec::new();
                let mut bad = Vec::new();
                for item in items {
                    match item {
                        Ok(mut r) => {
                            if r.service_name.is_empty()
                                && let Some(s) = services.iter().find(|s| s.code == r.service_code)
                            {
                                r.service_name = s.name.clone();
                            }
                            good.push(r);
                        }
                        Err(e) => bad.push(e.to_string()),
                    }
                }
                // A server without the paging extension answers every page with the first one.
                let fresh = good.iter().filter(|r| seen.insert(r.id.clone())).count();
                let last = count < OPEN311_PAGE_SIZE || fresh == 0;
                let quarantined = if bad.is_empty() {
                    Vec::new()
                } else {
                    vec![Quarantined { error: format!("{url}:\n{}", bad.join("\n")), raw: bytes }]
                };
                let cursor = last.then(|| crate::domain::time::stamp(end));
                let (name, owner) = (spec.name.clone(), self.owner.clone());
                let b = self
                    .db(move |s| {
                        s.write(&format!("sync:{owner}"), |w| {
                            crate::store::tipoffs::ingest_open311(w, &name, &good, &quarantined, cursor.as_deref())
                        })
                    })
                    .await?;
                total.new += b.new;
                total.unchanged += b.unchanged;
                total.updated += b.updated;
                total.quarantined += b.quarantined;
                if last {
                    break;
                }
            }
            start = end;
            let (name, owner, hold) = (spec.name.clone(), self.owner.clone(), spec.lease_hold());
            self.db(move |s| feeds::acquire_lease(s.conn(), &name, &owner, crate::domain::time::now(), hold)).await?;
        }
        Ok(Outcome::Tipoffs { batch: total, pages })
    }
}

/// An HTTP error from an Open311 server, with the server's own error document read when it sent
/// one ("HTTP 403: the server reports an error 403: Invalid api_key" rather than raw XML).
fn open311_error(e: FetchError, format: crate::upstream::open311::Format) -> RoundError {
    use crate::upstream::open311::{self, Format, Open311Error};
    if let FetchError::Status { url, status, snippet } = &e {
        let other = if format == Format::Json { Format::Xml } else { Format::Json };
        let doc = [format, other]
            .into_iter()
            .filter_map(|f| open311::requests(snippet.as_bytes(), f).err())
            .find(|d| matches!(d, Open311Error::Upstream { .. }));
        if let Some(doc) = doc {
            return RoundError(format!("{url}: HTTP {status}: {doc}"));
        }
    }
    RoundError(e.to_string())
}

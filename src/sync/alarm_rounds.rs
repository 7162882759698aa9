//! Alarm feeds' rounds: a CAP index with its linked or embedded documents, and the monitor feed
//! paged by cursor.

use super::cap_index::{self, Index, IndexRead};
use super::engine::{Engine, FeedSpec, Outcome, Round, RoundError};
use crate::store::alarms::{self, BatchOutcome, Quarantined};
use crate::store::feed_pending::{self, PendingDocument};
use crate::store::feeds;
use crate::sync::incoming;
use crate::upstream::http::{Client, Fetched, Validators, unreadable};
use crate::upstream::monitor;

/// How many linked CAP documents are fetched at once.
const PARALLEL_DOCUMENTS: usize = 8;
/// Monitor pages read in one round before yielding to the schedule.
const MAX_PAGES: usize = 100;
/// Monitor alarms written in one transaction at most (pages are gathered up to this). A feed read
/// after a pause carries raises and their clears; in one batch a raise cleared later in it is
/// stored resolved at once (`store::alarms::ingest`), so larger batches write much less. 5,000
/// hold the write lock for about a tenth of a second, and only while a backlog is caught up: a
/// feed read every few seconds has a page or two.
const COMMIT_ALARMS: usize = 5_000;
/// The first batch of a round: written after this many, so the newest part of a backlog shows at
/// once (and a process stopped early has written something); each later batch may be twice the
/// one before, up to [`COMMIT_ALARMS`].
const FIRST_BATCH: usize = 200;

impl Engine {
    pub(super) async fn cap_round(&self, spec: &FeedSpec, client: &Client) -> Result<Outcome, RoundError> {
        let name = spec.name.clone();
        let now = crate::domain::time::now();
        let (validators, seen, pending) = self
            .db(move |s| {
                let c = s.conn();
                Ok((feeds::validators(c, &name)?, feeds::entries_read(c, &name)?, feed_pending::due(c, &name, now)?))
            })
            .await?;
        let mut round = Round { give_up_after: spec.give_up_after, ..Round::default() };
        // What the index's own part stored, when there are documents after it.
        let mut index_batch = BatchOutcome::default();
        // Documents that failed before come first, whatever the index answers now.
        let mut to_fetch: Vec<PendingDocument> = pending;
        match client.get(&spec.url, &validators).await? {
            Fetched::NotModified if to_fetch.is_empty() => {
                let name = spec.name.clone();
                self.db(move |s| feeds::record_success(s.conn(), &name, crate::domain::time::now())).await?;
                return Ok(Outcome::NotModified);
            }
            Fetched::NotModified => {}
            Fetched::Body { bytes, validators, content_type } => {
                let index = Index { bytes, validators, content_type };
                match self.read_index(spec, index, seen, &mut to_fetch, &mut round).await? {
                    IndexRead::Unreadable(bytes, why) => return self.quarantine_and_fail(&spec.name, bytes, why).await,
                    IndexRead::Stored(batch) if to_fetch.is_empty() => return Ok(cap_index::index_only(batch)),
                    IndexRead::Stored(batch) => index_batch = batch,
                }
            }
        }
        for chunk in to_fetch.chunks(PARALLEL_DOCUMENTS) {
            let mut set = tokio::task::JoinSet::new();
            for doc in chunk.iter().cloned() {
                let client = client.clone();
                set.spawn(async move {
                    let (url, got, parsed) = fetch_document(&client, &doc.links).await;
                    (doc, url, got, parsed)
                });
            }
            while let Some(done) = set.join_next().await {
                let (doc, url, got, parsed) = done.map_err(|e| RoundError(format!("sync task: {e}")))?;
                let key = (doc.entry_id.clone(), doc.updated.clone());
                match got {
                    Ok(Fetched::Body { bytes, content_type, .. }) => {
                        round.documents += 1;
                        // A CAP document, or an EDXL-DE distribution with alerts in it: each alert
                        // on its own; one that does not read is quarantined with the document.
                        match parsed.unwrap_or_else(|| crate::upstream::edxl::parse_many(&bytes)) {
                            Ok(alerts) => {
                                let mut bad = Vec::new();
                                for a in alerts {
                                    match a {
                                        Ok(alert) => self.take_alert(spec, &mut round, alert, &url, &bytes),
                                        Err(e) => bad.push(unreadable(&url, "CAP", content_type.as_deref(), &e)),
                                    }
                                }
                                if !bad.is_empty() {
                                    round.quarantined.push(Quarantined { error: bad.join("\n"), raw: bytes });
                                }
                            }
                            Err(e) => round.quarantined.push(Quarantined {
                                error: unreadable(&url, "CAP", content_type.as_deref(), &e),
                                raw: bytes,
                            }),
                        }
                        round.pending_read.push(doc.entry_id);
                        round.entries.push(key);
                    }
                    Ok(Fetched::NotModified) => {
                        round.pending_read.push(doc.entry_id);
                        round.entries.push(key);
                    }
                    // Kept as pending: later rounds fetch it again, whatever the index answers.
                    Err(e) => {
                        round.document_errors.push(e.to_string());
                        round.pending_failed.push((doc, e.to_string()));
                        round.entries.push(key);
                    }
                }
            }
        }
        let (documents, document_errors) = (round.documents, round.document_errors.len());
        let mut batch = self.commit(&spec.name, round).await?;
        batch.add(index_batch);
        Ok(Outcome::Fetched { batch, documents, document_errors })
    }

    /// One alert read from `url` into the round: with its notes counted, or quarantined when the
    /// feed is strict and the document does not conform.
    pub(super) fn take_alert(
        &self,
        spec: &FeedSpec,
        round: &mut Round,
        alert: crate::upstream::cap::Alert,
        url: &str,
        raw: &[u8],
    ) {
        if spec.strict && !alert.deviations.is_empty() {
            let error = format!("{url}: 不合规（本数据源要求严格符合 CAP）：{}", alert.deviations.join("；"));
            round.quarantined.push(Quarantined { error, raw: raw.to_vec() });
            return;
        }
        let (incoming, notes) =
            incoming::from_cap_noted(&alert, &self.lang_prefix, spec.level_parameter.as_deref(), &spec.level_words);
        round.level_unread += usize::from(notes.level_unread);
        round.nonconforming += usize::from(notes.nonconforming);
        round.alarms.push(incoming);
    }

    /// The monitor feed page by page from its saved cursor. Pages are written together, from
    /// [`FIRST_BATCH`] up to [`COMMIT_ALARMS`] alarms in one transaction, with the cursor after
    /// the last of them: 20,000 events stored 200 to a transaction took 0.93 s, 5,000 to a
    /// transaction 0.52 s. Whatever stops the pages (the end, a failed fetch, an unreadable page),
    /// what was read before it is written first.
    pub(super) async fn monitor_round(&self, spec: &FeedSpec, client: &Client) -> Result<Outcome, RoundError> {
        let name = spec.name.clone();
        let saved = self.db(move |s| alarms::cursor(s.conn(), &name)).await?;
        let mut paging = Paging {
            cursor: saved,
            round: Round::default(),
            total: BatchOutcome::default(),
            pages: 0,
            written: false,
            batch: FIRST_BATCH,
        };
        let stopped = self.monitor_pages(spec, client, &mut paging).await;
        let round = std::mem::take(&mut paging.round);
        // The last pages, and a round that read only empty pages, still record the feed's health.
        let pending = !round.alarms.is_empty() || !round.quarantined.is_empty() || round.cursor.is_some();
        if pending || (paging.pages > 0 && !paging.written) {
            paging.total.add(self.commit(&spec.name, round).await?);
        }
        match stopped? {
            Some((bytes, why)) => self.quarantine_and_fail(&spec.name, bytes, why).await,
            None => Ok(Outcome::Fetched { batch: paging.total, documents: paging.pages, document_errors: 0 }),
        }
    }

    /// Reads pages into `paging`, writing each full batch; gives back an unreadable page with why.
    /// A batch is written while the next pages are fetched and read (the write runs on a blocking
    /// thread, the fetches on the runtime), so a round takes about the longer of the two, not
    /// their sum.
    async fn monitor_pages(
        &self,
        spec: &FeedSpec,
        client: &Client,
        paging: &mut Paging,
    ) -> Result<Option<(Vec<u8>, String)>, RoundError> {
        let mut writing: Option<Writing> = None;
        let mut unreadable_page = None;
        for _ in 0..MAX_PAGES {
            let got = match self.monitor_page(spec, client, paging.cursor.clone()).await {
                Ok(got) => got,
                Err(e) => {
                    // What is being written stays written.
                    if let Some(w) = writing {
                        paging.total.add(finished(w).await?);
                    }
                    return Err(e);
                }
            };
            let (url, page) = match got {
                PageRead::NotModified => break,
                PageRead::Unreadable(bytes, why) => {
                    unreadable_page = Some((bytes, why));
                    break;
                }
                PageRead::Page(url, page) => (url, page),
            };
            paging.pages += 1;
            let round = &mut paging.round;
            for (item, raw) in &page.alarms {
                match item {
                    Ok(a) => round.alarms.push(incoming::from_monitor(&spec.name, a)),
                    Err(e) => round
                        .quarantined
                        .push(Quarantined { error: format!("{url}: {e}"), raw: raw.clone().into_bytes() }),
                }
            }
            if page.next_cursor.is_some() {
                round.cursor = page.next_cursor.clone();
            }
            let last = page.alarms.is_empty() || page.next_cursor.is_none() || page.next_cursor == paging.cursor;
            if last {
                break;
            }
            paging.cursor = page.next_cursor;
            let full = paging.round.alarms.len() >= paging.batch;
            if full && let Some(w) = writing.take() {
                // Batches are written in order: the one before must be in first.
                paging.total.add(finished(w).await?);
            }
            // The lease is held on from page to page; not while a batch is being written, which
            // holds the database and would make the fetches wait for it (it is renewed before the
            // next batch is written).
            if writing.as_ref().is_none_or(|w| w.is_finished()) {
                let (name, owner, hold) = (spec.name.clone(), self.owner.clone(), spec.lease_hold());
                self.db(move |s| feeds::acquire_lease(s.conn(), &name, &owner, crate::domain::time::now(), hold))
                    .await?;
            }
            if full {
                let (engine, name, round) = (self.clone(), spec.name.clone(), std::mem::take(&mut paging.round));
                writing = Some(tokio::spawn(async move { engine.commit(&name, round).await }));
                paging.written = true;
                paging.batch = (paging.batch * 2).min(COMMIT_ALARMS);
            }
        }
        if let Some(w) = writing {
            paging.total.add(finished(w).await?);
        }
        Ok(unreadable_page)
    }

    /// One page from `cursor` on: read, not modified, or unreadable (with why).
    async fn monitor_page(
        &self,
        spec: &FeedSpec,
        client: &Client,
        cursor: Option<String>,
    ) -> Result<PageRead, RoundError> {
        let mut url = reqwest::Url::parse(&spec.url).map_err(|e| RoundError(format!("{}: {e}", spec.url)))?;
        if let Some(c) = &cursor {
            url.query_pairs_mut().append_pair("since", c);
        }
        let url = url.to_string();
        let (bytes, content_type) = match client.get(&url, &Validators::default()).await? {
            Fetched::Body { bytes, content_type, .. } => (bytes, content_type),
            Fetched::NotModified => return Ok(PageRead::NotModified),
        };
        Ok(match monitor::parse(&bytes) {
            Ok(page) => PageRead::Page(url, page),
            Err(e) => {
                let why = unreadable(&url, "page", content_type.as_deref(), &e);
                PageRead::Unreadable(bytes, why)
            }
        })
    }
}

/// A batch being written while the next pages are fetched.
type Writing = tokio::task::JoinHandle<Result<BatchOutcome, RoundError>>;

async fn finished(w: Writing) -> Result<BatchOutcome, RoundError> {
    w.await.map_err(|e| RoundError(format!("sync task: {e}")))?
}

/// What fetching one monitor page gave.
enum PageRead {
    Page(String, monitor::Page),
    NotModified,
    Unreadable(Vec<u8>, String),
}

/// A monitor round's pages read so far: where the next page starts, what is not yet written, and
/// what has been.
struct Paging {
    cursor: Option<String>,
    round: Round,
    total: BatchOutcome,
    pages: usize,
    /// A batch of this round has been written.
    written: bool,
    /// Alarms the next batch gathers before it is written.
    batch: usize,
}

/// An entry's links in order: one that answers something other than CAP (the event's web page)
/// gives way to the next; the first answer is kept for the quarantine if none is CAP.
async fn fetch_document(
    client: &Client,
    links: &[String],
) -> (String, Result<Fetched, crate::upstream::http::FetchError>, Option<CapRead>) {
    let mut first = None;
    for url in links {
        let got = client.get(url, &Validators::default()).await;
        let parsed = match &got {
            Ok(Fetched::Body { bytes, .. }) => Some(crate::upstream::edxl::parse_many(bytes)),
            _ => None,
        };
        if matches!(&parsed, Some(Ok(alerts)) if alerts.iter().any(Result::is_ok)) {
            return (url.clone(), got, parsed);
        }
        if first.is_none() {
            first = Some((url.clone(), got, parsed));
        }
    }
    first.unwrap_or_else(|| (String::new(), Ok(Fetched::NotModified), None))
}

type CapRead =
    Result<Vec<Result<crate::upstream::cap::Alert, crate::upstream::cap::CapError>>, crate::upstream::cap::CapError>;

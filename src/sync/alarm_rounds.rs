//! Alarm feeds' rounds: a CAP index with its linked or embedded documents, and the monitor feed
//! paged by cursor.

use super::engine::{Engine, FeedSpec, Outcome, Round, RoundError};
use crate::store::alarms::{self, BatchOutcome, Quarantined};
use crate::store::feed_pending::{self, PendingDocument};
use crate::store::feeds;
use crate::sync::incoming;
use crate::upstream::http::{Client, Fetched, Validators, unreadable};
use crate::upstream::{feed, monitor};

/// How many linked CAP documents are fetched at once.
const PARALLEL_DOCUMENTS: usize = 8;
/// Monitor pages read in one round before yielding to the schedule.
const MAX_PAGES: usize = 100;

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
                let index = match feed::parse(&bytes) {
                    Ok(f) => f,
                    Err(e) => {
                        let why = unreadable(&spec.url, "index", content_type.as_deref(), &e);
                        return self.quarantine_and_fail(&spec.name, bytes, why).await;
                    }
                };
                round.validators = Some(validators);
                let base = reqwest::Url::parse(&spec.url).map_err(|e| RoundError(format!("{}: {e}", spec.url)))?;
                let mut bad_entries = Vec::new();
                for entry in index.entries {
                    let entry = match entry {
                        Ok(e) => e,
                        Err(e) => {
                            bad_entries.push(e.to_string());
                            continue;
                        }
                    };
                    let key = (entry.id.clone(), entry.updated.clone().unwrap_or_default());
                    if seen.contains(&key) || to_fetch.iter().any(|p| p.entry_id == key.0 && p.updated == key.1) {
                        continue;
                    }
                    match (entry.alert, entry.link) {
                        (Some(Ok(alert)), _) => {
                            self.take_alert(spec, &mut round, alert, &spec.url, &bytes);
                            round.entries.push(key);
                        }
                        (Some(Err(e)), _) => {
                            bad_entries.push(format!("entry {}: {e}", entry.id));
                            round.entries.push(key);
                        }
                        (None, Some(link)) => to_fetch.push(PendingDocument {
                            entry_id: key.0,
                            updated: key.1,
                            links: std::iter::once(link)
                                .chain(entry.other_links)
                                .map(|l| base.join(&l).map(|u| u.to_string()).unwrap_or(l))
                                .collect(),
                        }),
                        (None, None) => {}
                    }
                }
                if !bad_entries.is_empty() {
                    // The index is the raw document that holds the bad entries.
                    round.quarantined.push(Quarantined { error: bad_entries.join("\n"), raw: bytes });
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
        let batch = self.commit(&spec.name, round).await?;
        Ok(Outcome::Fetched { batch, documents, document_errors })
    }

    /// One alert read from `url` into the round: with its notes counted, or quarantined when the
    /// feed is strict and the document does not conform.
    fn take_alert(
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

    pub(super) async fn monitor_round(&self, spec: &FeedSpec, client: &Client) -> Result<Outcome, RoundError> {
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
            let (bytes, content_type) = match client.get(&url, &Validators::default()).await? {
                Fetched::Body { bytes, content_type, .. } => (bytes, content_type),
                Fetched::NotModified => break,
            };
            let page = match monitor::parse(&bytes) {
                Ok(p) => p,
                Err(e) => {
                    let why = unreadable(&url, "page", content_type.as_deref(), &e);
                    return self.quarantine_and_fail(&spec.name, bytes, why).await;
                }
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

//! Alarm feeds' rounds: a CAP index with its linked or embedded documents, and the monitor feed
//! paged by cursor.

use super::engine::{Engine, FeedSpec, Outcome, Round, RoundError};
use crate::store::alarms::{self, BatchOutcome, Quarantined};
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
        let (validators, seen) =
            self.db(move |s| Ok((feeds::validators(s.conn(), &name)?, feeds::entries_read(s.conn(), &name)?))).await?;
        let (bytes, validators, content_type) = match client.get(&spec.url, &validators).await? {
            Fetched::NotModified => {
                let name = spec.name.clone();
                self.db(move |s| feeds::record_success(s.conn(), &name, crate::domain::time::now())).await?;
                return Ok(Outcome::NotModified);
            }
            Fetched::Body { bytes, validators, content_type } => (bytes, validators, content_type),
        };
        let index = match feed::parse(&bytes) {
            Ok(f) => f,
            Err(e) => {
                let why = unreadable(&spec.url, "index", content_type.as_deref(), &e);
                return self.quarantine_and_fail(&spec.name, bytes, why).await;
            }
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
            let others = entry.other_links.clone();
            match (entry.alert, entry.link) {
                (Some(Ok(alert)), _) => {
                    round.alarms.push(incoming::from_cap(&alert, &self.lang_prefix, spec.level_parameter.as_deref()));
                    round.entries.push(key);
                }
                (Some(Err(e)), _) => {
                    bad_entries.push(format!("entry {}: {e}", entry.id));
                    round.entries.push(key);
                }
                (None, Some(link)) => to_fetch.push((key, std::iter::once(link).chain(others).collect::<Vec<_>>())),
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
            for (key, links) in chunk.iter().cloned() {
                let urls: Vec<String> =
                    links.into_iter().map(|l| base.join(&l).map(|u| u.to_string()).unwrap_or(l)).collect();
                let client = client.clone();
                set.spawn(async move {
                    // The entry's links in order: one that answers something other than CAP (the
                    // event's web page) gives way to the next; the first answer is kept for the
                    // quarantine if none is CAP.
                    let mut first = None;
                    for url in urls {
                        let got = client.get(&url, &Validators::default()).await;
                        let parsed = match &got {
                            Ok(Fetched::Body { bytes, .. }) => Some(crate::upstream::edxl::parse_many(bytes)),
                            _ => None,
                        };
                        if matches!(&parsed, Some(Ok(alerts)) if alerts.iter().any(Result::is_ok)) {
                            return (key, url, got, parsed);
                        }
                        if first.is_none() {
                            first = Some((url, got, parsed));
                        }
                    }
                    let (url, got, parsed) = first.unwrap_or_else(|| (String::new(), Ok(Fetched::NotModified), None));
                    (key, url, got, parsed)
                });
            }
            while let Some(done) = set.join_next().await {
                let (key, url, got, parsed) = done.map_err(|e| RoundError(format!("sync task: {e}")))?;
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
                                        Ok(alert) => round.alarms.push(incoming::from_cap(
                                            &alert,
                                            &self.lang_prefix,
                                            spec.level_parameter.as_deref(),
                                        )),
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

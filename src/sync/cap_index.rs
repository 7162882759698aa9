//! A CAP index stored while it is read. An index of 5,000 embedded alerts took about as long to
//! read as to store, one after the other on one core; here a blocking thread reads it entry by
//! entry (`feed::parse_each`) while the round's transaction (`Engine::storing`) stores the alerts
//! read so far, in parts, on another. The transaction commits only once the whole index has read:
//! an index that turns out unreadable at its end is rolled back and quarantined, as before.

use super::engine::{Engine, FeedSpec, Outcome, Round, RoundError};
use super::writing::Part;
use crate::store::alarms::{BatchOutcome, Quarantined};
use crate::store::feed_pending::PendingDocument;
use crate::upstream::feed;
use crate::upstream::http::{Validators, unreadable};
use std::collections::HashSet;

/// Alarms in the first part: the writing starts as soon as these are read.
const FIRST_PART: usize = 200;
/// Most alarms in one part. What is left when the index ends is stored after it, one core idle:
/// parts of 1,000 keep that tail short (5,000 alerts go in seven parts).
const PART_ALARMS: usize = 1_000;

/// What an index left for its round.
pub(super) enum IndexRead {
    /// Its embedded alerts and entries are stored; the linked documents are added to the
    /// round's list to fetch, and the round goes on with the index's validators.
    Stored(BatchOutcome),
    /// Nothing of it is stored: the answer and why it is not a feed.
    Unreadable(Vec<u8>, String),
}

/// The index's answer as the round has it.
pub(super) struct Index {
    pub(super) bytes: Vec<u8>,
    pub(super) validators: Validators,
    pub(super) content_type: Option<String>,
}

impl Engine {
    /// Reads `index` and stores its embedded alerts, the entries they came in, its bad entries
    /// (quarantined with the index) and the notes on them. When no document is left to fetch
    /// (`to_fetch` stays empty) that is the whole round, written with the index's validators as
    /// its success; otherwise it is the round's first part, and `round` takes the validators.
    pub(super) async fn read_index(
        &self,
        spec: &FeedSpec,
        index: Index,
        seen: HashSet<(String, String)>,
        to_fetch: &mut Vec<PendingDocument>,
        round: &mut Round,
    ) -> Result<IndexRead, RoundError> {
        let base = reqwest::Url::parse(&spec.url).map_err(|e| RoundError(format!("{}: {e}", spec.url)))?;
        let Index { bytes, validators, content_type } = index;
        let (parts, written) = self.storing(&spec.name);
        let mut taking = Taking {
            engine: self.clone(),
            spec: spec.clone(),
            base,
            seen,
            to_fetch: std::mem::take(to_fetch),
            part: Round { part: true, give_up_after: spec.give_up_after, ..Round::default() },
            bad_entries: Vec::new(),
            next_part: FIRST_PART,
            parts: Some(parts),
            sent: false,
            abandoned: Abandoned::default(),
        };
        // Set when this round is dropped before the reading ends (`sync --watch` stopping): the
        // reading then lets go of the writing, which rolls back at once instead of storing what
        // the rest of the index brings.
        let _abandon = taking.abandoned.clone().on_drop();
        // Each entry is taken where it was read: an alert is made, turned into its alarm and
        // freed by one thread, and only the alarm goes on to the writing.
        let (bytes, read, mut taking) = tokio::task::spawn_blocking(move || {
            let read = feed::parse_each(&bytes, |e| taking.take(e, &bytes));
            (bytes, read, taking)
        })
        .await
        .map_err(|e| RoundError(format!("{}: index: {e}", spec.url)))?;
        *to_fetch = std::mem::take(&mut taking.to_fetch);
        let Taking { mut part, bad_entries, parts, sent, .. } = taking;
        let Some(parts) = parts else {
            // The writing stopped with an error while the index was read: that error is the round's.
            written.await.map_err(|e| RoundError(format!("sync task: {e}")))??;
            return Err(RoundError(format!("{}: the index's alarms were not stored", spec.url)));
        };
        if let Err(e) = read {
            // Rolls the transaction back: nothing of an unreadable index is stored. (A database
            // error of the writing is met again by the quarantine's own write.)
            drop(parts);
            let _ = written.await;
            return Ok(IndexRead::Unreadable(bytes, unreadable(&spec.url, "index", content_type.as_deref(), &e)));
        }
        if !bad_entries.is_empty() {
            // The index is the raw document that holds the bad entries.
            part.quarantined.push(Quarantined { error: bad_entries.join("\n"), raw: bytes });
        }
        if to_fetch.is_empty() {
            part.part = false;
            part.validators = Some(validators);
        } else {
            round.validators = Some(validators);
            let empty = part.alarms.is_empty() && part.entries.is_empty() && part.quarantined.is_empty();
            if !sent && empty && part.level_unread + part.nonconforming == 0 {
                // Nothing new besides the documents (a retry behind an index with no validators):
                // no transaction of its own; the documents' is the round's only one.
                drop(parts);
                let _ = written.await;
                return Ok(IndexRead::Stored(BatchOutcome::default()));
            }
        }
        let _ = parts.send(Part::End(Box::new(part)));
        let (out, _) = written.await.map_err(|e| RoundError(format!("sync task: {e}")))??;
        Ok(IndexRead::Stored(out))
    }
}

/// The reading thread's side of an index: what it has taken, and where the parts go.
struct Taking {
    engine: Engine,
    spec: FeedSpec,
    base: reqwest::Url,
    seen: HashSet<(String, String)>,
    to_fetch: Vec<PendingDocument>,
    /// What is taken and not yet sent.
    part: Round,
    bad_entries: Vec<String>,
    /// Alarms gathered before a part is sent: small at first, so the writing starts at once,
    /// then larger, up to [`PART_ALARMS`].
    next_part: usize,
    /// Where the parts go; let go of when the writing has stopped or the round was dropped.
    parts: Option<std::sync::mpsc::Sender<Part>>,
    /// A part has been sent.
    sent: bool,
    abandoned: Abandoned,
}

/// Whether the round reading an index was dropped.
#[derive(Clone, Default)]
struct Abandoned(std::sync::Arc<std::sync::atomic::AtomicBool>);

impl Abandoned {
    fn is_set(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// A guard that sets it when dropped.
    fn on_drop(self) -> impl Drop {
        struct Guard(Abandoned);
        impl Drop for Guard {
            fn drop(&mut self) {
                self.0.0.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        }
        Guard(self)
    }
}

impl Taking {
    fn take(&mut self, entry: Result<feed::Entry, feed::EntryError>, raw: &[u8]) {
        if self.parts.is_none() || self.abandoned.is_set() {
            // Nothing read from here on is stored: the rest of the index is only read through.
            self.parts = None;
            return;
        }
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                self.bad_entries.push(e.to_string());
                return;
            }
        };
        let key = (entry.id.clone(), entry.updated.clone().unwrap_or_default());
        if self.seen.contains(&key) || self.to_fetch.iter().any(|p| p.entry_id == key.0 && p.updated == key.1) {
            return;
        }
        match (entry.alert, entry.link) {
            (Some(Ok(alert)), _) => {
                self.engine.take_alert(&self.spec, &mut self.part, alert, &self.spec.url, raw);
                self.part.entries.push(key);
            }
            (Some(Err(e)), _) => {
                self.bad_entries.push(format!("entry {}: {e}", entry.id));
                self.part.entries.push(key);
            }
            (None, Some(link)) => self.to_fetch.push(PendingDocument {
                entry_id: key.0,
                updated: key.1,
                links: std::iter::once(link)
                    .chain(entry.other_links)
                    .map(|l| self.base.join(&l).map(|u| u.to_string()).unwrap_or(l))
                    .collect(),
            }),
            (None, None) => {}
        }
        if self.part.alarms.len() >= self.next_part {
            let alarms = std::mem::take(&mut self.part.alarms);
            let entries = std::mem::take(&mut self.part.entries);
            // The writing gone means it failed: its error is what the round's end reads.
            if self.parts.as_ref().is_some_and(|p| p.send(Part::Alarms { alarms, entries }).is_ok()) {
                self.sent = true;
            } else {
                self.parts = None;
            }
            self.next_part = (self.next_part * 2).min(PART_ALARMS);
        }
    }
}

/// The outcome of a round whose index was its only part.
pub(super) fn index_only(batch: BatchOutcome) -> Outcome {
    Outcome::Fetched { batch, documents: 0, document_errors: 0 }
}

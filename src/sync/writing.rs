//! A round's transaction. Its alarms arrive in parts as they are read (a CAP index's embedded
//! alerts while the index is still being read, `sync::cap_index`), then the rest of the round:
//! the quarantined answers, the cursor, the validators, the entries and pending documents, and
//! the feed's health and notes, committed together or not at all.

use super::engine::{Engine, Round, RoundError};
use crate::store::alarms::{self, BatchOutcome, Incoming};
use crate::store::{feed_pending, feeds};

/// What a round's writing is sent ([`Engine::storing`]): its alarms in parts as they are read,
/// then the rest of the round.
pub(super) enum Part {
    /// Alarms, and the entries they were read from.
    Alarms {
        alarms: Vec<Incoming>,
        entries: Vec<(String, String)>,
    },
    End(Box<Round>),
}

/// A round being written: where its parts go, and the transaction's outcome with the number of
/// pending documents it gave up.
pub(super) type Storing =
    (std::sync::mpsc::Sender<Part>, tokio::task::JoinHandle<Result<(BatchOutcome, usize), RoundError>>);

/// A round's writing after its alarms: its success, validators, entries and pending documents,
/// notes and routed messages.
fn rest_of_round(
    w: &mut crate::store::Writer<'_>,
    name: &str,
    round: &Round,
    before: &Before,
    routes: Option<&(Vec<crate::domain::route::Route>, bool)>,
) -> crate::store::Result<usize> {
    // Only a round that read everything it was after is a success (a document not fetched, an
    // index quarantined, a part written before the rest: the feed's last success stays the
    // earlier one).
    if !round.document_errors.is_empty() || round.failed || round.part {
        feeds::keep_last_success(w, name, before.success.as_deref())?;
    }
    if round.part {
        feeds::keep_last_error(w, name, before.error.as_deref())?;
    }
    // The documents not read are kept pending and fetched on later rounds whatever the index
    // answers, so the index is remembered as read.
    if let Some(v) = round.validators.as_ref().filter(|_| !round.failed) {
        feeds::set_validators(w, name, v)?;
    }
    feeds::mark_entries(w, name, &round.entries)?;
    for entry in &round.pending_read {
        feed_pending::read(w, name, entry)?;
    }
    let mut given_up = 0;
    for (doc, error) in &round.pending_failed {
        let after = feed_pending::failed(w, name, doc, error, round.give_up_after)?;
        given_up += usize::from(after == feed_pending::AfterFailure::GivenUp);
    }
    feeds::count_notes(w, name, round.level_unread, round.nonconforming)?;
    if let Some(r) = routes {
        crate::notify::queue::alarms(w, &r.0, r.1)?;
    }
    Ok(given_up)
}

impl Engine {
    /// Starts writing a round of `feed` in one transaction, which takes the round's alarms in
    /// parts as they are sent and commits at its [`Part::End`]. If the sender goes before the end
    /// (the index turned out unreadable, the round failed), nothing of the round is stored.
    pub(super) fn storing(&self, feed: &str) -> Storing {
        let (parts, arriving) = std::sync::mpsc::channel::<Part>();
        let (engine, name, owner, routes) = (self.clone(), feed.to_string(), self.owner.clone(), self.routes.clone());
        let written = tokio::spawn(async move {
            // The store and its transaction are taken with the first part that arrives: an index
            // read to its end with nothing new in it holds neither while it is read (the
            // engine's other feeds use the store meanwhile), only for its end.
            let (mut next, arriving) = tokio::task::spawn_blocking(move || (arriving.recv(), arriving))
                .await
                .map_err(|e| RoundError(format!("sync task: {e}")))?;
            engine
                .db(move |s| {
                    if next.is_err() {
                        return Err(stopped(&name));
                    }
                    s.write(&format!("sync:{owner}"), |w| {
                        let before = Before {
                            success: feeds::last_success(&w.tx, &name)?,
                            error: feeds::last_error(&w.tx, &name)?,
                        };
                        let mut ingesting = alarms::Ingesting::begin();
                        loop {
                            match next {
                                Ok(Part::Alarms { alarms, entries }) => {
                                    ingesting.add(w, &name, &alarms)?;
                                    feeds::mark_entries(w, &name, &entries)?;
                                }
                                Ok(Part::End(round)) => {
                                    ingesting.add(w, &name, &round.alarms)?;
                                    let out =
                                        ingesting.finish(w, &name, &round.quarantined, round.cursor.as_deref())?;
                                    let given_up = rest_of_round(w, &name, &round, &before, routes.as_deref())?;
                                    return Ok((out, given_up));
                                }
                                Err(_) => return Err(stopped(&name)),
                            }
                            next = arriving.recv();
                        }
                    })
                })
                .await
        });
        (parts, written)
    }

    pub(super) async fn commit(&self, feed: &str, round: Round) -> Result<BatchOutcome, RoundError> {
        let errors = round.document_errors.clone();
        let give_up_after = round.give_up_after;
        let (parts, written) = self.storing(feed);
        // The writing waits on the other end; it ends when this is taken.
        let _ = parts.send(Part::End(Box::new(round)));
        let (out, given_up) = written.await.map_err(|e| RoundError(format!("sync task: {e}")))??;
        if let Some(first) = errors.first() {
            let retried = errors.len().saturating_sub(given_up);
            let hours = give_up_after.as_secs() / 3600;
            // Stored for everyone's Overview, in the office's language (the cause is the server's).
            let text = match (self.lang_prefix == "zh", retried, given_up) {
                (true, r, 0) => format!("{r} 份关联文档未能下载，稍后重试；首个：{first}"),
                (true, 0, g) => format!("{g} 份关联文档连续 {hours} 小时未能下载，已放弃；最后：{first}"),
                (true, r, g) => {
                    format!("{g} 份关联文档连续 {hours} 小时未能下载，已放弃；{r} 份稍后重试；首个：{first}")
                }
                (false, r, 0) => format!("{r} document(s) could not be fetched, retried later; first: {first}"),
                (false, 0, g) => format!("{g} document(s) given up after {hours} h of failures; last: {first}"),
                (false, r, g) => {
                    format!("{g} document(s) given up after {hours} h of failures, {r} retried later; first: {first}")
                }
            };
            let name = feed.to_string();
            self.db(move |s| feeds::record_failure(s.conn(), &name, crate::domain::time::now(), &text)).await?;
        }
        Ok(out)
    }
}

/// The feed's health as the round's transaction found it, for what a round that is not (yet) a
/// success puts back.
struct Before {
    success: Option<String>,
    error: Option<String>,
}

/// Why a round that stopped before its end stored nothing.
fn stopped(feed: &str) -> crate::store::StoreError {
    crate::store::StoreError::Refused(format!("{feed}: the round stopped before its end; nothing of it is stored"))
}

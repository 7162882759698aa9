//! Alarms as the sync engine writes them: a batch of incoming alarms, the quarantined items and
//! the feed's new cursor go in one transaction. One open alarm per key (a repeat raises its count),
//! CAP Update and Cancel close the alarms they reference, non-Actual messages are stored but
//! flagged, and expiry is derived when read.

use super::alarm_area;
pub use super::alarm_incoming::{Incoming, Kind};
use super::alarm_known::Known;
use super::alarm_rows::{BatchRows, Close, NewAlarm};
use super::{Result, StoreError, Writer};
use crate::domain::alarm::{AlarmStatus, Dedup, dedup};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

/// One alarm as `export alarms` writes it.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportedAlarm {
    pub dedup_key: String,
    pub feed: String,
    /// The stored level code (`RiskLevel::code`: major/significant/general/low).
    pub level: String,
    pub status: String,
    pub headline: String,
    pub event: String,
    pub language: String,
    pub sent: String,
    pub expires: Option<String>,
    pub unit_uscc: Option<String>,
    pub count: i64,
}

/// Every alarm, newest first, one at a time (exports walk a million without holding them).
pub fn for_each_export<E: From<StoreError>>(
    conn: &Connection,
    mut f: impl FnMut(&ExportedAlarm) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let mut stmt = conn
        .prepare(
            "SELECT a.dedup_key, a.feed, a.level, a.status, a.headline, a.event, a.language, a.sent, a.expires,
                    u.uscc, a.count
             FROM alarm a LEFT JOIN unit u ON u.id = a.unit_id ORDER BY a.sent DESC, a.id DESC",
        )
        .map_err(StoreError::from)?;
    let mut rows = stmt.query([]).map_err(StoreError::from)?;
    while let Some(r) = rows.next().map_err(StoreError::from)? {
        let row = (|| -> rusqlite::Result<ExportedAlarm> {
            Ok(ExportedAlarm {
                dedup_key: r.get(0)?,
                feed: r.get(1)?,
                level: r.get(2)?,
                status: r.get(3)?,
                headline: r.get(4)?,
                event: r.get(5)?,
                language: r.get(6)?,
                sent: r.get(7)?,
                expires: r.get(8)?,
                unit_uscc: r.get(9)?,
                count: r.get(10)?,
            })
        })()
        .map_err(StoreError::from)?;
        f(&row)?;
    }
    Ok(())
}

/// A document or item that could not be read, kept with its error and raw bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Quarantined {
    pub error: String,
    pub raw: Vec<u8>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchOutcome {
    pub opened: usize,
    pub repeated: usize,
    pub closed: usize,
    pub quarantined: usize,
}

impl BatchOutcome {
    /// Adds another batch of the same round.
    pub fn add(&mut self, b: BatchOutcome) {
        self.opened += b.opened;
        self.repeated += b.repeated;
        self.closed += b.closed;
        self.quarantined += b.quarantined;
    }
}

/// Makes sure the feed has a row (its health and cursor live there).
pub fn ensure_feed(w: &mut Writer<'_>, name: &str, kind: &str, url: &str) -> Result<()> {
    w.tx.execute(
        "INSERT INTO feed (name, kind, url) VALUES (?1, ?2, ?3) ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, url = excluded.url",
        params![name, kind, url],
    )?;
    Ok(())
}

/// Adds the alarms stored after `last_before` to the search index, in one statement (migration 013).
pub fn index_new(w: &mut Writer<'_>, last_before: i64) -> Result<()> {
    w.tx.prepare_cached(
        "INSERT INTO alarm_fts(rowid, headline, event, area) SELECT id, headline, event, area FROM alarm WHERE id > ?1",
    )?
    .execute([last_before])?;
    Ok(())
}

/// Bytes of a quarantined answer kept: enough to see what upstream sent; a feed answering 10 MB of
/// garbage every minute must not fill the disk.
pub const QUARANTINE_KEEP: usize = 256 * 1024;

fn kept_of(q: &Quarantined) -> (&[u8], std::borrow::Cow<'_, str>) {
    if q.raw.len() <= QUARANTINE_KEEP {
        return (&q.raw, std::borrow::Cow::Borrowed(&q.error));
    }
    let note = format!("{} (the first {QUARANTINE_KEEP} of {} bytes kept)", q.error, q.raw.len());
    (&q.raw[..QUARANTINE_KEEP], std::borrow::Cow::Owned(note))
}

/// Writes one batch from `feed` and, with it, the feed's new cursor. Call inside `Store::write`;
/// if anything fails, nothing of the batch and not the cursor is stored.
pub fn ingest(
    w: &mut Writer<'_>,
    feed: &str,
    batch: &[Incoming],
    quarantined: &[Quarantined],
    cursor: Option<&str>,
) -> Result<BatchOutcome> {
    let mut ingesting = Ingesting::begin();
    ingesting.add(w, feed, batch)?;
    ingesting.finish(w, feed, quarantined, cursor)
}

/// One batch written in parts within its transaction, so a feed's first alarms are stored while
/// the rest of it is still being read (`sync::cap_index`, `sync::writing`). A part's clears,
/// repeats and cancels of an earlier part's alarms find them stored, as a later batch's would;
/// each part adds its alarms to the search index, and the batch ends with one audit row and the
/// feed's clock, as if written whole.
pub struct Ingesting {
    out: BatchOutcome,
    /// The latest time any of its alarms was sent: the feed's clock is judged by the most ahead.
    latest_sent: Option<(chrono::DateTime<chrono::FixedOffset>, String)>,
    /// The places found for each (unit, area) so far: one batch is one transaction.
    locator: alarm_area::Locator,
}

impl Ingesting {
    pub fn begin() -> Ingesting {
        Ingesting { out: BatchOutcome::default(), latest_sent: None, locator: alarm_area::Locator::default() }
    }

    /// The batch's quarantined items and cursor, its audit row, and the feed's health and clock.
    pub fn finish(
        mut self,
        w: &mut Writer<'_>,
        feed: &str,
        quarantined: &[Quarantined],
        cursor: Option<&str>,
    ) -> Result<BatchOutcome> {
        let out = &mut self.out;
        out.quarantined = quarantined.len();
        let summary = json!({"opened": out.opened, "repeated": out.repeated, "closed": out.closed, "quarantined": out.quarantined, "cursor": cursor});
        finish_batch(w, feed, quarantined, cursor, (out.opened + out.repeated) as i64, &summary)?;
        super::feeds::record_clock(w, feed, self.latest_sent.iter().map(|(_, s)| s.as_str()))?;
        Ok(self.out)
    }

    /// Stores the next part of the batch, and its new alarms in the search index.
    pub fn add(&mut self, w: &mut Writer<'_>, feed: &str, batch: &[Incoming]) -> Result<()> {
        for a in batch {
            if let Ok(t) = chrono::DateTime::parse_from_rfc3339(&a.sent)
                && self.latest_sent.as_ref().is_none_or(|(latest, _)| t > *latest)
            {
                self.latest_sent = Some((t, a.sent.clone()));
            }
        }
        let last = last_id(w)?;
        add_part(w, feed, batch, last, &mut self.out, &mut self.locator)?;
        index_new(w, last)
    }
}

/// The newest alarm's id (0 when there is none): what [`index_new`] adds after.
pub fn last_id(w: &Writer<'_>) -> Result<i64> {
    Ok(w.tx.query_row("SELECT COALESCE(MAX(id), 0) FROM alarm", [], |r| r.get(0))?)
}

/// The rows of one part: new alarms after `last_before`, and what its events do to stored ones.
fn add_part(
    w: &mut Writer<'_>,
    feed: &str,
    batch: &[Incoming],
    last_before: i64,
    out: &mut BatchOutcome,
    locator: &mut alarm_area::Locator,
) -> Result<()> {
    let now = w.at.clone();
    // The keys the batch names and the keys its updates and cancels close.
    let keys = batch.iter().flat_map(|a| std::iter::once(&a.dedup_key).chain(&a.references));
    let mut known = Known::load(&w.tx, keys.map(String::as_str))?;
    let mut rows = BatchRows::after(feed, last_before);
    let mut units: std::collections::HashMap<&str, Option<i64>> = std::collections::HashMap::new();
    for a in batch {
        if matches!(a.kind, Kind::Update | Kind::Cancel) {
            let note = if a.kind == Kind::Cancel { "cancelled by the sender" } else { "replaced by an update" };
            for key in &a.references {
                for id in known.close_open(key, "cancelled") {
                    rows.close(id, Close { status: "cancelled", closed_at: &now, note });
                    out.closed += 1;
                }
            }
            if a.kind == Kind::Cancel {
                continue;
            }
        }
        let existing: Option<(i64, &str)> = known.current(&a.dedup_key);
        let status = existing.and_then(|(_, s)| AlarmStatus::parse(s));
        if a.kind == Kind::Cleared
            && let Some((id, _)) = existing.filter(|_| status.is_some_and(AlarmStatus::open))
        {
            rows.close(id, Close { status: "resolved", closed_at: &a.sent, note: "cleared upstream" });
            known.set(&a.dedup_key, id, "resolved");
            out.closed += 1;
            continue;
        }
        if let Some((id, _)) = existing.filter(|_| dedup(status) == Dedup::Repeat) {
            // The same event while its alarm is open: one row, a higher count.
            rows.repeat(id);
            out.repeated += 1;
            continue;
        }
        if existing.is_some() && !a.retrigger {
            // A CAP message fetched again after its alarm was closed: the same message, nothing new.
            out.repeated += 1;
            continue;
        }
        // A monitor feed names the same few hundred sites again and again: each unit is looked up
        // and placed once a batch (nothing else writes units inside this transaction).
        let unit_id: Option<i64> = match a.unit_uscc.as_deref() {
            Some(code) => match units.get(code) {
                Some(id) => *id,
                None => {
                    let id =
                        w.tx.prepare_cached("SELECT id FROM unit WHERE uscc = ?1")?
                            .query_row([code], |r| r.get(0))
                            .optional()?;
                    units.insert(code, id);
                    id
                }
            },
            None => None,
        };
        let loc = locator.locate(&w.tx, unit_id, &a.geo)?;
        // A monitor alarm's area is its unit's community, so grouping by area means something.
        let area = match (&loc.unit_community, a.area.is_empty()) {
            (Some(c), true) => c.clone(),
            _ => a.area.clone(),
        };
        // Stored new; or resolved, when it is a clear of something never stored. A later event of
        // the batch may still change it (`BatchRows`).
        let (status, closed_at) = match a.kind {
            Kind::Cleared => ("resolved", Some(a.sent.as_str())),
            _ => ("new", None),
        };
        let row = NewAlarm {
            incoming: a,
            status,
            area,
            unit_id,
            units_in_area: loc.units_in_area,
            closed_at,
            close_note: "",
            version: 1,
            updated: false,
            count: 1,
        };
        let id = rows.insert(row, loc);
        known.inserted(&a.dedup_key, id, status);
        out.opened += 1;
    }
    rows.write(&w.tx, &w.operator, &now)
}

/// The end of any feed's batch, whatever it carried (alarms, tip-offs): the quarantined items, the
/// feed's cursor and health, and one audit row with `summary` — in the batch's transaction.
pub fn finish_batch(
    w: &mut Writer<'_>,
    feed: &str,
    quarantined: &[Quarantined],
    cursor: Option<&str>,
    items: i64,
    summary: &serde_json::Value,
) -> Result<()> {
    let now = w.at.clone();
    for q in quarantined {
        let (raw, error) = kept_of(q);
        w.tx.prepare_cached("INSERT INTO quarantine (feed, received_at, error, raw) VALUES (?1, ?2, ?3, ?4)")?
            .execute(params![feed, now, error, raw])?;
    }
    w.tx.execute(
        "UPDATE feed SET cursor = COALESCE(?2, cursor), last_attempt = ?3, last_success = ?3, last_error = NULL,
                items = items + ?4, quarantined = quarantined + ?5 WHERE name = ?1",
        params![feed, cursor, now, items, quarantined.len() as i64],
    )?;
    w.audit("feed.ingest", "feed", feed, None, Some(summary))
}

/// The feed's saved position, for the next fetch.
pub fn cursor(conn: &rusqlite::Connection, feed: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT cursor FROM feed WHERE name = ?1", [feed], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten())
}

/// A duty officer's step on an alarm (acknowledge, dispatch, resolve, false alarm), checked against
/// the queue's rules and the row's version, and audited.
pub fn transition(
    w: &mut Writer<'_>,
    id: i64,
    expected_version: i64,
    to: AlarmStatus,
    role: crate::domain::OperatorRole,
    note: &str,
) -> std::result::Result<(), String> {
    let from: Option<String> =
        w.tx.query_row("SELECT status FROM alarm WHERE id = ?1", [id], |r| r.get(0))
            .optional()
            .map_err(|e| e.to_string())?;
    let from = from.and_then(|s| AlarmStatus::parse(&s)).ok_or_else(|| format!("alarm {id} not found"))?;
    crate::domain::alarm::check_alarm_transition(from, to, role).map_err(|e| format!("alarm {id}: {e}"))?;
    w.bump_version(super::Table::Alarm, id, expected_version).map_err(|e| e.to_string())?;
    let closed = if to.open() { None } else { Some(w.at.clone()) };
    w.tx.execute(
        "UPDATE alarm SET status = ?1, closed_at = ?2, close_note = ?3 WHERE id = ?4",
        params![to.code(), closed, note, id],
    )
    .map_err(|e| e.to_string())?;
    w.audit(
        "alarm.transition",
        "alarm",
        &id.to_string(),
        Some(&json!({"status": from.code()})),
        Some(&json!({"status": to.code(), "note": note})),
    )
    .map_err(|e| e.to_string())
}

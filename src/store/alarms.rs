//! Alarms as the sync engine writes them: a batch of incoming alarms, the quarantined items and
//! the feed's new cursor go in one transaction. One open alarm per key (a repeat raises its count),
//! CAP Update and Cancel close the alarms they reference, non-Actual messages are stored but
//! flagged, and expiry is derived when read.

use super::alarm_area::{self, Geo};
use super::alarm_known::Known;
use super::{Result, StoreError, Writer};
use crate::domain::RiskLevel;
use crate::domain::alarm::{AlarmStatus, Dedup, dedup};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

/// What kind of message an incoming alarm is (CAP msgType, or a monitor raise/clear).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Alert,
    /// Replaces the alarms in `references`.
    Update,
    /// Withdraws the alarms in `references`.
    Cancel,
    /// A monitor alarm that has cleared upstream.
    Cleared,
}

/// One alarm as `export alarms` writes it.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportedAlarm {
    pub dedup_key: String,
    pub feed: String,
    /// The stored level code (red/orange/yellow/blue or a severity code).
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

/// One alarm as a connector hands it over.
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming {
    pub dedup_key: String,
    pub kind: Kind,
    /// "cap" or "monitor".
    pub source: &'static str,
    /// CAP status (Actual, Exercise, Test …); only Actual is ever notified.
    pub msg_status: String,
    pub level: RiskLevel,
    pub headline: String,
    pub event: String,
    pub language: String,
    pub description: String,
    pub instruction: String,
    pub area: String,
    pub sender: String,
    /// RFC 3339.
    pub sent: String,
    pub expires: Option<String>,
    pub unit_uscc: Option<String>,
    /// Dedup keys of the alarms this one updates or cancels.
    pub references: Vec<String>,
    /// CAP messages are the same message when fetched again, even after they were closed; a
    /// monitor alarm raised again after it was closed is a new trigger.
    pub retrigger: bool,
    /// Where it applies, beyond the named unit.
    pub geo: Geo,
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

fn close_referenced(w: &mut Writer<'_>, known: &mut Known, keys: &[String], note: &str, at: &str) -> Result<usize> {
    let mut n = 0;
    for key in keys {
        known.close_open(key, "cancelled");
        n +=
            w.tx.prepare_cached(
                "UPDATE alarm SET status = 'cancelled', closed_at = ?2, close_note = ?3, version = version + 1,
                        updated_by = ?4, updated_at = ?2
                 WHERE dedup_key = ?1 AND status IN ('new', 'acknowledged', 'dispatched')",
            )?
            .execute(params![key, at, note, w.operator])?;
    }
    Ok(n)
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
    let now = w.at.clone();
    let mut out = BatchOutcome::default();
    let last_before: i64 = w.tx.query_row("SELECT COALESCE(MAX(id), 0) FROM alarm", [], |r| r.get(0))?;
    let cleared_later = {
        use super::alarm_batch::{Seen, Step, cleared_later};
        let step = |k: Kind| match k {
            Kind::Alert => Step::Raise,
            Kind::Cleared => Step::Clear,
            Kind::Update | Kind::Cancel => Step::Other,
        };
        let seen: Vec<Seen> =
            batch.iter().map(|a| Seen { key: &a.dedup_key, step: step(a.kind), references: &a.references }).collect();
        cleared_later(&seen)
    };
    let mut known = Known::load(&w.tx, batch.iter().map(|a| a.dedup_key.as_str()))?;
    let mut folded = vec![false; batch.len()];
    let mut units: std::collections::HashMap<&str, Option<i64>> = std::collections::HashMap::new();
    let mut placed: std::collections::HashMap<Option<i64>, alarm_area::Location> = std::collections::HashMap::new();
    for (i, a) in batch.iter().enumerate() {
        if folded[i] {
            // Its raise was stored resolved already (below).
            out.closed += 1;
            continue;
        }
        if matches!(a.kind, Kind::Update | Kind::Cancel) {
            let note = if a.kind == Kind::Cancel { "cancelled by the sender" } else { "replaced by an update" };
            out.closed += close_referenced(w, &mut known, &a.references, note, &now)?;
            if a.kind == Kind::Cancel {
                continue;
            }
        }
        let existing: Option<(i64, &str)> = known.current(&a.dedup_key);
        let status = existing.and_then(|(_, s)| AlarmStatus::parse(s));
        if a.kind == Kind::Cleared
            && let Some((id, _)) = existing.as_ref().filter(|_| status.is_some_and(AlarmStatus::open))
        {
            // Cached: an UPDATE of the alarm compiles its triggers, a tenth of a cleared alarm's cost.
            w.tx.prepare_cached(
                "UPDATE alarm SET status = 'resolved', closed_at = ?2, close_note = 'cleared upstream', version = version + 1,
                        updated_by = ?3, updated_at = ?4 WHERE id = ?1",
            )?
            .execute(params![id, a.sent, w.operator, now])?;
            known.set(&a.dedup_key, *id, "resolved");
            out.closed += 1;
            continue;
        }
        let open_id = existing.as_ref().filter(|_| dedup(status) == Dedup::Repeat).map(|(id, _)| *id);
        if let Some(id) = open_id {
            // The same event while its alarm is open: one row, a higher count.
            w.tx.prepare_cached("UPDATE alarm SET count = count + 1, last_seen = ?2 WHERE id = ?1")?
                .execute(params![id, now])?;
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
        // Stored new; or resolved, when the batch clears it (with what that clear's update sets)
        // or it is a clear of something never stored.
        let clear = cleared_later[i].map(|j| &batch[j]);
        let (status, closed_at, close_note, version, updated_by, updated_at) = match clear {
            Some(c) => ("resolved", Some(c.sent.as_str()), "cleared upstream", 2, w.operator.as_str(), now.as_str()),
            None if a.kind == Kind::Cleared => ("resolved", Some(a.sent.as_str()), "", 1, "", ""),
            None => ("new", None, "", 1, "", ""),
        };
        let located;
        let loc = match placed.get(&unit_id) {
            Some(loc) if a.geo.is_empty() => loc,
            _ => {
                located = alarm_area::locate(&w.tx, unit_id, &a.geo)?;
                if a.geo.is_empty() {
                    placed.insert(unit_id, located.clone());
                }
                &located
            }
        };
        // A monitor alarm's area is its unit's community, so grouping by area means something.
        let area = match (&loc.unit_community, a.area.is_empty()) {
            (Some(c), true) => c.as_str(),
            _ => a.area.as_str(),
        };
        w.tx.prepare_cached(
                "INSERT INTO alarm (dedup_key, feed, source, msg_status, level, status, headline, event, language, description,
                                    instruction, area, sender, sent, expires, unit_id, refs, first_seen, last_seen, closed_at,
                                    units_in_area, close_note, version, updated_by, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?18, ?19, ?20,
                         ?21, ?22, ?23, ?24)",
            )?
            .execute(params![
                a.dedup_key,
                feed,
                a.source,
                a.msg_status,
                a.level.code(),
                status,
                a.headline,
                a.event,
                a.language,
                a.description,
                a.instruction,
                area,
                a.sender,
                a.sent,
                a.expires,
                unit_id,
                a.references.join(" "),
                now,
                closed_at,
                loc.units_in_area,
                close_note,
                version,
                updated_by,
                updated_at
            ])?;
        let id = w.tx.last_insert_rowid();
        known.inserted(&a.dedup_key, id, status);
        alarm_area::place(&w.tx, id, loc)?;
        out.opened += 1;
        if let Some(j) = cleared_later[i] {
            folded[j] = true;
        }
    }
    out.quarantined = quarantined.len();
    let summary = json!({"opened": out.opened, "repeated": out.repeated, "closed": out.closed, "quarantined": out.quarantined, "cursor": cursor});
    finish_batch(w, feed, quarantined, cursor, (out.opened + out.repeated) as i64, &summary)?;
    super::feeds::record_clock(w, feed, batch.iter().map(|a| a.sent.as_str()))?;
    index_new(w, last_before)?;
    Ok(out)
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

//! Tip-offs from an Open311 platform: each request one tip-off, updated in place when the
//! platform changes it, matched to a unit by address or position, written page by page.

use super::timeline::event;
use crate::store::{Result, Writer};
use crate::upstream::open311::ServiceRequest;
use rusqlite::{OptionalExtension, params};
use serde_json::json;

/// What an Open311 request did to the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upserted {
    New(i64),
    Updated(i64),
    Unchanged(i64),
}

/// A request from an upstream platform: a new tip-off the first time, its status and notes
/// updated in place afterwards (never a second row).
pub fn upsert_open311(w: &mut Writer<'_>, feed: &str, r: &ServiceRequest) -> Result<Upserted> {
    let existing: Option<(i64, String, String)> =
        w.tx.prepare_cached(
            "SELECT id, upstream_status, upstream_notes FROM tipoff WHERE upstream_feed = ?1 AND upstream_id = ?2",
        )?
        .query_row(params![feed, r.id], |x| Ok((x.get(0)?, x.get(1)?, x.get(2)?)))
        .optional()?;
    // Every stored time in Beijing time, whatever offset the platform wrote.
    let updated = r.updated.map(|t| crate::domain::time::stamp(t.with_timezone(&crate::domain::time::beijing())));
    if let Some((id, status, notes)) = existing {
        if status == r.status && notes == r.status_notes {
            return Ok(Upserted::Unchanged(id));
        }
        w.tx.execute(
            "UPDATE tipoff SET upstream_status = ?2, upstream_notes = ?3, upstream_updated = ?4 WHERE id = ?1",
            params![id, r.status, r.status_notes, updated],
        )?;
        event(w, id, "upstream", format!("{} {}", r.status, r.status_notes).trim())?;
        return Ok(Upserted::Updated(id));
    }
    let received = r
        .requested
        .map(|t| crate::domain::time::stamp(t.with_timezone(&crate::domain::time::beijing())))
        .unwrap_or_else(|| w.at.clone());
    let description = if r.description.trim().is_empty() { r.service_name.clone() } else { r.description.clone() };
    let unit_id = match_unit(w, &r.address, r.lat, r.long)?;
    w.tx.execute(
        "INSERT INTO tipoff (upstream_feed, upstream_id, service_code, channel, received_at, location, lat, lon, category,
                             description, anonymous, upstream_status, upstream_notes, upstream_updated, updated_by, updated_at,
                             unit_id)
         VALUES (?1, ?2, ?3, 'open311', ?4, ?5, ?6, ?7, ?8, ?9, 1, ?10, ?11, ?12, ?13, ?14, ?15)",
        params![
            feed,
            r.id,
            r.service_code,
            received,
            r.address,
            r.lat,
            r.long,
            r.service_name,
            if description.trim().is_empty() { "(no description)".to_string() } else { description },
            r.status,
            r.status_notes,
            updated,
            w.operator,
            w.at,
            unit_id
        ],
    )?;
    let id = w.tx.last_insert_rowid();
    event(w, id, "received", &format!("open311 {feed} {}", r.id))?;
    Ok(Upserted::New(id))
}

/// How close a reported position must be to a unit's to name it (metres).
const NEAR_M: f64 = 60.0;

/// The unit a report is about: the one at exactly that address, else the nearest within
/// `NEAR_M` of the reported coordinates, else none (the officer picks one).
fn match_unit(w: &Writer<'_>, address: &str, lat: Option<f64>, lon: Option<f64>) -> Result<Option<i64>> {
    let address = address.trim();
    if !address.is_empty()
        && let Some(id) =
            w.tx.prepare_cached("SELECT id FROM unit WHERE address = ?1 ORDER BY id LIMIT 1")?
                .query_row([address], |r| r.get::<_, i64>(0))
                .optional()?
    {
        return Ok(Some(id));
    }
    let (Some(lat), Some(lon)) = (lat, lon) else { return Ok(None) };
    let b = crate::domain::geo::Bounds::of_circle(lat, lon, NEAR_M / 1000.0);
    let mut stmt =
        w.tx.prepare_cached("SELECT id, lat, lon FROM unit WHERE lat BETWEEN ?1 AND ?2 AND lon BETWEEN ?3 AND ?4")?;
    let near = stmt
        .query_map(params![b.min_lat, b.max_lat, b.min_lon, b.max_lon], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, f64>(1)?, r.get::<_, f64>(2)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .map(|(id, ulat, ulon)| (crate::domain::geo::distance_km((lat, lon), (ulat, ulon)) * 1000.0, id))
        .filter(|(d, _)| *d <= NEAR_M)
        .min_by(|a, b| a.0.total_cmp(&b.0));
    Ok(near.map(|(_, id)| id))
}

/// What one page of an Open311 feed did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Open311Batch {
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub quarantined: usize,
}

/// Writes one page of requests from `feed` with the feed's cursor (when the page completes a
/// window) in one transaction: a crash re-fetches the page, and upserting it again changes
/// nothing.
pub fn ingest_open311(
    w: &mut Writer<'_>,
    feed: &str,
    requests: &[ServiceRequest],
    quarantined: &[crate::store::alarms::Quarantined],
    cursor: Option<&str>,
) -> Result<Open311Batch> {
    let mut out = Open311Batch { quarantined: quarantined.len(), ..Default::default() };
    for r in requests {
        match upsert_open311(w, feed, r)? {
            Upserted::New(_) => out.new += 1,
            Upserted::Updated(_) => out.updated += 1,
            Upserted::Unchanged(_) => out.unchanged += 1,
        }
    }
    let summary = json!({"new": out.new, "updated": out.updated, "unchanged": out.unchanged,
                         "quarantined": out.quarantined, "cursor": cursor});
    crate::store::alarms::finish_batch(w, feed, quarantined, cursor, (out.new + out.updated) as i64, &summary)?;
    Ok(out)
}

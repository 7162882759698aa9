//! The tip-off queue in the store: intake (manual and upstream), the workflow's steps with their
//! dates, the timeline, opening a hazard from a substantiated tip-off, and revealing the reporter.
//! Every step is one audited transaction with the row's version checked; a refusal rolls back.

use super::hazards::{self, NewHazard};
use super::{Result, StoreError, Table, Writer};
use crate::domain::OperatorRole;
use crate::domain::tipoff::{Channel, TipoffRules, TipoffStatus, check_transition};
use crate::secret::{Sealer, SecretError};
use crate::upstream::open311::ServiceRequest;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewTipoff {
    pub channel: Option<Channel>,
    /// RFC 3339, Beijing time.
    pub received_at: String,
    pub location: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub unit_id: Option<i64>,
    /// The unit by USCC or exact name, when the id is not known (forms, scripts).
    pub unit_key: Option<String>,
    pub category: String,
    pub description: String,
    pub reporter_name: Option<String>,
    pub reporter_phone: Option<String>,
}

fn refused(e: impl std::fmt::Display) -> StoreError {
    StoreError::Refused(e.to_string())
}

fn event(w: &mut Writer<'_>, id: i64, kind: &str, text: &str) -> Result<()> {
    w.tx.prepare_cached("INSERT INTO tipoff_event (tipoff_id, at, operator, kind, text) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![id, w.at, w.operator, kind, text])?;
    Ok(())
}

/// The record a sealed field is bound to, so it cannot be moved to another tip-off.
fn binding(id: i64, field: &str) -> String {
    format!("tipoff:{id}:{field}")
}

/// Checks the key file against the database: the first use stores a sealed check value; later a
/// different key is refused at once with a clear message instead of failing record by record.
pub fn check_key(w: &mut Writer<'_>, sealer: &Sealer) -> std::result::Result<(), SecretError> {
    let found: Option<Vec<u8>> =
        w.tx.query_row("SELECT value FROM secret_check WHERE id = 1", [], |r| r.get(0))
            .optional()
            .map_err(|_| SecretError::Open)?;
    match found {
        Some(v) => sealer.open(&v, "anjian:secret-check").map(|_| ()),
        None => {
            let v = sealer.seal("anjian", "anjian:secret-check");
            w.tx.execute("INSERT INTO secret_check (id, value) VALUES (1, ?1)", [v]).map_err(|_| SecretError::Open)?;
            Ok(())
        }
    }
}

/// Takes a tip-off in; the reporter's name and phone are sealed, or absent when anonymous.
pub fn create(w: &mut Writer<'_>, sealer: &Sealer, t: &NewTipoff) -> Result<i64> {
    if t.description.trim().is_empty() {
        return Err(refused("a tip-off needs a description"));
    }
    let channel = t.channel.unwrap_or(Channel::Hotline);
    let unit_id = match (t.unit_id, t.unit_key.as_deref().map(str::trim).filter(|k| !k.is_empty())) {
        (Some(id), _) => Some(id),
        (None, Some(key)) => Some(
            super::units::by_key(&w.tx, key)?
                .ok_or_else(|| refused(format!("no unit with the USCC or name \"{key}\"")))?,
        ),
        (None, None) => None,
    };
    let anonymous = t.reporter_name.as_deref().is_none_or(|n| n.trim().is_empty())
        && t.reporter_phone.as_deref().is_none_or(|p| p.trim().is_empty());
    w.tx.execute(
        "INSERT INTO tipoff (channel, received_at, location, lat, lon, unit_id, category, description, anonymous, updated_by, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            channel.code(),
            t.received_at,
            t.location.trim(),
            t.lat,
            t.lon,
            unit_id,
            t.category.trim(),
            t.description.trim(),
            anonymous,
            w.operator,
            w.at
        ],
    )?;
    let id = w.tx.last_insert_rowid();
    let seal = |v: &Option<String>, field: &str| {
        v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(|s| sealer.seal(s, &binding(id, field)))
    };
    let (name, phone) = (seal(&t.reporter_name, "name"), seal(&t.reporter_phone, "phone"));
    if name.is_some() || phone.is_some() {
        w.tx.execute(
            "UPDATE tipoff SET reporter_name = ?2, reporter_phone = ?3 WHERE id = ?1",
            params![id, name, phone],
        )?;
    }
    event(w, id, "received", channel.code())?;
    // The audit row says a reporter was recorded, never who.
    w.audit(
        "tipoff.create",
        "tipoff",
        &id.to_string(),
        None,
        Some(&json!({"channel": channel.code(), "anonymous": anonymous, "unit_id": unit_id})),
    )?;
    Ok(id)
}

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
    let updated = r.updated.map(crate::domain::time::stamp);
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
    quarantined: &[super::alarms::Quarantined],
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
    super::alarms::finish_batch(w, feed, quarantined, cursor, (out.new + out.updated) as i64, &summary)?;
    Ok(out)
}

/// One step of the workflow, with what that step records.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Accept,
    Transfer { to: String },
    StartVerifying,
    Result { substantiated: bool, fine: Option<f64>, note: String },
    Reply { text: String, channel: String },
    Reward { amount: f64 },
    Close { note: String },
    Extend { days: i64, reason: String },
}

impl Step {
    fn target(&self) -> Option<TipoffStatus> {
        Some(match self {
            Step::Accept => TipoffStatus::Accepted,
            Step::Transfer { .. } => TipoffStatus::Transferred,
            Step::StartVerifying => TipoffStatus::Verifying,
            Step::Result { substantiated: true, .. } => TipoffStatus::Substantiated,
            Step::Result { substantiated: false, .. } => TipoffStatus::Unsubstantiated,
            Step::Reply { .. } => TipoffStatus::Replied,
            Step::Reward { .. } => TipoffStatus::Rewarded,
            Step::Close { .. } => TipoffStatus::Closed,
            Step::Extend { .. } => return None,
        })
    }
}

/// Applies `step` to tip-off `id` as of `on`, refusing what the workflow does not allow.
pub fn step(
    w: &mut Writer<'_>,
    id: i64,
    version: i64,
    step: &Step,
    role: OperatorRole,
    rules: &TipoffRules,
    on: NaiveDate,
) -> Result<()> {
    let (status, substantiated, accepted_on, extension_days): (String, Option<bool>, Option<String>, i64) = w
        .tx
        .query_row("SELECT status, substantiated, accepted_on, extension_days FROM tipoff WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?
        .ok_or_else(|| StoreError::NotFound { entity: "tipoff".into(), record: id.to_string() })?;
    let from =
        TipoffStatus::parse(&status).ok_or_else(|| refused(format!("tip-off {id} has an unknown status {status}")))?;
    let day = on.to_string();
    match step.target() {
        Some(to) => {
            check_transition(from, to, substantiated, role).map_err(|e| refused(format!("tip-off #{id}: {e}")))?;
        }
        None => {
            if role < OperatorRole::Duty {
                return Err(refused(format!("tip-off #{id}: only duty officers and above may work tip-offs")));
            }
            if !matches!(from, TipoffStatus::Accepted | TipoffStatus::Verifying) {
                return Err(refused(format!("tip-off #{id}: only a tip-off being verified can be extended")));
            }
        }
    }
    w.bump_version(Table::Tipoff, id, version)?;
    let (kind, text) = match step {
        Step::Accept => {
            let due = rules.verify_due(on, 0).to_string();
            w.tx.execute("UPDATE tipoff SET accepted_on = ?2, verify_due = ?3 WHERE id = ?1", params![id, day, due])?;
            ("accepted", due)
        }
        Step::Transfer { to } => {
            if to.trim().is_empty() {
                return Err(refused("a transfer names the receiving body"));
            }
            w.tx.execute("UPDATE tipoff SET transferred_to = ?2 WHERE id = ?1", params![id, to.trim()])?;
            ("transferred", to.trim().to_string())
        }
        Step::StartVerifying => ("verifying", String::new()),
        Step::Result { substantiated, fine, note } => {
            let due = rules.reply_due(on).to_string();
            w.tx.execute(
                "UPDATE tipoff SET verified_on = ?2, substantiated = ?3, fine = ?4, reply_due = ?5 WHERE id = ?1",
                params![id, day, substantiated, fine, due],
            )?;
            (if *substantiated { "substantiated" } else { "unsubstantiated" }, note.trim().to_string())
        }
        Step::Reply { text, channel } => {
            if text.trim().is_empty() {
                return Err(refused("a reply needs its text"));
            }
            w.tx.execute(
                "UPDATE tipoff SET replied_on = ?2, reply_text = ?3, reply_channel = ?4 WHERE id = ?1",
                params![id, day, text.trim(), channel.trim()],
            )?;
            ("replied", format!("{}: {}", channel.trim(), text.trim()))
        }
        Step::Reward { amount } => {
            if amount.is_nan() || *amount <= 0.0 {
                return Err(refused("a reward is a positive amount"));
            }
            w.tx.execute("UPDATE tipoff SET reward = ?2 WHERE id = ?1", params![id, amount])?;
            ("rewarded", format!("{amount:.0}"))
        }
        Step::Close { note } => {
            w.tx.execute("UPDATE tipoff SET closed_on = ?2 WHERE id = ?1", params![id, day])?;
            ("closed", note.trim().to_string())
        }
        Step::Extend { days, reason } => {
            rules
                .check_extension(extension_days > 0, *days, reason)
                .map_err(|e| refused(format!("tip-off #{id}: {e}")))?;
            let accepted = accepted_on
                .as_deref()
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .ok_or_else(|| refused(format!("tip-off #{id} has no acceptance date")))?;
            let due = rules.verify_due(accepted, *days).to_string();
            w.tx.execute(
                "UPDATE tipoff SET extension_days = ?2, extension_reason = ?3, verify_due = ?4 WHERE id = ?1",
                params![id, days, reason.trim(), due],
            )?;
            ("extended", format!("+{days} → {due} {}", reason.trim()))
        }
    };
    if let Some(to) = step.target() {
        w.tx.execute("UPDATE tipoff SET status = ?2 WHERE id = ?1", params![id, to.code()])?;
    }
    event(w, id, kind, &text)?;
    w.audit(
        &format!("tipoff.{kind}"),
        "tipoff",
        &id.to_string(),
        Some(&json!({"status": from.code()})),
        Some(&json!({"status": step.target().unwrap_or(from).code(), "note": text})),
    )
}

/// Opens a hazard (source: verified tip-off) from a substantiated tip-off and links the two.
pub fn open_hazard(w: &mut Writer<'_>, id: i64, version: i64, hazard: &NewHazard) -> Result<i64> {
    let (substantiated, linked): (Option<bool>, Option<i64>) =
        w.tx.query_row("SELECT substantiated, hazard_id FROM tipoff WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    if substantiated != Some(true) {
        return Err(refused(format!("tip-off #{id} is not substantiated; only a verified tip-off opens a hazard")));
    }
    if let Some(h) = linked {
        return Err(refused(format!("tip-off #{id} already opened hazard #{h}")));
    }
    w.bump_version(Table::Tipoff, id, version)?;
    let hazard_id = hazards::create(w, hazard)?;
    w.tx.execute("UPDATE tipoff SET hazard_id = ?2 WHERE id = ?1", params![id, hazard_id])?;
    event(w, id, "hazard", &format!("#{hazard_id}"))?;
    w.audit("tipoff.open_hazard", "tipoff", &id.to_string(), None, Some(&json!({"hazard": hazard_id})))?;
    Ok(hazard_id)
}

/// The reporter's name and phone in clear, for a supervisor; the reveal itself is on the record.
pub fn reveal(
    w: &mut Writer<'_>,
    sealer: &Sealer,
    id: i64,
    role: OperatorRole,
) -> Result<(Option<String>, Option<String>)> {
    if role < OperatorRole::Supervisor {
        return Err(refused(format!("only a supervisor may reveal a reporter's identity; you are {}", role.code())));
    }
    let (name, phone): (Option<Vec<u8>>, Option<Vec<u8>>) =
        w.tx.query_row("SELECT reporter_name, reporter_phone FROM tipoff WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?
        .ok_or_else(|| StoreError::NotFound { entity: "tipoff".into(), record: id.to_string() })?;
    let open = |blob: Option<Vec<u8>>, field: &str| -> Result<Option<String>> {
        blob.map(|b| sealer.open(&b, &binding(id, field)).map_err(refused)).transpose()
    };
    let out = (open(name, "name")?, open(phone, "phone")?);
    event(w, id, "reveal", "")?;
    w.audit("tipoff.reveal", "tipoff", &id.to_string(), None, None)?;
    Ok(out)
}

/// A tip-off as lists and exports show it: never the reporter.
#[derive(Debug, Clone, PartialEq)]
pub struct TipoffRow {
    pub id: i64,
    pub version: i64,
    pub upstream_id: Option<String>,
    pub channel: String,
    pub status: TipoffStatus,
    pub received_at: String,
    pub description: String,
    pub location: String,
    pub unit_id: Option<i64>,
    pub unit_name: Option<String>,
    pub unit_uscc: Option<String>,
    pub anonymous: bool,
    pub has_reporter: bool,
    pub verify_due: Option<String>,
    pub reply_due: Option<String>,
    pub substantiated: Option<bool>,
    pub hazard_id: Option<i64>,
    pub upstream_status: String,
    pub fine: Option<f64>,
    pub reward: Option<f64>,
    pub category: String,
    pub transferred_to: String,
    pub reply_text: String,
    pub extension_days: i64,
    pub accepted_on: Option<String>,
    pub verified_on: Option<String>,
    pub grid_id: Option<i64>,
    pub community_id: Option<i64>,
}

impl TipoffRow {
    /// The clock that runs now, if any: verification, then the reply.
    pub fn clock(&self) -> Option<&str> {
        match self.status {
            TipoffStatus::Accepted | TipoffStatus::Verifying => self.verify_due.as_deref(),
            TipoffStatus::Substantiated | TipoffStatus::Unsubstantiated => self.reply_due.as_deref(),
            _ => None,
        }
    }
}

const COLUMNS: &str = "t.id, t.version, t.upstream_id, t.channel, t.status, t.received_at, t.description, t.location,
    t.unit_id, u.name, u.uscc, t.anonymous, t.reporter_name IS NOT NULL OR t.reporter_phone IS NOT NULL,
    t.verify_due, t.reply_due, t.substantiated, t.hazard_id, t.upstream_status, t.fine, t.reward, t.category,
    t.transferred_to, t.reply_text, t.extension_days, t.accepted_on, t.verified_on, u.grid_id,
    (SELECT community_id FROM grid WHERE id = u.grid_id)";

fn from_row(r: &Row<'_>) -> rusqlite::Result<TipoffRow> {
    let status: String = r.get(4)?;
    Ok(TipoffRow {
        id: r.get(0)?,
        version: r.get(1)?,
        upstream_id: r.get(2)?,
        channel: r.get(3)?,
        status: TipoffStatus::parse(&status).unwrap_or(TipoffStatus::Received),
        received_at: r.get(5)?,
        description: r.get(6)?,
        location: r.get(7)?,
        unit_id: r.get(8)?,
        unit_name: r.get(9)?,
        unit_uscc: r.get(10)?,
        anonymous: r.get(11)?,
        has_reporter: r.get(12)?,
        verify_due: r.get(13)?,
        reply_due: r.get(14)?,
        substantiated: r.get(15)?,
        hazard_id: r.get(16)?,
        upstream_status: r.get(17)?,
        fine: r.get(18)?,
        reward: r.get(19)?,
        category: r.get(20)?,
        transferred_to: r.get(21)?,
        reply_text: r.get(22)?,
        extension_days: r.get(23)?,
        accepted_on: r.get(24)?,
        verified_on: r.get(25)?,
        grid_id: r.get(26)?,
        community_id: r.get(27)?,
    })
}

pub fn get(conn: &Connection, id: i64) -> Result<Option<TipoffRow>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM tipoff t LEFT JOIN unit u ON u.id = t.unit_id WHERE t.id = ?1"
        ))?
        .query_row([id], from_row)
        .optional()?)
}

/// Every tip-off, newest first, one at a time (exports).
pub fn for_each(
    conn: &Connection,
    mut f: impl FnMut(&TipoffRow) -> std::result::Result<(), crate::export::ExportError>,
) -> std::result::Result<(), crate::export::ExportError> {
    let mut stmt = conn
        .prepare(&format!(
            "SELECT {COLUMNS} FROM tipoff t LEFT JOIN unit u ON u.id = t.unit_id ORDER BY t.received_at DESC, t.id DESC"
        ))
        .map_err(StoreError::from)?;
    let mut rows = stmt.query([]).map_err(StoreError::from)?;
    while let Some(r) = rows.next().map_err(StoreError::from)? {
        f(&from_row(r).map_err(StoreError::from)?)?;
    }
    Ok(())
}

/// The timeline of one tip-off: (at, operator, kind, text).
pub fn events(conn: &Connection, id: i64) -> Result<Vec<(String, String, String, String)>> {
    Ok(conn
        .prepare_cached("SELECT at, operator, kind, text FROM tipoff_event WHERE tipoff_id = ?1 ORDER BY id")?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Which tip-offs a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TipoffSet {
    /// Not closed.
    #[default]
    Open,
    /// A clock has run out (as of `today`).
    Overdue,
    Closed,
    All,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct TipoffFilter {
    pub set: TipoffSet,
    pub channel: Option<Channel>,
    pub grid: Option<i64>,
    pub community: Option<i64>,
    /// "Today" for the overdue set.
    pub today: String,
}

/// The clock that runs now: verification, or the reply once verified; none otherwise.
const CLOCK: &str = "CASE WHEN t.status IN ('accepted', 'verifying') THEN t.verify_due
                          WHEN t.status IN ('substantiated', 'unsubstantiated') THEN t.reply_due END";

impl TipoffFilter {
    fn clause(&self) -> (String, Vec<rusqlite::types::Value>) {
        use rusqlite::types::Value;
        let mut conds: Vec<String> = Vec::new();
        let mut args = Vec::new();
        match self.set {
            TipoffSet::Open => conds.push("t.status <> 'closed'".into()),
            TipoffSet::Closed => conds.push("t.status = 'closed'".into()),
            TipoffSet::Overdue => {
                conds.push(format!("({CLOCK}) < ?"));
                args.push(Value::Text(self.today.clone()));
            }
            TipoffSet::All => {}
        }
        if let Some(c) = self.channel {
            conds.push("t.channel = ?".into());
            args.push(Value::Text(c.code().into()));
        }
        if let Some(g) = self.grid {
            conds.push("u.grid_id = ?".into());
            args.push(Value::Integer(g));
        }
        if let Some(c) = self.community {
            conds.push("u.grid_id IN (SELECT id FROM grid WHERE community_id = ?)".into());
            args.push(Value::Integer(c));
        }
        let w = if conds.is_empty() { String::new() } else { format!("WHERE {}", conds.join(" AND ")) };
        (w, args)
    }
}

pub fn count(conn: &Connection, f: &TipoffFilter) -> Result<i64> {
    let (w, args) = f.clause();
    Ok(conn
        .prepare_cached(&format!("SELECT COUNT(*) FROM tipoff t LEFT JOIN unit u ON u.id = t.unit_id {w}"))?
        .query_row(rusqlite::params_from_iter(args), |r| r.get(0))?)
}

/// Least time left first (items without a running clock after them), then newest.
pub fn page(conn: &Connection, f: &TipoffFilter, offset: i64, limit: i64) -> Result<Vec<TipoffRow>> {
    let (w, mut args) = f.clause();
    args.push(rusqlite::types::Value::Integer(limit));
    args.push(rusqlite::types::Value::Integer(offset));
    let sql = format!(
        "SELECT {COLUMNS} FROM tipoff t LEFT JOIN unit u ON u.id = t.unit_id {w}
         ORDER BY ({CLOCK}) IS NULL, ({CLOCK}), t.received_at DESC, t.id DESC LIMIT ? OFFSET ?"
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_map(rusqlite::params_from_iter(args), from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// For the Overview: not yet accepted, open, and with a clock run out.
pub fn counts(conn: &Connection, today: &str) -> Result<(i64, i64, i64)> {
    Ok(conn.query_row(
        &format!(
            "SELECT COALESCE(SUM(t.status = 'received'), 0), COALESCE(SUM(t.status <> 'closed'), 0),
                    COALESCE(SUM(({CLOCK}) < ?1), 0) FROM tipoff t"
        ),
        [today],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?)
}

/// The reporter as a screen may show it: masked, or "anonymous". Opening needs the key; a
/// damaged value or a wrong key shows as such, never as garbage.
pub fn masked_reporter(conn: &Connection, sealer: Option<&Sealer>, id: i64) -> Result<Option<(String, String)>> {
    let (name, phone): (Option<Vec<u8>>, Option<Vec<u8>>) = conn
        .query_row("SELECT reporter_name, reporter_phone FROM tipoff WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?
        .unwrap_or((None, None));
    if name.is_none() && phone.is_none() {
        return Ok(None);
    }
    let show = |blob: Option<Vec<u8>>, field: &str, mask: fn(&str) -> String| match (blob, sealer) {
        (None, _) => String::new(),
        (Some(_), None) => "(sealed)".to_string(),
        (Some(b), Some(s)) => s.open(&b, &binding(id, field)).map(|p| mask(&p)).unwrap_or_else(|_| "(?)".into()),
    };
    Ok(Some((
        show(name, "name", crate::domain::tipoff::mask_name),
        show(phone, "phone", crate::domain::tipoff::mask_phone),
    )))
}

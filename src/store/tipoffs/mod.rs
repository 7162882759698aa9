//! The tip-off queue in the store: intake (manual and upstream), the workflow's steps with their
//! dates, the timeline, opening a hazard from a substantiated tip-off, and revealing the reporter.
//! Every step is one audited transaction with the row's version checked; a refusal rolls back.
//! `open311` takes platform requests in; `queue` is what lists, screens and exports read.

use super::hazards::{self, NewHazard};
use super::{Result, StoreError, Table, Writer};
use crate::domain::OperatorRole;
use crate::domain::tipoff::{Channel, TipoffRules, TipoffStatus, check_transition};
use crate::secret::{Sealer, SecretError};
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};
use serde_json::json;
use zeroize::Zeroizing;

mod open311;
mod queue;
mod timeline;

pub use open311::{Open311Batch, Upserted, ingest_open311, upsert_open311};
pub use queue::{
    ORDER, TipoffFilter, TipoffRow, TipoffSet, count, counts, events, for_each, get, page, reporter_registered,
};
use timeline::event;

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

pub(super) fn refused(e: impl std::fmt::Display) -> StoreError {
    StoreError::Refused(e.to_string())
}

/// The record a sealed field is bound to, so it cannot be moved to another tip-off.
pub(super) fn binding(id: i64, field: &str) -> String {
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

/// One step of the workflow, with what that step records.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Accept,
    Transfer {
        to: String,
    },
    StartVerifying,
    Result {
        substantiated: bool,
        fine: Option<f64>,
        note: String,
    },
    Reply {
        text: String,
        channel: String,
    },
    /// The amount the supervisor decided (`None`: the rules' proposal for the case), and the case.
    Reward {
        amount: Option<f64>,
        case: crate::domain::tipoff::RewardCase,
    },
    Close {
        note: String,
    },
    Extend {
        days: i64,
        reason: String,
    },
}

impl Step {
    /// The status the step leads to (`None` for an extension, which keeps the status).
    pub fn target(&self) -> Option<TipoffStatus> {
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
        Step::Reward { amount, case } => {
            let amount = amount.unwrap_or_else(|| rules.propose(*case));
            if amount.is_nan() || amount <= 0.0 {
                return Err(refused("a reward is a positive amount"));
            }
            w.tx.execute("UPDATE tipoff SET reward = ?2 WHERE id = ?1", params![id, amount])?;
            // The office's record says what the amount rests on, in the office's words.
            ("rewarded", format!("{amount:.0} 元；建议依据：{}", rules.basis(*case, true)))
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
/// A reporter's name and phone in clear, wiped from memory when dropped.
pub type Identity = (Option<Zeroizing<String>>, Option<Zeroizing<String>>);

pub fn reveal(w: &mut Writer<'_>, sealer: &Sealer, id: i64, role: OperatorRole) -> Result<Identity> {
    if role < OperatorRole::Supervisor {
        return Err(refused(format!("only a supervisor may reveal a reporter's identity; you are {}", role.code())));
    }
    let (name, phone): (Option<Vec<u8>>, Option<Vec<u8>>) =
        w.tx.query_row("SELECT reporter_name, reporter_phone FROM tipoff WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?
        .ok_or_else(|| StoreError::NotFound { entity: "tipoff".into(), record: id.to_string() })?;
    let open = |blob: Option<Vec<u8>>, field: &str| -> Result<Option<Zeroizing<String>>> {
        blob.map(|b| sealer.open(&b, &binding(id, field)).map_err(refused)).transpose()
    };
    let out = (open(name, "name")?, open(phone, "phone")?);
    event(w, id, "reveal", "")?;
    w.audit("tipoff.reveal", "tipoff", &id.to_string(), None, None)?;
    Ok(out)
}

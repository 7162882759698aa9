//! Signing in and out at the terminal: every attempt recorded and audited, wrong PINs rate-limited
//! per name and place and per place (see `domain::signin`), and a sign-out audited when the
//! terminal changes hands. A name that is no operator's is recorded as `?` and a MAC of it under
//! the audit key: people type their PIN into the name field, and it must not end up in the log;
//! the MAC still lets wrong attempts be counted per typed name, so an unknown name locks out
//! exactly as a known one does and the answers never tell which names exist.

use super::operators::{Checked, Operator, authenticate};
use super::{Result, Writer};
use crate::domain::signin::{MAX_FAILURES, MAX_PLACE_FAILURES, locked_until};
use chrono::{DateTime, FixedOffset};
use rusqlite::params;
use serde_json::json;

/// How an unknown name's record starts (`?` and 16 hex digits of its MAC).
pub const UNKNOWN_NAME: &str = "?";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignIn {
    Ok(Operator),
    /// Unknown name or wrong PIN: the same answer for both.
    Wrong,
    /// Too many wrong PINs for this name at this place (or at this place at all) lately; refused
    /// until then (RFC 3339).
    Locked(String),
}

fn times(w: &Writer<'_>, sql: &str, args: &[&dyn rusqlite::ToSql]) -> Result<Vec<DateTime<FixedOffset>>> {
    let mut stmt = w.tx.prepare_cached(sql)?;
    let out = stmt
        .query_map(args, |r| r.get::<_, String>(0))?
        .filter_map(|r| r.ok())
        .filter_map(|s| DateTime::parse_from_rfc3339(&s).ok())
        .collect();
    Ok(out)
}

/// When this name (or this place) may try again, if it is locked now.
fn lockout(w: &Writer<'_>, name: &str, place: &str, now: DateTime<FixedOffset>) -> Result<Option<String>> {
    let name_failures = times(
        w,
        "SELECT at FROM signin_attempt WHERE name = ?1 AND via = ?2 AND ok = 0
           AND at > COALESCE((SELECT max(at) FROM signin_attempt WHERE name = ?1 AND ok = 1 AND via IN (?2, '*')), '')
         ORDER BY at",
        &[&name, &place],
    )?;
    let since = crate::domain::time::stamp(now - chrono::Duration::minutes(crate::domain::signin::WINDOW_MINUTES));
    // Attempts refused while locked (ok = 2) count for the place: a station guessing name after
    // name is closed after twenty tries, whichever names were already locked.
    let place_failures = times(
        w,
        "SELECT at FROM signin_attempt WHERE via = ?1 AND ok IN (0, 2) AND at > ?2 ORDER BY at",
        &[&place, &since],
    )?;
    let until =
        [locked_until(&name_failures, now, MAX_FAILURES), locked_until(&place_failures, now, MAX_PLACE_FAILURES)]
            .into_iter()
            .flatten()
            .max();
    Ok(until.map(crate::domain::time::stamp))
}

/// Checks name + PIN at `now` at `place` (`station:NAME`, `local:ACCOUNT`, `cli:ACCOUNT`). The
/// writer should write as the place, not as the typed name.
pub fn sign_in(w: &mut Writer<'_>, name: &str, pin: &str, place: &str, now: DateTime<FixedOffset>) -> Result<SignIn> {
    let at = crate::domain::time::stamp(now);
    let known: bool = w.tx.query_row("SELECT EXISTS(SELECT 1 FROM operator WHERE name = ?1)", [name], |r| r.get(0))?;
    let recorded = if known {
        name.to_string()
    } else {
        let mac = w.keyed_digest(&["anjian sign-in name", name]);
        format!("{UNKNOWN_NAME}{}", &mac[..16])
    };
    let recorded = recorded.as_str();
    if let Some(until) = lockout(w, recorded, place, now)? {
        w.tx.execute(
            "INSERT INTO signin_attempt (name, at, ok, via) VALUES (?1, ?2, 2, ?3)",
            params![recorded, at, place],
        )?;
        w.audit("operator.sign_in_refused", "operator", recorded, None, Some(&json!({"via": place, "until": until})))?;
        return Ok(SignIn::Locked(until));
    }
    let checked = authenticate(&w.tx, name, pin)?;
    let ok = matches!(checked, Checked::Ok(_));
    w.tx.execute(
        "INSERT INTO signin_attempt (name, at, ok, via) VALUES (?1, ?2, ?3, ?4)",
        params![recorded, at, ok, place],
    )?;
    match checked {
        Checked::Ok(op) => {
            w.audit("operator.sign_in", "operator", name, None, Some(&json!({"via": place, "role": op.role.code()})))?;
            Ok(SignIn::Ok(op))
        }
        Checked::WrongPin | Checked::UnknownName => {
            w.audit("operator.sign_in_failed", "operator", recorded, None, Some(&json!({"via": place})))?;
            Ok(SignIn::Wrong)
        }
    }
}

/// Signs in an operator whom the system has already identified: the account in the service
/// account's `[session.accounts]`, or a station's own operator. Audited like any sign-in; `None`
/// when the operator does not exist or is disabled.
pub fn sign_in_known(
    w: &mut Writer<'_>,
    name: &str,
    place: &str,
    now: DateTime<FixedOffset>,
) -> Result<Option<Operator>> {
    let op = super::operators::find(&w.tx, name)?;
    w.tx.execute(
        "INSERT INTO signin_attempt (name, at, ok, via) VALUES (?1, ?2, ?3, ?4)",
        params![name, crate::domain::time::stamp(now), op.is_some(), place],
    )?;
    let action = if op.is_some() { "operator.sign_in" } else { "operator.sign_in_failed" };
    w.audit(action, "operator", name, None, Some(&json!({"via": place, "pin": false})))?;
    Ok(op)
}

/// The operator leaves the terminal (another signed in on the lock screen, or they quit).
pub fn sign_out(w: &mut Writer<'_>, name: &str, why: &str) -> Result<()> {
    w.audit("operator.sign_out", "operator", name, None, Some(&json!({"why": why})))
}

//! Signing in and out at the terminal: every attempt recorded and audited, wrong PINs rate-limited
//! per name (see `domain::signin`), and a sign-out audited when the terminal changes hands.

use super::operators::{Operator, authenticate};
use super::{Result, Writer};
use crate::domain::signin::locked_until;
use chrono::{DateTime, FixedOffset};
use rusqlite::params;
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignIn {
    Ok(Operator),
    /// Unknown name or wrong PIN: the same answer for both.
    Wrong,
    /// Too many wrong PINs for this name lately; refused until then (RFC 3339).
    Locked(String),
}

/// Checks name + PIN at `now`; `via` says how (terminal, unlock, ssh account).
pub fn sign_in(w: &mut Writer<'_>, name: &str, pin: &str, via: &str, now: DateTime<FixedOffset>) -> Result<SignIn> {
    let mut stmt = w.tx.prepare_cached(
        "SELECT at FROM signin_attempt WHERE name = ?1 AND ok = 0
           AND at > COALESCE((SELECT max(at) FROM signin_attempt WHERE name = ?1 AND ok = 1), '')
         ORDER BY at",
    )?;
    let failures: Vec<DateTime<FixedOffset>> = stmt
        .query_map([name], |r| r.get::<_, String>(0))?
        .filter_map(|r| r.ok())
        .filter_map(|s| DateTime::parse_from_rfc3339(&s).ok())
        .collect();
    drop(stmt);
    let at = crate::domain::time::stamp(now);
    if let Some(until) = locked_until(&failures, now) {
        let until = crate::domain::time::stamp(until);
        w.audit("operator.sign_in_refused", "operator", name, None, Some(&json!({"via": via, "until": until})))?;
        return Ok(SignIn::Locked(until));
    }
    let who = authenticate(&w.tx, name, pin)?;
    w.tx.execute(
        "INSERT INTO signin_attempt (name, at, ok, via) VALUES (?1, ?2, ?3, ?4)",
        params![name, at, who.is_some(), via],
    )?;
    match who {
        Some(op) => {
            w.audit("operator.sign_in", "operator", name, None, Some(&json!({"via": via, "role": op.role.code()})))?;
            Ok(SignIn::Ok(op))
        }
        None => {
            w.audit("operator.sign_in_failed", "operator", name, None, Some(&json!({"via": via})))?;
            Ok(SignIn::Wrong)
        }
    }
}

/// Signs in the operator a Unix or SSH account maps to (config `[session.accounts]`): the account
/// has already proved who it is to the system. Audited like any sign-in; `None` when the operator
/// does not exist or is disabled.
pub fn sign_in_account(
    w: &mut Writer<'_>,
    account: &str,
    name: &str,
    now: DateTime<FixedOffset>,
) -> Result<Option<Operator>> {
    let op = super::operators::find(&w.tx, name)?;
    let via = format!("account:{account}");
    w.tx.execute(
        "INSERT INTO signin_attempt (name, at, ok, via) VALUES (?1, ?2, ?3, ?4)",
        params![name, crate::domain::time::stamp(now), op.is_some(), via],
    )?;
    let action = if op.is_some() { "operator.sign_in" } else { "operator.sign_in_failed" };
    w.audit(action, "operator", name, None, Some(&json!({"via": via})))?;
    Ok(op)
}

/// The operator leaves the terminal (another signed in on the lock screen, or they quit).
pub fn sign_out(w: &mut Writer<'_>, name: &str, why: &str) -> Result<()> {
    w.audit("operator.sign_out", "operator", name, None, Some(&json!({"why": why})))
}

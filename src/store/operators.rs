//! Operators: the people signed in at the terminal. PINs are stored only as argon2id hashes whose
//! parameters travel in the hash; every change to an operator is an audited write whose row
//! carries the new state (see `audited_state`), PINs as a digest of their hash.

use super::audited_state::pin_digest;
use super::{Result, StoreError, Writer};
use crate::domain::OperatorRole;
use crate::domain::signin::check_pin;
use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operator {
    pub id: i64,
    pub name: String,
    pub role: OperatorRole,
}

/// argon2id with 32 MiB and eight passes: a check costs about 0.13 s on a two-core server
/// (`cargo bench --bench signin` measures it; four passes measured 77 ms), so a six-digit PIN
/// taken with a copy of the database needs a day of a whole machine, while a person signing in
/// does not notice. The memory stays at 32 MiB: a sign-in is a moment in a dashboard of ~20 MB.
pub const M_COST_KIB: u32 = 32 * 1024;
pub const T_COST: u32 = 8;
pub const P_COST: u32 = 1;

fn argon2() -> Argon2<'static> {
    // The parameters are constants within argon2's limits; `Params::new` cannot refuse them.
    let params = Params::new(M_COST_KIB, T_COST, P_COST, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A hash of a PIN nobody knows, with the same parameters: a sign-in with an unknown name is
/// checked against it, so that it costs what a wrong PIN for a known name costs.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=32768,t=8,p=1$QkdEdW1teVNhbHRGb3JBbmppYW4$OhdJf1sAd+lE4C3/qNxsN9UtkvRk4+C6b+TfK7NqvdM";

/// The minimum length the office configured (`[session] pin_length`), at least six.
pub fn hash_pin(pin: &str, min_len: usize) -> Result<String> {
    check_pin(pin, min_len).map_err(|p| StoreError::Refused(p.text(false)))?;
    argon2().hash_password(pin.as_bytes()).map(|h| h.to_string()).map_err(|e| StoreError::Pin(e.to_string()))
}

fn verify(pin: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        // The parameters are the hash's own: older, cheaper hashes still verify.
        Ok(h) => Argon2::default().verify_password(pin.as_bytes(), &h).is_ok(),
        Err(_) => false,
    }
}

pub fn add(w: &mut Writer<'_>, name: &str, role: OperatorRole, pin: &str) -> Result<i64> {
    add_with(w, name, role, pin, crate::domain::signin::MIN_PIN_LENGTH)
}

/// Adds an operator; `min_len` is the office's PIN length.
pub fn add_with(w: &mut Writer<'_>, name: &str, role: OperatorRole, pin: &str, min_len: usize) -> Result<i64> {
    check_name(name)?;
    let hash = hash_pin(pin, min_len)?;
    let exists: Option<i64> =
        w.tx.query_row("SELECT id FROM operator WHERE name = ?1", [name], |r| r.get(0)).optional()?;
    if exists.is_some() {
        return Err(StoreError::Refused(format!("operator {name} already exists")));
    }
    w.tx.execute(
        "INSERT INTO operator (name, role, pin_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![name, role.code(), hash, w.at],
    )?;
    let id = w.tx.last_insert_rowid();
    w.audit(
        "operator.add",
        "operator",
        name,
        None,
        Some(&json!({"name": name, "role": role.code(), "pin": pin_digest(&hash)})),
    )?;
    Ok(id)
}

/// Operator names are typed at sign-in and shown on every screen: printable, one line, short.
fn check_name(name: &str) -> Result<()> {
    let n = name.chars().count();
    if n == 0 || n > 32 || name.trim() != name || !crate::domain::text::is_clean(name) {
        return Err(StoreError::Refused(format!(
            "operator name \"{}\": 1 to 32 printable characters, no spaces at either end",
            crate::domain::text::one_line(name, 40)
        )));
    }
    Ok(())
}

pub fn find(conn: &Connection, name: &str) -> Result<Option<Operator>> {
    Ok(conn
        .query_row("SELECT id, name, role FROM operator WHERE name = ?1 AND disabled = 0", [name], |r| {
            let role: String = r.get(2)?;
            Ok(Operator {
                id: r.get(0)?,
                name: r.get(1)?,
                role: OperatorRole::parse(&role).unwrap_or(OperatorRole::Viewer),
            })
        })
        .optional()?)
}

/// The result of checking name + PIN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checked {
    Ok(Operator),
    /// A known name (disabled, or the PIN was wrong).
    WrongPin,
    /// No operator has that name.
    UnknownName,
}

/// Checks name + PIN. An unknown name is checked against a dummy hash with the same parameters,
/// so the answer takes as long either way and a guess learns nothing from the time.
pub fn authenticate(conn: &Connection, name: &str, pin: &str) -> Result<Checked> {
    let row: Option<(String, bool)> = conn
        .query_row("SELECT pin_hash, disabled FROM operator WHERE name = ?1", [name], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((stored, disabled)) = row else {
        let _ = verify(pin, DUMMY_HASH);
        return Ok(Checked::UnknownName);
    };
    let ok = verify(pin, &stored);
    Ok(match (ok && !disabled, find(conn, name)?) {
        (true, Some(op)) => Checked::Ok(op),
        _ => Checked::WrongPin,
    })
}

/// Enabled operators whose PIN hash is not at today's parameters: PINs set before the six-digit
/// rule and the stronger hashing (a four-digit PIN of an older office still signs in until an admin
/// gives a new one; `doctor` names them).
pub fn outdated_pins(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT name, pin_hash FROM operator WHERE disabled = 0 ORDER BY id")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (name, hash) = row?;
        let current = PasswordHash::new(&hash).ok().and_then(|h| {
            let p = Params::try_from(&h).ok()?;
            Some(
                h.algorithm.as_str() == "argon2id"
                    && (p.m_cost(), p.t_cost(), p.p_cost()) == (M_COST_KIB, T_COST, P_COST),
            )
        });
        if current != Some(true) {
            out.push(name);
        }
    }
    Ok(out)
}

pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT COUNT(*) FROM operator WHERE disabled = 0", [], |r| r.get(0))?)
}

/// Every operator, with whether they are disabled and when they were added.
pub fn list(conn: &Connection) -> Result<Vec<(Operator, bool, String)>> {
    let mut stmt = conn.prepare("SELECT id, name, role, disabled, created_at FROM operator ORDER BY id")?;
    let rows = stmt
        .query_map([], |r| {
            let role: String = r.get(2)?;
            Ok((
                Operator {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    role: OperatorRole::parse(&role).unwrap_or(OperatorRole::Viewer),
                },
                r.get(3)?,
                r.get(4)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn exists(w: &Writer<'_>, name: &str) -> Result<()> {
    let found: Option<i64> =
        w.tx.query_row("SELECT id FROM operator WHERE name = ?1", [name], |r| r.get(0)).optional()?;
    found.map(|_| ()).ok_or_else(|| StoreError::NotFound { entity: "operator".into(), record: name.into() })
}

/// Stops an operator from signing in (the record and their audit trail stay); `false` enables again.
pub fn set_disabled(w: &mut Writer<'_>, name: &str, disabled: bool) -> Result<()> {
    exists(w, name)?;
    w.tx.execute("UPDATE operator SET disabled = ?2, version = version + 1 WHERE name = ?1", params![name, disabled])?;
    w.audit(
        if disabled { "operator.disable" } else { "operator.enable" },
        "operator",
        name,
        None,
        Some(&json!({ "disabled": disabled })),
    )
}

/// Gives an operator another role.
pub fn set_role(w: &mut Writer<'_>, name: &str, role: OperatorRole) -> Result<()> {
    exists(w, name)?;
    let before: String = w.tx.query_row("SELECT role FROM operator WHERE name = ?1", [name], |r| r.get(0))?;
    w.tx.execute("UPDATE operator SET role = ?2, version = version + 1 WHERE name = ?1", params![name, role.code()])?;
    w.audit("operator.role", "operator", name, Some(&json!({"role": before})), Some(&json!({"role": role.code()})))
}

/// A new PIN for an operator who forgot theirs (stored as a fresh argon2id hash).
pub fn reset_pin(w: &mut Writer<'_>, name: &str, pin: &str) -> Result<()> {
    reset_pin_with(w, name, pin, crate::domain::signin::MIN_PIN_LENGTH)
}

pub fn reset_pin_with(w: &mut Writer<'_>, name: &str, pin: &str, min_len: usize) -> Result<()> {
    exists(w, name)?;
    let hash = hash_pin(pin, min_len)?;
    w.tx.execute("UPDATE operator SET pin_hash = ?2, version = version + 1 WHERE name = ?1", params![name, hash])?;
    // The audit row carries a digest of the new hash (so a hash swapped later is noticed), never the PIN.
    w.audit("operator.reset_pin", "operator", name, None, Some(&json!({"pin": pin_digest(&hash)})))
}

/// Lets a name sign in again everywhere after too many wrong PINs (an admin's decision).
pub fn unlock(w: &mut Writer<'_>, name: &str) -> Result<()> {
    exists(w, name)?;
    w.tx.execute("INSERT INTO signin_attempt (name, at, ok, via) VALUES (?1, ?2, 1, '*')", params![name, w.at])?;
    w.audit("operator.unlock", "operator", name, None, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn add_and_authenticate() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut s = Store::open(&dir.path().join("o.db")).expect("open");
        s.write("admin", |w| add(w, "李明", OperatorRole::Duty, "246813")).expect("add");
        let op = match authenticate(s.conn(), "李明", "246813").expect("auth") {
            Checked::Ok(op) => op,
            other => panic!("{other:?}"),
        };
        assert_eq!(op.role, OperatorRole::Duty);
        assert_eq!(authenticate(s.conn(), "李明", "111111").expect("auth"), Checked::WrongPin);
        assert_eq!(authenticate(s.conn(), "nobody", "246813").expect("auth"), Checked::UnknownName);
        assert!(s.write("admin", |w| add(w, "李明", OperatorRole::Admin, "135791")).is_err(), "duplicate name");
        for (pin, why) in [("2468", "at least 6 digits"), ("24681a", "digits only")] {
            let e = s.write("admin", |w| add(w, "王五", OperatorRole::Duty, pin)).expect_err(pin).to_string();
            assert!(e.contains(why), "{pin}: {e}");
        }
        let e = s.write("admin", |w| add_with(w, "王五", OperatorRole::Duty, "123456", 8)).expect_err("8").to_string();
        assert!(e.contains("at least 8 digits"), "{e}");
        let hash: String = s.conn().query_row("SELECT pin_hash FROM operator", [], |r| r.get(0)).expect("hash");
        assert!(hash.starts_with("$argon2id$v=19$m=32768,t=8,p=1$") && !hash.contains("246813"), "{hash}");

        s.write("admin", |w| reset_pin(w, "李明", "864213")).expect("reset");
        assert_eq!(authenticate(s.conn(), "李明", "246813").expect("auth"), Checked::WrongPin, "old PIN gone");
        assert!(matches!(authenticate(s.conn(), "李明", "864213").expect("auth"), Checked::Ok(_)));
        s.write("admin", |w| set_disabled(w, "李明", true)).expect("disable");
        assert_eq!(authenticate(s.conn(), "李明", "864213").expect("auth"), Checked::WrongPin, "disabled");
        assert!(list(s.conn()).expect("list")[0].1);
        assert!(matches!(s.write("admin", |w| reset_pin(w, "无此人", "123456")), Err(StoreError::NotFound { .. })));
        assert!(s.write("admin", |w| add(w, "bad\u{1b}]52;x", OperatorRole::Duty, "123456")).is_err());
        let r = crate::store::audit::verify(s.conn(), s.audit_key(), None).expect("verify");
        assert!(r.intact(), "{r:?}");
    }

    #[test]
    fn the_dummy_hash_costs_what_a_real_one_does() {
        // Same algorithm and parameters as new hashes, so an unknown name takes as long as a known one.
        let h = PasswordHash::new(DUMMY_HASH).expect("dummy parses");
        assert_eq!(h.algorithm.as_str(), "argon2id");
        let p = Params::try_from(&h).expect("params");
        assert_eq!((p.m_cost(), p.t_cost(), p.p_cost()), (M_COST_KIB, T_COST, P_COST));
        assert!(!verify("000000", DUMMY_HASH));
    }
}

//! Operators: the people signed in at the terminal. PINs are stored only as argon2 hashes.

use super::{Result, StoreError, Writer};
use crate::domain::OperatorRole;
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operator {
    pub id: i64,
    pub name: String,
    pub role: OperatorRole,
}

pub fn add(w: &mut Writer<'_>, name: &str, role: OperatorRole, pin: &str) -> Result<i64> {
    let hash = hash_pin(pin)?;
    let exists: Option<i64> =
        w.tx.query_row("SELECT id FROM operator WHERE name = ?1", [name], |r| r.get(0)).optional()?;
    if exists.is_some() {
        return Err(StoreError::Conflict {
            entity: "operator".into(),
            record: name.into(),
            by: "an earlier `operator add`".into(),
            at: "an earlier time".into(),
        });
    }
    w.tx.execute(
        "INSERT INTO operator (name, role, pin_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![name, role.code(), hash, w.at],
    )?;
    let id = w.tx.last_insert_rowid();
    w.audit("operator.add", "operator", name, None, Some(&json!({"name": name, "role": role.code()})))?;
    Ok(id)
}

fn hash_pin(pin: &str) -> Result<String> {
    // The salt comes from the OS; argon2's default parameters take ~50 ms here, fine for a sign-in.
    Argon2::default().hash_password(pin.as_bytes()).map(|h| h.to_string()).map_err(|e| StoreError::Pin(e.to_string()))
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

/// Checks name + PIN; `None` for an unknown name or a wrong PIN alike, so a guess learns nothing.
pub fn authenticate(conn: &Connection, name: &str, pin: &str) -> Result<Option<Operator>> {
    let row: Option<String> = conn
        .query_row("SELECT pin_hash FROM operator WHERE name = ?1 AND disabled = 0", [name], |r| r.get(0))
        .optional()?;
    let Some(stored) = row else { return Ok(None) };
    let ok = Argon2::default().verify_password(pin.as_bytes(), stored.as_str()).is_ok();
    if ok { find(conn, name) } else { Ok(None) }
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

/// A new PIN for an operator who forgot theirs (stored as a fresh argon2 hash).
pub fn reset_pin(w: &mut Writer<'_>, name: &str, pin: &str) -> Result<()> {
    exists(w, name)?;
    let hash = hash_pin(pin)?;
    w.tx.execute("UPDATE operator SET pin_hash = ?2, version = version + 1 WHERE name = ?1", params![name, hash])?;
    // The audit row says that the PIN changed, never what it is.
    w.audit("operator.reset_pin", "operator", name, None, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn add_and_authenticate() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut s = Store::open(&dir.path().join("o.db")).expect("open");
        s.write("admin", |w| add(w, "李明", OperatorRole::Duty, "2468")).expect("add");
        let op = authenticate(s.conn(), "李明", "2468").expect("auth").expect("signed in");
        assert_eq!(op.role, OperatorRole::Duty);
        assert_eq!(authenticate(s.conn(), "李明", "1111").expect("auth"), None);
        assert_eq!(authenticate(s.conn(), "nobody", "2468").expect("auth"), None);
        assert!(s.write("admin", |w| add(w, "李明", OperatorRole::Admin, "1")).is_err(), "duplicate name refused");
        let hash: String = s.conn().query_row("SELECT pin_hash FROM operator", [], |r| r.get(0)).expect("hash");
        assert!(hash.starts_with("$argon2") && !hash.contains("2468"));

        s.write("admin", |w| reset_pin(w, "李明", "8642")).expect("reset");
        assert_eq!(authenticate(s.conn(), "李明", "2468").expect("auth"), None, "the old PIN no longer works");
        assert!(authenticate(s.conn(), "李明", "8642").expect("auth").is_some());
        s.write("admin", |w| set_disabled(w, "李明", true)).expect("disable");
        assert_eq!(authenticate(s.conn(), "李明", "8642").expect("auth"), None, "a disabled operator cannot sign in");
        assert!(list(s.conn()).expect("list")[0].1);
        assert!(matches!(s.write("admin", |w| reset_pin(w, "无此人", "1234")), Err(StoreError::NotFound { .. })));
    }
}

//! Who may do what is audited state: the operators (role, PIN, enabled), their scopes and the
//! stations (scope, operator signed in without a PIN, keys). Every change to them goes through an
//! audited write whose row carries the new state, so replaying the log gives what the tables must
//! hold; `audit verify` compares the two and names any table changed behind anjian's back (with
//! the sqlite3 shell, say) — a role raised, a scope widened, a PIN hash swapped, a key added.

use super::Result;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

/// A scope as ids: `("c", id)` for a community, `("g", id)` for a grid; empty: the whole office.
pub type ScopeIds = BTreeSet<(String, i64)>;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperatorState {
    pub role: String,
    pub disabled: bool,
    /// SHA-256 of the stored PIN hash (the hash itself stays out of the log).
    pub pin: String,
    pub scope: ScopeIds,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StationState {
    pub scope: ScopeIds,
    pub operator: Option<String>,
    /// Fingerprints of its keys.
    pub keys: BTreeSet<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    pub operators: BTreeMap<String, OperatorState>,
    pub stations: BTreeMap<String, StationState>,
}

/// The digest of a PIN hash as the log records it.
pub fn pin_digest(pin_hash: &str) -> String {
    super::audit_key::hex(&Sha256::digest(pin_hash.as_bytes()))
}

/// A scope as the log records it: `[["c", 3], ["g", 17]]`.
pub fn scope_json(scope: &ScopeIds) -> Value {
    Value::Array(scope.iter().map(|(k, id)| serde_json::json!([k, id])).collect())
}

fn scope_from(v: Option<&Value>) -> ScopeIds {
    v.and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|p| Some((p.get(0)?.as_str()?.to_string(), p.get(1)?.as_i64()?))).collect())
        .unwrap_or_default()
}

fn scope_rows(conn: &Connection, sql: &str, id: i64) -> Result<ScopeIds> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([id], |r| {
        let c: Option<i64> = r.get(0)?;
        let g: Option<i64> = r.get(1)?;
        Ok(match (c, g) {
            (Some(c), _) => ("c".to_string(), c),
            (None, g) => ("g".to_string(), g.unwrap_or(0)),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether any operator or station exists (an older database upgraded to the keyed chain records
/// them in a snapshot row).
pub fn has_any(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row("SELECT EXISTS(SELECT 1 FROM operator) OR EXISTS(SELECT 1 FROM station)", [], |r| r.get(0))?)
}

/// What the tables hold now.
pub fn from_tables(conn: &Connection) -> Result<State> {
    let mut state = State::default();
    let mut stmt = conn.prepare("SELECT id, name, role, disabled, pin_hash FROM operator ORDER BY id")?;
    let ops: Vec<(i64, String, String, bool, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, name, role, disabled, hash) in ops {
        let scope = scope_rows(conn, "SELECT community_id, grid_id FROM operator_scope WHERE operator_id = ?1", id)?;
        state.operators.insert(name, OperatorState { role, disabled, pin: pin_digest(&hash), scope });
    }
    let mut stmt = conn.prepare(
        "SELECT s.id, s.name, o.name FROM station s LEFT JOIN operator o ON o.id = s.operator_id ORDER BY s.id",
    )?;
    let stations: Vec<(i64, String, Option<String>)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
    for (id, name, operator) in stations {
        let scope = scope_rows(conn, "SELECT community_id, grid_id FROM station_scope WHERE station_id = ?1", id)?;
        let mut keys = BTreeSet::new();
        let mut k = conn.prepare_cached("SELECT kind, base64, fingerprint FROM station_key WHERE station_id = ?1")?;
        for row in
            k.query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?
        {
            let (kind, base64, fp) = row?;
            // A key swapped under an old fingerprint shows as a key the log never saw.
            let actual = crate::domain::station::PublicKey { kind, base64 }.fingerprint();
            keys.insert(if actual == fp { fp } else { format!("{fp} (its key data is another key: {actual})") });
        }
        state.stations.insert(name, StationState { scope, operator, keys });
    }
    Ok(state)
}

/// Applies one audit row to the replayed state.
fn apply(state: &mut State, action: &str, record: &str, after: Option<&Value>) {
    let field = |k: &str| after.and_then(|a| a.get(k));
    let text = |k: &str| field(k).and_then(Value::as_str).map(str::to_string);
    match action {
        "audit.snapshot" => {
            if let Some(s) = after.and_then(|a| serde_json::from_value::<State>(a.clone()).ok()) {
                *state = s;
            }
        }
        "operator.add" => {
            state.operators.insert(
                record.to_string(),
                OperatorState {
                    role: text("role").unwrap_or_default(),
                    disabled: false,
                    pin: text("pin").unwrap_or_default(),
                    scope: ScopeIds::new(),
                },
            );
        }
        "operator.disable" | "operator.enable" | "operator.reset_pin" | "operator.role" | "operator.scope" => {
            let op = state.operators.entry(record.to_string()).or_default();
            match action {
                "operator.disable" => op.disabled = true,
                "operator.enable" => op.disabled = false,
                "operator.reset_pin" => op.pin = text("pin").unwrap_or_default(),
                "operator.role" => op.role = text("role").unwrap_or_default(),
                _ => op.scope = scope_from(field("scope")),
            }
        }
        "station.add" => {
            state.stations.insert(
                record.to_string(),
                StationState {
                    scope: scope_from(field("scope")),
                    operator: text("operator"),
                    keys: field("keys")
                        .and_then(Value::as_array)
                        .map(|a| a.iter().filter_map(|k| k.as_str().map(str::to_string)).collect())
                        .unwrap_or_default(),
                },
            );
        }
        "station.key_add" => {
            if let (Some(s), Some(k)) = (state.stations.get_mut(record), text("key")) {
                s.keys.insert(k);
            }
        }
        "station.remove" => {
            state.stations.remove(record);
        }
        _ => {}
    }
}

/// The state the log describes, replayed from its first row.
pub fn from_log(conn: &Connection) -> Result<State> {
    let mut stmt = conn.prepare(
        "SELECT action, record, after FROM audit_log
         WHERE entity IN ('operator', 'station', 'audit') ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    let mut state = State::default();
    while let Some(r) = rows.next()? {
        let (action, record): (String, String) = (r.get(0)?, r.get(1)?);
        let after: Option<String> = r.get(2)?;
        let after = after.and_then(|a| serde_json::from_str::<Value>(&a).ok());
        apply(&mut state, &action, &record, after.as_ref());
    }
    Ok(state)
}

/// Every difference between the tables and the log, in words that name the table and the record.
pub fn drift(conn: &Connection) -> Result<Vec<String>> {
    Ok(compare(&from_log(conn)?, &from_tables(conn)?))
}

fn compare(log: &State, tables: &State) -> Vec<String> {
    let mut out = Vec::new();
    let names: BTreeSet<&String> = log.operators.keys().chain(tables.operators.keys()).collect();
    for name in names {
        match (log.operators.get(name), tables.operators.get(name)) {
            (Some(_), None) => out.push(format!(
                "operator {name}: in the audit log but not in the operator table (deleted outside anjian)"
            )),
            (None, Some(_)) => {
                out.push(format!("operator {name}: in the operator table but never added through anjian"))
            }
            (Some(l), Some(t)) => {
                if l.role != t.role {
                    out.push(format!(
                        "operator {name}: role is {} in the operator table, {} in the audit log",
                        t.role, l.role
                    ));
                }
                if l.disabled != t.disabled {
                    out.push(format!(
                        "operator {name}: {} in the operator table, {} in the audit log",
                        if t.disabled { "disabled" } else { "enabled" },
                        if l.disabled { "disabled" } else { "enabled" }
                    ));
                }
                if l.pin != t.pin {
                    out.push(format!(
                        "operator {name}: the PIN hash in the operator table is not the one the audit log recorded"
                    ));
                }
                if l.scope != t.scope {
                    out.push(format!(
                        "operator {name}: the operator_scope table differs from the scope in the audit log"
                    ));
                }
            }
            (None, None) => {}
        }
    }
    let names: BTreeSet<&String> = log.stations.keys().chain(tables.stations.keys()).collect();
    for name in names {
        match (log.stations.get(name), tables.stations.get(name)) {
            (Some(_), None) => out.push(format!("station {name}: in the audit log but not in the station table")),
            (None, Some(_)) => out.push(format!("station {name}: in the station table but never added through anjian")),
            (Some(l), Some(t)) => {
                if l.scope != t.scope {
                    out.push(format!(
                        "station {name}: the station_scope table differs from the scope in the audit log"
                    ));
                }
                if l.operator != t.operator {
                    out.push(format!("station {name}: its operator without a PIN differs from the audit log"));
                }
                for k in t.keys.difference(&l.keys) {
                    out.push(format!(
                        "station {name}: key {k} in the station_key table was never added through anjian"
                    ));
                }
                for k in l.keys.difference(&t.keys) {
                    out.push(format!("station {name}: key {k} of the audit log is missing from the station_key table"));
                }
            }
            (None, None) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(role: &str, pin: &str) -> OperatorState {
        OperatorState { role: role.into(), pin: pin.into(), ..Default::default() }
    }

    #[test]
    fn replay_and_comparison() {
        let mut s = State::default();
        let j = |v: serde_json::Value| Some(v);
        apply(&mut s, "operator.add", "李明", j(serde_json::json!({"role": "duty", "pin": "p1"})).as_ref());
        apply(&mut s, "operator.reset_pin", "李明", j(serde_json::json!({"pin": "p2"})).as_ref());
        apply(&mut s, "operator.scope", "李明", j(serde_json::json!({"scope": [["c", 3]]})).as_ref());
        apply(&mut s, "operator.disable", "李明", None);
        let mut want = op("duty", "p2");
        want.disabled = true;
        want.scope.insert(("c".into(), 3));
        assert_eq!(s.operators.get("李明"), Some(&want));
        apply(
            &mut s,
            "station.add",
            "溪口村站",
            j(serde_json::json!({"scope": [["g", 7]], "operator": null, "keys": ["SHA256:a"]})).as_ref(),
        );
        apply(&mut s, "station.key_add", "溪口村站", j(serde_json::json!({"key": "SHA256:b"})).as_ref());
        assert_eq!(s.stations["溪口村站"].keys.len(), 2);

        let mut t = s.clone();
        assert!(compare(&s, &t).is_empty());
        t.operators.get_mut("李明").expect("op").role = "admin".into();
        t.operators.insert("黑客".into(), op("admin", "x"));
        t.stations.get_mut("溪口村站").expect("st").keys.insert("SHA256:c".into());
        let d = compare(&s, &t);
        assert_eq!(d.len(), 3, "{d:?}");
        assert!(d[0].contains("李明: role is admin in the operator table, duty in the audit log"), "{d:?}");
        assert!(d[1].contains("黑客: in the operator table but never added"), "{d:?}");
        assert!(d[2].contains("key SHA256:c"), "{d:?}");
        apply(&mut s, "station.remove", "溪口村站", None);
        assert!(s.stations.is_empty());
    }
}

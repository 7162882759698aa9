//! Stations and their SSH keys (see `domain::station`): added, listed and removed by an admin,
//! each change an audited write carrying the station's new state, so `audit verify` can tell a
//! key or a scope slipped in with the sqlite3 shell.

use super::audited_state::{ScopeIds, scope_json};
use super::{Result, StoreError, Writer};
use crate::domain::station::{PublicKey, check_name};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Station {
    pub id: i64,
    pub name: String,
    /// The operator signed in there without a PIN, if the administrator named one.
    pub operator: Option<String>,
    /// Communities and grids, as written (`溪口村`, `溪口村/一网格`); empty: the whole office.
    pub scope: Vec<String>,
    pub keys: Vec<(PublicKey, String)>,
    pub created_at: String,
}

/// Adds a station with one key, or another key to an existing station (then `scope` and
/// `operator` must be left out or say what the station already has).
pub fn add(
    w: &mut Writer<'_>,
    name: &str,
    key: &PublicKey,
    operator: Option<&str>,
    scope: &[String],
) -> Result<AddOutcome> {
    check_name(name).map_err(StoreError::Refused)?;
    let fp = key.fingerprint();
    let holder: Option<String> =
        w.tx.query_row(
            "SELECT s.name FROM station_key k JOIN station s ON s.id = k.station_id WHERE k.fingerprint = ?1",
            [&fp],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(h) = holder {
        return Err(StoreError::Refused(format!("key {fp} already belongs to station {h}")));
    }
    let ids = super::scope::resolve(&w.tx, &[], &[], scope)?;
    let operator_id = match operator {
        None => None,
        Some(op) => Some(
            w.tx.query_row("SELECT id FROM operator WHERE name = ?1 AND disabled = 0", [op], |r| r.get::<_, i64>(0))
                .optional()?
                .ok_or_else(|| StoreError::NotFound { entity: "operator".into(), record: op.into() })?,
        ),
    };
    let existing: Option<(i64, Option<i64>)> =
        w.tx.query_row("SELECT id, operator_id FROM station WHERE name = ?1", [name], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
    if let Some((id, current_op)) = existing {
        let current_scope = scope_ids(&w.tx, id)?;
        if (!scope.is_empty() && ids != current_scope) || (operator.is_some() && operator_id != current_op) {
            return Err(StoreError::Refused(format!(
                "station {name} exists with another scope or operator; remove it and add it again to change them"
            )));
        }
        insert_key(w, id, key, &fp)?;
        w.audit("station.key_add", "station", name, None, Some(&json!({"key": fp})))?;
        return Ok(AddOutcome::KeyAdded);
    }
    w.tx.execute(
        "INSERT INTO station (name, operator_id, created_at) VALUES (?1, ?2, ?3)",
        params![name, operator_id, w.at],
    )?;
    let id = w.tx.last_insert_rowid();
    super::scope::insert_scope(w, "station_scope", "station_id", id, &ids)?;
    insert_key(w, id, key, &fp)?;
    w.audit(
        "station.add",
        "station",
        name,
        None,
        Some(&json!({"scope": scope_json(&ids), "scope_names": scope, "operator": operator, "keys": [fp]})),
    )?;
    Ok(AddOutcome::Added)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddOutcome {
    Added,
    KeyAdded,
}

fn insert_key(w: &mut Writer<'_>, station: i64, key: &PublicKey, fp: &str) -> Result<()> {
    w.tx.execute(
        "INSERT INTO station_key (station_id, kind, base64, fingerprint, added_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![station, key.kind, key.base64, fp, w.at],
    )?;
    Ok(())
}

fn scope_ids(conn: &Connection, station: i64) -> Result<ScopeIds> {
    let mut stmt = conn.prepare_cached("SELECT community_id, grid_id FROM station_scope WHERE station_id = ?1")?;
    let rows = stmt.query_map([station], |r| Ok((r.get::<_, Option<i64>>(0)?, r.get::<_, Option<i64>>(1)?)))?;
    let mut out = ScopeIds::new();
    for row in rows {
        match row? {
            (Some(c), _) => out.insert(("c".into(), c)),
            (None, Some(g)) => out.insert(("g".into(), g)),
            (None, None) => false,
        };
    }
    Ok(out)
}

/// Removes a station and its keys (its records and audit trail stay).
pub fn remove(w: &mut Writer<'_>, name: &str) -> Result<()> {
    let n = w.tx.execute("DELETE FROM station WHERE name = ?1", [name])?;
    if n == 0 {
        return Err(StoreError::NotFound { entity: "station".into(), record: name.into() });
    }
    w.audit("station.remove", "station", name, None, None)
}

/// One station by name.
pub fn get(conn: &Connection, name: &str) -> Result<Option<Station>> {
    Ok(list(conn)?.into_iter().find(|s| s.name == name))
}

/// Every station, oldest first.
pub fn list(conn: &Connection) -> Result<Vec<Station>> {
    let mut stmt = conn.prepare(
        "SELECT s.id, s.name, o.name, s.created_at FROM station s LEFT JOIN operator o ON o.id = s.operator_id
         ORDER BY s.id",
    )?;
    let rows: Vec<(i64, String, Option<String>, String)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for (id, name, operator, created_at) in rows {
        let mut scope_stmt = conn.prepare_cached(
            "SELECT COALESCE(c.name, gc.name || '/' || g.name) FROM station_scope s
             LEFT JOIN community c ON c.id = s.community_id
             LEFT JOIN grid g ON g.id = s.grid_id LEFT JOIN community gc ON gc.id = g.community_id
             WHERE s.station_id = ?1 ORDER BY 1",
        )?;
        let scope = scope_stmt.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
        let mut key_stmt =
            conn.prepare_cached("SELECT kind, base64, added_at FROM station_key WHERE station_id = ?1 ORDER BY id")?;
        let keys = key_stmt
            .query_map([id], |r| Ok((PublicKey { kind: r.get(0)?, base64: r.get(1)? }, r.get::<_, String>(2)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        out.push(Station { id, name, operator, scope, keys, created_at });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    const KEY: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPLyn6MBjr0/51YLJn9fkFjXc1ebHkC3dsSuj0y1elZY alice@pc";

    #[test]
    fn stations_are_audited_state() {
        let dir = tempfile::tempdir().expect("tmp");
        let mut s = Store::open(&dir.path().join("s.db")).expect("open");
        s.write("setup", |w| {
            w.tx.execute_batch(
                "INSERT INTO community (id, name) VALUES (1, '溪口村'), (2, '桃源社区');
                 INSERT INTO grid (id, community_id, name, code) VALUES (1, 1, '一网格', 'XK01'), (2, 2, '一网格', 'TY01');",
            )?;
            Ok(())
        })
        .expect("network");
        let key = crate::domain::station::parse_public_key(KEY).expect("key");
        let out = s.write("admin", |w| add(w, "溪口村站", &key, None, &["溪口村".into()])).expect("add");
        assert_eq!(out, AddOutcome::Added);
        let st = get(s.conn(), "溪口村站").expect("get").expect("there");
        assert_eq!((st.scope.clone(), st.keys.len()), (vec!["溪口村".to_string()], 1));
        assert_eq!(crate::store::scope::grids_of_station(s.conn(), st.id).expect("grids"), Some(vec![1]));
        let e = s.write("admin", |w| add(w, "桃源站", &key, None, &[])).expect_err("same key twice").to_string();
        assert!(e.contains("already belongs to station 溪口村站"), "{e}");
        let other = crate::domain::station::parse_public_key(
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB6T9FXeebQtfsJ7FFDU2H6E+lllNgGshNyQmgNnrn+b b",
        )
        .expect("key");
        let e = s.write("admin", |w| add(w, "桃源站", &other, None, &["一网格".into()])).expect_err("ambiguous");
        assert!(e.to_string().contains("several communities"), "{e}");
        assert!(crate::store::audit::verify(s.conn(), s.audit_key(), None).expect("v").intact());
        s.write("admin", |w| remove(w, "溪口村站")).expect("remove");
        assert!(list(s.conn()).expect("list").is_empty());
        assert!(crate::store::audit::verify(s.conn(), s.audit_key(), None).expect("v").intact());
    }
}

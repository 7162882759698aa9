//! What the store holds under each key of a batch: read in one query before the batch is written,
//! then kept up to date by the batch's own writes. Each event used to look its key up with a
//! statement of its own, an eighth of a monitor batch's time; nothing else writes alarms inside
//! the batch's transaction, so the batch's own writes are all that can change the answer.

use super::Result;
use crate::domain::alarm::AlarmStatus;
use rusqlite::Transaction;
use std::collections::HashMap;

/// The rows of the keys in a JSON array: one probe of `alarm_key` per key. The CROSS JOIN keeps
/// the keys outside: with `IN (SELECT …)` the planner walked the whole table against a filter.
pub const ROWS_OF_KEYS: &str = "SELECT a.dedup_key, a.id, a.status
     FROM json_each(?1) AS k CROSS JOIN alarm AS a ON a.dedup_key = k.value";

/// Every stored row (id, status) of each key the batch names.
pub struct Known {
    rows: HashMap<String, Vec<(i64, String)>>,
}

impl Known {
    /// Reads the rows of `keys` (each key once, in one statement).
    pub fn load<'k>(tx: &Transaction<'_>, keys: impl Iterator<Item = &'k str>) -> Result<Known> {
        let mut rows: HashMap<String, Vec<(i64, String)>> = HashMap::new();
        for key in keys {
            rows.entry(key.to_string()).or_default();
        }
        // A list of strings always serialises; were it ever to fail, the batch must not go on
        // believing its keys are new.
        let wanted = serde_json::to_string(&rows.keys().collect::<Vec<_>>())
            .map_err(|e| super::StoreError::Refused(format!("the batch's alarm keys: {e}")))?;
        let mut stmt = tx.prepare_cached(ROWS_OF_KEYS)?;
        let mut found = stmt.query([wanted])?;
        while let Some(r) = found.next()? {
            let key: String = r.get(0)?;
            if let Some(v) = rows.get_mut(&key) {
                v.push((r.get(1)?, r.get(2)?));
            }
        }
        Ok(Known { rows })
    }

    /// The row a repeat or a clear of `key` concerns: the open one, else the newest; what
    /// `SELECT … ORDER BY status IN (open) DESC, id DESC LIMIT 1` answers. None for a key the
    /// batch did not name, as for one with no rows.
    pub fn current(&self, key: &str) -> Option<(i64, &str)> {
        let open = |s: &str| AlarmStatus::parse(s).is_some_and(AlarmStatus::open);
        self.rows
            .get(key)?
            .iter()
            .max_by_key(|(id, status)| (open(status), *id))
            .map(|(id, status)| (*id, status.as_str()))
    }

    /// A row the batch inserted.
    pub fn inserted(&mut self, key: &str, id: i64, status: &str) {
        self.rows.entry(key.to_string()).or_default().push((id, status.to_string()));
    }

    /// A row the batch moved to `status`.
    pub fn set(&mut self, key: &str, id: i64, status: &str) {
        if let Some(row) = self.rows.get_mut(key).and_then(|v| v.iter_mut().find(|(i, _)| *i == id)) {
            row.1 = status.to_string();
        }
    }

    /// The key's open rows moved to `status` (a CAP update or cancel closing what it references);
    /// answers their ids.
    pub fn close_open(&mut self, key: &str, status: &str) -> Vec<i64> {
        let mut closed = Vec::new();
        for row in self.rows.get_mut(key).into_iter().flatten() {
            if AlarmStatus::parse(&row.1).is_some_and(AlarmStatus::open) {
                row.1 = status.to_string();
                closed.push(row.0);
            }
        }
        closed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Stored rows: key, id, status.
    type Rows<'a> = &'a [(&'a str, i64, &'a str)];

    fn known(rows: Rows<'_>) -> Known {
        let mut k = Known { rows: HashMap::new() };
        for (key, id, status) in rows {
            k.inserted(key, *id, status);
        }
        k
    }

    #[test]
    fn the_open_row_comes_first_then_the_newest() {
        let cases: &[(Rows, Option<(i64, &str)>)] = &[
            (&[], None),
            (&[("a", 1, "resolved")], Some((1, "resolved"))),
            (&[("a", 1, "resolved"), ("a", 2, "cancelled")], Some((2, "cancelled"))),
            (&[("a", 3, "resolved"), ("a", 2, "new")], Some((2, "new"))),
            (&[("a", 1, "acknowledged"), ("a", 5, "false_alarm")], Some((1, "acknowledged"))),
            (&[("b", 1, "new")], None),
        ];
        for (rows, want) in cases {
            assert_eq!(known(rows).current("a"), *want, "{rows:?}");
        }
    }

    #[test]
    fn the_batch_s_writes_move_the_answer() {
        let mut k = known(&[("a", 1, "new")]);
        k.set("a", 1, "resolved");
        assert_eq!(k.current("a"), Some((1, "resolved")));
        k.inserted("a", 7, "new");
        assert_eq!(k.current("a"), Some((7, "new")));
        k.inserted("a", 8, "resolved");
        assert_eq!(k.close_open("a", "cancelled"), vec![7], "only the open row closes");
        assert_eq!(k.current("a"), Some((8, "resolved")));
        assert_eq!(k.close_open("a", "cancelled"), Vec::<i64>::new(), "nothing open is left");
        // A key the batch did not name stays unknown, whatever closes it.
        assert!(k.close_open("z", "cancelled").is_empty());
        assert_eq!(k.current("z"), None);
    }
}

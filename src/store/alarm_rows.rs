//! What a batch of alarms writes, held until the batch's end and then written many rows to a
//! statement (`store::multi_row`). A new row is changed in memory by any later event of the same
//! batch (a clear, a repeat, a cancel), so it is written once with what those updates would have
//! left; a raise cleared later in its batch is stored resolved at once. The rows stored before the
//! batch are closed and counted at its end, before the new rows go in: an alarm raised again after
//! its clear in the same batch then finds the old one closed, as the one open alarm per key
//! requires. Nothing else writes alarms inside the batch's transaction, so this order is not seen.

use super::Result;
use super::alarm_area::{self, Location};
use super::alarm_incoming::Incoming;
use super::multi_row::{self, Shape};
use rusqlite::Transaction;
use std::collections::BTreeMap;

/// Closes rows stored before the batch: (id, status, closed_at, close_note, updated_by, updated_at).
const CLOSES: Shape = Shape {
    head: "UPDATE alarm SET status = v.column2, closed_at = v.column3, close_note = v.column4,
                   version = version + 1, updated_by = v.column5, updated_at = v.column6
               FROM (VALUES ",
    row: "(?, ?, ?, ?, ?, ?)",
    tail: ") AS v WHERE alarm.id = v.column1",
};

/// Counts repeats of rows stored before the batch: (id, repeats, last_seen).
const REPEATS: Shape = Shape {
    head: "UPDATE alarm SET count = count + v.column2, last_seen = v.column3 FROM (VALUES ",
    row: "(?, ?, ?)",
    tail: ") AS v WHERE alarm.id = v.column1",
};

/// The batch's new rows, each with its id.
const INSERTS: Shape = Shape {
    head: "INSERT INTO alarm (id, dedup_key, feed, source, msg_status, level, status, headline, event, language,
                                  description, instruction, area, sender, sent, expires, unit_id, refs, first_seen,
                                  last_seen, closed_at, units_in_area, close_note, version, updated_by, updated_at,
                                  count)
               VALUES ",
    row: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    tail: "",
};

/// An alarm the batch stores, as it will be written.
#[derive(Debug)]
pub struct NewAlarm<'a> {
    pub incoming: &'a Incoming,
    pub status: &'static str,
    /// The area shown: the sender's, or the named unit's community.
    pub area: String,
    pub unit_id: Option<i64>,
    pub units_in_area: i64,
    pub closed_at: Option<&'a str>,
    pub close_note: &'static str,
    pub version: i64,
    /// Changed by a later event of the batch: stamped with the batch's operator and time.
    pub updated: bool,
    pub count: i64,
}

/// A close, as its update sets it.
#[derive(Debug, Clone)]
pub struct Close<'a> {
    pub status: &'static str,
    pub closed_at: &'a str,
    pub note: &'static str,
}

/// The batch's writes so far.
pub struct BatchRows<'a> {
    feed: &'a str,
    /// The id of the first new row: one past the largest stored when the batch began.
    first_id: i64,
    new: Vec<NewAlarm<'a>>,
    /// (alarm, community, grid) of the new rows.
    places: Vec<(i64, i64, Option<i64>)>,
    /// Rows stored before the batch, closed by it (at most once each: only an open row closes).
    closes: Vec<(i64, Close<'a>)>,
    /// Rows stored before the batch, with how many repeats it brought.
    repeats: BTreeMap<i64, i64>,
}

impl<'a> BatchRows<'a> {
    /// Nothing yet of `feed`'s batch; new rows are numbered from `last_before + 1`.
    pub fn after(feed: &'a str, last_before: i64) -> Self {
        BatchRows {
            feed,
            first_id: last_before + 1,
            new: Vec::new(),
            places: Vec::new(),
            closes: Vec::new(),
            repeats: BTreeMap::new(),
        }
    }

    /// Adds a new row placed at `loc`; answers its id.
    pub fn insert(&mut self, row: NewAlarm<'a>, loc: &Location) -> i64 {
        let id = self.first_id + self.new.len() as i64;
        self.places.extend(loc.places().map(|(community, grid)| (id, community, grid)));
        self.new.push(row);
        id
    }

    fn held(&mut self, id: i64) -> Option<&mut NewAlarm<'a>> {
        let i = usize::try_from(id - self.first_id).ok()?;
        self.new.get_mut(i)
    }

    /// Closes the open alarm `id`.
    pub fn close(&mut self, id: i64, close: Close<'a>) {
        match self.held(id) {
            Some(row) => {
                row.status = close.status;
                row.closed_at = Some(close.closed_at);
                row.close_note = close.note;
                row.version += 1;
                row.updated = true;
            }
            None => self.closes.push((id, close)),
        }
    }

    /// The open alarm `id` came again.
    pub fn repeat(&mut self, id: i64) {
        match self.held(id) {
            Some(row) => row.count += 1,
            None => *self.repeats.entry(id).or_default() += 1,
        }
    }

    /// Writes it all: the stored rows' closes and repeats, then the new rows and their places.
    pub fn write(self, tx: &Transaction<'_>, operator: &str, now: &str) -> Result<()> {
        multi_row::write(tx, &CLOSES, &self.closes, |s, at, (id, c)| {
            s.raw_bind_parameter(at, id)?;
            s.raw_bind_parameter(at + 1, c.status)?;
            s.raw_bind_parameter(at + 2, c.closed_at)?;
            s.raw_bind_parameter(at + 3, c.note)?;
            s.raw_bind_parameter(at + 4, operator)?;
            s.raw_bind_parameter(at + 5, now)?;
            Ok(at + 6)
        })?;
        let counted: Vec<(i64, i64)> = self.repeats.into_iter().collect();
        multi_row::write(tx, &REPEATS, &counted, |s, at, (id, n)| {
            s.raw_bind_parameter(at, id)?;
            s.raw_bind_parameter(at + 1, n)?;
            s.raw_bind_parameter(at + 2, now)?;
            Ok(at + 3)
        })?;
        let feed = self.feed;
        let numbered: Vec<(i64, &NewAlarm)> = (self.first_id..).zip(&self.new).collect();
        multi_row::write(tx, &INSERTS, &numbered, |s, at, (id, r)| {
            let a = r.incoming;
            let (by, when) = if r.updated { (operator, now) } else { ("", "") };
            s.raw_bind_parameter(at, id)?;
            s.raw_bind_parameter(at + 1, &a.dedup_key)?;
            s.raw_bind_parameter(at + 2, feed)?;
            s.raw_bind_parameter(at + 3, a.source)?;
            s.raw_bind_parameter(at + 4, &a.msg_status)?;
            s.raw_bind_parameter(at + 5, a.level.code())?;
            s.raw_bind_parameter(at + 6, r.status)?;
            s.raw_bind_parameter(at + 7, &a.headline)?;
            s.raw_bind_parameter(at + 8, &a.event)?;
            s.raw_bind_parameter(at + 9, &a.language)?;
            s.raw_bind_parameter(at + 10, &a.description)?;
            s.raw_bind_parameter(at + 11, &a.instruction)?;
            s.raw_bind_parameter(at + 12, &r.area)?;
            s.raw_bind_parameter(at + 13, &a.sender)?;
            s.raw_bind_parameter(at + 14, &a.sent)?;
            s.raw_bind_parameter(at + 15, &a.expires)?;
            s.raw_bind_parameter(at + 16, r.unit_id)?;
            s.raw_bind_parameter(at + 17, a.references.join(" "))?;
            s.raw_bind_parameter(at + 18, now)?;
            s.raw_bind_parameter(at + 19, now)?;
            s.raw_bind_parameter(at + 20, r.closed_at)?;
            s.raw_bind_parameter(at + 21, r.units_in_area)?;
            s.raw_bind_parameter(at + 22, r.close_note)?;
            s.raw_bind_parameter(at + 23, r.version)?;
            s.raw_bind_parameter(at + 24, by)?;
            s.raw_bind_parameter(at + 25, when)?;
            s.raw_bind_parameter(at + 26, r.count)?;
            Ok(at + 27)
        })?;
        alarm_area::place_all(tx, &self.places)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each stored row a batch closes or counts is found by its id, whatever the table's size.
    #[test]
    fn the_stored_rows_are_updated_through_their_ids() {
        let dir = tempfile::tempdir().expect("tmp");
        let store = super::super::Store::open(&dir.path().join("a.db")).expect("store");
        for shape in [&CLOSES, &REPEATS] {
            let mut stmt = store.conn().prepare(&format!("EXPLAIN QUERY PLAN {}", shape.sql(3))).expect("plan");
            let unbound = vec![rusqlite::types::Value::Null; stmt.parameter_count()];
            let plan: Vec<String> = stmt
                .query_map(rusqlite::params_from_iter(unbound), |r| r.get::<_, String>(3))
                .expect("plan")
                .collect::<rusqlite::Result<_>>()
                .expect("rows");
            assert!(plan.iter().any(|p| p == "SEARCH alarm USING INTEGER PRIMARY KEY (rowid=?)"), "{plan:?}");
            assert!(!plan.iter().any(|p| p.starts_with("SCAN alarm")), "{plan:?}");
        }
    }
}

//! Many rows to one statement. Every statement that writes an alarm runs with a statement journal
//! (its triggers and expression indexes make it one that may abort), and that journal copies each
//! page the statement touches before changing it. Written a row at a time, the same leaf pages of
//! a dozen indexes were copied again for every row; sixty-four rows to a statement wrote the
//! 13,414 alarms of the ingest benchmark in a third to a half of the time.

use rusqlite::{Statement, Transaction};

/// Rows to a statement: 27 columns of 64 rows stay far below SQLite's 32,766 parameters, and
/// 1,000 rows to a statement measured no faster.
pub const ROWS_PER_STATEMENT: usize = 64;

/// The three parts of a many-row statement: what comes before the rows, one row's parenthesised
/// list of `?` (repeated, comma-separated, once per row), and what comes after.
pub struct Shape<'s> {
    pub head: &'s str,
    pub row: &'s str,
    pub tail: &'s str,
}

impl Shape<'_> {
    /// The statement for `n` rows.
    pub fn sql(&self, n: usize) -> String {
        format!("{}{}{}", self.head, vec![self.row; n].join(", "), self.tail)
    }
}

/// Runs `shape` over `rows`, [`ROWS_PER_STATEMENT`] to a statement. `bind` binds one row's
/// parameters starting at the 1-based index it is given and answers the index after them.
pub fn write<T>(
    tx: &Transaction<'_>,
    shape: &Shape<'_>,
    rows: &[T],
    mut bind: impl FnMut(&mut Statement<'_>, usize, &T) -> rusqlite::Result<usize>,
) -> rusqlite::Result<()> {
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let sql = shape.sql(chunk.len());
        // Full chunks share one cached statement; a batch's one short chunk is prepared for itself
        // (caching every length would push the interactive statements out of the cache).
        if chunk.len() == ROWS_PER_STATEMENT {
            run(&mut *tx.prepare_cached(&sql)?, chunk, &mut bind)?;
        } else {
            run(&mut tx.prepare(&sql)?, chunk, &mut bind)?;
        }
    }
    Ok(())
}

fn run<T>(
    stmt: &mut Statement<'_>,
    chunk: &[T],
    bind: &mut impl FnMut(&mut Statement<'_>, usize, &T) -> rusqlite::Result<usize>,
) -> rusqlite::Result<()> {
    let mut at = 1;
    for row in chunk {
        at = bind(stmt, at, row)?;
    }
    stmt.raw_execute()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> rusqlite::Connection {
        let c = rusqlite::Connection::open_in_memory().expect("memory");
        c.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL);").expect("table");
        c
    }

    #[test]
    fn every_row_is_written_once_in_order_whatever_the_chunking() {
        for n in [0, 1, ROWS_PER_STATEMENT - 1, ROWS_PER_STATEMENT, ROWS_PER_STATEMENT + 1, 3 * ROWS_PER_STATEMENT + 5]
        {
            let mut c = table();
            let rows: Vec<(i64, String)> = (0..n as i64).map(|i| (i * 3 + 1, format!("r{i}"))).collect();
            let tx = c.transaction().expect("tx");
            let shape = Shape { head: "INSERT INTO t (id, name) VALUES ", row: "(?, ?)", tail: "" };
            write(&tx, &shape, &rows, |s, at, (id, name)| {
                s.raw_bind_parameter(at, id)?;
                s.raw_bind_parameter(at + 1, name)?;
                Ok(at + 2)
            })
            .expect("write");
            tx.commit().expect("commit");
            let got: Vec<(i64, String)> = c
                .prepare("SELECT id, name FROM t ORDER BY id")
                .expect("prepare")
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .expect("query")
                .collect::<rusqlite::Result<_>>()
                .expect("rows");
            assert_eq!(got, rows, "{n} rows");
        }
    }

    #[test]
    fn a_failing_chunk_fails_the_write() {
        let mut c = table();
        let tx = c.transaction().expect("tx");
        let shape = Shape { head: "INSERT INTO t (id, name) VALUES ", row: "(?, ?)", tail: "" };
        // The same id twice: the primary key refuses the second row.
        let rows = [(1_i64, "a"), (1, "b")];
        let r = write(&tx, &shape, &rows, |s, at, (id, name)| {
            s.raw_bind_parameter(at, id)?;
            s.raw_bind_parameter(at + 1, name)?;
            Ok(at + 2)
        });
        assert!(r.is_err(), "{r:?}");
    }
}

//! Reading the change log (migration 029): its newest sequence, and which tables changed after a
//! sequence. The triggers write it; nothing here writes.

use super::Result;
use crate::domain::changes::Changes;
use rusqlite::Connection;

/// The newest change's sequence (0 in an empty log).
pub fn newest(conn: &Connection) -> Result<i64> {
    Ok(conn.prepare_cached("SELECT COALESCE(MAX(seq), 0) FROM change_log")?.query_row([], |r| r.get(0))?)
}

/// The tables changed after `seq`. Everything, when the log was pruned past `seq` (the terminal
/// was asleep through more changes than it keeps) or a bulk load logged `*`.
pub fn since(conn: &Connection, seq: i64) -> Result<Changes> {
    let (oldest, newest): (Option<i64>, Option<i64>) = conn
        .prepare_cached("SELECT MIN(seq), MAX(seq) FROM change_log")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let Some(newest) = newest else { return Ok(Changes { seq, ..Changes::default() }) };
    if newest <= seq {
        // Nothing new; a sequence above the newest means the log was made afresh.
        return Ok(if newest < seq { Changes::everything(newest) } else { Changes { seq, ..Changes::default() } });
    }
    if oldest.is_some_and(|o| o > seq + 1) {
        return Ok(Changes::everything(newest));
    }
    let tables = conn
        .prepare_cached("SELECT DISTINCT tbl FROM change_log WHERE seq > ?1 AND seq <= ?2")?
        .query_map([seq, newest], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Changes::of(newest, tables))
}

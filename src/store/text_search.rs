//! The `/` search of every list, in one place: three characters or more go through a trigram
//! index (FTS5, migrations 010 and 011) as a phrase, so that 加油站 finds 中石化某某加油站
//! without a scan; one or two characters, below a trigram, find the texts that begin with them
//! through the indexes of their first two characters (migration 030), never by a scan. A search
//! so common that a list's first page lies within a few hundred rows ([`common`] tells) is
//! tested on each row as the list walks its own order ([`row_contains`]) instead.

use crate::domain::search::{lead_range, short};
use rusqlite::types::Value;

/// Where a list's text lives: the table, its trigram index and the indexed columns.
pub struct Indexed {
    pub table: &'static str,
    pub fts: &'static str,
    pub columns: &'static [&'static str],
}

pub const UNITS: Indexed = Indexed { table: "unit", fts: "unit_fts", columns: &["name", "address", "uscc"] };
pub const HAZARDS: Indexed = Indexed { table: "hazard", fts: "hazard_fts", columns: &["description", "measures"] };
pub const TIPOFFS: Indexed = Indexed { table: "tipoff", fts: "tipoff_fts", columns: &["description", "location"] };
pub const ALARMS: Indexed = Indexed { table: "alarm", fts: "alarm_fts", columns: &["headline", "event", "area"] };

/// `id_column IN (rows of `ix` whose text contains `q`)`, with its arguments; for one or two
/// characters, the rows whose text begins with them.
pub fn contains(ix: &Indexed, id_column: &str, q: &str, args: &mut Vec<Value>) -> String {
    format!("{id_column} IN ({})", matching(ix, q, args))
}

/// The ids of the rows of `ix` that `q` finds, through its indexes.
fn matching(ix: &Indexed, q: &str, args: &mut Vec<Value>) -> String {
    let q = q.trim();
    if !short(q) {
        args.push(Value::Text(format!("\"{}\"", q.replace('"', "\"\""))));
        return format!("SELECT rowid FROM {fts} WHERE {fts} MATCH ?", fts = ix.fts);
    }
    let (low, high) = lead_range(q);
    let leads: Vec<String> = ix
        .columns
        .iter()
        .map(|c| format!("SELECT id FROM {} WHERE {}", ix.table, lead_test(c, &low, high.as_deref(), args)))
        .collect();
    leads.join(" UNION ALL ")
}

/// `column`'s lead in the range from `low` up to `high`, as the lead indexes serve it.
fn lead_test(column: &str, low: &str, high: Option<&str>, args: &mut Vec<Value>) -> String {
    let key = format!("lower(substr({column}, 1, 2))");
    args.push(Value::Text(low.to_string()));
    match high {
        Some(h) => {
            args.push(Value::Text(h.to_string()));
            format!("({key} >= ? AND {key} < ?)")
        }
        None => format!("{key} >= ?"),
    }
}

/// The same test as [`contains`] on each row as a list walks its own order (`alias` is the
/// list's name for the table): for a query so common that the first page is found within a few
/// hundred rows, where gathering every match first would cost more than the page.
pub fn row_contains(ix: &Indexed, alias: &str, q: &str, args: &mut Vec<Value>) -> String {
    let q = q.trim();
    let tests: Vec<String> = if short(q) {
        let (low, high) = lead_range(q);
        ix.columns.iter().map(|c| lead_test(&format!("{alias}.{c}"), &low, high.as_deref(), args)).collect()
    } else {
        let escaped = q.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        ix.columns
            .iter()
            .map(|c| {
                args.push(Value::Text(format!("%{escaped}%")));
                format!("{alias}.{c} LIKE ? ESCAPE '\\'")
            })
            .collect()
    };
    format!("({})", tests.join(" OR "))
}

/// A search matching at least this many rows of a list's own text, or this many units
/// ([`COMMON_UNITS`]), is walked in the list's order instead of gathered first.
pub const COMMON: i64 = 2000;
pub const COMMON_UNITS: i64 = 200;

/// Whether `q` is so common in `ix` (its own text, or its units) that a page is best found by
/// walking the list (see [`row_contains`]): two index reads that stop at the threshold.
pub fn common(conn: &rusqlite::Connection, ix: &Indexed, q: &str) -> rusqlite::Result<bool> {
    let at_least = |ix: &Indexed, n: i64| -> rusqlite::Result<bool> {
        let mut args = Vec::new();
        // The index read stops at `n`, however many rows match.
        let sql = format!("SELECT count(*) FROM ({} LIMIT {n})", matching(ix, q, &mut args));
        let found: i64 = conn.prepare_cached(&sql)?.query_row(rusqlite::params_from_iter(args), |r| r.get(0))?;
        Ok(found >= n)
    };
    Ok(at_least(ix, COMMON)? || at_least(&UNITS, COMMON_UNITS)?)
}

/// [`own_or_unit`] on each row as the list walks (see [`row_contains`]).
pub fn row_own_or_unit(ix: &Indexed, alias: &str, unit_column: &str, q: &str, args: &mut Vec<Value>) -> String {
    let own = row_contains(ix, alias, q, args);
    let unit = contains(&UNITS, unit_column, q, args);
    format!("({own} OR {unit})")
}

/// A list's own text or its unit's name, address or code.
pub fn own_or_unit(ix: &Indexed, id_column: &str, unit_column: &str, q: &str, args: &mut Vec<Value>) -> String {
    let own = contains(ix, id_column, q, args);
    let unit = contains(&UNITS, unit_column, q, args);
    format!("({own} OR {unit})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_queries_use_the_index_as_a_phrase_and_short_ones_their_leads() {
        let mut args = Vec::new();
        let sql = contains(&HAZARDS, "h.id", "加油\"站", &mut args);
        assert_eq!(sql, "h.id IN (SELECT rowid FROM hazard_fts WHERE hazard_fts MATCH ?)");
        assert_eq!(args, vec![Value::Text("\"加油\"\"站\"".into())], "quotes typed are text, not syntax");
        let mut args = Vec::new();
        let sql = contains(&ALARMS, "a.id", " 5% ", &mut args);
        assert!(sql.contains("SELECT id FROM alarm WHERE (lower(substr(headline, 1, 2)) >= ? AND"), "{sql}");
        assert_eq!(sql.matches("UNION ALL").count(), 2, "{sql}");
        assert_eq!(args.len(), 6);
        assert_eq!(args[0], Value::Text("5%".into()), "a % typed is a percent sign, not a pattern");
        assert_eq!(args[1], Value::Text("5&".into()));
        // Tested on each row as a list walks: the list's own name for the table, and a typed %
        // is a percent sign there too.
        let mut args = Vec::new();
        let sql = row_contains(&ALARMS, "a", "5%浓度", &mut args);
        assert!(sql.starts_with("(a.headline LIKE ? ESCAPE '\\' OR a.event LIKE ?"), "{sql}");
        assert_eq!(args[0], Value::Text("%5\\%浓度%".into()));
        let mut args = Vec::new();
        let sql = row_contains(&ALARMS, "a", "粉", &mut args);
        assert!(sql.starts_with("((lower(substr(a.headline, 1, 2)) >= ? AND"), "{sql}");
        assert_eq!(args.len(), 6);
    }
}

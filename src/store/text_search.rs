//! The `/` search of every list, in one place: three characters or more go through a trigram
//! index (FTS5, migrations 010 and 011) as a phrase, so that 加油站 finds 中石化某某加油站
//! without a scan; one or two characters, below a trigram, find the texts that begin with them
//! through the indexes of their first two characters (migration 030), never by a scan.

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
    let q = q.trim();
    if !short(q) {
        args.push(Value::Text(format!("\"{}\"", q.replace('"', "\"\""))));
        return format!("{id_column} IN (SELECT rowid FROM {fts} WHERE {fts} MATCH ?)", fts = ix.fts);
    }
    let (low, high) = lead_range(q);
    let leads: Vec<String> = ix
        .columns
        .iter()
        .map(|c| {
            let key = format!("lower(substr({c}, 1, 2))");
            args.push(Value::Text(low.clone()));
            let upper = match &high {
                Some(h) => {
                    args.push(Value::Text(h.clone()));
                    format!(" AND {key} < ?")
                }
                None => String::new(),
            };
            format!("SELECT id FROM {} WHERE {key} >= ?{upper}", ix.table)
        })
        .collect();
    format!("{id_column} IN ({})", leads.join(" UNION ALL "))
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
        assert!(sql.contains("SELECT id FROM alarm WHERE lower(substr(headline, 1, 2)) >= ? AND"), "{sql}");
        assert_eq!(sql.matches("UNION ALL").count(), 2, "{sql}");
        assert_eq!(args.len(), 6);
        assert_eq!(args[0], Value::Text("5%".into()), "a % typed is a percent sign, not a pattern");
        assert_eq!(args[1], Value::Text("5&".into()));
    }
}

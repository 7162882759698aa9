//! What changed since a terminal last looked, as the change log (migration 029) tells it: the
//! tables written, or everything (a bulk load, or a terminal so far behind that the log no longer
//! reaches back to it). A screen is read again only when a table it shows is named here.

use std::collections::BTreeSet;

/// The tables that changed after a sequence, up to `seq`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Changes {
    /// The newest sequence these changes reach.
    pub seq: i64,
    /// Everything is to be read again: nothing can be told apart.
    pub everything: bool,
    pub tables: BTreeSet<String>,
}

/// The table a bulk load logs when it wrote without the per-row triggers.
pub const EVERYTHING: &str = "*";

impl Changes {
    pub fn everything(seq: i64) -> Changes {
        Changes { seq, everything: true, tables: BTreeSet::new() }
    }

    /// From the tables named after a sequence (`*` among them means everything).
    pub fn of(seq: i64, tables: impl IntoIterator<Item = String>) -> Changes {
        let tables: BTreeSet<String> = tables.into_iter().collect();
        if tables.contains(EVERYTHING) {
            return Changes::everything(seq);
        }
        Changes { seq, everything: false, tables }
    }

    pub fn is_empty(&self) -> bool {
        !self.everything && self.tables.is_empty()
    }

    /// These changes and `later` ones, as one.
    pub fn merge(&mut self, later: &Changes) {
        self.seq = self.seq.max(later.seq);
        self.everything |= later.everything;
        self.tables.extend(later.tables.iter().cloned());
    }

    /// Whether anything read from `tables` may have changed.
    pub fn touches(&self, tables: &[&str]) -> bool {
        self.everything || tables.iter().any(|t| self.tables.contains(*t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn touches_reads_the_named_tables_and_everything_touches_all() {
        let alarms = Changes::of(9, ["alarm".to_string(), "feed".to_string()]);
        let cases: &[(&Changes, &[&str], bool)] = &[
            (&alarms, &["alarm"], true),
            (&alarms, &["hazard", "unit"], false),
            (&alarms, &["hazard", "feed"], true),
            (&alarms, &[], false),
            (&Changes::everything(9), &["hazard"], true),
            (&Changes::of(3, ["unit".to_string(), EVERYTHING.to_string()]), &["hazard"], true),
            (&Changes::default(), &["alarm"], false),
        ];
        for (changes, tables, want) in cases {
            assert_eq!(changes.touches(tables), *want, "{changes:?} {tables:?}");
        }
        assert!(Changes::default().is_empty());
        let mut kept = Changes::of(3, ["unit".to_string()]);
        kept.merge(&alarms);
        assert_eq!(
            (kept.seq, kept.touches(&["unit"]), kept.touches(&["feed"]), kept.everything),
            (9, true, true, false)
        );
        kept.merge(&Changes::everything(5));
        assert!(kept.everything && kept.seq == 9);
        assert!(!Changes::everything(1).is_empty());
    }
}

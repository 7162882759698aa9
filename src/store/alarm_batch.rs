//! Raises cleared within the same batch. A monitor feed read after a pause carries many alarms
//! that were raised and cleared while it was not read; storing such a raise as new and then
//! updating it to resolved cost a third of a sync's time (the update rewrites the row and every
//! index that depends on its status). The raise is stored resolved at once instead, with exactly
//! what the update would have left.

use super::alarms::{Incoming, Kind};
use std::collections::{HashMap, HashSet};

/// For each entry, the later entry that clears it: the next entry with the same key, when that
/// one is a clear. A key that any entry of the batch references (a CAP update or cancel) is
/// never folded, so what those close is decided row by row as before.
pub fn cleared_later(batch: &[Incoming]) -> Vec<Option<usize>> {
    let referenced: HashSet<&str> = batch.iter().flat_map(|a| a.references.iter().map(String::as_str)).collect();
    let mut out = vec![None; batch.len()];
    let mut last: HashMap<&str, usize> = HashMap::with_capacity(batch.len());
    for (j, a) in batch.iter().enumerate() {
        if let Some(i) = last.insert(a.dedup_key.as_str(), j)
            && a.kind == Kind::Cleared
            && batch[i].kind == Kind::Alert
            && !referenced.contains(a.dedup_key.as_str())
        {
            out[i] = Some(j);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(key: &str, kind: Kind, refs: &[&str]) -> Incoming {
        Incoming {
            dedup_key: key.into(),
            kind,
            source: "monitor",
            msg_status: "Actual".into(),
            level: crate::domain::RiskLevel::General,
            headline: String::new(),
            event: String::new(),
            language: String::new(),
            description: String::new(),
            instruction: String::new(),
            area: String::new(),
            sender: String::new(),
            sent: "2026-11-23T08:00:00+08:00".into(),
            expires: None,
            unit_uscc: None,
            references: refs.iter().map(|r| r.to_string()).collect(),
            retrigger: true,
            geo: Default::default(),
        }
    }

    #[test]
    fn a_raise_is_folded_only_into_the_next_entry_of_its_key_when_that_clears_it() {
        use Kind::{Alert as R, Cleared as C, Update as U};
        type Entry<'a> = (&'a str, Kind, &'a [&'a str]);
        let cases: &[(&[Entry], &[Option<usize>])] = &[
            (&[("a", R, &[]), ("a", C, &[])], &[Some(1), None]),
            (&[("a", R, &[]), ("b", R, &[]), ("a", C, &[])], &[Some(2), None, None]),
            // A repeat in between: the repeat is the raise the clear follows, and it is a count on
            // the first row, so nothing is folded.
            (&[("a", R, &[]), ("a", R, &[]), ("a", C, &[])], &[None, Some(2), None]),
            // A clear with no raise before it in the batch clears what is stored.
            (&[("a", C, &[]), ("a", R, &[])], &[None, None]),
            // Raised, cleared, raised again: the second raise is a new row of its own.
            (&[("a", R, &[]), ("a", C, &[]), ("a", R, &[])], &[Some(1), None, None]),
            // A key referenced by an update anywhere in the batch is left to the row-by-row rules.
            (&[("a", R, &[]), ("u", U, &["a"]), ("a", C, &[])], &[None, None, None]),
            (&[], &[]),
        ];
        for (entries, want) in cases {
            let batch: Vec<Incoming> = entries.iter().map(|(k, kind, refs)| entry(k, *kind, refs)).collect();
            assert_eq!(cleared_later(&batch), want.to_vec(), "{entries:?}");
        }
    }
}

//! Raises cleared within the same batch. A monitor feed read after a pause carries many alarms
//! that were raised and cleared while it was not read; storing such a raise as new and then
//! updating it to resolved cost a third of a sync's time (the update rewrites the row and every
//! index that depends on its status). The raise is stored resolved at once instead, with exactly
//! what the update would have left.

use std::collections::{HashMap, HashSet};

/// What the fold needs of an incoming alarm.
#[derive(Debug, Clone, Copy)]
pub struct Seen<'a> {
    pub key: &'a str,
    pub step: Step,
    /// Keys of the alarms it updates or cancels.
    pub references: &'a [String],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Raise,
    Clear,
    /// A CAP update or cancel.
    Other,
}

/// For each entry, the later entry that clears it: the next entry with the same key, when that
/// one is a clear. A key that any entry of the batch references (a CAP update or cancel) is
/// never folded, so what those close is decided row by row as before.
pub fn cleared_later(batch: &[Seen<'_>]) -> Vec<Option<usize>> {
    let referenced: HashSet<&str> = batch.iter().flat_map(|a| a.references.iter().map(String::as_str)).collect();
    let mut out = vec![None; batch.len()];
    let mut last: HashMap<&str, usize> = HashMap::with_capacity(batch.len());
    for (j, a) in batch.iter().enumerate() {
        if let Some(i) = last.insert(a.key, j)
            && a.step == Step::Clear
            && batch[i].step == Step::Raise
            && !referenced.contains(a.key)
        {
            out[i] = Some(j);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_raise_is_folded_only_into_the_next_entry_of_its_key_when_that_clears_it() {
        use Step::{Clear as C, Other as U, Raise as R};
        type Entry<'a> = (&'a str, Step, &'a [&'a str]);
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
            let refs: Vec<Vec<String>> =
                entries.iter().map(|(_, _, r)| r.iter().map(|s| s.to_string()).collect()).collect();
            let batch: Vec<Seen> = entries
                .iter()
                .zip(&refs)
                .map(|((key, step, _), references)| Seen { key, step: *step, references })
                .collect();
            assert_eq!(cleared_later(&batch), want.to_vec(), "{entries:?}");
        }
    }
}

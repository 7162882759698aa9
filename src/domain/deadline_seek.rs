//! Keyset paging of the merged Deadlines list in both directions. A row's place in the merge is
//! its [`MergeKey`] — urgency class and weighted days, then due date, stream and the row's order
//! within its stream — so a page can start just after (or before) a row the screen holds without
//! merging everything above it. Each source is one stream of constant weight, in which the key
//! grows strictly with the due date; that is what lets a key be turned into each stream's own
//! (due, order) bound ([`after_bound`], [`before_bound`]) and the merge start there.

use super::deadline::Deadline;
use chrono::{Duration, NaiveDate};
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Where a row sits in the merged list; ordered as the list is.
#[derive(Debug, Clone, PartialEq)]
pub struct MergeKey {
    /// 0 overdue, 1 not.
    pub class: u8,
    /// Days overdue (negative), or weighted days left.
    pub value: f64,
    pub due: NaiveDate,
    /// The source's fixed place among the sources (ties between sources go to the earlier).
    pub stream: u8,
    /// The row's order within its stream (its id, or its place in a list made in memory).
    pub ord: i64,
}

impl MergeKey {
    pub fn of(d: &Deadline, today: NaiveDate, stream: u8, ord: i64) -> MergeKey {
        let (class, value) = d.urgency(today);
        MergeKey { class, value, due: d.due, stream, ord }
    }

    fn urgency(&self) -> (u8, f64) {
        (self.class, self.value)
    }
}

impl Eq for MergeKey {}

impl PartialOrd for MergeKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for MergeKey {
    fn cmp(&self, o: &Self) -> Ordering {
        self.class
            .cmp(&o.class)
            .then(self.value.total_cmp(&o.value))
            .then(self.due.cmp(&o.due))
            .then(self.stream.cmp(&o.stream))
            .then(self.ord.cmp(&o.ord))
    }
}

/// The urgency a row of weight `w` due on `due` has (as [`Deadline::urgency`]).
fn urgency_at(due: NaiveDate, today: NaiveDate, w: f64) -> (u8, f64) {
    let days = (due - today).num_days() as f64;
    if days < 0.0 { (0, days) } else { (1, days * w) }
}

fn cmp_urgency(a: (u8, f64), b: (u8, f64)) -> Ordering {
    a.0.cmp(&b.0).then(a.1.total_cmp(&b.1))
}

/// A first guess at the date whose urgency in a stream of weight `w` is `k`'s.
fn guess(k: &MergeKey, today: NaiveDate, w: f64) -> NaiveDate {
    let days = if k.class == 0 { k.value } else { (k.value / w.max(1e-9)).floor() };
    today + Duration::days(days.clamp(-40_000.0, 40_000.0) as i64)
}

/// For the stream `stream` of weight `w`: its rows after `k` in the merge are those whose
/// (due, order) is greater than the returned pair.
pub fn after_bound(k: &MergeKey, stream: u8, w: f64, today: NaiveDate) -> (NaiveDate, i64) {
    // The first date whose urgency is not below k's.
    let mut c = guess(k, today, w);
    for _ in 0..4 {
        if cmp_urgency(urgency_at(c - Duration::days(1), today, w), k.urgency()) == Ordering::Less {
            break;
        }
        c -= Duration::days(1);
    }
    for _ in 0..4 {
        if cmp_urgency(urgency_at(c, today, w), k.urgency()) != Ordering::Less {
            break;
        }
        c += Duration::days(1);
    }
    let everything_from_c = (c - Duration::days(1), i64::MAX);
    if cmp_urgency(urgency_at(c, today, w), k.urgency()) == Ordering::Greater {
        return everything_from_c;
    }
    match (c, stream).cmp(&(k.due, k.stream)) {
        Ordering::Greater => everything_from_c,
        Ordering::Less => (c, i64::MAX),
        Ordering::Equal => (c, k.ord),
    }
}

/// For the stream `stream` of weight `w`: its rows before `k` in the merge are those whose
/// (due, order) is less than the returned pair.
pub fn before_bound(k: &MergeKey, stream: u8, w: f64, today: NaiveDate) -> (NaiveDate, i64) {
    // The last date whose urgency is not above k's.
    let mut c = guess(k, today, w);
    for _ in 0..4 {
        if cmp_urgency(urgency_at(c + Duration::days(1), today, w), k.urgency()) == Ordering::Greater {
            break;
        }
        c += Duration::days(1);
    }
    for _ in 0..4 {
        if cmp_urgency(urgency_at(c, today, w), k.urgency()) != Ordering::Greater {
            break;
        }
        c -= Duration::days(1);
    }
    let everything_to_c = (c + Duration::days(1), i64::MIN);
    if cmp_urgency(urgency_at(c, today, w), k.urgency()) == Ordering::Less {
        return everything_to_c;
    }
    match (c, stream).cmp(&(k.due, k.stream)) {
        Ordering::Less => everything_to_c,
        Ordering::Greater => (c, i64::MIN),
        Ordering::Equal => (c, k.ord),
    }
}

/// One stream: its fixed place and its rows with their order, in due order (or reversed).
pub type Stream<'a> = (u8, Box<dyn Iterator<Item = (Deadline, i64)> + 'a>);

struct Head {
    key: MergeKey,
    forward: bool,
    source: usize,
    item: Deadline,
}

impl PartialEq for Head {
    fn eq(&self, o: &Self) -> bool {
        self.key == o.key
    }
}
impl Eq for Head {}
impl PartialOrd for Head {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Head {
    /// The max-heap pops the smallest key going forward, the largest going backward.
    fn cmp(&self, o: &Self) -> Ordering {
        if self.forward { o.key.cmp(&self.key) } else { self.key.cmp(&o.key) }
    }
}

/// Merges streams (each in due order going forward, reversed going backward) into at most `take`
/// rows with their keys, skipping `skip`, in the direction's order.
pub fn merge(
    streams: Vec<Stream<'_>>,
    today: NaiveDate,
    forward: bool,
    skip: usize,
    take: usize,
) -> Vec<(Deadline, MergeKey)> {
    let mut streams = streams;
    let mut heap = BinaryHeap::new();
    for (i, (id, s)) in streams.iter_mut().enumerate() {
        if let Some((item, ord)) = s.next() {
            heap.push(Head { key: MergeKey::of(&item, today, *id, ord), forward, source: i, item });
        }
    }
    let mut out = Vec::new();
    let mut n = 0;
    while let Some(Head { key, source, item, .. }) = heap.pop() {
        let (id, s) = &mut streams[source];
        if let Some((next, ord)) = s.next() {
            heap.push(Head { key: MergeKey::of(&next, today, *id, ord), forward, source, item: next });
        }
        if n >= skip {
            out.push((item, key));
            if out.len() >= take {
                break;
            }
        }
        n += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::deadline::DeadlineKind;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn item(kind: DeadlineKind, severe: bool, due: &str) -> Deadline {
        Deadline {
            kind,
            due: d(due),
            title: String::new(),
            unit_id: None,
            unit_uscc: None,
            grid_id: None,
            reference: String::new(),
            severe,
        }
    }

    /// A source: its place, kind and severity, and its rows with their order.
    type Source = (u8, DeadlineKind, bool, Vec<(Deadline, i64)>);

    /// Streams of the list's weights, rows bunched on a few dates as real sources are.
    fn sources() -> Vec<Source> {
        let dates = ["2026-11-01", "2026-11-20", "2026-11-23", "2026-11-30", "2026-12-31", "2027-03-31", "2027-06-30"];
        let mut out = Vec::new();
        for (id, (kind, severe)) in [
            (DeadlineKind::SelfInspection, false),
            (DeadlineKind::Drill, false),
            (DeadlineKind::Hazard, true),
            (DeadlineKind::Hazard, false),
            (DeadlineKind::TipoffVerify, false),
            (DeadlineKind::PlanMeasure, false),
        ]
        .into_iter()
        .enumerate()
        {
            let mut rows = Vec::new();
            let mut ord = 0;
            for (j, due) in dates.iter().enumerate() {
                for _ in 0..((id + j) % 3 + 1) {
                    ord += 1 + (id as i64 % 2);
                    rows.push((item(kind, severe, due), ord));
                }
            }
            out.push((id as u8, kind, severe, rows));
        }
        out
    }

    fn streams(src: &[Source], bound: &dyn Fn(u8, f64) -> Option<((NaiveDate, i64), bool)>) -> Vec<Stream<'static>> {
        src.iter()
            .map(|(id, kind, severe, rows)| {
                let w = item(*kind, *severe, "2026-01-01").weight();
                let mut rows: Vec<(Deadline, i64)> = match bound(*id, w) {
                    None => rows.clone(),
                    Some((b, true)) => rows.iter().filter(|(r, o)| (r.due, *o) > b).cloned().collect(),
                    Some((b, false)) => rows.iter().filter(|(r, o)| (r.due, *o) < b).cloned().collect(),
                };
                if matches!(bound(*id, w), Some((_, false))) {
                    rows.reverse();
                }
                (*id, Box::new(rows.into_iter()) as Box<dyn Iterator<Item = (Deadline, i64)>>)
            })
            .collect()
    }

    /// From any row, the rows after it (and before it) through the streams' bounds are exactly
    /// the merged list's rows after (and before) it.
    #[test]
    fn pages_after_and_before_any_row_equal_the_merged_list() {
        let today = d("2026-11-23");
        let src = sources();
        let all = merge(streams(&src, &|_, _| None), today, true, 0, usize::MAX);
        assert!(all.windows(2).all(|p| p[0].1 < p[1].1), "the merge is in key order");
        for (i, (_, k)) in all.iter().enumerate() {
            let after =
                merge(streams(&src, &|s, w| Some((after_bound(k, s, w, today), true))), today, true, 0, usize::MAX);
            let keys: Vec<&MergeKey> = after.iter().map(|(_, k)| k).collect();
            let want: Vec<&MergeKey> = all[i + 1..].iter().map(|(_, k)| k).collect();
            assert_eq!(keys, want, "after row {i}");
            let before =
                merge(streams(&src, &|s, w| Some((before_bound(k, s, w, today), false))), today, false, 0, usize::MAX);
            let mut keys: Vec<&MergeKey> = before.iter().map(|(_, k)| k).collect();
            keys.reverse();
            let want: Vec<&MergeKey> = all[..i].iter().map(|(_, k)| k).collect();
            assert_eq!(keys, want, "before row {i}");
        }
        let last = merge(streams(&src, &|_, _| Some(((d("9999-12-31"), i64::MAX), false))), today, false, 0, 5);
        let tail: Vec<&MergeKey> = all[all.len() - 5..].iter().rev().map(|(_, k)| k).collect();
        assert_eq!(last.iter().map(|(_, k)| k).collect::<Vec<_>>(), tail, "the last page read backwards");
    }
}

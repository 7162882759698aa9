//! Upstream clocks that run ahead. An alarm dated three hours in the future sorts above every real
//! one until its time comes; feed health says so instead of leaving the queue looking wrong.

use chrono::{DateTime, FixedOffset};

/// Ahead by less than this is ordinary drift and delivery delay, not a wrong clock.
pub const TOLERANCE_SECONDS: i64 = 10 * 60;

/// The most any of `times` is ahead of `now`, in seconds, if that is beyond the tolerance.
pub fn ahead_of(now: DateTime<FixedOffset>, times: impl IntoIterator<Item = DateTime<FixedOffset>>) -> Option<i64> {
    times.into_iter().map(|t| (t - now).num_seconds()).max().filter(|s| *s > TOLERANCE_SECONDS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).expect("time")
    }

    #[test]
    fn ahead_of_table() {
        let now = at("2026-11-23T09:30:00+08:00");
        let cases: &[(&[&str], Option<i64>)] = &[
            (&[], None),
            (&["2026-11-23T09:00:00+08:00"], None),
            (&["2026-11-23T09:40:00+08:00"], None),
            (&["2026-11-23T09:40:01+08:00"], Some(601)),
            // Another zone, the same instant: 01:30 UTC is 09:30 in Beijing.
            (&["2026-11-23T01:30:00+00:00"], None),
            (&["2026-11-23T12:30:00+08:00", "2026-11-23T09:00:00+08:00"], Some(3 * 3600)),
            (&["2026-11-22T09:30:00+08:00", "2027-11-23T09:30:00+08:00"], Some(365 * 86400)),
        ];
        for (times, want) in cases {
            assert_eq!(ahead_of(now, times.iter().map(|t| at(t))), *want, "{times:?}");
        }
    }
}

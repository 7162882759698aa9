//! Rectification rates the way the annual assessment counts them (seed 003, point 8: 按期整改率,
//! the on-time rectification rate of major hazards found in a year).
//!
//! For the hazards found in a period, as of a date:
//! - rectification rate (整改率) = closed ÷ found;
//! - on-time rate (按期整改率) = closed on or before the deadline ÷ hazards that had to be done by
//!   the as-of date (deadline passed, or closed already). A hazard still inside its deadline is not
//!   counted against the office.

use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HazardFacts {
    pub found: NaiveDate,
    pub deadline: NaiveDate,
    pub closed: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rates {
    pub found: u64,
    pub closed: u64,
    /// Hazards that had to be rectified by the as-of date.
    pub due: u64,
    pub on_time: u64,
}

impl Rates {
    pub fn add(&mut self, h: &HazardFacts, as_of: NaiveDate) {
        self.found += 1;
        let closed = h.closed.filter(|c| *c <= as_of);
        if closed.is_some() {
            self.closed += 1;
        }
        if h.deadline < as_of || closed.is_some() {
            self.due += 1;
            if closed.is_some_and(|c| c <= h.deadline) {
                self.on_time += 1;
            }
        }
    }

    /// Share closed, in percent; `None` when nothing was found.
    pub fn rectification(&self) -> Option<f64> {
        (self.found > 0).then(|| self.closed as f64 * 100.0 / self.found as f64)
    }

    /// Share closed on time among those due, in percent; `None` when nothing was due yet.
    pub fn on_time_rate(&self) -> Option<f64> {
        (self.due > 0).then(|| self.on_time as f64 * 100.0 / self.due as f64)
    }

    pub fn of(hazards: &[HazardFacts], as_of: NaiveDate) -> Rates {
        let mut r = Rates::default();
        for h in hazards {
            r.add(h, as_of);
        }
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    /// Worked by hand: five hazards found in 2026Q3, looked at on 2026-10-15.
    ///
    /// | # | deadline   | closed     | due by 10-15? | on time? |
    /// | 1 | 2026-08-31 | 2026-08-20 | yes (closed)  | yes      |
    /// | 2 | 2026-09-15 | 2026-09-20 | yes           | no (late)|
    /// | 3 | 2026-09-30 | -          | yes (passed)  | no       |
    /// | 4 | 2026-11-30 | -          | no (not yet)  | -        |
    /// | 5 | 2026-12-31 | 2026-10-01 | yes (closed)  | yes      |
    ///
    /// found 5, closed 3 → 60 %; due 4, on time 2 → 50 %.
    #[test]
    fn hand_worked_example() {
        let h = |deadline: &str, closed: Option<&str>| HazardFacts {
            found: d("2026-08-01"),
            deadline: d(deadline),
            closed: closed.map(d),
        };
        let set = [
            h("2026-08-31", Some("2026-08-20")),
            h("2026-09-15", Some("2026-09-20")),
            h("2026-09-30", None),
            h("2026-11-30", None),
            h("2026-12-31", Some("2026-10-01")),
        ];
        let r = Rates::of(&set, d("2026-10-15"));
        assert_eq!(r, Rates { found: 5, closed: 3, due: 4, on_time: 2 });
        assert_eq!(r.rectification(), Some(60.0));
        assert_eq!(r.on_time_rate(), Some(50.0));
        // Seen from 2026-09-10, only #1 was due (and closed on time); #5 was not yet closed.
        let early = Rates::of(&set, d("2026-09-10"));
        assert_eq!(early, Rates { found: 5, closed: 1, due: 1, on_time: 1 });
        assert_eq!(Rates::default().on_time_rate(), None);
    }
}

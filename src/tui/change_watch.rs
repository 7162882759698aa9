//! When a terminal reads its screen again after another connection committed. A sync's commit is
//! seen by every terminal at once, and 200 terminals reading again in the same quarter second
//! kept both cores of the office server busy for a tenth of a second: every key pressed in that
//! time waited behind them (the 200-session bench's p99). So each terminal waits its own share of
//! [`SPREAD`] after it first sees a change, and their reads spread over it; after that it reads at
//! most once every [`CHANGE_EVERY`]. The store worker and the sessions bench both decide with
//! this, so the bench measures what a terminal does.

use std::time::{Duration, Instant};

/// At most one "the data changed" a terminal hears in this long: a sync commits several times a
/// second, and each signal makes the terminal read its shown screen again.
pub const CHANGE_EVERY: Duration = Duration::from_secs(2);

/// The longest a terminal waits after it first sees a change before it reads again; each terminal
/// waits its own part of it. A change shows within this plus the worker's poll (half a second).
pub const SPREAD: Duration = Duration::from_millis(800);

#[derive(Debug, Clone)]
pub struct ChangeWatch {
    version: i64,
    told: Option<Instant>,
    noticed: Option<Instant>,
    delay: Duration,
}

impl ChangeWatch {
    /// A watch that has seen `version`, waiting this process's share of [`SPREAD`] (each SSH
    /// login runs its own process, so process ids spread the terminals).
    pub fn new(version: i64) -> ChangeWatch {
        ChangeWatch::with_delay(version, share_of_spread(std::process::id()))
    }

    pub fn with_delay(version: i64, delay: Duration) -> ChangeWatch {
        ChangeWatch { version, told: None, noticed: None, delay: delay.min(SPREAD) }
    }

    /// Given the `data_version` now: whether to read the change log now. When it says yes the
    /// version counts as seen; call [`ChangeWatch::told`] if the screen was told (a commit that
    /// changed nothing shown is not counted against [`CHANGE_EVERY`]).
    pub fn due(&mut self, version: i64, now: Instant) -> bool {
        if version == self.version {
            return false;
        }
        let noticed = *self.noticed.get_or_insert(now);
        if now < noticed + self.delay || self.told.is_some_and(|t| now < t + CHANGE_EVERY) {
            return false;
        }
        self.version = version;
        self.noticed = None;
        true
    }

    pub fn told(&mut self, now: Instant) {
        self.told = Some(now);
    }

    /// How long until [`ChangeWatch::due`] could say yes to a change already seen (None: no
    /// change is waiting), so the worker wakes for it instead of on its next poll.
    pub fn wait(&self, now: Instant) -> Option<Duration> {
        let noticed = self.noticed?;
        let at = (noticed + self.delay).max(self.told.map_or(now, |t| t + CHANGE_EVERY));
        Some(at.saturating_duration_since(now))
    }
}

/// A share of [`SPREAD`] from a process id: ids given out one after another land far apart.
fn share_of_spread(pid: u32) -> Duration {
    let mixed = u64::from(pid).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32;
    SPREAD * (mixed % 1000) as u32 / 1000
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_is_read_after_the_terminal_s_own_wait_then_at_most_once_every_change_every() {
        let t0 = Instant::now();
        let ms = |n: u64| t0 + Duration::from_millis(n);
        let mut w = ChangeWatch::with_delay(1, Duration::from_millis(300));
        assert!(!w.due(1, ms(0)), "nothing new");
        assert_eq!(w.wait(ms(0)), None);
        assert!(!w.due(2, ms(100)), "seen, waiting its share");
        assert_eq!(w.wait(ms(100)), Some(Duration::from_millis(300)));
        assert!(!w.due(3, ms(399)));
        assert!(w.due(3, ms(400)), "its share has passed");
        w.told(ms(400));
        assert!(!w.due(3, ms(450)), "that version is seen");
        assert!(!w.due(4, ms(500)), "told less than CHANGE_EVERY ago");
        assert_eq!(w.wait(ms(500)), Some(Duration::from_millis(1900)));
        assert!(!w.due(5, ms(2399)));
        assert!(w.due(5, ms(2400)));
        // Read, but nothing shown had changed: not told, so the next change waits only its share.
        assert!(!w.due(6, ms(5000)));
        assert!(w.due(6, ms(5300)));
        assert!(!w.due(7, ms(5301)));
        assert!(w.due(7, ms(5601)));
    }

    #[test]
    fn process_ids_spread_over_the_whole_spread() {
        let shares: Vec<Duration> = (1000..1200).map(share_of_spread).collect();
        assert!(shares.iter().all(|s| *s < SPREAD));
        // 200 consecutive ids: every tenth of SPREAD holds some of them, none more than twice its share.
        for tenth in 0..10u32 {
            let (lo, hi) = (SPREAD * tenth / 10, SPREAD * (tenth + 1) / 10);
            let n = shares.iter().filter(|s| **s >= lo && **s < hi).count();
            assert!((5..=40).contains(&n), "tenth {tenth}: {n} of 200");
        }
    }
}

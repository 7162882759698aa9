//! The sign-in rate limit: after five wrong PINs for a name within fifteen minutes, that name is
//! refused until fifteen minutes after the first of those five, so guessing a four-digit PIN takes
//! weeks; a right PIN clears the count.

use chrono::{DateTime, Duration, FixedOffset};

pub const MAX_FAILURES: usize = 5;
pub const WINDOW_MINUTES: i64 = 15;

/// `failures` are the wrong attempts since the last success, oldest first.
pub fn locked_until(failures: &[DateTime<FixedOffset>], now: DateTime<FixedOffset>) -> Option<DateTime<FixedOffset>> {
    let window = Duration::minutes(WINDOW_MINUTES);
    let recent: Vec<_> = failures.iter().filter(|t| now - **t < window).collect();
    if recent.len() < MAX_FAILURES {
        return None;
    }
    let first = recent[recent.len() - MAX_FAILURES];
    Some(*first + window).filter(|until| *until > now)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(m: i64) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-23T09:00:00+08:00").expect("time") + Duration::minutes(m)
    }

    #[test]
    fn five_wrong_in_fifteen_minutes_lock_the_name() {
        let four = [t(0), t(1), t(2), t(3)];
        assert_eq!(locked_until(&four, t(4)), None);
        let five = [t(0), t(1), t(2), t(3), t(4)];
        assert_eq!(locked_until(&five, t(5)), Some(t(15)));
        assert_eq!(locked_until(&five, t(15)), None, "the window has passed");
        // Old failures do not count.
        let spread = [t(0), t(20), t(21), t(22), t(23)];
        assert_eq!(locked_until(&spread, t(24)), None);
        let six = [t(0), t(10), t(11), t(12), t(13), t(14)];
        assert_eq!(locked_until(&six, t(14)), Some(t(25)), "counted from the first of the last five");
    }
}

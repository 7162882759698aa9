//! Signing in: what a PIN must be, and the rate limit. After five wrong PINs for a name at one
//! place (a station, the local terminal) within fifteen minutes, that name is refused there until
//! fifteen minutes after the first of those five; a right PIN or an admin's unlock clears it. The
//! count is per place, so a station cannot lock the office's admin out of the duty room; a place
//! where twenty wrong PINs were tried in the window (many names guessed) is refused for a while too.

use chrono::{DateTime, Duration, FixedOffset};

pub const MAX_FAILURES: usize = 5;
pub const MAX_PLACE_FAILURES: usize = 20;
pub const WINDOW_MINUTES: i64 = 15;

/// The shortest PIN an office may configure, and the default.
pub const MIN_PIN_LENGTH: usize = 6;

/// Why a PIN is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinProblem {
    TooShort { min: usize },
    NotDigits,
}

impl PinProblem {
    pub fn text(self, zh: bool) -> String {
        match (self, zh) {
            (PinProblem::TooShort { min }, true) => format!("PIN 至少 {min} 位数字"),
            (PinProblem::TooShort { min }, false) => format!("the PIN must have at least {min} digits"),
            (PinProblem::NotDigits, true) => "PIN 只能是数字".into(),
            (PinProblem::NotDigits, false) => "the PIN must be digits only".into(),
        }
    }
}

/// Checks a new PIN against the office's length (never below [`MIN_PIN_LENGTH`]).
pub fn check_pin(pin: &str, min_len: usize) -> Result<(), PinProblem> {
    let min = min_len.max(MIN_PIN_LENGTH);
    if !pin.chars().all(|c| c.is_ascii_digit()) {
        return Err(PinProblem::NotDigits);
    }
    if pin.len() < min {
        return Err(PinProblem::TooShort { min });
    }
    Ok(())
}

/// `failures` are the wrong attempts since the last success, oldest first; `max` of them within
/// the window lock until the window after the first of those has passed.
pub fn locked_until(
    failures: &[DateTime<FixedOffset>],
    now: DateTime<FixedOffset>,
    max: usize,
) -> Option<DateTime<FixedOffset>> {
    let window = Duration::minutes(WINDOW_MINUTES);
    let recent: Vec<_> = failures.iter().filter(|t| now - **t < window).collect();
    if recent.len() < max {
        return None;
    }
    let first = recent[recent.len() - max];
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
        assert_eq!(locked_until(&four, t(4), MAX_FAILURES), None);
        let five = [t(0), t(1), t(2), t(3), t(4)];
        assert_eq!(locked_until(&five, t(5), MAX_FAILURES), Some(t(15)));
        assert_eq!(locked_until(&five, t(15), MAX_FAILURES), None, "the window has passed");
        // Old failures do not count.
        let spread = [t(0), t(20), t(21), t(22), t(23)];
        assert_eq!(locked_until(&spread, t(24), MAX_FAILURES), None);
        let six = [t(0), t(10), t(11), t(12), t(13), t(14)];
        assert_eq!(locked_until(&six, t(14), MAX_FAILURES), Some(t(25)), "counted from the first of the last five");
        assert_eq!(locked_until(&six, t(14), MAX_PLACE_FAILURES), None);
    }

    #[test]
    fn pins() {
        let table: &[(&str, usize, Result<(), PinProblem>)] = &[
            ("123456", 6, Ok(())),
            ("12345678", 8, Ok(())),
            ("1234", 6, Err(PinProblem::TooShort { min: 6 })),
            ("1234", 4, Err(PinProblem::TooShort { min: 6 })),
            ("1234567", 8, Err(PinProblem::TooShort { min: 8 })),
            ("12345a", 6, Err(PinProblem::NotDigits)),
            ("１２３４５６", 6, Err(PinProblem::NotDigits)),
            ("", 6, Err(PinProblem::TooShort { min: 6 })),
        ];
        for (pin, min, want) in table {
            assert_eq!(check_pin(pin, *min), *want, "{pin} min {min}");
        }
        assert_eq!(PinProblem::TooShort { min: 6 }.text(true), "PIN 至少 6 位数字");
    }
}

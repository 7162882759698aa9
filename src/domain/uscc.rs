//! Unified Social Credit Code (统一社会信用代码), GB 32100-2015.
//!
//! The code is the key that ties a unit to alarms, tip-offs and imported sheets, so a mistyped code
//! must be caught at the door with a message that tells the clerk which character is wrong.

use std::fmt;

/// The 31 characters of the code: digits and capitals without I, O, S, V, Z.
pub const CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsccError {
    WrongLength { len: usize },
    ForbiddenChar { position: usize, ch: char },
    BadRegistrar { ch: char },
    BadCheck { found: char, expected: char },
}

impl fmt::Display for UsccError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UsccError::WrongLength { len } => {
                write!(f, "wrong length: {len} characters, a USCC has 18")
            }
            UsccError::ForbiddenChar { position, ch } => {
                write!(f, "character {position} '{ch}' is not allowed (digits and capitals except I O S V Z)")
            }
            UsccError::BadRegistrar { ch } => {
                write!(f, "first character '{ch}' is not a registration authority (1-9, A, N or Y)")
            }
            UsccError::BadCheck { found, expected } => {
                write!(f, "bad check character '{found}', expected '{expected}'")
            }
        }
    }
}

impl std::error::Error for UsccError {}

fn value(ch: char) -> Option<u32> {
    CHARSET.find(ch).map(|i| i as u32)
}

/// The check character for the first 17 characters, or `None` if one of them is outside the set.
pub fn check_char(first17: &str) -> Option<char> {
    let mut sum = 0;
    for (i, ch) in first17.chars().enumerate().take(17) {
        sum += value(ch)? * WEIGHTS[i];
    }
    let check = (31 - sum % 31) % 31;
    CHARSET.chars().nth(check as usize)
}

/// Validates a code as typed in a sheet: surrounding spaces are ignored and lower case is accepted,
/// because Excel users type both; the normalised code is returned.
pub fn validate(input: &str) -> Result<String, UsccError> {
    let code = input.trim().to_ascii_uppercase();
    let len = code.chars().count();
    if len != 18 {
        return Err(UsccError::WrongLength { len });
    }
    for (i, ch) in code.chars().enumerate() {
        if value(ch).is_none() {
            return Err(UsccError::ForbiddenChar { position: i + 1, ch });
        }
    }
    let first = code.chars().next().unwrap_or('0');
    if !(first.is_ascii_digit() && first != '0' || matches!(first, 'A' | 'N' | 'Y')) {
        return Err(UsccError::BadRegistrar { ch: first });
    }
    let expected = check_char(&code[..17]).ok_or(UsccError::WrongLength { len })?;
    let found = code.chars().nth(17).unwrap_or(' ');
    if found != expected {
        return Err(UsccError::BadCheck { found, expected });
    }
    Ok(code)
}

/// Builds a valid code from 17 characters by appending the check character (used by generators).
pub fn complete(first17: &str) -> Option<String> {
    check_char(first17).map(|c| format!("{first17}{c}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases: &[(&str, Result<&str, UsccError>)] = &[
            ("91350100M000100Y43", Ok("91350100M000100Y43")),
            (" 91350100m000100y43 ", Ok("91350100M000100Y43")),
            ("91350100M000100Y44", Err(UsccError::BadCheck { found: '4', expected: '3' })),
            ("12345", Err(UsccError::WrongLength { len: 5 })),
            ("9135010OM000100Y43", Err(UsccError::ForbiddenChar { position: 8, ch: 'O' })),
            ("01350100M000100Y43", Err(UsccError::BadRegistrar { ch: '0' })),
            ("统一社会信用代码", Err(UsccError::WrongLength { len: 8 })),
        ];
        for (input, want) in cases {
            assert_eq!(validate(input).as_deref().map_err(Clone::clone), want.clone(), "{input}");
        }
    }

    #[test]
    fn complete_round_trips() {
        let code = complete("91330100MA2AXXXX0").expect("valid prefix");
        assert_eq!(validate(&code), Ok(code.clone()));
        assert_eq!(complete("9133010IMA2AXXXX0"), None);
    }
}

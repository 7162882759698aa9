//! China's profile of CAP, GB/T 35965.1-2018 (应急信息交互协议 第1部分：预警信息), as the national
//! early-warning release system (12379) exchanges it: an identifier
//! `ZZZZZZDDDUUUXX_YYYYMMDDhhmmss_N` made of the sender's code (6-digit GB/T 2260 division, 3-digit
//! GB/T 4657 body, 3-digit internal unit, 2-digit extension), the Beijing time it was entered and a
//! sequence digit; and areas named by division codes of 6 (county), 9 (township or street) or 12
//! (village or community) digits, which nest by prefix once their padding zeros are dropped.

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone};

/// A GB/T 35965.1 identifier read into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarningId {
    /// The sender's 14-digit code (发布单位代码).
    pub sender_code: String,
    /// The sender's 6-digit administrative division (GB/T 2260).
    pub division: String,
    /// The 3-digit code of the sender's body (GB/T 4657).
    pub body: String,
    /// When the warning was entered, Beijing time.
    pub entered: DateTime<FixedOffset>,
    /// The sequence among warnings entered by the sender in the same second (0–9).
    pub sequence: u8,
}

/// Reads `identifier` as a GB/T 35965.1 identifier; `None` when it is not one (any other CAP
/// identifier is fine, it just says nothing of the sender).
pub fn read_id(identifier: &str) -> Option<WarningId> {
    let mut parts = identifier.trim().split('_');
    let (code, time, seq) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some()
        || code.len() != 14
        || !code.bytes().all(|b| b.is_ascii_digit())
        || time.len() != 14
        || seq.len() != 1
    {
        return None;
    }
    let sequence = seq.parse::<u8>().ok()?;
    let naive = NaiveDateTime::parse_from_str(time, "%Y%m%d%H%M%S").ok()?;
    let entered = crate::domain::time::beijing().from_local_datetime(&naive).single()?;
    Some(WarningId {
        sender_code: code.to_string(),
        division: code[..6].to_string(),
        body: code[6..9].to_string(),
        entered,
        sequence,
    })
}

/// Builds the identifier a sender with `sender_code` gives the warning entered at `entered`.
pub fn make_id(sender_code: &str, entered: DateTime<FixedOffset>, sequence: u8) -> String {
    let t = entered.with_timezone(&crate::domain::time::beijing());
    format!("{sender_code}_{}_{}", t.format("%Y%m%d%H%M%S"), sequence % 10)
}

/// A division code without its padding: "330110000000" (a county written in 12 digits) is
/// "330110", "330110004000" is the street "330110004", "330100" (a city) is "3301", "330000" (a
/// province) is "33". Codes of other shapes are kept as they are.
pub fn division_level(code: &str) -> &str {
    let mut c = code.trim();
    if !c.bytes().all(|b| b.is_ascii_digit()) {
        return c;
    }
    for (len, tail) in [(12, "000"), (9, "000"), (6, "00"), (4, "00")] {
        if c.len() == len && c.ends_with(tail) {
            c = &c[..len - tail.len()];
        }
    }
    c
}

/// Whether the division `area` (as a warning names it) covers the division `place` (an office's or
/// a community's own code): it does when `place` lies within it, at whatever level each is written.
pub fn covers(area: &str, place: &str) -> bool {
    let (a, p) = (division_level(area), division_level(place));
    !a.is_empty() && p.starts_with(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_identifier_reads_into_its_parts() {
        let id = read_id("33011040100000_20261123080510_1").expect("profile");
        assert_eq!(
            (id.sender_code.as_str(), id.division.as_str(), id.body.as_str()),
            ("33011040100000", "330110", "401")
        );
        assert_eq!(id.entered.to_rfc3339(), "2026-11-23T08:05:10+08:00");
        assert_eq!(id.sequence, 1);
        assert_eq!(make_id("33011040100000", id.entered, 1), "33011040100000_20261123080510_1");
        let utc = DateTime::parse_from_rfc3339("2026-11-23T00:05:10+00:00").expect("t");
        assert_eq!(make_id("33011040100000", utc, 0), "33011040100000_20261123080510_0", "Beijing time");
        for other in [
            "YX1-0001",
            "33011040100000_20261123080510",
            "3301104010000_20261123080510_1",
            "33011040100000_20261323080510_1",
            "33011040100000_20261123080510_12",
            "3301104010000X_20261123080510_1",
            "33011040100000_20261123080510_1_2",
        ] {
            assert_eq!(read_id(other), None, "{other}");
        }
    }

    #[test]
    fn division_codes_nest_at_every_length() {
        for (area, place, covered) in [
            ("330110", "330110004001", true),
            ("330110000000", "330110004001", true),
            ("330110004", "330110004001", true),
            ("330110004000", "330110004001", true),
            ("330110004001", "330110004001", true),
            ("330110004002", "330110004001", false),
            ("330110005", "330110004001", false),
            ("330100", "330110004001", true),
            ("330000", "330110004", true),
            ("330111", "330110004001", false),
            ("330110004001", "330110004", false),
            ("", "330110004001", false),
        ] {
            assert_eq!(covers(area, place), covered, "{area} covers {place}");
        }
        assert_eq!(division_level("330110004000"), "330110004");
        assert_eq!(division_level("B-12"), "B-12");
    }
}

//! Office time. Offices work in Beijing time whatever the server's zone; China has kept UTC+8
//! without daylight saving since 1991, so a fixed offset is exact for every date we handle.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

pub fn beijing() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset"))
}

pub fn now() -> DateTime<FixedOffset> {
    Utc::now().with_timezone(&beijing())
}

pub fn today() -> NaiveDate {
    now().date_naive()
}

/// Timestamp format stored in the database: RFC 3339 in Beijing time, sortable as text.
pub fn stamp(t: DateTime<FixedOffset>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// A day as offices write it: 2026-11-03, 2026/11/3, 2026.11.3, 2026年11月3日.
pub fn parse_day(s: &str) -> Option<NaiveDate> {
    let s = s.trim().trim_end_matches('日').replace(['年', '月', '/', '.'], "-");
    NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()
}

/// A moment in Beijing time as offices write it: "2026-11-03 14:20", "2026/11/3 14:20:05",
/// "2026年11月3日14时20分", or RFC 3339 with its own offset.
pub fn parse_moment(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&beijing()));
    }
    let s = s.replace(['年', '月', '/', '.'], "-").replace('日', " ").replace(['时', '点'], ":").replace('分', "");
    let s = s.replace('T', " ");
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| chrono::NaiveDateTime::parse_from_str(s.trim_end_matches(':'), f).ok())
        .and_then(|t| t.and_local_timezone(beijing()).single())
}

#[cfg(test)]
mod tests {
    #[test]
    fn days_and_moments_read_as_offices_write_them() {
        use super::{parse_day, parse_moment, stamp};
        for s in ["2026-11-03", "2026/11/3", "2026.11.3", "2026年11月3日"] {
            assert_eq!(parse_day(s).map(|d| d.to_string()).as_deref(), Some("2026-11-03"), "{s}");
        }
        assert_eq!(parse_day("11月3日"), None);
        for s in ["2026-11-03 14:20", "2026/11/3 14:20:00", "2026年11月3日14时20分", "2026-11-03T06:20:00Z"] {
            assert_eq!(parse_moment(s).map(stamp).as_deref(), Some("2026-11-03T14:20:00+08:00"), "{s}");
        }
        assert_eq!(parse_moment("2026-11-03"), None);
        assert_eq!(parse_moment("昨天下午"), None);
    }

    use super::*;
    use chrono::TimeZone;

    #[test]
    fn beijing_date_differs_from_utc_near_midnight() {
        let utc = Utc.with_ymd_and_hms(2026, 11, 22, 17, 30, 0).single().expect("valid");
        let bj = utc.with_timezone(&beijing());
        assert_eq!(bj.date_naive(), NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid"));
        assert_eq!(stamp(bj), "2026-11-23T01:30:00+08:00");
    }
}

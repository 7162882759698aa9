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

#[cfg(test)]
mod tests {
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

//! Dates as the office counts them: quarters, months, and working days under the official holiday
//! calendar (holidays and the weekend days worked in exchange, 调休). The calendar is data, so an
//! office adds next year's notice without a new release.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    pub year: i32,
    /// 1 to 4.
    pub q: u32,
}

impl Quarter {
    pub fn of(d: NaiveDate) -> Quarter {
        Quarter { year: d.year(), q: (d.month() - 1) / 3 + 1 }
    }

    pub fn start(self) -> NaiveDate {
        ymd(self.year, (self.q - 1) * 3 + 1, 1)
    }

    pub fn end(self) -> NaiveDate {
        self.next().start() - Duration::days(1)
    }

    pub fn next(self) -> Quarter {
        if self.q == 4 { Quarter { year: self.year + 1, q: 1 } } else { Quarter { year: self.year, q: self.q + 1 } }
    }

    /// The last seven days of the quarter: the window in which the quarterly report is due.
    pub fn last_week(self) -> (NaiveDate, NaiveDate) {
        (self.end() - Duration::days(6), self.end())
    }

    /// "2025Q3", the form used on the command line and in reports.
    pub fn label(self) -> String {
        format!("{}Q{}", self.year, self.q)
    }

    pub fn parse(s: &str) -> Option<Quarter> {
        let (y, q) = s.trim().to_ascii_uppercase().split_once('Q').map(|(a, b)| (a.to_string(), b.to_string()))?;
        let (year, q) = (y.parse().ok()?, q.parse().ok()?);
        (1..=4).contains(&q).then_some(Quarter { year, q })
    }
}

/// A valid date; the callers only build dates from parts already checked.
fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

pub fn month_end(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 { (d.year() + 1, 1) } else { (d.year(), d.month() + 1) };
    ymd(y, m, 1) - Duration::days(1)
}

/// Adds calendar months, keeping the day of month where it exists and clamping to the month's end
/// otherwise (Jan 31 + 1 month = Feb 28 or 29), which is how a "monthly" obligation is read.
pub fn add_months(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_add_months(chrono::Months::new(months)).unwrap_or(NaiveDate::MAX)
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct HolidayCalendar {
    holidays: HashSet<NaiveDate>,
    workdays: HashSet<NaiveDate>,
    years: Vec<i32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct YearFile {
    #[serde(default)]
    holidays: Vec<String>,
    #[serde(default)]
    workdays: Vec<String>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum CalendarError {
    #[error("holiday calendar {source_name}: {message}")]
    Parse { source_name: String, message: String },
    #[error("holiday calendar {source_name}, year {year}: \"{value}\" is not a date (MM-DD) or range (MM-DD..MM-DD)")]
    BadDate { source_name: String, year: String, value: String },
}

pub const BUILT_IN: &str = include_str!("../../fixtures/holidays.toml");

impl HolidayCalendar {
    pub fn built_in() -> HolidayCalendar {
        let mut c = HolidayCalendar::default();
        // The built-in file is tested below; a failure here would be a build defect, not input.
        let _ = c.add_toml("fixtures/holidays.toml", BUILT_IN);
        c
    }

    /// Adds the years of a TOML file; a year given again replaces the earlier one's dates.
    pub fn add_toml(&mut self, source_name: &str, text: &str) -> Result<(), CalendarError> {
        let years: BTreeMap<String, YearFile> = toml::from_str(text)
            .map_err(|e| CalendarError::Parse { source_name: source_name.into(), message: e.to_string() })?;
        for (year_text, y) in years {
            let bad = |value: &str| CalendarError::BadDate {
                source_name: source_name.into(),
                year: year_text.clone(),
                value: value.into(),
            };
            let year: i32 = year_text.parse().map_err(|_| bad(&year_text))?;
            self.holidays.retain(|d| d.year() != year);
            self.workdays.retain(|d| d.year() != year);
            for item in &y.holidays {
                for d in expand(year, item).ok_or_else(|| bad(item))? {
                    self.holidays.insert(d);
                }
            }
            for item in &y.workdays {
                for d in expand(year, item).ok_or_else(|| bad(item))? {
                    self.workdays.insert(d);
                }
            }
            if !self.years.contains(&year) {
                self.years.push(year);
            }
        }
        self.years.sort_unstable();
        Ok(())
    }

    /// Years the calendar knows; outside them only weekends count as days off.
    pub fn years(&self) -> &[i32] {
        &self.years
    }

    /// Whether `d` falls in a year whose holidays are loaded (a due date outside them is moved
    /// past weekends only: it is not adjusted for the holidays).
    pub fn covers(&self, d: NaiveDate) -> bool {
        self.years.contains(&d.year())
    }

    /// The year whose holiday arrangement is missing and matters now: this year, or next year
    /// from 1 November (the State Council publishes it around then, and December's items already
    /// fall due in it).
    pub fn missing_year(&self, today: NaiveDate) -> Option<i32> {
        if !self.years.contains(&today.year()) {
            return Some(today.year());
        }
        (today.month() >= 11 && !self.years.contains(&(today.year() + 1))).then_some(today.year() + 1)
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        if self.holidays.contains(&d) {
            return false;
        }
        if self.workdays.contains(&d) {
            return true;
        }
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
    }

    /// The date itself if it is a working day, else the next working day (a deadline that falls
    /// on a day off moves to the next day the office is open).
    pub fn on_or_after(&self, mut d: NaiveDate) -> NaiveDate {
        while !self.is_working_day(d) {
            d += Duration::days(1);
        }
        d
    }

    /// The date itself if it is a working day, else the working day before it.
    pub fn on_or_before(&self, mut d: NaiveDate) -> NaiveDate {
        while !self.is_working_day(d) {
            d -= Duration::days(1);
        }
        d
    }

    /// `n` working days after `d` (not counting `d`).
    pub fn add_working_days(&self, mut d: NaiveDate, n: u32) -> NaiveDate {
        let mut left = n;
        while left > 0 {
            d += Duration::days(1);
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }
}

fn expand(year: i32, item: &str) -> Option<Vec<NaiveDate>> {
    let parse = |s: &str| {
        let (m, d) = s.trim().split_once('-')?;
        NaiveDate::from_ymd_opt(year, m.parse().ok()?, d.parse().ok()?)
    };
    match item.split_once("..") {
        Some((a, b)) => {
            let (a, b) = (parse(a)?, parse(b)?);
            (a <= b && (b - a).num_days() < 40).then(|| a.iter_days().take_while(|d| *d <= b).collect())
        }
        None => parse(item).map(|d| vec![d]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_next_year_is_said_from_november() {
        let mut c = HolidayCalendar::default();
        c.add_toml("t", "[2026]\nholidays = []\nworkdays = []\n").expect("toml");
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        assert_eq!(c.missing_year(d("2026-10-31")), None, "not yet");
        assert_eq!(c.missing_year(d("2026-11-01")), Some(2027));
        assert_eq!(c.missing_year(d("2027-01-05")), Some(2027), "this year itself");
        assert!(c.covers(d("2026-12-31")) && !c.covers(d("2027-01-01")));
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    #[test]
    fn quarters() {
        let cases = [
            ("2026-01-01", "2026Q1", "2026-01-01", "2026-03-31", "2026-03-25"),
            ("2026-06-30", "2026Q2", "2026-04-01", "2026-06-30", "2026-06-24"),
            ("2024-08-15", "2024Q3", "2024-07-01", "2024-09-30", "2024-09-24"),
            ("2025-12-31", "2025Q4", "2025-10-01", "2025-12-31", "2025-12-25"),
        ];
        for (day, label, start, end, week) in cases {
            let q = Quarter::of(d(day));
            assert_eq!(q.label(), label);
            assert_eq!((q.start(), q.end()), (d(start), d(end)), "{day}");
            assert_eq!(q.last_week(), (d(week), d(end)));
            assert_eq!(Quarter::parse(label), Some(q));
        }
        assert_eq!(Quarter::parse("2025q5"), None);
        assert_eq!(Quarter { year: 2025, q: 4 }.next(), Quarter { year: 2026, q: 1 });
    }

    #[test]
    fn month_arithmetic_with_leap_years() {
        let cases = [
            ("2024-01-31", 1, "2024-02-29"),
            ("2025-01-31", 1, "2025-02-28"),
            ("2023-11-30", 3, "2024-02-29"),
            ("2024-08-31", 6, "2025-02-28"),
            ("2024-02-29", 12, "2025-02-28"),
            ("2026-03-15", 3, "2026-06-15"),
        ];
        for (from, months, want) in cases {
            assert_eq!(add_months(d(from), months), d(want), "{from} + {months}");
        }
        assert_eq!(month_end(d("2024-02-10")), d("2024-02-29"));
        assert_eq!(month_end(d("2026-12-01")), d("2026-12-31"));
    }

    #[test]
    fn working_days_follow_the_notices() {
        let c = HolidayCalendar::built_in();
        assert_eq!(c.years(), [2024, 2025, 2026]);
        let cases = [
            ("2026-01-01", false), // New Year holiday (Thursday)
            ("2026-01-04", true),  // Sunday worked in exchange
            ("2026-02-14", true),  // Saturday worked before the Spring Festival
            ("2026-02-16", false), // Spring Festival (Monday)
            ("2026-10-08", true),
            ("2026-10-10", true), // Saturday worked after National Day
            ("2025-01-26", true),
            ("2025-06-02", false), // Dragon Boat holiday (Monday)
            ("2024-09-14", true),
            ("2024-09-16", false),
            ("2026-11-21", false), // an ordinary Saturday
            ("2027-01-01", true),  // outside the known years only weekends are off (a Friday)
        ];
        for (day, working) in cases {
            assert_eq!(c.is_working_day(d(day)), working, "{day}");
        }
        assert_eq!(c.on_or_after(d("2026-10-01")), d("2026-10-08"));
        assert_eq!(c.on_or_after(d("2026-01-01")), d("2026-01-04"));
        assert_eq!(c.on_or_before(d("2026-10-05")), d("2026-09-30"));
        assert_eq!(c.add_working_days(d("2026-09-30"), 1), d("2026-10-08"));
        assert_eq!(c.add_working_days(d("2026-02-13"), 1), d("2026-02-14"));
    }

    #[test]
    fn an_office_file_adds_and_replaces_years_and_bad_dates_are_named() {
        let mut c = HolidayCalendar::built_in();
        c.add_toml("office.toml", "[2027]\nholidays = [\"01-01\"]\n[2026]\nholidays = []\nworkdays = []\n")
            .expect("ok");
        assert_eq!(c.years(), [2024, 2025, 2026, 2027]);
        assert!(c.is_working_day(d("2026-10-02")), "2026 replaced by the office's (empty) list");
        assert!(!c.is_working_day(d("2027-01-01")));
        let err = c.add_toml("office.toml", "[2027]\nholidays = [\"13-01\"]\n").expect_err("bad");
        assert_eq!(
            err.to_string(),
            "holiday calendar office.toml, year 2027: \"13-01\" is not a date (MM-DD) or range (MM-DD..MM-DD)"
        );
    }
}

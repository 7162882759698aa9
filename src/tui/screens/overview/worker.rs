//! The store side of the Overview.

use super::OverviewScreen;
use super::msg::{AlarmFigures, DueFigures, HazardFigures, Rep, Req};
use crate::domain::calendar::Quarter;
use crate::store::deadlines::{self, DeadlineQuery};
use crate::store::{alarm_queue, feeds, hazards, stats, tipoffs};
use crate::tui::backend::{Backend, Reach, WriteError, Written};
use crate::tui::screen_def::{Answer, Never};
use chrono::{Datelike, Duration, NaiveDate};

impl Answer for OverviewScreen {
    fn read(b: &mut Backend, req: Req) -> crate::store::Result<Rep> {
        let (c, cal) = (b.conn(), &b.cal);
        Ok(match req {
            Req::Stats => Rep::Stats(stats::network(c)?),
            Req::Hazards { today } => {
                let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
                Rep::Hazards(HazardFigures {
                    counts: hazards::counts(c, today)?,
                    year_all: hazards::rates(c, year_start, today, false, today)?,
                    year_major: hazards::rates(c, year_start, today, true, today)?,
                })
            }
            Req::Due { today } => {
                let overdue = DeadlineQuery { overdue_only: true, ..DeadlineQuery::all(today) };
                let week = DeadlineQuery { until: Some(today + Duration::days(7)), ..DeadlineQuery::all(today) };
                let deadlines_overdue = deadlines::count(c, &overdue, cal)?;
                Rep::Due(DueFigures {
                    deadlines_overdue,
                    due_this_week: deadlines::count(c, &week, cal)? - deadlines_overdue,
                    checklist: crate::store::checklist::quarter_progress(c, Quarter::of(today))?,
                    holidays_missing: cal.missing_year(today),
                })
            }
            Req::Tipoffs { today } => Rep::Tipoffs(tipoffs::counts(c, &today.to_string())?),
            Req::Alarms => {
                Rep::Alarms(AlarmFigures {
                    open_by_level: alarm_queue::open_by_level(c)?,
                    feeds: feeds::health(c)?,
                    deliveries: crate::store::deliveries::counts(c)?,
                })
            }
        })
    }

    fn reach(write: &Never) -> Reach {
        match *write {}
    }

    fn write(_: &mut Backend, _: &str, write: Never) -> Result<Written, WriteError> {
        match write {}
    }
}

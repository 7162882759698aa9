//! Inspection history and the hazard register, from sheets of the same form for the demo town
//! (`fixtures/demo/`) and for generated offices (`generate`), dated relative to a day.

use super::office::{DemoError, OFFICE_NAME, OFFICE_REGION};
use crate::domain::OperatorRole;
use crate::domain::hazard::{HazardSource, HazardStatus};
use crate::import::{ImportError, sheet};
use crate::store::hazards::{self, NewHazard};
use crate::store::inspections::{self, InspectionKind, NewInspection};
use crate::store::{Store, network};
use chrono::{Duration, NaiveDate};

pub(super) const INSPECTIONS: &str = include_str!("../../fixtures/demo/inspections.csv");
pub(super) const HAZARDS: &str = include_str!("../../fixtures/demo/hazards.csv");

fn fixture_error(file: &str, row: usize, what: &str) -> crate::store::StoreError {
    crate::store::StoreError::NotFound { entity: format!("demo fixture {file} row {row}"), record: what.to_string() }
}

/// Inspection history and the hazard register, dated relative to `today` so that the demo always
/// has overdue, due-soon and closed items. Units count as registered 400 days before. Generated
/// offices (benchmarks) load their own sheets of the same form through here.
pub fn load_history(
    store: &mut Store,
    today: NaiveDate,
    inspections_csv: &str,
    hazards_csv: &str,
) -> Result<(), DemoError> {
    let insp = sheet::read_csv("inspections.csv", inspections_csv.as_bytes()).map_err(ImportError::from)?;
    let hz = sheet::read_csv("hazards.csv", hazards_csv.as_bytes()).map_err(ImportError::from)?;
    let days = |file: &str, row: usize, text: &str| -> crate::store::Result<NaiveDate> {
        text.parse::<i64>().map(|n| today - Duration::days(n)).map_err(|_| fixture_error(file, row, text))
    };
    store.write("demo", |w| {
        let registered = (today - Duration::days(400)).to_string();
        crate::store::history::register_units_on(w, &registered)?;
        let unit_id = |w: &mut crate::store::Writer<'_>, file: &str, row: usize, key: &str| {
            crate::store::units::by_sheet_key(&w.tx, key)?.ok_or_else(|| fixture_error(file, row, key))
        };
        for (row, c) in &insp.rows {
            let cell = |i: usize| c.get(i).map(String::as_str).unwrap_or("");
            let kind = if cell(1) == "drill" { InspectionKind::Drill } else { InspectionKind::SelfInspection };
            let unit_id = unit_id(w, "inspections.csv", *row, cell(0))?;
            let done_on = days("inspections.csv", *row, cell(2))?;
            let i =
                NewInspection { unit_id, kind, done_on, done_by: cell(3).to_string(), findings: cell(4).to_string() };
            inspections::record(w, &i, None)?;
        }
        for (row, c) in &hz.rows {
            let cell = |i: usize| c.get(i).map(String::as_str).unwrap_or("");
            let unit_id = unit_id(w, "hazards.csv", *row, cell(0))?;
            let found_on = days("hazards.csv", *row, cell(4))?;
            let deadline = today
                + Duration::days(cell(5).parse::<i64>().map_err(|_| fixture_error("hazards.csv", *row, cell(5)))?);
            let h = NewHazard {
                unit_id,
                description: cell(1).to_string(),
                major: cell(2) == "是",
                source: HazardSource::parse(cell(3)).unwrap_or(HazardSource::Other),
                found_on,
                found_by: "街道检查组".into(),
                measures: String::new(),
                responsible: cell(10).to_string(),
                deadline,
                supervised: cell(8) == "是",
                supervising_level: cell(9).to_string(),
                inspection_id: None,
            };
            let id = hazards::create(w, &h)?;
            let target = HazardStatus::parse(cell(6)).unwrap_or(HazardStatus::Found);
            let path: &[HazardStatus] = match target {
                HazardStatus::Found => &[],
                HazardStatus::Rectifying => &[HazardStatus::Rectifying],
                HazardStatus::AwaitingVerification => &[HazardStatus::Rectifying, HazardStatus::AwaitingVerification],
                HazardStatus::Closed => {
                    &[HazardStatus::Rectifying, HazardStatus::AwaitingVerification, HazardStatus::Closed]
                }
            };
            let closed_on = if target == HazardStatus::Closed { days("hazards.csv", *row, cell(7))? } else { today };
            for (step, to) in path.iter().enumerate() {
                hazards::transition(
                    w,
                    id,
                    step as i64 + 1,
                    *to,
                    OperatorRole::Admin,
                    closed_on,
                    "复查合格",
                    "整改前后照片及复查记录已存档",
                )
                .map_err(|e| fixture_error("hazards.csv", *row, &e.to_string()))?;
            }
        }
        // The office has sent its reports, except those falling due in the last three weeks.
        let cal = crate::domain::calendar::HolidayCalendar::built_in();
        for r in crate::domain::deadline::reports_between(&cal, today - Duration::days(400), today - Duration::days(21))
        {
            crate::store::deadlines::submit_report(w, r.kind, &r.period, r.due)?;
        }
        network::set_office(w, OFFICE_NAME, OFFICE_REGION)?;
        // Village-level codes under the office's, in the order the communities were created.
        let ids = crate::store::history::community_ids(&w.tx)?;
        for (n, id) in ids.into_iter().enumerate() {
            network::set_community_region_code(w, id, &format!("{}{:03}", OFFICE_REGION, n + 1))?;
        }
        crate::store::history::office_started_on(w, &registered)?;
        Ok(())
    })?;
    Ok(())
}

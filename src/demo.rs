//! The demo office: a fictional town loaded from `fixtures/demo/` (embedded in the binary, so the
//! demo works from any directory) through the same import path that offices use.

use crate::domain::OperatorRole;
use crate::domain::hazard::{HazardSource, HazardStatus};
use crate::import::{Entity, ImportError, import_sheet, sheet};
use crate::store::hazards::{self, NewHazard};
use crate::store::inspections::{self, InspectionKind, NewInspection};
use crate::store::operators::{self, Operator};
use crate::store::{Store, network};
use chrono::{Duration, NaiveDate};
use std::path::Path;

pub const DEMO_OPERATOR: &str = "演示值班员";
pub const DEMO_PIN: &str = "000000";
pub const OFFICE_NAME: &str = "云溪街道";

const FILES: &[(Entity, &str, &str)] = &[
    (Entity::Grids, "grids.csv", include_str!("../fixtures/demo/grids.csv")),
    (Entity::Officers, "officers.csv", include_str!("../fixtures/demo/officers.csv")),
    (Entity::Units, "units.csv", include_str!("../fixtures/demo/units.csv")),
    (Entity::Teams, "teams.csv", include_str!("../fixtures/demo/teams.csv")),
];

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("demo fixture {file} has bad rows:\n{report}")]
    Fixture { file: String, report: String },
}

/// Creates the demo office at `path`, or reopens it if it is already there (never resets it).
pub fn open(path: &Path) -> Result<(Store, Operator), DemoError> {
    open_as_of(path, crate::domain::time::today())
}

/// As [`open`], with the demo's dates counted from `today` (tests fix it so screens are stable).
pub fn open_as_of(path: &Path, today: NaiveDate) -> Result<(Store, Operator), DemoError> {
    let mut store = Store::open(path)?;
    if network::office_name(store.conn())?.is_none() {
        load(&mut store, today)?;
    }
    let none: i64 = store
        .conn()
        .query_row("SELECT count(*) = 0 FROM tipoff", [], |r| r.get(0))
        .map_err(crate::store::StoreError::from)?;
    if none == 1 {
        let sealer = crate::secret::Sealer::load_or_create(&crate::demo_tipoffs::key_path(path))
            .map_err(|e| crate::store::StoreError::Refused(e.to_string()))?;
        crate::demo_tipoffs::load(&mut store, &sealer, today)?;
    }
    if crate::store::checklist::plans(store.conn())?.is_empty() {
        crate::demo_plans::load(&mut store, today)?;
    }
    let op = match operators::find(store.conn(), DEMO_OPERATOR)? {
        Some(op) => op,
        None => {
            store.write("demo", |w| operators::add(w, DEMO_OPERATOR, OperatorRole::Supervisor, DEMO_PIN))?;
            operators::find(store.conn(), DEMO_OPERATOR)?.ok_or_else(|| crate::store::StoreError::NotFound {
                entity: "operator".into(),
                record: DEMO_OPERATOR.into(),
            })?
        }
    };
    Ok((store, op))
}

const INSPECTIONS: &str = include_str!("../fixtures/demo/inspections.csv");
const HAZARDS: &str = include_str!("../fixtures/demo/hazards.csv");

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
        w.tx.execute("UPDATE unit SET registered_on = ?1", [&registered])?;
        w.audit("demo.register", "unit", "*", None, Some(&serde_json::json!({ "registered_on": registered })))?;
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
                hazards::transition(w, id, step as i64 + 1, *to, OperatorRole::Admin, closed_on, "复查合格")
                    .map_err(|e| fixture_error("hazards.csv", *row, &e.to_string()))?;
            }
        }
        // The office has sent its reports, except those falling due in the last three weeks.
        let cal = crate::domain::calendar::HolidayCalendar::built_in();
        for r in crate::domain::deadline::reports_between(&cal, today - Duration::days(400), today - Duration::days(21))
        {
            crate::store::deadlines::submit_report(w, r.kind, &r.period, r.due)?;
        }
        network::set_office(w, OFFICE_NAME, crate::fixture::upstream::OFFICE_REGION)?;
        // Village-level codes under the office's, in the order the communities were created.
        let ids: Vec<i64> =
            w.tx.prepare("SELECT id FROM community ORDER BY id")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
        for (n, id) in ids.into_iter().enumerate() {
            network::set_community_region_code(
                w,
                id,
                &format!("{}{:03}", crate::fixture::upstream::OFFICE_REGION, n + 1),
            )?;
        }
        w.tx.execute("UPDATE office SET started_on = ?1", [&registered])?;
        Ok(())
    })?;
    Ok(())
}

fn load(store: &mut Store, today: NaiveDate) -> Result<(), DemoError> {
    for (entity, file, text) in FILES {
        let sheet = sheet::read_csv(file, text.as_bytes()).map_err(ImportError::from)?;
        let report = import_sheet(store, "demo", *entity, &sheet, false)?;
        if !report.ok() {
            return Err(DemoError::Fixture { file: file.to_string(), report: report.render(crate::i18n::Lang::En) });
        }
    }
    // The office row comes last, in the same transaction as the history: its presence means the
    // demo is complete.
    load_history(store, today, INSPECTIONS, HAZARDS)
}

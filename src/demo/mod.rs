//! The demo office: a fictional town loaded from `fixtures/demo/` (embedded in the binary, so the
//! demo works from any directory) through the same import path that offices use.

use crate::domain::OperatorRole;
use crate::import::{Entity, ImportError, import_sheet, sheet};
use crate::store::operators::{self, Operator};
use crate::store::{Store, network};
use chrono::NaiveDate;
use std::path::Path;

pub mod history;
mod office;
pub mod plans;
mod records;
pub mod tipoffs;

pub use history::load_history;
pub use office::{DEMO_OPERATOR, DEMO_PIN, DemoError, OFFICE_NAME, OFFICE_REGION};

const FILES: &[(Entity, &str, &str)] = &[
    (Entity::Grids, "grids.csv", include_str!("../../fixtures/demo/grids.csv")),
    (Entity::Officers, "officers.csv", include_str!("../../fixtures/demo/officers.csv")),
    (Entity::Units, "units.csv", include_str!("../../fixtures/demo/units.csv")),
    (Entity::Teams, "teams.csv", include_str!("../../fixtures/demo/teams.csv")),
];

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
    if crate::store::history::no_tipoffs(store.conn())? {
        let sealer = crate::secret::Sealer::load_or_create(&crate::demo::tipoffs::key_path(path))
            .map_err(|e| crate::store::StoreError::Refused(e.to_string()))?;
        crate::demo::tipoffs::load(&mut store, &sealer, today)?;
    }
    if crate::store::checklist::plans(store.conn())?.is_empty() {
        crate::demo::plans::load(&mut store, today)?;
    }
    if crate::store::work_records::all(store.conn())?.is_empty() {
        records::load(&mut store, today)?;
    }
    // The office as its report names it: a street office following the street plan.
    let identity = network::office_identity(store.conn())?;
    if identity.full_name.is_empty() {
        let version = network::office_version(store.conn())?;
        let id = crate::domain::office::OfficeIdentity {
            full_name: format!("{}办事处", identity.name),
            superior: "区安全生产委员会办公室".into(),
            contact_person: "林晓".into(),
            contact_phone: "0571-86010000".into(),
            main_plan: "street-plan-2024-2026".into(),
            ..identity
        };
        store.write(DEMO_OPERATOR, |w| network::set_office_identity(w, &id, version))?;
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
    load_history(store, today, history::INSPECTIONS, history::HAZARDS)
}

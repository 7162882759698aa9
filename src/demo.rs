//! The demo office: a fictional town loaded from `fixtures/demo/` (embedded in the binary, so the
//! demo works from any directory) through the same import path that offices use.

use crate::domain::OperatorRole;
use crate::import::{Entity, ImportError, import_sheet, sheet};
use crate::store::operators::{self, Operator};
use crate::store::{Store, network};
use std::path::Path;

pub const DEMO_OPERATOR: &str = "演示值班员";
pub const DEMO_PIN: &str = "0000";
pub const OFFICE_NAME: &str = "云溪街道";

const FILES: &[(Entity, &str, &str)] = &[
    (
        Entity::Grids,
        "grids.csv",
        include_str!("../fixtures/demo/grids.csv"),
    ),
    (
        Entity::Officers,
        "officers.csv",
        include_str!("../fixtures/demo/officers.csv"),
    ),
    (
        Entity::Units,
        "units.csv",
        include_str!("../fixtures/demo/units.csv"),
    ),
    (
        Entity::Teams,
        "teams.csv",
        include_str!("../fixtures/demo/teams.csv"),
    ),
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
    let mut store = Store::open(path)?;
    if network::office_name(store.conn())?.is_none() {
        load(&mut store)?;
    }
    let op = match operators::find(store.conn(), DEMO_OPERATOR)? {
        Some(op) => op,
        None => {
            store.write("demo", |w| {
                operators::add(w, DEMO_OPERATOR, OperatorRole::Supervisor, DEMO_PIN)
            })?;
            operators::find(store.conn(), DEMO_OPERATOR)?.ok_or_else(|| {
                crate::store::StoreError::NotFound {
                    entity: "operator".into(),
                    record: DEMO_OPERATOR.into(),
                }
            })?
        }
    };
    Ok((store, op))
}

fn load(store: &mut Store) -> Result<(), DemoError> {
    for (entity, file, text) in FILES {
        let sheet = sheet::read_csv(file, text.as_bytes()).map_err(ImportError::from)?;
        let report = import_sheet(store, "demo", *entity, &sheet, false)?;
        if !report.ok() {
            return Err(DemoError::Fixture {
                file: file.to_string(),
                report: report.render(crate::i18n::Lang::En),
            });
        }
    }
    store.write("demo", |w| network::set_office(w, OFFICE_NAME, "330110004"))?;
    Ok(())
}

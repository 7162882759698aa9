//! Importing the office's own sheets (units, grids, officers, 五包一 teams). All or nothing: one
//! bad row means nothing is written, and the report lists every bad row so that the clerk fixes the
//! sheet once, not once per run.

pub mod columns;
pub mod entities;
pub mod problem;
pub mod records;
pub mod resolve;
pub mod sheet;

use crate::i18n::Lang;
use crate::store::network::{self, Outcome};
use crate::store::{Store, StoreError, units};
use columns::{Column, Resolved};
use problem::Problem;
use std::collections::HashMap;
use std::path::Path;

/// The things that can be imported and exported; an open set that later capabilities extend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Entity {
    Units,
    Grids,
    Officers,
    Teams,
    // The accident register; enforcement cases, training sessions and publicity events. (Plain
    // comments: a doc comment here would add lines to `import --help`.)
    Accidents,
    Work,
}

impl Entity {
    pub fn columns(self) -> &'static [Column] {
        match self {
            Entity::Units => columns::UNIT_COLUMNS,
            Entity::Grids => columns::GRID_COLUMNS,
            Entity::Officers => columns::OFFICER_COLUMNS,
            Entity::Teams => columns::TEAM_COLUMNS,
            Entity::Accidents => columns::ACCIDENT_COLUMNS,
            Entity::Work => columns::WORK_COLUMNS,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Sheet(#[from] sheet::SheetError),
    #[error("{source_name}: missing column {}", .missing.join(", "))]
    MissingColumns { source_name: String, missing: Vec<String> },
    #[error(transparent)]
    Store(#[from] StoreError),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    pub source: String,
    pub rows: usize,
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub problems: Vec<Problem>,
    pub dry_run: bool,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }

    /// The report as printed by `anjian import`: one line per problem, then a summary line.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        for p in &self.problems {
            out.push_str(&format!("{}: {}\n", self.source, p.text(lang)));
        }
        let bad_rows = {
            let mut rows: Vec<usize> = self.problems.iter().map(|p| p.row).collect();
            rows.dedup();
            rows.len()
        };
        let line = match (lang, self.ok(), self.dry_run) {
            (Lang::En, false, _) => {
                format!("{}: {} rows, {} with problems; nothing was imported", self.source, self.rows, bad_rows)
            }
            (Lang::Zh, false, _) => {
                format!("{}：共{}行，其中{}行有问题；未导入任何数据", self.source, self.rows, bad_rows)
            }
            (Lang::En, true, dry) => format!(
                "{}: {} rows {}: {} new, {} updated, {} unchanged",
                self.source,
                self.rows,
                if dry { "checked (dry run, nothing written)" } else { "imported" },
                self.inserted,
                self.updated,
                self.unchanged
            ),
            (Lang::Zh, true, dry) => format!(
                "{}：共{}行{}：新增{}，更新{}，未变{}",
                self.source,
                self.rows,
                if dry { "检查通过（试运行，未写入）" } else { "已导入" },
                self.inserted,
                self.updated,
                self.unchanged
            ),
        };
        out.push_str(&line);
        out.push('\n');
        out
    }
}

pub fn import_file(
    store: &mut Store,
    operator: &str,
    entity: Entity,
    path: &Path,
    dry_run: bool,
) -> Result<Report, ImportError> {
    let sheet = sheet::read(path)?;
    import_sheet(store, operator, entity, &sheet, dry_run)
}

pub fn import_sheet(
    store: &mut Store,
    operator: &str,
    entity: Entity,
    sheet: &sheet::Sheet,
    dry_run: bool,
) -> Result<Report, ImportError> {
    let cols = columns::resolve(sheet, entity.columns()).map_err(|missing| ImportError::MissingColumns {
        source_name: sheet.source.clone(),
        missing: missing.iter().map(|c| format!("{} ({})", c.zh, c.key)).collect(),
    })?;
    let mut report = Report { source: sheet.source.clone(), rows: sheet.rows.len(), dry_run, ..Default::default() };
    let validated = validate(store, entity, sheet, &cols, &mut report.problems)?;
    if !report.ok() {
        return Ok(report);
    }
    let apply = |w: &mut crate::store::Writer<'_>| -> crate::store::Result<Vec<Outcome>> {
        match &validated {
            Validated::Units(v) => v.iter().map(|u| units::upsert(w, u)).collect(),
            Validated::Grids(v) => v.iter().map(|g| network::upsert_grid(w, g)).collect(),
            Validated::Officers(v) => v.iter().map(|o| network::upsert_officer(w, o)).collect(),
            Validated::Teams(v) => v.iter().map(|(u, s, o)| network::set_team_seat(w, *u, *s, *o)).collect(),
            Validated::Accidents(v) => v.iter().map(|a| crate::store::accidents::upsert(w, a)).collect(),
            Validated::Work(v) => v.iter().map(|r| crate::store::work_records::upsert(w, r)).collect(),
        }
    };
    let outcomes = if dry_run { store.trial(operator, apply)? } else { store.write(operator, apply)? };
    for o in outcomes {
        match o {
            Outcome::Inserted => report.inserted += 1,
            Outcome::Updated => report.updated += 1,
            Outcome::Unchanged => report.unchanged += 1,
        }
    }
    Ok(report)
}

fn unit_lookup(conn: &crate::store::Conn) -> Result<records::UnitLookup, ImportError> {
    let mut look = records::UnitLookup { by_uscc: HashMap::new(), by_name: HashMap::new() };
    for (id, code, name) in units::keys(conn)? {
        if let Some(c) = code {
            look.by_uscc.insert(c, (id, name.clone()));
        }
        look.by_name.entry(name).or_default().push(id);
    }
    Ok(look)
}

enum Validated {
    Units(Vec<units::UnitInput>),
    Grids(Vec<network::GridInput>),
    Officers(Vec<network::OfficerInput>),
    Teams(Vec<entities::TeamInput>),
    Accidents(Vec<crate::store::accidents::AccidentInput>),
    Work(Vec<crate::store::work_records::WorkInput>),
}

fn validate(
    store: &Store,
    entity: Entity,
    sheet: &sheet::Sheet,
    cols: &Resolved,
    problems: &mut Vec<Problem>,
) -> Result<Validated, ImportError> {
    let conn = store.conn();
    Ok(match entity {
        Entity::Units => {
            let grids = resolve::GridResolver::new(network::grid_keys(conn)?);
            Validated::Units(entities::units(sheet, cols, &grids, problems))
        }
        Entity::Grids => Validated::Grids(entities::grids(sheet, cols, problems)),
        Entity::Officers => {
            let grids = resolve::GridResolver::new(network::grid_keys(conn)?);
            Validated::Officers(entities::officers(sheet, cols, &grids, problems))
        }
        Entity::Teams => {
            let mut look = entities::TeamLookups {
                units_by_uscc: HashMap::new(),
                units_by_name: HashMap::new(),
                officers: HashMap::new(),
            };
            for (id, code, name) in units::keys(conn)? {
                if let Some(c) = code {
                    look.units_by_uscc.insert(c, id);
                }
                look.units_by_name.entry(name).or_default().push(id);
            }
            for (id, name, phone) in network::officer_keys(conn)? {
                look.officers.entry(name).or_default().push((id, phone));
            }
            Validated::Teams(entities::teams(sheet, cols, &look, problems))
        }
        Entity::Accidents => Validated::Accidents(records::accidents(sheet, cols, &unit_lookup(conn)?, problems)),
        Entity::Work => Validated::Work(records::work(sheet, cols, &unit_lookup(conn)?, problems)),
    })
}

//! Row validation for each importable entity. Each function turns a sheet into validated inputs
//! plus every problem found; nothing here writes.

use super::columns::Resolved;
use super::problem::{Problem, Reason};
use super::resolve::{GridResolver, unique};
use super::sheet::Sheet;
use crate::domain::{OfficerRole, RiskLevel, Sector, TeamSeat, phone, uscc};
use crate::store::network::{GridInput, OfficerInput};
use crate::store::units::UnitInput;
use std::collections::HashMap;

/// Collects problems for one row.
pub(super) struct Row<'a> {
    cols: &'a Resolved,
    cells: &'a [String],
    pub(super) row: usize,
    pub(super) problems: &'a mut Vec<Problem>,
}

impl Row<'_> {
    pub(super) fn get(&self, key: &str) -> &str {
        self.cols.get(self.cells, key)
    }

    pub(super) fn bad(&mut self, key: &str, reason: Reason) {
        self.problems.push(Problem { row: self.row, column: self.cols.header(key), reason });
    }

    pub(super) fn required(&mut self, key: &str) -> Option<String> {
        let v = self.get(key).to_string();
        if v.is_empty() {
            self.bad(key, Reason::Missing);
            None
        } else {
            Some(v)
        }
    }

    fn phone(&mut self, key: &str) -> String {
        let v = self.get(key).to_string();
        if v.is_empty() {
            return v;
        }
        match phone::validate(&v) {
            Ok((normal, _)) => normal,
            Err(_) => {
                self.bad(key, Reason::BadPhone { value: v });
                String::new()
            }
        }
    }

    fn coordinate(&mut self, key: &str, range: std::ops::RangeInclusive<f64>) -> Option<f64> {
        let v = self.get(key).to_string();
        if v.is_empty() {
            return None;
        }
        match v.parse::<f64>() {
            Ok(x) if range.contains(&x) => Some(x),
            Ok(_) => {
                self.bad(key, Reason::CoordinateOutOfChina { value: v });
                None
            }
            Err(_) => {
                self.bad(key, Reason::BadCoordinate { value: v });
                None
            }
        }
    }
}

pub(super) fn each_row(sheet: &Sheet, cols: &Resolved, problems: &mut Vec<Problem>, mut f: impl FnMut(&mut Row<'_>)) {
    for (row, cells) in &sheet.rows {
        let mut r = Row { cols, cells, row: *row, problems };
        f(&mut r);
    }
}

pub fn units(sheet: &Sheet, cols: &Resolved, grids: &GridResolver, problems: &mut Vec<Problem>) -> Vec<UnitInput> {
    let mut out = Vec::new();
    let mut seen_uscc: HashMap<String, usize> = HashMap::new();
    let mut seen_key: HashMap<(String, String), usize> = HashMap::new();
    each_row(sheet, cols, problems, |r| {
        let before = r.problems.len();
        let name = r.required("name");
        let code = match r.get("uscc").to_string() {
            s if s.is_empty() => None,
            s => match uscc::validate(&s) {
                Ok(code) => {
                    if let Some(first) = seen_uscc.insert(code.clone(), r.row) {
                        r.bad("uscc", Reason::DuplicateUscc { value: code.clone(), first_row: first });
                    }
                    Some(code)
                }
                Err(error) => {
                    r.bad("uscc", Reason::BadUscc { value: s, error });
                    None
                }
            },
        };
        let grid_text = r.get("grid").to_string();
        let community = r.get("community").to_string();
        let grid_id = if grid_text.is_empty() {
            None
        } else {
            match grids.find(&grid_text, &community) {
                Ok(id) => Some(id),
                Err(reason) => {
                    r.bad("grid", reason);
                    None
                }
            }
        };
        let sector = r.required("sector").and_then(|s| {
            Sector::parse(&s).or_else(|| {
                r.bad("sector", Reason::UnknownSector { value: s });
                None
            })
        });
        let risk = r.required("risk_level").and_then(|s| {
            RiskLevel::parse(&s).or_else(|| {
                r.bad("risk_level", Reason::UnknownRisk { value: s });
                None
            })
        });
        let phone = r.phone("phone");
        let lon = r.coordinate("lon", 73.0..=136.0);
        let lat = r.coordinate("lat", 3.0..=54.0);
        if lon.is_some() != lat.is_some() && r.problems.len() == before {
            r.bad(if lon.is_some() { "lat" } else { "lon" }, Reason::OnlyOneCoordinate);
        }
        let address = r.get("address").to_string();
        if let (Some(name), None) = (&name, &code)
            && let Some(first) = seen_key.insert((name.clone(), address.clone()), r.row)
        {
            r.bad("name", Reason::DuplicateRow { first_row: first });
        }
        if r.problems.len() == before
            && let (Some(name), Some(sector), Some(risk)) = (name, sector, risk)
        {
            out.push(UnitInput {
                uscc: code,
                name,
                address,
                grid_id,
                sector,
                risk,
                principal: r.get("principal").to_string(),
                phone,
                lon,
                lat,
            });
        }
    });
    out
}

pub fn grids(sheet: &Sheet, cols: &Resolved, problems: &mut Vec<Problem>) -> Vec<GridInput> {
    let mut out = Vec::new();
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    each_row(sheet, cols, problems, |r| {
        let before = r.problems.len();
        let community = r.required("community");
        let name = r.required("name");
        if let (Some(c), Some(n)) = (&community, &name)
            && let Some(first) = seen.insert((c.clone(), n.clone()), r.row)
        {
            r.bad("name", Reason::DuplicateRow { first_row: first });
        }
        if r.problems.len() == before
            && let (Some(community), Some(name)) = (community, name)
        {
            out.push(GridInput { community, name, code: r.get("code").to_string() });
        }
    });
    out
}

pub fn officers(
    sheet: &Sheet,
    cols: &Resolved,
    grids: &GridResolver,
    problems: &mut Vec<Problem>,
) -> Vec<OfficerInput> {
    let mut out = Vec::new();
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    each_row(sheet, cols, problems, |r| {
        let before = r.problems.len();
        let name = r.required("name");
        let role = r.required("role").and_then(|s| {
            OfficerRole::parse(&s).or_else(|| {
                r.bad("role", Reason::UnknownRole { value: s });
                None
            })
        });
        let phone = r.phone("phone");
        let mut grid_ids = Vec::new();
        let list = r.get("grids").to_string();
        for part in list.split([';', '；', '、', ',', '，']).map(str::trim).filter(|p| !p.is_empty()) {
            match grids.find(part, "") {
                Ok(id) => grid_ids.push(id),
                Err(reason) => r.bad("grids", reason),
            }
        }
        if let Some(n) = &name
            && let Some(first) = seen.insert((n.clone(), phone.clone()), r.row)
        {
            r.bad("name", Reason::DuplicateRow { first_row: first });
        }
        if r.problems.len() == before
            && let (Some(name), Some(role)) = (name, role)
        {
            out.push(OfficerInput { name, phone, role, grid_ids });
        }
    });
    out
}

/// A validated 五包一 seat: (unit id, seat, officer id).
pub type TeamInput = (i64, TeamSeat, i64);

pub struct TeamLookups {
    /// uscc → unit id
    pub units_by_uscc: HashMap<String, i64>,
    /// unit name → ids
    pub units_by_name: HashMap<String, Vec<i64>>,
    /// officer name → (id, phone)
    pub officers: HashMap<String, Vec<(i64, String)>>,
}

pub fn teams(sheet: &Sheet, cols: &Resolved, look: &TeamLookups, problems: &mut Vec<Problem>) -> Vec<TeamInput> {
    let mut out = Vec::new();
    let mut seen: HashMap<(i64, TeamSeat), usize> = HashMap::new();
    each_row(sheet, cols, problems, |r| {
        let before = r.problems.len();
        let unit = r.required("unit").and_then(|u| {
            let found = match uscc::validate(&u) {
                Ok(code) => look.units_by_uscc.get(&code).map(|id| vec![*id]).unwrap_or_default(),
                Err(_) => look.units_by_name.get(&u).cloned().unwrap_or_default(),
            };
            unique(
                &found,
                || Reason::UnknownUnit { value: u.clone() },
                |count| Reason::AmbiguousUnit { value: u.clone(), count },
            )
            .map_err(|e| r.bad("unit", e))
            .ok()
        });
        let seat = r.required("seat").and_then(|s| {
            TeamSeat::parse(&s).or_else(|| {
                r.bad("seat", Reason::UnknownSeat { value: s });
                None
            })
        });
        let phone = r.phone("phone");
        let officer = r.required("officer").and_then(|name| {
            let found: Vec<i64> = look
                .officers
                .get(&name)
                .map(|v| v.iter().filter(|(_, p)| phone.is_empty() || *p == phone).map(|(id, _)| *id).collect())
                .unwrap_or_default();
            unique(
                &found,
                || Reason::UnknownOfficer { value: name.clone() },
                |count| Reason::AmbiguousOfficer { value: name.clone(), count },
            )
            .map_err(|e| r.bad("officer", e))
            .ok()
        });
        if let (Some(u), Some(s)) = (unit, seat)
            && let Some(first) = seen.insert((u, s), r.row)
        {
            r.bad("seat", Reason::DuplicateRow { first_row: first });
        }
        if r.problems.len() == before
            && let (Some(u), Some(s), Some(o)) = (unit, seat, officer)
        {
            out.push((u, s, o));
        }
    });
    out
}

//! Row validation for the office's registers: accidents and work records (enforcement, training,
//! publicity). A unit is matched by USCC or unique name when it is on record; otherwise the name
//! is kept as written (an accident or a case can be at a place the office does not supervise).

use super::columns::Resolved;
use super::entities::{Row, each_row};
use super::problem::{Problem, Reason};
use super::sheet::Sheet;
use crate::domain::accident::{self, AccidentLevel};
use crate::domain::time::{parse_day, parse_moment};
use crate::domain::uscc;
use crate::domain::work_record::WorkKind;
use crate::store::accidents::AccidentInput;
use crate::store::work_records::WorkInput;
use std::collections::HashMap;

/// Units on record, to attach a row to one.
pub struct UnitLookup {
    pub by_uscc: HashMap<String, (i64, String)>,
    pub by_name: HashMap<String, Vec<i64>>,
}

impl UnitLookup {
    /// (unit id if on record and unique, the name to keep).
    fn find(&self, text: &str) -> (Option<i64>, String) {
        if let Ok(code) = uscc::validate(text)
            && let Some((id, name)) = self.by_uscc.get(&code)
        {
            return (Some(*id), name.clone());
        }
        match self.by_name.get(text).map(Vec::as_slice) {
            Some([id]) => (Some(*id), text.to_string()),
            _ => (None, text.to_string()),
        }
    }
}

fn count(r: &mut Row<'_>, key: &str) -> Option<u32> {
    let v = r.get(key).trim().trim_end_matches('人').to_string();
    if v.is_empty() {
        return Some(0);
    }
    v.parse::<u32>().map_err(|_| r.bad(key, Reason::BadCount { value: v })).ok()
}

pub fn accidents(
    sheet: &Sheet,
    cols: &Resolved,
    units: &UnitLookup,
    problems: &mut Vec<Problem>,
) -> Vec<AccidentInput> {
    let mut out = Vec::new();
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    each_row(sheet, cols, problems, |r| {
        let before = r.problems.len();
        let at = r.required("occurred_at").and_then(|v| {
            parse_moment(&v).or_else(|| {
                r.bad("occurred_at", Reason::BadMoment { value: v });
                None
            })
        });
        let unit = r.required("unit").map(|u| units.find(&u));
        let kind = r.required("kind").and_then(|v| {
            accident::parse_type(&v).or_else(|| {
                r.bad("kind", Reason::UnknownAccidentType { value: v });
                None
            })
        });
        let deaths = count(r, "deaths");
        let injuries = count(r, "injuries");
        let floor = AccidentLevel::floor(deaths.unwrap_or(0), injuries.unwrap_or(0));
        let level_text = r.get("level").to_string();
        let level = if level_text.is_empty() {
            Some(floor)
        } else {
            match AccidentLevel::parse(&level_text) {
                Some(l) if l < floor => {
                    r.bad("level", Reason::LevelBelowCasualties { value: level_text, floor });
                    None
                }
                Some(l) => Some(l),
                None => {
                    r.bad("level", Reason::UnknownAccidentLevel { value: level_text });
                    None
                }
            }
        };
        let reported_text = r.get("reported_at").to_string();
        let reported = if reported_text.is_empty() {
            None
        } else {
            match parse_moment(&reported_text) {
                Some(t) if at.is_some_and(|a| t < a) => {
                    r.bad("reported_at", Reason::ReportedBeforeOccurred);
                    None
                }
                Some(t) => Some(t),
                None => {
                    r.bad("reported_at", Reason::BadMoment { value: reported_text });
                    None
                }
            }
        };
        if let (Some(a), Some((_, name))) = (&at, &unit)
            && let Some(first) = seen.insert((crate::domain::time::stamp(*a), name.clone()), r.row)
        {
            r.bad("occurred_at", Reason::DuplicateRow { first_row: first });
        }
        if r.problems.len() == before
            && let (Some(at), Some((unit, unit_name)), Some(kind), Some(level), Some(deaths), Some(injuries)) =
                (at, unit, kind, level, deaths, injuries)
        {
            out.push(AccidentInput {
                occurred_at: at,
                unit,
                unit_name,
                place: r.get("place").to_string(),
                kind: kind.to_string(),
                level,
                deaths,
                injuries,
                description: r.get("description").to_string(),
                reported_at: reported,
            });
        }
    });
    out
}

pub fn work(sheet: &Sheet, cols: &Resolved, units: &UnitLookup, problems: &mut Vec<Problem>) -> Vec<WorkInput> {
    let mut out = Vec::new();
    let mut seen: HashMap<(WorkKind, chrono::NaiveDate, String), usize> = HashMap::new();
    each_row(sheet, cols, problems, |r| {
        let before = r.problems.len();
        let kind = r.required("kind").and_then(|v| {
            WorkKind::parse(&v).or_else(|| {
                r.bad("kind", Reason::UnknownWorkKind { value: v });
                None
            })
        });
        let on = r.required("on").and_then(|v| {
            parse_day(&v).or_else(|| {
                r.bad("on", Reason::BadDate { value: v });
                None
            })
        });
        let title = r.required("title");
        let unit_text = r.get("unit").to_string();
        let (unit, unit_name) = if unit_text.is_empty() { (None, String::new()) } else { units.find(&unit_text) };
        let fine_text = r.get("fine").trim().trim_end_matches('元').replace(',', "");
        let fine = if fine_text.is_empty() {
            Some(0.0)
        } else {
            match fine_text.parse::<f64>() {
                Ok(x) if x >= 0.0 && x.is_finite() => Some(x),
                _ => {
                    r.bad("fine", Reason::BadAmount { value: fine_text });
                    None
                }
            }
        };
        let people = count(r, "people");
        if let (Some(k), Some(d), Some(t)) = (kind, on, &title)
            && let Some(first) = seen.insert((k, d, t.clone()), r.row)
        {
            r.bad("title", Reason::DuplicateRow { first_row: first });
        }
        if r.problems.len() == before
            && let (Some(kind), Some(on), Some(title), Some(fine_yuan), Some(people)) = (kind, on, title, fine, people)
        {
            out.push(WorkInput {
                kind,
                on,
                title,
                unit,
                unit_name,
                fine_yuan,
                people: people as i64,
                note: r.get("note").to_string(),
            });
        }
    });
    out
}

//! The hazard register's forms: an inspection or drill (which may find a hazard), a new or edited
//! hazard, and the new-hazard form filled from the record it comes from (an alarm, a tip-off),
//! which those screens open with their own purpose so that the hazard is linked to the record.

use crate::domain::hazard::HazardSource;
use crate::i18n::T;
use crate::store::hazards::{Hazard, HazardEdit, NewHazard};
use crate::store::inspections::{InspectionKind, NewInspection};
use crate::tui::env::Env;
use crate::tui::form::{Field, Form, Value};
use chrono::{Duration, NaiveDate};

use super::msg::Write;

fn sources() -> Vec<(&'static str, &'static str)> {
    HazardSource::ALL.iter().map(|s| (s.name(true), s.name(false))).collect()
}

fn source_index(source: HazardSource) -> usize {
    HazardSource::ALL.iter().position(|s| *s == source).unwrap_or(0)
}

pub fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

pub fn inspection(env: &Env<'_>, name: String, kind: InspectionKind) -> Form {
    let title = if kind == InspectionKind::Drill { T::FormDrill } else { T::FormInspection };
    let fields = vec![
        Field::text(T::FieldDate, &env.today.to_string()),
        Field::text(T::FieldDoneBy, ""),
        Field::long(T::FieldFindings, ""),
        Field::choice(
            T::FieldOpensHazard,
            vec![("否", "no"), ("一般隐患", "general hazard"), ("重大隐患", "major hazard")],
            0,
        ),
    ];
    Form::new(title, name, fields)
}

/// The new-hazard form, or the edit form of an existing hazard.
pub fn hazard(env: &Env<'_>, name: String, existing: Option<&Hazard>) -> Form {
    let title = if existing.is_some() { T::FormHazardEdit } else { T::FormHazardNew };
    let deadline = existing.map(|h| h.deadline).unwrap_or(env.today + Duration::days(30));
    let source = existing.map(|h| h.source).unwrap_or(HazardSource::Inspection);
    let text = |f: fn(&Hazard) -> &str| existing.map(f).unwrap_or("");
    let fields = vec![
        Field::long(T::FieldDescription, text(|h| &h.description)),
        Field::toggle(T::FieldMajor, existing.is_some_and(|h| h.major)),
        Field::choice(T::FieldSource, sources(), source_index(source)),
        Field::text(T::FieldDeadline, &deadline.to_string()),
        Field::long(T::FieldMeasures, text(|h| &h.measures)),
        Field::text(T::FieldResponsible, text(|h| &h.responsible)),
        Field::toggle(T::FieldSupervised, existing.is_some_and(|h| h.supervised)),
        Field::text(T::FieldSupervisingLevel, text(|h| &h.supervising_level)),
    ];
    Form::new(title, name, fields)
}

/// The new-hazard form filled from the record it comes from.
pub fn linked(env: &Env<'_>, name: String, description: &str, source: HazardSource) -> Form {
    let mut form = hazard(env, name, None);
    if let Some(f) = form.fields.first_mut() {
        *f = Field::long(T::FieldDescription, &crate::tui::widgets::text::clean(description));
    }
    if let Some(f) = form.fields.get_mut(2) {
        f.value = Value::Choice(source_index(source));
    }
    form
}

/// The new-hazard form that first asks for its unit (found by typing its name, address or code):
/// on the Hazards screen the selected row's unit is only a guess.
pub fn hazard_picking_unit(env: &Env<'_>) -> Form {
    let mut form = hazard(env, env.t(T::PickUnitFirst).to_string(), None);
    form.fields.insert(0, Field::pick(T::FieldUnitKey, ""));
    form
}

/// What the hazard form says, or what is wrong with it.
pub fn edit(form: &Form) -> Result<HazardEdit, T> {
    edit_from(form, 0)
}

/// The hazard form's fields starting at field `at` (after a unit picker).
pub fn edit_from(form: &Form, at: usize) -> Result<HazardEdit, T> {
    let description = form.text(at);
    if description.is_empty() {
        return Err(T::DescriptionMissing);
    }
    let deadline = parse_date(&form.text(at + 3)).ok_or(T::BadDate)?;
    Ok(HazardEdit {
        description,
        major: form.toggle(at + 1),
        source: HazardSource::ALL.get(form.choice(at + 2)).copied().unwrap_or(HazardSource::Other),
        measures: form.text(at + 4),
        responsible: form.text(at + 5),
        deadline,
        supervised: form.toggle(at + 6),
        supervising_level: form.text(at + 7),
    })
}

/// A new hazard at a unit from the hazard form, found today by the operator.
pub fn new_hazard(env: &Env<'_>, form: &Form, unit_id: i64) -> Result<NewHazard, T> {
    new_hazard_from(env, form, unit_id, 0)
}

/// As [`new_hazard`], the hazard's fields starting at field `at`.
pub fn new_hazard_from(env: &Env<'_>, form: &Form, unit_id: i64, at: usize) -> Result<NewHazard, T> {
    let edit = edit_from(form, at)?;
    if edit.deadline < env.today {
        return Err(T::DeadlineBeforeFound);
    }
    Ok(NewHazard {
        unit_id,
        description: edit.description,
        major: edit.major,
        source: edit.source,
        found_on: env.today,
        found_by: env.operator_name(),
        measures: edit.measures,
        responsible: edit.responsible,
        deadline: edit.deadline,
        supervised: edit.supervised,
        supervising_level: edit.supervising_level,
        inspection_id: None,
    })
}

/// The inspection form's write: the inspection, and the hazard it found (60 days for a major
/// one, 30 for a general one).
pub fn inspection_write(form: &Form, unit_id: i64, kind: InspectionKind) -> Result<Write, T> {
    let done_on = parse_date(&form.text(0)).ok_or(T::BadDate)?;
    let findings = form.text(2);
    let hazard = match form.choice(3) {
        0 => None,
        _ if findings.is_empty() => return Err(T::DescriptionMissing),
        level => Some(NewHazard {
            unit_id,
            description: findings.clone(),
            major: level == 2,
            source: if kind == InspectionKind::SelfInspection {
                HazardSource::SelfInspection
            } else {
                HazardSource::Inspection
            },
            found_on: done_on,
            found_by: form.text(1),
            measures: String::new(),
            responsible: String::new(),
            deadline: done_on + Duration::days(if level == 2 { 60 } else { 30 }),
            supervised: level == 2,
            supervising_level: String::new(),
            inspection_id: None,
        }),
    };
    Ok(Write::Inspection(NewInspection { unit_id, kind, done_on, done_by: form.text(1), findings }, hazard))
}

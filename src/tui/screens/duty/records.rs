//! The Duty screen's two register forms: an accident (new, or one the log opened, completed with
//! its unit, type and casualties) and a work record (an enforcement case, a training session, a
//! publicity event). What is typed is checked here and said in the officer's language; the store
//! checks again in the write.

use super::DutyScreen;
use super::msg::{Form as Purpose, Write};
use crate::domain::accident::{self, AccidentLevel};
use crate::domain::duty::EntryKind;
use crate::domain::time::{parse_day, parse_moment, stamp};
use crate::domain::work_record::WorkKind;
use crate::i18n::T;
use crate::store::accidents::AccidentInput;
use crate::store::work_records::WorkInput;
use crate::tui::form::{Field, Form};
use crate::tui::screen_def::Ctx;

type Cx<'a> = Ctx<'a, DutyScreen>;

/// "2026-11-03 14:20" from a stored stamp.
fn moment(at: &str) -> String {
    at.get(..16).unwrap_or(at).replace('T', " ")
}

/// The accident form: on a serious-accident log entry whose register entry still lacks its unit,
/// that entry, to complete; otherwise a new accident at the current minute.
pub(super) fn open_accident(s: &DutyScreen, cx: &mut Cx<'_>) {
    let to_complete = s.pane.as_ref().and_then(|p| {
        let selected = s.selected().filter(|e| e.kind == EntryKind::SeriousAccident).map(|e| e.id);
        p.to_complete.iter().find(|a| selected.is_some() && a.duty_entry == selected)
    });
    let types = accident::TYPES.iter().map(|(_, zh, en)| (*zh, *en)).collect();
    let mut levels = vec![(T::LevelByCasualties.get(crate::i18n::Lang::Zh), T::LevelByCasualties.get(crate::i18n::Lang::En))];
    levels.extend(AccidentLevel::ALL.iter().map(|l| (l.name(true), l.name(false))));
    let (at, kind, level, text, reported, edit) = match to_complete {
        Some(a) => (
            moment(&a.occurred_at),
            accident::TYPES.iter().position(|(c, _, _)| *c == a.kind).unwrap_or(accident::TYPES.len() - 1),
            AccidentLevel::ALL.iter().position(|l| *l == a.level).map(|i| i + 1).unwrap_or(0),
            a.description.clone(),
            a.reported_at.as_deref().map(moment).unwrap_or_default(),
            Some((a.id, a.version)),
        ),
        None => (moment(&stamp(cx.env.now)), accident::TYPES.len() - 1, 0, String::new(), String::new(), None),
    };
    let fields = vec![
        Field::text(T::FieldOccurredAt, &at),
        Field::pick(T::FieldAccidentUnit, ""),
        Field::choice(T::FieldAccidentKind, types, kind),
        Field::text(T::FieldDeaths, "0"),
        Field::text(T::FieldInjuries, "0"),
        Field::choice(T::FieldAccidentLevel, levels, level),
        Field::text(T::FieldReportedAt, &reported),
        Field::text(T::FieldPlace, ""),
        Field::long_in(T::FieldAccidentText, &text, 2),
    ];
    cx.open(Form::new(T::FormAccident, cx.env.operator_name(), fields), Purpose::Accident { edit });
}

pub(super) fn open_work(cx: &mut Cx<'_>) {
    let kinds = WorkKind::ALL.iter().map(|k| (k.name(true), k.name(false))).collect();
    let fields = vec![
        Field::choice(T::FieldWorkKind, kinds, 0),
        Field::text(T::FieldWorkDate, &cx.env.today.to_string()),
        Field::text(T::FieldWorkTitle, ""),
        Field::pick(T::FieldWorkUnit, ""),
        Field::text(T::FieldFine, ""),
        Field::text(T::FieldPeople, ""),
        Field::text(T::FieldNote, ""),
    ];
    cx.open(Form::new(T::FormWork, cx.env.operator_name(), fields), Purpose::Work);
}

fn count(text: &str) -> Result<u32, T> {
    let t = text.trim().trim_end_matches('人');
    if t.is_empty() {
        return Ok(0);
    }
    t.parse::<u32>().map_err(|_| T::BadCount)
}

pub(super) fn accident_written(form: &Form, edit: Option<(i64, i64)>, cx: &Cx<'_>) -> Result<(Write, String), T> {
    let occurred_at = parse_moment(&form.text(0)).ok_or(T::BadMoment)?;
    let (unit, typed) = form.picked(1);
    if typed.is_empty() {
        return Err(T::TextMissing);
    }
    let unit_name = if unit.is_some() { form.label(1) } else { typed };
    let kind = accident::TYPES.get(form.choice(2)).map(|(c, _, _)| *c).unwrap_or("other");
    let (deaths, injuries) = (count(&form.text(3))?, count(&form.text(4))?);
    let floor = AccidentLevel::floor(deaths, injuries);
    let level = match form.choice(5) {
        0 => floor,
        i => AccidentLevel::ALL.get(i - 1).copied().unwrap_or(floor),
    };
    if level < floor {
        return Err(T::LevelBelowCasualties);
    }
    let reported_at = match form.text(6) {
        t if t.is_empty() => None,
        t => Some(parse_moment(&t).ok_or(T::BadMoment)?),
    };
    if reported_at.is_some_and(|r| r < occurred_at) {
        return Err(T::ReportedBeforeOccurred);
    }
    let zh = cx.env.zh();
    let what = format!("{} {} {}", moment(&stamp(occurred_at)), accident::type_name(kind, zh), level.name(zh));
    let input = AccidentInput {
        occurred_at,
        unit,
        unit_name,
        place: form.text(7),
        kind: kind.to_string(),
        level,
        deaths,
        injuries,
        description: form.text(8),
        reported_at,
    };
    Ok((Write::Accident { edit, input: Box::new(input) }, T::DoneAccident.fill(cx.env.lang, &[("what", &what)])))
}

pub(super) fn work_written(form: &Form, cx: &Cx<'_>) -> Result<(Write, String), T> {
    let kind = WorkKind::ALL.get(form.choice(0)).copied().unwrap_or(WorkKind::Enforcement);
    let on = parse_day(&form.text(1)).ok_or(T::BadDay)?;
    let title = form.text(2);
    if title.is_empty() {
        return Err(T::TextMissing);
    }
    let (unit, typed) = form.picked(3);
    let unit_name = if unit.is_some() { form.label(3) } else { typed };
    let fine_text = form.text(4).trim_end_matches('元').replace(',', "");
    let fine_yuan = match fine_text.trim() {
        "" => 0.0,
        t => t.parse::<f64>().ok().filter(|x| *x >= 0.0 && x.is_finite()).ok_or(T::BadAmount)?,
    };
    let people = count(&form.text(5))? as i64;
    let done = T::DoneWork.fill(cx.env.lang, &[("kind", &kind.name(cx.env.zh())), ("what", &title)]);
    let input = WorkInput { kind, on, title, unit, unit_name, fine_yuan, people, note: form.text(6) };
    Ok((Write::Work(Box::new(input)), done))
}

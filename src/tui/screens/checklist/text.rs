//! The whole of the checklist item the detail pane shows, for the full view: the measure's title,
//! target, evidence and the rule it is scored by, uncut.

use crate::i18n::T;
use crate::store::checklist::Item;
use crate::tui::env::Env;
use crate::tui::widgets::text::clean;

pub fn full(env: &Env<'_>, item: &Item, figure: Option<String>) -> (String, String) {
    let zh = env.zh();
    let title = format!("{}.{} {}", item.task, item.number, env.t(T::ChecklistItemTitle));
    let mut out = vec![clean(&item.title), String::new()];
    out.push(env.labelled(T::FieldStatus, item.status.name(zh)));
    if !item.task_title.is_empty() {
        out.push(env.labelled(T::FieldTask, &clean(&item.task_title)));
    }
    if let Some(t) = &item.target {
        out.push(env.labelled(T::FieldTarget, &clean(t)));
    }
    if item.every.is_some() {
        out.push(env.labelled(T::TimeNode, &every_words(item, zh, false)));
    }
    if !item.section.is_empty() {
        out.push(env.labelled(T::FieldSection, &clean(&item.section)));
    }
    if !item.note.is_empty() {
        out.push(env.labelled(T::FieldEvidenceNote, &clean(&item.note)));
    }
    if !item.evidence.is_empty() {
        out.push(env.labelled(T::FieldEvidence, &clean(&item.evidence)));
    }
    if let (Some(f), Some(value)) = (item.figure, figure) {
        out.push(env.labelled(T::FieldFigure, &format!("{} {value}", f.name(zh))));
    }
    if let Some(p) = item.points {
        out.push(env.labelled(T::FieldPoints, &p.to_string()));
    }
    if !item.rule.is_empty() {
        out.push(env.labelled(T::FieldRule, &clean(&item.rule)));
    }
    if let Some(lost) = item.points_lost {
        out.push(env.labelled(T::FieldPointsLost, &format!("{lost} {}", clean(&item.loss_reason))));
    }
    if !item.updated_by.is_empty() {
        out.push(String::new());
        out.push(format!("{} {}", clean(&item.updated_by), item.updated_at.get(..16).unwrap_or("").replace('T', " ")));
    }
    (title, out.join("\n"))
}

/// The item's frequency in words; the short cell keeps the general one.
pub(super) fn every_words(i: &Item, zh: bool, short: bool) -> String {
    crate::domain::checklist::Every::words(i.every, i.every_high_hazard.filter(|_| !short), zh)
}

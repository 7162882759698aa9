//! What the Checklist screen's keys do: move between plans and quarters, set an item's status or
//! fill it in, write the report's own parts, compile the report into the preview, and write its
//! files one format at a time under a gauge.

use super::msg::{Form as Purpose, Req, Write};
use super::{ChecklistScreen, ExportRun, Preview};
use crate::domain::OperatorRole;
use crate::domain::checklist::{ItemKind, ItemStatus};
use crate::i18n::T;
use crate::report::export::Format;
use crate::report::model::Report;
use crate::store::checklist::EntryEdit;
use crate::tui::action::Action;
use crate::tui::form::{Field, Form};
use crate::tui::screen_def::Ctx;

type Cx<'a> = Ctx<'a, ChecklistScreen>;

pub(super) fn handle(s: &mut ChecklistScreen, action: Action, cx: &mut Cx<'_>) {
    let today = cx.env.today;
    match action {
        Action::Back if s.preview.is_some() => s.preview = None,
        Action::ChecklistPlan => {
            s.next_plan(today);
            s.preview = None;
            s.reload_items(cx);
        }
        Action::PrevQuarter | Action::NextQuarter => {
            s.shift_quarter(today, action == Action::NextQuarter);
            s.preview = None;
            s.reload_items(cx);
        }
        Action::ItemStatus | Action::ItemDone => set_item_status(s, action == Action::ItemDone, cx),
        Action::ItemEdit => item_form(s, cx),
        Action::ReportText => report_text_form(s, cx),
        Action::ReportCompile => {
            s.compiling = true;
            cx.say(T::Compiling, false);
            cx.read(Req::Compile {
                quarter: s.quarter(today),
                today,
                at: crate::domain::time::stamp(cx.env.now),
                operator: cx.env.operator_name(),
                lang: cx.env.lang,
            });
        }
        Action::ReportExport => start_export(s, cx),
        Action::Open | Action::Read if s.preview.is_none() => match s.selected() {
            Some(item) => {
                let figure = item.figure.and_then(|f| {
                    s.pane
                        .as_ref()
                        .and_then(|p| p.figures.iter().find(|x| x.0 == f))
                        // Empty: still being counted.
                        .map(|x| if x.1.is_empty() { "…".to_string() } else { x.1.clone() })
                });
                let (title, body) = super::text::full(&cx.env, item, figure);
                cx.read_text(title, body);
            }
            None => cx.say(T::ChecklistHint, true),
        },
        other => {
            s.navigate(other, cx.env.height);
        }
    }
}

/// Ticking the checklist is duty work; viewers only read it.
fn may_edit(cx: &mut Cx<'_>) -> bool {
    if cx.env.role() < OperatorRole::Duty {
        cx.status = Some(cx.env.read_only());
        return false;
    }
    true
}

fn set_item_status(s: &ChecklistScreen, done: bool, cx: &mut Cx<'_>) {
    let Some(item) = s.selected() else {
        return cx.say(T::SelectItem, true);
    };
    if !may_edit(cx) {
        return;
    }
    let next = if done {
        ItemStatus::Done
    } else {
        let i = ItemStatus::ALL.iter().position(|x| *x == item.status).unwrap_or(0);
        ItemStatus::ALL[(i + 1) % ItemStatus::ALL.len()]
    };
    let edit = EntryEdit { status: Some(next), ..Default::default() };
    let quarter = s.quarter(cx.env.today);
    let what = format!("{}.{} {}", item.task, item.number, item.title);
    let done = T::DoneChecklist.fill(cx.env.lang, &[("what", &what), ("status", &next.name(cx.env.zh()))]);
    cx.write(Write::Edit { measure_id: item.measure_id, quarter, version: item.version, edit }, done);
}

fn item_form(s: &ChecklistScreen, cx: &mut Cx<'_>) {
    let Some(item) = s.selected() else {
        return cx.say(T::SelectItem, true);
    };
    if !may_edit(cx) {
        return;
    }
    let status = ItemStatus::ALL.iter().position(|x| *x == item.status).unwrap_or(0);
    let mut fields = vec![
        Field::choice(T::FieldStatus, ItemStatus::ALL.iter().map(|x| (x.name(true), x.name(false))).collect(), status),
        Field::long(T::FieldEvidenceNote, &item.note),
        Field::text(T::FieldSection, &item.section),
    ];
    if item.points.is_some() || item.kind != ItemKind::Measure {
        let lost = item.points_lost.map(|p| format!("{p}")).unwrap_or_default();
        fields.push(Field::text(T::FieldPointsLost, &lost));
        fields.push(Field::text(T::FieldLossReason, &item.loss_reason));
    }
    let subject = format!("{}.{} {}", item.task, item.number, item.title);
    let quarter = s.quarter(cx.env.today);
    let purpose = Purpose::Item { measure_id: item.measure_id, quarter, version: item.version };
    cx.open(Form::new(T::FormChecklistItem, subject, fields), purpose);
}

fn report_text_form(s: &ChecklistScreen, cx: &mut Cx<'_>) {
    if !may_edit(cx) {
        return;
    }
    let quarter = s.quarter(cx.env.today);
    let drafts = s.pane.as_ref().map(|p| p.drafts.as_slice()).unwrap_or(&[]);
    let text = |part: &str| drafts.iter().find(|d| d.0 == part).map(|d| d.1.clone()).unwrap_or_default();
    let version = |part: &str| drafts.iter().find(|d| d.0 == part).map(|d| d.2).unwrap_or(0);
    let fields =
        vec![Field::long(T::FieldProblems, &text("problems")), Field::long(T::FieldNextPlan, &text("next_quarter"))];
    let parts = vec![("problems".to_string(), version("problems")), ("next_quarter".into(), version("next_quarter"))];
    cx.open(Form::new(T::FormReportText, quarter.label(), fields), Purpose::ReportText { quarter, parts });
}

pub(super) fn submit(s: &ChecklistScreen, form: &Form, purpose: Purpose, cx: &mut Cx<'_>) -> Result<(), T> {
    match purpose {
        Purpose::Item { measure_id, quarter, version } => {
            let has_points = form.fields.len() > 3;
            let points_lost = if has_points {
                let text = form.text(3);
                if text.is_empty() {
                    Some(None)
                } else {
                    match text.parse::<f64>() {
                        Ok(v) if v.is_finite() && v >= 0.0 => Some(Some(v)),
                        _ => return Err(T::BadNumber),
                    }
                }
            } else {
                None
            };
            let edit = EntryEdit {
                status: ItemStatus::ALL.get(form.choice(0)).copied(),
                note: Some(form.text(1)),
                section: Some(form.text(2)),
                points_lost,
                loss_reason: has_points.then(|| form.text(4)),
            };
            let status = edit.status.map(|x| x.name(cx.env.zh())).unwrap_or_default();
            let done = T::DoneChecklist.fill(cx.env.lang, &[("what", &form.subject), ("status", &status)]);
            cx.write(Write::Edit { measure_id, quarter, version, edit }, done);
        }
        Purpose::ReportText { quarter, parts } => {
            // Only the parts that changed are written.
            for (i, (part, version)) in parts.into_iter().enumerate() {
                let old = s.pane.as_ref().and_then(|p| p.drafts.iter().find(|d| d.0 == part));
                if old.map(|d| d.1.as_str()) != Some(form.text(i).as_str()) {
                    let done = T::DoneReportText.fill(cx.env.lang, &[("quarter", &quarter.label())]);
                    cx.write(Write::Draft { quarter, part, body: form.text(i), version }, done);
                }
            }
        }
    }
    Ok(())
}

pub(super) fn compiled(s: &mut ChecklistScreen, r: Result<Box<Report>, String>, cx: &mut Cx<'_>) {
    s.compiling = false;
    match r {
        Ok(report) => {
            let blocks = crate::report::blocks(&report, cx.env.lang);
            let cols = super::view::preview_cols(cx.env.width);
            let lines = super::preview::layout(&blocks, cols);
            s.preview = Some(Preview { report, blocks, lines, cols, scroll: 0 });
            cx.clear_status();
        }
        Err(e) => cx.refuse(e),
    }
}

/// Writes the previewed report: one request per format, each answer moving the gauge.
fn start_export(s: &mut ChecklistScreen, cx: &mut Cx<'_>) {
    if !may_edit(cx) {
        return;
    }
    let Some(p) = &s.preview else {
        return cx.say(T::CompileFirst, true);
    };
    let report = p.report.clone();
    s.export = Some(ExportRun {
        dir: cx.env.report_dir.to_path_buf(),
        pending: Format::ALL.to_vec(),
        total: Format::ALL.len(),
        written: Vec::new(),
        error: None,
    });
    next_file(s, report, cx);
}

fn next_file(s: &ChecklistScreen, report: Box<Report>, cx: &mut Cx<'_>) {
    let Some(run) = &s.export else { return };
    if let Some(format) = run.pending.first().copied() {
        cx.read(Req::WriteFile { report, format, dir: run.dir.clone(), lang: cx.env.lang });
    }
}

pub(super) fn file_written(
    s: &mut ChecklistScreen,
    r: Result<crate::report::export::Written, String>,
    cx: &mut Cx<'_>,
) {
    let Some(run) = s.export.as_mut() else { return };
    match r {
        Ok(w) => {
            run.pending.retain(|f| *f != w.format);
            run.written.push(w);
        }
        Err(e) => {
            run.error = Some(e.clone());
            return cx.refuse(e);
        }
    }
    if run.finished() {
        let paths: Vec<String> = run.written.iter().map(|w| w.path.display().to_string()).collect();
        cx.status =
            Some(crate::tui::env::Status { text: format!("{}: {}", cx.env.t(T::WrittenTo), paths.join(", ")), error: false });
        return;
    }
    if let Some(report) = s.preview.as_ref().map(|p| p.report.clone()) {
        next_file(s, report, cx);
    }
}

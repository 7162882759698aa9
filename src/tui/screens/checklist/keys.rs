//! What the Checklist screen's keys do: move between plans and quarters, set an item's status or
//! fill it in, write the report's own parts, compile the report into the preview, and write its
//! files one format at a time under a gauge.

use crate::domain::OperatorRole;
use crate::domain::checklist::{ItemKind, ItemStatus};
use crate::i18n::T;
use crate::report::export::{Format, Written};
use crate::report::model::Report;
use crate::store::checklist::EntryEdit;
use crate::tui::app::{App, Status};
use crate::tui::form::{Field, Form};
use crate::tui::ops::FormPurpose;
use crate::tui::screens::checklist::{ExportRun, Preview};
use crate::tui::worker::{Request, WriteOp};

impl App {
    pub(in crate::tui) fn checklist_action(
        &mut self,
        action: crate::tui::action::Action,
        height: usize,
    ) -> Vec<Request> {
        use crate::tui::action::Action as A;
        let today = self.today;
        match action {
            A::Back if self.checklist.preview.is_some() => {
                self.checklist.preview = None;
                Vec::new()
            }
            A::ChecklistPlan => {
                self.checklist.next_plan(today);
                self.checklist.preview = None;
                self.checklist.reload(today, self.lang)
            }
            A::PrevQuarter | A::NextQuarter => {
                self.checklist.shift_quarter(today, action == A::NextQuarter);
                self.checklist.preview = None;
                self.checklist.reload(today, self.lang)
            }
            A::ItemStatus | A::ItemDone => self.set_item_status(action == A::ItemDone),
            A::ItemEdit => self.open_item_form(),
            A::ReportText => self.open_report_text_form(),
            A::ReportCompile => {
                self.checklist.compiling = true;
                self.say(T::Compiling, false);
                vec![Request::ReportCompile {
                    quarter: self.checklist.quarter(today),
                    today,
                    at: crate::domain::time::stamp(self.now),
                    operator: self.operator_name(),
                    lang: self.lang,
                }]
            }
            A::ReportExport => self.start_export(),
            other => {
                self.checklist.navigate(other, height);
                Vec::new()
            }
        }
    }

    /// Ticking the checklist is duty work; viewers only read it.
    fn may_edit(&mut self) -> bool {
        if self.role() < OperatorRole::Duty {
            self.status = Some(Status {
                text: crate::domain::hazard::TransitionError::ReadOnly { role: self.role().code() }.to_string(),
                error: true,
            });
            return false;
        }
        true
    }

    fn set_item_status(&mut self, done: bool) -> Vec<Request> {
        let Some(item) = self.checklist.selected().cloned() else {
            self.say(T::SelectItem, true);
            return Vec::new();
        };
        if !self.may_edit() {
            return Vec::new();
        }
        let next = if done {
            ItemStatus::Done
        } else {
            let i = ItemStatus::ALL.iter().position(|s| *s == item.status).unwrap_or(0);
            ItemStatus::ALL[(i + 1) % ItemStatus::ALL.len()]
        };
        let edit = EntryEdit { status: Some(next), ..Default::default() };
        let quarter = self.checklist.quarter(self.today);
        vec![Request::Write {
            operator: self.operator_name(),
            op: WriteOp::ChecklistEdit { measure_id: item.measure_id, quarter, version: item.version, edit },
        }]
    }

    fn open_item_form(&mut self) -> Vec<Request> {
        let Some(item) = self.checklist.selected().cloned() else {
            self.say(T::SelectItem, true);
            return Vec::new();
        };
        if !self.may_edit() {
            return Vec::new();
        }
        let status = ItemStatus::ALL.iter().position(|s| *s == item.status).unwrap_or(0);
        let mut fields = vec![
            Field::choice(
                T::FieldStatus,
                ItemStatus::ALL.iter().map(|s| (s.name(true), s.name(false))).collect(),
                status,
            ),
            Field::text(T::FieldEvidenceNote, &item.note),
            Field::text(T::FieldSection, &item.section),
        ];
        if item.points.is_some() || item.kind != ItemKind::Measure {
            let lost = item.points_lost.map(|p| format!("{p}")).unwrap_or_default();
            fields.push(Field::text(T::FieldPointsLost, &lost));
            fields.push(Field::text(T::FieldLossReason, &item.loss_reason));
        }
        let subject = format!("{}.{} {}", item.task, item.number, item.title);
        let quarter = self.checklist.quarter(self.today);
        let purpose = FormPurpose::ChecklistItem { measure_id: item.measure_id, quarter, version: item.version };
        self.form = Some((Form::new(T::FormChecklistItem, subject, fields), purpose));
        Vec::new()
    }

    fn open_report_text_form(&mut self) -> Vec<Request> {
        if !self.may_edit() {
            return Vec::new();
        }
        let quarter = self.checklist.quarter(self.today);
        let drafts = self.checklist.pane.as_ref().map(|p| p.drafts.clone()).unwrap_or_default();
        let text = |part: &str| drafts.iter().find(|d| d.0 == part).map(|d| d.1.clone()).unwrap_or_default();
        let version = |part: &str| drafts.iter().find(|d| d.0 == part).map(|d| d.2).unwrap_or(0);
        let fields = vec![
            Field::text(T::FieldProblems, &text("problems")),
            Field::text(T::FieldNextPlan, &text("next_quarter")),
        ];
        let parts =
            vec![("problems".to_string(), version("problems")), ("next_quarter".into(), version("next_quarter"))];
        self.form =
            Some((Form::new(T::FormReportText, quarter.label(), fields), FormPurpose::ReportText { quarter, parts }));
        Vec::new()
    }

    pub(in crate::tui) fn submit_checklist_form(&mut self, form: &Form, purpose: FormPurpose) -> Vec<Request> {
        let operator = self.operator_name();
        match purpose {
            FormPurpose::ChecklistItem { measure_id, quarter, version } => {
                let has_points = form.fields.len() > 3;
                let points_lost = if has_points {
                    let text = form.text(3);
                    if text.is_empty() {
                        Some(None)
                    } else {
                        match text.parse::<f64>() {
                            Ok(v) if v.is_finite() && v >= 0.0 => Some(Some(v)),
                            _ => return self.form_error(T::BadNumber),
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
                self.form = None;
                vec![Request::Write { operator, op: WriteOp::ChecklistEdit { measure_id, quarter, version, edit } }]
            }
            FormPurpose::ReportText { quarter, parts } => {
                self.form = None;
                parts
                    .into_iter()
                    .enumerate()
                    .filter(|(i, (part, _))| {
                        let old = self.checklist.pane.as_ref().and_then(|p| p.drafts.iter().find(|d| &d.0 == part));
                        old.map(|d| d.1.as_str()) != Some(form.text(*i).as_str())
                    })
                    .map(|(i, (part, version))| Request::Write {
                        operator: operator.clone(),
                        op: WriteOp::ReportDraft { quarter, part, body: form.text(i), version },
                    })
                    .collect()
            }
            _ => Vec::new(),
        }
    }

    pub(in crate::tui) fn report_compiled(&mut self, r: Result<Box<Report>, String>) -> Vec<Request> {
        self.checklist.compiling = false;
        match r {
            Ok(report) => {
                let lines = crate::report::markdown::render(&report, self.lang).lines().map(str::to_string).collect();
                self.checklist.preview = Some(Preview { report, lines, scroll: 0 });
                self.status = None;
            }
            Err(e) => self.status = Some(Status { text: e, error: true }),
        }
        Vec::new()
    }

    /// Writes the previewed report: one request per format, each answer moving the gauge.
    fn start_export(&mut self) -> Vec<Request> {
        if self.role() < OperatorRole::Duty {
            return self.may_edit().then(Vec::new).unwrap_or_default();
        }
        let Some(p) = &self.checklist.preview else {
            self.say(T::CompileFirst, true);
            return Vec::new();
        };
        let run = ExportRun {
            dir: self.report_dir.clone(),
            pending: Format::ALL.to_vec(),
            total: Format::ALL.len(),
            written: Vec::new(),
            error: None,
        };
        let report = p.report.clone();
        self.checklist.export = Some(run);
        self.next_export_step(report)
    }

    fn next_export_step(&mut self, report: Box<Report>) -> Vec<Request> {
        let Some(run) = self.checklist.export.as_mut() else { return Vec::new() };
        match run.pending.first().copied() {
            Some(format) => vec![Request::ReportWrite { report, format, dir: run.dir.clone(), lang: self.lang }],
            None => Vec::new(),
        }
    }

    pub(in crate::tui) fn report_written(&mut self, r: Result<Written, String>) -> Vec<Request> {
        let Some(run) = self.checklist.export.as_mut() else { return Vec::new() };
        match r {
            Ok(w) => {
                run.pending.retain(|f| *f != w.format);
                run.written.push(w);
            }
            Err(e) => {
                run.error = Some(e.clone());
                self.status = Some(Status { text: e, error: true });
                return Vec::new();
            }
        }
        if run.finished() {
            let paths: Vec<String> = run.written.iter().map(|w| w.path.display().to_string()).collect();
            self.status =
                Some(Status { text: format!("{}: {}", self.t(T::WrittenTo), paths.join(", ")), error: false });
            return Vec::new();
        }
        match self.checklist.preview.as_ref().map(|p| p.report.clone()) {
            Some(report) => self.next_export_step(report),
            None => Vec::new(),
        }
    }
}

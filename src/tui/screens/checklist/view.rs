//! The Checklist screen: the quarter's items of one plan on the left (status, number, title, time
//! node), the selected item and the progress by task on the right; or, once compiled, the report's
//! preview with the export gauge.

use crate::domain::checklist::{Active, ItemKind, ItemStatus};
use crate::i18n::T;
use crate::report::model::Share;
use crate::store::checklist::Item;
use crate::tui::env::{Env, Look};
use crate::tui::screen_def::Draw;
use super::ChecklistScreen;
use super::Preview;
use crate::tui::widgets::gutter_line;
use crate::tui::widgets::text::{clean, fit, pad, width};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Gauge, Paragraph};

pub fn draw(f: &mut Frame<'_>, v: &Look<'_, ChecklistScreen>, area: Rect) {
    if let Some(p) = &v.s.preview {
        draw_preview(f, v, p, area);
        return;
    }
    let [left, right] = Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(area);
    draw_list(f, v, left);
    let [detail, progress] = Layout::vertical([Constraint::Percentage(55), Constraint::Min(0)]).areas(right);
    draw_detail(f, v, detail);
    draw_progress(f, v, progress);
}

fn status_style(v: &Look<'_, ChecklistScreen>, s: ItemStatus) -> Style {
    match s {
        ItemStatus::Done => v.theme.ok,
        ItemStatus::InProgress => v.theme.warn,
        ItemStatus::NotApplicable => v.theme.muted,
        ItemStatus::NotStarted => v.theme.text,
    }
}

/// The time node as a short cell: "12-31", "逾期", "每季度", "长期".
fn node(v: &Look<'_, ChecklistScreen>, i: &Item, short: bool) -> (String, Style) {
    let zh = v.lang.zh();
    match i.active {
        // A milestone missed but settled since is history, not an alarm: its date, quietly.
        Active::Overdue(d) if i.status.settled() && short => (d.format("%m-%d").to_string(), v.theme.muted),
        Active::Overdue(d) if i.status.settled() => (d.to_string(), v.theme.muted),
        Active::Due(d) if short => (d.format("%m-%d").to_string(), v.theme.accent),
        Active::Due(d) => (d.to_string(), v.theme.accent),
        Active::Overdue(_) if short => (v.t(T::WindowOverdue).to_string(), v.theme.error),
        Active::Overdue(d) => (T::OverdueSince.fill(v.lang, &[("d", &d)]), v.theme.error),
        Active::Recurring => (super::text::every_words(i, zh, short), v.theme.text),
        Active::Ongoing => (v.t(T::Ongoing).to_string(), v.theme.muted),
    }
}

fn settled(items: &[Item]) -> Share {
    let counted = items.iter().filter(|i| i.kind == ItemKind::Measure);
    Share { part: counted.clone().filter(|i| i.status.settled()).count() as i64, whole: counted.count() as i64 }
}

fn draw_list(f: &mut Frame<'_>, v: &Look<'_, ChecklistScreen>, area: Rect) {
    let th = &v.theme;
    let s = v.s;
    let quarter = s.quarter(v.today).label();
    let (plan, items) = match &s.pane {
        Some(p) => (
            p.plans.iter().find(|x| Some(x.id) == p.plan).map(|x| clean(&x.name)).unwrap_or_default(),
            p.items.as_slice(),
        ),
        None => (String::new(), &[][..]),
    };
    let done = settled(items);
    let title = format!(" {} {quarter} {} {} ", v.t(T::ChecklistTitle), done.show(), plan);
    let block = Block::bordered()
        .border_style(th.border)
        .title(Span::styled(fit(&title, area.width.saturating_sub(2) as usize), th.title));
    let inner = area.width.saturating_sub(2) as usize;
    // One cell of each row is the selection gutter.
    let cols = inner.saturating_sub(1);
    let rows = area.height.saturating_sub(2) as usize;
    let mut lines = Vec::new();
    match &s.pane {
        Some(p) if p.plans.is_empty() => lines.push(Line::styled(fit(v.t(T::NoPlans), cols), th.muted)),
        Some(_) if items.is_empty() => lines.push(Line::styled(fit(v.t(T::NoActiveItems), cols), th.muted)),
        None => {}
        Some(_) => {
            let zh = v.lang.zh();
            let status_cols = if zh { 7 } else { 12 };
            for (i, item) in items.iter().enumerate().skip(s.cursor.offset).take(rows) {
                let status = match item.kind {
                    ItemKind::Measure => item.status.name(zh).to_string(),
                    ItemKind::Deduction => v.t(T::Deduction).to_string(),
                    ItemKind::Bonus => v.t(T::Bonus).to_string(),
                };
                let status = pad(&status, status_cols);
                let number = pad(&format!("{}.{}", item.task, item.number), 6);
                let (when, when_style) = node(v, item, true);
                let when = format!(" {when}");
                let used = width(&status) + width(&number) + width(&when);
                let title = pad(&item.title, cols.saturating_sub(used));
                let line = Line::from(vec![
                    Span::styled(status, status_style(v, item.status)),
                    Span::styled(number, th.muted),
                    Span::raw(title),
                    Span::styled(when, when_style),
                ]);
                lines.push(gutter_line(line, i == s.cursor.at, th, inner));
            }
        }
    }
    f.render_widget(Paragraph::new(lines).block(block), area);
}

fn draw_detail(f: &mut Frame<'_>, v: &Look<'_, ChecklistScreen>, area: Rect) {
    let th = &v.theme;
    let block = Block::bordered()
        .border_style(th.border)
        .title(Span::styled(format!(" {} ", v.t(T::ChecklistItemTitle)), th.title));
    let cols = area.width.saturating_sub(2) as usize;
    let Some(item) = v.s.selected() else {
        let hint = Line::styled(fit(v.t(T::ChecklistHint), cols), th.muted);
        f.render_widget(Paragraph::new(vec![hint]).block(block), area);
        return;
    };
    let zh = v.lang.zh();
    let label_cols = if zh { 11 } else { 16 };
    let field = |label: T, value: &str, style: Style| {
        Line::from(vec![
            Span::styled(pad(v.t(label), label_cols), th.muted),
            Span::styled(fit(value, cols.saturating_sub(label_cols)), style),
        ])
    };
    let mut lines =
        vec![Line::styled(fit(&format!("{}.{} {}", item.task, item.number, item.title), cols), th.highlight)];
    lines.push(field(T::FieldStatus, item.status.name(zh), status_style(v, item.status)));
    let (when, when_style) = node(v, item, false);
    lines.push(field(T::TimeNode, &when, when_style));
    if let Some(t) = &item.target {
        lines.push(field(T::FieldTarget, t, th.text));
    }
    // The section in charge, once the office has named one (no built-in plan does).
    if !item.section.is_empty() {
        lines.push(field(T::FieldSection, &item.section, th.text));
    }
    if !item.note.is_empty() {
        lines.push(field(T::FieldEvidenceNote, &item.note, th.text));
    } else if !item.evidence.is_empty() {
        lines.push(field(T::FieldEvidence, &item.evidence, th.muted));
    }
    if let Some(f) = item.figure {
        let value = v
            .s
            .pane
            .as_ref()
            .and_then(|p| p.figures.iter().find(|x| x.0 == f))
            .map(|x| x.1.clone())
            .filter(|v| !v.is_empty())
            // Still being counted.
            .unwrap_or_else(|| "…".to_string());
        lines.push(field(T::FieldFigure, &format!("{} {value}", f.name(zh)), th.accent));
    }
    if let Some(p) = item.points {
        lines.push(field(T::FieldPoints, &format!("{p}"), th.text));
    }
    if !item.rule.is_empty() {
        lines.push(field(T::FieldRule, &item.rule, th.muted));
    }
    if let Some(lost) = item.points_lost {
        lines.push(field(T::FieldPointsLost, &format!("{lost} {}", clean(&item.loss_reason)), th.warn));
    }
    if !item.updated_by.is_empty() {
        let at = item.updated_at.get(5..16).unwrap_or(&item.updated_at).replace('T', " ");
        lines.push(Line::styled(fit(&format!("{} {}", clean(&item.updated_by), at), cols), th.muted));
    }
    lines.push(Line::styled(fit(v.t(T::ChecklistHint), cols), th.muted));
    f.render_widget(Paragraph::new(lines).block(block), area);
}

fn draw_progress(f: &mut Frame<'_>, v: &Look<'_, ChecklistScreen>, area: Rect) {
    let th = &v.theme;
    let block =
        Block::bordered().border_style(th.border).title(Span::styled(format!(" {} ", v.t(T::Progress)), th.title));
    let cols = area.width.saturating_sub(2) as usize;
    let rows = area.height.saturating_sub(2) as usize;
    let Some(p) = &v.s.pane else {
        f.render_widget(block, area);
        return;
    };
    let mut lines = Vec::new();
    // Before `w`: what the report cannot be sent without.
    if let Some(missing) = &p.identity_missing {
        let text = T::ReportNeeds.fill(v.lang, &[("what", missing)]);
        lines.extend(crate::tui::widgets::text::wrap(&text, cols).into_iter().map(|l| Line::styled(l, th.warn)));
    }
    if let Some(s) = &p.score {
        let n = |v: f64| if v.fract() == 0.0 { format!("{v:.0}") } else { format!("{v:.1}") };
        let total = T::SelfScoreTotal.fill(v.lang, &[("t", &n(s.total()))]);
        let parts = T::SelfScoreParts
            .fill(v.lang, &[("a", &n(s.available)), ("l", &n(s.lost)), ("d", &n(s.deducted)), ("b", &n(s.bonus))]);
        lines.push(Line::styled(fit(&total, cols), th.accent));
        lines.push(Line::styled(fit(&parts, cols), th.muted));
    }
    // Tasks in order, each with its settled share and a bar; the selected item's task first in view.
    let mut tasks: Vec<(u32, String, Share)> = Vec::new();
    for i in &p.items {
        if i.kind != ItemKind::Measure {
            continue;
        }
        match tasks.last_mut() {
            Some(t) if t.0 == i.task => {
                t.2.whole += 1;
                t.2.part += i.status.settled() as i64;
            }
            _ => tasks.push((i.task, i.task_title.clone(), Share { part: i.status.settled() as i64, whole: 1 })),
        }
    }
    let current = v.s.selected().map(|i| i.task);
    let at = tasks.iter().position(|t| Some(t.0) == current).unwrap_or(0);
    let room = rows.saturating_sub(lines.len()).max(1);
    let start = at.saturating_sub(room.saturating_sub(1));
    for (n, title, share) in tasks.iter().skip(start).take(room) {
        let count = format!(" {}/{}", share.part, share.whole);
        let bar_cols = 8usize;
        let filled = (share.part as usize * bar_cols).checked_div(share.whole as usize).unwrap_or(0);
        let bar = format!("{}{}", "#".repeat(filled), ".".repeat(bar_cols - filled));
        let name = pad(&format!("{n} {title}"), cols.saturating_sub(bar_cols + width(&count) + 1));
        let style = if Some(*n) == current { th.highlight } else { th.text };
        lines.push(Line::from(vec![
            Span::styled(name, style),
            Span::raw(" "),
            Span::styled(bar, if share.part == share.whole { th.ok } else { th.warn }),
            Span::styled(count, th.muted),
        ]));
    }
    f.render_widget(Paragraph::new(lines).block(block), area);
}

/// The preview's text width on a terminal `width` columns wide (the pane's borders off).
pub fn preview_cols(width: usize) -> usize {
    width.saturating_sub(2)
}

fn draw_preview(f: &mut Frame<'_>, v: &Look<'_, ChecklistScreen>, p: &Preview, area: Rect) {
    let th = &v.theme;
    let export = v.s.export.as_ref();
    let gauge_rows = if export.is_some() { 3 } else { 0 };
    let [body, gauge] = Layout::vertical([Constraint::Min(0), Constraint::Length(gauge_rows)]).areas(area);
    let title = format!(" {} {} ", v.t(T::PreviewTitle), p.report.quarter);
    let block = Block::bordered()
        .border_style(th.border)
        .title(Span::styled(title, th.title))
        .title_bottom(Span::styled(format!(" {} ", v.t(T::PreviewHint)), th.muted));
    let cols = body.width.saturating_sub(2) as usize;
    let rows = body.height.saturating_sub(2) as usize;
    // Laid out when compiled; a terminal resized since gets it laid out again here.
    let relaid;
    let laid = if p.cols == cols {
        &p.lines
    } else {
        relaid = super::preview::layout(&p.blocks, cols);
        &relaid
    };
    let scroll = p.scroll.min(laid.len().saturating_sub(rows));
    let lines: Vec<Line> = laid
        .iter()
        .skip(scroll)
        .take(rows)
        .map(|l| {
            use super::preview::Look as L;
            let style = match l.look {
                L::Title => th.title.add_modifier(ratatui::style::Modifier::BOLD),
                L::Heading => th.title,
                L::Meta | L::Rule => th.muted,
                L::TableHead => th.accent,
                L::Text | L::TableRow => th.text,
            };
            Line::styled(fit(&l.text, cols), style)
        })
        .collect();
    f.render_widget(Paragraph::new(lines).block(block), body);
    if let Some(run) = export {
        let label = if let Some(e) = &run.error {
            fit(e, gauge.width.saturating_sub(4) as usize)
        } else if run.finished() {
            let names: Vec<String> = run
                .written
                .iter()
                .filter_map(|w| w.path.file_name().map(|n| n.to_string_lossy().into_owned()))
                .collect();
            fit(
                &format!("{} {}: {}", v.t(T::WrittenTo), run.dir.display(), names.join(" ")),
                gauge.width.saturating_sub(4) as usize,
            )
        } else {
            format!("{} {}/{}", v.t(T::Writing), run.written.len(), run.total)
        };
        let g = Gauge::default()
            .block(Block::bordered().border_style(th.border))
            .gauge_style(if run.error.is_some() { th.error } else { th.ok })
            .ratio(run.ratio().clamp(0.0, 1.0))
            .label(Span::styled(label, th.text));
        f.render_widget(g, gauge);
    }
}

impl Draw for ChecklistScreen {
    fn draw(&self, f: &mut Frame<'_>, area: Rect, env: &Env<'_>) {
        draw(f, &Look { s: self, env: *env }, area);
    }
}

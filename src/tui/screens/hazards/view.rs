//! The Hazards screen: the register with its filters on the left, the selected hazard on the right.

use crate::domain::hazard::{HazardSource, HazardStatus};
use crate::i18n::T;
use crate::store::hazards::Hazard;
use crate::tui::env::{Env, Look};
use crate::tui::screen_def::Draw;
use super::HazardsScreen;
use super::StatusFilter;
use crate::tui::widgets::text::{clean, fit, pad, width};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

pub fn draw(f: &mut Frame<'_>, v: &Look<'_, HazardsScreen>, area: Rect) {
    let [left, right] = Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(area);
    draw_list(f, v, left);
    draw_detail(f, v, right);
}

fn filters(v: &Look<'_, HazardsScreen>) -> String {
    let s = v.s;
    let mut parts = vec![
        v.t(match s.status {
            StatusFilter::Open => T::FilterOpen,
            StatusFilter::Overdue => T::WindowOverdue,
            StatusFilter::Closed => T::FilterClosed,
            StatusFilter::All => T::FilterAllStatus,
        })
        .to_string(),
    ];
    if s.major_only {
        parts.push(v.t(T::MajorOnly).to_string());
    }
    parts.push(match s.source.and_then(|i| HazardSource::ALL.get(i)) {
        Some(src) => src.name(v.lang.zh()).to_string(),
        None => v.t(T::AllSources).to_string(),
    });
    if s.around.grid.is_some() {
        parts.push(v.t(T::OnlyGrid).to_string());
    }
    if s.around.community.is_some() {
        parts.push(v.t(T::OnlyCommunity).to_string());
    }
    parts.join(" | ")
}

fn draw_list(f: &mut Frame<'_>, v: &Look<'_, HazardsScreen>, area: Rect) {
    let s = v.s;
    let title = format!(
        " {} {} ({}) ",
        v.t(T::HazardsTitle),
        T::ItemsCount.fill(v.lang, &[("n", &s.records.list.total)]),
        filters(v)
    );
    let list = &s.records.list;
    crate::tui::widgets::paged_list::draw(f, v, area, title, list, T::NoHazards, Some(&s.text), |hz, cols| row(v, hz, cols));
}

fn row(v: &Look<'_, HazardsScreen>, h: &Hazard, cols: usize) -> Line<'static> {
    let th = &v.theme;
    let zh = v.lang.zh();
    let overdue = crate::domain::hazard::overdue(h.status, h.deadline, v.today);
    let marks = format!("{}{}", if h.major { "!" } else { " " }, if h.supervised { "S" } else { " " });
    let status = pad(h.status.name(zh), if zh { 7 } else { 15 });
    let date =
        if overdue { format!("{}* ", h.deadline.format("%m-%d")) } else { format!("{}  ", h.deadline.format("%m-%d")) };
    let rest = cols.saturating_sub(3 + width(&status) + width(&date));
    let text = format!("{}：{}", clean(&h.unit_name), clean(&h.description));
    Line::from(vec![
        Span::styled(format!("{marks} "), th.error),
        Span::styled(status, if h.status == HazardStatus::Closed { th.ok } else { th.text }),
        Span::styled(date, if overdue { th.error } else { th.muted }),
        Span::raw(fit(&text, rest)),
    ])
}

fn draw_detail(f: &mut Frame<'_>, v: &Look<'_, HazardsScreen>, area: Rect) {
    let th = &v.theme;
    let zh = v.lang.zh();
    let block = Block::bordered()
        .border_style(th.border)
        .title(Span::styled(format!(" {} ", v.t(T::HazardDetailTitle)), th.title));
    let Some(h) = &v.s.records.detail else {
        let cols = area.width.saturating_sub(2) as usize;
        let lines = vec![Line::raw(""), Line::styled(fit(v.t(T::HazardHint), cols), th.muted)];
        f.render_widget(Paragraph::new(lines).block(block), area);
        return;
    };
    let cols = area.width.saturating_sub(2) as usize;
    let label_cols = if zh { 11 } else { 14 };
    let field = |t: T, value: String| {
        Line::from(vec![
            Span::styled(pad(v.t(t), label_cols), th.muted),
            Span::raw(fit(&value, cols.saturating_sub(label_cols))),
        ])
    };
    let overdue = crate::domain::hazard::overdue(h.status, h.deadline, v.today);
    let mut tags = Vec::new();
    if h.major {
        tags.push(Span::styled(format!("[{}] ", v.t(T::MajorTag)), th.error));
    }
    if h.supervised {
        tags.push(Span::styled(format!("[{}] ", v.t(T::SupervisedTag)), th.warn));
    }
    tags.push(Span::styled(format!("#{}", h.id), th.muted));
    let mut lines = vec![Line::from(tags), Line::styled(fit(&clean(&h.description), cols), th.highlight)];
    lines.push(field(T::FieldUnit, clean(&h.unit_name)));
    if let (Some(c), Some(g)) = (&h.community, &h.grid) {
        lines.push(field(T::FieldGrid, format!("{c}/{g}")));
    }
    lines.push(field(T::FieldStatus, h.status.name(zh).to_string()));
    let (cd, cd_style) = crate::tui::widgets::countdown(v, h.deadline);
    lines.push(Line::from(vec![
        Span::styled(pad(v.t(T::FieldDeadline), label_cols), th.muted),
        Span::raw(format!("{} ", h.deadline)),
        Span::styled(
            if h.status == HazardStatus::Closed { String::new() } else { cd },
            if overdue { th.error } else { cd_style },
        ),
    ]));
    lines.push(field(T::FieldSource, super::text::source(&v.env, h)));
    lines.push(field(T::FieldFound, format!("{} {}", h.found_on, clean(&h.found_by))));
    if !h.responsible.is_empty() {
        lines.push(field(T::FieldResponsible, clean(&h.responsible)));
    }
    if let Some(o) = &h.officer {
        lines.push(field(T::FieldFollowUp, clean(o)));
    }
    if let Some((text, tone)) = super::text::notice(&v.env, h) {
        use super::text::Tone;
        let style = match tone {
            Tone::Sent => th.ok,
            Tone::Waiting => th.muted,
            Tone::Retrying => th.warn,
            Tone::Dead => th.error,
        };
        lines.push(Line::styled(fit(&text, cols), style));
    }
    if !h.measures.is_empty() {
        lines.push(field(T::FieldMeasures, clean(&h.measures)));
    }
    if h.supervised && !h.supervising_level.is_empty() {
        lines.push(Line::styled(
            fit(&T::SupervisedBy.fill(v.lang, &[("who", &clean(&h.supervising_level))]), cols),
            th.warn,
        ));
    }
    if let (Some(on), Some(by)) = (h.closed_on, &h.closed_by) {
        lines.push(Line::styled(fit(&T::ClosedBy.fill(v.lang, &[("on", &on), ("who", &clean(by))]), cols), th.ok));
        if !h.closure_note.is_empty() {
            lines.push(field(T::FieldClosureNote, clean(&h.closure_note)));
        }
        if !h.rectification_evidence.is_empty() {
            lines.push(field(T::FieldRectificationEvidence, clean(&h.rectification_evidence)));
        }
    }
    lines.push(Line::raw(""));
    // Each line is cut to the pane's width here; ratatui's wrapping can overrun a border with CJK.
    lines.push(Line::styled(fit(v.t(T::HazardHint), cols), th.muted));
    f.render_widget(Paragraph::new(lines).block(block), area);
}

impl Draw for HazardsScreen {
    fn draw(&self, f: &mut Frame<'_>, area: Rect, env: &Env<'_>) {
        draw(f, &Look { s: self, env: *env }, area);
    }
}

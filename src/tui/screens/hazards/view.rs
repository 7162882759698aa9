//! The Hazards screen: the register with its filters on the left, the selected hazard on the right.

use crate::domain::hazard::{HazardSource, HazardStatus};
use crate::i18n::T;
use crate::store::hazards::Hazard;
use crate::tui::app::App;
use crate::tui::screens::hazards::StatusFilter;
use crate::tui::widgets::text::{clean, fit, pad, width};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

pub fn draw(f: &mut Frame<'_>, app: &App, area: Rect) {
    let [left, right] = Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(area);
    draw_list(f, app, left);
    draw_detail(f, app, right);
}

fn filters(app: &App) -> String {
    let s = &app.hazards;
    let mut parts = vec![
        app.t(match s.status {
            StatusFilter::Open => T::FilterOpen,
            StatusFilter::Overdue => T::WindowOverdue,
            StatusFilter::Closed => T::FilterClosed,
            StatusFilter::All => T::FilterAllStatus,
        })
        .to_string(),
    ];
    if s.major_only {
        parts.push(app.t(T::MajorOnly).to_string());
    }
    parts.push(match s.source.and_then(|i| HazardSource::ALL.get(i)) {
        Some(src) => src.name(app.lang.zh()).to_string(),
        None => app.t(T::AllSources).to_string(),
    });
    if s.grid.is_some() {
        parts.push(app.t(T::OnlyGrid).to_string());
    }
    if s.community.is_some() {
        parts.push(app.t(T::OnlyCommunity).to_string());
    }
    parts.join(" | ")
}

fn draw_list(f: &mut Frame<'_>, app: &App, area: Rect) {
    let s = &app.hazards;
    let title = format!(
        " {} {} ({}) ",
        app.t(T::HazardsTitle),
        T::ItemsCount.fill(app.lang, &[("n", &s.list.total)]),
        filters(app)
    );
    crate::tui::views::paged_list::draw(f, app, area, title, &s.list, T::NoHazards, |hz, cols| row(app, hz, cols));
}

fn row(app: &App, h: &Hazard, cols: usize) -> Line<'static> {
    let th = &app.theme;
    let zh = app.lang.zh();
    let overdue = crate::domain::hazard::overdue(h.status, h.deadline, app.today);
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

fn draw_detail(f: &mut Frame<'_>, app: &App, area: Rect) {
    let th = &app.theme;
    let zh = app.lang.zh();
    let block = Block::bordered()
        .border_style(th.border)
        .title(Span::styled(format!(" {} ", app.t(T::HazardDetailTitle)), th.title));
    let Some(h) = &app.hazards.detail else {
        let cols = area.width.saturating_sub(2) as usize;
        let lines = vec![Line::raw(""), Line::styled(fit(app.t(T::HazardHint), cols), th.muted)];
        f.render_widget(Paragraph::new(lines).block(block), area);
        return;
    };
    let cols = area.width.saturating_sub(2) as usize;
    let label_cols = if zh { 11 } else { 14 };
    let field = |t: T, v: String| {
        Line::from(vec![
            Span::styled(pad(app.t(t), label_cols), th.muted),
            Span::raw(fit(&v, cols.saturating_sub(label_cols))),
        ])
    };
    let overdue = crate::domain::hazard::overdue(h.status, h.deadline, app.today);
    let mut tags = Vec::new();
    if h.major {
        tags.push(Span::styled(format!("[{}] ", app.t(T::MajorTag)), th.error));
    }
    if h.supervised {
        tags.push(Span::styled(format!("[{}] ", app.t(T::SupervisedTag)), th.warn));
    }
    tags.push(Span::styled(format!("#{}", h.id), th.muted));
    let mut lines = vec![Line::from(tags), Line::styled(fit(&clean(&h.description), cols), th.highlight)];
    lines.push(field(T::Units, clean(&h.unit_name)));
    if let (Some(c), Some(g)) = (&h.community, &h.grid) {
        lines.push(field(T::FieldGrid, format!("{c}/{g}")));
    }
    lines.push(field(T::FieldStatus, h.status.name(zh).to_string()));
    let (cd, cd_style) = crate::tui::screens::deadlines::view::countdown(app, h.deadline);
    lines.push(Line::from(vec![
        Span::styled(pad(app.t(T::FieldDeadline), label_cols), th.muted),
        Span::raw(format!("{} ", h.deadline)),
        Span::styled(
            if h.status == HazardStatus::Closed { String::new() } else { cd },
            if overdue { th.error } else { cd_style },
        ),
    ]));
    lines.push(field(T::FieldSource, h.source.name(zh).to_string()));
    lines.push(field(T::FieldFound, format!("{} {}", h.found_on, clean(&h.found_by))));
    if !h.responsible.is_empty() {
        lines.push(field(T::FieldResponsible, clean(&h.responsible)));
    }
    if !h.measures.is_empty() {
        lines.push(field(T::FieldMeasures, clean(&h.measures)));
    }
    if h.supervised && !h.supervising_level.is_empty() {
        lines.push(Line::styled(
            fit(&T::SupervisedBy.fill(app.lang, &[("who", &clean(&h.supervising_level))]), cols),
            th.warn,
        ));
    }
    if let (Some(on), Some(by)) = (h.closed_on, &h.closed_by) {
        lines.push(Line::styled(fit(&T::ClosedBy.fill(app.lang, &[("on", &on), ("who", &clean(by))]), cols), th.ok));
    }
    lines.push(Line::raw(""));
    // Each line is cut to the pane's width here; ratatui's wrapping can overrun a border with CJK.
    lines.push(Line::styled(fit(app.t(T::HazardHint), cols), th.muted));
    f.render_widget(Paragraph::new(lines).block(block), area);
}

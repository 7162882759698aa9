//! The Deadlines screen: everything due, overdue first, with a month calendar of the selected
//! item's month.

use crate::domain::deadline::Deadline;
use crate::i18n::T;
use crate::tui::env::{Env, Look};
use crate::tui::screen_def::Draw;
use super::DeadlinesScreen;
use super::{KIND_FILTERS, Window};
use crate::tui::widgets::text::{fit, pad, width};
use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::calendar::{CalendarEventStore, Monthly};
use ratatui::widgets::{Block, Paragraph};

fn to_time(d: NaiveDate) -> Option<time::Date> {
    let month = time::Month::try_from(d.month() as u8).ok()?;
    time::Date::from_calendar_date(d.year(), month, d.day() as u8).ok()
}

pub fn draw(f: &mut Frame<'_>, v: &Look<'_, DeadlinesScreen>, area: Rect) {
    let [left, right] = Layout::horizontal([Constraint::Percentage(62), Constraint::Percentage(38)]).areas(area);
    draw_list(f, v, left);
    let [cal, detail] = Layout::vertical([Constraint::Length(10), Constraint::Min(0)]).areas(right);
    draw_calendar(f, v, cal);
    draw_detail(f, v, detail);
}

fn filters(v: &Look<'_, DeadlinesScreen>) -> String {
    let s = v.s;
    let window = match s.window {
        Window::All => T::WindowAll,
        Window::Week => T::WindowWeek,
        Window::Month => T::WindowMonth,
        Window::Overdue => T::WindowOverdue,
    };
    let kind = match KIND_FILTERS[s.kind % KIND_FILTERS.len()] {
        None => v.t(T::KindAll).to_string(),
        Some(k) => k.name(v.lang.zh()).to_string(),
    };
    let grid = if s.grid.is_some() { format!(" | {}", v.t(T::OnlyGrid)) } else { String::new() };
    format!("{} | {kind}{grid}", v.t(window))
}

fn draw_list(f: &mut Frame<'_>, v: &Look<'_, DeadlinesScreen>, area: Rect) {
    let s = v.s;
    if s.grouped {
        return draw_groups(f, v, area);
    }
    let title = format!(
        " {} {} ({}) ",
        v.t(T::DeadlinesTitle),
        T::ItemsCount.fill(v.lang, &[("n", &s.records.list.total)]),
        filters(v)
    );
    let kind_cols = if v.lang.zh() { 9 } else { 17 };
    crate::tui::widgets::paged_list::draw(f, v, area, title, &s.records.list, T::NoDeadlines, None, |d, cols| {
        row(v, d, cols, kind_cols)
    });
}

fn row(v: &Look<'_, DeadlinesScreen>, d: &Deadline, cols: usize, kind_cols: usize) -> Line<'static> {
    let (tag, style) = crate::tui::widgets::countdown(v, d.due);
    let tag = pad(&tag, 10);
    // A date in a year whose holidays are not loaded was moved past weekends only.
    let unadjusted = !v.s.holiday_years.is_empty() && !v.s.holiday_years.contains(&d.due.year());
    let date = format!("{}{}", d.due.format("%m-%d"), if unadjusted { "~" } else { " " });
    let kind = pad(d.kind.name(v.lang.zh()), kind_cols);
    let rest = cols.saturating_sub(width(&tag) + width(&date) + kind_cols);
    let severe = if d.severe { "! " } else { "" };
    Line::from(vec![
        Span::styled(tag, style),
        Span::styled(date, v.theme.muted),
        Span::styled(kind, v.theme.accent),
        Span::styled(severe.to_string(), v.theme.error),
        Span::raw(fit(&d.title, rest.saturating_sub(severe.len()))),
    ])
}

/// A kind filter's name in the grouped view (reports and the tip-off clocks count as one each).
fn group_kind(v: &Look<'_, DeadlinesScreen>, filter: usize, zh: bool) -> String {
    match KIND_FILTERS.get(filter).copied().flatten() {
        Some(crate::domain::deadline::DeadlineKind::QuarterlyReport) => v.t(T::KindReports).to_string(),
        Some(crate::domain::deadline::DeadlineKind::TipoffVerify) => v.t(T::KindTipoffClocks).to_string(),
        Some(k) => k.name(zh).to_string(),
        None => v.t(T::KindAll).to_string(),
    }
}

/// The grouped view: one row per kind and state with its count, overdue first.
fn draw_groups(f: &mut Frame<'_>, v: &Look<'_, DeadlinesScreen>, area: Rect) {
    let th = &v.theme;
    let zh = v.lang.zh();
    let title = format!(" {} ({}) ", v.t(T::DeadlinesGrouped), filters(v));
    let block = Block::bordered().border_style(th.border).title(Span::styled(title, th.title));
    let cols = area.width.saturating_sub(3) as usize;
    let mut lines: Vec<Line> = v
        .s
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let kind = group_kind(v, g.filter, zh);
            let (state, style) = if g.overdue { (v.t(T::WindowOverdue), th.error) } else { (v.t(T::NotYetDue), th.text) };
            let line = Line::from(vec![
                Span::styled(pad(state, 9), style),
                Span::styled(pad(&kind, cols.saturating_sub(17)), th.accent),
                Span::styled(format!("{:>8}", g.n), style),
            ]);
            crate::tui::widgets::gutter_line(line, i == v.s.group_cursor, th, cols + 1)
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::styled(v.t(T::NoDeadlines), th.muted));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(fit(v.t(T::GroupHint), cols), th.muted));
    f.render_widget(Paragraph::new(lines).block(block), area);
}

fn draw_calendar(f: &mut Frame<'_>, v: &Look<'_, DeadlinesScreen>, area: Rect) {
    let th = &v.theme;
    let month = v.s.month.unwrap_or(v.today);
    let title = T::MonthTitle.fill(v.lang, &[("y", &month.year()), ("m", &month.month())]);
    let block = Block::bordered()
        .border_style(th.border)
        .title(Span::styled(format!(" {} {title} ", v.t(T::CalendarTitle)), th.title));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let (Some(display), Some(today)) = (to_time(month), to_time(v.today)) else { return };
    let mut events = CalendarEventStore::default();
    for (day, _) in &v.s.busy {
        if let Some(d) = to_time(*day) {
            // Days with something due are marked; a past one is overdue.
            let style = if *day < v.today { th.error } else { th.warn };
            events.add(d, style.add_modifier(ratatui::style::Modifier::UNDERLINED | ratatui::style::Modifier::BOLD));
        }
    }
    events.add(today, th.selection);
    let [header, days] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    f.render_widget(Paragraph::new(v.t(T::Weekdays)).style(th.muted), header);
    f.render_widget(Monthly::new(display, events).default_style(th.text), days);
}

fn draw_detail(f: &mut Frame<'_>, v: &Look<'_, DeadlinesScreen>, area: Rect) {
    let th = &v.theme;
    let block = Block::bordered().border_style(th.border);
    let cols = area.width.saturating_sub(2) as usize;
    let mut lines = Vec::new();
    // In the grouped view the pane is about the group the cursor is on, not a row of the list.
    if v.s.grouped {
        if let Some(g) = v.s.groups.get(v.s.group_cursor) {
            let state = v.t(if g.overdue { T::WindowOverdue } else { T::NotYetDue });
            lines.push(Line::styled(fit(&group_kind(v, g.filter, v.lang.zh()), cols), th.accent));
            lines.push(Line::styled(format!("{state} {}", T::ItemsCount.fill(v.lang, &[("n", &g.n)])), if g.overdue { th.error } else { th.text }));
            lines.push(Line::raw(""));
            lines.push(Line::styled(fit(v.t(T::GroupHint), cols), th.muted));
        }
        f.render_widget(Paragraph::new(lines).block(block), area);
        return;
    }
    if let Some(d) = v.s.selected() {
        let (tag, style) = crate::tui::widgets::countdown(v, d.due);
        lines.push(Line::from(vec![
            Span::styled(d.kind.name(v.lang.zh()).to_string(), th.accent),
            Span::raw(" "),
            Span::styled(tag, style),
        ]));
        lines.push(Line::raw(d.due.to_string()));
        lines.push(Line::styled(fit(&d.title, cols), th.highlight));
        if let Some(u) = &d.unit_uscc {
            lines.push(Line::styled(u.clone(), th.muted));
        }
        // Days marked in the calendar, for a terminal without colour or underline.
        let marked: Vec<String> = v.s.busy.iter().map(|(day, n)| format!("{}({n})", day.day())).collect();
        if !marked.is_empty() {
            lines.push(Line::styled(fit(&marked.join(" "), cols), th.muted));
        }
    }
    // Dates marked ~ are in a year whose holidays are not loaded (as the Overview says too).
    if let Some(y) = v.s.holidays_missing {
        lines.push(Line::raw(""));
        let text = format!("! {}", T::HolidaysMissingMarked.fill(v.lang, &[("y", &y)]));
        lines.extend(crate::tui::widgets::text::wrap(&text, cols).into_iter().map(|l| Line::styled(l, th.warn)));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(fit(v.t(T::DeadlineHint), cols), th.muted));
    f.render_widget(Paragraph::new(lines).block(block), area);
}

impl Draw for DeadlinesScreen {
    fn draw(&self, f: &mut Frame<'_>, area: Rect, env: &Env<'_>) {
        draw(f, &Look { s: self, env: *env }, area);
    }
}

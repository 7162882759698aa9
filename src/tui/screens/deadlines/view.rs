//! The Deadlines screen: everything due, overdue first, with a month calendar of the selected
//! item's month.

use crate::domain::deadline::Deadline;
use crate::i18n::T;
use crate::tui::app::App;
use crate::tui::screens::deadlines::{KIND_FILTERS, Window};
use crate::tui::widgets::text::{fit, pad, width};
use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::calendar::{CalendarEventStore, Monthly};
use ratatui::widgets::{Block, Paragraph};

/// "逾期13天", "今天到期", "5天后": the countdown that leads every row.
pub fn countdown(app: &App, due: NaiveDate) -> (String, Style) {
    let days = (due - app.today).num_days();
    if days < 0 {
        (T::DaysOverdue.fill(app.lang, &[("n", &-days)]), app.theme.error)
    } else if days == 0 {
        (app.t(T::DueToday).to_string(), app.theme.warn)
    } else {
        (T::DaysLeft.fill(app.lang, &[("n", &days)]), if days <= 7 { app.theme.warn } else { app.theme.text })
    }
}

fn to_time(d: NaiveDate) -> Option<time::Date> {
    let month = time::Month::try_from(d.month() as u8).ok()?;
    time::Date::from_calendar_date(d.year(), month, d.day() as u8).ok()
}

pub fn draw(f: &mut Frame<'_>, app: &App, area: Rect) {
    let [left, right] = Layout::horizontal([Constraint::Percentage(62), Constraint::Percentage(38)]).areas(area);
    draw_list(f, app, left);
    let [cal, detail] = Layout::vertical([Constraint::Length(10), Constraint::Min(0)]).areas(right);
    draw_calendar(f, app, cal);
    draw_detail(f, app, detail);
}

fn filters(app: &App) -> String {
    let s = &app.deadlines;
    let window = match s.window {
        Window::All => T::WindowAll,
        Window::Week => T::WindowWeek,
        Window::Month => T::WindowMonth,
        Window::Overdue => T::WindowOverdue,
    };
    let kind = match KIND_FILTERS[s.kind % KIND_FILTERS.len()] {
        None => app.t(T::KindAll).to_string(),
        Some(k) => k.name(app.lang.zh()).to_string(),
    };
    let grid = if s.grid.is_some() { format!(" | {}", app.t(T::OnlyGrid)) } else { String::new() };
    format!("{} | {kind}{grid}", app.t(window))
}

fn draw_list(f: &mut Frame<'_>, app: &App, area: Rect) {
    let s = &app.deadlines;
    let title = format!(
        " {} {} ({}) ",
        app.t(T::DeadlinesTitle),
        T::ItemsCount.fill(app.lang, &[("n", &s.list.total)]),
        filters(app)
    );
    let kind_cols = if app.lang.zh() { 9 } else { 17 };
    crate::tui::views::paged_list::draw(f, app, area, title, &s.list, T::NoDeadlines, |d, cols| {
        row(app, d, cols, kind_cols)
    });
}

fn row(app: &App, d: &Deadline, cols: usize, kind_cols: usize) -> Line<'static> {
    let (tag, style) = countdown(app, d.due);
    let tag = pad(&tag, 10);
    let date = d.due.format("%m-%d ").to_string();
    let kind = pad(d.kind.name(app.lang.zh()), kind_cols);
    let rest = cols.saturating_sub(width(&tag) + width(&date) + kind_cols);
    let severe = if d.severe { "! " } else { "" };
    Line::from(vec![
        Span::styled(tag, style),
        Span::styled(date, app.theme.muted),
        Span::styled(kind, app.theme.accent),
        Span::styled(severe.to_string(), app.theme.error),
        Span::raw(fit(&d.title, rest.saturating_sub(severe.len()))),
    ])
}

fn draw_calendar(f: &mut Frame<'_>, app: &App, area: Rect) {
    let th = &app.theme;
    let month = app.deadlines.month.unwrap_or(app.today);
    let title = T::MonthTitle.fill(app.lang, &[("y", &month.year()), ("m", &month.month())]);
    let block = Block::bordered()
        .border_style(th.border)
        .title(Span::styled(format!(" {} {title} ", app.t(T::CalendarTitle)), th.title));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let (Some(display), Some(today)) = (to_time(month), to_time(app.today)) else { return };
    let mut events = CalendarEventStore::default();
    for (day, _) in &app.deadlines.busy {
        if let Some(d) = to_time(*day) {
            // Days with something due are marked; a past one is overdue.
            let style = if *day < app.today { th.error } else { th.warn };
            events.add(d, style.add_modifier(ratatui::style::Modifier::UNDERLINED | ratatui::style::Modifier::BOLD));
        }
    }
    events.add(today, th.selection);
    let [header, days] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    f.render_widget(Paragraph::new(app.t(T::Weekdays)).style(th.muted), header);
    f.render_widget(Monthly::new(display, events).default_style(th.text), days);
}

fn draw_detail(f: &mut Frame<'_>, app: &App, area: Rect) {
    let th = &app.theme;
    let block = Block::bordered().border_style(th.border);
    let cols = area.width.saturating_sub(2) as usize;
    let mut lines = Vec::new();
    if let Some(d) = app.deadlines.selected() {
        let (tag, style) = countdown(app, d.due);
        lines.push(Line::from(vec![
            Span::styled(d.kind.name(app.lang.zh()).to_string(), th.accent),
            Span::raw(" "),
            Span::styled(tag, style),
        ]));
        lines.push(Line::raw(d.due.to_string()));
        lines.push(Line::styled(fit(&d.title, cols), th.highlight));
        if let Some(u) = &d.unit_uscc {
            lines.push(Line::styled(u.clone(), th.muted));
        }
        // Days marked in the calendar, for a terminal without colour or underline.
        let marked: Vec<String> = app.deadlines.busy.iter().map(|(day, n)| format!("{}({n})", day.day())).collect();
        if !marked.is_empty() {
            lines.push(Line::styled(fit(&marked.join(" "), cols), th.muted));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(fit(app.t(T::DeadlineHint), cols), th.muted));
    f.render_widget(Paragraph::new(lines).block(block), area);
}

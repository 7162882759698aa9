//! Overview: the duty officer's first screen. Panels are listed in one place so later
//! capabilities (deadlines, alarms, tip-offs) add theirs beside the grid network's.

use crate::domain::{RiskLevel, Sector};
use crate::i18n::T;
use crate::store::stats::NetworkStats;
use super::OverviewScreen;
use crate::tui::env::{Env, Look};
use crate::tui::screen_def::Draw;
use crate::tui::widgets::text::{clean, fit, pad};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

pub fn draw(f: &mut Frame<'_>, v: &Look<'_, OverviewScreen>, area: Rect) {
    let Some(s) = &v.s.stats else {
        f.render_widget(Paragraph::new(v.t(T::Loading)).style(v.theme.muted), area);
        return;
    };
    let [top, rest] = Layout::vertical([Constraint::Length(4), Constraint::Min(0)]).areas(area);
    counters(f, v, s, top);
    let [left, right] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(rest);
    let [risk, gaps, hazards] =
        Layout::vertical([Constraint::Length(6), Constraint::Length(5), Constraint::Min(0)]).areas(left);
    by_risk(f, v, s, risk);
    coverage(f, v, s, gaps);
    hazard_panel(f, v, hazards);
    // Alarms and feed health first: a broken feed matters more than the sector mix.
    let feeds = v.s.alarms.feeds.len().clamp(1, 4) as u16;
    let [alarms, tipoffs, sectors] =
        Layout::vertical([Constraint::Length(feeds + 3), Constraint::Length(3), Constraint::Min(0)]).areas(right);
    alarm_panel(f, v, alarms);
    tipoff_panel(f, v, tipoffs);
    by_sector(f, v, s, sectors);
}

fn tipoff_panel(f: &mut Frame<'_>, v: &Look<'_, OverviewScreen>, area: Rect) {
    let th = &v.theme;
    let (waiting, open, overdue) = v.s.tipoffs.unwrap_or((0, 0, 0));
    let line = Line::from(vec![
        Span::raw(format!("{} ", v.t(T::TipoffsWaiting))),
        Span::styled(format!("{waiting}  "), if waiting > 0 { th.warn } else { th.text }),
        Span::raw(format!("{} ", v.t(T::TipoffsOpen))),
        Span::styled(format!("{open}  "), th.text),
        Span::raw(format!("{} ", v.t(T::Overdue))),
        Span::styled(overdue.to_string(), if overdue > 0 { th.error } else { th.ok }),
    ]);
    f.render_widget(Paragraph::new(line).block(block(v, T::TipoffsPanel)), area);
}

fn alarm_panel(f: &mut Frame<'_>, v: &Look<'_, OverviewScreen>, area: Rect) {
    let th = &v.theme;
    let zh = v.lang.zh();
    let cols = area.width.saturating_sub(2) as usize;
    let meta = &v.s.alarms;
    let mut first = vec![Span::raw(format!("{} ", v.t(T::OpenAlarms)))];
    for (level, n) in RiskLevel::ALL.iter().zip(meta.open_by_level) {
        first.push(Span::styled(format!("{} {n} ", level.tag(zh)), th.risk(*level)));
    }
    let mut lines = vec![Line::from(first)];
    if meta.feeds.is_empty() {
        lines.push(Line::styled(v.t(T::NoFeeds), th.muted));
    }
    for feed in meta.feeds.iter().take(4) {
        let name = pad(&clean(&feed.name), 10);
        let (text, style) = match (&feed.last_error, &feed.last_success) {
            (Some(e), _) => (format!("! {}", clean(e)), th.error),
            (None, Some(ok)) => {
                let q = if feed.quarantined > 0 {
                    format!(" {}", T::Quarantined.fill(v.lang, &[("n", &feed.quarantined)]))
                } else {
                    String::new()
                };
                let ok = format!("{} {}{q}", v.t(T::FeedOk), ok.get(5..16).unwrap_or(ok).replace('T', " "));
                match feed.ahead_seconds {
                    Some(s) => {
                        let hours = format!("{:.1}", s as f64 / 3600.0);
                        (format!("{ok} · {}", T::FeedClockAhead.fill(v.lang, &[("hours", &hours)])), th.warn)
                    }
                    None => (ok, th.ok),
                }
            }
            (None, None) => (v.t(T::FeedNever).to_string(), th.muted),
        };
        lines.push(Line::from(vec![Span::raw(name), Span::styled(fit(&text, cols.saturating_sub(10)), style)]));
    }
    f.render_widget(Paragraph::new(lines).block(block(v, T::AlarmPanel)), area);
}

fn block<'a>(v: &Look<'_, OverviewScreen>, title: T) -> Block<'a> {
    Block::bordered().border_style(v.theme.border).title(Span::styled(format!(" {} ", v.t(title)), v.theme.title))
}

fn counters(f: &mut Frame<'_>, v: &Look<'_, OverviewScreen>, s: &NetworkStats, area: Rect) {
    let items = [(T::Communities, s.communities), (T::Grids, s.grids), (T::Officers, s.officers), (T::Units, s.units)];
    let cols = Layout::horizontal([Constraint::Ratio(1, 4); 4]).split(area);
    for ((t, n), col) in items.iter().zip(cols.iter()) {
        let p = Paragraph::new(vec![Line::from(Span::styled(n.to_string(), v.theme.highlight))])
            .block(block(v, *t))
            .centered();
        f.render_widget(p, *col);
    }
}

/// A bar of `n` scaled to `max` in `cols` cells, drawn with plain '#' so it reads in any font.
fn bar(n: i64, max: i64, cols: usize) -> String {
    if max <= 0 || n <= 0 {
        return String::new();
    }
    "#".repeat(((n as f64 / max as f64) * cols as f64).ceil().max(1.0) as usize)
}

fn by_risk(f: &mut Frame<'_>, v: &Look<'_, OverviewScreen>, s: &NetworkStats, area: Rect) {
    let zh = v.lang.zh();
    let max = s.by_risk.values().copied().max().unwrap_or(0);
    let bar_cols = (area.width as usize).saturating_sub(22);
    let lines: Vec<Line> = RiskLevel::ALL
        .iter()
        .map(|r| {
            let n = s.by_risk.get(r).copied().unwrap_or(0);
            let label = if zh { r.zh() } else { r.colour() };
            let style = v.theme.risk(*r);
            Line::from(vec![
                Span::styled(pad(r.tag(zh), 4), style),
                Span::raw(pad(label, 9)),
                Span::raw(format!("{n:>5} ")),
                Span::styled(bar(n, max, bar_cols), style),
            ])
        })
        .collect();
    f.render_widget(Paragraph::new(lines).block(block(v, T::ByRisk)), area);
}

fn coverage(f: &mut Frame<'_>, v: &Look<'_, OverviewScreen>, s: &NetworkStats, area: Rect) {
    let items = [
        (T::UnitsWithoutGrid, s.units_without_grid),
        (T::GridsWithoutOfficer, s.grids_without_officer),
        (T::IncompleteTeams, s.incomplete_teams),
    ];
    let cols = (area.width as usize).saturating_sub(9);
    let lines: Vec<Line> = items
        .iter()
        .map(|(t, n)| {
            let style = if *n > 0 { v.theme.warn } else { v.theme.ok };
            let mark = if *n > 0 { "!" } else { " " };
            Line::from(vec![Span::styled(format!("{mark} {n:>4} "), style), Span::raw(pad(v.t(*t), cols))])
        })
        .collect();
    f.render_widget(Paragraph::new(lines).block(block(v, T::CoverageGaps)), area);
}

fn by_sector(f: &mut Frame<'_>, v: &Look<'_, OverviewScreen>, s: &NetworkStats, area: Rect) {
    let zh = v.lang.zh();
    let max = s.by_sector.values().copied().max().unwrap_or(0);
    let name_cols = if zh { 18 } else { 26 };
    let bar_cols = (area.width as usize).saturating_sub(name_cols + 10);
    let lines: Vec<Line> = Sector::all()
        .map(|sec| {
            let n = s.by_sector.get(&sec).copied().unwrap_or(0);
            let mark = if sec.high_hazard() { "*" } else { " " };
            Line::from(vec![
                Span::styled(mark, v.theme.warn),
                Span::raw(pad(sec.name(zh), name_cols)),
                Span::raw(format!("{n:>5} ")),
                Span::styled(bar(n, max, bar_cols), v.theme.accent),
            ])
        })
        .chain(std::iter::once(Line::from(Span::styled(format!("* {}", v.t(T::HighHazard)), v.theme.muted))))
        .collect();
    f.render_widget(Paragraph::new(lines).block(block(v, T::BySector)), area);
}

/// "87.5% (7/8)", or "n/a" when nothing was due yet.
fn percent(v: &Look<'_, OverviewScreen>, rate: Option<f64>, num: u64, den: u64) -> String {
    match rate {
        Some(r) => format!("{r:.1}% ({num}/{den})"),
        None => v.t(T::NotYet).to_string(),
    }
}

fn hazard_panel(f: &mut Frame<'_>, v: &Look<'_, OverviewScreen>, area: Rect) {
    let th = &v.theme;
    let Some(s) = &v.s.summary else {
        f.render_widget(Paragraph::new(v.t(T::Loading)).style(th.muted).block(block(v, T::HazardPanel)), area);
        return;
    };
    let label_cols =
        (area.width as usize).saturating_sub(2).saturating_sub(16).min(if v.lang.zh() { 26 } else { 32 });
    let row = |t: T, value: String, warn: bool| {
        let style = if warn { th.warn } else { th.text };
        Line::from(vec![Span::raw(pad(v.t(t), label_cols)), Span::styled(value, style)])
    };
    let h = &s.hazards;
    let lines = vec![
        row(T::OpenHazards, h.open.to_string(), false),
        row(T::OpenMajor, h.open_major.to_string(), h.open_major > 0),
        row(T::OverdueHazards, h.overdue.to_string(), h.overdue > 0),
        row(T::SupervisedOpen, h.supervised_open.to_string(), false),
        row(T::OnTimeRate, percent(v, s.year_major.on_time_rate(), s.year_major.on_time, s.year_major.due), false),
        row(T::RectificationRate, percent(v, s.year_all.rectification(), s.year_all.closed, s.year_all.found), false),
        row(T::DeadlinesOverdue, s.deadlines_overdue.to_string(), s.deadlines_overdue > 0),
        row(T::DueThisWeek, s.due_this_week.to_string(), false),
        row(
            T::ChecklistQuarter,
            percent(
                v,
                (s.checklist.1 > 0).then(|| s.checklist.0 as f64 * 100.0 / s.checklist.1 as f64),
                s.checklist.0 as u64,
                s.checklist.1 as u64,
            ),
            false,
        ),
    ];
    f.render_widget(Paragraph::new(lines).block(block(v, T::HazardPanel)), area);
}

impl Draw for OverviewScreen {
    fn draw(&self, f: &mut Frame<'_>, area: Rect, env: &Env<'_>) {
        draw(f, &Look { s: self, env: *env }, area);
    }
}

//! Overview: the duty officer's first screen. Panels are listed in one place so later
//! capabilities (deadlines, alarms, tip-offs) add theirs beside the grid network's.

use crate::domain::{RiskLevel, Sector};
use crate::i18n::T;
use crate::store::stats::NetworkStats;
use super::OverviewScreen;
use crate::tui::env::{Env, Look};
use crate::tui::screen_def::Draw;
use crate::tui::widgets::text::{clean, fit, pad, width};
use super::figures::Tone;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

pub fn draw(f: &mut Frame<'_>, v: &Look<'_, OverviewScreen>, area: Rect) {
    let Some(s) = &v.s.stats else {
        f.render_widget(Paragraph::new(v.t(T::Loading)).style(v.theme.muted), area);
        return;
    };
    // The network in one line; below, what to act on (every figure, each opening its list) on
    // the left, and the feeds and the office's shape on the right.
    let [top, rest] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    let network = T::NetworkLine
        .fill(v.lang, &[("c", &s.communities), ("g", &s.grids), ("o", &s.officers), ("u", &s.units)]);
    let mut spans = vec![Span::styled(format!(" {network}"), v.theme.highlight)];
    // The next year's holidays not loaded: its due dates are not adjusted for them.
    if let Some(y) = v.s.due.as_ref().and_then(|d| d.holidays_missing) {
        spans.push(Span::styled(format!("  ! {}", T::HolidaysMissing.fill(v.lang, &[("y", &y)])), v.theme.warn));
    }
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    if used > area.width as usize
        && let Some(last) = spans.last_mut()
    {
        let room = (area.width as usize).saturating_sub(used - width(&last.content));
        last.content = fit(&last.content, room).into();
    }
    f.render_widget(Paragraph::new(Line::from(spans)), top);
    let [left, right] = Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(rest);
    figure_panel(f, v, s, left);
    let [alarms, risk, sectors] = Layout::vertical([
        Constraint::Length(feed_panel_height(v) + 2),
        Constraint::Length(6),
        Constraint::Min(0),
    ])
    .areas(right);
    feed_panel(f, v, alarms);
    by_risk(f, v, s, risk);
    by_sector(f, v, s, sectors);
}

/// Every figure, the selected one marked; on a tall terminal the coverage gaps follow in words.
fn figure_panel(f: &mut Frame<'_>, v: &Look<'_, OverviewScreen>, s: &NetworkStats, area: Rect) {
    let th = &v.theme;
    let zh = v.lang.zh();
    let cols = area.width.saturating_sub(3) as usize;
    let figures = super::figures::figures(v.s, v.lang);
    let label_cols = figures.iter().map(|x| width(v.t(x.label))).max().unwrap_or(0).min(cols / 2 + 4) + 1;
    let mut lines: Vec<Line> = figures
        .iter()
        .enumerate()
        .map(|(i, fig)| {
            let style = match fig.tone {
                Tone::ErrorIfAny if fig.n > 0 => th.error,
                Tone::WarnIfAny if fig.n > 0 => th.warn,
                _ => th.text,
            };
            let mut spans = vec![Span::styled(pad(&fit(v.t(fig.label), label_cols - 1), label_cols), th.text)];
            match fig.levels {
                Some(levels) => {
                    // Every level's count shows: the tags shorten to one letter when room is short.
                    let room = cols.saturating_sub(label_cols + 1);
                    let gap = if zh { "" } else { " " };
                    let long: usize =
                        RiskLevel::ALL.iter().zip(levels).map(|(l, n)| width(&format!("{}{gap}{n} ", l.tag(zh)))).sum();
                    for (level, n) in RiskLevel::ALL.iter().zip(levels) {
                        let tag = level.tag(zh);
                        let text = if long > room && !zh {
                            format!("{}{n} ", tag.chars().next().unwrap_or(' '))
                        } else {
                            format!("{tag}{gap}{n} ")
                        };
                        spans.push(Span::styled(text, th.risk(*level)));
                    }
                }
                None => spans.push(Span::styled(fit(&fig.value, cols.saturating_sub(label_cols)), style)),
            }
            let mark = if fig.opens.is_some() { "" } else { " " };
            spans.push(Span::raw(mark));
            crate::tui::widgets::gutter_line(Line::from(spans), i == v.s.cursor, th, cols + 1)
        })
        .collect();
    let room = area.height.saturating_sub(2) as usize;
    if room >= lines.len() + 4 {
        lines.push(Line::raw(""));
        for (t, n) in [
            (T::UnitsWithoutGrid, s.units_without_grid),
            (T::GridsWithoutOfficer, s.grids_without_officer),
            (T::IncompleteTeams, s.incomplete_teams),
        ] {
            let style = if n > 0 { th.warn } else { th.ok };
            lines.push(Line::from(vec![Span::styled(format!("  {n:>4} "), style), Span::raw(fit(v.t(t), cols.saturating_sub(7)))]));
        }
    }
    f.render_widget(Paragraph::new(lines).block(block(v, T::FiguresPanel)), area);
}


fn feed_panel(f: &mut Frame<'_>, v: &Look<'_, OverviewScreen>, area: Rect) {
    let th = &v.theme;
    let cols = area.width.saturating_sub(2) as usize;
    let meta = &v.s.alarms;
    let mut lines = Vec::new();
    if meta.feeds.is_empty() {
        lines.push(Line::styled(v.t(T::NoFeeds), th.muted));
    }
    for feed in meta.feeds.iter().take(4) {
        lines.extend(feed_lines(v, feed, cols));
    }
    // The notifications' health, once there are any: what waits, and what could not be delivered
    // (in red: `anjian export deliveries` says why).
    let (pending, sent, dead) = meta.deliveries;
    if pending + sent + dead > 0 {
        let head = format!("{} ", v.t(T::NoticesLine));
        let mut spans = vec![Span::styled(head, th.muted)];
        spans.push(Span::styled(T::NoticesSent.fill(v.lang, &[("n", &sent)]), th.ok));
        if pending > 0 {
            spans.push(Span::styled(T::NoticesPending.fill(v.lang, &[("n", &pending)]), th.warn));
        }
        if dead > 0 {
            spans.push(Span::styled(T::NoticesDead.fill(v.lang, &[("n", &dead)]), th.error));
        }
        lines.push(Line::from(spans));
    }
    f.render_widget(Paragraph::new(lines).block(block(v, T::FeedsPanel)), area);
}

/// The panel's lines for the first feeds: one each, and a second for a feed that holds documents
/// back or read some with doubt.
fn feed_panel_height(v: &Look<'_, OverviewScreen>) -> u16 {
    let feeds = &v.s.alarms.feeds;
    let held = feeds.iter().take(4).filter(|f| held_back(f).next().is_some()).count();
    let (pending, sent, dead) = v.s.alarms.deliveries;
    let notices = usize::from(pending + sent + dead > 0);
    (feeds.len().clamp(1, 4) + held + notices) as u16
}

/// What a feed holds back or read with doubt, each only when there is some: a given-up document
/// is an alert never read (the error colour); pending documents and doubtful reads want a look.
fn held_back(feed: &crate::store::feeds::FeedHealth) -> impl Iterator<Item = (i64, T, bool)> {
    [
        (feed.given_up, T::FeedGivenUp, true),
        (feed.pending, T::FeedPending, false),
        (feed.nonconforming, T::FeedNonconforming, false),
        (feed.level_unread, T::FeedLevelUnread, false),
    ]
    .into_iter()
    .filter(|(n, _, _)| *n > 0)
}

/// A feed's status line (its last success, or when it last failed and why), and under it what it
/// holds back, each count in its own colour.
fn feed_lines<'a>(v: &Look<'_, OverviewScreen>, feed: &crate::store::feeds::FeedHealth, cols: usize) -> Vec<Line<'a>> {
    let th = &v.theme;
    let name = pad(&clean(&feed.name), 10);
    let short = |t: &str| t.get(5..16).unwrap_or(t).replace('T', " ");
    let (mut text, mut style) = match (&feed.last_error, &feed.last_success) {
        // When the failing attempt was: an error from an hour ago reads differently from one a
        // minute old.
        (Some(e), _) => {
            let at = feed.last_attempt.as_deref().map(|t| format!("{} ", short(t))).unwrap_or_default();
            (format!("! {at}{}", clean(e)), th.error)
        }
        (None, Some(ok)) => (format!("{} {}", v.t(T::FeedOk), short(ok)), th.ok),
        (None, None) => (v.t(T::FeedNever).to_string(), th.muted),
    };
    if feed.quarantined > 0 {
        text = format!("{text} · {}", T::Quarantined.fill(v.lang, &[("n", &feed.quarantined)]));
    }
    if let Some(s) = feed.ahead_seconds {
        let hours = format!("{:.1}", s as f64 / 3600.0);
        text = format!("{text} · {}", T::FeedClockAhead.fill(v.lang, &[("hours", &hours)]));
        if style == th.ok {
            style = th.warn;
        }
    }
    let mut lines = vec![Line::from(vec![Span::raw(name), Span::styled(fit(&text, cols.saturating_sub(10)), style)])];
    let mut spans = vec![Span::raw("  ")];
    let mut used = 2;
    for (i, (n, t, grave)) in held_back(feed).enumerate() {
        let words = format!("{}{}", if i > 0 { " · " } else { "" }, t.fill(v.lang, &[("n", &n)]));
        let words = fit(&words, cols.saturating_sub(used));
        used += width(&words);
        spans.push(Span::styled(words, if grave { th.error } else { th.warn }));
    }
    if spans.len() > 1 {
        lines.push(Line::from(spans));
    }
    lines
}

fn block<'a>(v: &Look<'_, OverviewScreen>, title: T) -> Block<'a> {
    Block::bordered().border_style(v.theme.border).title(Span::styled(format!(" {} ", v.t(title)), v.theme.title))
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



impl Draw for OverviewScreen {
    fn draw(&self, f: &mut Frame<'_>, area: Rect, env: &Env<'_>) {
        draw(f, &Look { s: self, env: *env }, area);
    }
}

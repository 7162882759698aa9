//! The Duty screen: the shift and its log on the left; on the right the serious accidents with
//! their one-hour reporting clocks, and a hand-over waiting to be acknowledged.

use crate::domain::duty::{EntryKind, minutes_left};
use crate::i18n::T;
use crate::tui::env::{Env, Look};
use crate::tui::screen_def::Draw;
use super::DutyScreen;
use crate::tui::widgets::gutter_line;
use crate::tui::widgets::text::{clean, fit, pad, width};
use chrono::DateTime;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

pub fn draw(f: &mut Frame<'_>, v: &Look<'_, DutyScreen>, area: Rect) {
    let [left, right] = Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(area);
    draw_log(f, v, left);
    let [accidents, handover] = Layout::vertical([Constraint::Percentage(40), Constraint::Min(0)]).areas(right);
    draw_accidents(f, v, accidents);
    draw_handover(f, v, handover);
}

/// "11-23 09:30" from a stored stamp.
fn short(at: &str) -> String {
    at.get(5..16).unwrap_or(at).replace('T', " ")
}

fn draw_log(f: &mut Frame<'_>, v: &Look<'_, DutyScreen>, area: Rect) {
    let th = &v.theme;
    let zh = v.lang.zh();
    let cols = area.width.saturating_sub(2) as usize;
    let pane = v.s.pane.as_ref();
    let shift = match pane.and_then(|p| p.shift.as_ref()) {
        Some(s) => T::ShiftSince.fill(v.lang, &[("who", &clean(&s.operator)), ("at", &short(&s.started_at))]),
        None => v.t(T::NoShift).to_string(),
    };
    let block = Block::bordered()
        .border_style(th.border)
        .title(Span::styled(fit(&format!(" {} · {shift} ", v.t(T::DutyTitle)), cols), th.title));
    let rows = area.height.saturating_sub(3) as usize;
    let entries = pane.map(|p| p.entries.as_slice()).unwrap_or(&[]);
    let mut lines = Vec::new();
    if entries.is_empty() {
        lines.push(Line::styled(fit(v.t(T::NoEntries), cols), th.muted));
    }
    // On a narrow pane (80 columns) the entry's text keeps the room: the time without the date
    // when it is today's, the kind cut to a short word, the writer in the full view (Enter).
    let compact = cols < 60;
    let kind_cols = match (compact, zh) {
        (true, true) => 5,
        (true, false) => 9,
        (false, true) => 13,
        (false, false) => 17,
    };
    let today = v.today.to_string();
    for (i, e) in entries.iter().enumerate().skip(v.s.cursor.offset).take(rows) {
        let when = match (compact, e.at.get(..10) == Some(today.as_str())) {
            (true, true) => format!("{} ", e.at.get(11..16).unwrap_or("")),
            _ => format!("{} ", short(&e.at)),
        };
        let kind = pad(if compact { e.kind.short(zh) } else { e.kind.name(zh) }, kind_cols);
        let who = if compact { String::new() } else { format!("{} ", clean(&e.operator)) };
        let used = width(&when) + width(&kind) + width(&who);
        let style = if e.kind == EntryKind::SeriousAccident && e.reported_at.is_none() { th.error } else { th.text };
        let line = Line::from(vec![
            Span::styled(when, th.muted),
            Span::styled(kind, style),
            Span::styled(who, th.muted),
            Span::raw(fit(&e.text, cols.saturating_sub(used + 1))),
        ]);
        lines.push(gutter_line(line, i == v.s.cursor.at, th, cols));
    }
    let [body, hint] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(block.inner(area));
    f.render_widget(block, area);
    f.render_widget(Paragraph::new(lines), body);
    f.render_widget(Paragraph::new(Line::styled(fit(v.t(T::DutyHint), cols), th.muted)), hint);
}

fn draw_accidents(f: &mut Frame<'_>, v: &Look<'_, DutyScreen>, area: Rect) {
    let th = &v.theme;
    let cols = area.width.saturating_sub(2) as usize;
    let block = Block::bordered()
        .border_style(th.border)
        .title(Span::styled(fit(&format!(" {} ", v.t(T::AccidentsTitle)), cols), th.title));
    let mut lines: Vec<Line> = v
        .s
        .accidents()
        .iter()
        .map(|e| {
            let left = DateTime::parse_from_rfc3339(&e.at).map(|at| minutes_left(at, v.now)).unwrap_or(0);
            let what = format!("{} {}", short(&e.at), clean(&e.text));
            if left > 0 {
                Line::styled(fit(&T::AccidentLeft.fill(v.lang, &[("what", &what), ("n", &left)]), cols), th.warn)
            } else {
                Line::styled(fit(&T::AccidentOver.fill(v.lang, &[("what", &what), ("n", &-left)]), cols), th.error)
            }
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::styled(fit(v.t(T::NoAccidentsWaiting), cols), th.muted));
    }
    // The quarter's registers as the report will count them, under the clocks.
    if let Some(p) = v.s.pane.as_ref() {
        let (r, w) = (&p.register, &p.work);
        let register = T::RegisterQuarter
            .fill(v.lang, &[("n", &r.count), ("d", &r.deaths), ("m", &p.to_complete.len())]);
        let fine = format!("{:.0}", w.fines_yuan);
        let work = T::WorkQuarter.fill(v.lang, &[("e", &w.enforcement_cases), ("fine", &fine)]);
        let training = T::TrainingQuarter
            .fill(v.lang, &[("t", &w.training_sessions), ("p", &w.people_trained), ("u", &w.publicity_events)]);
        let style = if p.to_complete.is_empty() { th.muted } else { th.warn };
        lines.push(Line::styled(fit(&register, cols), style));
        lines.push(Line::styled(fit(&work, cols), th.muted));
        lines.push(Line::styled(fit(&training, cols), th.muted));
    }
    f.render_widget(Paragraph::new(lines).block(block), area);
}

fn draw_handover(f: &mut Frame<'_>, v: &Look<'_, DutyScreen>, area: Rect) {
    let th = &v.theme;
    let cols = area.width.saturating_sub(2) as usize;
    let block = Block::bordered()
        .border_style(th.border)
        .title(Span::styled(format!(" {} ", v.t(T::HandoverTitle)), th.title));
    let mut lines = Vec::new();
    match v.s.pane.as_ref().and_then(|p| p.pending.as_ref()) {
        None => lines.push(Line::styled(fit(v.t(T::NoHandover), cols), th.muted)),
        Some(s) => {
            let from = T::HandoverFrom
                .fill(v.lang, &[("who", &clean(&s.operator)), ("at", &short(s.ended_at.as_deref().unwrap_or("")))]);
            lines.push(Line::styled(fit(&from, cols), th.highlight));
            for l in s.handover.lines() {
                lines.push(Line::styled(fit(l, cols), th.text));
            }
            lines.push(Line::styled(fit(v.t(T::DutyHint), cols), th.muted));
        }
    }
    f.render_widget(Paragraph::new(lines).block(block), area);
}

impl Draw for DutyScreen {
    fn draw(&self, f: &mut Frame<'_>, area: Rect, env: &Env<'_>) {
        draw(f, &Look { s: self, env: *env }, area);
    }
}

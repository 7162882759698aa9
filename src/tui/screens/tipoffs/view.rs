//! The Tip-offs screen: the queue on the left, least time left first; the selected tip-off with
//! its timeline on the right. The reporter shows masked, or in clear after a supervisor's
//! audited reveal, and is never drawn anywhere else.

use crate::domain::tipoff::{Channel, TipoffStatus};
use crate::i18n::T;
use crate::store::tipoffs::{TipoffRow, TipoffSet};
use crate::tui::env::{Env, Look};
use crate::tui::screen_def::Draw;
use super::TipoffsScreen;
use crate::tui::widgets::text::{clean, fit, pad, width};
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

pub fn draw(f: &mut Frame<'_>, v: &Look<'_, TipoffsScreen>, area: Rect) {
    let [left, right] = Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(area);
    draw_list(f, v, left);
    draw_detail(f, v, right);
}

fn filters(v: &Look<'_, TipoffsScreen>) -> String {
    let s = v.s;
    let set = v.t(match s.set {
        TipoffSet::Open => T::TipoffOpen,
        TipoffSet::Overdue => T::WindowOverdue,
        TipoffSet::Closed => T::TipoffClosedSet,
        TipoffSet::All => T::FilterAllStatus,
    });
    let channel = match s.channel.and_then(|i| Channel::ALL.get(i)) {
        Some(c) => c.name(v.lang.zh()).to_string(),
        None => v.t(T::AllChannels).to_string(),
    };
    let mut out = format!("{set} | {channel}");
    if s.around.grid.is_some() {
        out.push_str(&format!(" | {}", v.t(T::OnlyGrid)));
    }
    if s.around.community.is_some() {
        out.push_str(&format!(" | {}", v.t(T::OnlyCommunity)));
    }
    if let Some(id) = s.only {
        out.push_str(&format!(" | {}", T::OnlyRecord.fill(v.lang, &[("id", &id)])));
    }
    out
}

/// "还剩 5 天" / "逾期 3 天" for the running clock, with its style.
fn countdown(v: &Look<'_, TipoffsScreen>, due: Option<&str>) -> (String, Style) {
    let Some(d) = due.and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()) else {
        return (v.t(T::NoClock).to_string(), v.theme.muted);
    };
    crate::tui::widgets::countdown(v, d)
}

fn draw_list(f: &mut Frame<'_>, v: &Look<'_, TipoffsScreen>, area: Rect) {
    let s = v.s;
    let title = format!(
        " {} {} ({}) ",
        v.t(T::TipoffsTitle),
        T::ItemsCount.fill(v.lang, &[("n", &s.records.list.total)]),
        filters(v)
    );
    let title = fit(&title, area.width.saturating_sub(2) as usize);
    let list = &s.records.list;
    crate::tui::widgets::paged_list::draw(f, v, area, title, list, T::NoTipoffs, Some(&s.text), |t, cols| row(v, t, cols));
}

fn row(v: &Look<'_, TipoffsScreen>, t: &TipoffRow, cols: usize) -> Line<'static> {
    let th = &v.theme;
    let zh = v.lang.zh();
    let (cd, cd_style) = countdown(v, t.clock());
    let cd = pad(&cd, if zh { 9 } else { 10 });
    let status = pad(t.status.name(zh), if zh { 7 } else { 16 });
    // On a narrow list (80 columns) what was reported comes first; the date and the unit are in
    // the detail.
    let compact = cols < 60;
    let when = if compact { String::new() } else { format!("{} ", t.received_at.get(5..10).unwrap_or("")) };
    let what = match &t.unit_name {
        Some(u) if !compact => format!("{}：{}", clean(u), clean(&t.description)),
        _ => clean(&t.description),
    };
    let used = width(&cd) + width(&status) + width(&when);
    Line::from(vec![
        Span::styled(cd, cd_style),
        Span::styled(status, if t.status == TipoffStatus::Received { th.warn } else { th.text }),
        Span::styled(when, th.muted),
        Span::raw(fit(&what, cols.saturating_sub(used))),
    ])
}

fn draw_detail(f: &mut Frame<'_>, v: &Look<'_, TipoffsScreen>, area: Rect) {
    let th = &v.theme;
    let zh = v.lang.zh();
    let block = Block::bordered()
        .border_style(th.border)
        .title(Span::styled(format!(" {} ", v.t(T::TipoffDetailTitle)), th.title));
    let cols = area.width.saturating_sub(2) as usize;
    let Some(p) = v.s.current() else {
        let lines = vec![Line::raw(""), Line::styled(fit(v.t(T::TipoffHint), cols), th.muted)];
        f.render_widget(Paragraph::new(lines).block(block), area);
        return;
    };
    let t = &p.row;
    let label_cols = if zh { 9 } else { 15 };
    let field = |label: T, value: String| {
        Line::from(vec![
            Span::styled(pad(v.t(label), label_cols), th.muted),
            Span::raw(fit(&value, cols.saturating_sub(label_cols))),
        ])
    };
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!("{} ", t.status.name(zh)), th.highlight),
            Span::styled(format!("#{}", t.id), th.muted),
        ]),
        Line::styled(fit(&clean(&t.description), cols), th.text),
    ];
    let channel = Channel::parse(&t.channel).map(|c| c.name(zh).to_string()).unwrap_or_else(|| clean(&t.channel));
    lines.push(field(T::FieldChannel, channel));
    lines.push(field(T::FieldReceived, t.received_at.get(..16).unwrap_or(&t.received_at).replace('T', " ")));
    if let Some(u) = &t.unit_name {
        lines.push(field(T::FieldUnit, format!("{} {}", clean(u), t.unit_uscc.clone().unwrap_or_default())));
    }
    if !t.location.is_empty() {
        lines.push(field(T::FieldLocation, clean(&t.location)));
    }
    if !t.category.is_empty() {
        lines.push(field(T::FieldCategory, clean(&t.category)));
    }
    let reporter = match (&v.s.revealed, &p.reporter) {
        (Some((id, (name, phone))), _) if *id == t.id => Line::from(vec![
            Span::styled(pad(v.t(T::FieldReporter), label_cols), th.muted),
            Span::styled(
                fit(
                    &format!(
                        "{} {}",
                        clean(name.as_ref().map(|n| n.as_str()).unwrap_or("")),
                        clean(phone.as_ref().map(|p| p.as_str()).unwrap_or(""))
                    ),
                    cols.saturating_sub(label_cols),
                ),
                th.error,
            ),
        ]),
        (_, true) => field(T::FieldReporter, v.t(T::ReporterRegistered).to_string()),
        (_, false) => field(T::FieldReporter, v.t(T::Anonymous).to_string()),
    };
    lines.push(reporter);
    if let Some(due) = &t.verify_due {
        let ext = if t.extension_days > 0 {
            format!(" ({})", T::Extended.fill(v.lang, &[("n", &t.extension_days)]))
        } else {
            String::new()
        };
        lines.push(field(T::FieldVerifyDue, format!("{due}{ext}")));
    }
    if let Some(due) = &t.reply_due {
        lines.push(field(T::FieldReplyDue, due.clone()));
    }
    if !t.transferred_to.is_empty() {
        lines.push(field(T::FieldTransferredTo, clean(&t.transferred_to)));
    }
    if let Some(fine) = t.fine {
        lines.push(field(T::FieldFine, format!("{fine:.0}")));
    }
    match (t.reward, p.reward_proposal) {
        (Some(r), _) => lines.push(field(T::FieldReward, format!("{r:.0}"))),
        (None, Some(n)) if t.status == TipoffStatus::Replied => lines
            .push(Line::styled(fit(&T::RewardProposal.fill(v.lang, &[("n", &format!("{n:.0}"))]), cols), th.accent)),
        _ => {}
    }
    if let Some(h) = t.hazard_id {
        lines.push(field(T::FieldHazards, format!("#{h}")));
    }
    if let Some(u) = &t.upstream_id {
        lines.push(field(T::FieldUpstream, format!("{} {}", clean(u), clean(&t.upstream_status))));
    }
    lines.push(Line::styled(v.t(T::TimelineTitle), th.title));
    for (at, who, kind, text) in &p.events {
        let line = format!("{} {} {}", at.get(5..16).unwrap_or(at).replace('T', " "), clean(who), event(&v.env, kind, text));
        lines.push(Line::styled(fit(line.trim_end(), cols), th.muted));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(fit(v.t(T::TipoffHint), cols), th.muted));
    f.render_widget(Paragraph::new(lines).block(block), area);
}

/// A timeline event in words: its step's name and what it carries. Event texts are data (codes,
/// dates, what people wrote); the words around them are ours.
pub(super) fn event(env: &Env<'_>, kind: &str, text: &str) -> String {
    let zh = env.zh();
    let text = match kind {
        "received" => Channel::parse(text).map(|c| c.name(zh).to_string()).unwrap_or_else(|| clean(text)),
        "accepted" => format!("{} {}", env.t(T::FieldVerifyDue), clean(text)),
        "reveal" => env.t(T::FieldReporter).to_string(),
        "hazard" => format!("{} {}", env.t(T::FieldHazards), clean(text)),
        _ => clean(text),
    };
    let kind = TipoffStatus::parse(kind)
        .map(|s| s.name(zh).to_string())
        .or_else(|| (kind == "extended").then(|| env.t(T::FormExtend).to_string()))
        .unwrap_or_else(|| clean(kind));
    format!("{kind} {text}")
}

impl Draw for TipoffsScreen {
    fn draw(&self, f: &mut Frame<'_>, area: Rect, env: &Env<'_>) {
        draw(f, &Look { s: self, env: *env }, area);
    }
}

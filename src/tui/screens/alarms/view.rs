//! The Alarms screen: the queue (or its groups) on the left; the selected alarm, or the silences
//! in force, on the right. The level is shown by colour and by a text tag, so it reads without
//! colour too.

use crate::domain::alarm::AlarmStatus;
use crate::i18n::T;
use crate::store::alarm_queue::{AlarmGroup, AlarmRow, StatusSet};
use crate::tui::env::{Env, Look};
use crate::tui::screen_def::Draw;
use super::AlarmsScreen;
use crate::tui::widgets::text::{clean, fit, pad, width};
use super::msg::AlarmItem;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

pub fn status_label(s: AlarmStatus) -> T {
    T::alarm_status(s)
}

/// The status in one word of at most four columns, for a narrow list.
fn status_short(s: AlarmStatus) -> T {
    match s {
        AlarmStatus::New => T::StatusNew,
        AlarmStatus::Acknowledged => T::ShortAcknowledged,
        AlarmStatus::Dispatched => T::ShortDispatched,
        AlarmStatus::Resolved => T::ShortResolved,
        AlarmStatus::FalseAlarm => T::StatusFalse,
        AlarmStatus::Cancelled => T::ShortCancelled,
    }
}

pub fn draw(f: &mut Frame<'_>, v: &Look<'_, AlarmsScreen>, area: Rect) {
    let [left, right] = Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(area);
    draw_list(f, v, left);
    if v.s.silences_open {
        draw_silences(f, v, right);
    } else {
        draw_detail(f, v, right);
    }
}

fn filters(v: &Look<'_, AlarmsScreen>) -> String {
    let s = v.s;
    let mut parts = vec![
        v.t(match s.filter.status {
            StatusSet::Open => T::AlarmOpen,
            StatusSet::Closed => T::AlarmClosed,
            StatusSet::All => T::FilterAllStatus,
        })
        .to_string(),
    ];
    parts.push(match s.filter.level {
        Some(l) => l.tag(v.lang.zh()).to_string(),
        None => v.t(T::AllLevels).to_string(),
    });
    parts.push(s.filter.feed.clone().unwrap_or_else(|| v.t(T::AllFeeds).to_string()));
    if s.grouped {
        parts.push(v.t(T::Grouped).to_string());
    }
    if let Some(id) = s.filter.only {
        parts.push(T::OnlyRecord.fill(v.lang, &[("id", &id)]));
    }
    if let Some((area, event)) = &s.filter.group {
        parts.push(clean(&format!("{event}@{area}")));
    }
    parts.join(" | ")
}

fn draw_list(f: &mut Frame<'_>, v: &Look<'_, AlarmsScreen>, area: Rect) {
    let s = v.s;
    let grouped = s.grouped && s.filter.group.is_none();
    let title = format!(
        " {} {} ({}) ",
        v.t(if grouped { T::AlarmGroupsTitle } else { T::AlarmsTitle }),
        T::ItemsCount.fill(v.lang, &[("n", &s.records.list.total)]),
        filters(v)
    );
    let title = fit(&title, area.width.saturating_sub(2) as usize);
    let list = &s.records.list;
    crate::tui::widgets::paged_list::draw(f, v, area, title, list, T::NoAlarms, Some(&s.filter.text), |item, cols| match item {
        AlarmItem::Alarm(a) => alarm_row(v, a, cols),
        AlarmItem::Group(g) => group_row(v, g, cols),
    });
}

/// "11-23 14:05" from a stored time.
fn short_time(t: &str) -> String {
    t.get(5..16).map(|s| s.replace('T', " ")).unwrap_or_else(|| t.to_string())
}

fn alarm_row(v: &Look<'_, AlarmsScreen>, a: &AlarmRow, cols: usize) -> Line<'static> {
    let th = &v.theme;
    let zh = v.lang.zh();
    let now = crate::domain::time::stamp(v.now);
    let tag = format!("{} ", a.level.tag(zh));
    // On a narrow list (80 columns) the row keeps level, time, event and unit: today's alarms show
    // the time alone, the status is one word.
    let compact = cols < 60;
    let time = match (compact, a.sent.get(..10) == Some(v.today.to_string().as_str())) {
        (true, true) => format!("{} ", a.sent.get(11..16).unwrap_or("")),
        (true, false) => format!("{} ", a.sent.get(5..10).unwrap_or("")),
        _ => format!("{} ", short_time(&a.sent)),
    };
    let status = if compact {
        pad(v.t(status_short(a.status)), if zh { 5 } else { 6 })
    } else {
        pad(v.t(status_label(a.status)), if zh { 7 } else { 11 })
    };
    let mut marks = String::new();
    if v.s.is_silenced(a) {
        marks.push_str(if zh { "静 " } else { "sil " });
    }
    if a.expired(&now) && a.status.open() {
        marks.push_str(if zh { "过期 " } else { "exp " });
    }
    if a.msg_status != "Actual" {
        marks.push_str(&format!("{} ", clean(&a.msg_status)));
    }
    let count = if a.count > 1 { format!(" ×{}", a.count) } else { String::new() };
    // A monitor alarm is about a unit: what happened and where; the reading is in the detail.
    let used = width(&tag) + width(&time) + width(&status) + width(&marks) + width(&count);
    let room = cols.saturating_sub(used);
    let what = match &a.unit_name {
        // Both must show: the event gets at most half the room.
        Some(u) if compact => format!("{}：{}", fit(&clean(&a.event), (room / 2).max(4)), clean(u)),
        Some(u) => format!("{}：{}", clean(&a.event), clean(u)),
        None => clean(&a.headline),
    };
    Line::from(vec![
        Span::styled(tag, th.risk(a.level)),
        Span::styled(time, th.muted),
        Span::styled(status, if a.status == AlarmStatus::New { th.error } else { th.text }),
        Span::styled(marks, th.warn),
        Span::raw(fit(&what, room)),
        Span::styled(count, th.accent),
    ])
}

fn group_row(v: &Look<'_, AlarmsScreen>, g: &AlarmGroup, cols: usize) -> Line<'static> {
    let th = &v.theme;
    let tag = format!("{} ", g.level.tag(v.lang.zh()));
    let time = format!("{} ", short_time(&g.newest));
    let counts = format!(" {}/{}", g.open, g.count);
    let what = clean(&format!("{} · {}", g.event, g.area));
    let used = width(&tag) + width(&time) + width(&counts);
    Line::from(vec![
        Span::styled(tag, th.risk(g.level)),
        Span::styled(time, th.muted),
        Span::raw(fit(&what, cols.saturating_sub(used))),
        Span::styled(counts, th.accent),
    ])
}

/// "11-30 09:31 已通知 值班群" / "… 通知 值班群 失败：…": a notification's step, said without the
/// process that sent it (a service account's name means nothing to the officer reading).
fn notice_line(env: &Env<'_>, action: &str, n: &serde_json::Value) -> String {
    let text = |k: &str| n.get(k).and_then(|v| v.as_str()).map(clean).unwrap_or_default();
    let receiver = text("receiver");
    match action {
        "alarm.notify" => match n.get("held").and_then(|v| v.as_str()) {
            Some("silenced") => env.t(T::NoticeSilenced).to_string(),
            Some("inhibited") => {
                let by = n.get("by").and_then(|v| v.as_i64()).unwrap_or(0);
                T::NoticeInhibited.fill(env.lang, &[("id", &by)])
            }
            _ => T::NoticeQueued.fill(env.lang, &[("who", &receiver)]),
        },
        "alarm.escalate" => {
            let step = n.get("step").and_then(|v| v.as_i64()).unwrap_or(0);
            T::NoticeEscalated.fill(env.lang, &[("n", &step), ("who", &receiver)])
        }
        _ if n.get("sent").is_some() => T::NoticeSent.fill(env.lang, &[("who", &receiver)]),
        _ => {
            let retry = if n.get("next").is_some_and(|v| !v.is_null()) { env.t(T::NoticeRetry) } else { "" };
            T::NoticeFailed.fill(env.lang, &[("who", &receiver), ("why", &text("failed")), ("retry", &retry)])
        }
    }
}

/// "11-23 09:31 张三 确认" / "… 派发给 李四：备注": who did a step and when.
pub(super) fn step_line(env: &Env<'_>, s: &crate::store::alarm_history::AlarmStep) -> String {
    if let Some(n) = &s.notice {
        return format!("{} {}", short_time(&s.at), notice_line(env, &s.to, n));
    }
    let what = match (s.to.as_str(), &s.officer, s.hazard) {
        ("dispatched", Some(o), _) => T::StepDispatchedTo.fill(env.lang, &[("who", &clean(o))]),
        ("hazard", _, Some(h)) => T::StepHazard.fill(env.lang, &[("id", &h)]),
        (code, _, _) => match AlarmStatus::parse(code) {
            Some(st) => env.t(status_label(st)).to_string(),
            None => clean(code),
        },
    };
    let note = if s.note.is_empty() { String::new() } else { format!("：{}", close_note_text(env, &s.note)) };
    format!("{} {} {what}{note}", short_time(&s.at), clean(&s.operator))
}

fn draw_detail(f: &mut Frame<'_>, v: &Look<'_, AlarmsScreen>, area: Rect) {
    let th = &v.theme;
    let zh = v.lang.zh();
    let block = Block::bordered()
        .border_style(th.border)
        .title(Span::styled(format!(" {} ", v.t(T::AlarmDetailTitle)), th.title));
    let cols = area.width.saturating_sub(2) as usize;
    let Some(pane) = v.s.current() else {
        let lines = vec![Line::raw(""), Line::styled(fit(v.t(T::AlarmHint), cols), th.muted)];
        f.render_widget(Paragraph::new(lines).block(block), area);
        return;
    };
    let d = &pane.detail;
    let a = &d.row;
    let label_cols = if zh { 9 } else { 14 };
    let field = |t: T, value: String| {
        Line::from(vec![
            Span::styled(pad(v.t(t), label_cols), th.muted),
            Span::raw(fit(&value, cols.saturating_sub(label_cols))),
        ])
    };
    let now = crate::domain::time::stamp(v.now);
    let mut tags = vec![
        Span::styled(format!("[{}] ", a.level.tag(zh)), th.risk(a.level)),
        Span::styled(format!("{} ", v.t(status_label(a.status))), th.text),
    ];
    if a.expired(&now) {
        tags.push(Span::styled(format!("[{}] ", v.t(T::ExpiredTag)), th.warn));
    }
    if v.s.is_silenced(a) {
        tags.push(Span::styled(format!("[{}] ", v.t(T::SilencedTag)), th.warn));
    }
    if a.msg_status != "Actual" {
        tags.push(Span::styled(format!("[{} {}] ", v.t(T::NonActual), clean(&a.msg_status)), th.warn));
    }
    tags.push(Span::styled(format!("#{}", a.id), th.muted));
    let mut lines = vec![Line::from(tags), Line::styled(fit(&clean(&a.headline), cols), th.highlight)];
    lines.push(field(T::FieldEvent, clean(&a.event)));
    if let Some(u) = &a.unit_name {
        lines.push(field(T::FieldUnit, format!("{} {}", clean(u), a.unit_uscc.clone().unwrap_or_default())));
    }
    if !a.area.is_empty() {
        lines.push(field(T::FieldArea, clean(&a.area)));
    }
    if !d.communities.is_empty() && d.communities.join("、") != a.area {
        lines.push(field(T::FieldCommunities, clean(&d.communities.join("、"))));
    }
    if d.units_in_area > 0 {
        lines.push(Line::styled(fit(&T::UnitsInArea.fill(v.lang, &[("n", &d.units_in_area)]), cols), th.muted));
    }
    let sender = if d.sender == a.feed { clean(&a.feed) } else { format!("{} ({})", clean(&d.sender), clean(&a.feed)) };
    lines.push(field(T::FieldSender, sender));
    lines.push(field(T::FieldSent, short_time(&a.sent)));
    if let Some(e) = &a.expires {
        lines.push(field(T::FieldExpires, short_time(e)));
    }
    if a.count > 1 {
        lines.push(field(T::FieldCount, format!("{} ({})", a.count, short_time(&d.last_seen))));
    }
    if let Some(o) = &a.officer {
        lines.push(field(T::FieldDispatchedTo, clean(o)));
    }
    if let Some(h) = a.hazard_id {
        lines.push(field(T::FieldHazards, format!("#{h}")));
    }
    if !d.description.is_empty() && d.description != a.headline {
        lines.push(Line::styled(fit(&clean(&d.description), cols), th.text));
    }
    if !d.instruction.is_empty() {
        lines.push(field(T::FieldInstruction, clean(&d.instruction)));
    }
    if !d.chain.is_empty() {
        lines.push(Line::styled(v.t(T::ChainTitle), th.title));
        for link in &d.chain {
            let dir = v.t(if link.earlier { T::ChainEarlier } else { T::ChainLater });
            let text = match &link.alarm {
                Some((_, status, sent, headline)) => {
                    format!("{dir} {} {} {}", short_time(sent), v.t(status_label(*status)), clean(headline))
                }
                None => format!("{dir} {} {}", clean(&link.dedup_key), v.t(T::ChainMissing)),
            };
            lines.push(Line::styled(fit(&text, cols), th.muted));
        }
    }
    if !pane.steps.is_empty() {
        lines.push(Line::styled(v.t(T::StepsTitle), th.title));
        for step in &pane.steps {
            lines.push(Line::styled(fit(&step_line(&v.env, step), cols), th.text));
        }
    }
    if let Some(c) = &d.closed_at {
        lines.push(Line::styled(fit(&format!("{} {}", short_time(c), close_note(v, &d.close_note)), cols), th.ok));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(fit(v.t(T::AlarmHint), cols), th.muted));
    f.render_widget(Paragraph::new(lines).block(block), area);
}

/// The sync's own closing notes, in the operator's language; an officer's note as written.
fn close_note(v: &Look<'_, AlarmsScreen>, note: &str) -> String {
    close_note_text(&v.env, note)
}

pub(super) fn close_note_text(env: &Env<'_>, note: &str) -> String {
    match note {
        "cancelled by the sender" => env.t(T::ClosedCancelled).to_string(),
        "replaced by an update" => env.t(T::ClosedReplaced).to_string(),
        other => clean(other),
    }
}

fn draw_silences(f: &mut Frame<'_>, v: &Look<'_, AlarmsScreen>, area: Rect) {
    let th = &v.theme;
    let block = Block::bordered()
        .border_style(th.border)
        .title(Span::styled(format!(" {} ", v.t(T::SilencesTitle)), th.title));
    let cols = area.width.saturating_sub(3) as usize;
    let silences = &v.s.meta.silences;
    let mut lines = Vec::new();
    if silences.is_empty() {
        lines.push(Line::styled(v.t(T::NoSilences), th.muted));
    }
    for (i, s) in silences.iter().enumerate() {
        let matcher = Line::styled(fit(&clean(&s.matcher), cols), th.text);
        lines.push(crate::tui::widgets::gutter_line(matcher, i == v.s.silence_cursor, th, cols + 1));
        let until = T::SilenceUntil.fill(
            v.lang,
            &[("t", &short_time(&s.ends_at)), ("who", &clean(&s.created_by)), ("why", &clean(&s.reason))],
        );
        lines.push(Line::styled(format!(" {}", fit(&until, cols)), th.muted));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(fit(v.t(T::SilenceHint), cols), th.muted));
    f.render_widget(Paragraph::new(lines).block(block), area);
}

impl Draw for AlarmsScreen {
    fn draw(&self, f: &mut Frame<'_>, area: Rect, env: &Env<'_>) {
        draw(f, &Look { s: self, env: *env }, area);
    }
}

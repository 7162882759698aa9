//! Tab bar, status bar and the "terminal too small" notice.

use crate::i18n::T;
use crate::tui::app::{App, Screen};
use crate::tui::widgets::text::{clean, fit, width};
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub fn tabs(f: &mut Frame<'_>, app: &App, area: Rect) {
    let th = &app.theme;
    let title = format!(" {} ", app.t(T::AppTitle));
    let tabs_width: usize = Screen::ALL.iter().map(|s| width(s.title(app.lang)) + 5).sum();
    // On a narrow terminal the screens' names matter more than the program's.
    let mut spans = if width(&title) + tabs_width <= area.width as usize {
        vec![Span::styled(title, th.title)]
    } else {
        Vec::new()
    };
    // With alarms waiting on a narrow terminal, the other screens show by number only, so the
    // banner keeps its count and the newest headline.
    let compact = !app.attention.is_empty() && tabs_width + 40 > area.width as usize;
    for s in Screen::ALL {
        let label = if compact && *s != app.screen {
            format!("{}", s.number())
        } else {
            format!(" {} {} ", s.number(), s.title(app.lang))
        };
        let style = if *s == app.screen { th.tab_active } else { th.muted };
        spans.push(Span::raw(" "));
        spans.push(Span::styled(label, style));
    }
    if let Some(first) = app.attention.first() {
        // Unacknowledged red/orange alarms: a banner in whatever room the tabs leave.
        let used: usize = spans.iter().map(|s| width(&s.content)).sum();
        let room = (area.width as usize).saturating_sub(used + 1);
        let text = format!(
            " ! {}",
            T::BannerAttention.fill(app.lang, &[("n", &app.attention.len()), ("what", &clean(&first.headline))])
        );
        spans.push(Span::raw(" "));
        spans.push(Span::styled(fit(&text, room), th.error));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The serious-accident clock: a row of its own under the tabs on every screen, until reported.
pub fn accident_banner(f: &mut Frame<'_>, app: &App, area: Rect) {
    let Some(first) = app.screens.duty.accidents().first() else { return };
    let left = chrono::DateTime::parse_from_rfc3339(&first.at)
        .map(|at| crate::domain::duty::minutes_left(at, app.now))
        .unwrap_or(0);
    let what = if left > 0 {
        T::AccidentLeft.fill(app.lang, &[("what", &clean(&first.text)), ("n", &left)])
    } else {
        T::AccidentOver.fill(app.lang, &[("what", &clean(&first.text)), ("n", &-left)])
    };
    let text = format!(
        " ! {}",
        T::BannerAccident.fill(app.lang, &[("n", &app.screens.duty.accidents().len()), ("what", &what)])
    );
    // A bar across the screen, not a line of red text among others (reverse video without colour).
    let bar = app.theme.error.add_modifier(ratatui::style::Modifier::REVERSED | ratatui::style::Modifier::BOLD);
    let text = crate::tui::widgets::text::pad(&fit(&text, area.width as usize), area.width as usize);
    f.render_widget(Paragraph::new(Line::styled(text, bar)), area);
}

pub fn status_bar(f: &mut Frame<'_>, app: &App, area: Rect) {
    let th = &app.theme;
    let who = match &app.operator {
        Some(op) if app.lang.zh() => format!("{}：{}（{}）", app.t(T::Operator), clean(&op.name), op.role.name(true)),
        Some(op) => format!("{} ({})", clean(&op.name), op.role.name(false)),
        None => app.t(T::NotSignedIn).to_string(),
    };
    // Office, who is signed in and the time always show; the hint or message gets what is left.
    let right = format!(" {}  {who}  {} ", clean(&app.office), app.clock);
    let room = (area.width as usize).saturating_sub(width(&right));
    let left = match &app.status {
        // On the bar's own background: an error as a red block with a mark, what was done in
        // the bar's bold text (green on the grey bar read at 2:1).
        Some(s) if s.error => Span::styled(
            fit(&format!(" ! {} ", s.text), room),
            th.error.add_modifier(ratatui::style::Modifier::REVERSED | ratatui::style::Modifier::BOLD),
        ),
        Some(s) => {
            Span::styled(fit(&format!(" {}", s.text), room), th.status_bar.add_modifier(ratatui::style::Modifier::BOLD))
        }
        None => Span::styled(fit(&format!(" {}", screen_keys(app)), room), th.status_bar),
    };
    let pad = room.saturating_sub(width(&left.content));
    let line = Line::from(vec![left, Span::styled(" ".repeat(pad), th.status_bar), Span::styled(right, th.status_bar)]);
    f.render_widget(Paragraph::new(line).style(th.status_bar), area);
}

pub fn too_small(f: &mut Frame<'_>, app: &App, area: Rect) {
    let text = format!("{} {}x{}", app.t(T::TooSmall), area.width, area.height);
    let p = Paragraph::new(text).style(app.theme.warn).alignment(Alignment::Center).wrap(Wrap { trim: true });
    let y = area.height / 2;
    f.render_widget(
        p,
        Rect { y: area.y + y.saturating_sub(1), height: area.height.saturating_sub(y.saturating_sub(1)), ..area },
    );
}

/// The current screen's own keys ("a 确认告警  d 派发给网格员 …"), then help: what the bottom
/// bar shows when there is nothing to say. A description is cut at its first colon or bracket.
fn screen_keys(app: &App) -> String {
    let here = app.screen.context();
    let mut mine: Vec<_> = crate::tui::action_table::all()
        .iter()
        .filter(|i| here != crate::tui::action::Context::Global && i.contexts.contains(&here))
        .filter(|i| app.role().can(i.need))
        .collect();
    // The screen's own work first, then work shared with other screens, then its filters.
    mine.sort_by_key(|i| (i.need == crate::domain::permission::Need::Read, i.contexts.len()));
    let mut parts: Vec<String> = mine
        .into_iter()
        .filter_map(|i| {
            let key = app.keymap.keys_for(i.action).first()?.clone();
            let what = i.action.describe(app.lang);
            let short = what.split(['：', ':', '（', '(', '，', ',', '/']).next().unwrap_or(what).trim();
            Some(format!("{key} {short}"))
        })
        .collect();
    parts.push(app.t(T::KeysHint).to_string());
    parts.join("  ")
}

//! The help overlay, generated from the action table and the live keymap.

use crate::i18n::T;
use crate::tui::action::Context;
use crate::tui::action_table::all;
use crate::tui::app::App;
use crate::tui::screens::Screen;
use crate::tui::widgets::centred;
use crate::tui::widgets::text::pad;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

pub fn lines(app: &App) -> Vec<Line<'static>> {
    let th = &app.theme;
    let mut out = Vec::new();
    // Everywhere, in lists, then each screen with keys of its own.
    let mut sections = vec![(Context::Global, app.t(T::HelpGlobal)), (Context::Navigation, app.t(T::HelpNavigation))];
    sections.extend(
        Screen::ALL.iter().filter(|s| s.context() != Context::Global).map(|s| (s.context(), s.heading(app.lang))),
    );
    for (ctx, heading) in sections {
        out.push(Line::styled(heading, th.accent));
        // Only what this operator may do: a viewer's help lists no duty actions.
        for info in all().iter().filter(|i| i.contexts.contains(&ctx) && app.role().can(i.need)) {
            let keys = app.keymap.keys_for(info.action).join(" ");
            out.push(Line::from(vec![
                Span::styled(pad(&format!("  {keys}"), 20), th.highlight),
                Span::raw(pad(info.action.describe(app.lang), 23) + " "),
                Span::styled(info.name, th.muted),
            ]));
        }
    }
    out
}

pub fn draw(f: &mut Frame<'_>, app: &App, scroll: usize, area: Rect) {
    let all = lines(app);
    let popup = centred(area, 74, (all.len() as u16 + 2).min(area.height.saturating_sub(2)));
    let title = format!(" {} ", app.t(T::HelpTitle));
    let block = Block::bordered()
        .border_style(app.theme.accent)
        .title(Span::styled(title, app.theme.title))
        .title_bottom(Span::styled(format!(" {} ", app.t(T::HelpFooter)), app.theme.muted));
    let visible = popup.height.saturating_sub(2) as usize;
    let scroll = scroll.min(all.len().saturating_sub(visible));
    f.render_widget(Clear, popup);
    f.render_widget(Paragraph::new(all).block(block).scroll((scroll as u16, 0)), popup);
}

#[cfg(test)]
mod tests {
    use crate::tui::action_table::all;

    #[test]
    fn every_action_is_in_the_help() {
        let admin =
            crate::store::operators::Operator { id: 1, name: "a".into(), role: crate::domain::OperatorRole::Admin };
        let app =
            crate::tui::build_app(&crate::config::Config::default(), crate::i18n::Lang::En, Some(admin), (120, 40))
                .expect("app");
        let text: String = super::lines(&app).iter().map(|l| l.to_string()).collect::<Vec<_>>().join("\n");
        for info in all() {
            assert!(text.contains(info.name), "{} is missing from the help", info.name);
        }
    }
}

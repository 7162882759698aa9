//! Alarms that need attention, on every screen: the banner, and the notifications (with
//! escalation) the run loop delivers. The app's own, not a screen's: an officer on the Duty screen
//! hears a red alarm as well as one on the Alarms screen.

use super::app::App;
use super::notify::Effect;
use crate::i18n::T;
use crate::store::alarm_queue::AlarmRow;

impl App {
    /// The attention list arrived: show the banner, and notify about alarms this terminal has not
    /// told its officer about yet, or not for `escalate_minutes`.
    pub(super) fn attend(&mut self, rows: Vec<AlarmRow>) {
        let now = self.now;
        let due: Vec<&AlarmRow> = rows
            .iter()
            .filter(|r| {
                self.notified.get(&r.id).is_none_or(|at| (now - *at).num_minutes() >= self.escalate_minutes.max(1))
            })
            .collect();
        if let Some(first) = due.first() {
            let again = self.notified.contains_key(&first.id);
            let title = format!(
                "{}{} {}",
                if again { "⟳ " } else { "" },
                first.level.tag(self.lang.zh()),
                crate::tui::widgets::text::clean(&first.headline)
            );
            let body = if due.len() > 1 {
                T::BannerAttention.fill(self.lang, &[("n", &due.len()), ("what", &first.event)])
            } else {
                first.unit_name.clone().unwrap_or_else(|| first.area.clone())
            };
            self.effects.push(Effect::Notify {
                title: crate::tui::widgets::text::clean(&title),
                body: crate::tui::widgets::text::clean(&body),
            });
            for r in &due {
                self.notified.insert(r.id, now);
            }
        }
        // Alarms no longer needing attention are forgotten, so a re-trigger notifies again.
        self.notified.retain(|id, _| rows.iter().any(|r| r.id == *id));
        self.attention = rows;
    }
}

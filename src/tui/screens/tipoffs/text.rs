//! The whole of the tip-off the detail pane shows, for the full view: its text and its timeline.
//! The reporter is not in it (only the detail pane shows a revealed identity, while it lasts).

use super::msg::TipoffPane;
use crate::domain::tipoff::Channel;
use crate::i18n::T;
use crate::tui::env::Env;
use crate::tui::widgets::text::clean;

pub fn full(env: &Env<'_>, p: &TipoffPane) -> (String, String) {
    let zh = env.zh();
    let t = &p.row;
    let title = format!("#{} {}", t.id, t.status.name(zh));
    let channel = Channel::parse(&t.channel).map(|c| c.name(zh).to_string()).unwrap_or_else(|| clean(&t.channel));
    let mut out = vec![clean(&t.description), String::new()];
    out.push(env.labelled(T::FieldChannel, &channel));
    out.push(env.labelled(T::FieldReceived, &t.received_at.get(..16).unwrap_or(&t.received_at).replace('T', " ")));
    if let Some(u) = &t.unit_name {
        out.push(env.labelled(T::FieldUnit, &format!("{} {}", clean(u), t.unit_uscc.clone().unwrap_or_default())));
    }
    if !t.location.is_empty() {
        out.push(env.labelled(T::FieldLocation, &clean(&t.location)));
    }
    if !t.category.is_empty() {
        out.push(env.labelled(T::FieldCategory, &clean(&t.category)));
    }
    // Whether an identity is on record, never the identity (the full view is not audited).
    out.push(env.labelled(T::FieldReporter, env.t(if p.reporter { T::ReporterRegistered } else { T::Anonymous })));
    if let Some(due) = &t.verify_due {
        let ext = if t.extension_days > 0 {
            format!(" ({})", T::Extended.fill(env.lang, &[("n", &t.extension_days)]))
        } else {
            String::new()
        };
        out.push(env.labelled(T::FieldVerifyDue, &format!("{due}{ext}")));
    }
    if let Some(due) = &t.reply_due {
        out.push(env.labelled(T::FieldReplyDue, due));
    }
    if !t.transferred_to.is_empty() {
        out.push(env.labelled(T::FieldTransferredTo, &clean(&t.transferred_to)));
    }
    if let Some(fine) = t.fine {
        out.push(env.labelled(T::FieldFine, &format!("{fine:.0}")));
    }
    if let Some(r) = t.reward {
        out.push(env.labelled(T::FieldReward, &format!("{r:.0}")));
    }
    if let Some(h) = t.hazard_id {
        out.push(env.labelled(T::FieldHazards, &format!("#{h}")));
    }
    if !t.reply_text.is_empty() {
        out.push(env.labelled(T::FieldReplyText, &clean(&t.reply_text)));
    }
    if !p.events.is_empty() {
        out.push(String::new());
        out.push(env.t(T::TimelineTitle).to_string());
        for (at, who, kind, text) in &p.events {
            let what = super::view::event(env, kind, text);
            out.push(format!("{} {} {}", at.get(5..16).unwrap_or(at).replace('T', " "), clean(who), what.trim_end()));
        }
    }
    (title, out.join("\n"))
}

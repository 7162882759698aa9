//! The whole of the alarm the detail pane shows, for the full view: the upstream's description
//! and instruction uncut, and what was done with it.

use super::msg::AlarmPane;
use crate::i18n::T;
use crate::tui::env::Env;
use crate::tui::widgets::text::clean;

pub fn full(env: &Env<'_>, pane: &AlarmPane) -> (String, String) {
    let zh = env.zh();
    let a = &pane.detail.row;
    let d = &pane.detail;
    let title = format!("#{} {}", a.id, clean(&a.headline));
    // The headline is the pop-up's title; the body starts with the level and status.
    let mut out = vec![format!("[{}] {}", a.level.tag(zh), env.t(super::view::status_label(a.status)))];
    out.push(env.labelled(T::FieldEvent, &clean(&a.event)));
    if let Some(u) = &a.unit_name {
        out.push(env.labelled(T::FieldUnit, &format!("{} {}", clean(u), a.unit_uscc.clone().unwrap_or_default())));
    }
    if !a.area.is_empty() {
        out.push(env.labelled(T::FieldArea, &clean(&a.area)));
    }
    if !d.communities.is_empty() {
        out.push(env.labelled(T::FieldCommunities, &clean(&d.communities.join("、"))));
    }
    out.push(env.labelled(T::FieldSender, &clean(&d.sender)));
    let minute = |t: &str| t.get(..16).unwrap_or(t).replace('T', " ");
    out.push(env.labelled(T::FieldSent, &minute(&a.sent)));
    if let Some(e) = &a.expires {
        out.push(env.labelled(T::FieldExpires, &minute(e)));
    }
    if !d.description.is_empty() {
        out.push(String::new());
        out.push(clean(&d.description));
    }
    if !d.instruction.is_empty() {
        out.push(String::new());
        out.push(env.labelled(T::FieldInstruction, &clean(&d.instruction)));
    }
    if !pane.steps.is_empty() {
        out.push(String::new());
        out.push(env.t(T::StepsTitle).to_string());
        out.extend(pane.steps.iter().map(|s| super::view::step_line(env, s)));
    }
    (title, out.join("\n"))
}

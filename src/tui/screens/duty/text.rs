//! The whole of a duty log entry, for the full view (the list shows one line of it).

use crate::i18n::T;
use crate::store::duty::{Entry, Shift};
use crate::tui::env::Env;
use crate::tui::widgets::text::clean;

pub fn full(env: &Env<'_>, e: &Entry) -> (String, String) {
    let at = e.at.get(..16).unwrap_or(&e.at).replace('T', " ");
    let title = format!("{at} {}", e.kind.name(env.zh()));
    let mut out = vec![format!("{at} {}", clean(&e.operator)), String::new(), clean(&e.text)];
    if let Some(r) = &e.reported_at {
        out.push(String::new());
        out.push(format!("{} {}", env.t(T::AccidentReportedAt), r.get(..16).unwrap_or(r).replace('T', " ")));
    }
    (title, out.join("\n"))
}

/// The latest hand-overs, newest first: who handed over when, who took over, and the text.
pub fn handovers(env: &Env<'_>, shifts: &[Shift]) -> (String, String) {
    let stamp = |s: &str| s.get(..16).unwrap_or(s).replace('T', " ");
    let mut out = Vec::new();
    for s in shifts {
        let ended = s.ended_at.as_deref().map(stamp).unwrap_or_default();
        let taken = match &s.acknowledged_by {
            Some(by) => T::HandoverTakenBy.fill(env.lang, &[("who", &clean(by))]),
            None => env.t(T::HandoverNotTaken).to_string(),
        };
        out.push(format!("── {} {} → {ended}  {taken}", clean(&s.operator), stamp(&s.started_at)));
        out.push(clean(&s.handover));
        out.push(String::new());
    }
    if out.is_empty() {
        out.push(env.t(T::NoHandovers).to_string());
    }
    (env.t(T::PastHandovers).to_string(), out.join("\n"))
}

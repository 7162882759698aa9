//! The whole of a duty log entry, for the full view (the list shows one line of it).

use crate::store::duty::Entry;
use crate::tui::env::Env;
use crate::tui::widgets::text::clean;

pub fn full(env: &Env<'_>, e: &Entry) -> (String, String) {
    let at = e.at.get(..16).unwrap_or(&e.at).replace('T', " ");
    let title = format!("{at} {}", e.kind.name(env.zh()));
    let mut out = vec![format!("{at} {}", clean(&e.operator)), String::new(), clean(&e.text)];
    if let Some(r) = &e.reported_at {
        out.push(String::new());
        out.push(format!("{} {}", env.t(crate::i18n::T::AccidentReportedAt), r.get(..16).unwrap_or(r).replace('T', " ")));
    }
    (title, out.join("\n"))
}

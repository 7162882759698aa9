//! The whole of the hazard the detail pane shows, for the full view.

use crate::i18n::T;
use crate::store::hazards::{Hazard, Origin};
use crate::tui::env::Env;
use crate::tui::widgets::text::clean;

pub fn full(env: &Env<'_>, h: &Hazard) -> (String, String) {
    let zh = env.zh();
    let title = format!("#{} {}", h.id, clean(&h.unit_name));
    let mut tags = Vec::new();
    if h.major {
        tags.push(format!("[{}]", env.t(T::MajorTag)));
    }
    if h.supervised {
        tags.push(format!("[{}]", env.t(T::SupervisedTag)));
    }
    tags.push(h.status.name(zh).to_string());
    let mut out = vec![tags.join(" "), clean(&h.description), String::new()];
    out.push(env.labelled(T::FieldUnit, &clean(&h.unit_name)));
    if let (Some(c), Some(g)) = (&h.community, &h.grid) {
        out.push(env.labelled(T::FieldGrid, &format!("{c}/{g}")));
    }
    out.push(env.labelled(T::FieldDeadline, &h.deadline.to_string()));
    out.push(env.labelled(T::FieldSource, &source(env, h)));
    out.push(env.labelled(T::FieldFound, &format!("{} {}", h.found_on, clean(&h.found_by))));
    if !h.measures.is_empty() {
        out.push(env.labelled(T::FieldMeasures, &clean(&h.measures)));
    }
    if !h.responsible.is_empty() {
        out.push(env.labelled(T::FieldResponsible, &clean(&h.responsible)));
    }
    if let Some(o) = &h.officer {
        out.push(env.labelled(T::FieldFollowUp, &clean(o)));
    }
    if let Some((text, _)) = notice(env, h) {
        out.push(text);
    }
    if h.supervised && !h.supervising_level.is_empty() {
        out.push(T::SupervisedBy.fill(env.lang, &[("who", &clean(&h.supervising_level))]));
    }
    if let (Some(on), Some(by)) = (h.closed_on, &h.closed_by) {
        out.push(T::ClosedBy.fill(env.lang, &[("on", &on), ("who", &clean(by))]));
        if !h.closure_note.is_empty() {
            out.push(env.labelled(T::FieldClosureNote, &clean(&h.closure_note)));
        }
        if !h.rectification_evidence.is_empty() {
            out.push(env.labelled(T::FieldRectificationEvidence, &clean(&h.rectification_evidence)));
        }
    }
    (title, out.join("\n"))
}

/// Where the hazard came from, with the record it is linked to ("告警 #38"), so the link reads
/// both ways.
pub fn source(env: &Env<'_>, h: &Hazard) -> String {
    let zh = env.zh();
    match h.origin {
        Some(Origin::Alarm(id)) => format!("{} {} #{id}", h.source.name(zh), env.t(T::OriginAlarm)),
        Some(Origin::Tipoff(id)) => format!("{} {} #{id}", h.source.name(zh), env.t(T::OriginTipoff)),
        Some(Origin::Inspection(id)) => format!("{} {} #{id}", h.source.name(zh), env.t(T::OriginInspection)),
        None => h.source.name(zh).to_string(),
    }
}

/// How the message to the follow-up officer fares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Sent,
    Waiting,
    Retrying,
    Dead,
}

/// "已通知 王芳邮箱（11-30 09:31）", waiting, or the failure (retried, or not): what became of
/// the message that told the follow-up officer.
pub fn notice(env: &Env<'_>, h: &Hazard) -> Option<(String, Tone)> {
    let n = h.notice.as_ref()?;
    let who = clean(&n.receiver);
    let at = n.at.get(5..16).unwrap_or(&n.at).replace('T', " ");
    Some(match (n.status.as_str(), n.error.is_empty()) {
        ("sent", _) => (T::HazardNoticeAt.fill(env.lang, &[("who", &who), ("at", &at)]), Tone::Sent),
        ("pending", true) => (T::HazardNoticeWaiting.fill(env.lang, &[("who", &who)]), Tone::Waiting),
        (status, _) => {
            let (retry, tone) = if status == "pending" { (env.t(T::NoticeRetry), Tone::Retrying) } else { ("", Tone::Dead) };
            let why = clean(&n.error);
            (T::NoticeFailed.fill(env.lang, &[("who", &who), ("why", &why), ("retry", &retry)]), tone)
        }
    })
}

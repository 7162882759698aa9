//! `export deadlines --format ics`: the Deadlines list as an iCalendar file (RFC 5545) that a
//! phone's or a desktop's calendar subscribes to. Each item is a VEVENT at 09:00–09:30 Beijing
//! time on its due day (TZID Asia/Shanghai, defined in the file), with a reminder at the same hour
//! the day before. An item keeps its UID from one export to the next, so a calendar that reads the
//! file again updates or drops events instead of doubling them: a hazard, a tip-off or a manual
//! item by its record (an extended deadline moves the event), a recurring obligation by its unit
//! and due day (the next period is a new event once this one is done).

use crate::domain::deadline::{Deadline, DeadlineKind};
use chrono::{DateTime, NaiveDate, Utc};

/// RFC 5545 3.3.11: backslash, semicolon, comma and line breaks are escaped in a TEXT value; no
/// control character reaches a calendar (the texts come from sheets and upstream platforms).
fn text(s: &str) -> String {
    let clean = crate::domain::text::one_line(s, 400);
    let mut out = String::with_capacity(clean.len());
    for c in clean.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            c => out.push(c),
        }
    }
    out
}

/// RFC 5545 3.1: lines of at most 75 octets, longer ones folded with CRLF and a space, never in
/// the middle of a UTF-8 character.
fn push_line(out: &mut String, line: &str) {
    let mut room = 75;
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > room {
            out.push_str("\r\n ");
            used = 0;
            room = 74;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
}

/// The UID of an item: stable across exports (see the module's note), unique within the office.
pub fn uid(d: &Deadline, domain: &str) -> String {
    match d.kind {
        DeadlineKind::SelfInspection | DeadlineKind::Drill => {
            format!("{}-{}-{}@{domain}", d.kind.code(), d.reference, d.due.format("%Y%m%d"))
        }
        _ => format!("{}-{}@{domain}", d.kind.code(), d.reference.replace('/', "-")),
    }
}

fn day(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// The calendar of `items`, named `name`, its UIDs under `domain`, stamped `now`.
pub fn calendar(name: &str, domain: &str, now: DateTime<Utc>, items: &[Deadline], zh: bool) -> String {
    let mut out = String::with_capacity(400 * items.len() + 1024);
    let mut line = |s: &str| push_line(&mut out, s);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//anjian//anjian deadlines//ZH");
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    line(&format!("X-WR-CALNAME:{}", text(name)));
    line("X-WR-TIMEZONE:Asia/Shanghai");
    // China has kept UTC+8 without daylight saving since 1991: one standard period says it all.
    for l in [
        "BEGIN:VTIMEZONE",
        "TZID:Asia/Shanghai",
        "BEGIN:STANDARD",
        "DTSTART:19910915T000000",
        "TZOFFSETFROM:+0800",
        "TZOFFSETTO:+0800",
        "TZNAME:CST",
        "END:STANDARD",
        "END:VTIMEZONE",
    ] {
        line(l);
    }
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    let mut seen = std::collections::HashSet::new();
    for d in items {
        let uid = uid(d, domain);
        if !seen.insert(uid.clone()) {
            continue;
        }
        let kind = d.kind.name(zh);
        let summary = if zh { format!("{kind}：{}", d.title) } else { format!("{kind}: {}", d.title) };
        let mut description = if zh { format!("到期：{}", d.due) } else { format!("Due {}", d.due) };
        if let Some(u) = &d.unit_uscc {
            description.push_str(&if zh { format!("；单位代码 {u}") } else { format!("; unit {u}") });
        }
        line("BEGIN:VEVENT");
        line(&format!("UID:{uid}"));
        line(&format!("DTSTAMP:{stamp}"));
        line(&format!("DTSTART;TZID=Asia/Shanghai:{}T090000", day(d.due)));
        line(&format!("DTEND;TZID=Asia/Shanghai:{}T093000", day(d.due)));
        line(&format!("SUMMARY:{}", text(&summary)));
        line(&format!("DESCRIPTION:{}", text(&description)));
        line(&format!("CATEGORIES:{}", text(kind)));
        if d.severe {
            line("PRIORITY:1");
        }
        line("TRANSP:TRANSPARENT");
        line("BEGIN:VALARM");
        line("ACTION:DISPLAY");
        line(&format!("DESCRIPTION:{}", text(&summary)));
        line("TRIGGER:-P1D");
        line("END:VALARM");
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_between_characters_and_text_is_escaped() {
        let mut out = String::new();
        push_line(&mut out, &format!("SUMMARY:{}", "危".repeat(40)));
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        assert_eq!(out.replace("\r\n ", "").trim_end(), format!("SUMMARY:{}", "危".repeat(40)));
        assert_eq!(text("a;b,c\\d\ne\u{1b}[31m"), "a\\;b\\,c\\\\d e\u{fffd}[31m");
    }
}

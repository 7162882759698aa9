//! The Deadlines list as an export: the whole list or one officer's grids, paged through the merge,
//! as sheet rows (in `mod.rs`) or as a calendar (`ics.rs`).

use super::{ExportError, ExportOptions, ics};
use crate::i18n::Lang;
use crate::store::network;
use std::io::Write;

/// The deadline queries an export runs: the whole list, or one per grid of `--officer`'s (an item
/// is in one grid, so nothing comes twice).
fn queries(
    conn: &crate::store::Conn,
    opts: &ExportOptions,
    today: chrono::NaiveDate,
) -> Result<Vec<crate::store::deadlines::DeadlineQuery>, ExportError> {
    let q = crate::store::deadlines::DeadlineQuery {
        until: opts.within_days.map(|n| today + chrono::Duration::days(n)),
        ..crate::store::deadlines::DeadlineQuery::all(today)
    };
    Ok(match &opts.officer {
        None => vec![q],
        Some(name) => network::grids_of_officer_named(conn, name)?
            .ok_or_else(|| ExportError::NoSuchOfficer(name.clone()))?
            .into_iter()
            .map(|g| crate::store::deadlines::DeadlineQuery { grid: Some(g), ..q.clone() })
            .collect(),
    })
}

/// Every deadline the export covers, paged through the merge so that a district's obligations
/// never sit in memory at once (the calendar keeps what it needs).
pub(super) fn for_each(
    conn: &crate::store::Conn,
    opts: &ExportOptions,
    today: chrono::NaiveDate,
    f: &mut dyn FnMut(crate::domain::deadline::Deadline) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    let cal = opts.calendar.clone().unwrap_or_else(crate::domain::calendar::HolidayCalendar::built_in);
    for q in queries(conn, opts, today)? {
        let mut offset = 0;
        loop {
            let page = crate::store::deadlines::page(conn, &q, &cal, offset, 2000)?;
            if page.is_empty() {
                break;
            }
            offset += page.len();
            for d in page {
                f(d)?;
            }
        }
    }
    Ok(())
}

/// The deadlines as a calendar (`ics.rs`), named for the office (and the officer).
pub(super) fn ics(
    conn: &crate::store::Conn,
    lang: Lang,
    opts: &ExportOptions,
    today: chrono::NaiveDate,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    let mut items = Vec::new();
    for_each(conn, opts, today, &mut |d| {
        items.push(d);
        Ok(())
    })?;
    let office = network::office_identity(conn)?.name;
    let zh = lang.zh();
    let name = match (&opts.officer, zh) {
        (Some(o), true) => format!("{office} {o} 到期事项"),
        (Some(o), false) => format!("{office} {o}: deadlines"),
        (None, true) => format!("{office} 到期事项"),
        (None, false) => format!("{office}: deadlines"),
    };
    let region = network::office_region(conn)?;
    let domain = if region.is_empty() { "office.anjian".to_string() } else { format!("{region}.anjian") };
    out.write_all(ics::calendar(&name, &domain, chrono::Utc::now(), &items, zh).as_bytes())?;
    out.flush()?;
    Ok(())
}

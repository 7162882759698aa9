//! The quarterly report's figures, each one SQL query over the quarter's window (indexed ranges on
//! dates, never a walk over every alarm), with the definitions written next to them. The report
//! (`report::compile`) and the checklist's linked figures read them from here.

use super::Result;
use super::deadlines::due_expr;
use super::hazards;
use crate::domain::figures::{AlarmSection, HazardLine, HazardSection, InspectionSection, Share, TipoffSection};
use crate::domain::hazard::HazardSource;
use chrono::NaiveDate;
use rusqlite::{Connection, params};

/// The quarter's window and the date figures are taken at.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub as_of: NaiveDate,
}

impl Window {
    fn args(&self) -> [String; 3] {
        [self.from.to_string(), self.to.to_string(), self.as_of.to_string()]
    }

    /// Timestamps (RFC 3339, Beijing) inside the window: from the first day's start to the last's end.
    fn stamps(&self) -> (String, String) {
        (format!("{}T00:00:00", self.from), format!("{}T99", self.to))
    }
}

fn one(conn: &Connection, sql: &str, p: impl rusqlite::Params) -> Result<i64> {
    Ok(conn.prepare_cached(sql)?.query_row(p, |r| r.get(0))?)
}

fn share(conn: &Connection, sql: &str, p: impl rusqlite::Params) -> Result<Share> {
    Ok(conn.prepare_cached(sql)?.query_row(p, |r| {
        Ok(Share { part: r.get::<_, Option<i64>>(0)?.unwrap_or(0), whole: r.get::<_, Option<i64>>(1)?.unwrap_or(0) })
    })?)
}

const HAZARD_LINE: &str = "SELECT h.id, u.name, h.description, h.major, h.deadline, h.status, h.supervising_level
    FROM hazard h JOIN unit u ON u.id = h.unit_id";

fn hazard_lines(conn: &Connection, sql: &str, p: impl rusqlite::Params) -> Result<Vec<HazardLine>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt
        .query_map(p, |r| {
            Ok(HazardLine {
                id: r.get(0)?,
                unit: r.get(1)?,
                description: r.get(2)?,
                major: r.get(3)?,
                deadline: r.get(4)?,
                status: r.get(5)?,
                supervising_level: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The counts of a window without its lists: what a year's or a plan period's summary says (the
/// lists are the quarter's attachment; counting them again over a year cost most of a district
/// report's second).
pub fn hazard_counts(conn: &Connection, w: Window) -> Result<HazardSection> {
    let [from, to, _] = w.args();
    let rates = hazards::rates(conn, w.from, w.to, false, w.as_of)?;
    let by_source: Vec<(HazardSource, i64)> =
        hazards::rates_by_source(conn, w.from, w.to, w.as_of)?.into_iter().map(|(s, r)| (s, r.found as i64)).collect();
    let rectified = one(
        conn,
        "SELECT count(*) FROM hazard WHERE status = 'closed' AND closed_on BETWEEN ?1 AND ?2",
        params![from, to],
    )?;
    Ok(HazardSection {
        by_source,
        found: rates.found as i64,
        rectified,
        on_time: Share { part: rates.on_time as i64, whole: rates.due as i64 },
        supervised: Vec::new(),
        overdue: Vec::new(),
    })
}

pub fn hazards(conn: &Connection, w: Window) -> Result<HazardSection> {
    let [from, to, as_of] = w.args();
    let counts = hazard_counts(conn, w)?;
    // Every row of both lists: the report lists them all (the attachment is the office's record).
    // Supervised (挂牌督办): open at the as-of date, or closed within the quarter.
    let supervised = hazard_lines(
        conn,
        &format!(
            "{HAZARD_LINE} WHERE h.supervised = 1 AND h.found_on <= ?2
               AND (h.status <> 'closed' OR h.closed_on BETWEEN ?1 AND ?2 OR h.closed_on > ?3)
             ORDER BY h.major DESC, h.deadline, h.id"
        ),
        params![from, to, as_of],
    )?;
    // Overdue at the as-of date: past the deadline and not closed by then.
    let overdue = hazard_lines(
        conn,
        &format!(
            "{HAZARD_LINE} WHERE h.deadline < ?1 AND h.found_on <= ?1 AND (h.closed_on IS NULL OR h.closed_on > ?1)
             ORDER BY h.major DESC, h.deadline, h.id"
        ),
        params![as_of],
    )?;
    Ok(HazardSection { supervised, overdue, ..counts })
}

/// Actual alarms sent in a window (?1, ?2) and how many were acknowledged: read from the index
/// of migration 032, never the alarm rows (a test holds the plan).
pub const ALARMS_ACKNOWLEDGED: &str =
    "SELECT count(*), count(acked_at) FROM alarm WHERE sent BETWEEN ?1 AND ?2 AND msg_status = 'Actual'";

/// The minutes to acknowledge, in order, from an offset (?3, ?4 many), for the median: the same
/// index.
pub const MINUTES_TO_ACK: &str = "SELECT (julianday(acked_at) - julianday(sent)) * 1440.0 FROM alarm
         WHERE sent BETWEEN ?1 AND ?2 AND msg_status = 'Actual' AND acked_at IS NOT NULL ORDER BY 1 LIMIT ?4 OFFSET ?3";

/// Alarms received and acknowledged in a window, nothing else (a year's summary).
pub fn alarm_counts(conn: &Connection, w: Window) -> Result<AlarmSection> {
    let (start, end) = w.stamps();
    let (received, acknowledged) =
        conn.prepare_cached(ALARMS_ACKNOWLEDGED)?.query_row(params![start, end], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(AlarmSection { received, acknowledged, ..Default::default() })
}

pub fn major_open(conn: &Connection, as_of: NaiveDate) -> Result<i64> {
    one(
        conn,
        "SELECT count(*) FROM hazard WHERE major = 1 AND found_on <= ?1 AND (closed_on IS NULL OR closed_on > ?1)",
        [as_of.to_string()],
    )
}

pub fn tipoffs(conn: &Connection, w: Window) -> Result<TipoffSection> {
    let (start, end) = w.stamps();
    let [from, to, as_of] = w.args();
    let received = one(conn, "SELECT count(*) FROM tipoff WHERE received_at BETWEEN ?1 AND ?2", params![start, end])?;
    let accepted = one(conn, "SELECT count(*) FROM tipoff WHERE accepted_on BETWEEN ?1 AND ?2", params![from, to])?;
    let mut stmt = conn.prepare_cached(
        "SELECT channel, count(*) FROM tipoff WHERE received_at BETWEEN ?1 AND ?2 GROUP BY 1 ORDER BY 2 DESC, 1",
    )?;
    let by_channel =
        stmt.query_map(params![start, end], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    // Verified in the quarter; on time when by the verification limit (which includes an extension).
    let (verified, on_time, substantiated, rewards, reward_total, avg): (i64, i64, i64, i64, f64, Option<f64>) = conn
        .prepare_cached(
            "SELECT count(*), COALESCE(SUM(verified_on <= verify_due), 0), COALESCE(SUM(substantiated = 1), 0),
                    COALESCE(SUM(reward > 0), 0), COALESCE(SUM(reward), 0.0),
                    AVG(julianday(verified_on) - julianday(accepted_on))
             FROM tipoff WHERE verified_on BETWEEN ?1 AND ?2",
        )?
        .query_row(params![from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?;
    // A limit that passed in the quarter (before the day the figures are taken) with nothing done
    // counts in the rate's base: leaving a case alone must not raise the rate.
    let verify_overdue = one(
        conn,
        "SELECT count(*) FROM tipoff WHERE verified_on IS NULL AND verify_due >= ?1 AND verify_due < ?2",
        params![from, as_of],
    )?;
    let reply_overdue = one(
        conn,
        "SELECT count(*) FROM tipoff WHERE replied_on IS NULL AND reply_due >= ?1 AND reply_due < ?2",
        params![from, as_of],
    )?;
    let replied = share(
        conn,
        "SELECT SUM(replied_on <= reply_due), count(*) FROM tipoff WHERE replied_on BETWEEN ?1 AND ?2",
        params![from, to],
    )?;
    let transferred = one(
        conn,
        "SELECT count(*) FROM tipoff WHERE transferred_to <> '' AND accepted_on BETWEEN ?1 AND ?2",
        params![from, to],
    )?;
    Ok(TipoffSection {
        received,
        accepted,
        by_channel,
        verified,
        verified_on_time: Share { part: on_time, whole: verified + verify_overdue },
        verify_overdue,
        substantiated,
        replied_on_time: Share { part: replied.part, whole: replied.whole + reply_overdue },
        reply_overdue,
        transferred,
        rewards,
        reward_total,
        avg_days_to_verify: avg,
    })
}

pub fn alarms(conn: &Connection, w: Window) -> Result<AlarmSection> {
    let (start, end) = w.stamps();
    // Only actual alarms count (exercises and tests are stored but not worked).
    let base = "FROM alarm WHERE sent BETWEEN ?1 AND ?2 AND msg_status = 'Actual'";
    // One pass over the quarter's alarms for every count; only the median needs a second, sorted one.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT level, feed, status = 'false_alarm', status IN ('resolved', 'false_alarm'), acked_at IS NOT NULL,
                count(*) {base} GROUP BY 1, 2, 3, 4, 5"
    ))?;
    let groups: Vec<(String, String, bool, bool, bool, i64)> = stmt
        .query_map(params![start, end], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut levels: std::collections::BTreeMap<String, i64> = Default::default();
    let mut feeds: std::collections::BTreeMap<String, i64> = Default::default();
    let (mut received, mut acknowledged, mut false_alarms) = (0, 0, Share::default());
    for (level, feed, false_alarm, closed, acked, n) in groups {
        received += n;
        // Stored as risk codes (major …) or colours: counted by colour.
        let colour = crate::domain::RiskLevel::parse(&level).map(|l| l.colour().to_string()).unwrap_or(level);
        *levels.entry(colour).or_default() += n;
        *feeds.entry(feed).or_default() += n;
        acknowledged += if acked { n } else { 0 };
        false_alarms.part += if false_alarm { n } else { 0 };
        false_alarms.whole += if closed { n } else { 0 };
    }
    let mut by_level: Vec<(String, i64)> = levels.into_iter().collect();
    let rank = |l: &str| ["red", "orange", "yellow", "blue"].iter().position(|x| *x == l).unwrap_or(4);
    by_level.sort_by_key(|(l, _)| rank(l));
    let by_feed: Vec<(String, i64)> = feeds.into_iter().collect();
    let median = median_minutes_to_ack(conn, &start, &end, acknowledged)?;
    Ok(AlarmSection { received, by_level, by_feed, acknowledged, median_minutes_to_ack: median, false_alarms })
}

/// The middle of the minutes from sending to acknowledging among `acknowledged` alarms of a window
/// (the mean of the two middle ones for an even count).
fn median_minutes_to_ack(conn: &Connection, start: &str, end: &str, acknowledged: i64) -> Result<Option<f64>> {
    if acknowledged == 0 {
        return Ok(None);
    }
    let mut stmt = conn.prepare_cached(MINUTES_TO_ACK)?;
    let (offset, take) = if acknowledged % 2 == 1 { (acknowledged / 2, 1) } else { (acknowledged / 2 - 1, 2) };
    let vals: Vec<f64> =
        stmt.query_map(params![start, end, offset, take], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok((!vals.is_empty()).then(|| vals.iter().sum::<f64>() / vals.len() as f64))
}

/// Alarms received and acknowledged in a window and the median time to acknowledge: what the
/// Checklist's figure shows, without the report's breakdowns.
pub fn alarm_acknowledgement(conn: &Connection, w: Window) -> Result<AlarmSection> {
    let (start, end) = w.stamps();
    let counts = alarm_counts(conn, w)?;
    let median = median_minutes_to_ack(conn, &start, &end, counts.acknowledged)?;
    Ok(AlarmSection { median_minutes_to_ack: median, ..counts })
}

const HIGH_HAZARD: &str =
    "('hazardous_chemicals','non_coal_mine','fireworks','metallurgy','gas','construction','transport')";

/// The report's inspections, with the high-hazard units' monthly share.
pub fn inspections(conn: &Connection, w: Window) -> Result<InspectionSection> {
    let [from, to, _] = w.args();
    let high = share(
        conn,
        &format!(
            "SELECT SUM((SELECT count(*) FROM inspection i WHERE i.unit_id = u.id AND i.kind = 'self_inspection'
                         AND i.done_on BETWEEN ?1 AND ?2) >= 3), count(*)
             FROM unit u WHERE u.sector IN {HIGH_HAZARD}"
        ),
        params![from, to],
    )?;
    Ok(InspectionSection { high_hazard_monthly: high, ..inspection_counts(conn, w)? })
}

/// What the Checklist's figures read of the inspections (the report adds the high-hazard share).
pub fn inspection_counts(conn: &Connection, w: Window) -> Result<InspectionSection> {
    let [from, to, as_of] = w.args();
    let units = one(conn, "SELECT count(*) FROM unit", [])?;
    let self_inspections = one(
        conn,
        "SELECT count(*) FROM inspection WHERE kind = 'self_inspection' AND done_on BETWEEN ?1 AND ?2",
        params![from, to],
    )?;
    let inspected = one(
        conn,
        "SELECT count(DISTINCT unit_id) FROM inspection WHERE kind = 'self_inspection' AND done_on BETWEEN ?1 AND ?2",
        params![from, to],
    )?;
    let drills = one(
        conn,
        "SELECT count(*) FROM inspection WHERE kind = 'drill' AND done_on BETWEEN ?1 AND ?2",
        params![from, to],
    )?;
    let drill_due = due_expr(crate::domain::deadline::DeadlineKind::Drill);
    let drilled = one(conn, &format!("SELECT count(*) FROM unit u WHERE {drill_due} >= ?1"), [as_of])?;
    let in_grid = one(conn, "SELECT count(*) FROM unit WHERE grid_id IS NOT NULL", [])?;
    Ok(InspectionSection {
        self_inspections,
        units_self_inspected: Share { part: inspected, whole: units },
        high_hazard_monthly: Share::default(),
        drills,
        units_drilled: Share { part: drilled, whole: units },
        grid_coverage: Share { part: in_grid, whole: units },
    })
}

/// The office's size: units and grids.
pub fn network_size(conn: &Connection) -> Result<(i64, i64)> {
    Ok(conn.query_row("SELECT (SELECT count(*) FROM unit), (SELECT count(*) FROM grid)", [], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?)
}

/// Plan items with a dated milestone between `from` and `to`: (plan, "task.number title", due).
pub fn milestones(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<(String, String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.name, m.task || '.' || m.number || ' ' || m.title, k.due
         FROM plan_milestone k JOIN plan_measure m ON m.id = k.measure_id JOIN plan p ON p.id = m.plan_id
         WHERE k.due BETWEEN ?1 AND ?2 AND m.kind = 'measure' AND m.level = '' ORDER BY k.due, p.id, m.seq",
    )?;
    let rows = stmt
        .query_map(params![from.to_string(), to.to_string()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

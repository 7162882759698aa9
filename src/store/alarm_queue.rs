//! The duty queue as the Alarms screen reads it: pages newest first, groups by area and event,
//! the detail with its references chain, the Overview's counts, and what needs notifying.

use super::Result;
use super::keyset::{self, Dir, Filter, Order, Page, PageQuery, Seek};
use super::text_search;
use crate::domain::RiskLevel;
use crate::domain::alarm::AlarmStatus;
use crate::domain::silence::{Facts, Matcher};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusSet {
    #[default]
    Open,
    Closed,
    All,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct AlarmFilter {
    pub status: StatusSet,
    pub level: Option<RiskLevel>,
    pub feed: Option<String>,
    pub community: Option<i64>,
    pub grid: Option<i64>,
    /// One group (area, event) opened from the grouped view.
    pub group: Option<(String, String)>,
    /// The `/` search: headline, event or area, or the unit's name, address or code.
    pub text: String,
    /// Just this alarm (a jump from the hazard it opened).
    pub only: Option<i64>,
}

/// How a search is found: gathered through the indexes first, or tested on each row as the list
/// walks its order (a query matching a quarter of all alarms finds its first page in a few
/// hundred rows; see `text_search::common`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Found {
    Gathered,
    Walked,
}

impl AlarmFilter {
    fn clause(&self) -> (String, Vec<Value>) {
        self.clause_found(Found::Gathered)
    }

    fn clause_found(&self, found: Found) -> (String, Vec<Value>) {
        let mut conds: Vec<&str> = Vec::new();
        let mut args: Vec<Value> = Vec::new();
        match self.status {
            StatusSet::Open => conds.push("a.status IN ('new', 'acknowledged', 'dispatched')"),
            StatusSet::Closed => conds.push("a.status NOT IN ('new', 'acknowledged', 'dispatched')"),
            StatusSet::All => {}
        }
        if let Some(id) = self.only {
            conds.push("a.id = ?");
            args.push(Value::Integer(id));
        }
        if let Some(l) = self.level {
            conds.push("a.level = ?");
            args.push(Value::Text(l.code().into()));
        }
        if let Some(f) = &self.feed {
            conds.push("a.feed = ?");
            args.push(Value::Text(f.clone()));
        }
        if let Some(g) = self.grid {
            // A warning for the grid's whole community covers the grid too.
            conds.push(
                "EXISTS (SELECT 1 FROM alarm_area x WHERE x.alarm_id = a.id AND (x.grid_id = ?
                    OR (x.grid_id IS NULL AND x.community_id = (SELECT community_id FROM grid WHERE id = ?))))",
            );
            args.push(Value::Integer(g));
            args.push(Value::Integer(g));
        }
        if let Some(c) = self.community {
            conds.push("EXISTS (SELECT 1 FROM alarm_area x WHERE x.alarm_id = a.id AND x.community_id = ?)");
            args.push(Value::Integer(c));
        }
        if let Some((area, event)) = &self.group {
            conds.push("a.area = ? AND a.event = ?");
            args.push(Value::Text(area.clone()));
            args.push(Value::Text(event.clone()));
        }
        let text;
        if !self.text.trim().is_empty() {
            text = match found {
                Found::Gathered => {
                    text_search::own_or_unit(&text_search::ALARMS, "a.id", "a.unit_id", &self.text, &mut args)
                }
                Found::Walked => {
                    text_search::row_own_or_unit(&text_search::ALARMS, "a", "a.unit_id", &self.text, &mut args)
                }
            };
            conds.push(&text);
        }
        let clause = if conds.is_empty() { String::new() } else { format!("WHERE {}", conds.join(" AND ")) };
        (clause, args)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct AlarmRow {
    pub id: i64,
    pub version: i64,
    pub dedup_key: String,
    pub feed: String,
    pub source: String,
    pub msg_status: String,
    pub level: RiskLevel,
    pub status: AlarmStatus,
    pub headline: String,
    pub event: String,
    pub area: String,
    pub sent: String,
    pub expires: Option<String>,
    pub unit_id: Option<i64>,
    pub unit_name: Option<String>,
    pub unit_uscc: Option<String>,
    pub count: i64,
    pub officer: Option<String>,
    pub hazard_id: Option<i64>,
}

impl AlarmRow {
    /// Past its `expires` (CAP); shown, never deleted.
    pub fn expired(&self, now: &str) -> bool {
        self.expires.as_deref().is_some_and(|e| e < now)
    }

    pub fn facts(&self) -> Facts<'_> {
        Facts {
            level: self.level,
            feed: &self.feed,
            unit_uscc: self.unit_uscc.as_deref(),
            event: &self.event,
            area: &self.area,
        }
    }
}

const COLUMNS: &str = "a.id, a.version, a.dedup_key, a.feed, a.source, a.msg_status, a.level, a.status, a.headline,
    a.event, a.area, a.sent, a.expires, a.unit_id, u.name, u.uscc, a.count, o.name, a.hazard_id";
const JOINS: &str = "FROM alarm a LEFT JOIN unit u ON u.id = a.unit_id LEFT JOIN officer o ON o.id = a.officer_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<AlarmRow> {
    let level: String = r.get(6)?;
    let status: String = r.get(7)?;
    Ok(AlarmRow {
        id: r.get(0)?,
        version: r.get(1)?,
        dedup_key: r.get(2)?,
        feed: r.get(3)?,
        source: r.get(4)?,
        msg_status: r.get(5)?,
        level: RiskLevel::parse(&level).unwrap_or(RiskLevel::Low),
        status: AlarmStatus::parse(&status).unwrap_or(AlarmStatus::New),
        headline: r.get(8)?,
        event: r.get(9)?,
        area: r.get(10)?,
        sent: r.get(11)?,
        expires: r.get(12)?,
        unit_id: r.get(13)?,
        unit_name: r.get(14)?,
        unit_uscc: r.get(15)?,
        count: r.get(16)?,
        officer: r.get(17)?,
        hazard_id: r.get(18)?,
    })
}

/// How many alarms the filter shows. Status, level and feed alone are read from the counts kept
/// with every write (`alarm_tally`, migration 026): a few rows summed instead of a million
/// counted. A grid, a group, a search or one alarm are counted.
pub fn count(conn: &Connection, f: &AlarmFilter) -> Result<i64> {
    let kept =
        f.community.is_none() && f.grid.is_none() && f.group.is_none() && f.only.is_none() && f.text.trim().is_empty();
    let (clause, args) = f.clause();
    // Kept, the clause names only status, level and feed: the tally's own columns.
    let from = if kept { "SELECT COALESCE(SUM(n), 0) FROM alarm_tally a" } else { "SELECT COUNT(*) FROM alarm a" };
    Ok(conn.prepare_cached(&format!("{from} {clause}"))?.query_row(params_from_iter(args), |r| r.get(0))?)
}

/// Newest first (the `alarm_sent` index walked backwards).
pub const ORDER: Order = Order(&[("a.sent", Dir::Desc), ("a.id", Dir::Desc)]);

/// Groups newest first; ties by area and event, which are the group.
pub const GROUP_ORDER: Order = Order(&[("MAX(a.sent)", Dir::Desc), ("a.area", Dir::Asc), ("a.event", Dir::Asc)]);

pub fn page(conn: &Connection, f: &AlarmFilter, seek: &Seek, limit: i64) -> Result<Page<AlarmRow>> {
    let common = !f.text.trim().is_empty() && text_search::common(conn, &text_search::ALARMS, &f.text)?;
    let (clause, args) = f.clause_found(if common { Found::Walked } else { Found::Gathered });
    let select = format!("SELECT {COLUMNS}");
    let query = PageQuery { select: &select, from: JOINS, clause, args, group: "", filter: Filter::Where };
    Ok(keyset::fetch(conn, query, &ORDER, seek, limit, from_row)?)
}

pub fn get(conn: &Connection, id: i64) -> Result<Option<AlarmRow>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} {JOINS} WHERE a.id = ?1"))?
        .query_row([id], from_row)
        .optional()?)
}

/// Alarms that share an area and an event, as one line of the grouped view.
#[derive(Debug, Clone, PartialEq)]
pub struct AlarmGroup {
    pub area: String,
    pub event: String,
    pub count: i64,
    pub open: i64,
    /// The most severe level in the group.
    pub level: RiskLevel,
    pub newest: String,
}

pub fn groups(conn: &Connection, f: &AlarmFilter, seek: &Seek, limit: i64) -> Result<Page<AlarmGroup>> {
    let (clause, args) = f.clause();
    // Levels sort major < significant < general < low by their codes' rank below.
    let select = "SELECT a.area, a.event, COUNT(*), SUM(a.status IN ('new', 'acknowledged', 'dispatched')),
                MIN(CASE a.level WHEN 'major' THEN 0 WHEN 'significant' THEN 1 WHEN 'general' THEN 2 ELSE 3 END), MAX(a.sent)";
    let query = PageQuery {
        select,
        from: "FROM alarm a",
        clause,
        args,
        group: "GROUP BY a.area, a.event",
        filter: Filter::Having,
    };
    Ok(keyset::fetch(conn, query, &GROUP_ORDER, seek, limit, |r| {
        let rank: i64 = r.get(4)?;
        Ok(AlarmGroup {
            area: r.get(0)?,
            event: r.get(1)?,
            count: r.get(2)?,
            open: r.get(3)?,
            level: RiskLevel::ALL.get(rank as usize).copied().unwrap_or(RiskLevel::Low),
            newest: r.get(5)?,
        })
    })?)
}

pub fn group_count(conn: &Connection, f: &AlarmFilter) -> Result<i64> {
    let (clause, args) = f.clause();
    Ok(conn
        .prepare_cached(&format!("SELECT COUNT(*) FROM (SELECT 1 FROM alarm a {clause} GROUP BY a.area, a.event)"))?
        .query_row(params_from_iter(args), |r| r.get(0))?)
}

/// A message this alarm replaced or that replaced it (CAP `references`).
#[derive(Debug, Clone, PartialEq)]
pub struct ChainLink {
    /// true: this alarm names it in its references; false: it names this alarm.
    pub earlier: bool,
    pub dedup_key: String,
    /// Absent when the referenced message never reached this office.
    pub alarm: Option<(i64, AlarmStatus, String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AlarmDetail {
    pub row: AlarmRow,
    pub description: String,
    pub instruction: String,
    pub sender: String,
    pub language: String,
    pub first_seen: String,
    pub last_seen: String,
    pub closed_at: Option<String>,
    pub close_note: String,
    pub units_in_area: i64,
    pub communities: Vec<String>,
    pub chain: Vec<ChainLink>,
}

pub fn detail(conn: &Connection, id: i64) -> Result<Option<AlarmDetail>> {
    let Some(row) = get(conn, id)? else { return Ok(None) };
    let (description, instruction, sender, language, first_seen, last_seen, closed_at, close_note, units_in_area, refs): (
        String,
        String,
        String,
        String,
        String,
        String,
        Option<String>,
        String,
        i64,
        String,
    ) = conn.query_row(
        "SELECT description, instruction, sender, language, first_seen, last_seen, closed_at, close_note, units_in_area, refs
         FROM alarm WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?)),
    )?;
    let communities = conn
        .prepare_cached(
            "SELECT DISTINCT c.name FROM alarm_area x JOIN community c ON c.id = x.community_id WHERE x.alarm_id = ?1 ORDER BY c.id",
        )?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let find = |key: &str| -> Result<Option<(i64, AlarmStatus, String, String)>> {
        Ok(conn
            .prepare_cached(
                "SELECT id, status, sent, headline FROM alarm WHERE dedup_key = ?1 ORDER BY id DESC LIMIT 1",
            )?
            .query_row([key], |r| {
                let s: String = r.get(1)?;
                Ok((r.get(0)?, AlarmStatus::parse(&s).unwrap_or(AlarmStatus::New), r.get(2)?, r.get(3)?))
            })
            .optional()?)
    };
    let mut chain = Vec::new();
    for key in refs.split_whitespace() {
        chain.push(ChainLink { earlier: true, dedup_key: key.to_string(), alarm: find(key)? });
    }
    // Later messages that name this one (only CAP messages reference others). `refs` is a
    // space-separated list of keys; the partial index `alarm_with_refs` of the table holds the rows
    // that have any. The outer `alarm` is what this connection may see (a station's view of it).
    let later: Vec<(i64, String, String, String, String)> = if row.source == "cap" {
        conn.prepare_cached(
            "SELECT id, dedup_key, status, sent, headline FROM alarm WHERE id IN (
                SELECT id FROM main.alarm INDEXED BY alarm_with_refs
                 WHERE refs <> '' AND (' ' || refs || ' ') LIKE '% ' || ?1 || ' %') ORDER BY sent",
        )?
        .query_map([&row.dedup_key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
        .collect::<rusqlite::Result<_>>()?
    } else {
        Vec::new()
    };
    for (lid, key, status, sent, headline) in later {
        let status = AlarmStatus::parse(&status).unwrap_or(AlarmStatus::New);
        chain.push(ChainLink { earlier: false, dedup_key: key, alarm: Some((lid, status, sent, headline)) });
    }
    Ok(Some(AlarmDetail {
        row,
        description,
        instruction,
        sender,
        language,
        first_seen,
        last_seen,
        closed_at,
        close_note,
        units_in_area,
        communities,
        chain,
    }))
}

/// Open alarms by level (red, orange, yellow, blue), for the Overview.
/// Open alarms by level (the Overview's), from the counts kept with every write.
pub fn open_by_level(conn: &Connection) -> Result<[i64; 4]> {
    let mut out = [0; 4];
    let mut stmt = conn.prepare_cached(
        "SELECT level, SUM(n) FROM alarm_tally WHERE status IN ('new', 'acknowledged', 'dispatched') GROUP BY level",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let level: String = r.get(0)?;
        if let Some(i) = RiskLevel::parse(&level).and_then(|l| RiskLevel::ALL.iter().position(|x| *x == l)) {
            out[i] = r.get(1)?;
        }
    }
    Ok(out)
}

#[derive(Debug, Clone, PartialEq)]
pub struct Silence {
    pub id: i64,
    pub version: i64,
    pub matcher: String,
    pub reason: String,
    pub ends_at: String,
    pub created_by: String,
}

/// Silences in force at `now`.
pub fn active_silences(conn: &Connection, now: &str) -> Result<Vec<Silence>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, version, matcher, reason, ends_at, created_by FROM silence
             WHERE removed_at IS NULL AND starts_at <= ?1 AND ends_at > ?1 ORDER BY ends_at",
        )?
        .query_map([now], |r| {
            Ok(Silence {
                id: r.get(0)?,
                version: r.get(1)?,
                matcher: r.get(2)?,
                reason: r.get(3)?,
                ends_at: r.get(4)?,
                created_by: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// Whether any of `silences` covers the alarm.
pub fn silenced(silences: &[Silence], row: &AlarmRow) -> bool {
    silences.iter().any(|s| Matcher::parse(&s.matcher).is_ok_and(|m| m.matches(&row.facts())))
}

/// Red and orange Actual alarms still new (not acknowledged), not expired and not silenced: what a
/// terminal should notify about (and again every N minutes until someone acknowledges).
pub fn needing_attention(conn: &Connection, now: &str, limit: i64) -> Result<Vec<AlarmRow>> {
    let silences = active_silences(conn, now)?;
    let rows: Vec<AlarmRow> = conn
        .prepare_cached(&format!(
            // The partial index of new alarms finds the few among many open (migration 012).
            "SELECT {COLUMNS} {JOINS} WHERE a.status = 'new'
               AND a.msg_status = 'Actual' AND a.level IN ('major', 'significant')
               AND (a.expires IS NULL OR a.expires > ?1) ORDER BY a.sent DESC, a.id DESC LIMIT ?2"
        ))?
        .query_map(params![now, limit], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows.into_iter().filter(|r| !silenced(&silences, r)).collect())
}

/// One alarm as the queue shows it.
pub fn row(conn: &Connection, id: i64) -> Result<Option<AlarmRow>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} {JOINS} WHERE a.id = ?1"))?
        .query_row([id], from_row)
        .optional()?)
}

/// Actual alarms still new, after alarm `after` in the order they were stored: what the router of
/// notifications has not looked at yet.
pub fn new_since(conn: &Connection, after: i64, limit: i64) -> Result<Vec<AlarmRow>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} {JOINS} WHERE a.id > ?1 AND a.msg_status = 'Actual' ORDER BY a.id LIMIT ?2"
        ))?
        .query_map(params![after, limit], from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// Feed names, for the feed filter.
pub fn feed_names(conn: &Connection) -> Result<Vec<String>> {
    Ok(conn
        .prepare_cached("SELECT name FROM feed ORDER BY name")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

//! The tip-off queue as lists, screens and exports read it: rows without the reporter, the
//! filters, the order by time left, the Overview's counts, the timeline, and the reporter masked.

use crate::domain::tipoff::{Channel, TipoffStatus};
use crate::store::keyset::{self, Dir, Filter, Order, Page, PageQuery, Seek};
use crate::store::{Result, StoreError};
use rusqlite::{Connection, OptionalExtension, Row};

/// A tip-off as lists and exports show it: never the reporter.
#[derive(Debug, Clone, PartialEq)]
pub struct TipoffRow {
    pub id: i64,
    pub version: i64,
    pub upstream_id: Option<String>,
    pub channel: String,
    pub status: TipoffStatus,
    pub received_at: String,
    pub description: String,
    pub location: String,
    pub unit_id: Option<i64>,
    pub unit_name: Option<String>,
    pub unit_uscc: Option<String>,
    pub anonymous: bool,
    pub has_reporter: bool,
    pub verify_due: Option<String>,
    pub reply_due: Option<String>,
    pub substantiated: Option<bool>,
    pub hazard_id: Option<i64>,
    pub upstream_status: String,
    pub fine: Option<f64>,
    pub reward: Option<f64>,
    pub category: String,
    pub transferred_to: String,
    pub reply_text: String,
    pub extension_days: i64,
    pub accepted_on: Option<String>,
    pub verified_on: Option<String>,
    pub grid_id: Option<i64>,
    pub community_id: Option<i64>,
    /// The platform feed it came from (none when taken in by hand).
    pub upstream_feed: Option<String>,
    /// When the platform last changed it (Beijing time).
    pub upstream_updated: Option<String>,
}

impl TipoffRow {
    /// The clock that runs now, if any: verification, then the reply.
    pub fn clock(&self) -> Option<&str> {
        match self.status {
            TipoffStatus::Accepted | TipoffStatus::Verifying => self.verify_due.as_deref(),
            TipoffStatus::Substantiated | TipoffStatus::Unsubstantiated => self.reply_due.as_deref(),
            _ => None,
        }
    }
}

const COLUMNS: &str = "t.id, t.version, t.upstream_id, t.channel, t.status, t.received_at, t.description, t.location,
    t.unit_id, u.name, u.uscc, t.anonymous, t.reporter_name IS NOT NULL OR t.reporter_phone IS NOT NULL,
    t.verify_due, t.reply_due, t.substantiated, t.hazard_id, t.upstream_status, t.fine, t.reward, t.category,
    t.transferred_to, t.reply_text, t.extension_days, t.accepted_on, t.verified_on, u.grid_id,
    (SELECT community_id FROM grid WHERE id = u.grid_id), t.upstream_feed, t.upstream_updated";

fn from_row(r: &Row<'_>) -> rusqlite::Result<TipoffRow> {
    let status: String = r.get(4)?;
    Ok(TipoffRow {
        id: r.get(0)?,
        version: r.get(1)?,
        upstream_id: r.get(2)?,
        channel: r.get(3)?,
        status: TipoffStatus::parse(&status).unwrap_or(TipoffStatus::Received),
        received_at: r.get(5)?,
        description: r.get(6)?,
        location: r.get(7)?,
        unit_id: r.get(8)?,
        unit_name: r.get(9)?,
        unit_uscc: r.get(10)?,
        anonymous: r.get(11)?,
        has_reporter: r.get(12)?,
        verify_due: r.get(13)?,
        reply_due: r.get(14)?,
        substantiated: r.get(15)?,
        hazard_id: r.get(16)?,
        upstream_status: r.get(17)?,
        fine: r.get(18)?,
        reward: r.get(19)?,
        category: r.get(20)?,
        transferred_to: r.get(21)?,
        reply_text: r.get(22)?,
        extension_days: r.get(23)?,
        accepted_on: r.get(24)?,
        verified_on: r.get(25)?,
        grid_id: r.get(26)?,
        community_id: r.get(27)?,
        upstream_feed: r.get(28)?,
        upstream_updated: r.get(29)?,
    })
}

pub fn get(conn: &Connection, id: i64) -> Result<Option<TipoffRow>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM tipoff t LEFT JOIN unit u ON u.id = t.unit_id WHERE t.id = ?1"
        ))?
        .query_row([id], from_row)
        .optional()?)
}

/// Every tip-off, newest first, one at a time (exports).
pub fn for_each<E: From<StoreError>>(
    conn: &Connection,
    mut f: impl FnMut(&TipoffRow) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let mut stmt = conn
        .prepare(&format!(
            "SELECT {COLUMNS} FROM tipoff t LEFT JOIN unit u ON u.id = t.unit_id ORDER BY t.received_at DESC, t.id DESC"
        ))
        .map_err(StoreError::from)?;
    let mut rows = stmt.query([]).map_err(StoreError::from)?;
    while let Some(r) = rows.next().map_err(StoreError::from)? {
        f(&from_row(r).map_err(StoreError::from)?)?;
    }
    Ok(())
}

/// The timeline of one tip-off: (at, operator, kind, text).
pub fn events(conn: &Connection, id: i64) -> Result<Vec<(String, String, String, String)>> {
    Ok(conn
        .prepare_cached("SELECT at, operator, kind, text FROM tipoff_event WHERE tipoff_id = ?1 ORDER BY id")?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Which tip-offs a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TipoffSet {
    /// Not closed.
    #[default]
    Open,
    /// A clock has run out (as of `today`).
    Overdue,
    Closed,
    All,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct TipoffFilter {
    pub set: TipoffSet,
    pub channel: Option<Channel>,
    pub grid: Option<i64>,
    pub community: Option<i64>,
    /// "Today" for the overdue set.
    pub today: String,
    /// The `/` search: description or place, or the unit (never the sealed reporter).
    pub text: String,
    /// Just this tip-off (a jump from the hazard it opened).
    pub only: Option<i64>,
}

/// The clock that runs now: verification, or the reply once verified; none otherwise. A macro so
/// that the list's [`ORDER`] can be built from it at compile time (migration 012 indexes the same
/// expressions).
macro_rules! clock {
    () => {
        "CASE WHEN t.status IN ('accepted', 'verifying') THEN t.verify_due WHEN t.status IN ('substantiated', 'unsubstantiated') THEN t.reply_due END"
    };
}
const CLOCK: &str = clock!();

impl TipoffFilter {
    fn clause(&self) -> (String, Vec<rusqlite::types::Value>) {
        use rusqlite::types::Value;
        let mut conds: Vec<String> = Vec::new();
        let mut args = Vec::new();
        match self.set {
            TipoffSet::Open => conds.push("t.status <> 'closed'".into()),
            TipoffSet::Closed => conds.push("t.status = 'closed'".into()),
            TipoffSet::Overdue => {
                conds.push(format!("({CLOCK}) < ?"));
                args.push(Value::Text(self.today.clone()));
            }
            TipoffSet::All => {}
        }
        if let Some(id) = self.only {
            conds.push("t.id = ?".into());
            args.push(Value::Integer(id));
        }
        if let Some(c) = self.channel {
            conds.push("t.channel = ?".into());
            args.push(Value::Text(c.code().into()));
        }
        if let Some(g) = self.grid {
            conds.push("u.grid_id = ?".into());
            args.push(Value::Integer(g));
        }
        if let Some(c) = self.community {
            conds.push("u.grid_id IN (SELECT id FROM grid WHERE community_id = ?)".into());
            args.push(Value::Integer(c));
        }
        if !self.text.trim().is_empty() {
            conds.push(crate::store::text_search::own_or_unit(
                &crate::store::text_search::TIPOFFS,
                "t.id",
                "t.unit_id",
                &self.text,
                &mut args,
            ));
        }
        let w = if conds.is_empty() { String::new() } else { format!("WHERE {}", conds.join(" AND ")) };
        (w, args)
    }
}

pub fn count(conn: &Connection, f: &TipoffFilter) -> Result<i64> {
    let (w, args) = f.clause();
    Ok(conn
        .prepare_cached(&format!(
            "SELECT COUNT(*) FROM tipoff t {} {w}",
            // The unit only matters to the count when the filter names its place.
            if f.grid.is_some() || f.community.is_some() { "LEFT JOIN unit u ON u.id = t.unit_id" } else { "" }
        ))?
        .query_row(rusqlite::params_from_iter(args), |r| r.get(0))?)
}

/// Least time left first (items without a running clock after them), then newest.
pub const ORDER: Order = Order(&[
    (concat!("((", clock!(), ") IS NULL)"), Dir::Asc),
    (concat!("COALESCE(", clock!(), ", '')"), Dir::Asc),
    ("t.received_at", Dir::Desc),
    ("t.id", Dir::Desc),
]);

/// One page, in [`ORDER`].
pub fn page(conn: &Connection, f: &TipoffFilter, seek: &Seek, limit: i64) -> Result<Page<TipoffRow>> {
    let (clause, args) = f.clause();
    let select = format!("SELECT {COLUMNS}");
    let from = "FROM tipoff t LEFT JOIN unit u ON u.id = t.unit_id";
    let query = PageQuery { select: &select, from, clause, args, group: "", filter: Filter::Where };
    Ok(keyset::fetch(conn, query, &ORDER, seek, limit, from_row)?)
}

pub fn counts(conn: &Connection, today: &str) -> Result<(i64, i64, i64)> {
    Ok(conn.query_row(
        &format!(
            "SELECT COALESCE(SUM(t.status = 'received'), 0), COALESCE(SUM(t.status <> 'closed'), 0),
                    COALESCE(SUM(({CLOCK}) < ?1), 0) FROM tipoff t"
        ),
        [today],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?)
}

/// Whether the reporter left a name or phone (sealed): a screen says only "registered" or
/// "anonymous". Nothing is opened for it: only a supervisor's audited reveal decrypts.
pub fn reporter_registered(conn: &Connection, id: i64) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT reporter_name IS NOT NULL OR reporter_phone IS NOT NULL FROM tipoff WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(false))
}

//! A whole synthetic office in a database, for `anjian gen` and the benchmarks: the network and
//! its inspection history through the real import path, then three years of hazards, tip-offs
//! and alarms inserted in bulk (the screens and the report read them; how they arrived does not
//! matter), every built-in plan, and an operator to sign in with. Deterministic: the same scale
//! and day give the same office.

use super::{Rng, Shape, generate};
use crate::i18n::Lang;
use crate::import::{Entity, import_sheet, sheet};
use crate::store::{Store, StoreError};
use chrono::{DateTime, Duration, FixedOffset};
use std::path::Path;

/// How big an office (the sizes are in `gen`'s help line, so that its help stays one screen).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scale {
    // ≈ 2,000 units
    Town,
    // ≈ 100,000 units, 3,000 grids, 1,000,000 alarms
    District,
    // ≈ 5× a district
    City,
}

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub units: usize,
    pub communities: usize,
    pub grids_per_community: usize,
    pub hazards: usize,
    pub tipoffs: usize,
    pub alarms: usize,
}

impl Scale {
    pub fn size(self) -> Size {
        match self {
            Scale::Town => Size {
                units: 2_000,
                communities: 10,
                grids_per_community: 6,
                hazards: 1_000,
                tipoffs: 400,
                alarms: 20_000,
            },
            Scale::District => Size {
                units: 100_000,
                communities: 150,
                grids_per_community: 20,
                hazards: 50_000,
                tipoffs: 20_000,
                alarms: 1_000_000,
            },
            Scale::City => Size {
                units: 500_000,
                communities: 750,
                grids_per_community: 20,
                hazards: 250_000,
                tipoffs: 100_000,
                alarms: 5_000_000,
            },
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum GenError {
    #[error("{0} already exists; gen writes a new database (remove it or choose another path)")]
    Exists(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Import(#[from] crate::import::ImportError),
    #[error(transparent)]
    Demo(#[from] crate::demo::DemoError),
    #[error("generated sheet {file} was refused:\n{report}")]
    Sheet { file: String, report: String },
}

/// The operator a generated office is signed in with (supervisor, PIN 000000).
pub const OPERATOR: &str = "基准值班员";
pub const PIN: &str = "000000";

const DAYS: i64 = 3 * 365;

/// Builds the office at `path` (which must not exist) as of `now`; `progress` hears each stage.
pub fn build(
    path: &Path,
    size: Size,
    now: DateTime<FixedOffset>,
    progress: &mut dyn FnMut(&str),
) -> Result<(), GenError> {
    if path.exists() {
        return Err(GenError::Exists(path.display().to_string()));
    }
    let today = now.date_naive();
    let mut shape = Shape::sized(size.units, size.communities, size.grids_per_community);
    shape.seed = 7 + size.units as u64;
    let sheets = generate(&shape);
    let mut store = Store::open(path)?;
    store.fix_clock(now);
    // Each sheet goes in as one transaction touching every index of the units: with SQLite's
    // default 2 MB page cache a city's changed pages spill to the WAL long before the commit.
    store.conn().execute_batch("PRAGMA cache_size = -1048576;").map_err(StoreError::from)?;
    // The search indexes are rebuilt once at the end instead of row by row through their triggers
    // (each row's statement makes FTS5 flush and merge: the city's units took over a quarter of an
    // hour that way).
    let triggers = suspend_search_triggers(&store)?;
    for (entity, name, text) in [
        (Entity::Grids, "grids.csv", &sheets.grids),
        (Entity::Officers, "officers.csv", &sheets.officers),
        (Entity::Units, "units.csv", &sheets.units),
        (Entity::Teams, "teams.csv", &sheets.teams),
    ] {
        progress(name);
        let s = sheet::read_csv(name, text.as_bytes()).map_err(crate::import::ImportError::from)?;
        let report = import_sheet(&mut store, "gen", entity, &s, false)?;
        if !report.ok() {
            return Err(GenError::Sheet { file: name.into(), report: report.render(Lang::En) });
        }
    }
    progress("history");
    crate::demo::load_history(&mut store, today, &sheets.inspections, &sheets.hazards)?;
    progress("hazards, tip-offs and alarms");
    bulk(&mut store, size, now)?;
    progress("search indexes");
    resume_search_triggers(&store, &triggers)?;
    progress("plans");
    crate::demo_plans::load(&mut store, today)?;
    store.write("gen", |w| {
        crate::store::network::set_office(w, &format!("合成{}", shape.region), &shape.region)?;
        crate::store::operators::add(w, OPERATOR, crate::domain::OperatorRole::Supervisor, PIN).map(|_| ())
    })?;
    store.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;").map_err(StoreError::from)?;
    Ok(())
}

fn suspend_search_triggers(store: &Store) -> Result<Vec<String>, StoreError> {
    let conn = store.conn();
    let triggers: Vec<(String, String)> = conn
        .prepare(
            r"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%\_fts\_insert' ESCAPE '\'",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (name, _) in &triggers {
        conn.execute_batch(&format!("DROP TRIGGER {name};"))?;
    }
    Ok(triggers.into_iter().map(|(_, sql)| sql).collect())
}

fn resume_search_triggers(store: &Store, triggers: &[String]) -> Result<(), StoreError> {
    let conn = store.conn();
    for fts in ["unit_fts", "hazard_fts", "tipoff_fts", "alarm_fts"] {
        conn.execute_batch(&format!("INSERT INTO {fts}({fts}) VALUES ('rebuild');"))?;
    }
    for sql in triggers {
        conn.execute_batch(&format!("{sql};"))?;
    }
    Ok(())
}

/// Three years of hazards (up to `size.hazards` with the history's), tip-offs and alarms.
fn bulk(store: &mut Store, size: Size, now: DateTime<FixedOffset>) -> Result<(), StoreError> {
    let mut rng = Rng::new(99 + size.units as u64);
    let today = now.date_naive();
    let day = |n: i64| (today - Duration::days(n)).to_string();
    let units: i64 = store.conn().query_row("SELECT max(id) FROM unit", [], |r| r.get(0))?;
    let units = units.max(1) as usize;
    store.write("gen", |w| {
        let have: i64 = w.tx.query_row("SELECT count(*) FROM hazard", [], |r| r.get(0))?;
        let sources = ["self_inspection", "inspection", "tipoff", "alarm", "other"];
        let mut h = w.tx.prepare(
            "INSERT INTO hazard (unit_id, description, major, source, found_on, deadline, status, closed_on, supervised)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?3)",
        )?;
        let what = ["安全出口堵塞", "灭火器过期", "电线私拉乱接", "可燃物堆放", "有限空间作业未审批", "气瓶未固定"];
        for _ in have as usize..size.hazards {
            let found = rng.below(DAYS as usize) as i64;
            let span = 15 + rng.below(60) as i64;
            let closed = if found > 20 && rng.below(10) < 9 {
                Some(day((found - 5 - rng.below((span + 10) as usize) as i64).max(0)))
            } else {
                None
            };
            h.execute(rusqlite::params![
                1 + rng.below(units) as i64,
                what[rng.below(what.len())],
                rng.below(50) == 0,
                sources[rng.below(sources.len())],
                day(found),
                day(found - span),
                if closed.is_some() { "closed" } else { "rectifying" },
                closed,
            ])?;
        }
        let channels = ["hotline", "letter", "visit", "staff", "platform"];
        let mut t = w.tx.prepare(
            "INSERT INTO tipoff (channel, status, received_at, description, unit_id, accepted_on, verify_due,
                                 verified_on, substantiated, reply_due, replied_on, reward)
             VALUES (?1, ?2, ?3 || 'T10:00:00+08:00', '群众反映存在安全隐患', ?4, ?3, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        for _ in 0..size.tipoffs {
            let recv = rng.below(DAYS as usize) as i64;
            let verified = (recv > 70).then(|| recv - 5 - rng.below(70) as i64);
            let replied = verified.filter(|v| *v > 12).map(|v| v - rng.below(12) as i64);
            let substantiated = verified.map(|_| rng.below(3) == 0);
            t.execute(rusqlite::params![
                channels[rng.below(channels.len())],
                if replied.is_some() {
                    "replied"
                } else if verified.is_some() {
                    "substantiated"
                } else {
                    "verifying"
                },
                day(recv),
                1 + rng.below(units) as i64,
                day(recv - 60),
                verified.map(day),
                substantiated,
                verified.map(|v| day(v - 10)),
                replied.map(day),
                substantiated.filter(|s| *s).map(|_| 3000.0),
            ])?;
        }
        let levels = ["red", "orange", "yellow", "blue"];
        let feeds = ["在线监测", "气象预警", "电力监测"];
        let events = ["可燃气体浓度超限", "粉尘浓度超限", "电气线路温度异常", "剩余电流超限"];
        let statuses = ["resolved", "resolved", "resolved", "false_alarm", "acknowledged"];
        let mut a = w.tx.prepare(
            "INSERT INTO alarm (dedup_key, feed, source, msg_status, level, status, headline, event, sent, unit_id,
                                first_seen, last_seen, closed_at, acked_at)
             VALUES (?1, ?2, 'gen', 'Actual', ?3, ?4, ?5 || '：' || ?5, ?5, ?6, ?7, ?6, ?6, ?8, ?9)",
        )?;
        for i in 0..size.alarms {
            let minutes = ((size.alarms - i) as i64) * DAYS * 24 * 60 / size.alarms as i64;
            let sent = now - Duration::minutes(minutes);
            // The last few hundred are still new; the rest were dealt with.
            let status = if size.alarms - i <= 300 { "new" } else { statuses[rng.below(statuses.len())] };
            let acked = (status != "new").then(|| sent + Duration::minutes(1 + rng.below(90) as i64));
            let closed = matches!(status, "resolved" | "false_alarm").then_some(acked).flatten();
            let stamp = crate::domain::time::stamp;
            a.execute(rusqlite::params![
                format!("gen{i}"),
                feeds[rng.below(feeds.len())],
                levels[rng.below(levels.len())],
                status,
                events[rng.below(events.len())],
                stamp(sent),
                1 + rng.below(units) as i64,
                closed.map(stamp),
                acked.map(stamp),
            ])?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scales_grow_as_documented() {
        let (t, d, c) = (Scale::Town.size(), Scale::District.size(), Scale::City.size());
        assert_eq!((t.units, d.units, c.units), (2_000, 100_000, 500_000));
        assert_eq!(d.communities * d.grids_per_community, 3_000);
        assert_eq!((d.alarms, d.hazards, d.tipoffs), (1_000_000, 50_000, 20_000));
        assert_eq!(c.alarms, 5 * d.alarms);
    }
}

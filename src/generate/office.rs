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
    crate::store::bulk::large_cache(&store)?;
    // The search indexes are rebuilt once at the end instead of row by row through their triggers
    // (each row's statement makes FTS5 flush and merge: the city's units took over a quarter of an
    // hour that way).
    let triggers = crate::store::bulk::suspend_search_triggers(&store)?;
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
    crate::store::bulk::resume_search_triggers(&store, &triggers)?;
    progress("plans");
    crate::demo::plans::load(&mut store, today)?;
    store.write("gen", |w| {
        crate::store::network::set_office(w, &format!("合成{}", shape.region), &shape.region)?;
        crate::store::operators::add(w, OPERATOR, crate::domain::OperatorRole::Supervisor, PIN).map(|_| ())
    })?;
    crate::store::bulk::finish(&store)?;
    Ok(())
}

/// Three years of hazards (up to `size.hazards` with the history's), tip-offs and alarms.
fn bulk(store: &mut Store, size: Size, now: DateTime<FixedOffset>) -> Result<(), StoreError> {
    use crate::store::bulk::{History, HistoryAlarm, HistoryHazard, HistoryTipoff};
    let mut rng = Rng::new(99 + size.units as u64);
    let today = now.date_naive();
    let day = |n: i64| (today - Duration::days(n)).to_string();
    let (units, have) = crate::store::bulk::sizes(store)?;
    let units = units.max(1) as usize;
    store.write("gen", |w| {
        let mut history = History::new(w)?;
        let sources = ["self_inspection", "inspection", "tipoff", "alarm", "other"];
        let what = ["安全出口堵塞", "灭火器过期", "电线私拉乱接", "可燃物堆放", "有限空间作业未审批", "气瓶未固定"];
        for _ in have as usize..size.hazards {
            let found = rng.below(DAYS as usize) as i64;
            let span = 15 + rng.below(60) as i64;
            let closed = if found > 20 && rng.below(10) < 9 {
                Some(day((found - 5 - rng.below((span + 10) as usize) as i64).max(0)))
            } else {
                None
            };
            history.hazard(&HistoryHazard {
                unit_id: 1 + rng.below(units) as i64,
                description: what[rng.below(what.len())],
                major: rng.below(50) == 0,
                source: sources[rng.below(sources.len())],
                found_on: day(found),
                deadline: day(found - span),
                status: if closed.is_some() { "closed" } else { "rectifying" },
                closed_on: closed,
            })?;
        }
        // The codes the store knows (a made-up one is a channel no filter finds).
        let channels: Vec<&str> = crate::domain::tipoff::Channel::ALL.iter().map(|c| c.code()).collect();
        for _ in 0..size.tipoffs {
            let recv = rng.below(DAYS as usize) as i64;
            let verified = (recv > 70).then(|| recv - 5 - rng.below(70) as i64);
            let replied = verified.filter(|v| *v > 12).map(|v| v - rng.below(12) as i64);
            let substantiated = verified.map(|_| rng.below(3) == 0);
            history.tipoff(&HistoryTipoff {
                channel: channels[rng.below(channels.len())],
                status: if replied.is_some() {
                    "replied"
                } else if verified.is_some() {
                    "substantiated"
                } else {
                    "verifying"
                },
                received_on: day(recv),
                unit_id: 1 + rng.below(units) as i64,
                verify_due: day(recv - 60),
                verified_on: verified.map(day),
                substantiated,
                reply_due: verified.map(|v| day(v - 10)),
                replied_on: replied.map(day),
                reward: substantiated.filter(|s| *s).map(|_| 3000.0),
            })?;
        }
        // The stored codes, as the sync stores them: a colour word would count on the Overview (which
        // reads any spelling) but match no level filter on the Alarms screen.
        let levels: Vec<&str> = crate::domain::RiskLevel::ALL.iter().map(|l| l.code()).collect();
        let feeds = ["在线监测", "气象预警", "电力监测"];
        let events = ["可燃气体浓度超限", "粉尘浓度超限", "电气线路温度异常", "剩余电流超限"];
        let statuses = ["resolved", "resolved", "resolved", "false_alarm", "acknowledged"];
        for i in 0..size.alarms {
            let minutes = ((size.alarms - i) as i64) * DAYS * 24 * 60 / size.alarms as i64;
            let sent = now - Duration::minutes(minutes);
            // The last few hundred are still new; the rest were dealt with.
            let status = if size.alarms - i <= 300 { "new" } else { statuses[rng.below(statuses.len())] };
            let acked = (status != "new").then(|| sent + Duration::minutes(1 + rng.below(90) as i64));
            let closed = matches!(status, "resolved" | "false_alarm").then_some(acked).flatten();
            let stamp = crate::domain::time::stamp;
            history.alarm(&HistoryAlarm {
                dedup_key: format!("gen{i}"),
                feed: feeds[rng.below(feeds.len())],
                level: levels[rng.below(levels.len())],
                status,
                event: events[rng.below(events.len())],
                sent: stamp(sent),
                unit_id: 1 + rng.below(units) as i64,
                closed_at: closed.map(stamp),
                acked_at: acked.map(stamp),
            })?;
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

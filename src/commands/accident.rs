//! `anjian accident add|list`: the accident register from a script or a call-centre system (the
//! Duty screen has the same form). Every text printed is cleaned: names come from sheets too.

use super::{Ctx, say};
use anjian::actor::Actor;
use anjian::cli::AccidentCommand;
use anjian::domain::accident::{self, AccidentLevel};
use anjian::domain::permission::Need;
use anjian::domain::text::one_line;
use anjian::domain::time::parse_moment;
use anjian::store::Store;
use anjian::store::accidents::AccidentInput;
use anyhow::{Result, bail};
use std::process::ExitCode;

pub fn run(ctx: &Ctx, command: AccidentCommand) -> Result<ExitCode> {
    let zh = ctx.lang.zh();
    let mut store = Store::open(&ctx.db)?;
    let actor = Actor::resolve(&ctx.service, &store)?;
    match command {
        AccidentCommand::Add { at, unit, kind, level, deaths, injuries, reported_at, place, description } => {
            actor.require(Need::Work, "accident add")?;
            let moment = |flag: &str, v: &str| match parse_moment(v) {
                Some(t) => Ok(t),
                None if zh => bail!("accident add --{flag}：“{v}”不是日期和时刻（如 2026-11-03 14:20）"),
                None => bail!("accident add --{flag}: \"{v}\" is not a date and time (e.g. 2026-11-03 14:20)"),
            };
            let occurred_at = moment("at", &at)?;
            let reported_at = reported_at.as_deref().map(|v| moment("reported-at", v)).transpose()?;
            let Some(kind) = accident::parse_type(&kind) else {
                let names: Vec<&str> = accident::TYPES.iter().map(|(_, n, _)| *n).collect();
                if zh {
                    bail!("accident add --kind：“{kind}”不是GB 6441的事故类别；可用：{}", names.join("、"))
                }
                bail!("accident add --kind: \"{kind}\" is not a GB 6441 type; one of: {}", names.join(", "))
            };
            let floor = AccidentLevel::floor(deaths, injuries);
            let level = match level.as_deref().map(|l| (l, AccidentLevel::parse(l))) {
                None => floor,
                Some((_, Some(l))) if l >= floor => l,
                Some((l, Some(_))) if zh => {
                    bail!("accident add --level：“{l}”低于伤亡人数对应的等级（至少为{}）", floor.name(true))
                }
                Some((l, Some(_))) => {
                    bail!(
                        "accident add --level: \"{l}\" is below what the casualties make it (at least {})",
                        floor.name(false)
                    )
                }
                Some((l, None)) if zh => bail!("accident add --level：“{l}”未知（一般/较大/重大/特别重大）"),
                Some((l, None)) => {
                    bail!("accident add --level: unknown \"{l}\" (ordinary/larger/major/especially major)")
                }
            };
            if reported_at.is_some_and(|r| r < occurred_at) {
                bail!(
                    "{}",
                    if zh {
                        "accident add：报送时间早于发生时间"
                    } else {
                        "accident add: reported before it happened"
                    }
                );
            }
            // A unit on record when the key names one (and the operator sees it); else the name as given.
            let unit_id = anjian::store::units::by_key(store.conn(), &unit)?;
            if let Some(id) = unit_id
                && !actor.sees_unit(&store, id)?
            {
                bail!("accident add --unit {unit}: outside the grids that {} is limited to", actor.audit_name());
            }
            let unit_name = match unit_id {
                Some(id) => anjian::store::units::name(store.conn(), id)?.unwrap_or_else(|| unit.clone()),
                None => unit.trim().to_string(),
            };
            let input = AccidentInput {
                occurred_at,
                unit: unit_id,
                unit_name,
                place,
                kind: kind.to_string(),
                level,
                deaths,
                injuries,
                description,
                reported_at,
            };
            let outcome = store.write(&actor.audit_name(), |w| anjian::store::accidents::upsert(w, &input))?;
            let word = match (outcome, zh) {
                (anjian::store::network::Outcome::Inserted, true) => "已登记",
                (anjian::store::network::Outcome::Updated, true) => "已更新",
                (anjian::store::network::Outcome::Unchanged, true) => "已在登记中，未变",
                (anjian::store::network::Outcome::Inserted, false) => "registered",
                (anjian::store::network::Outcome::Updated, false) => "updated",
                (anjian::store::network::Outcome::Unchanged, false) => "already registered, unchanged",
            };
            say(&format!(
                "{word}{}{} {} {} {}",
                if zh { "：" } else { ": " },
                anjian::domain::time::stamp(occurred_at).get(..16).unwrap_or("").replace('T', " "),
                one_line(&input.unit_name, 60),
                accident::type_name(kind, zh),
                level.name(zh)
            ));
        }
        AccidentCommand::List => {
            actor.require(Need::Read, "accident list")?;
            let rows = anjian::store::accidents::recent(store.conn(), 1000)?;
            if rows.is_empty() {
                say(if zh { "事故登记为空。" } else { "The register is empty." });
            }
            for a in rows {
                let in_hour = match (
                    chrono::DateTime::parse_from_rfc3339(&a.occurred_at).ok(),
                    a.reported_at.as_deref().and_then(|r| chrono::DateTime::parse_from_rfc3339(r).ok()),
                ) {
                    (Some(at), rep) => accident::reported_in_time(at, rep),
                    _ => None,
                };
                let reported = match (in_hour, zh) {
                    (Some(true), true) => "1小时内报送",
                    (Some(false), true) => "超过1小时报送",
                    (None, true) => "未报送",
                    (Some(true), false) => "reported within the hour",
                    (Some(false), false) => "reported late",
                    (None, false) => "not reported",
                };
                let unit = if a.unit_name.is_empty() {
                    (if zh { "（单位待补充）" } else { "(unit to be filled in)" }).to_string()
                } else {
                    one_line(&a.unit_name, 40).into_owned()
                };
                say(&if zh {
                    format!(
                        "{}  {}  {}  {}事故  死亡{}人 重伤{}人  {}",
                        a.occurred_at.get(..16).unwrap_or("").replace('T', " "),
                        unit,
                        accident::type_name(&a.kind, true),
                        a.level.name(true),
                        a.deaths,
                        a.injuries,
                        reported
                    )
                } else {
                    format!(
                        "{}  {}  {}  {}  {} dead, {} seriously injured  {}",
                        a.occurred_at.get(..16).unwrap_or("").replace('T', " "),
                        unit,
                        accident::type_name(&a.kind, false),
                        a.level.name(false),
                        a.deaths,
                        a.injuries,
                        reported
                    )
                });
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

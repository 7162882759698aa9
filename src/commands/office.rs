//! `anjian office show|set`: the office as its report names it (full name, the body it reports
//! to, the contact, the plan the report follows), and what the report still needs.

use super::{Ctx, say};
use anjian::actor::Actor;
use anjian::cli::OfficeCommand;
use anjian::domain::office::OfficeIdentity;
use anjian::domain::permission::Need;
use anjian::store::Store;
use anyhow::{Result, bail};
use std::process::ExitCode;

pub fn run(ctx: &Ctx, command: OfficeCommand) -> Result<ExitCode> {
    let zh = ctx.lang.zh();
    let mut store = Store::open(&ctx.db)?;
    let actor = Actor::resolve(&ctx.service, &store)?;
    match command {
        OfficeCommand::Show => {
            actor.require(Need::Read, "office show")?;
            show(&anjian::store::network::office_identity(store.conn())?, zh);
        }
        OfficeCommand::Set { full_name, superior, contact, phone, main_plan, seal, tables_apart } => {
            // The report is the supervisor's to send: so is the name it goes out under.
            actor.require(Need::Supervise, "office set")?;
            let conn = store.conn();
            let mut id = anjian::store::network::office_identity(conn)?;
            if id.name.is_empty() {
                bail!(
                    "{}",
                    if zh {
                        "office set：本库还没有单位（先导入网格或运行 demo）"
                    } else {
                        "office set: this database has no office yet (import the grids first)"
                    }
                );
            }
            if let Some(key) = &main_plan {
                let plans = anjian::store::checklist::plans(conn)?;
                if !plans.iter().any(|p| &p.key == key) {
                    let known: Vec<&str> = plans.iter().map(|p| p.key.as_str()).collect();
                    bail!(
                        "{}",
                        if zh {
                            format!("office set --main-plan：没有载入“{key}”；已载入：{}", known.join("、"))
                        } else {
                            format!("office set --main-plan: no plan \"{key}\" is loaded; loaded: {}", known.join(", "))
                        }
                    );
                }
            }
            for (field, value) in [
                (&mut id.full_name, full_name),
                (&mut id.superior, superior),
                (&mut id.contact_person, contact),
                (&mut id.contact_phone, phone),
                (&mut id.main_plan, main_plan),
            ] {
                if let Some(v) = value {
                    *field = anjian::domain::text::one_line(&v, 200).trim().to_string();
                }
            }
            if let Some(v) = seal {
                id.sealed = v;
            }
            if let Some(v) = tables_apart {
                id.tables_apart = v;
            }
            let version = anjian::store::network::office_version(conn)?;
            store.write(&actor.audit_name(), |w| anjian::store::network::set_office_identity(w, &id, version))?;
            show(&id, zh);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn show(id: &OfficeIdentity, zh: bool) {
    let none = if zh { "（未设置）" } else { "(not set)" };
    let or_none = |v: &str| if v.trim().is_empty() { none.to_string() } else { v.to_string() };
    let rows: [(&str, &str, &str); 6] = [
        ("单位简称", "Short name", &id.name),
        ("单位全称", "Full name", &id.full_name),
        ("主送机关", "Addressee", &id.superior),
        ("联系人", "Contact", &id.contact_person),
        ("联系电话", "Phone", &id.contact_phone),
        ("主方案", "Main plan", &id.main_plan),
    ];
    for (label_zh, label_en, value) in rows {
        let label = if zh { label_zh } else { label_en };
        say(&format!("{label}  {}", or_none(value)));
    }
    say(&match (id.sealed, zh) {
        (true, true) => "落款  加盖印章".to_string(),
        (false, true) => "落款  不加盖印章".to_string(),
        (true, false) => "Signature  under the seal".to_string(),
        (false, false) => "Signature  without a seal".to_string(),
    });
    say(&match (id.tables_apart, zh) {
        (true, true) => "附件表格  另附 XLSX".to_string(),
        (false, true) => "附件表格  作为 DOCX 附件页".to_string(),
        (true, false) => "Attachments' tables  a separate XLSX".to_string(),
        (false, false) => "Attachments' tables  pages of the DOCX".to_string(),
    });
    match id.missing_words(zh) {
        Some(words) => {
            say(&if zh { format!("报告还缺：{words}") } else { format!("the report still needs: {words}") })
        }
        None => say(if zh { "报告所需信息齐全" } else { "the report has all it needs" }),
    }
}

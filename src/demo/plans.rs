//! The demo office's plans: every built-in template loaded, the current quarter's checklist part
//! worked (some items done with evidence notes, some under way, one not applicable), a 2024
//! self-score with points lost and why, and the report's own sections drafted.

use crate::domain::calendar::Quarter;
use crate::domain::checklist::ItemStatus;
use crate::store::checklist::{self, EntryEdit};
use crate::store::{Store, StoreError};
use chrono::NaiveDate;

const NOTES: [&str; 4] =
    ["已完成，台账见共享盘“治本攻坚/本季度”", "会议纪要已归档", "已在平台录入，截图存档", "现场检查记录齐全"];

pub fn load(store: &mut Store, today: NaiveDate) -> Result<(), StoreError> {
    let templates = crate::plan::builtin::all().map_err(|e| StoreError::Refused(e.to_string()))?;
    let q = Quarter::of(today);
    store.write(super::office::DEMO_OPERATOR, |w| {
        // Stamped with the demo's own day, so that screens of the demo do not depend on the clock.
        w.at = format!("{today}T08:30:00+08:00");
        for t in &templates {
            let plan = checklist::load_plan(w, t)?;
            let quarter = if t.until < q.start() { Quarter::of(t.until) } else { q };
            let items = checklist::items(&w.tx, plan, quarter)?;
            for (i, item) in items.iter().enumerate() {
                // A street office has no coal mine: those measures are marked not applicable, as
                // an office does with a district plan's measures that are not its own.
                if item.title.contains("煤矿") {
                    let edit = EntryEdit {
                        status: Some(ItemStatus::NotApplicable),
                        note: Some("本街道无煤矿企业，不适用".into()),
                        ..Default::default()
                    };
                    checklist::edit(w, item.measure_id, quarter, 0, &edit)?;
                    continue;
                }
                let edit = match i % 6 {
                    0 | 3 => EntryEdit {
                        status: Some(ItemStatus::Done),
                        note: Some(NOTES[i % NOTES.len()].to_string()),
                        ..Default::default()
                    },
                    1 => EntryEdit {
                        status: Some(ItemStatus::InProgress),
                        note: Some("正在推进，月底前完成".into()),
                        ..Default::default()
                    },
                    5 if i == 5 => EntryEdit {
                        status: Some(ItemStatus::NotApplicable),
                        note: Some("辖区内无此类企业".into()),
                        ..Default::default()
                    },
                    _ => continue,
                };
                let edit = match (item.points, i % 4) {
                    (Some(p), 1) => EntryEdit {
                        points_lost: Some(Some((p / 3.0 * 2.0).round() / 2.0)),
                        loss_reason: Some("部分台账资料不全".into()),
                        ..edit
                    },
                    _ => edit,
                };
                checklist::edit(w, item.measure_id, quarter, 0, &edit)?;
            }
        }
        checklist::save_draft(
            w,
            q,
            "problems",
            "一是部分小微企业主要负责人每季度带队自查流于形式；二是个别网格员对重大事故隐患判定标准掌握不够。",
            0,
        )?;
        checklist::save_draft(
            w,
            q,
            "next_quarter",
            "一是开展岁末年初安全生产专项检查；二是组织网格员判定标准专题培训；三是做好年度工作总结和自评。",
            0,
        )?;
        Ok(())
    })
}

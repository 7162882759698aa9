//! The demo office's registers: a quarter of enforcement cases, training sessions and publicity
//! events, and one ordinary accident months ago (so the current quarter's report says "no
//! accident" and the year's figures count one). Dates count back from the demo's today.

use crate::domain::accident::AccidentLevel;
use crate::domain::work_record::WorkKind;
use crate::store::accidents::AccidentInput;
use crate::store::work_records::WorkInput;
use crate::store::{Result, Store, units};
use chrono::{Duration, NaiveDate, NaiveTime};

/// (kind, days ago, what, unit USCC or "", fine in yuan, people).
const WORK: &[(WorkKind, i64, &str, &str, f64, i64)] = &[
    (WorkKind::Enforcement, 52, "未按规定开展重大事故隐患排查", "91330110MKLMDU3EMQ", 20000.0, 0),
    (WorkKind::Enforcement, 31, "液化气钢瓶储存场所不符合要求", "91330110AYUGK3HL69", 8000.0, 0),
    (WorkKind::Enforcement, 12, "堵塞安全出口，责令改正", "92330110FH3YMADDUQ", 0.0, 0),
    (WorkKind::Training, 45, "重大事故隐患判定标准专题培训（网格员）", "", 0.0, 86),
    (WorkKind::Training, 20, "九小场所负责人消防安全培训", "", 0.0, 132),
    (WorkKind::Publicity, 40, "“119”消防宣传月进社区", "", 0.0, 1200),
    (WorkKind::Publicity, 9, "燃气安全入户宣传", "", 0.0, 460),
];

pub fn load(store: &mut Store, today: NaiveDate) -> Result<()> {
    let conn = store.conn();
    let mut work = Vec::new();
    for (kind, ago, title, unit, fine, people) in WORK {
        let unit_id = if unit.is_empty() { None } else { units::by_key(conn, unit)? };
        let unit_name = match unit_id {
            Some(id) => units::name(conn, id)?.unwrap_or_default(),
            None => String::new(),
        };
        work.push(WorkInput {
            kind: *kind,
            on: today - Duration::days(*ago),
            title: title.to_string(),
            unit: unit_id,
            unit_name,
            fine_yuan: *fine,
            people: *people,
            note: String::new(),
        });
    }
    let accident_unit = units::by_key(conn, "91330110MKLMDU3EMQ")?;
    let accident_name = match accident_unit {
        Some(id) => units::name(conn, id)?.unwrap_or_default(),
        None => "梅岭永兴机械制造有限公司".into(),
    };
    let at = (today - Duration::days(150))
        .and_time(NaiveTime::from_hms_opt(10, 40, 0).unwrap_or(NaiveTime::MIN))
        .and_local_timezone(crate::domain::time::beijing())
        .single();
    store.write("demo", |w| {
        for r in &work {
            crate::store::work_records::upsert(w, r)?;
        }
        if let Some(at) = at {
            let a = AccidentInput {
                occurred_at: at,
                unit: accident_unit,
                unit_name: accident_name.clone(),
                place: "二号车间".into(),
                kind: "machinery".into(),
                level: AccidentLevel::General,
                deaths: 0,
                injuries: 1,
                description: "冲床操作工右手被压伤，送医救治".into(),
                reported_at: Some(at + Duration::minutes(35)),
            };
            crate::store::accidents::upsert(w, &a)?;
        }
        Ok(())
    })
}

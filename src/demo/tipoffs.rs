//! The demo's tip-offs: a handful at every stage of the workflow, dated relative to "today", with
//! fictional reporters sealed under the demo's own key file (beside the demo database).

use crate::domain::OperatorRole;
use crate::domain::tipoff::{Channel, TipoffRules};
use crate::secret::Sealer;
use crate::store::tipoffs::{self, NewTipoff, Step};
use crate::store::{Store, StoreError};
use chrono::{Duration, NaiveDate};
use std::path::{Path, PathBuf};

/// The demo's key file: beside its database (a real office keeps it apart, see the config).
pub fn key_path(db: &Path) -> PathBuf {
    db.with_extension("key")
}

/// One demo tip-off: days ago, channel, what was said, reporter name and phone ("" when
/// anonymous), and the steps taken since.
type Item = (i64, Channel, &'static str, &'static str, &'static str, &'static [&'static str]);

const ITEMS: &[Item] = &[
    (1, Channel::Hotline, "液化气钢瓶堆放在楼道里，旁边有人抽烟", "钱多多", "13957112345", &[]),
    (2, Channel::Letter, "工厂夜间违规动火切割，没有看护人员", "", "", &[]),
    (5, Channel::Visit, "出租房电动车在室内充电，电线乱拉", "孙晓明", "13805710001", &["accept"]),
    (20, Channel::Hotline, "加工厂粉尘大，除尘设备常年不开", "周海", "18967000002", &["accept", "verify"]),
    (70, Channel::Staff, "网吧安全出口被杂物堵死", "", "", &["accept", "verify"]),
    (
        30,
        Channel::Hotline,
        "危化品仓库无人值守，门锁损坏",
        "吴佳",
        "13588000003",
        &["accept", "verify", "substantiated"],
    ),
    (45, Channel::Letter, "农贸市场消防栓无水", "", "", &["accept", "verify", "unsubstantiated", "reply"]),
    (
        90,
        Channel::Hotline,
        "烟花爆竹店超量储存",
        "郑伟",
        "13600000004",
        &["accept", "verify", "substantiated", "reply", "reward", "close"],
    ),
];

/// Takes the demo's tip-offs in (once) and walks each through its steps.
pub fn load(store: &mut Store, sealer: &Sealer, today: NaiveDate) -> Result<(), StoreError> {
    let units = crate::store::history::units_in_grids(store.conn(), 40)?;
    let rules = TipoffRules::default();
    store.write("演示值班员", |w| {
        tipoffs::check_key(w, sealer).map_err(|e| StoreError::Refused(e.to_string()))?;
        for (i, (ago, channel, text, name, phone, steps)) in ITEMS.iter().enumerate() {
            let received = today - Duration::days(*ago);
            let t = NewTipoff {
                channel: Some(*channel),
                received_at: format!("{received}T09:{:02}:00+08:00", 10 + i),
                unit_id: units.get(i * 5).copied(),
                description: text.to_string(),
                reporter_name: Some(name.to_string()).filter(|s| !s.is_empty()),
                reporter_phone: Some(phone.to_string()).filter(|s| !s.is_empty()),
                ..Default::default()
            };
            // The demo's records carry the times they "happened", not the time the demo was built.
            w.at = t.received_at.clone();
            let id = tipoffs::create(w, sealer, &t)?;
            for (n, s) in steps.iter().enumerate() {
                let on = received + Duration::days(1 + n as i64 * 3).min(Duration::days(*ago));
                let step = match *s {
                    "accept" => Step::Accept,
                    "verify" => Step::StartVerifying,
                    "substantiated" => {
                        Step::Result { substantiated: true, fine: Some(20_000.0), note: "现场核实属实".into() }
                    }
                    "unsubstantiated" => {
                        Step::Result { substantiated: false, fine: None, note: "消防栓供水正常".into() }
                    }
                    "reply" => {
                        Step::Reply { text: "已核查并处理，感谢监督".into(), channel: "电话".into() }
                    }
                    "reward" => Step::Reward {
                        amount: None,
                        case: crate::domain::tipoff::RewardCase::Violation { fine: 20_000.0 },
                    },
                    _ => Step::Close { note: "办结".into() },
                };
                let version = crate::store::history::tipoff_version(w, id)?;
                w.at = format!("{on}T15:{:02}:00+08:00", 10 + n);
                tipoffs::step(w, id, version, &step, OperatorRole::Supervisor, &rules, on)?;
            }
        }
        Ok(())
    })
}

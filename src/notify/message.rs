//! What a notification says, and the body each receiver kind takes. The text names the level, the
//! headline, the area, unit, grid and officer, the time, and a short id an officer can quote back
//! ("A1234": alarm 1234). Every text from upstream or a sheet is cleaned before it goes out: a
//! robot's group is somebody's terminal too.

use crate::config::receivers::ReceiverKind;
use crate::domain::text::one_line;
use serde_json::{Value, json};

/// One notification, in the office's language (kept in the outbox as JSON).
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Message {
    /// "A1234", "H56", "T…" (a test).
    pub short_id: String,
    /// What kind: "alarm", "dispatch", "escalation", "repeat", "hazard" (a hazard dispatched),
    /// "test".
    pub kind: String,
    /// red, orange, yellow, blue; "major" for a major hazard; "" otherwise.
    pub level: String,
    pub headline: String,
    pub area: String,
    pub unit: String,
    pub grid: String,
    pub officer: String,
    /// RFC 3339, Beijing time.
    pub at: String,
    /// Mobiles to @-mention (the dispatched officer, the receiver's own list).
    pub mobiles: Vec<String>,
    pub zh: bool,
    /// The other alarms of the group the message carries: "A57 黄色 暴雨预警" each.
    #[serde(default)]
    pub more: Vec<String>,
    /// A hazard's rectification deadline (YYYY-MM-DD).
    #[serde(default)]
    pub due: String,
}

pub fn level_words(level: &str, zh: bool) -> &'static str {
    match (level, zh) {
        ("red", true) => "红色",
        ("orange", true) => "橙色",
        ("yellow", true) => "黄色",
        ("blue", true) => "蓝色",
        ("red", false) => "RED",
        ("orange", false) => "ORANGE",
        ("yellow", false) => "YELLOW",
        ("blue", false) => "BLUE",
        _ => "",
    }
}

impl Message {
    /// The title line: "【红色预警】…" / "[RED] …"; a test says so.
    pub fn title(&self) -> String {
        let head = one_line(&self.headline, 120);
        match (self.kind.as_str(), self.zh) {
            ("test", true) => format!("【测试】{head}"),
            ("test", false) => format!("[TEST] {head}"),
            ("hazard", true) if self.level == "major" => format!("【重大隐患派发】{head}"),
            ("hazard", true) => format!("【隐患派发】{head}"),
            ("hazard", false) if self.level == "major" => format!("[MAJOR HAZARD DISPATCHED] {head}"),
            ("hazard", false) => format!("[HAZARD DISPATCHED] {head}"),
            (kind, true) => {
                let what = match kind {
                    "dispatch" => "派发",
                    "escalation" => "升级",
                    "repeat" => "预警·再次提醒",
                    _ => "预警",
                };
                format!("【{}{what}】{head}", level_words(&self.level, true))
            }
            (kind, false) => {
                let what = match kind {
                    "dispatch" => "DISPATCHED",
                    "escalation" => "ESCALATED",
                    "repeat" => "ALARM REMINDER",
                    _ => "ALARM",
                };
                format!("[{} {what}] {head}", level_words(&self.level, false)).replace("[ ", "[")
            }
        }
    }

    /// The lines under the title, those with something to say.
    pub fn lines(&self) -> Vec<String> {
        let at = self.at.get(..16).unwrap_or(&self.at).replace('T', " ");
        let rows: [(&str, &str, &str); 7] = [
            ("区域", "Area", &self.area),
            ("单位", "Unit", &self.unit),
            ("网格", "Grid", &self.grid),
            ("负责人", "Officer", &self.officer),
            ("整改期限", "Due", &self.due),
            ("时间", "Time", &at),
            ("编号", "Ref", &self.short_id),
        ];
        let mut out: Vec<String> = rows
            .iter()
            .filter(|(_, _, v)| !v.trim().is_empty())
            .map(|(zh, en, v)| {
                let v = one_line(v, 120);
                if self.zh { format!("{zh}：{v}") } else { format!("{en}: {v}") }
            })
            .collect();
        if !self.more.is_empty() {
            out.push(if self.zh {
                format!("同组另有{}条：", self.more.len())
            } else {
                format!("{} more of the group:", self.more.len())
            });
            out.extend(self.more.iter().map(|m| format!("· {}", one_line(m, 120))));
        }
        if !self.short_id.is_empty() {
            out.push(
                (if self.zh {
                    "（回复或来电时请引用编号）"
                } else {
                    "(quote the ref when you reply or call)"
                })
                .to_string(),
            );
        }
        out
    }

    pub fn text(&self) -> String {
        std::iter::once(self.title()).chain(self.lines()).collect::<Vec<_>>().join("\n")
    }

    fn markdown(&self) -> String {
        let mut s = format!("### {}\n", self.title());
        for l in self.lines() {
            s.push_str(&format!("> {l}\n"));
        }
        s
    }

    /// The JSON body for a receiver of `kind` (with `extra_mobiles` of the receiver itself).
    pub fn body(&self, kind: ReceiverKind, markdown: bool, extra_mobiles: &[String]) -> Value {
        let mut mobiles: Vec<String> = self.mobiles.iter().chain(extra_mobiles).cloned().collect();
        mobiles.dedup();
        match (kind, markdown) {
            // A 企业微信 markdown message cannot mention anyone: mentions go with text only.
            (ReceiverKind::Wecom, true) => json!({"msgtype": "markdown", "markdown": {"content": self.markdown()}}),
            (ReceiverKind::Wecom, false) => {
                json!({"msgtype": "text", "text": {"content": self.text(), "mentioned_mobile_list": mobiles}})
            }
            // 钉钉 shows a mention only when the number is also in the text.
            (ReceiverKind::Dingtalk, md) => {
                let tail: String = mobiles.iter().map(|m| format!(" @{m}")).collect();
                let at = json!({"atMobiles": mobiles, "isAtAll": false});
                if md {
                    json!({"msgtype": "markdown", "markdown": {"title": self.title(), "text": format!("{}{tail}", self.markdown())}, "at": at})
                } else {
                    json!({"msgtype": "text", "text": {"content": format!("{}{tail}", self.text())}, "at": at})
                }
            }
            // A mail is its title and text (`notify::email`); this is what `notify test` shows.
            (ReceiverKind::Email, _) => json!({"subject": self.title(), "text": self.text()}),
            (ReceiverKind::Webhook, _) => json!({
                "source": "anjian",
                "version": 1,
                "id": self.short_id,
                "kind": self.kind,
                "level": self.level,
                "headline": one_line(&self.headline, 400),
                "area": one_line(&self.area, 200),
                "unit": one_line(&self.unit, 200),
                "grid": one_line(&self.grid, 200),
                "officer": one_line(&self.officer, 200),
                "at": self.at,
                "text": self.text(),
                "mentions": mobiles,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alarm(zh: bool) -> Message {
        Message {
            short_id: "A1234".into(),
            kind: "alarm".into(),
            level: "red".into(),
            headline: "溪口村液化气站燃气浓度超限\u{1b}[31m".into(),
            area: "溪口村".into(),
            unit: "溪口凤鸣液化气供应站".into(),
            grid: "第五网格".into(),
            officer: "杨磊".into(),
            at: "2026-11-30T09:30:00+08:00".into(),
            mobiles: vec!["13812345678".into()],
            zh,
            ..Message::default()
        }
    }

    #[test]
    fn each_kind_gets_its_own_body_with_the_same_words() {
        let m = alarm(true);
        assert_eq!(
            m.text(),
            "【红色预警】溪口村液化气站燃气浓度超限\u{fffd}[31m\n区域：溪口村\n单位：溪口凤鸣液化气供应站\n网格：第五网格\n负责人：杨磊\n时间：2026-11-30 09:30\n编号：A1234\n（回复或来电时请引用编号）"
        );
        let w = m.body(ReceiverKind::Wecom, false, &["13900000000".into()]);
        assert_eq!(w["msgtype"], "text");
        assert_eq!(w["text"]["mentioned_mobile_list"], json!(["13812345678", "13900000000"]));
        let d = m.body(ReceiverKind::Dingtalk, false, &[]);
        assert_eq!(d["at"]["atMobiles"], json!(["13812345678"]));
        assert!(d["text"]["content"].as_str().is_some_and(|t| t.ends_with(" @13812345678")));
        let md = m.body(ReceiverKind::Dingtalk, true, &[]);
        assert_eq!(md["markdown"]["title"], "【红色预警】溪口村液化气站燃气浓度超限\u{fffd}[31m");
        let h = m.body(ReceiverKind::Webhook, false, &[]);
        assert_eq!(
            (h["id"].as_str(), h["level"].as_str(), h["version"].as_i64()),
            (Some("A1234"), Some("red"), Some(1))
        );
        assert_eq!(alarm(false).title(), "[RED ALARM] 溪口村液化气站燃气浓度超限\u{fffd}[31m");
        assert!(alarm(false).text().contains("\nRef: A1234\n"));
    }
}

//! Every user action, with a stable name. The keymap, the help overlay (`?`) and the command
//! palette (`:`) are all generated from [`ACTIONS`], so a binding can never be undocumented, and
//! the config file refers to actions by these names.

use crate::domain::permission::Need;
use crate::i18n::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Quit,
    Help,
    Palette,
    NextScreen,
    PrevScreen,
    ScreenOverview,
    ScreenGrid,
    Refresh,
    Down,
    Up,
    Top,
    Bottom,
    PageDown,
    PageUp,
    Open,
    Back,
    Expand,
    Collapse,
    Filter,
    ToggleMap,
    Gaps,
    ScreenDeadlines,
    ScreenHazards,
    CycleWindow,
    CycleKind,
    OnlyGrid,
    RecordInspection,
    RecordDrill,
    MarkDone,
    NewHazard,
    EditHazard,
    Advance,
    Verify,
    SendBack,
    MajorOnly,
    CycleSource,
    CycleStatus,
    AddDeadline,
    ScreenAlarms,
    AlarmStatus,
    AlarmLevel,
    AlarmFeed,
    AlarmGroup,
    Acknowledge,
    Dispatch,
    Resolve,
    FalseAlarm,
    Silence,
    Silences,
    Unsilence,
    ScreenTipoffs,
    TipoffSet,
    TipoffChannel,
    TipoffNew,
    TipoffAccept,
    TipoffTransfer,
    TipoffVerify,
    TipoffResult,
    TipoffExtend,
    TipoffReply,
    TipoffReward,
    TipoffClose,
    TipoffReveal,
    ScreenChecklist,
    ChecklistPlan,
    PrevQuarter,
    NextQuarter,
    ItemStatus,
    ItemDone,
    ItemEdit,
    ReportCompile,
    ReportExport,
    ReportText,
    Lock,
    ScreenDuty,
    DutyStart,
    DutyEntry,
    DutyEnd,
    DutyAcknowledge,
    DutyReported,
}

/// Where an action makes sense; used to group the help overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Global,
    Navigation,
    Grid,
    Deadlines,
    Hazards,
    Tipoffs,
    Alarms,
    Checklist,
    Duty,
}

/// Everything about an action, in one row: its stable name, its default keys, the screens (and
/// the global or navigation context) it works in, what it needs of the operator (see
/// `domain::permission`), and its description in both languages. The keymap, the help overlay
/// and the palette read only this table.
pub struct ActionInfo {
    pub action: Action,
    pub name: &'static str,
    pub keys: &'static [&'static str],
    /// Where the action works: a key means this action on these screens (and nowhere else).
    pub contexts: &'static [Context],
    pub need: Need,
    pub zh: &'static str,
    pub en: &'static str,
}

const fn a(
    action: Action,
    name: &'static str,
    keys: &'static [&'static str],
    contexts: &'static [Context],
    need: Need,
    zh: &'static str,
    en: &'static str,
) -> ActionInfo {
    ActionInfo { action, name, keys, contexts, need, zh, en }
}

pub const ACTIONS: &[ActionInfo] = &[
    a(Action::Quit, "app.quit", &["q", "ctrl-c"], &[Context::Global], Need::Read, "退出", "Quit"),
    a(Action::Help, "app.help", &["?", "f1"], &[Context::Global], Need::Read, "显示快捷键", "Show keys"),
    a(Action::Palette, "app.palette", &[":"], &[Context::Global], Need::Read, "命令面板", "Command palette"),
    a(Action::NextScreen, "screen.next", &["tab"], &[Context::Global], Need::Read, "下一个页面", "Next screen"),
    a(Action::PrevScreen, "screen.prev", &["backtab"], &[Context::Global], Need::Read, "上一个页面", "Previous screen"),
    a(Action::ScreenOverview, "screen.overview", &["1"], &[Context::Global], Need::Read, "总览", "Overview"),
    a(Action::ScreenGrid, "screen.grid", &["2"], &[Context::Global], Need::Read, "网格体系", "Grid network"),
    a(Action::ScreenDeadlines, "screen.deadlines", &["3"], &[Context::Global], Need::Read, "期限", "Deadlines"),
    a(Action::ScreenHazards, "screen.hazards", &["4"], &[Context::Global], Need::Read, "隐患", "Hazards"),
    a(Action::ScreenTipoffs, "screen.tipoffs", &["5"], &[Context::Global], Need::Read, "举报", "Tip-offs"),
    a(Action::ScreenAlarms, "screen.alarms", &["6"], &[Context::Global], Need::Read, "告警", "Alarms"),
    a(
        Action::ScreenChecklist,
        "screen.checklist",
        &["7"],
        &[Context::Global],
        Need::Read,
        "任务清单与报告",
        "Checklist and report",
    ),
    a(
        Action::ScreenDuty,
        "screen.duty",
        &["8"],
        &[Context::Global],
        Need::Read,
        "值班日志与交接班",
        "Duty log and hand-over",
    ),
    a(Action::Refresh, "data.refresh", &["r"], &[Context::Global], Need::Read, "重新读取数据", "Reload data"),
    a(Action::Lock, "app.lock", &["L"], &[Context::Global], Need::Read, "锁屏（离开时）", "Lock the screen"),
    a(Action::Down, "nav.down", &["j", "down"], &[Context::Navigation], Need::Read, "下移", "Move down"),
    a(Action::Up, "nav.up", &["k", "up"], &[Context::Navigation], Need::Read, "上移", "Move up"),
    a(Action::Top, "nav.top", &["g", "home"], &[Context::Navigation], Need::Read, "到顶部", "Go to top"),
    a(Action::Bottom, "nav.bottom", &["G", "end"], &[Context::Navigation], Need::Read, "到底部", "Go to bottom"),
    a(
        Action::PageDown,
        "nav.page_down",
        &["pagedown", "ctrl-d"],
        &[Context::Navigation],
        Need::Read,
        "下一页",
        "Page down",
    ),
    a(Action::PageUp, "nav.page_up", &["pageup", "ctrl-u"], &[Context::Navigation], Need::Read, "上一页", "Page up"),
    a(Action::Open, "nav.open", &["enter"], &[Context::Navigation], Need::Read, "打开/展开", "Open or expand"),
    a(Action::Back, "nav.back", &["esc"], &[Context::Navigation], Need::Read, "返回", "Go back"),
    a(Action::Expand, "nav.expand", &["l", "right"], &[Context::Navigation], Need::Read, "展开", "Expand"),
    a(Action::Collapse, "nav.collapse", &["h", "left"], &[Context::Navigation], Need::Read, "折叠", "Collapse"),
    a(Action::Filter, "list.filter", &["/"], &[Context::Navigation], Need::Read, "筛选", "Filter"),
    a(Action::ToggleMap, "grid.map", &["m"], &[Context::Grid], Need::Read, "地图/详情切换", "Map or detail pane"),
    a(Action::Gaps, "grid.gaps", &["c"], &[Context::Grid], Need::Read, "覆盖缺口", "Coverage gaps"),
    a(
        Action::NewHazard,
        "hazard.new",
        &["n"],
        &[Context::Grid, Context::Deadlines, Context::Hazards, Context::Alarms, Context::Tipoffs],
        Need::Work,
        "为选中单位登记隐患",
        "New hazard at the selected unit",
    ),
    a(
        Action::RecordInspection,
        "unit.record_inspection",
        &["i"],
        &[Context::Grid, Context::Deadlines, Context::Hazards, Context::Alarms],
        Need::Work,
        "记录企业自查",
        "Record a self-inspection",
    ),
    a(
        Action::RecordDrill,
        "unit.record_drill",
        &["d"],
        &[Context::Grid, Context::Deadlines, Context::Hazards, Context::Tipoffs],
        Need::Work,
        "记录疏散演练",
        "Record a drill",
    ),
    a(
        Action::CycleWindow,
        "deadlines.window",
        &["f"],
        &[Context::Deadlines],
        Need::Read,
        "时间范围：全部/本周/本月/逾期",
        "Window: all, week, month, overdue",
    ),
    a(Action::CycleKind, "deadlines.kind", &["t"], &[Context::Deadlines], Need::Read, "切换事项类别", "Cycle the kind"),
    a(
        Action::OnlyGrid,
        "list.only_grid",
        &["o"],
        &[Context::Deadlines, Context::Hazards, Context::Tipoffs],
        Need::Read,
        "只看选中项所在网格（隐患页再按看社区）",
        "Only the item's grid (hazards: then its community)",
    ),
    a(
        Action::MarkDone,
        "deadlines.done",
        &["x"],
        &[Context::Deadlines],
        Need::Work,
        "报表已报送/事项已完成",
        "Report sent / item done",
    ),
    a(Action::AddDeadline, "deadlines.add", &["+"], &[Context::Deadlines], Need::Work, "添加其他事项", "Add an item"),
    a(
        Action::CycleStatus,
        "hazards.status",
        &["f"],
        &[Context::Hazards],
        Need::Read,
        "状态：未销号/逾期/已销号/全部",
        "Status: open, overdue, closed, all",
    ),
    a(
        Action::MajorOnly,
        "hazards.major",
        &["M"],
        &[Context::Hazards],
        Need::Read,
        "只看重大隐患",
        "Major hazards only",
    ),
    a(
        Action::CycleSource,
        "hazards.source",
        &["s"],
        &[Context::Hazards],
        Need::Read,
        "切换隐患来源",
        "Cycle the source",
    ),
    a(Action::EditHazard, "hazard.edit", &["e"], &[Context::Hazards], Need::Work, "修改隐患", "Edit the hazard"),
    a(
        Action::Advance,
        "hazard.advance",
        &["a"],
        &[Context::Hazards],
        Need::Work,
        "推进：开始整改/整改完成待验收",
        "Advance: start / report rectified",
    ),
    a(Action::Verify, "hazard.verify", &["v"], &[Context::Hazards], Need::Work, "验收销号", "Verify and close"),
    a(
        Action::SendBack,
        "hazard.send_back",
        &["b"],
        &[Context::Hazards],
        Need::Work,
        "退回整改/重新打开",
        "Send back or reopen",
    ),
    a(
        Action::AlarmStatus,
        "alarms.status",
        &["f"],
        &[Context::Alarms],
        Need::Read,
        "状态：未关闭/全部/已关闭",
        "Status: open, all, closed",
    ),
    a(
        Action::AlarmLevel,
        "alarms.level",
        &["c"],
        &[Context::Alarms],
        Need::Read,
        "按级别（红橙黄蓝）筛选",
        "Cycle the level",
    ),
    a(Action::AlarmFeed, "alarms.feed", &["w"], &[Context::Alarms], Need::Read, "按数据源筛选", "Cycle the feed"),
    a(
        Action::AlarmGroup,
        "alarms.group",
        &["z"],
        &[Context::Alarms],
        Need::Read,
        "按区域+事件分组",
        "Group by area and event",
    ),
    a(Action::Acknowledge, "alarm.acknowledge", &["a"], &[Context::Alarms], Need::Work, "确认告警", "Acknowledge"),
    a(
        Action::Dispatch,
        "alarm.dispatch",
        &["d"],
        &[Context::Alarms],
        Need::Work,
        "派发给网格员",
        "Dispatch to an officer",
    ),
    a(Action::Resolve, "alarm.resolve", &["x"], &[Context::Alarms], Need::Work, "处置完毕", "Resolve"),
    a(Action::FalseAlarm, "alarm.false", &["F"], &[Context::Alarms], Need::Work, "标记为误报", "Mark as false alarm"),
    a(
        Action::Silence,
        "alarm.silence",
        &["s"],
        &[Context::Alarms],
        Need::Work,
        "静默同类告警",
        "Silence alarms like this",
    ),
    a(Action::Silences, "alarms.silences", &["S"], &[Context::Alarms], Need::Read, "静默规则列表", "List silences"),
    a(
        Action::Unsilence,
        "alarms.unsilence",
        &["u"],
        &[Context::Alarms],
        Need::Work,
        "解除选中的静默",
        "Remove the selected silence",
    ),
    a(
        Action::TipoffSet,
        "tipoffs.status",
        &["f"],
        &[Context::Tipoffs],
        Need::Read,
        "状态：未办结/已逾期/已办结/全部",
        "Status: open, overdue, closed, all",
    ),
    a(
        Action::TipoffChannel,
        "tipoffs.channel",
        &["c"],
        &[Context::Tipoffs],
        Need::Read,
        "按渠道筛选",
        "Cycle the channel",
    ),
    a(
        Action::TipoffNew,
        "tipoff.new",
        &["+"],
        &[Context::Tipoffs],
        Need::Work,
        "登记举报（热线、来信、来访、内部）",
        "Take a tip-off in",
    ),
    a(Action::TipoffAccept, "tipoff.accept", &["a"], &[Context::Tipoffs], Need::Work, "受理", "Accept"),
    a(
        Action::TipoffTransfer,
        "tipoff.transfer",
        &["t"],
        &[Context::Tipoffs],
        Need::Work,
        "移送有关部门",
        "Transfer to another body",
    ),
    a(Action::TipoffVerify, "tipoff.verify", &["v"], &[Context::Tipoffs], Need::Work, "开始核查", "Start verifying"),
    a(
        Action::TipoffResult,
        "tipoff.result",
        &["y"],
        &[Context::Tipoffs],
        Need::Work,
        "核查结果（属实/不属实）",
        "Verification result",
    ),
    a(
        Action::TipoffExtend,
        "tipoff.extend",
        &["e"],
        &[Context::Tipoffs],
        Need::Work,
        "延长核查期限（一次）",
        "Extend the check (once)",
    ),
    a(
        Action::TipoffReply,
        "tipoff.reply",
        &["p"],
        &[Context::Tipoffs],
        Need::Work,
        "向举报人反馈",
        "Reply to the reporter",
    ),
    a(Action::TipoffReward, "tipoff.reward", &["w"], &[Context::Tipoffs], Need::Supervise, "奖励", "Reward"),
    a(Action::TipoffClose, "tipoff.close", &["x"], &[Context::Tipoffs], Need::Work, "办结", "Close"),
    a(
        Action::TipoffReveal,
        "tipoff.reveal",
        &["i"],
        &[Context::Tipoffs],
        Need::Supervise,
        "查看举报人身份（主管，留痕）",
        "Reveal the reporter (supervisor, audited)",
    ),
    a(Action::ChecklistPlan, "checklist.plan", &["p"], &[Context::Checklist], Need::Read, "切换计划", "Next plan"),
    a(
        Action::PrevQuarter,
        "checklist.prev_quarter",
        &["["],
        &[Context::Checklist],
        Need::Read,
        "上一季度",
        "Previous quarter",
    ),
    a(
        Action::NextQuarter,
        "checklist.next_quarter",
        &["]"],
        &[Context::Checklist],
        Need::Read,
        "下一季度",
        "Next quarter",
    ),
    a(
        Action::ItemStatus,
        "checklist.status",
        &["s"],
        &[Context::Checklist],
        Need::Work,
        "状态：未开始/推进中/已完成/不适用",
        "Status: not started, in progress, done, n/a",
    ),
    a(Action::ItemDone, "checklist.done", &["x"], &[Context::Checklist], Need::Work, "标记已完成", "Mark done"),
    a(
        Action::ItemEdit,
        "checklist.edit",
        &["e"],
        &[Context::Checklist],
        Need::Work,
        "填写佐证、责任科室、失分",
        "Evidence, section, points lost",
    ),
    a(
        Action::ReportCompile,
        "report.compile",
        &["c"],
        &[Context::Checklist],
        Need::Read,
        "生成本季度报告并预览",
        "Compile the quarter's report and preview it",
    ),
    a(
        Action::ReportExport,
        "report.export",
        &["w"],
        &[Context::Checklist],
        Need::Supervise,
        "导出报告（DOCX、XLSX、Markdown）",
        "Export the report (DOCX, XLSX, Markdown)",
    ),
    a(
        Action::ReportText,
        "report.text",
        &["t"],
        &[Context::Checklist],
        Need::Work,
        "填写存在问题和下季度计划",
        "Write problems and next quarter's plan",
    ),
    a(Action::DutyStart, "duty.start", &["s"], &[Context::Duty], Need::Work, "开始值班", "Start the shift"),
    a(
        Action::DutyEntry,
        "duty.entry",
        &["+"],
        &[Context::Duty],
        Need::Work,
        "写值班记录（事故开始1小时报送计时）",
        "Log an entry (an accident starts the 1-hour clock)",
    ),
    a(Action::DutyReported, "duty.reported", &["x"], &[Context::Duty], Need::Work, "事故已报送", "Accident reported"),
    a(
        Action::DutyEnd,
        "duty.end",
        &["e"],
        &[Context::Duty],
        Need::Work,
        "结束值班，填写交接",
        "End the shift with a hand-over",
    ),
    a(
        Action::DutyAcknowledge,
        "duty.acknowledge",
        &["a"],
        &[Context::Duty],
        Need::Work,
        "确认接班",
        "Acknowledge the hand-over",
    ),
];

impl Action {
    /// What this action needs of the operator (its row's `need`).
    pub fn needs(self) -> Need {
        self.info().need
    }

    pub fn info(self) -> &'static ActionInfo {
        // Every action has exactly one entry; the test below checks it.
        ACTIONS.iter().find(|i| i.action == self).unwrap_or(&ACTIONS[0])
    }

    pub fn name(self) -> &'static str {
        self.info().name
    }

    pub fn describe(self, lang: Lang) -> &'static str {
        if lang.zh() { self.info().zh } else { self.info().en }
    }

    pub fn from_name(name: &str) -> Option<Action> {
        ACTIONS.iter().find(|i| i.name == name).map(|i| i.action)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_every_action_is_listed_once() {
        let mut names: Vec<_> = ACTIONS.iter().map(|i| i.name).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len(), "duplicate action name");
        for info in ACTIONS {
            assert_eq!(ACTIONS.iter().filter(|i| i.action == info.action).count(), 1, "{}", info.name);
            assert_eq!(Action::from_name(info.name), Some(info.action));
            assert!(info.name.contains('.'), "names are namespaced: {}", info.name);
            assert!(!info.contexts.is_empty(), "{} works nowhere", info.name);
        }
        // One key, one meaning per screen: no two actions on the same screen share a default key.
        for c in [
            Context::Global,
            Context::Navigation,
            Context::Grid,
            Context::Deadlines,
            Context::Hazards,
            Context::Tipoffs,
            Context::Alarms,
            Context::Checklist,
            Context::Duty,
        ] {
            let mut seen = std::collections::HashMap::new();
            for info in ACTIONS.iter().filter(|i| i.contexts.contains(&c)) {
                for k in info.keys {
                    if let Some(other) = seen.insert(*k, info.name) {
                        panic!("{k} means both {other} and {} on {c:?}", info.name);
                    }
                }
            }
        }
    }
}

//! Interface text in Chinese (default) and English from one catalogue. Each entry must give both
//! languages or the crate does not compile, so switching is always complete.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn zh(self) -> bool {
        self == Lang::Zh
    }

    /// Picks the language from a locale string such as `LANG=en_US.UTF-8`; Chinese otherwise.
    pub fn from_locale(locale: &str) -> Lang {
        if locale.to_ascii_lowercase().starts_with("en") { Lang::En } else { Lang::Zh }
    }
}

macro_rules! catalogue {
    ($($id:ident => $zh:literal, $en:literal;)*) => {
        /// A piece of interface text.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum T { $($id),* }

        impl T {
            /// Fills `{name}` placeholders of a template entry.
            pub fn fill(self, lang: Lang, args: &[(&str, &dyn std::fmt::Display)]) -> String {
                let mut s = self.get(lang).to_string();
                for (k, v) in args {
                    s = s.replace(&format!("{{{k}}}"), &v.to_string());
                }
                s
            }

            pub const ALL: &'static [T] = &[$(T::$id),*];

            pub fn get(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((T::$id, Lang::Zh) => $zh, (T::$id, Lang::En) => $en,)*
                }
            }
        }
    };
}

catalogue! {
    AppTitle => "安监值班台", "anjian";
    TooSmall => "终端窗口太小：至少需要 80x24，当前", "Terminal too small: need at least 80x24, now";
    Operator => "值班员", "Operator";
    NotSignedIn => "未登录", "not signed in";
    KeysHint => "?帮助 :命令 /筛选 q退出", "? help : cmds / filter q quit";
    Communities => "社区/村", "Communities";
    Grids => "网格", "Grids";
    Officers => "网格人员", "Officers";
    Units => "单位", "Units";
    BySector => "按行业领域", "By sector";
    ByRisk => "按风险等级", "By risk level";
    CoverageGaps => "覆盖缺口", "Coverage gaps";
    UnitsWithoutGrid => "未划入网格的单位", "Units without a grid";
    GridsWithoutOfficer => "无网格员的网格", "Grids without an officer";
    IncompleteTeams => "五包一不全的消防重点单位", "Fire key units lacking a team";
    NetworkTitle => "网格体系", "Grid network";
    TreeTitle => "社区 > 网格 > 单位", "Community > grid > units";
    NoGridNode => "（未划入网格）", "(no grid)";
    DetailTitle => "单位详情", "Unit detail";
    MapTitle => "地图", "Map";
    GapsTitle => "覆盖缺口", "Coverage gaps";
    FilterTitle => "筛选结果", "Filter results";
    FilterPrompt => "筛选（名称/信用代码/行业/风险）：", "Filter (name / USCC / sector / risk): ";
    SearchPrompt => "搜索（内容或单位）：", "Search (text or unit): ";
    SearchShort => "（按开头查找）", " (begins with)";
    NoMatches => "没有匹配的单位", "No matching units";
    Loading => "加载中…", "Loading…";
    SelectUnit => "选择一个单位查看详情", "Select a unit to see its details";
    FieldUscc => "信用代码", "USCC";
    FieldSector => "行业领域", "Sector";
    FieldRisk => "风险等级", "Risk level";
    FieldPrincipal => "主要负责人", "Principal";
    FieldPhone => "联系电话", "Phone";
    FieldAddress => "地址", "Address";
    FieldGrid => "所属网格", "Grid";
    FieldCoords => "坐标", "Coordinates";
    FieldGridOfficers => "网格人员", "Grid officers";
    FieldTeam => "五包一", "Five-to-one team";
    TeamIncomplete => "不全", "incomplete";
    TeamComplete => "齐全", "complete";
    None => "无", "none";
    HighHazard => "高危", "high hazard";
    HelpTitle => "快捷键", "Keys";
    HelpGlobal => "全局", "Everywhere";
    HelpNavigation => "列表与树", "Lists and tree";
    HelpFooter => "Esc 关闭", "Esc closes";
    PaletteTitle => "命令", "Commands";
    PalettePrompt => "输入命令名称：", "Type a command: ";
    SignInTitle => "值班员登录", "Sign in";
    SignInName => "姓名", "Name";
    SignInPin => "密码(PIN)", "PIN";
    SignInHint => "Tab 切换  Enter 登录  Esc 退出", "Tab switches  Enter signs in  Esc quits";
    SignInFailed => "姓名或密码错误", "Wrong name or PIN";
    NoOperators => "还没有值班员：先运行 anjian operator add 姓名 --role admin", "No operators yet: run anjian operator add NAME --role admin first";
    Gaps => "缺口", "gaps";
    Total => "合计", "Total";
    Synced => "数据已更新", "Data updated";
    ErrorPrefix => "错误", "Error";
    Legend => "图例", "Legend";
    SelectedGrid => "选中网格", "selected grid";
    NoCoords => "该范围内没有带坐标的单位", "No units with coordinates here";
    TreeCounts => "{g}格 {u}家", "{g} grids, {u} units";
    MoreUnits => ".. 还有 {n} 家，Enter 查看全部", ".. {n} more, Enter lists them all";
    NoOfficerMark => "（无网格员）", "(no officer)";
    GapKindUnit => "无网格", "NO GRID";
    GapKindGrid => "无人员", "NO OFFICER";
    GapKindTeam => "五包一", "TEAM";
    SeatsFilled => "已配 {n}/5", "{n}/5 seats";
    ListOf => "{what}：{n} 家", "{what}: {n} units";
    GridListTitle => "网格单位", "Units of the grid";
    MapLegend => "R/O/Y/B 选中网格的单位（红/橙/黄/蓝） . 其他单位", "R/O/Y/B units of the selected grid (risk)  . other units";
    Vacant => "空缺", "vacant";
    SpaceToggles => "空格切换", "Space toggles";
    FormHazardNew => "登记隐患", "New hazard";
    FormHazardEdit => "修改隐患", "Edit hazard";
    FormInspection => "记录企业自查", "Record a self-inspection";
    FormDrill => "记录疏散演练", "Record a drill";
    FormHint => "Tab/↓ 下一项  Enter 保存  Esc 取消", "Tab/↓ next  Enter save  Esc cancel";
    FormHintLong => "Tab 下一项  Enter 换行  Ctrl-S 保存  Ctrl-Z 撤销  Esc 取消", "Tab next  Enter new line  Ctrl-S save  Ctrl-Z undo  Esc cancel";
    NothingFound => "没有找到", "nothing found";
    ReportNeeds => "! 报告还缺：{what}", "! The report still needs: {what}";
    HolidaysMissingMarked => "{y}年节假日未载入：带~的日期只避开周末", "{y} holidays missing: dates ~ skip weekends only";
    HolidaysMissing => "{y}年节假日安排未载入：{y}年的到期日只避开周末，未按节假日调休", "{y} holidays not loaded: due dates in {y} skip weekends only, not holidays";
    NotAdjusted => "日期后：该年节假日未载入，未按调休调整", "after a date: its year's holidays not loaded";
    StepRefused => "#{id} 现为“{from}”，不能改为“{to}”", "#{id} is {from}; it cannot become {to}";
    RoleReadOnly => "{role}角色只能查看，不能办理", "A {role} may look but not act";
    MajorNeedsSupervisor => "重大隐患须由主管验收销号（当前角色：{role}）", "Closing a major hazard is the supervisor's decision (you are {role})";
    RewardNeedsSupervisor => "奖励由主管决定（当前角色：{role}）", "A reward is the supervisor's decision (you are {role})";
    RewardOnlySubstantiated => "只有属实的举报才给予奖励", "Only a substantiated tip-off is rewarded";
    AlreadyExtended => "核查期限已经延长过一次", "The verification period was already extended once";
    BadExtension => "延期为 1 至 {max} 天，不能是 {days} 天", "An extension is 1 to {max} days, not {days}";
    ExtensionReasonMissing => "延期须写明理由", "An extension needs a reason";
    ExtendOnlyVerifying => "#{id} 只有核查中的举报才能延期", "#{id}: only a tip-off being verified can be extended";
    NoAccidentsWaiting => "没有待报送的事故", "No accident waiting to be reported";
    OnlyRecord => "仅 #{id}（Esc 显示全部）", "only #{id} (Esc: all)";
    NoOrigin => "这条隐患不是由告警、举报或检查记录登记的", "This hazard was not opened from an alarm, tip-off or inspection";
    DeadlinesGrouped => "期限 按类别和状态", "Deadlines by kind and state";
    NotYetDue => "未到期", "not yet due";
    KindReports => "报送（月报/季报/年报）", "Reports (monthly/quarterly/annual)";
    KindTipoffClocks => "举报核查和反馈", "Tip-off check and reply";
    GroupHint => "Enter 列出这一组  f 时间范围  z 或 Esc 返回列表", "Enter lists the group  f window  z or Esc back to the list";
    NoListHere => "这一项没有对应的列表", "No list for this figure";
    TipoffsWaitingLong => "待受理举报", "Tip-offs waiting";
    TipoffsOpenLong => "未办结举报", "Tip-offs open";
    FiguresPanel => "需要处理（Enter 打开列表）", "To act on (Enter opens the list)";
    NetworkLine => "社区/村 {c}  网格 {g}  网格人员 {o}  单位 {u}", "Communities {c}  grids {g}  officers {o}  units {u}";
    Matches => "{n} 项，↑↓ 选择", "{n} found, ↑↓ to choose";
    StepsTitle => "处置经过", "What was done";
    StepDispatchedTo => "派发给 {who}", "dispatched to {who}";
    StepHazard => "登记隐患 #{id}", "opened hazard #{id}";
    NoticeQueued => "通知排队：{who}", "notice queued for {who}";
    NoticesLine => "通知", "Notify";
    NoticesSent => "已送达{n} ", "{n} sent ";
    NoticesPending => "待发{n} ", "{n} wait ";
    NoticesDead => "无法送达{n}", "{n} failed";
    NoticeSilenced => "已静默，未通知", "silenced: not notified";
    NoticeInhibited => "同区域红色告警 #{id} 未关闭，未单独通知", "held back by open red alarm #{id}";
    NoticeEscalated => "升级第{n}级：通知 {who}", "escalation step {n}: {who}";
    NoticeSent => "已通知 {who}", "notified {who}";
    NoticeFailed => "通知 {who} 失败：{why}{retry}", "notice to {who} failed: {why}{retry}";
    NoticeRetry => "（将重试）", " (will retry)";
    PastHandovers => "以往交接记录", "Past hand-overs";
    NoHandovers => "还没有签字交接的班次", "No shift has been handed over yet";
    HandoverTakenBy => "{who} 已接班", "taken over by {who}";
    HandoverNotTaken => "尚未确认接班", "not yet taken over";
    PickUnitFirst => "先找到隐患所在单位：输入名称、地址或信用代码", "First find the unit: type its name, address or credit code";
    NoUnitPicked => "没有选中单位：输入至少两个字查找，↑↓ 选择", "No unit picked: type at least two characters, ↑↓ to choose";
    NearMark => "[本网格]", "[this grid]";
    NoOfficerPicked => "没有选中人员：输入姓名、网格或电话查找，↑↓ 选择", "No officer picked: type a name, grid or phone, ↑↓ to choose";
    OriginAlarm => "来自告警", "from alarm";
    OriginTipoff => "来自举报", "from tip-off";
    OriginInspection => "来自检查记录", "from inspection";
    FieldRectificationEvidence => "整改证据", "Rectification evidence";
    VerdictMissing => "请填写验收意见", "Write the verification note";
    EvidenceMissing => "请写明整改证据（照片、复查记录等）", "Name the rectification evidence (photos, re-inspection record …)";
    DiscardAsk => "已填写的内容将丢失：再按 Esc 放弃，其他键继续填写", "What you typed will be lost: Esc again to discard, any other key to go on";
    QuitAsk => "表单中有未保存的内容：再按 Ctrl-C 退出并放弃，其他键继续填写", "The form holds unsaved text: Ctrl-C again to quit and lose it, any other key to go on";
    FieldDescription => "隐患描述", "Description";
    FieldMajor => "重大隐患", "Major";
    FieldSource => "隐患来源", "Source";
    FieldDeadline => "整改期限", "Deadline";
    FieldMeasures => "整改措施", "Measures";
    FieldResponsible => "整改责任人", "Responsible";
    FieldSupervised => "挂牌督办", "Supervised";
    FieldSupervisingLevel => "督办层级", "Supervised by";
    FieldDate => "日期", "Date";
    FieldDoneBy => "执行人", "Done by";
    FieldFindings => "检查发现", "Findings";
    FieldOpensHazard => "据此登记隐患", "Open a hazard";
    FieldStatus => "状态", "Status";
    FieldFound => "发现", "Found";
    FieldClosure => "销号", "Closure";
    FieldLastInspection => "最近自查", "Last self-inspection";
    FieldLastDrill => "最近演练", "Last drill";
    FieldHazards => "隐患", "Hazards";
    BadDate => "日期格式应为 YYYY-MM-DD", "Dates are written YYYY-MM-DD";
    DeadlineBeforeFound => "整改期限不能早于发现日期", "The deadline cannot be before the date found";
    DescriptionMissing => "请填写隐患描述", "Describe the hazard";
    NoUnitHere => "先选中一个单位", "Select a unit first";
    NotHere => "此处不可用", "Not available here";
    Saved => "已保存", "Saved";
    Overdue => "逾期", "overdue";
    DaysOverdue => "逾期{n}天", "{n}d late";
    DaysLeft => "{n}天后", "in {n}d";
    DueToday => "今天到期", "due today";
    WindowAll => "全部", "all";
    WindowWeek => "本周", "this week";
    WindowMonth => "本月", "this month";
    WindowOverdue => "已逾期", "overdue";
    KindAll => "全部类别", "all kinds";
    HazardsTitle => "隐患台账", "Hazard register";
    HazardDetailTitle => "隐患详情", "Hazard detail";
    DeadlinesTitle => "到期事项", "Due";
    CalendarTitle => "月历", "Calendar";
    FilterOpen => "未销号", "open";
    FilterClosed => "已销号", "closed";
    FilterAllStatus => "全部", "all";
    MajorOnly => "仅重大", "major only";
    AllSources => "全部来源", "all sources";
    OnlyGrid => "本网格", "this grid";
    HazardPanel => "隐患与期限", "Hazards and deadlines";
    OpenHazards => "未销号隐患", "Open hazards";
    OpenMajor => "其中重大隐患", "Major hazards open";
    OverdueHazards => "逾期未整改", "Hazards overdue";
    SupervisedOpen => "挂牌督办中", "Hazards under supervision";
    OnTimeRate => "本年重大隐患按期整改率", "On-time rate, major, this year";
    RectificationRate => "本年隐患整改率", "Rectification rate, this year";
    DeadlinesOverdue => "逾期事项", "Items overdue";
    DueThisWeek => "7天内到期", "Due within 7 days";
    NotYet => "暂无", "n/a";
    Weekdays => " 日 一 二 三 四 五 六", " Su Mo Tu We Th Fr Sa";
    MonthTitle => "{y}年{m}月", "{m}/{y}";
    NoDeadlines => "没有符合条件的事项", "Nothing due here";
    NoHazards => "没有符合条件的隐患", "No hazards here";
    ItemsCount => "{n} 项", "{n} items";
    DeadlineHint => "Enter 打开  i 自查  d 演练  n 登记隐患  x 已报送/完成  + 添加", "Enter open  i inspect  d drill  n hazard  x done  + add";
    HazardHint => "a 推进  v 验收销号  b 退回/重开  p 派发  e 修改  O 来源  Enter 全文", "a advance  v close  b back/reopen  p dispatch  e edit  O source  Enter full text";
    SupervisedBy => "挂牌督办：{who}", "supervised by {who}";
    ClosedBy => "{on} 由 {who} 销号", "closed {on} by {who}";
    MajorTag => "重大", "MAJOR";
    FormClose => "验收销号", "Verify and close";
    FormDeadline => "添加其他事项", "Add an item";
    FieldTitle => "事项", "Item";
    FieldNote => "备注", "Note";
    TitleMissing => "请填写事项", "Name the item";
    FieldClosureNote => "验收意见", "Verification note";
    OnlyCommunity => "本社区", "this community";
    SupervisedTag => "督办", "SUP";
    AlarmsTitle => "告警队列", "Alarm queue";
    AlarmGroupsTitle => "告警分组", "Alarm groups";
    AlarmDetailTitle => "告警详情", "Alarm detail";
    NoAlarms => "没有符合条件的告警", "No alarms here";
    AlarmOpen => "未关闭", "open";
    AlarmClosed => "已关闭", "closed";
    AllLevels => "全部级别", "all levels";
    AllFeeds => "全部数据源", "all feeds";
    Grouped => "分组", "grouped";
    StatusNew => "新", "new";
    StatusAcknowledged => "已确认", "acked";
    StatusDispatched => "已派发", "dispatched";
    StatusResolved => "已处置", "resolved";
    StatusFalse => "误报", "false";
    StatusCancelled => "已撤销", "cancelled";
    ShortAcknowledged => "确认", "ack";
    ShortDispatched => "派发", "sent";
    ShortResolved => "处置", "done";
    ShortCancelled => "撤销", "void";
    ExpiredTag => "已过期", "expired";
    SilencedTag => "静默", "silenced";
    AlarmHint => "a 确认  d 派发  x 处置  F 误报  n 隐患  s 静默  S 静默列表  z 分组", "a ack  d dispatch  x resolve  F false  n hazard  s silence  S silences  z group";
    FieldHeadline => "标题", "Headline";
    FieldEvent => "事件", "Event";
    FieldArea => "区域", "Area";
    FieldSender => "发布方", "Sender";
    FieldSent => "发布", "Sent";
    FieldExpires => "失效", "Expires";
    FieldInstruction => "防御指引", "Instruction";
    FieldUnit => "单位", "Unit";
    FieldCount => "次数", "Count";
    FieldDispatchedTo => "派发给", "Dispatched to";
    FieldCommunities => "涉及社区", "Communities";
    UnitsInArea => "区域内单位 {n} 家", "{n} units in the area";
    ChainTitle => "关联消息", "References";
    ChainEarlier => "更早", "earlier";
    ChainLater => "后续", "later";
    ChainMissing => "（未收到）", "(not received)";
    NonActual => "非正式发布", "not Actual";
    FormDispatch => "派发告警", "Dispatch the alarm";
    FormHazardDispatch => "派发隐患跟进", "Dispatch the hazard";
    FieldOfficer => "网格员", "Officer";
    FormSilence => "静默同类告警", "Silence alarms like this";
    FieldMatcher => "匹配条件", "Matcher";
    FieldDuration => "时长", "Duration";
    FieldReason => "原因", "Reason";
    BadDuration => "时长应为 30m、2h、1d 等，最长 30 天", "Durations are like 30m, 2h, 1d; at most 30 days";
    ReasonMissing => "请填写静默原因", "Give a reason";
    SilencesTitle => "生效中的静默", "Silences in force";
    NoSilences => "没有静默规则", "No silences";
    SilenceUntil => "至 {t}，{who}：{why}", "until {t}, {who}: {why}";
    SelectAlarm => "先选中一条告警", "Select an alarm first";
    NoOfficers => "没有可派发的网格员", "No officers to dispatch to";
    AlarmPanel => "告警", "Alarms";
    OpenAlarms => "未关闭告警", "Open alarms";
    FeedsPanel => "数据源", "Feeds";
    NoFeeds => "未配置数据源", "No feeds configured";
    FeedOk => "正常", "ok";
    FeedNever => "尚未同步", "never synced";
    FeedClockAhead => "时间超前 {hours} 小时，上游或本机时钟有误", "dated {hours} h ahead: upstream's clock or this one is wrong";
    Quarantined => "隔离 {n}", "{n} quarantined";
    FeedPending => "待重取 {n}", "{n} pending";
    FeedGivenUp => "放弃文档 {n}", "{n} doc(s) given up";
    FeedNonconforming => "不合规 {n}", "{n} non-conforming";
    FeedLevelUnread => "级别不明 {n}", "{n} level unread";
    BannerAttention => "{n} 条红/橙告警待确认：{what}", "{n} red/orange alarm(s) unacknowledged: {what}";
    SilenceHint => "u 解除选中  S/Esc 返回", "u remove selected  S/Esc back";
    TipoffsTitle => "举报队列", "Tip-off queue";
    TipoffDetailTitle => "举报详情", "Tip-off detail";
    NoTipoffs => "没有符合条件的举报", "No tip-offs here";
    AllChannels => "全部渠道", "all channels";
    TipoffOpen => "未办结", "open";
    TipoffClosedSet => "已办结", "closed";
    TipoffHint => "a 受理  v 核查  y 结果  e 延期  p 反馈  w 奖励  x 办结  t 移送  n 隐患  i 身份  + 登记  o 本网格", "a accept  v verify  y result  e extend  p reply  w reward  x close  t transfer  n hazard  i identity  + new  o grid";
    Anonymous => "匿名", "anonymous";
    FieldReporter => "举报人", "Reporter";
    ReporterRegistered => "已登记（主管可查看）", "on record, sealed";
    FieldChannel => "渠道", "Channel";
    FieldReceived => "接收", "Received";
    FieldLocation => "地点", "Location";
    FieldCategory => "类别", "Category";
    FieldVerifyDue => "核查期限", "Check by";
    FieldReplyDue => "反馈期限", "Reply by";
    FieldTransferredTo => "移送至", "Transferred to";
    FieldFine => "罚款(元)", "Fine (yuan)";
    FieldReward => "奖励(元)", "Reward (yuan)";
    FieldRewardCase => "奖励事由", "Reward for";
    FieldAccidentLevel => "事故等级", "Accident level";
    FieldConcealedDeaths => "瞒报死亡人数", "Deaths hidden";
    FieldRewardAmount => "奖励(可留空)", "Reward (opt.)";
    NoConcealedDeaths => "瞒报谎报事故的奖励按查实的瞒报谎报死亡人数计，请填人数", "A concealed accident is rewarded per concealed death: give the number";
    FieldUpstream => "平台编号", "Platform id";
    FieldReporterName => "举报人姓名", "Reporter name";
    FieldReporterPhone => "举报人电话", "Reporter phone";
    FieldUnitKey => "单位代码或名称", "Unit USCC/name";
    FieldTipoffText => "举报内容", "What was said";
    FieldSubstantiated => "属实", "Substantiated";
    FieldDays => "天数", "Days";
    FieldReplyText => "反馈内容", "Reply";
    FieldBody => "接收单位", "Receiving body";
    TimelineTitle => "办理经过", "Timeline";
    RewardProposal => "建议奖励 {n} 元（罚款的15%，3000元至30万元，安监总财〔2018〕19号）", "proposed reward {n} yuan (15 % of the fine, 3,000 to 300,000; rules of 2018)";
    Extended => "已延期 {n} 天", "extended {n}d";
    FormTipoffNew => "登记举报", "Take a tip-off in";
    FormTransfer => "移送", "Transfer";
    FormResult => "核查结果", "Verification result";
    FormExtend => "延长核查期限", "Extend the check";
    FormReply => "向举报人反馈", "Reply to the reporter";
    FormReward => "奖励", "Reward";
    FormTipoffClose => "办结", "Close";
    BadNumber => "请填写数字", "Write a number";
    TextMissing => "请填写内容", "Fill it in";
    SelectTipoff => "先选中一条举报", "Select a tip-off first";
    TipoffsPanel => "举报", "Tip-offs";
    TipoffsWaiting => "待受理", "Waiting to be accepted";
    TipoffsOpen => "未办结", "Open";
    TipoffsOverdue => "逾期未核查/未反馈", "Check or reply overdue";
    NoClock => "—", "—";
    AlarmHazardNote => "由告警生成：{what}", "From alarm: {what}";
    ChecklistTitle => "任务清单", "Checklist";
    ChecklistItemTitle => "事项", "Item";
    NoPlans => "尚未载入计划（anjian template load --builtin ID）", "No plan loaded (anjian template load --builtin ID)";
    NoActiveItems => "本季度该计划无应推进事项", "Nothing of this plan is active in this quarter";
    ChecklistHint => "s 状态  x 完成  e 填写  c 生成报告  w 导出  t 自填部分  p 计划  [ ] 季度", "s status  x done  e edit  c compile  w export  t own text  p plan  [ ] quarter";
    PreviewTitle => "报告预览", "Report preview";
    PreviewHint => "↑↓ 翻阅  w 导出  Esc 返回", "Up/Down scroll  w export  Esc back";
    Compiling => "正在生成报告…", "Compiling the report…";
    Writing => "正在写出", "Writing";
    WrittenTo => "报告已写出", "Report written";
    Progress => "进度", "Progress";
    SelfScoreTotal => "自评得分 {t}", "Self-score {t}";
    SelfScoreParts => "应得{a} 失分{l} 减分{d} 加分{b}", "{a} available, -{l} lost, -{d} deducted, +{b} bonus";
    TimeNode => "时间节点", "Time node";
    FieldTarget => "目标", "Target";
    FieldSection => "责任科室", "Section";
    FieldEvidence => "佐证提示", "Evidence";
    FieldFigure => "关联数据", "Linked figure";
    FieldPoints => "分值", "Points";
    FieldPointsLost => "失分/减分/加分", "Points lost/deducted/gained";
    FieldLossReason => "原因", "Why";
    FieldRule => "规则", "Rule";
    FieldEvidenceNote => "佐证与说明", "Evidence/notes";
    Ongoing => "长期坚持", "ongoing";
    OverdueSince => "逾期（{d}）", "overdue ({d})";
    Deduction => "减分项", "deduction";
    Bonus => "加分项", "bonus";
    FormChecklistItem => "填写清单事项", "Checklist item";
    FormReportText => "报告自填部分", "The report's own text";
    FieldProblems => "存在的问题", "Problems";
    FieldNextPlan => "下季度工作计划", "Plan for next quarter";
    SelectItem => "先选中一项", "Select an item first";
    CompileFirst => "先按 c 生成报告", "Compile first (c)";
    ChecklistQuarter => "本季度清单完成", "Checklist done this quarter";
    LockedTitle => "屏幕已锁定", "Screen locked";
    LockHint => "输入 PIN 解锁；换人登录请改姓名", "Enter the PIN to unlock, or sign in as another";
    SignInLockedOut => "密码错误次数过多，{until} 后再试", "Too many wrong PINs; try again after {until}";
    SignInOutsideStation => "您负责的网格不在本站点范围内", "You cover none of this station's grids";
    DutyTitle => "值班日志", "Duty log";
    ShiftTitle => "本班", "This shift";
    NoShift => "还没有开始值班（按 s 开始）", "No shift started (s starts one)";
    ShiftSince => "{who} 自 {at} 起值班", "{who} on duty since {at}";
    NoEntries => "还没有值班记录（按 + 写一条）", "No log entries yet (+ writes one)";
    DutyHint => "s 开始值班  + 记录  x 事故已报送  e 结束并交接  a 确认接班  A 事故登记  W 工作记录", "s start  + log  x accident reported  e end + hand over  a acknowledge  A accident  W work record";
    HandoverTitle => "待确认的交接", "Hand-over to acknowledge";
    HandoverFrom => "{who} 于 {at} 交班", "from {who} at {at}";
    NoHandover => "没有待确认的交接", "No hand-over to acknowledge";
    NoAccident => "没有待报送的事故", "No accident waiting to be reported";
    AccidentsTitle => "事故报送计时（1小时内）", "Accident reporting (within 1 hour)";
    AccidentLeft => "还剩 {n} 分钟报送：{what}", "{n} min left to report: {what}";
    AccidentOver => "已超时 {n} 分钟未报送：{what}", "report {n} min overdue: {what}";
    BannerAccident => "事故信息 {n} 起未报送，{what}（值班页 x 标记已报送）", "{n} accident(s) not reported, {what} (Duty screen: x when reported)";
    FieldEntryKind => "类别", "Kind";
    FieldEntryText => "内容", "What happened";
    FormDutyEntry => "值班记录", "Log entry";
    FormHandover => "交接班", "Hand-over";
    HandoverAlarms => "告警", "Alarms";
    HandoverAlarmsText => "本班接收 {n} 条，其中仍未关闭 {open} 条；全办未确认的红色/橙色告警 {red} 条，未关闭告警共 {all} 条", "{n} received this shift, {open} of them still open; office-wide {red} red/orange unacknowledged, {all} open in all";
    HandoverTipoffs => "举报", "Tip-offs";
    HandoverTipoffsText => "本班受理 {n} 件", "{n} taken in this shift";
    HandoverHazards => "隐患", "Hazards";
    HandoverHazardsText => "本班变动 {n} 处", "{n} changed this shift";
    HandoverDue => "到期事项", "Deadlines";
    HandoverDueText => "24 小时内到期 {n} 项：{what}；已逾期 {late} 项", "{n} due within 24 hours: {what}; {late} overdue";
    HandoverAccidents => "事故", "Accidents";
    HandoverAccidentsText => "未报送 {n} 起", "{n} not yet reported";
    HandoverNotes => "其他交代", "Notes";
    NotAllowed => "{role}角色不能{what}（需要{need}角色）", "A {role} may not: {what} (needs {need})";
    DoneInspection => "已记录企业自查：{unit}", "Self-inspection recorded: {unit}";
    DoneDrill => "已记录疏散演练：{unit}", "Drill recorded: {unit}";
    DoneHazardNew => "已登记隐患：{unit}", "Hazard registered: {unit}";
    AndHazard => "（隐患 #{id}）", " (hazard #{id})";
    DoneHazardEdit => "已修改隐患 #{id}", "Hazard #{id} updated";
    DoneHazardStep => "隐患 #{id} 现为「{status}」", "Hazard #{id} is now {status}";
    DoneReportSent => "已报送：{what}", "Sent: {what}";
    DoneItem => "已完成：{what}", "Done: {what}";
    DoneItemAdded => "已添加事项：{what}", "Item added: {what}";
    DoneTipoffNew => "已登记举报", "Tip-off taken in";
    DoneTipoffStep => "举报 #{id} 现为「{status}」", "Tip-off #{id} is now {status}";
    DoneTipoffExtended => "举报 #{id} 已延长核查期限", "Tip-off #{id}: check extended";
    DoneFromTipoff => "已从举报 #{id} 登记隐患", "Hazard registered from tip-off #{id}";
    DoneAcknowledged => "已确认告警 #{id} {what}", "Acknowledged alarm #{id} {what}";
    DoneResolved => "已处置告警 #{id} {what}", "Resolved alarm #{id} {what}";
    DoneFalseAlarm => "已将告警 #{id} 标为误报", "Alarm #{id} marked as a false alarm";
    DoneDispatched => "已将告警 #{id} 派发给 {who}", "Alarm #{id} dispatched to {who}";
    DoneHazardDispatched => "已派发给 {who} 跟进", "Dispatched to {who}";
    HazardClosedNoFollowUp => "隐患已销号，无需派发", "The hazard is closed: nothing to follow up";
    FieldFollowUp => "跟进人", "Follow-up";
    HazardNoticeAt => "已通知 {who}（{at}）", "notified {who} at {at}";
    HazardNoticeWaiting => "通知 {who} 待发", "notice to {who} waiting";
    DoneFromAlarm => "已从告警 #{id} 登记隐患", "Hazard registered from alarm #{id}";
    DoneSilenced => "已静默 {duration}：{what}", "Silenced for {duration}: {what}";
    DoneUnsilenced => "已解除静默 #{id}", "Silence #{id} removed";
    DoneChecklist => "已更新 {what}：{status}", "Updated {what}: {status}";
    DoneReportText => "已保存报告文字（{quarter}）", "Report text saved ({quarter})";
    DoneShiftStart => "已开始值班", "Shift started";
    DoneEntry => "已记录：{kind}", "Logged: {kind}";
    DoneShiftEnd => "已交班", "Shift handed over";
    DoneHandoverSeen => "已确认接班", "Hand-over acknowledged";
    DoneAccidentReported => "已标记事故已报送", "Accident marked as reported";
    FormAccident => "事故登记", "Accident register";
    FormWork => "工作记录（执法、培训、宣传）", "Work record (enforcement, training, publicity)";
    FieldOccurredAt => "发生时间", "When";
    FieldAccidentUnit => "事故单位", "Unit";
    FieldAccidentKind => "事故类别", "Type";
    FieldDeaths => "死亡人数", "Deaths";
    FieldInjuries => "重伤人数", "Injured";
    LevelByCasualties => "按伤亡人数", "by casualties";
    FieldReportedAt => "报送时间", "Reported at";
    FieldPlace => "地点", "Place";
    FieldAccidentText => "简要经过", "What happened";
    FieldWorkKind => "类别", "Kind";
    FieldWorkDate => "日期", "Date";
    FieldWorkTitle => "事项", "What";
    FieldWorkUnit => "单位（可空）", "Unit (optional)";
    FieldPeople => "人数", "People";
    BadMoment => "时间应写成 2026-11-03 14:20", "Write the time as 2026-11-03 14:20";
    BadDay => "日期应写成 2026-11-03", "Write the date as 2026-11-03";
    BadCount => "人数应为0或正整数", "A number of people is 0 or more";
    BadAmount => "金额应为0或正数（元）", "An amount is 0 or more (yuan)";
    LevelBelowCasualties => "等级低于伤亡人数对应的等级", "The level is below what the casualties make it";
    ReportedBeforeOccurred => "报送时间早于发生时间", "Reported before it happened";
    DoneAccident => "已登记事故：{what}", "Accident registered: {what}";
    DoneWork => "已记录{kind}：{what}", "Recorded ({kind}): {what}";
    RegisterQuarter => "本季事故{n}起，死亡{d}人，待补{m}起", "{n} accident(s), {d} dead, {m} to fill";
    WorkQuarter => "执法{e}起，罚款{fine}元", "{e} cases, fines {fine} yuan";
    TrainingQuarter => "培训{t}场{p}人，宣传{u}次", "{t} trainings ({p}), {u} events";
    RecordGone => "#{id} 已不在列表中（已处理、移走或不再符合筛选）", "#{id} is no longer in this list (handled, moved or filtered out)";
    ClosedCancelled => "发送方已撤销", "cancelled by the sender";
    ClosedReplaced => "已被更新取代", "replaced by an update";
    MarkersTitle => "列表中的标记：", "Marks in the list:";
    MarkSelected => "选中的一行（按键作用于它）", "the selected row (keys act on it)";
    MarkOpenClosed => "可展开 / 已展开", "can open / open";
    MarkUnitCount => "网格内的单位数", "units in the grid";
    MarkSevere => "严重：重大隐患或高危行业", "severe: a major hazard or a high-hazard sector";
    MarkBusyDay => "日历：该日有 3 项到期", "calendar: 3 items fall due that day";
    MarkMajor => "重大隐患", "major hazard";
    MarkSupervised => "挂牌督办", "listed for supervision";
    MarkOverdue => "日期后的 * ：已超过整改期限", "* after the date: past its deadline";
    HelpSearch => "搜索：", "Search: ";
    TextKeys => "↑↓ 翻看  Esc 关闭", "↑↓ scroll  Esc close";
    ReadAll => "阅读全文", "Read the whole text";
    FieldTask => "任务", "Task";
    AccidentReportedAt => "已报送于", "Reported at";
    HelpKeys => "↑↓ PgUp PgDn g G 翻看  / 搜索  Esc 关闭", "↑↓ PgUp PgDn g G move  / search  Esc close";
}

impl T {
    /// The words for an alarm's status (the screens' and the Chinese export's).
    pub fn alarm_status(s: crate::domain::alarm::AlarmStatus) -> T {
        use crate::domain::alarm::AlarmStatus;
        match s {
            AlarmStatus::New => T::StatusNew,
            AlarmStatus::Acknowledged => T::StatusAcknowledged,
            AlarmStatus::Dispatched => T::StatusDispatched,
            AlarmStatus::Resolved => T::StatusResolved,
            AlarmStatus::FalseAlarm => T::StatusFalse,
            AlarmStatus::Cancelled => T::StatusCancelled,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_has_both_languages() {
        for t in T::ALL {
            assert!(!t.get(Lang::Zh).is_empty(), "{t:?}");
            assert!(!t.get(Lang::En).is_empty(), "{t:?}");
        }
    }

    #[test]
    fn locale_table() {
        assert_eq!(Lang::from_locale("en_US.UTF-8"), Lang::En);
        assert_eq!(Lang::from_locale("zh_CN.UTF-8"), Lang::Zh);
        assert_eq!(Lang::from_locale("C"), Lang::Zh);
    }
}

//! The command line's help in Chinese. clap's help comes from the doc comments (English); with
//! `--lang zh` (or a Chinese `LANG`, or none) each command's and option's words are replaced from
//! this table, clap's own headings and flags included, so `anjian --help` and every
//! `anjian <cmd> --help` read in one language. A path is the subcommand names and, for an
//! option, its id after them.

use crate::i18n::Lang;
use clap::{Arg, ArgAction, Command};

const HELP: &[(&str, &str)] = &[
    ("", "安监值班台：街道（乡镇）安监办的值班工具（不带子命令：打开值班台；`anjian demo`：虚构的示范街道）"),
    (" db", "数据库文件（默认在 XDG 数据目录下；也可用环境变量 ANJIAN_DB）"),
    (" config", "配置文件（默认 $XDG_CONFIG_HOME/anjian/config.toml，或 ANJIAN_CONFIG）"),
    (" lang", "界面语言：zh 或 en（默认：配置文件、LANG，否则 zh）"),
    ("demo", "创建（或重新打开）示范街道，并在其上打开值班台"),
    ("demo no_tui", "只创建示范数据库并打印它的位置"),
    ("import", "从 CSV 或 XLSX 导入单位、网格、人员、五包一、事故或工作记录（全部成功才写入）"),
    (
        "import entity",
        "导入什么：units（单位）、grids（网格）、officers（网格人员）、teams（五包一）、accidents（事故登记）或 work（执法、培训、宣传记录）",
    ),
    ("import file", "表格文件：.csv 或 .xlsx，表头中英文均可"),
    ("import dry_run", "只检查每一行并打印报告，不写入"),
    ("export", "导出记录（单位……告警、事故、工作记录），CSV 或 JSON；期限也可导出为日历"),
    (
        "export entity",
        "导出什么：units、grids、officers、teams、hazards、deadlines、tipoffs、alarms、feeds、accidents 或 work",
    ),
    ("export within", "仅期限：多少天内到期（如 30d、4w）；逾期的总会导出"),
    ("export format", "格式：csv（默认）、json，或 ics（仅期限：日历订阅）"),
    ("export officer", "仅期限：某位网格人员所负责网格的事项（配合 --format ics 即个人日历）"),
    ("export out", "写入这个文件，而不是标准输出"),
    ("report", "根据任务清单和各项记录编制季度报告（DOCX、XLSX、Markdown）"),
    ("report quarter", "季度，如 2025Q3（默认本季度）"),
    ("report format", "要生成的格式，逗号分隔（默认 docx,xlsx,md）"),
    ("report out", "文件写入的目录"),
    ("operator", "管理在值班台登录的值班人员"),
    ("operator admin", "以这位管理员的身份操作（本办已有管理员后必须；PIN 在终端上输入，或用 ANJIAN_ADMIN_PIN）"),
    ("station admin", "以这位管理员的身份操作（本办已有管理员后必须；PIN 在终端上输入，或用 ANJIAN_ADMIN_PIN）"),
    ("operator add", "添加值班人员；PIN 在终端上输入（绝不放在命令行里）"),
    ("operator add name", "姓名"),
    ("operator add role", "角色：viewer（查看）、duty（值班员）、supervisor（主管）或 admin（管理员）"),
    ("operator add pin_stdin", "改从标准输入读取 PIN（供脚本使用）"),
    ("operator list", "列出值班人员及其角色"),
    ("operator disable", "停止某人登录（`--enable` 恢复）；其记录保留"),
    ("operator disable name", "姓名"),
    ("operator disable enable", "恢复登录"),
    ("operator scope", "把值班人员限定在某些社区或网格（村站点）；--clear 取消限定"),
    ("operator scope name", "姓名"),
    ("operator scope community", "所负责的社区（可重复）"),
    ("operator scope grid", "所负责的网格：社区/网格，或本办唯一的网格名称或编码（可重复）"),
    ("operator scope clear", "取消限定"),
    ("operator reset-pin", "为值班人员设置新 PIN（在终端上输入）"),
    ("operator reset-pin name", "姓名"),
    ("operator reset-pin pin_stdin", "改从标准输入读取 PIN（供脚本使用）"),
    ("operator role", "更改值班人员的角色"),
    ("operator role name", "姓名"),
    ("operator role role", "新角色：viewer、duty、supervisor 或 admin"),
    ("operator unlock", "解除因 PIN 输错被锁定的姓名（所有地点）"),
    ("operator unlock name", "姓名"),
    ("station", "站点：为村站点或值班室打开值班台的 SSH 密钥"),
    ("station add", "添加站点及其 SSH 公钥（同名再加一次：再添一把密钥）"),
    ("station add name", "站点名称"),
    ("station add key", "站点的公钥（id_ed25519.pub）"),
    ("station add key_stdin", "从标准输入读取公钥"),
    ("station add operator", "在该站点免 PIN 登录的值班人员（仅限本办决定这样做的地方）"),
    ("station add scope", "站点限定的社区，或“社区/网格”表示一个网格（可重复）"),
    ("station list", "列出站点、限定范围和密钥指纹"),
    ("station remove", "删除站点及其密钥（记录保留）"),
    ("station remove name", "站点名称"),
    ("audit", "检查审计日志，或打印其锚点"),
    ("audit verify", "逐行核对带密钥的哈希链，指出第一条被改或被删的记录，并核对人员、角色、范围和站点表与日志一致"),
    ("audit verify anchor", "之前用 `audit anchor` 打印的锚点（行数:MAC）：此后被删的最新记录会被指出"),
    ("audit anchor", "打印日志的行数和最新 MAC（行数:MAC），保存在服务器之外"),
    ("doctor", "检查配置、数据库、密钥文件、数据源和终端，并说明如何修正"),
    ("backup", "在他人使用时把数据库复制到新文件（恢复用 `anjian restore 路径`）"),
    ("backup path", "新的备份文件（不会覆盖已有文件）"),
    ("backup with_key", "同时复制解密举报人信息的密钥文件，放在备份旁边，名为 路径.key"),
    ("sync", "拉取配置文件中登记的告警数据源（单次供 cron 使用，或持续运行）"),
    ("sync once", "每个数据源拉取一次后退出（默认）"),
    ("sync watch", "持续拉取，每个数据源按各自的间隔，直到被中断"),
    ("sync feed", "只拉取这个数据源（配置文件中的名称）"),
    ("template", "计划模板：载入、列出，或从计划文件起草"),
    ("template import", "从纯文本计划起草模板（TOML）：编号的措施和时间表述"),
    ("template import file", "计划文件（UTF-8 文本）"),
    ("template import year", "“年底前”所指的年份（默认：文中第一次出现的年份）"),
    ("template import out", "把草稿写入这个文件，而不是标准输出"),
    ("template load", "把模板载入数据库（再次载入：原地更新，任务清单保留）"),
    ("template load file", "模板文件（TOML）"),
    ("template load builtin", "内置模板的编号（见 `template list`）"),
    ("template list", "列出已载入的计划和内置模板"),
    ("tipoff", "登记举报（供电话中心脚本使用）"),
    ("tipoff add", "登记通过电话、来信、来访或内部人员收到的举报"),
    ("tipoff add channel", "来源渠道：hotline（12350 热线）、letter（来信）、visit（来访）或 staff（内部人员）"),
    ("tipoff add description", "举报内容"),
    ("tipoff add unit", "涉及的单位：统一社会信用代码或准确名称"),
    ("tipoff add location", "地点（地址或场所）"),
    ("tipoff add category", "隐患类别"),
    ("tipoff add reporter_name", "举报人姓名：加密保存，只有主管可查看"),
    ("tipoff add reporter_phone", "举报人电话：同样加密保存"),
    ("tipoff add anonymous", "举报人未留姓名和电话"),
    ("office", "本办在报告中的身份：单位全称、主送机关、联系人、主方案"),
    ("office show", "显示本办身份，以及报告还缺哪些信息"),
    ("office set", "设置报告所需的身份信息（只改给出的项，其余不变）"),
    ("office set full_name", "落款的单位全称，如 云溪街道办事处"),
    ("office set superior", "报告的主送机关，如 区安委会办公室"),
    ("office set contact", "报告的联系人"),
    ("office set phone", "联系人电话"),
    ("office set main_plan", "报告依据的主方案（方案标识，见 template list）"),
    ("office set seal", "报告加盖印章（y 或 是）或不加盖（n 或 否），决定落款的位置"),
    ("office set tables_apart", "附件表格另附 XLSX（y 或 是），或作为 DOCX 的附件页（n 或 否）"),
    ("notify", "通知：向配置中的接收方发送测试消息并显示其答复"),
    ("notify test", "向配置中的一个接收方发送一条测试消息，显示其答复"),
    ("notify test receiver", "配置中接收方的名称"),
    ("notify send", "把上次以来存入的告警按路由分派给接收方，并发送到期的通知"),
    ("accident", "事故登记：登记事故、列出登记（值班日志页面也有登记表）"),
    ("accident add", "登记一起事故；等级按伤亡人数确定，也可给出更高的等级"),
    ("accident add at", "发生时间（北京时间），如 \"2026-11-03 14:20\""),
    ("accident add unit", "事故单位：统一社会信用代码或准确名称（未在册的按所写名称保存）"),
    ("accident add kind", "GB 6441 事故类别，如 高处坠落、物体打击、机械伤害、中毒和窒息、其他伤害"),
    ("accident add level", "一般、较大、重大或特别重大（默认按伤亡人数）"),
    ("accident add deaths", "死亡人数"),
    ("accident add injuries", "重伤人数"),
    ("accident add reported_at", "向上级报送的时间（北京时间），用于统计1小时内报送"),
    ("accident add place", "事故地点"),
    ("accident add description", "简要经过"),
    ("accident list", "列出事故登记，最新的在前"),
    ("deadline", "向期限列表添加事项（供脚本和其他日历使用）"),
    ("deadline add", "添加一个到期事项，属于本办或某个单位"),
    ("deadline add title", "事项名称"),
    ("deadline add due", "到期日，YYYY-MM-DD"),
    ("deadline add unit", "单位的统一社会信用代码（或准确名称）"),
    ("deadline add note", "备注"),
];

/// The language the help is shown in, decided before the arguments are parsed: `--lang`, then a
/// `LANG` that names a language, then Chinese.
pub fn help_lang(args: &[std::ffi::OsString]) -> Lang {
    let args: Vec<String> = args.iter().map(|a| a.to_string_lossy().to_string()).collect();
    for (i, a) in args.iter().enumerate() {
        let value = match a.strip_prefix("--lang=") {
            Some(v) => Some(v.to_string()),
            None if a == "--lang" => args.get(i + 1).cloned(),
            None => None,
        };
        if let Some(v) = value {
            return if v == "en" { Lang::En } else { Lang::Zh };
        }
    }
    match std::env::var("LANG") {
        Ok(l) if l.starts_with("en") || l == "C" || l == "POSIX" || l.starts_with("C.") => Lang::En,
        _ => Lang::Zh,
    }
}

/// The command with its help in `lang` (English is the doc comments as written).
pub fn localized(cmd: Command, lang: Lang) -> Command {
    if lang == Lang::En {
        return cmd;
    }
    translate(cmd, "")
}

fn find(path: &str) -> Option<&'static str> {
    HELP.iter().find(|(p, _)| *p == path).map(|(_, zh)| *zh)
}

/// An option's words: where it is defined, which for a global option is a parent command.
fn find_arg(path: &str, id: &str) -> Option<&'static str> {
    let mut at = path.to_string();
    loop {
        if let Some(zh) = find(&format!("{at} {id}")) {
            return Some(zh);
        }
        match at.rfind(' ') {
            Some(i) => at.truncate(i),
            None if !at.is_empty() => at.clear(),
            None => return None,
        }
    }
}

fn translate(mut cmd: Command, path: &str) -> Command {
    if let Some(about) = find(path) {
        cmd = cmd.about(about);
    }
    let ids: Vec<String> = cmd.get_arguments().map(|a| a.get_id().to_string()).collect();
    for id in ids {
        let zh = find_arg(path, &id);
        cmd = cmd.mut_arg(&id, |a| {
            // clap's own words ("possible values", "default", "env") are said in the help text.
            let a = if a.get_action().takes_values() {
                a.hide_possible_values(true).hide_default_value(true).hide_env(true)
            } else {
                a
            };
            let a = if a.is_positional() { a.help_heading("参数") } else { a.help_heading("选项") };
            match zh {
                Some(zh) => a.help(zh),
                None => a,
            }
        });
    }
    // The main help keeps to one screen (24 lines), as in English: no blank line before the commands.
    let template = if path.is_empty() {
        "{about-with-newline}用法： {usage}\n{all-args}{after-help}"
    } else {
        "{about-with-newline}用法： {usage}\n\n{all-args}{after-help}"
    };
    cmd = cmd
        .help_template(template)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .disable_help_flag(true)
        .arg(Arg::new("help").short('h').long("help").action(ArgAction::Help).help("显示帮助").help_heading("选项"));
    let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in names {
        let sub = if path.is_empty() { name.clone() } else { format!("{path} {name}") };
        cmd = cmd.mut_subcommand(&name, |s| translate(s, &sub));
    }
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every command and option a user sees has its Chinese words (a new one without them fails).
    #[test]
    fn every_visible_command_and_option_is_translated() {
        fn walk(c: &Command, p: &str, missing: &mut Vec<String>) {
            if c.is_hide_set() {
                return;
            }
            if find(p).is_none() {
                missing.push(p.to_string());
            }
            for a in c.get_arguments() {
                if !a.is_hide_set() && find_arg(p, a.get_id().as_str()).is_none() {
                    missing.push(format!("{p} {}", a.get_id()));
                }
            }
            for s in c.get_subcommands() {
                let q = if p.is_empty() { s.get_name().to_string() } else { format!("{p} {}", s.get_name()) };
                walk(s, &q, missing);
            }
        }
        let mut missing = Vec::new();
        walk(&crate::cli::Cli::command(), "", &mut missing);
        assert!(missing.is_empty(), "{missing:?}");
    }

    #[test]
    fn the_chinese_command_is_well_formed() {
        fn all(c: &Command) {
            c.clone().debug_assert();
            for s in c.get_subcommands() {
                all(s);
            }
        }
        all(&localized(crate::cli::Cli::command(), Lang::Zh));
    }

    #[test]
    fn the_language_comes_from_the_arguments_first() {
        let args = |s: &str| s.split(' ').map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(help_lang(&args("anjian --lang en --help")), Lang::En);
        assert_eq!(help_lang(&args("anjian export --lang=zh --help")), Lang::Zh);
    }
}

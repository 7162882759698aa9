//! Column headers as offices write them, in Chinese or English.

use super::sheet::Sheet;
use std::collections::HashMap;

pub struct Column {
    /// The English key, also the export header and JSON key.
    pub key: &'static str,
    /// The Chinese header that export writes.
    pub zh: &'static str,
    pub aliases: &'static [&'static str],
    pub required: bool,
}

const fn col(key: &'static str, zh: &'static str, aliases: &'static [&'static str], required: bool) -> Column {
    Column { key, zh, aliases, required }
}

pub const UNIT_COLUMNS: &[Column] = &[
    col("uscc", "统一社会信用代码", &["信用代码", "社会信用代码", "credit_code"], false),
    col("name", "单位名称", &["名称", "企业名称", "场所名称", "unit"], true),
    col("grid", "所属网格", &["网格", "网格名称"], false),
    col("community", "所属社区", &["社区", "村社区", "村/社区"], false),
    col("sector", "行业领域", &["行业", "行业类别"], true),
    col("risk_level", "风险等级", &["风险", "风险分级", "risk"], true),
    col("principal", "主要负责人", &["负责人", "法定代表人"], false),
    col("phone", "联系电话", &["电话", "手机", "联系方式"], false),
    col("address", "地址", &["单位地址", "经营地址", "详细地址"], false),
    col("lon", "经度", &["longitude", "lng"], false),
    col("lat", "纬度", &["latitude"], false),
];

pub const GRID_COLUMNS: &[Column] = &[
    col("community", "所属社区", &["社区", "村社区", "村/社区"], true),
    col("name", "网格名称", &["网格", "grid"], true),
    col("code", "网格编号", &["网格编码", "编号", "编码"], false),
];

pub const OFFICER_COLUMNS: &[Column] = &[
    col("name", "姓名", &["officer"], true),
    col("role", "角色", &["职务", "岗位", "人员类别"], true),
    col("phone", "联系电话", &["电话", "手机", "联系方式"], false),
    col("grids", "负责网格", &["所属网格", "网格", "grid"], false),
];

pub const TEAM_COLUMNS: &[Column] = &[
    col("unit", "单位", &["单位名称", "统一社会信用代码", "uscc"], true),
    col("seat", "岗位", &["包保岗位", "position"], true),
    col("officer", "姓名", &["人员", "包保人员", "name"], true),
    col("phone", "联系电话", &["电话", "手机"], false),
];

pub const ACCIDENT_COLUMNS: &[Column] = &[
    col("occurred_at", "发生时间", &["事故时间", "时间", "time"], true),
    col("unit", "事故单位", &["单位", "单位名称", "发生单位", "统一社会信用代码", "uscc"], true),
    col("place", "事故地点", &["地点", "发生地点"], false),
    col("kind", "事故类别", &["类别", "事故类型", "type"], true),
    col("level", "事故等级", &["等级"], false),
    col("deaths", "死亡人数", &["死亡"], false),
    col("injuries", "重伤人数", &["重伤", "受伤人数"], false),
    col("reported_at", "报送时间", &["上报时间", "报告时间"], false),
    col("description", "简要经过", &["事故经过", "经过", "情况"], false),
];

pub const WORK_COLUMNS: &[Column] = &[
    col("kind", "类别", &["工作类别", "记录类别"], true),
    col("on", "日期", &["开展日期", "时间", "date"], true),
    col("title", "事项", &["名称", "内容", "案由", "主题"], true),
    col("unit", "单位", &["对象单位", "被处罚单位", "单位名称"], false),
    col("fine", "罚款金额(元)", &["罚款金额", "罚款", "罚款(元)", "fine_yuan"], false),
    col("people", "人数", &["参训人数", "受众人数", "覆盖人数"], false),
    col("note", "备注", &[], false),
];

fn normalise(h: &str) -> String {
    h.trim()
        .trim_start_matches('\u{feff}')
        .trim_matches(|c| c == '*' || c == '＊')
        .replace(['（', '('], "(")
        .replace(['）', ')'], ")")
        .replace(' ', "_")
        .to_lowercase()
}

/// Positions of known columns in a sheet.
pub struct Resolved {
    index: HashMap<&'static str, usize>,
    /// The header text the file itself uses, for messages.
    header: HashMap<&'static str, String>,
}

impl Resolved {
    pub fn get<'r>(&self, cells: &'r [String], key: &str) -> &'r str {
        self.index.get(key).and_then(|&i| cells.get(i)).map(String::as_str).unwrap_or("")
    }

    pub fn header(&self, key: &str) -> String {
        self.header.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    pub fn has(&self, key: &str) -> bool {
        self.index.contains_key(key)
    }
}

/// Matches the sheet's headers; a missing required column is reported with both of its names.
pub fn resolve(sheet: &Sheet, spec: &'static [Column]) -> Result<Resolved, Vec<&'static Column>> {
    let mut index = HashMap::new();
    let mut header = HashMap::new();
    for (i, h) in sheet.headers.iter().enumerate() {
        let n = normalise(h);
        if let Some(c) = spec
            .iter()
            .find(|c| normalise(c.key) == n || normalise(c.zh) == n || c.aliases.iter().any(|a| normalise(a) == n))
        {
            index.entry(c.key).or_insert(i);
            header.entry(c.key).or_insert_with(|| h.trim().trim_start_matches('\u{feff}').to_string());
        }
    }
    let missing: Vec<_> = spec.iter().filter(|c| c.required && !index.contains_key(c.key)).collect();
    if missing.is_empty() { Ok(Resolved { index, header }) } else { Err(missing) }
}

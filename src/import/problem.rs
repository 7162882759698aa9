//! What can be wrong with one cell, worded for the clerk who has to fix the sheet.

use crate::domain::uscc::UsccError;
use crate::i18n::Lang;

#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    Missing,
    BadUscc { value: String, error: UsccError },
    DuplicateUscc { value: String, first_row: usize },
    DuplicateRow { first_row: usize },
    UnknownGrid { value: String },
    AmbiguousGrid { value: String, communities: Vec<String> },
    BadPhone { value: String },
    UnknownSector { value: String },
    UnknownRisk { value: String },
    UnknownRole { value: String },
    UnknownSeat { value: String },
    BadCoordinate { value: String },
    CoordinateOutOfChina { value: String },
    OnlyOneCoordinate,
    UnknownUnit { value: String },
    AmbiguousUnit { value: String, count: usize },
    UnknownOfficer { value: String },
    AmbiguousOfficer { value: String, count: usize },
    BadDate { value: String },
    BadMoment { value: String },
    BadCount { value: String },
    BadAmount { value: String },
    UnknownAccidentType { value: String },
    UnknownAccidentLevel { value: String },
    LevelBelowCasualties { value: String, floor: crate::domain::accident::AccidentLevel },
    ReportedBeforeOccurred,
    UnknownWorkKind { value: String },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub row: usize,
    pub column: String,
    pub reason: Reason,
}

fn uscc_error(e: &UsccError, lang: Lang) -> String {
    match (e, lang) {
        (_, Lang::En) => e.to_string(),
        (UsccError::WrongLength { len }, Lang::Zh) => format!("长度为{len}位，应为18位"),
        (UsccError::ForbiddenChar { position, ch }, Lang::Zh) => {
            format!("第{position}位“{ch}”不是允许的字符（不含I、O、S、V、Z）")
        }
        (UsccError::BadRegistrar { ch }, Lang::Zh) => format!("首位“{ch}”不是登记管理部门代码"),
        (UsccError::BadCheck { found, expected }, Lang::Zh) => {
            format!("校验位应为“{expected}”，实为“{found}”")
        }
    }
}

impl Reason {
    pub fn text(&self, lang: Lang) -> String {
        use Reason::*;
        let zh = lang == Lang::Zh;
        match self {
            Missing => (if zh { "必填项为空" } else { "required value is empty" }).into(),
            BadUscc { value, error } => {
                if zh {
                    format!("统一社会信用代码“{value}”无效：{}", uscc_error(error, lang))
                } else {
                    format!("invalid USCC \"{value}\": {}", uscc_error(error, lang))
                }
            }
            DuplicateUscc { value, first_row } => {
                if zh {
                    format!("统一社会信用代码“{value}”重复，与第{first_row}行相同")
                } else {
                    format!("duplicate USCC \"{value}\", also in row {first_row}")
                }
            }
            DuplicateRow { first_row } => {
                if zh {
                    format!("与第{first_row}行重复")
                } else {
                    format!("same record as row {first_row}")
                }
            }
            UnknownGrid { value } => {
                if zh {
                    format!("网格“{value}”不存在（先导入网格）")
                } else {
                    format!("unknown grid \"{value}\" (import grids first)")
                }
            }
            AmbiguousGrid { value, communities } => {
                if zh {
                    format!("网格“{value}”在多个社区都有（{}），请填写所属社区", communities.join("、"))
                } else {
                    format!(
                        "grid \"{value}\" exists in several communities ({}); add the community",
                        communities.join(", ")
                    )
                }
            }
            BadPhone { value } => {
                if zh {
                    format!("电话“{value}”不是有效的手机或固定电话号码")
                } else {
                    format!("\"{value}\" is not a valid mobile or landline number")
                }
            }
            UnknownSector { value } => {
                if zh {
                    format!("行业领域“{value}”未知")
                } else {
                    format!("unknown sector \"{value}\"")
                }
            }
            UnknownRisk { value } => {
                if zh {
                    format!("风险等级“{value}”未知（红/橙/黄/蓝）")
                } else {
                    format!("unknown risk level \"{value}\" (red/orange/yellow/blue)")
                }
            }
            UnknownRole { value } => {
                if zh {
                    format!("角色“{value}”未知")
                } else {
                    format!("unknown role \"{value}\"")
                }
            }
            UnknownSeat { value } => {
                if zh {
                    format!("五包一岗位“{value}”未知")
                } else {
                    format!("unknown team seat \"{value}\"")
                }
            }
            BadCoordinate { value } => {
                if zh {
                    format!("坐标“{value}”不是数字")
                } else {
                    format!("coordinate \"{value}\" is not a number")
                }
            }
            CoordinateOutOfChina { value } => {
                if zh {
                    format!("坐标“{value}”不在中国境内")
                } else {
                    format!("coordinate \"{value}\" is outside China")
                }
            }
            OnlyOneCoordinate => {
                (if zh { "经度和纬度须同时填写" } else { "longitude and latitude go together" }).into()
            }
            UnknownUnit { value } => {
                if zh {
                    format!("单位“{value}”不存在（先导入单位）")
                } else {
                    format!("unknown unit \"{value}\" (import units first)")
                }
            }
            AmbiguousUnit { value, count } => {
                if zh {
                    format!("有{count}个单位名为“{value}”，请填写统一社会信用代码")
                } else {
                    format!("{count} units are named \"{value}\"; use the USCC")
                }
            }
            UnknownOfficer { value } => {
                if zh {
                    format!("人员“{value}”不存在（先导入人员）")
                } else {
                    format!("unknown officer \"{value}\" (import officers first)")
                }
            }
            AmbiguousOfficer { value, count } => {
                if zh {
                    format!("有{count}人名为“{value}”，请填写联系电话")
                } else {
                    format!("{count} officers are named \"{value}\"; add the phone")
                }
            }
            BadDate { value } => {
                if zh {
                    format!("“{value}”不是日期（如2026-11-03）")
                } else {
                    format!("\"{value}\" is not a date (e.g. 2026-11-03)")
                }
            }
            BadMoment { value } => {
                if zh {
                    format!("“{value}”不是日期和时刻（如2026-11-03 14:20）")
                } else {
                    format!("\"{value}\" is not a date and time (e.g. 2026-11-03 14:20)")
                }
            }
            BadCount { value } => {
                if zh {
                    format!("“{value}”不是人数（0或正整数）")
                } else {
                    format!("\"{value}\" is not a number of people (0 or more)")
                }
            }
            BadAmount { value } => {
                if zh {
                    format!("“{value}”不是金额（元，0或正数）")
                } else {
                    format!("\"{value}\" is not an amount in yuan (0 or more)")
                }
            }
            UnknownAccidentType { value } => {
                if zh {
                    format!("事故类别“{value}”不在GB 6441的20类中（如高处坠落、物体打击、其他伤害）")
                } else {
                    format!("\"{value}\" is not one of GB 6441's twenty accident types")
                }
            }
            UnknownAccidentLevel { value } => {
                if zh {
                    format!("事故等级“{value}”未知（一般/较大/重大/特别重大）")
                } else {
                    format!("unknown accident level \"{value}\" (ordinary/larger/major/especially major)")
                }
            }
            LevelBelowCasualties { value, floor } => {
                if zh {
                    format!("事故等级“{value}”低于伤亡人数对应的等级（至少为{}）", floor.name(true))
                } else {
                    format!("level \"{value}\" is below what the casualties make it (at least {})", floor.name(false))
                }
            }
            ReportedBeforeOccurred => {
                (if zh { "报送时间早于发生时间" } else { "reported before it happened" }).into()
            }
            UnknownWorkKind { value } => {
                if zh {
                    format!("类别“{value}”未知（执法/培训/宣传）")
                } else {
                    format!("unknown kind \"{value}\" (enforcement/training/publicity)")
                }
            }
        }
    }
}

impl Problem {
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!("第{}行，{}：{}", self.row, self.column, self.reason.text(lang)),
            Lang::En => format!("row {}, {}: {}", self.row, self.column, self.reason.text(lang)),
        }
    }
}

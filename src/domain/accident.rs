//! Production-safety accidents as the office registers them: the level by the casualty bands of
//! 《生产安全事故报告和调查处理条例》(国务院令第493号) art. 3, the type by GB 6441-1986's twenty
//! categories, the one-hour report (assessment point 23: 1小时内报送重特大事故信息) and the
//! deduction of assessment point 27 (特别重大 40 each; 重大 10/20/40 for 1/2/3+).
//!
//! Pure, so that the tables below pin every band.

use chrono::{DateTime, Duration, FixedOffset};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum AccidentLevel {
    /// 一般: fewer than 3 deaths, fewer than 10 seriously injured.
    General,
    /// 较大: 3–9 deaths or 10–49 seriously injured.
    Larger,
    /// 重大: 10–29 deaths or 50–99 seriously injured.
    Major,
    /// 特别重大: 30 or more deaths or 100 or more seriously injured.
    EspeciallyMajor,
}

impl AccidentLevel {
    pub const ALL: [AccidentLevel; 4] =
        [AccidentLevel::General, AccidentLevel::Larger, AccidentLevel::Major, AccidentLevel::EspeciallyMajor];

    pub fn code(self) -> &'static str {
        match self {
            AccidentLevel::General => "general",
            AccidentLevel::Larger => "larger",
            AccidentLevel::Major => "major",
            AccidentLevel::EspeciallyMajor => "especially_major",
        }
    }

    pub fn name(self, zh: bool) -> &'static str {
        match (self, zh) {
            (AccidentLevel::General, true) => "一般",
            (AccidentLevel::Larger, true) => "较大",
            (AccidentLevel::Major, true) => "重大",
            (AccidentLevel::EspeciallyMajor, true) => "特别重大",
            (AccidentLevel::General, false) => "ordinary",
            (AccidentLevel::Larger, false) => "larger",
            (AccidentLevel::Major, false) => "major",
            (AccidentLevel::EspeciallyMajor, false) => "especially major",
        }
    }

    /// The code, the Chinese word (with or without 事故) or the English word.
    pub fn parse(s: &str) -> Option<AccidentLevel> {
        let s = s.trim().trim_end_matches("事故");
        Self::ALL.into_iter().find(|l| l.code() == s || l.name(true) == s || l.name(false).eq_ignore_ascii_case(s))
    }

    /// The lowest level the casualties make an accident (art. 3 of order 493; the direct economic
    /// loss, the third measure, is the investigators' call and may only raise it).
    pub fn floor(deaths: u32, seriously_injured: u32) -> AccidentLevel {
        match (deaths, seriously_injured) {
            (d, i) if d >= 30 || i >= 100 => AccidentLevel::EspeciallyMajor,
            (d, i) if d >= 10 || i >= 50 => AccidentLevel::Major,
            (d, i) if d >= 3 || i >= 10 => AccidentLevel::Larger,
            _ => AccidentLevel::General,
        }
    }

    /// 较大 and above: what the duty log's serious-accident clock and point 23 concern.
    pub fn serious(self) -> bool {
        self >= AccidentLevel::Larger
    }
}

/// GB 6441-1986 事故类别: the twenty types an accident register uses (code, Chinese, English).
pub const TYPES: [(&str, &str, &str); 20] = [
    ("struck_by_object", "物体打击", "struck by object"),
    ("vehicle", "车辆伤害", "vehicle"),
    ("machinery", "机械伤害", "machinery"),
    ("lifting", "起重伤害", "lifting"),
    ("electric_shock", "触电", "electric shock"),
    ("drowning", "淹溺", "drowning"),
    ("scald_burn", "灼烫", "scald or burn"),
    ("fire", "火灾", "fire"),
    ("fall_from_height", "高处坠落", "fall from height"),
    ("collapse", "坍塌", "collapse"),
    ("roof_fall", "冒顶片帮", "roof fall"),
    ("water_inrush", "透水", "water inrush"),
    ("blasting", "放炮", "blasting"),
    ("explosive", "火药爆炸", "explosive"),
    ("gas_explosion", "瓦斯爆炸", "gas explosion"),
    ("boiler_explosion", "锅炉爆炸", "boiler explosion"),
    ("vessel_explosion", "容器爆炸", "vessel explosion"),
    ("other_explosion", "其他爆炸", "other explosion"),
    ("poisoning_asphyxia", "中毒和窒息", "poisoning or asphyxia"),
    ("other", "其他伤害", "other injury"),
];

/// A type by its code or Chinese name ("中毒窒息" and "其他" accepted as registers write them).
pub fn parse_type(s: &str) -> Option<&'static str> {
    let s = s.trim();
    let s = match s {
        "中毒窒息" => "中毒和窒息",
        "其他" => "其他伤害",
        other => other,
    };
    TYPES.iter().find(|(code, zh, en)| *code == s || *zh == s || en.eq_ignore_ascii_case(s)).map(|(code, _, _)| *code)
}

/// The words for a type code.
pub fn type_name(code: &str, zh: bool) -> String {
    match TYPES.iter().find(|(c, _, _)| *c == code) {
        Some((_, name, _)) if zh => name.to_string(),
        Some((_, _, name)) => name.to_string(),
        None => code.to_string(),
    }
}

/// How long an accident may wait before the office reports it upward.
pub const REPORT_WITHIN: Duration = Duration::minutes(super::duty::REPORT_WITHIN_MINUTES);

/// Whether it was reported upward within the hour; `None` while it has not been reported.
pub fn reported_in_time(occurred: DateTime<FixedOffset>, reported: Option<DateTime<FixedOffset>>) -> Option<bool> {
    reported.map(|r| r - occurred <= REPORT_WITHIN)
}

/// Point 27's deduction for a year's accidents: 40 for each especially major one (and the grade
/// "不合格"); major ones 10, 20, then 40 from the third. Larger accidents are deducted 1–3 points
/// only when they rise clearly on the year before, which the assessors judge: they are counted,
/// not scored, here.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct Deduction {
    pub points: f64,
    /// An especially major accident makes the year "不合格" whatever the score.
    pub failed: bool,
}

pub fn deduction(especially_major: u32, major: u32) -> Deduction {
    let major_points = match major {
        0 => 0.0,
        1 => 10.0,
        2 => 20.0,
        _ => 40.0,
    };
    Deduction { points: 40.0 * especially_major as f64 + major_points, failed: especially_major > 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn casualties_set_the_lowest_level_at_each_band_edge() {
        use AccidentLevel::*;
        let cases = [
            ((0, 0), General),
            ((2, 9), General),
            ((3, 0), Larger),
            ((0, 10), Larger),
            ((9, 49), Larger),
            ((10, 0), Major),
            ((0, 50), Major),
            ((29, 99), Major),
            ((30, 0), EspeciallyMajor),
            ((0, 100), EspeciallyMajor),
        ];
        for ((d, i), want) in cases {
            assert_eq!(AccidentLevel::floor(d, i), want, "{d} deaths, {i} injured");
        }
    }

    #[test]
    fn levels_and_types_read_as_registers_write_them() {
        assert_eq!(AccidentLevel::parse("较大事故"), Some(AccidentLevel::Larger));
        assert_eq!(AccidentLevel::parse("especially_major"), Some(AccidentLevel::EspeciallyMajor));
        assert_eq!(AccidentLevel::parse("Ordinary"), Some(AccidentLevel::General));
        assert_eq!(AccidentLevel::parse("严重"), None);
        assert_eq!(parse_type("高处坠落"), Some("fall_from_height"));
        assert_eq!(parse_type("中毒窒息"), Some("poisoning_asphyxia"));
        assert_eq!(parse_type("其他"), Some("other"));
        assert_eq!(parse_type("翻车"), None);
        assert_eq!(type_name("fall_from_height", true), "高处坠落");
        assert_eq!(type_name("fall_from_height", false), "fall from height");
        assert!(AccidentLevel::Larger.serious() && !AccidentLevel::General.serious());
    }

    #[test]
    fn reported_within_the_hour_counts_the_sixtieth_minute_in() {
        let t = |s: &str| DateTime::parse_from_rfc3339(s).expect("time");
        let at = t("2026-11-03T14:20:00+08:00");
        assert_eq!(reported_in_time(at, None), None);
        assert_eq!(reported_in_time(at, Some(t("2026-11-03T15:20:00+08:00"))), Some(true));
        assert_eq!(reported_in_time(at, Some(t("2026-11-03T15:20:01+08:00"))), Some(false));
    }

    #[test]
    fn point_27_deducts_by_the_rule() {
        let cases = [
            ((0, 0), 0.0, false),
            ((0, 1), 10.0, false),
            ((0, 2), 20.0, false),
            ((0, 3), 40.0, false),
            ((0, 5), 40.0, false),
            ((1, 0), 40.0, true),
            ((2, 1), 90.0, true),
        ];
        for ((em, m), points, failed) in cases {
            assert_eq!(deduction(em, m), Deduction { points, failed }, "{em} especially major, {m} major");
        }
    }
}

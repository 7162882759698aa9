//! Four-colour risk grading (红/橙/黄/蓝) of units.

use serde::{Deserialize, Serialize};

/// Ordered from the most to the least dangerous so that sorting puts red first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    Major,
    Significant,
    General,
    Low,
}

impl RiskLevel {
    pub const ALL: [RiskLevel; 4] = [Self::Major, Self::Significant, Self::General, Self::Low];

    /// Stable code used in the database and in exports.
    pub fn code(self) -> &'static str {
        match self {
            Self::Major => "major",
            Self::Significant => "significant",
            Self::General => "general",
            Self::Low => "low",
        }
    }

    /// The colour word, which doubles as the export value `risk_level` (red/orange/yellow/blue).
    pub fn colour(self) -> &'static str {
        match self {
            Self::Major => "red",
            Self::Significant => "orange",
            Self::General => "yellow",
            Self::Low => "blue",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Self::Major => "重大风险",
            Self::Significant => "较大风险",
            Self::General => "一般风险",
            Self::Low => "低风险",
        }
    }

    /// A short tag that carries the level without colour (monochrome themes, NO_COLOR).
    pub fn tag(self, zh: bool) -> &'static str {
        match (self, zh) {
            (Self::Major, true) => "红",
            (Self::Significant, true) => "橙",
            (Self::General, true) => "黄",
            (Self::Low, true) => "蓝",
            (Self::Major, false) => "RED",
            (Self::Significant, false) => "ORG",
            (Self::General, false) => "YEL",
            (Self::Low, false) => "BLU",
        }
    }

    /// Accepts what offices write: colour words in either language, level names, or 1-4.
    pub fn parse(input: &str) -> Option<Self> {
        let s = input.trim().to_ascii_lowercase();
        let s = s.trim_end_matches("风险").trim_end_matches('色');
        Some(match s {
            "red" | "红" | "重大" | "major" | "1" | "i" => Self::Major,
            "orange" | "橙" | "较大" | "significant" | "2" | "ii" => Self::Significant,
            "yellow" | "黄" | "一般" | "general" | "3" | "iii" => Self::General,
            "blue" | "蓝" | "低" | "low" | "4" | "iv" => Self::Low,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_table() {
        let cases = [
            ("红", Some(RiskLevel::Major)),
            ("红色", Some(RiskLevel::Major)),
            ("重大风险", Some(RiskLevel::Major)),
            ("Orange", Some(RiskLevel::Significant)),
            ("较大风险", Some(RiskLevel::Significant)),
            (" yellow ", Some(RiskLevel::General)),
            ("3", Some(RiskLevel::General)),
            ("低风险", Some(RiskLevel::Low)),
            ("blue", Some(RiskLevel::Low)),
            ("green", None),
            ("", None),
        ];
        for (input, want) in cases {
            assert_eq!(RiskLevel::parse(input), want, "{input}");
        }
        for level in RiskLevel::ALL {
            assert_eq!(RiskLevel::parse(level.colour()), Some(level));
            assert_eq!(RiskLevel::parse(level.code()), Some(level));
            assert_eq!(RiskLevel::parse(level.zh()), Some(level));
        }
    }
}

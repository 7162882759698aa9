//! Sectors (行业领域) of supervised units.
//!
//! The sector decides the frequency of a unit's obligations: high-hazard sectors self-inspect monthly
//! and drill half-yearly, the others quarterly and yearly (ARCHITECTURE.md, "Glossary"), so an
//! unknown sector is refused at import rather than guessed.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sector {
    HazardousChemicals,
    NonCoalMine,
    Fireworks,
    Metallurgy,
    Gas,
    Construction,
    Transport,
    IndustryTrade,
    FireKeyUnit,
    NineSmall,
    CrowdedVenue,
    RentalHousing,
    Other,
}

struct Info {
    sector: Sector,
    code: &'static str,
    zh: &'static str,
    en: &'static str,
    high_hazard: bool,
    aliases: &'static [&'static str],
}

const TABLE: &[Info] = &[
    Info {
        sector: Sector::HazardousChemicals,
        code: "hazardous_chemicals",
        zh: "危险化学品",
        en: "Hazardous chemicals",
        high_hazard: true,
        aliases: &["危化品", "危化"],
    },
    Info {
        sector: Sector::NonCoalMine,
        code: "non_coal_mine",
        zh: "非煤矿山",
        en: "Non-coal mine",
        high_hazard: true,
        aliases: &["矿山"],
    },
    Info {
        sector: Sector::Fireworks,
        code: "fireworks",
        zh: "烟花爆竹",
        en: "Fireworks",
        high_hazard: true,
        aliases: &[],
    },
    Info {
        sector: Sector::Metallurgy,
        code: "metallurgy",
        zh: "金属冶炼",
        en: "Metal smelting",
        high_hazard: true,
        aliases: &["冶金"],
    },
    Info { sector: Sector::Gas, code: "gas", zh: "燃气", en: "Gas", high_hazard: true, aliases: &["城镇燃气"] },
    Info {
        sector: Sector::Construction,
        code: "construction",
        zh: "建筑施工",
        en: "Construction",
        high_hazard: true,
        aliases: &["建筑"],
    },
    Info {
        sector: Sector::Transport,
        code: "transport",
        zh: "交通运输",
        en: "Transport",
        high_hazard: true,
        aliases: &["道路运输"],
    },
    Info {
        sector: Sector::IndustryTrade,
        code: "industry_trade",
        zh: "工贸",
        en: "Industry & trade",
        high_hazard: false,
        aliases: &["工矿商贸", "工业"],
    },
    Info {
        sector: Sector::FireKeyUnit,
        code: "fire_key_unit",
        zh: "消防安全重点单位",
        en: "Fire key unit",
        high_hazard: false,
        aliases: &["消防重点单位"],
    },
    Info {
        sector: Sector::NineSmall,
        code: "nine_small",
        zh: "九小场所",
        en: "Nine small venues",
        high_hazard: false,
        aliases: &["小场所"],
    },
    Info {
        sector: Sector::CrowdedVenue,
        code: "crowded_venue",
        zh: "人员密集场所",
        en: "Crowded venue",
        high_hazard: false,
        aliases: &[],
    },
    Info {
        sector: Sector::RentalHousing,
        code: "rental_housing",
        zh: "经营性自建房",
        en: "Self-built rental housing",
        high_hazard: false,
        aliases: &["自建房", "出租房", "自建出租房"],
    },
    Info { sector: Sector::Other, code: "other", zh: "其他", en: "Other", high_hazard: false, aliases: &[] },
];

impl Sector {
    pub fn all() -> impl Iterator<Item = Sector> {
        TABLE.iter().map(|i| i.sector)
    }

    fn info(self) -> &'static Info {
        // TABLE lists every variant in declaration order; the test below keeps it that way.
        &TABLE[self as usize]
    }

    pub fn code(self) -> &'static str {
        self.info().code
    }

    pub fn name(self, zh: bool) -> &'static str {
        if zh { self.info().zh } else { self.info().en }
    }

    pub fn high_hazard(self) -> bool {
        self.info().high_hazard
    }

    /// Accepts the code, the Chinese or English name, or a common alias, ignoring case and spaces.
    pub fn parse(input: &str) -> Option<Sector> {
        let s = input.trim();
        TABLE
            .iter()
            .find(|i| {
                i.code == s
                    || i.zh == s
                    || i.en.eq_ignore_ascii_case(s)
                    || i.aliases.contains(&s)
                    || i.code.eq_ignore_ascii_case(&s.replace([' ', '-'], "_"))
            })
            .map(|i| i.sector)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_in_declaration_order() {
        for (i, info) in TABLE.iter().enumerate() {
            assert_eq!(info.sector as usize, i, "{}", info.code);
        }
    }

    #[test]
    fn parse_table() {
        let cases = [
            ("危险化学品", Some(Sector::HazardousChemicals)),
            ("危化品", Some(Sector::HazardousChemicals)),
            ("hazardous chemicals", Some(Sector::HazardousChemicals)),
            ("九小场所", Some(Sector::NineSmall)),
            ("fire_key_unit", Some(Sector::FireKeyUnit)),
            ("Fire key unit", Some(Sector::FireKeyUnit)),
            ("自建房", Some(Sector::RentalHousing)),
            ("农业", None),
        ];
        for (input, want) in cases {
            assert_eq!(Sector::parse(input), want, "{input}");
        }
        for s in Sector::all() {
            assert_eq!(Sector::parse(s.code()), Some(s));
            assert_eq!(Sector::parse(s.name(true)), Some(s));
            assert_eq!(Sector::parse(s.name(false)), Some(s));
        }
    }

    #[test]
    fn high_hazard_sectors() {
        let high: Vec<_> = Sector::all().filter(|s| s.high_hazard()).map(Sector::code).collect();
        assert_eq!(
            high,
            ["hazardous_chemicals", "non_coal_mine", "fireworks", "metallurgy", "gas", "construction", "transport"]
        );
    }
}

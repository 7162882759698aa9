//! A deterministic fictional office, as the sheets an office would keep. The demo fixtures in
//! `fixtures/demo/` were written by `cargo run --example demo_fixtures`, and benchmarks generate
//! large offices the same way, so every generated unit goes through the real import path.

mod history;
mod names;
pub mod office;

use crate::domain::{Sector, uscc};
use names::{GIVEN, NUMERALS, PLACE_WORDS, ROADS, SURNAMES, kinds};

/// A small deterministic generator (xorshift64*), so fixtures are the same on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A number in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Sector mix of an ordinary town: many small venues and workshops, a few high-hazard sites.
const SECTOR_WEIGHTS: &[(Sector, u32)] = &[
    (Sector::HazardousChemicals, 4),
    (Sector::NonCoalMine, 1),
    (Sector::Fireworks, 2),
    (Sector::Metallurgy, 2),
    (Sector::Gas, 3),
    (Sector::Construction, 4),
    (Sector::Transport, 4),
    (Sector::IndustryTrade, 22),
    (Sector::FireKeyUnit, 5),
    (Sector::NineSmall, 30),
    (Sector::CrowdedVenue, 5),
    (Sector::RentalHousing, 14),
    (Sector::Other, 4),
];

fn sector(rng: &mut Rng) -> Sector {
    let total: u32 = SECTOR_WEIGHTS.iter().map(|(_, w)| w).sum();
    let mut x = rng.below(total as usize) as u32;
    for (s, w) in SECTOR_WEIGHTS {
        if x < *w {
            return *s;
        }
        x -= w;
    }
    Sector::Other
}

fn risk(rng: &mut Rng, sector: Sector) -> &'static str {
    let r = rng.below(100);
    let (red, orange, yellow) = if sector.high_hazard() { (12, 38, 80) } else { (2, 10, 45) };
    if r < red {
        "重大风险"
    } else if r < orange {
        "较大风险"
    } else if r < yellow {
        "一般风险"
    } else {
        "低风险"
    }
}

pub fn person(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN))
}

pub fn mobile(rng: &mut Rng) -> String {
    let prefix = rng.pick(&["135", "136", "137", "138", "139", "150", "151", "158", "159", "177", "180", "187", "189"]);
    format!("{prefix}{:08}", rng.below(100_000_000))
}

/// A checksum-correct USCC: 9 (enterprise) + kind + region + 9-character organisation code.
pub fn credit_code(rng: &mut Rng, region: &str, individual: bool) -> String {
    let chars: Vec<char> = uscc::CHARSET.chars().collect();
    let org: String = (0..9).map(|i| if i < 2 { chars[10 + rng.below(21)] } else { chars[rng.below(31)] }).collect();
    let first17 = format!("9{}{region}{org}", if individual { '2' } else { '1' });
    uscc::complete(&first17).unwrap_or(first17)
}

fn grid_name(i: usize) -> String {
    if i < 10 { format!("第{}网格", NUMERALS[i]) } else { format!("第{}网格", i + 1) }
}

/// The shape of a generated office.
pub struct Shape {
    pub seed: u64,
    pub communities: Vec<String>,
    pub grids_per_community: usize,
    pub units: usize,
    /// Centre of the office area (lon, lat) and its radius in degrees.
    pub centre: (f64, f64),
    pub radius: f64,
    pub region: String,
    /// Deliberate gaps: grids left without officers, units left without a grid, teams left short.
    pub gap_grids: usize,
    pub gap_units: usize,
    pub gap_teams: usize,
}

impl Shape {
    /// The demo town: 8 communities, 40 grids, about 640 units.
    pub fn demo_town() -> Shape {
        Shape {
            seed: 20261123,
            communities: ["云溪社区", "桃源社区", "溪口村", "梅岭村", "青石社区", "双桥村", "凤鸣社区", "南湖村"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            grids_per_community: 5,
            units: 640,
            centre: (119.982, 30.274),
            radius: 0.045,
            region: "330110".into(),
            gap_grids: 2,
            gap_units: 12,
            gap_teams: 6,
        }
    }

    /// A district-sized office for benchmarks: `units` units in 3,000 grids.
    pub fn district(units: usize) -> Shape {
        Shape::sized(units, 150, 20)
    }

    /// `units` units in `communities` × `grids_per_community` grids, spread wider as it grows.
    pub fn sized(units: usize, communities: usize, grids_per_community: usize) -> Shape {
        let radius = 0.05 + 0.2 * ((communities as f64) / 150.0).sqrt();
        Shape {
            seed: 7,
            communities: (0..communities)
                .map(|i| format!("{}{}社区", PLACE_WORDS[i % PLACE_WORDS.len()], i / PLACE_WORDS.len() + 1))
                .collect(),
            grids_per_community,
            units,
            centre: (120.15, 30.28),
            radius,
            region: "330106".into(),
            gap_grids: communities * grids_per_community / 100,
            gap_units: units / 100,
            gap_teams: communities / 3,
        }
    }
}

/// The four sheets (grids, officers, units, teams) as CSV text with Chinese headers.
pub struct Sheets {
    pub grids: String,
    pub officers: String,
    pub units: String,
    pub teams: String,
    /// Self-inspections and drills, dated in days before the day the office is loaded.
    pub inspections: String,
    /// Hazards, dated likewise (negative deadline days are in the past).
    pub hazards: String,
}

fn csv_line(cells: &[&str]) -> String {
    let quoted: Vec<String> = cells
        .iter()
        .map(|c| if c.contains([',', '"', '\n']) { format!("\"{}\"", c.replace('"', "\"\"")) } else { c.to_string() })
        .collect();
    format!("{}\n", quoted.join(","))
}

pub fn generate(shape: &Shape) -> Sheets {
    let mut rng = Rng::new(shape.seed);
    let mut grids = csv_line(&["所属社区", "网格名称", "网格编号"]);
    let mut officers = csv_line(&["姓名", "角色", "联系电话", "负责网格"]);
    let mut units = csv_line(&[
        "统一社会信用代码",
        "单位名称",
        "所属网格",
        "所属社区",
        "行业领域",
        "风险等级",
        "主要负责人",
        "联系电话",
        "地址",
        "经度",
        "纬度",
    ]);
    let mut teams = csv_line(&["单位", "岗位", "姓名", "联系电话"]);

    // Grids with their centres, spread around the office centre community by community.
    let mut grid_list = Vec::new();
    let n_comm = shape.communities.len();
    for (ci, c) in shape.communities.iter().enumerate() {
        let angle = ci as f64 / n_comm as f64 * std::f64::consts::TAU;
        let cc = (shape.centre.0 + angle.cos() * shape.radius * 0.6, shape.centre.1 + angle.sin() * shape.radius * 0.6);
        for gi in 0..shape.grids_per_community {
            let name = grid_name(gi);
            let code = format!("G{:03}{:02}", ci + 1, gi + 1);
            grids.push_str(&csv_line(&[c, &name, &code]));
            let gc = (cc.0 + (rng.unit() - 0.5) * shape.radius * 0.5, cc.1 + (rng.unit() - 0.5) * shape.radius * 0.5);
            grid_list.push((c.clone(), name, gc));
        }
    }

    // Officers: a leader and one or two members per grid, except the deliberate gaps.
    let mut used = std::collections::HashSet::new();
    let mut unique_person = |rng: &mut Rng| loop {
        let (n, p) = (person(rng), mobile(rng));
        if used.insert(n.clone()) || used.len() > 1400 {
            return (n, p);
        }
    };
    let gap_every = grid_list.len().checked_div(shape.gap_grids).filter(|n| *n > 0).unwrap_or(usize::MAX);
    for (i, (c, g, _)) in grid_list.iter().enumerate() {
        if gap_every != usize::MAX && i % gap_every == gap_every - 1 {
            continue;
        }
        let (n, p) = unique_person(&mut rng);
        officers.push_str(&csv_line(&[&n, "网格长", &p, &format!("{c}/{g}")]));
        for _ in 0..1 + rng.below(2) {
            let (n, p) = unique_person(&mut rng);
            officers.push_str(&csv_line(&[&n, "网格员", &p, &format!("{c}/{g}")]));
        }
    }
    // Town-level people who sit on 五包一 teams.
    let mut pool: Vec<(&str, Vec<(String, String)>)> = Vec::new();
    for (seat, role, count) in [
        ("片区监管员", "包保干部", 6),
        ("镇街干部", "包保干部", 6),
        ("消防/公安", "消防员", 4),
        ("消防/公安", "民警", 4),
        ("专业人员", "专业人员", 4),
    ] {
        let mut people = Vec::new();
        for _ in 0..count {
            let (n, p) = unique_person(&mut rng);
            officers.push_str(&csv_line(&[&n, role, &p, ""]));
            people.push((n, p));
        }
        match pool.iter_mut().find(|(s, _)| *s == seat) {
            Some((_, v)) => v.extend(people),
            None => pool.push((seat, people)),
        }
    }

    // Units.
    let mut names = std::collections::HashSet::new();
    let mut fire_keys = Vec::new();
    let mut unit_keys: Vec<(String, Sector)> = Vec::new();
    let no_grid_every = shape.units.checked_div(shape.gap_units).filter(|n| *n > 0).unwrap_or(usize::MAX);
    for i in 0..shape.units {
        let s = sector(&mut rng);
        let gi = rng.below(grid_list.len());
        let (c, g, gc) = &grid_list[gi];
        let prefix: String = c.chars().take(2).collect();
        let mut place = *rng.pick(PLACE_WORDS);
        while place == prefix {
            place = *rng.pick(PLACE_WORDS);
        }
        let kind = rng.pick(kinds(s));
        let road = rng.pick(ROADS);
        let no = 1 + rng.below(300);
        let mut name =
            if s == Sector::RentalHousing { format!("{road}{no}号{kind}") } else { format!("{prefix}{place}{kind}") };
        if !names.insert(name.clone()) {
            name = format!("{name}（{}店）", NUMERALS[rng.below(10)]);
            if !names.insert(name.clone()) {
                name = format!("{name}{i}");
                names.insert(name.clone());
            }
        }
        let code = if s == Sector::RentalHousing && rng.below(3) == 0 {
            String::new()
        } else {
            credit_code(&mut rng, &shape.region, matches!(s, Sector::NineSmall | Sector::RentalHousing))
        };
        let without_grid = no_grid_every != usize::MAX && i % no_grid_every == no_grid_every / 2;
        let (gname, cname) = if without_grid { (String::new(), String::new()) } else { (g.clone(), c.clone()) };
        let lon = gc.0 + (rng.unit() - 0.5) * shape.radius * 0.3;
        let lat = gc.1 + (rng.unit() - 0.5) * shape.radius * 0.3;
        let principal = person(&mut rng);
        let phone = if rng.below(8) == 0 { format!("0571-8{:07}", rng.below(10_000_000)) } else { mobile(&mut rng) };
        let address = format!("{road}{no}号");
        units.push_str(&csv_line(&[
            &code,
            &name,
            &gname,
            &cname,
            s.name(true),
            risk(&mut rng, s),
            &principal,
            &phone,
            &address,
            &format!("{lon:.6}"),
            &format!("{lat:.6}"),
        ]));
        let key = if code.is_empty() { name } else { code };
        if s == Sector::FireKeyUnit {
            fire_keys.push(key.clone());
        }
        unit_keys.push((key, s));
    }
    let short_every = fire_keys.len().checked_div(shape.gap_teams).map(|n| n.max(1)).unwrap_or(usize::MAX);
    for (i, key) in fire_keys.iter().enumerate() {
        let short = short_every != usize::MAX && i % short_every == 0 && i / short_every < shape.gap_teams;
        let seats = ["片区监管员", "镇街干部", "社区工作人员", "消防/公安", "专业人员"];
        for (si, seat) in seats.iter().enumerate() {
            if short && si >= 3 {
                continue;
            }
            let (n, p) = if *seat == "社区工作人员" {
                // The community seat goes to a grid officer; any one will do for generated data.
                match officers.lines().nth(1 + rng.below(grid_list.len())) {
                    Some(line) => {
                        let cells: Vec<&str> = line.split(',').collect();
                        (cells[0].to_string(), cells.get(2).unwrap_or(&"").to_string())
                    }
                    None => continue,
                }
            } else {
                match pool.iter().find(|(s, _)| s == seat) {
                    Some((_, people)) => rng.pick(people).clone(),
                    None => continue,
                }
            };
            teams.push_str(&csv_line(&[key, seat, &n, &p]));
        }
    }
    let (inspections, hazards) = history::history(&mut rng, &unit_keys);
    Sheets { grids, officers, units, teams, inspections, hazards }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_codes_are_valid_and_generation_is_deterministic() {
        let mut rng = Rng::new(1);
        for _ in 0..200 {
            let c = credit_code(&mut rng, "330110", false);
            assert_eq!(uscc::validate(&c), Ok(c.clone()));
        }
        let a = generate(&Shape::demo_town());
        let b = generate(&Shape::demo_town());
        assert_eq!(a.units, b.units);
    }
}

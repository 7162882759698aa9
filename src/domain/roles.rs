//! Roles of officers (grid duties) and of operators (who may do what at the terminal).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfficerRole {
    GridLeader,
    GridMember,
    Cadre,
    Firefighter,
    Police,
    Expert,
}

impl OfficerRole {
    pub const ALL: [OfficerRole; 6] =
        [Self::GridLeader, Self::GridMember, Self::Cadre, Self::Firefighter, Self::Police, Self::Expert];

    pub fn code(self) -> &'static str {
        match self {
            Self::GridLeader => "grid_leader",
            Self::GridMember => "grid_member",
            Self::Cadre => "cadre",
            Self::Firefighter => "firefighter",
            Self::Police => "police",
            Self::Expert => "expert",
        }
    }

    pub fn name(self, zh: bool) -> &'static str {
        match (self, zh) {
            (Self::GridLeader, true) => "网格长",
            (Self::GridMember, true) => "网格员",
            (Self::Cadre, true) => "包保干部",
            (Self::Firefighter, true) => "消防员",
            (Self::Police, true) => "民警",
            (Self::Expert, true) => "专业人员",
            (Self::GridLeader, false) => "Grid leader",
            (Self::GridMember, false) => "Grid member",
            (Self::Cadre, false) => "Cadre",
            (Self::Firefighter, false) => "Firefighter",
            (Self::Police, false) => "Police",
            (Self::Expert, false) => "Expert",
        }
    }

    pub fn parse(input: &str) -> Option<Self> {
        let s = input.trim();
        let alias = match s {
            "网格长" => Some(Self::GridLeader),
            "网格员" | "专职网格员" | "兼职网格员" => Some(Self::GridMember),
            "包保干部" | "镇干部" | "街道干部" | "干部" => Some(Self::Cadre),
            "消防员" | "消防" => Some(Self::Firefighter),
            "民警" | "公安" | "警察" => Some(Self::Police),
            "专业人员" | "专家" | "技术专家" => Some(Self::Expert),
            _ => None,
        };
        alias.or_else(|| {
            Self::ALL.into_iter().find(|r| {
                r.code() == s
                    || r.name(false).eq_ignore_ascii_case(s)
                    || r.code() == s.replace(' ', "_").to_ascii_lowercase()
            })
        })
    }
}

/// The five seats of a 五包一 team for a fire-safety key unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TeamSeat {
    Supervisor,
    Cadre,
    CommunityWorker,
    Responder,
    Professional,
}

impl TeamSeat {
    pub const ALL: [TeamSeat; 5] =
        [Self::Supervisor, Self::Cadre, Self::CommunityWorker, Self::Responder, Self::Professional];

    pub fn code(self) -> &'static str {
        match self {
            Self::Supervisor => "supervisor",
            Self::Cadre => "cadre",
            Self::CommunityWorker => "community_worker",
            Self::Responder => "responder",
            Self::Professional => "professional",
        }
    }

    pub fn name(self, zh: bool) -> &'static str {
        match (self, zh) {
            (Self::Supervisor, true) => "片区监管员",
            (Self::Cadre, true) => "镇街干部",
            (Self::CommunityWorker, true) => "社区工作人员",
            (Self::Responder, true) => "消防/公安",
            (Self::Professional, true) => "专业人员",
            (Self::Supervisor, false) => "Sector supervisor",
            (Self::Cadre, false) => "Town cadre",
            (Self::CommunityWorker, false) => "Community worker",
            (Self::Responder, false) => "Fire/police",
            (Self::Professional, false) => "Professional",
        }
    }

    pub fn parse(input: &str) -> Option<Self> {
        let s = input.trim();
        let alias = match s {
            "监管员" | "片区监管" => Some(Self::Supervisor),
            "干部" | "镇干部" | "街道干部" => Some(Self::Cadre),
            "社区" | "社区干部" | "村社区干部" => Some(Self::CommunityWorker),
            "消防" | "公安" | "消防员" | "民警" | "消防或公安" => Some(Self::Responder),
            "专家" | "专业" => Some(Self::Professional),
            _ => None,
        };
        alias.or_else(|| {
            Self::ALL.into_iter().find(|r| r.code() == s || r.name(true) == s || r.name(false).eq_ignore_ascii_case(s))
        })
    }
}

/// Operator roles, least to most powerful; each includes what the ones before it may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OperatorRole {
    Viewer,
    Duty,
    Supervisor,
    Admin,
}

impl OperatorRole {
    pub fn code(self) -> &'static str {
        match self {
            Self::Viewer => "viewer",
            Self::Duty => "duty",
            Self::Supervisor => "supervisor",
            Self::Admin => "admin",
        }
    }

    pub fn name(self, zh: bool) -> &'static str {
        match (self, zh) {
            (Self::Viewer, true) => "查看",
            (Self::Duty, true) => "值班",
            (Self::Supervisor, true) => "主管",
            (Self::Admin, true) => "管理员",
            (Self::Viewer, false) => "viewer",
            (Self::Duty, false) => "duty",
            (Self::Supervisor, false) => "supervisor",
            (Self::Admin, false) => "admin",
        }
    }

    pub fn parse(input: &str) -> Option<Self> {
        [Self::Viewer, Self::Duty, Self::Supervisor, Self::Admin]
            .into_iter()
            .find(|r| r.code() == input.trim().to_ascii_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_tables() {
        assert_eq!(OfficerRole::parse("网格长"), Some(OfficerRole::GridLeader));
        assert_eq!(OfficerRole::parse("grid member"), Some(OfficerRole::GridMember));
        assert_eq!(OfficerRole::parse("Police"), Some(OfficerRole::Police));
        assert_eq!(OfficerRole::parse("保安"), None);
        for r in OfficerRole::ALL {
            assert_eq!(OfficerRole::parse(r.code()), Some(r));
            assert_eq!(OfficerRole::parse(r.name(true)), Some(r));
        }
        for s in TeamSeat::ALL {
            assert_eq!(TeamSeat::parse(s.code()), Some(s));
            assert_eq!(TeamSeat::parse(s.name(true)), Some(s));
        }
        assert_eq!(TeamSeat::parse("消防"), Some(TeamSeat::Responder));
        assert_eq!(OperatorRole::parse("Admin"), Some(OperatorRole::Admin));
        assert_eq!(OperatorRole::parse("root"), None);
        assert!(OperatorRole::Viewer < OperatorRole::Admin);
    }
}

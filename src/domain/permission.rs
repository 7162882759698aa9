//! Who may do what: every action needs one of four levels, and each level has a least role. This
//! is the one table; the action table says which level each action needs, the keymap, help and
//! palette read it, and the store's own rules (closing a major hazard, revealing a reporter) agree.

use super::roles::OperatorRole;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Need {
    /// Look: screens, lists, filters, the report's preview.
    Read,
    /// Duty work: acknowledge, dispatch, record, update, tick the checklist.
    Work,
    /// Decide: close major hazards, reveal a reporter, grant rewards, approve and export the report.
    Supervise,
    /// Run the office's anjian: operators, feeds, templates.
    Administer,
}

impl Need {
    pub const ALL: [Need; 4] = [Need::Read, Need::Work, Need::Supervise, Need::Administer];

    /// The least role that has this level.
    pub fn least_role(self) -> OperatorRole {
        match self {
            Need::Read => OperatorRole::Viewer,
            Need::Work => OperatorRole::Duty,
            Need::Supervise => OperatorRole::Supervisor,
            Need::Administer => OperatorRole::Admin,
        }
    }
}

impl OperatorRole {
    pub const ALL: [OperatorRole; 4] =
        [OperatorRole::Viewer, OperatorRole::Duty, OperatorRole::Supervisor, OperatorRole::Admin];

    pub fn can(self, need: Need) -> bool {
        self >= need.least_role()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_has_its_level_and_every_level_below() {
        let table = [
            (OperatorRole::Viewer, [true, false, false, false]),
            (OperatorRole::Duty, [true, true, false, false]),
            (OperatorRole::Supervisor, [true, true, true, false]),
            (OperatorRole::Admin, [true, true, true, true]),
        ];
        for (role, want) in table {
            let got: Vec<bool> = Need::ALL.iter().map(|n| role.can(*n)).collect();
            assert_eq!(got, want, "{role:?}");
        }
    }
}

//! The office as its report names it: its full name (…街道办事处), the short name on screens, the
//! body it reports to (主送机关), who to call about the report and on what number, and the plan its
//! report follows. The report can be sent only when these are known; what is missing is said by
//! name wherever the report is made (the Checklist screen, `doctor`, `anjian office show`).

use serde::Serialize;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OfficeIdentity {
    /// The short name on screens (云溪街道).
    pub name: String,
    /// The full name that signs the report (云溪街道办事处).
    pub full_name: String,
    /// The body the report is addressed to (区安委会办公室).
    pub superior: String,
    pub contact_person: String,
    pub contact_phone: String,
    /// The key of the plan the report follows (e.g. street-plan-2024-2026); others by choice.
    pub main_plan: String,
    /// The report goes out under the office's seal (the signature placed for one).
    pub sealed: bool,
    /// The attachments' tables go as a separate workbook, not as pages of the document.
    pub tables_apart: bool,
}

/// One part of the identity, for saying what is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentityField {
    FullName,
    Superior,
    ContactPerson,
    ContactPhone,
    MainPlan,
}

impl IdentityField {
    pub fn name(self, zh: bool) -> &'static str {
        match (self, zh) {
            (Self::FullName, true) => "单位全称",
            (Self::Superior, true) => "主送机关",
            (Self::ContactPerson, true) => "联系人",
            (Self::ContactPhone, true) => "联系电话",
            (Self::MainPlan, true) => "主方案",
            (Self::FullName, false) => "full name",
            (Self::Superior, false) => "addressee (主送机关)",
            (Self::ContactPerson, false) => "contact person",
            (Self::ContactPhone, false) => "contact phone",
            (Self::MainPlan, false) => "main plan",
        }
    }

    /// The `anjian office set` option that gives it.
    pub fn option(self) -> &'static str {
        match self {
            Self::FullName => "--full-name",
            Self::Superior => "--superior",
            Self::ContactPerson => "--contact",
            Self::ContactPhone => "--phone",
            Self::MainPlan => "--main-plan",
        }
    }
}

impl OfficeIdentity {
    /// What the report still needs, in the order a reader meets it.
    pub fn missing(&self) -> Vec<IdentityField> {
        [
            (IdentityField::FullName, &self.full_name),
            (IdentityField::Superior, &self.superior),
            (IdentityField::ContactPerson, &self.contact_person),
            (IdentityField::ContactPhone, &self.contact_phone),
            (IdentityField::MainPlan, &self.main_plan),
        ]
        .into_iter()
        .filter(|(_, v)| v.trim().is_empty())
        .map(|(f, _)| f)
        .collect()
    }

    /// The name that signs the report: the full name, else the short one.
    pub fn signing_name(&self) -> &str {
        if self.full_name.trim().is_empty() { &self.name } else { &self.full_name }
    }

    /// "单位全称、主送机关", or `None` when complete (for a screen: whoever sets them does it on the
    /// server).
    pub fn missing_names(&self, zh: bool) -> Option<String> {
        let missing = self.missing();
        let names: Vec<&str> = missing.iter().map(|f| f.name(zh)).collect();
        (!names.is_empty()).then(|| names.join(if zh { "、" } else { ", " }))
    }

    /// "单位全称、主送机关（anjian office set --full-name … --superior …）", or `None` when complete.
    pub fn missing_words(&self, zh: bool) -> Option<String> {
        let missing = self.missing();
        if missing.is_empty() {
            return None;
        }
        let names: Vec<&str> = missing.iter().map(|f| f.name(zh)).collect();
        let options: Vec<String> = missing.iter().map(|f| format!("{} …", f.option())).collect();
        let command = format!("anjian office set {}", options.join(" "));
        Some(if zh {
            format!("{}（{command}）", names.join("、"))
        } else {
            format!("{} ({command})", names.join(", "))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_missing_is_named_in_order() {
        let mut id = OfficeIdentity { name: "云溪街道".into(), ..Default::default() };
        assert_eq!(id.missing().len(), 5);
        assert_eq!(id.signing_name(), "云溪街道");
        id.full_name = "云溪街道办事处".into();
        id.contact_person = "王某".into();
        id.main_plan = "street-plan-2024-2026".into();
        assert_eq!(id.missing(), [IdentityField::Superior, IdentityField::ContactPhone]);
        assert_eq!(id.signing_name(), "云溪街道办事处");
        assert_eq!(
            id.missing_words(true).as_deref(),
            Some("主送机关、联系电话（anjian office set --superior … --phone …）")
        );
        assert_eq!(id.missing_names(true).as_deref(), Some("主送机关、联系电话"));
        id.superior = "区安委会办公室".into();
        id.contact_phone = " ".into();
        assert_eq!(id.missing(), [IdentityField::ContactPhone], "blank is missing");
        assert_eq!(id.missing_words(false).as_deref(), Some("contact phone (anjian office set --phone …)"));
        id.contact_phone = "0571-88880000".into();
        assert_eq!(id.missing_words(false), None);
    }
}

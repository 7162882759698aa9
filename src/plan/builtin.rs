//! The templates that ship with anjian, written from the campaign plans in our own words. They are
//! compiled in, so a fresh office can load them without any file at hand.

use super::template::{Template, TemplateError, parse};
use std::path::Path;

/// (file name, text) of each built-in template.
pub const BUILTIN: [(&str, &str); 4] = [
    ("district-letter-2024.toml", include_str!("../../templates/district-letter-2024.toml")),
    ("town-plan-2024-2026.toml", include_str!("../../templates/town-plan-2024-2026.toml")),
    ("street-plan-2024-2026.toml", include_str!("../../templates/street-plan-2024-2026.toml")),
    ("assessment-2024.toml", include_str!("../../templates/assessment-2024.toml")),
];

/// Every built-in template, parsed.
pub fn all() -> Result<Vec<Template>, TemplateError> {
    BUILTIN.iter().map(|(file, text)| parse(Path::new(file), text)).collect()
}

/// The built-in template with this id.
pub fn by_id(id: &str) -> Result<Option<Template>, TemplateError> {
    Ok(all()?.into_iter().find(|t| t.id == id))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_builtin_parses_with_a_distinct_id() {
        let all = super::all().expect("built-in templates parse");
        let mut ids: Vec<&str> = all.iter().map(|t| t.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), super::BUILTIN.len());
    }
}

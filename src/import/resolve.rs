//! Turning names typed in a sheet into the store's ids (grids, units, officers).

use super::problem::Reason;
use std::collections::HashMap;

pub struct GridResolver {
    by_pair: HashMap<(String, String), i64>,
    by_name: HashMap<String, Vec<(i64, String)>>,
    by_code: HashMap<String, i64>,
}

impl GridResolver {
    pub fn new(keys: Vec<(i64, String, String, String)>) -> Self {
        let mut r = GridResolver { by_pair: HashMap::new(), by_name: HashMap::new(), by_code: HashMap::new() };
        for (id, community, name, code) in keys {
            r.by_pair.insert((community.clone(), name.clone()), id);
            r.by_name.entry(name).or_default().push((id, community));
            if !code.is_empty() {
                r.by_code.insert(code, id);
            }
        }
        r
    }

    /// Accepts "社区/网格", a grid code, or a grid name (with the community from its own column
    /// when the name repeats across communities).
    pub fn find(&self, value: &str, community: &str) -> Result<i64, Reason> {
        let value = value.trim();
        if let Some((c, g)) = value.split_once(['/', '／']) {
            return self
                .by_pair
                .get(&(c.trim().to_string(), g.trim().to_string()))
                .copied()
                .ok_or_else(|| Reason::UnknownGrid { value: value.into() });
        }
        if !community.is_empty() {
            return self
                .by_pair
                .get(&(community.trim().to_string(), value.to_string()))
                .copied()
                .ok_or_else(|| Reason::UnknownGrid { value: format!("{}/{value}", community.trim()) });
        }
        if let Some(id) = self.by_code.get(value) {
            return Ok(*id);
        }
        match self.by_name.get(value).map(Vec::as_slice) {
            Some([(id, _)]) => Ok(*id),
            Some(many) if !many.is_empty() => Err(Reason::AmbiguousGrid {
                value: value.into(),
                communities: many.iter().map(|(_, c)| c.clone()).collect(),
            }),
            _ => Err(Reason::UnknownGrid { value: value.into() }),
        }
    }
}

/// Finds exactly one id among candidates with a given name.
pub fn unique<T: Copy>(
    found: &[T],
    unknown: impl FnOnce() -> Reason,
    ambiguous: impl FnOnce(usize) -> Reason,
) -> Result<T, Reason> {
    match found {
        [one] => Ok(*one),
        [] => Err(unknown()),
        many => Err(ambiguous(many.len())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_lookup_table() {
        let r = GridResolver::new(vec![
            (1, "东湖社区".into(), "第一网格".into(), "DH01".into()),
            (2, "西岭村".into(), "第一网格".into(), "XL01".into()),
            (3, "西岭村".into(), "第二网格".into(), String::new()),
        ]);
        assert_eq!(r.find("东湖社区/第一网格", ""), Ok(1));
        assert_eq!(r.find("第一网格", "西岭村"), Ok(2));
        assert_eq!(r.find("XL01", ""), Ok(2));
        assert_eq!(r.find("第二网格", ""), Ok(3));
        assert!(matches!(r.find("第一网格", ""), Err(Reason::AmbiguousGrid { .. })));
        assert_eq!(r.find("第九网格", ""), Err(Reason::UnknownGrid { value: "第九网格".into() }));
        assert_eq!(r.find("第二网格", "东湖社区"), Err(Reason::UnknownGrid { value: "东湖社区/第二网格".into() }));
    }
}

//! The plan template format (TOML): a plan's tasks and measures with their time nodes, as the
//! built-in templates and `template import` drafts write it. A mistake is reported with the file,
//! the line and the field, like the config.

pub use crate::domain::checklist::Every;
use crate::domain::checklist::{Figure, ItemKind};
use chrono::NaiveDate;
use serde::Deserialize;
use std::path::Path;

/// One date or a list of dated milestones.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
enum Dates {
    One(toml::value::Datetime),
    Many(Vec<toml::value::Datetime>),
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    pub number: u32,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeasure {
    task: u32,
    number: u32,
    title: String,
    due: Option<Dates>,
    every: Option<Every>,
    /// The frequency for units in high-hazard sectors, when the plan sets another one.
    every_high_hazard: Option<Every>,
    #[serde(default)]
    ongoing: bool,
    /// Who the measure is addressed to: "district" for a district's own bodies (not a street's or
    /// town's work: kept with the plan, left off the office's checklist).
    level: Option<Level>,
    section: Option<String>,
    points: Option<f64>,
    evidence: Option<String>,
    #[serde(default)]
    kind: ItemKind,
    /// What each dated milestone is to achieve, in the order of `due`.
    #[serde(default)]
    targets: Vec<String>,
    rule: Option<String>,
    figure: Option<Figure>,
}

/// Who a measure is addressed to, when not the office itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// The district's government, departments or committee.
    District,
}

impl Level {
    pub fn code(self) -> &'static str {
        match self {
            Level::District => "district",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTemplate {
    /// A stable key for the plan in the database; the file name's stem when absent.
    id: Option<String>,
    name: String,
    source: String,
    from: Option<toml::value::Datetime>,
    until: Option<toml::value::Datetime>,
    #[serde(default)]
    task: Vec<Task>,
    #[serde(default)]
    measure: Vec<RawMeasure>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    pub task: u32,
    pub number: u32,
    pub title: String,
    /// Dated milestones, in order.
    pub due: Vec<NaiveDate>,
    /// What each milestone is to achieve (empty, or one per date of `due`).
    pub targets: Vec<String>,
    pub kind: ItemKind,
    /// For deductions and bonuses: the rule as the office should read it.
    pub rule: Option<String>,
    /// The office's data that measures this item.
    pub figure: Option<Figure>,
    pub every: Option<Every>,
    /// The frequency for units in high-hazard sectors ("（高危行业领域每月至少1次）").
    pub every_high_hazard: Option<Every>,
    pub ongoing: bool,
    /// `Some(District)` for a measure addressed to district bodies.
    pub level: Option<Level>,
    pub section: Option<String>,
    pub points: Option<f64>,
    pub evidence: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    pub id: String,
    pub name: String,
    /// The period the plan runs; recurring and ongoing items are active only within it.
    pub from: NaiveDate,
    pub until: NaiveDate,
    pub source: String,
    pub tasks: Vec<Task>,
    pub measures: Vec<Measure>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("template {file}, line {line}: {message}")]
pub struct TemplateError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// The line of the `index`-th `[[table]]` header.
fn header_line(text: &str, table: &str, index: usize) -> usize {
    let header = format!("[[{table}]]");
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with(&header))
        .nth(index)
        .map(|(n, _)| n + 1)
        .unwrap_or(1)
}

/// Reads and parses a template file; a file that cannot be read is named like a parse error.
pub fn load(file: &Path) -> Result<Template, TemplateError> {
    let text = std::fs::read_to_string(file).map_err(|e| TemplateError {
        file: file.display().to_string(),
        line: 0,
        message: format!("cannot read it: {e}"),
    })?;
    parse(file, &text)
}

/// The line of a top-level key.
fn top_line(text: &str, key: &str) -> usize {
    text.lines().position(|l| l.trim_start().starts_with(key) && l.contains('=')).map(|n| n + 1).unwrap_or(1)
}

fn date(d: &toml::value::Datetime) -> Option<NaiveDate> {
    match (d.date, d.time) {
        (Some(x), None) => NaiveDate::from_ymd_opt(x.year as i32, x.month as u32, x.day as u32),
        _ => None,
    }
}

pub fn parse(file: &Path, text: &str) -> Result<Template, TemplateError> {
    let name = file.display().to_string();
    let err = |line: usize, message: String| TemplateError { file: name.clone(), line, message };
    let raw: RawTemplate = toml::from_str(text).map_err(|e| {
        let start = e.span().map(|s| s.start.min(text.len())).unwrap_or(0);
        let line = text[..start].matches('\n').count() + 1;
        let field = text.lines().nth(line - 1).and_then(|l| l.split_once('=')).map(|(k, _)| k.trim().to_string());
        let message = match field {
            Some(f) if !f.is_empty() => format!("field \"{f}\": {}", e.message()),
            _ => e.message().to_string(),
        };
        err(line, message)
    })?;
    let mut measures = Vec::with_capacity(raw.measure.len());
    for (i, m) in raw.measure.into_iter().enumerate() {
        let line = header_line(text, "measure", i);
        if !raw.task.iter().any(|t| t.number == m.task) {
            return Err(err(
                line,
                format!("field \"task\": measure {} names task {}, which is not listed", m.number, m.task),
            ));
        }
        let due: Vec<NaiveDate> = match &m.due {
            None => Vec::new(),
            Some(Dates::One(d)) => vec![date(d).ok_or_else(|| err(line, format!("field \"due\": {d} is not a date")))?],
            Some(Dates::Many(list)) => list
                .iter()
                .map(|d| date(d).ok_or_else(|| err(line, format!("field \"due\": {d} is not a date"))))
                .collect::<Result<_, _>>()?,
        };
        if due.is_empty() && m.every.is_none() && !m.ongoing {
            return Err(err(line, format!("measure {}: give a time node: due, every or ongoing = true", m.number)));
        }
        if m.every_high_hazard.is_some() && m.every.is_none() {
            return Err(err(
                line,
                format!(
                    "field \"every_high_hazard\": measure {} needs \"every\" (the general frequency) too",
                    m.number
                ),
            ));
        }
        if !m.targets.is_empty() && m.targets.len() != due.len() {
            return Err(err(
                line,
                format!(
                    "field \"targets\": measure {} has {} dates in \"due\" but {} targets",
                    m.number,
                    due.len(),
                    m.targets.len()
                ),
            ));
        }
        let mut pairs: Vec<(NaiveDate, Option<String>)> =
            due.into_iter().zip(m.targets.into_iter().map(Some).chain(std::iter::repeat(None))).collect();
        pairs.sort_by_key(|p| p.0);
        let due: Vec<NaiveDate> = pairs.iter().map(|p| p.0).collect();
        let targets: Vec<String> = pairs.into_iter().filter_map(|p| p.1).collect();
        measures.push(Measure {
            targets,
            kind: m.kind,
            rule: m.rule,
            figure: m.figure,
            task: m.task,
            number: m.number,
            title: m.title,
            due,
            every: m.every,
            every_high_hazard: m.every_high_hazard,
            ongoing: m.ongoing,
            level: m.level,
            section: m.section,
            points: m.points,
            evidence: m.evidence,
        });
    }
    let span = |d: &Option<toml::value::Datetime>, field: &str, fallback: Option<NaiveDate>| match d {
        None => Ok(fallback),
        Some(d) => {
            date(d).map(Some).ok_or_else(|| err(top_line(text, field), format!("field \"{field}\": {d} is not a date")))
        }
    };
    let first = measures.iter().flat_map(|m| m.due.first().copied()).min();
    let last = measures.iter().flat_map(|m| m.due.last().copied()).max();
    let from = span(&raw.from, "from", first)?.unwrap_or(NaiveDate::MIN);
    let until = span(&raw.until, "until", last)?.unwrap_or(NaiveDate::MAX);
    let id = raw.id.unwrap_or_else(|| file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default());
    Ok(Template { id, name: raw.name, source: raw.source, from, until, tasks: raw.task, measures })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "name = \"t\"\nsource = \"s\"\n\n[[task]]\nnumber = 1\ntitle = \"压实责任\"\n\n[[measure]]\ntask = 1\nnumber = 1\ntitle = \"建立台账\"\ndue = [2024-06-30, 2024-12-31]\n\n[[measure]]\ntask = 1\nnumber = 2\ntitle = \"每季度自查\"\nevery = \"quarter\"\n";

    #[test]
    fn reads_and_names_file_line_and_field_of_a_mistake() {
        let t = parse(Path::new("p.toml"), GOOD).expect("good");
        assert_eq!(t.measures.len(), 2);
        assert_eq!(t.measures[0].due.last().map(|d| d.to_string()), Some("2024-12-31".into()));
        assert_eq!(t.measures[1].every, Some(Every::Quarter));

        let bad = GOOD.replace("every = \"quarter\"", "every = \"fortnight\"");
        let e = parse(Path::new("p.toml"), &bad).expect_err("bad every");
        assert!(e.to_string().starts_with("template p.toml, line 18: field \"every\""), "{e}");
        let bad = GOOD.replace("task = 1\nnumber = 2", "task = 7\nnumber = 2");
        let e = parse(Path::new("p.toml"), &bad).expect_err("bad task");
        assert_eq!(
            e.to_string(),
            "template p.toml, line 14: field \"task\": measure 2 names task 7, which is not listed"
        );
        let bad = GOOD.replace("every = \"quarter\"\n", "");
        let e = parse(Path::new("p.toml"), &bad).expect_err("no node");
        assert!(e.to_string().ends_with("measure 2: give a time node: due, every or ongoing = true"), "{e}");
        let bad =
            GOOD.replace("due = [2024-06-30, 2024-12-31]", "due = [2024-06-30, 2024-12-31]\ntargets = [\"一半\"]");
        let e = parse(Path::new("p.toml"), &bad).expect_err("targets");
        assert_eq!(
            e.to_string(),
            "template p.toml, line 8: field \"targets\": measure 1 has 2 dates in \"due\" but 1 targets"
        );
        let bad = GOOD.replace("every = \"quarter\"", "every = \"quarter\"\nfigure = \"happiness\"");
        let e = parse(Path::new("p.toml"), &bad).expect_err("figure");
        assert!(e.to_string().starts_with("template p.toml, line 19: field \"figure\": unknown variant"), "{e}");
        let t = parse(Path::new("dir/my-plan.toml"), GOOD).expect("good");
        assert_eq!(
            (t.id.as_str(), t.from.to_string(), t.until.to_string()),
            ("my-plan", "2024-06-30".into(), "2024-12-31".into())
        );
        let bad = GOOD.replace("due = [2024-06-30, 2024-12-31]", "due = \"soon\"");
        let e = parse(Path::new("p.toml"), &bad).expect_err("bad due");
        assert!(e.to_string().starts_with("template p.toml, line 12: field \"due\""), "{e}");
    }
}

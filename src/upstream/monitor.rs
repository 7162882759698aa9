//! The anjian monitor feed: a small JSON format for monitoring platforms without a standard,
//! paged by cursor (`GET /alarms?since=<cursor>` → `{ "next_cursor": …, "alarms": [ … ] }`),
//! documented by `schemas/monitor-feed.schema.json`. A page that is not that shape is refused; a bad
//! alarm inside a good page is reported on its own so that it can be quarantined.

use crate::domain::RiskLevel;
use crate::domain::alarm::colour_level;
use crate::domain::uscc;
use chrono::{DateTime, FixedOffset};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MonitorError {
    #[error("not JSON (line {line}, column {column}): {message}")]
    Json { line: usize, column: usize, message: String },
    #[error("the page is not an object with \"next_cursor\" and \"alarms\": {0}")]
    Shape(String),
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("alarms[{index}].{field}: {message}")]
pub struct ItemError {
    pub index: usize,
    pub field: &'static str,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MonitorAlarm {
    pub id: String,
    pub uscc: String,
    pub kind: String,
    pub level: RiskLevel,
    pub value: Option<f64>,
    pub threshold: Option<f64>,
    pub unit: Option<String>,
    pub raised_at: DateTime<FixedOffset>,
    pub cleared_at: Option<DateTime<FixedOffset>>,
    pub message: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub next_cursor: Option<String>,
    /// Each alarm, with its raw JSON text when it is bad (kept for quarantine; empty otherwise).
    pub alarms: Vec<(Result<MonitorAlarm, ItemError>, String)>,
}

pub fn parse(bytes: &[u8]) -> Result<Page, MonitorError> {
    let v: Value = serde_json::from_slice(bytes).map_err(|e| MonitorError::Json {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let obj = v.as_object().ok_or_else(|| MonitorError::Shape("the top level is not an object".into()))?;
    let next_cursor = match obj.get("next_cursor") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Null) => None,
        Some(other) => return Err(MonitorError::Shape(format!("next_cursor is {other}, not a string or null"))),
        None => return Err(MonitorError::Shape("next_cursor is missing".into())),
    };
    let list = obj
        .get("alarms")
        .and_then(Value::as_array)
        .ok_or_else(|| MonitorError::Shape("alarms is missing or not an array".into()))?;
    // The raw text is kept for quarantine, so only for an alarm that does not read: writing every
    // alarm back out as JSON cost a fifth of reading a page.
    let alarms = list
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let read = alarm(i, a);
            let raw = if read.is_err() { a.to_string() } else { String::new() };
            (read, raw)
        })
        .collect();
    Ok(Page { next_cursor, alarms })
}

fn alarm(index: usize, v: &Value) -> Result<MonitorAlarm, ItemError> {
    let err = |field: &'static str, message: String| ItemError { index, field, message };
    let obj = v.as_object().ok_or_else(|| err("*", "not an object".into()))?;
    let text = |field: &'static str| -> Result<String, ItemError> {
        match obj.get(field) {
            Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.trim().to_string()),
            Some(Value::String(_)) => Err(err(field, "empty".into())),
            Some(other) => Err(err(field, format!("{other} is not a string"))),
            None => Err(err(field, "missing".into())),
        }
    };
    let opt_text = |field: &'static str| obj.get(field).and_then(Value::as_str).map(str::to_string);
    let number = |field: &'static str| -> Result<Option<f64>, ItemError> {
        match obj.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => Ok(n.as_f64()),
            Some(other) => Err(err(field, format!("{other} is not a number"))),
        }
    };
    let time = |field: &'static str, s: &str| {
        DateTime::parse_from_rfc3339(s).map_err(|_| err(field, format!("\"{s}\" is not an RFC 3339 time")))
    };
    // Ids are kept as text; a numeric id is written out exactly, never through a float.
    let id = match obj.get("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => n.to_string(),
        Some(other) => return Err(err("id", format!("{other} is not a string or an integer"))),
        None => return Err(err("id", "missing".into())),
    };
    let code = text("uscc")?;
    let uscc = uscc::validate(&code).map_err(|e| err("uscc", format!("\"{code}\": {e}")))?;
    let level_text = text("level")?;
    let level = colour_level(&level_text)
        .ok_or_else(|| err("level", format!("\"{level_text}\" is not red, orange, yellow or blue")))?;
    let raised = text("raised_at")?;
    let cleared_at = match opt_text("cleared_at") {
        Some(s) => Some(time("cleared_at", &s)?),
        None => None,
    };
    Ok(MonitorAlarm {
        id,
        uscc,
        kind: text("kind")?,
        level,
        value: number("value")?,
        threshold: number("threshold")?,
        unit: opt_text("unit"),
        raised_at: time("raised_at", &raised)?,
        cleared_at,
        message: opt_text("message"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{"next_cursor": "c42", "alarms": [
        {"id": "gas-0017", "uscc": "91350100M000100Y43", "kind": "gas", "level": "red", "value": 38.5, "threshold": 25,
         "unit": "%LEL", "raised_at": "2026-11-23T09:58:00+08:00", "cleared_at": null, "message": "储罐区可燃气体浓度超限"},
        {"id": 90071992547409930, "uscc": "91350100M000100Y43", "kind": "power", "level": "黄色", "raised_at": "2026-11-23T10:00:00+08:00"},
        {"id": "x", "uscc": "91350100M000100Y44", "kind": "dust", "level": "red", "raised_at": "2026-11-23T10:00:00+08:00"},
        {"id": "y", "uscc": "91350100M000100Y43", "kind": "dust", "level": "purple", "raised_at": "2026-11-23T10:00:00+08:00"},
        {"id": "z", "uscc": "91350100M000100Y43", "kind": "dust", "level": "red", "raised_at": "yesterday"}
    ]}"#;

    #[test]
    fn a_page_with_good_and_bad_alarms() {
        let p = parse(GOOD.as_bytes()).expect("page");
        assert_eq!(p.next_cursor.as_deref(), Some("c42"));
        let first = p.alarms[0].0.as_ref().expect("valid");
        assert_eq!(
            (first.id.as_str(), first.level, first.value, first.unit.as_deref()),
            ("gas-0017", RiskLevel::Major, Some(38.5), Some("%LEL"))
        );
        let second = p.alarms[1].0.as_ref().expect("valid");
        assert_eq!(
            (second.id.as_str(), second.level),
            ("90071992547409930", RiskLevel::General),
            "a large numeric id survives exactly"
        );
        let errors: Vec<String> = p.alarms[2..].iter().map(|(r, _)| r.as_ref().expect_err("bad").to_string()).collect();
        assert_eq!(
            errors,
            [
                "alarms[2].uscc: \"91350100M000100Y44\": bad check character '4', expected '3'",
                "alarms[3].level: \"purple\" is not red, orange, yellow or blue",
                "alarms[4].raised_at: \"yesterday\" is not an RFC 3339 time",
            ]
        );
        assert!(p.alarms[4].1.contains("yesterday"), "the raw item is kept for quarantine");
        assert!(p.alarms[0].1.is_empty() && p.alarms[1].1.is_empty(), "a good alarm's text is not kept");
    }

    #[test]
    fn bad_pages_are_refused_with_the_place() {
        assert!(matches!(parse(b"{\"next_cursor\": null, \"alarms\": [}"), Err(MonitorError::Json { line: 1, .. })));
        assert_eq!(parse(b"[]"), Err(MonitorError::Shape("the top level is not an object".into())));
        assert_eq!(parse(b"{\"alarms\": []}"), Err(MonitorError::Shape("next_cursor is missing".into())));
        assert_eq!(
            parse(b"{\"next_cursor\": 7, \"alarms\": []}"),
            Err(MonitorError::Shape("next_cursor is 7, not a string or null".into()))
        );
        assert_eq!(
            parse(b"{\"next_cursor\": null}"),
            Err(MonitorError::Shape("alarms is missing or not an array".into()))
        );
        assert_eq!(parse(b"{\"next_cursor\": null, \"alarms\": []}").expect("empty").alarms.len(), 0);
    }

    #[test]
    fn the_schema_file_is_json_and_names_the_required_fields() {
        let schema: Value =
            serde_json::from_str(include_str!("../../schemas/monitor-feed.schema.json")).expect("schema is JSON");
        let required = &schema["properties"]["alarms"]["items"]["required"];
        assert_eq!(required, &serde_json::json!(["id", "uscc", "kind", "level", "raised_at"]));
    }
}

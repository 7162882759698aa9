//! Open311 GeoReport v2: service lists and service requests, in JSON or XML, and the error
//! documents servers answer with. Ids and service codes stay strings (leading zeros survive, and a
//! numeric JSON id is kept digit for digit); an empty or missing time is "unknown", not an error.
//! A request that cannot be used is reported on its own so the rest of the page still goes in.

use super::xml::{self, Element, XmlError};
use chrono::{DateTime, FixedOffset};
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[default]
    Json,
    Xml,
}

impl Format {
    pub fn ext(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Xml => "xml",
        }
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Open311Error {
    #[error(transparent)]
    Xml(#[from] XmlError),
    #[error("not JSON (line {line}, column {column}): {message}")]
    Json { line: usize, column: usize, message: String },
    #[error("{0}")]
    Shape(String),
    /// The server answered with an Open311 error document.
    #[error("the server reports an error{}: {message}", .code.map(|c| format!(" {c}")).unwrap_or_default())]
    Upstream { code: Option<u16>, message: String },
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("request {index}{}: {message}", .id.as_ref().map(|i| format!(" ({i})")).unwrap_or_default())]
pub struct ItemError {
    pub index: usize,
    pub id: Option<String>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Service {
    pub code: String,
    pub name: String,
    pub description: String,
    pub group: String,
    pub metadata: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ServiceRequest {
    pub id: String,
    pub status: String,
    pub status_notes: String,
    pub service_name: String,
    pub service_code: String,
    pub description: String,
    pub agency_responsible: String,
    pub requested: Option<DateTime<FixedOffset>>,
    pub updated: Option<DateTime<FixedOffset>>,
    pub address: String,
    pub lat: Option<f64>,
    pub long: Option<f64>,
    pub media_url: String,
}

/// A leading "HTTP/1.1 403 Forbidden" line (documents saved with their status line): the code,
/// and the document after the blank line.
fn strip_status_line(bytes: &[u8]) -> (Option<u16>, &[u8]) {
    let Some(rest) = bytes.strip_prefix(b"HTTP/") else { return (None, bytes) };
    let line_end = rest.iter().position(|b| *b == b'\n').unwrap_or(rest.len());
    let line = String::from_utf8_lossy(&rest[..line_end]);
    let code = line.split_whitespace().nth(1).and_then(|c| c.parse().ok());
    let body = &rest[(line_end + 1).min(rest.len())..];
    let start = body.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(body.len());
    (code, &body[start..])
}

fn json(bytes: &[u8]) -> Result<Value, Open311Error> {
    serde_json::from_slice(bytes).map_err(|e| Open311Error::Json {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })
}

/// A JSON error document: `[{"code": 403, "description": "…"}]` (or one such object).
fn json_error(v: &Value) -> Option<Open311Error> {
    let first = match v {
        Value::Array(a) => a.first()?,
        other => other,
    };
    let obj = first.as_object()?;
    if obj.contains_key("service_code") || obj.contains_key("service_request_id") {
        return None;
    }
    let message = obj.get("description").and_then(Value::as_str)?.to_string();
    let code = obj.get("code").and_then(|c| c.as_u64().or_else(|| c.as_str()?.parse().ok())).map(|c| c as u16);
    Some(Open311Error::Upstream { code, message })
}

/// An XML error document: `<errors><error><code/><description/></error></errors>` or `<error>text</error>`.
fn xml_error(root: &Element, status: Option<u16>) -> Option<Open311Error> {
    let e = match root.name.as_str() {
        "errors" => root.first("error")?,
        "error" => root,
        _ => return None,
    };
    let message = e.child_text("description").map(str::to_string).unwrap_or_else(|| e.text.trim().to_string());
    let code = e.child_text("code").and_then(|c| c.parse().ok()).or(status);
    Some(Open311Error::Upstream { code, message })
}

fn xml_root(bytes: &[u8]) -> Result<(Element, Option<u16>), Open311Error> {
    let (status, body) = strip_status_line(bytes);
    let root = xml::parse(body)?;
    if let Some(e) = xml_error(&root, status) {
        return Err(e);
    }
    Ok((root, status))
}

/// Text of a JSON field: strings as they are, numbers digit for digit, null/missing as "".
fn text(obj: &serde_json::Map<String, Value>, key: &str) -> String {
    match obj.get(key) {
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

fn time(field: &str, value: &str) -> Result<Option<DateTime<FixedOffset>>, String> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    DateTime::parse_from_rfc3339(v).map(Some).map_err(|_| format!("{field} \"{v}\" is not a date-time (RFC 3339)"))
}

fn number(field: &str, value: &str) -> Result<Option<f64>, String> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    v.parse().map(Some).map_err(|_| format!("{field} \"{v}\" is not a number"))
}

pub fn services(bytes: &[u8], format: Format) -> Result<Vec<Service>, Open311Error> {
    match format {
        Format::Json => {
            let v = json(bytes)?;
            if let Some(e) = json_error(&v) {
                return Err(e);
            }
            let list =
                v.as_array().ok_or_else(|| Open311Error::Shape("services: the top level is not an array".into()))?;
            list.iter()
                .enumerate()
                .map(|(i, s)| {
                    let o =
                        s.as_object().ok_or_else(|| Open311Error::Shape(format!("services[{i}] is not an object")))?;
                    let code = text(o, "service_code");
                    if code.is_empty() {
                        return Err(Open311Error::Shape(format!("services[{i}]: service_code is missing")));
                    }
                    Ok(Service {
                        code,
                        name: text(o, "service_name"),
                        description: text(o, "description"),
                        group: text(o, "group"),
                        metadata: text(o, "metadata") == "true",
                    })
                })
                .collect()
        }
        Format::Xml => {
            let (root, _) = xml_root(bytes)?;
            if root.name != "services" {
                return Err(Open311Error::Shape(format!("the root element is <{}>, not <services>", root.name)));
            }
            root.all("service")
                .enumerate()
                .map(|(i, s)| {
                    let code = s.child_text("service_code").unwrap_or("").to_string();
                    if code.is_empty() {
                        return Err(Open311Error::Shape(format!(
                            "services/service[{}]: service_code is missing",
                            i + 1
                        )));
                    }
                    let t = |n: &str| s.child_text(n).unwrap_or("").to_string();
                    Ok(Service {
                        code,
                        name: t("service_name"),
                        description: t("description"),
                        group: t("group"),
                        metadata: t("metadata") == "true",
                    })
                })
                .collect()
        }
    }
}

/// One request from its fields (the same for JSON and XML).
fn request(index: usize, field: &dyn Fn(&str) -> String) -> Result<ServiceRequest, ItemError> {
    let id = field("service_request_id");
    let err = |message: String| ItemError { index, id: (!id.is_empty()).then(|| id.clone()), message };
    if id.is_empty() {
        return Err(err(
            "service_request_id is missing (a request known only by its token is not yet a request)".into()
        ));
    }
    Ok(ServiceRequest {
        status: field("status"),
        status_notes: field("status_notes"),
        service_name: field("service_name"),
        service_code: field("service_code"),
        description: field("description"),
        agency_responsible: field("agency_responsible"),
        requested: time("requested_datetime", &field("requested_datetime")).map_err(err)?,
        updated: time("updated_datetime", &field("updated_datetime")).map_err(err)?,
        address: field("address"),
        lat: number("lat", &field("lat")).map_err(err)?,
        long: number("long", &field("long")).map_err(err)?,
        media_url: field("media_url"),
        id: id.clone(),
    })
}

pub fn requests(bytes: &[u8], format: Format) -> Result<Vec<Result<ServiceRequest, ItemError>>, Open311Error> {
    match format {
        Format::Json => {
            let v = json(bytes)?;
            if let Some(e) = json_error(&v) {
                return Err(e);
            }
            let list =
                v.as_array().ok_or_else(|| Open311Error::Shape("requests: the top level is not an array".into()))?;
            Ok(list
                .iter()
                .enumerate()
                .map(|(i, r)| match r.as_object() {
                    Some(o) => request(i, &|k| text(o, k)),
                    None => Err(ItemError { index: i, id: None, message: "not an object".into() }),
                })
                .collect())
        }
        Format::Xml => {
            let (root, _) = xml_root(bytes)?;
            if root.name != "service_requests" {
                return Err(Open311Error::Shape(format!(
                    "the root element is <{}>, not <service_requests>",
                    root.name
                )));
            }
            Ok(root
                .all("request")
                .enumerate()
                .map(|(i, r)| request(i, &|k| r.child_text(k).unwrap_or("").to_string()))
                .collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ids_keep_their_digits_and_empty_times_are_unknown() {
        let page = r#"[{"service_request_id": 638344, "service_code": "006", "status": "open",
            "requested_datetime": "2026-11-20T09:00:00+08:00", "updated_datetime": "", "lat": 30.2, "long": 120.1},
            {"service_request_id": "00042", "service_code": "007", "status": "closed", "status_notes": "已处理"},
            {"token": "abc"}]"#;
        let r = requests(page.as_bytes(), Format::Json).expect("page");
        assert_eq!(r.len(), 3);
        let first = r[0].as_ref().expect("ok");
        assert_eq!((first.id.as_str(), first.service_code.as_str(), first.updated), ("638344", "006", None));
        assert_eq!(first.lat, Some(30.2));
        assert_eq!(r[1].as_ref().map(|x| x.id.as_str()), Ok("00042"));
        assert!(r[2].as_ref().expect_err("token only").message.contains("service_request_id is missing"));
        let bad = br#"[{"service_request_id": "1", "requested_datetime": "yesterday"}]"#;
        let r = requests(bad, Format::Json).expect("page");
        assert_eq!(
            r[0].as_ref().expect_err("bad time").to_string(),
            "request 0 (1): requested_datetime \"yesterday\" is not a date-time (RFC 3339)"
        );
    }

    #[test]
    fn error_documents_become_clear_errors() {
        let e = requests(br#"[{"code": 403, "description": "Invalid api_key"}]"#, Format::Json).expect_err("error");
        assert_eq!(e.to_string(), "the server reports an error 403: Invalid api_key");
        let xml = b"HTTP/1.1 403 Forbidden \n\n<?xml version=\"1.0\"?>\n<error>Invalid api_key received</error>";
        assert_eq!(
            requests(xml, Format::Xml).expect_err("403"),
            Open311Error::Upstream { code: Some(403), message: "Invalid api_key received".into() }
        );
        let not_found = b"<errors><error><code>404</code><description>not found</description></error></errors>";
        assert_eq!(
            services(not_found, Format::Xml).expect_err("404").to_string(),
            "the server reports an error 404: not found"
        );
        assert!(matches!(services(b"{}", Format::Json), Err(Open311Error::Shape(_))));
    }
}

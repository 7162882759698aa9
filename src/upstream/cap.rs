//! OASIS CAP 1.2 (and 1.1, the same structure) read strictly: required elements present,
//! enumerations checked, identifiers and references well formed. Every error names the element by
//! its path (`alert/info[2]/urgency`), so feed health can say exactly what a sender got wrong.

use super::xml::{self, Element, XmlError};
use chrono::{DateTime, FixedOffset};

pub const NS_CAP_12: &str = "urn:oasis:names:tc:emergency:cap:1.2";
pub const NS_CAP_11: &str = "urn:oasis:names:tc:emergency:cap:1.1";

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CapError {
    #[error(transparent)]
    Xml(#[from] XmlError),
    #[error("{path}: the root element is <{found}>, not a CAP <alert>")]
    NotAlert { path: String, found: String },
    #[error("{path}: namespace \"{found}\" is not CAP 1.2 or 1.1")]
    Namespace { path: String, found: String },
    #[error("{path}: missing required element <{element}>")]
    Missing { path: String, element: &'static str },
    #[error("{path}: empty; expected {expected}")]
    Empty { path: String, expected: String },
    #[error("{path}: \"{value}\" is not one of {expected}")]
    NotInSet { path: String, value: String, expected: String },
    #[error("{path}: \"{value}\" is not a CAP date-time (YYYY-MM-DDThh:mm:ss±hh:mm)")]
    BadTime { path: String, value: String },
    #[error("{path}: \"{value}\" must not contain spaces, commas, < or &")]
    BadIdentifier { path: String, value: String },
    #[error("{path}: \"{value}\" is not a sender,identifier,sent triple")]
    BadReference { path: String, value: String },
    #[error("{path}: \"{value}\" is not a valid {what}")]
    BadGeometry { path: String, value: String, what: &'static str },
    #[error("EDXLDistribution: {found} content object(s), none a CAP <alert>")]
    NoAlertInDistribution { found: usize },
}

macro_rules! cap_enum {
    ($name:ident { $($variant:ident = $text:literal),* $(,)? }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
        pub enum $name { $($variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }

            fn parse(s: &str) -> Option<$name> {
                match s { $($text => Some($name::$variant),)* _ => None }
            }

            fn expected() -> String {
                [$($text),*].join(", ")
            }
        }
    };
}

cap_enum!(Status { Actual = "Actual", Exercise = "Exercise", System = "System", Test = "Test", Draft = "Draft" });
cap_enum!(MsgType { Alert = "Alert", Update = "Update", Cancel = "Cancel", Ack = "Ack", Error = "Error" });
cap_enum!(Scope { Public = "Public", Restricted = "Restricted", Private = "Private" });
cap_enum!(Category {
    Geo = "Geo", Met = "Met", Safety = "Safety", Security = "Security", Rescue = "Rescue", Fire = "Fire", Health = "Health",
    Env = "Env", Transport = "Transport", Infra = "Infra", Cbrne = "CBRNE", Other = "Other",
});
cap_enum!(ResponseType {
    Shelter = "Shelter", Evacuate = "Evacuate", Prepare = "Prepare", Execute = "Execute", Avoid = "Avoid", Monitor = "Monitor",
    Assess = "Assess", AllClear = "AllClear", None = "None",
});
cap_enum!(Urgency { Immediate = "Immediate", Expected = "Expected", Future = "Future", Past = "Past", Unknown = "Unknown" });
cap_enum!(Severity { Extreme = "Extreme", Severe = "Severe", Moderate = "Moderate", Minor = "Minor", Unknown = "Unknown" });
// "Very Likely" is CAP 1.0's, kept by 1.1 for compatibility.
cap_enum!(Certainty {
    Observed = "Observed", Likely = "Likely", Possible = "Possible", Unlikely = "Unlikely", Unknown = "Unknown", VeryLikely = "Very Likely",
});

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Reference {
    pub sender: String,
    pub identifier: String,
    pub sent: String,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Area {
    pub desc: String,
    /// Closed rings of (lat, lon).
    pub polygons: Vec<Vec<(f64, f64)>>,
    /// (lat, lon, radius in km).
    pub circles: Vec<(f64, f64, f64)>,
    pub geocodes: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Info {
    pub language: String,
    pub categories: Vec<Category>,
    pub event: String,
    pub response_types: Vec<ResponseType>,
    pub urgency: Urgency,
    pub severity: Severity,
    pub certainty: Certainty,
    pub event_codes: Vec<(String, String)>,
    pub effective: Option<DateTime<FixedOffset>>,
    pub onset: Option<DateTime<FixedOffset>>,
    pub expires: Option<DateTime<FixedOffset>>,
    pub sender_name: Option<String>,
    pub headline: Option<String>,
    pub description: Option<String>,
    pub instruction: Option<String>,
    pub web: Option<String>,
    pub parameters: Vec<(String, String)>,
    pub areas: Vec<Area>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Alert {
    /// "1.2" or "1.1".
    pub version: &'static str,
    pub identifier: String,
    pub sender: String,
    pub sent: DateTime<FixedOffset>,
    pub status: Status,
    pub msg_type: MsgType,
    pub scope: Scope,
    pub source: Option<String>,
    pub codes: Vec<String>,
    pub note: Option<String>,
    pub references: Vec<Reference>,
    pub infos: Vec<Info>,
    /// Where the document departs from the CAP schema although its meaning is plain (read
    /// leniently; the alarm says so, and a strict feed refuses it).
    pub deviations: Vec<String>,
}

impl Alert {
    /// The stable key that deduplicates an alert: sender and identifier.
    pub fn key(&self) -> String {
        format!("{},{}", self.sender, self.identifier)
    }

    /// The block in the office's language, else the first (CAP's default language is en-US).
    pub fn info_for(&self, lang_prefix: &str) -> Option<&Info> {
        self.infos
            .iter()
            .find(|i| i.language.to_ascii_lowercase().starts_with(lang_prefix))
            .or_else(|| self.infos.first())
    }
}

pub fn parse(bytes: &[u8]) -> Result<Alert, CapError> {
    from_element(&xml::parse(bytes)?)
}

// The paths of errors are written only when there is an error: a feed of 5,000 alerts reads
// some 50,000 fields, nearly all of them fine.

fn time(path: impl FnOnce() -> String, value: &str) -> Result<DateTime<FixedOffset>, CapError> {
    // CAP writes "-00:00" for UTC; RFC 3339 parsers accept it, and some senders use "Z".
    DateTime::parse_from_rfc3339(value.trim()).map_err(|_| CapError::BadTime { path: path(), value: value.into() })
}

fn required<'a>(e: &'a Element, path: &str, name: &'static str) -> Result<&'a str, CapError> {
    e.child_text(name).ok_or_else(|| CapError::Missing { path: path.into(), element: name })
}

fn enum_value<T>(
    path: impl FnOnce() -> String,
    value: &str,
    parse: fn(&str) -> Option<T>,
    expected: fn() -> String,
) -> Result<T, CapError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(CapError::Empty { path: path(), expected: expected() });
    }
    parse(v).ok_or_else(|| CapError::NotInSet { path: path(), value: v.into(), expected: expected() })
}

fn identifier(path: impl FnOnce() -> String, value: &str) -> Result<String, CapError> {
    let v = value.trim();
    if v.is_empty() || v.contains([' ', ',', '<', '&']) {
        return Err(CapError::BadIdentifier { path: path(), value: v.into() });
    }
    Ok(v.to_string())
}

fn optional(e: &Element, name: &str) -> Option<String> {
    e.child_text(name).filter(|t| !t.is_empty()).map(str::to_string)
}

pub fn from_element(root: &Element) -> Result<Alert, CapError> {
    let p = "alert";
    if root.name != "alert" {
        return Err(CapError::NotAlert { path: root.name.clone(), found: root.name.clone() });
    }
    let version = match root.ns.as_deref() {
        Some(NS_CAP_12) => "1.2",
        Some(NS_CAP_11) => "1.1",
        other => return Err(CapError::Namespace { path: p.into(), found: other.unwrap_or("(none)").into() }),
    };
    let ident = identifier(|| format!("{p}/identifier"), required(root, p, "identifier")?)?;
    let sender = identifier(|| format!("{p}/sender"), required(root, p, "sender")?)?;
    let sent = time(|| format!("{p}/sent"), required(root, p, "sent")?)?;
    let status = enum_value(|| format!("{p}/status"), required(root, p, "status")?, Status::parse, Status::expected)?;
    let msg_type =
        enum_value(|| format!("{p}/msgType"), required(root, p, "msgType")?, MsgType::parse, MsgType::expected)?;
    let scope = enum_value(|| format!("{p}/scope"), required(root, p, "scope")?, Scope::parse, Scope::expected)?;
    let references = match root.first("references") {
        None if matches!(msg_type, MsgType::Update | MsgType::Cancel) => {
            return Err(CapError::Missing { path: p.into(), element: "references" });
        }
        None => Vec::new(),
        Some(r) => {
            let path = format!("{p}/references");
            let text = r.text.trim();
            if text.is_empty() {
                // Left empty on a new Alert it is an omitted optional element; an Update or Cancel
                // must name the alerts it replaces, or it cannot be applied.
                if matches!(msg_type, MsgType::Update | MsgType::Cancel) {
                    return Err(CapError::Empty {
                        path,
                        expected: format!(
                            "the sender,identifier,sent of the alerts this {} replaces",
                            msg_type.as_str()
                        ),
                    });
                }
            }
            text.split_whitespace()
                .map(|triple| {
                    let parts: Vec<&str> = triple.split(',').collect();
                    match parts.as_slice() {
                        [s, i, t] if !s.is_empty() && !i.is_empty() && !t.is_empty() => {
                            Ok(Reference { sender: s.to_string(), identifier: i.to_string(), sent: t.to_string() })
                        }
                        _ => Err(CapError::BadReference { path: path.clone(), value: triple.into() }),
                    }
                })
                .collect::<Result<Vec<_>, _>>()?
        }
    };
    let mut infos = Vec::new();
    for (i, info) in root.all("info").enumerate() {
        infos.push(parse_info(info, &format!("{p}/info[{}]", i + 1))?);
    }
    Ok(Alert {
        version,
        identifier: ident,
        sender,
        sent,
        status,
        msg_type,
        scope,
        source: optional(root, "source"),
        codes: root.all("code").map(|c| c.text.trim().to_string()).filter(|c| !c.is_empty()).collect(),
        note: optional(root, "note"),
        references,
        infos,
        deviations: super::cap_schema::deviations(root, root.ns.as_deref().unwrap_or(NS_CAP_12)),
    })
}

fn parse_info(e: &Element, p: &str) -> Result<Info, CapError> {
    let categories = e
        .all("category")
        .map(|c| enum_value(|| format!("{p}/category"), &c.text, Category::parse, Category::expected))
        .collect::<Result<Vec<_>, _>>()?;
    if categories.is_empty() {
        return Err(CapError::Missing { path: p.into(), element: "category" });
    }
    let event = required(e, p, "event")?.to_string();
    if event.is_empty() {
        return Err(CapError::Empty { path: format!("{p}/event"), expected: "the event's name".into() });
    }
    let pairs = |name: &str| -> Vec<(String, String)> {
        e.all(name)
            .map(|x| {
                (x.child_text("valueName").unwrap_or("").to_string(), x.child_text("value").unwrap_or("").to_string())
            })
            .collect()
    };
    let opt_time = |name: &str| -> Result<Option<DateTime<FixedOffset>>, CapError> {
        match e.child_text(name).filter(|t| !t.is_empty()) {
            Some(t) => time(|| format!("{p}/{name}"), t).map(Some),
            None => Ok(None),
        }
    };
    // Required fields are checked before the geometry, so the most basic fault is reported first.
    let urgency = enum_value(|| format!("{p}/urgency"), required(e, p, "urgency")?, Urgency::parse, Urgency::expected)?;
    let severity =
        enum_value(|| format!("{p}/severity"), required(e, p, "severity")?, Severity::parse, Severity::expected)?;
    let certainty =
        enum_value(|| format!("{p}/certainty"), required(e, p, "certainty")?, Certainty::parse, Certainty::expected)?;
    let mut areas = Vec::new();
    for (i, a) in e.all("area").enumerate() {
        areas.push(parse_area(a, &format!("{p}/area[{}]", i + 1))?);
    }
    Ok(Info {
        language: optional(e, "language").unwrap_or_else(|| "en-US".into()),
        categories,
        event,
        response_types: e
            .all("responseType")
            .map(|r| enum_value(|| format!("{p}/responseType"), &r.text, ResponseType::parse, ResponseType::expected))
            .collect::<Result<Vec<_>, _>>()?,
        urgency,
        severity,
        certainty,
        event_codes: pairs("eventCode"),
        effective: opt_time("effective")?,
        onset: opt_time("onset")?,
        expires: opt_time("expires")?,
        sender_name: optional(e, "senderName"),
        headline: optional(e, "headline"),
        description: optional(e, "description"),
        instruction: optional(e, "instruction"),
        web: optional(e, "web"),
        parameters: pairs("parameter"),
        areas,
    })
}

fn point(path: &str, s: &str, what: &'static str) -> Result<(f64, f64), CapError> {
    let bad = || CapError::BadGeometry { path: path.into(), value: s.into(), what };
    let (lat, lon) = s.split_once(',').ok_or_else(bad)?;
    let (lat, lon): (f64, f64) = (lat.trim().parse().map_err(|_| bad())?, lon.trim().parse().map_err(|_| bad())?);
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return Err(bad());
    }
    Ok((lat, lon))
}

fn parse_area(e: &Element, p: &str) -> Result<Area, CapError> {
    let desc = required(e, p, "areaDesc")?.to_string();
    let mut polygons = Vec::new();
    // An empty geometry element is an omitted one (some senders always write the tag).
    for poly in e.all("polygon").filter(|x| !x.text.trim().is_empty()) {
        let path = format!("{p}/polygon");
        let pts = poly
            .text
            .split_whitespace()
            .map(|pair| point(&path, pair, "polygon point"))
            .collect::<Result<Vec<_>, _>>()?;
        // A polygon is a closed ring of at least four points, the first repeated last.
        if pts.len() < 4 || pts.first() != pts.last() {
            return Err(CapError::BadGeometry {
                path,
                value: poly.text.trim().chars().take(60).collect(),
                what: "closed polygon",
            });
        }
        polygons.push(pts);
    }
    let mut circles = Vec::new();
    for c in e.all("circle").filter(|x| !x.text.trim().is_empty()) {
        let path = format!("{p}/circle");
        let text = c.text.trim();
        let (centre, radius) = text.split_once(' ').ok_or_else(|| CapError::BadGeometry {
            path: path.clone(),
            value: text.into(),
            what: "circle (lat,lon radius)",
        })?;
        let (lat, lon) = point(&path, centre, "circle centre")?;
        let r: f64 = radius.trim().parse().map_err(|_| CapError::BadGeometry {
            path: path.clone(),
            value: text.into(),
            what: "circle radius",
        })?;
        circles.push((lat, lon, r));
    }
    let geocodes = e
        .all("geocode")
        .map(|g| (g.child_text("valueName").unwrap_or("").to_string(), g.child_text("value").unwrap_or("").to_string()))
        .collect();
    Ok(Area { desc, polygons, circles, geocodes })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>A1</identifier><sender>s</sender>
        <sent>2026-11-23T10:00:00-00:00</sent><status>Test</status><msgType>Alert</msgType><scope>Public</scope>
        <info><category>Met</category><event>暴雨</event><urgency>Expected</urgency><severity>Severe</severity>
        <certainty>Likely</certainty><area><areaDesc>云溪街道</areaDesc><circle>30.27,119.98 5</circle></area></info></alert>"#;

    #[test]
    fn minimal_alert_and_its_faults() {
        let a = parse(MINIMAL.as_bytes()).expect("valid");
        assert_eq!(
            (a.status, a.infos[0].severity, a.infos[0].areas[0].circles[0]),
            (Status::Test, Severity::Severe, (30.27, 119.98, 5.0))
        );
        assert_eq!(a.sent.offset().local_minus_utc(), 0, "-00:00 reads as UTC");
        let cases = [
            (
                "<status>Test</status>",
                "<status>Real</status>",
                "alert/status: \"Real\" is not one of Actual, Exercise, System, Test, Draft",
            ),
            ("<msgType>Alert</msgType>", "<msgType>Update</msgType>", "alert: missing required element <references>"),
            (
                "<sent>2026-11-23T10:00:00-00:00</sent>",
                "<sent>23/11/2026</sent>",
                "alert/sent: \"23/11/2026\" is not a CAP date-time (YYYY-MM-DDThh:mm:ss±hh:mm)",
            ),
            ("<category>Met</category>", "", "alert/info[1]: missing required element <category>"),
            (
                "<circle>30.27,119.98 5</circle>",
                "<circle>300,119.98 5</circle>",
                "alert/info[1]/area[1]/circle: \"300,119.98\" is not a valid circle centre",
            ),
        ];
        for (from, to, want) in cases {
            let doc = MINIMAL.replace(from, to);
            assert_eq!(parse(doc.as_bytes()).map_err(|e| e.to_string()).expect_err(want), want);
        }
    }

    #[test]
    fn hostile_documents_are_refused_before_anything_is_read() {
        let xxe = format!(
            "<?xml version=\"1.0\"?><!DOCTYPE alert [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>{}",
            MINIMAL.replace("<sender>s</sender>", "<sender>&x;</sender>")
        );
        assert_eq!(parse(xxe.as_bytes()), Err(CapError::Xml(XmlError::Doctype)));
        let laughs = format!(
            "<!DOCTYPE a [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>{}",
            MINIMAL.replace("暴雨", "&b;")
        );
        assert_eq!(parse(laughs.as_bytes()), Err(CapError::Xml(XmlError::Doctype)));
    }
}

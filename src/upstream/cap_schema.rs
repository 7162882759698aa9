//! What the CAP 1.2 schema allows where: each element's children, in their order, and which may
//! repeat. A document is read leniently when its meaning is plain (an extra element, elements out
//! of order), but every such deviation is listed, so the alarm says it did not conform and a feed
//! marked `strict` can refuse it.

use super::xml::Element;

/// The XML-signature namespace, the one foreign namespace CAP allows (at the end of `<alert>`).
const NS_DSIG: &str = "http://www.w3.org/2000/09/xmldsig#";

/// An element's children in schema order, each with whether it may repeat.
fn children_of(name: &str) -> Option<&'static [(&'static str, bool)]> {
    Some(match name {
        "alert" => &[
            ("identifier", false),
            ("sender", false),
            ("sent", false),
            ("status", false),
            ("msgType", false),
            ("source", false),
            ("scope", false),
            ("restriction", false),
            ("addresses", false),
            ("code", true),
            ("note", false),
            ("references", false),
            ("incidents", false),
            ("info", true),
        ],
        "info" => &[
            ("language", false),
            ("category", true),
            ("event", false),
            ("responseType", true),
            ("urgency", false),
            ("severity", false),
            ("certainty", false),
            ("audience", false),
            ("eventCode", true),
            ("effective", false),
            ("onset", false),
            ("expires", false),
            ("senderName", false),
            ("headline", false),
            ("description", false),
            ("instruction", false),
            ("web", false),
            ("contact", false),
            ("parameter", true),
            ("resource", true),
            ("area", true),
        ],
        "resource" => &[
            ("resourceDesc", false),
            ("mimeType", false),
            ("size", false),
            ("uri", false),
            ("derefUri", false),
            ("digest", false),
        ],
        "area" => &[
            ("areaDesc", false),
            ("polygon", true),
            ("circle", true),
            ("geocode", true),
            ("altitude", false),
            ("ceiling", false),
        ],
        "eventCode" | "parameter" | "geocode" => &[("valueName", false), ("value", false)],
        _ => return None,
    })
}

/// Every deviation from the schema in `root` (a CAP `<alert>` in namespace `ns`), in document
/// order, each naming the element by its path. Empty for a conforming document.
pub fn deviations(root: &Element, ns: &str) -> Vec<String> {
    let mut out = Vec::new();
    walk(root, ns, &Path { parent: None, name: "alert", index: None }, &mut out);
    out
}

/// Where an element is (`alert/info[1]/area[2]`), written out only for a deviation: a conforming
/// alert of a 5,000-alert feed used to format a path for each of its sixty elements.
struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    name: &'a str,
    /// The element's number among its repeatable siblings of the same name.
    index: Option<usize>,
}

impl std::fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(parent) = self.parent {
            write!(f, "{parent}/")?;
        }
        f.write_str(self.name)?;
        match self.index {
            Some(i) => write!(f, "[{i}]"),
            None => Ok(()),
        }
    }
}

fn walk(e: &Element, ns: &str, path: &Path<'_>, out: &mut Vec<String>) {
    let Some(allowed) = children_of(&e.name) else { return };
    let mut last: Option<usize> = None;
    let mut seen = vec![0usize; allowed.len()];
    for child in &e.children {
        if e.name == "alert" && child.ns.as_deref() == Some(NS_DSIG) && child.name == "Signature" {
            continue;
        }
        let position = allowed.iter().position(|(n, _)| *n == child.name);
        let in_ns = child.ns.as_deref() == Some(ns);
        let Some(at) = position.filter(|_| in_ns) else {
            let prefix = match child.ns.as_deref() {
                Some(other) if other != ns => format!("（命名空间 {other}）"),
                _ => String::new(),
            };
            out.push(format!("{path}：含 CAP 规范以外的元素 <{}>{prefix}", child.name));
            continue;
        };
        seen[at] += 1;
        let (name, repeats) = allowed[at];
        if seen[at] == 2 && !repeats {
            out.push(format!("{path}：<{name}> 只应出现一次"));
        }
        if let Some(prev) = last
            && at < prev
        {
            out.push(format!("{path}：<{name}> 应在 <{}> 之前（次序不合规范）", allowed[prev].0));
        }
        last = Some(last.map_or(at, |p| p.max(at)));
        let child_path = Path { parent: Some(path), name, index: repeats.then_some(seen[at]) };
        walk(child, ns, &child_path, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::upstream::cap::NS_CAP_12;

    fn check(body: &str) -> Vec<String> {
        let xml = format!(r#"<alert xmlns="{NS_CAP_12}" xmlns:x="urn:example:ext">{body}</alert>"#);
        deviations(&crate::upstream::xml::parse_str(&xml).expect("xml"), NS_CAP_12)
    }

    const HEAD: &str = "<identifier>A</identifier><sender>s</sender><sent>2026-11-23T08:00:00+08:00</sent>\
        <status>Actual</status><msgType>Alert</msgType><scope>Public</scope>";

    #[test]
    fn a_conforming_alert_has_no_deviation() {
        let info = "<info><category>Met</category><event>e</event><urgency>Expected</urgency>\
            <severity>Minor</severity><certainty>Likely</certainty>\
            <parameter><valueName>a</valueName><value>b</value></parameter>\
            <area><areaDesc>d</areaDesc><geocode><valueName>c</valueName><value>1</value></geocode></area></info>";
        assert_eq!(check(&format!("{HEAD}{info}{info}")), Vec::<String>::new());
        let signed = format!(r#"{HEAD}<Signature xmlns="{NS_DSIG}"><SignedInfo/></Signature>"#);
        assert_eq!(check(&signed), Vec::<String>::new(), "an XML signature is allowed");
    }

    #[test]
    fn foreign_elements_order_and_repeats_are_each_named() {
        let cases: &[(&str, &[&str])] = &[
            (
                "<info><category>Met</category><event>e</event><urgency>Expected</urgency><severity>Minor</severity>\
                 <certainty>Likely</certainty><area><areaDesc>d</areaDesc><x:village>云溪</x:village></area></info>",
                &["alert/info[1]/area[1]：含 CAP 规范以外的元素 <village>（命名空间 urn:example:ext）"],
            ),
            (
                "<info><category>Met</category><urgency>Expected</urgency><event>e</event><severity>Minor</severity>\
                 <certainty>Likely</certainty></info>",
                &["alert/info[1]：<event> 应在 <urgency> 之前（次序不合规范）"],
            ),
            (
                "<info><category>Met</category><event>e</event><urgency>Expected</urgency><severity>Minor</severity>\
                 <certainty>Likely</certainty><headline>a</headline><headline>b</headline><colour>红</colour></info>",
                &["alert/info[1]：<headline> 只应出现一次", "alert/info[1]：含 CAP 规范以外的元素 <colour>"],
            ),
        ];
        for (info, expected) in cases {
            assert_eq!(check(&format!("{HEAD}{info}")), *expected, "{info}");
        }
        assert_eq!(
            check(
                "<sender>s</sender><identifier>A</identifier><sent>2026-11-23T08:00:00+08:00</sent><status>Actual</status><msgType>Alert</msgType><scope>Public</scope>"
            ),
            ["alert：<identifier> 应在 <sender> 之前（次序不合规范）"]
        );
    }
}

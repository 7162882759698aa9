//! CAP alerts delivered inside an EDXL-DE distribution (1.0 or 2.0), as emergency-management
//! exchanges carry them: each alert in the distribution is read on its own.

use super::cap::{Alert, CapError, from_element};
use super::xml::{self, Element};

/// The CAP alerts of a document: a CAP `<alert>` itself, or each alert carried in an EDXL-DE
/// distribution (1.0 or 2.0: `contentObject/xmlContent/embeddedXMLContent/alert`, at whatever
/// depth the version nests them), each read on its own. A distribution with no alert in it is
/// refused with what it held instead.
pub fn parse_many(bytes: &[u8]) -> Result<Vec<Result<Alert, CapError>>, CapError> {
    let root = xml::parse(bytes)?;
    if root.name != "EDXLDistribution" {
        return Ok(vec![from_element(&root)]);
    }
    fn objects<'a>(e: &'a Element, out: &mut Vec<&'a Element>) {
        for c in &e.children {
            if c.name == "contentObject" {
                out.push(c);
            } else {
                objects(c, out);
            }
        }
    }
    let mut found = Vec::new();
    objects(&root, &mut found);
    // The container's name differs between versions (xmlContent, contentXML): the embedded
    // content is found wherever it sits in the object.
    fn embedded<'a>(e: &'a Element, out: &mut Vec<&'a Element>) {
        for c in &e.children {
            if c.name == "embeddedXMLContent" {
                out.extend(c.all("alert"));
            } else {
                embedded(c, out);
            }
        }
    }
    let mut carried = Vec::new();
    for o in &found {
        embedded(o, &mut carried);
    }
    let alerts: Vec<Result<Alert, CapError>> = carried.into_iter().map(from_element).collect();
    if alerts.is_empty() {
        return Err(CapError::NoAlertInDistribution { found: found.len() });
    }
    Ok(alerts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alert_xml(id: &str) -> String {
        format!(
            r#"<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>{id}</identifier><sender>qx@example</sender>
            <sent>2026-11-23T08:00:00+08:00</sent><status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
            <info><category>Met</category><event>大风</event><urgency>Expected</urgency><severity>Moderate</severity>
            <certainty>Likely</certainty><area><areaDesc>云溪街道</areaDesc></area></info></alert>"#
        )
    }

    #[test]
    fn an_edxl_distribution_gives_each_alert_it_carries() {
        // EDXL-DE 1.0: contentObject directly under the distribution.
        let de1 = format!(
            r#"<EDXLDistribution xmlns="urn:oasis:names:tc:emergency:EDXL:DE:1.0"><distributionID>D1</distributionID>
            <contentObject><xmlContent><embeddedXMLContent>{}</embeddedXMLContent></xmlContent></contentObject>
            <contentObject><xmlContent><embeddedXMLContent>{}</embeddedXMLContent></xmlContent></contentObject>
            <contentObject><nonXMLContent><mimeType>image/png</mimeType></nonXMLContent></contentObject>
            </EDXLDistribution>"#,
            alert_xml("E1"),
            alert_xml("E2")
        );
        let got = parse_many(de1.as_bytes()).expect("distribution");
        let ids: Vec<String> = got.iter().filter_map(|a| a.as_ref().ok()).map(|a| a.identifier.clone()).collect();
        assert_eq!(ids, ["E1", "E2"]);
        // EDXL-DE 2.0 nests them under <content>.
        let de2 = format!(
            r#"<EDXLDistribution xmlns="urn:oasis:names:tc:emergency:EDXL:DE:2.0"><distributionID>D2</distributionID>
            <content><contentObject><contentXML><embeddedXMLContent>{}</embeddedXMLContent></contentXML></contentObject></content>
            </EDXLDistribution>"#,
            alert_xml("E3")
        );
        assert_eq!(parse_many(de2.as_bytes()).expect("2.0").len(), 1);
        // A distribution with pictures only is refused with what it held.
        let none = r#"<EDXLDistribution xmlns="urn:oasis:names:tc:emergency:EDXL:DE:1.0"><contentObject><nonXMLContent/></contentObject></EDXLDistribution>"#;
        assert_eq!(parse_many(none.as_bytes()), Err(CapError::NoAlertInDistribution { found: 1 }));
        // A plain alert is one.
        assert_eq!(parse_many(alert_xml("P1").as_bytes()).expect("alert").len(), 1);
    }
}

//! From parsed upstream messages to [`Incoming`] alarms.

use crate::domain::RiskLevel;
use crate::store::alarm_area::Geo;
use crate::store::alarms::{Incoming, Kind};
use crate::upstream::cap::Info;
use crate::upstream::cap::{Alert, MsgType};
use crate::upstream::monitor::MonitorAlarm;

/// Times are stored in Beijing time with one format, so that text order is time order whatever
/// offset the sender wrote.
fn beijing(t: chrono::DateTime<chrono::FixedOffset>) -> String {
    crate::domain::time::stamp(t.with_timezone(&crate::domain::time::beijing()))
}

/// A CAP alert as one alarm, in the office's language when the sender provides it (all blocks
/// stay in the document; the alarm shows one).
pub fn from_cap(alert: &Alert, lang_prefix: &str, level_parameter: Option<&str>) -> Incoming {
    from_cap_noted(alert, lang_prefix, level_parameter, &[]).0
}

/// What an alarm's note says of its document, counted in the feed's health.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Notes {
    pub level_unread: bool,
    pub nonconforming: bool,
}

/// [`from_cap`], also saying whether the level word was not understood and whether the document
/// departed from the schema (both are written at the head of the alarm's description).
/// `level_words` are the office's own words for levels, read before the built-in ones.
pub fn from_cap_noted(
    alert: &Alert,
    lang_prefix: &str,
    level_parameter: Option<&str>,
    level_words: &[(String, RiskLevel)],
) -> (Incoming, Notes) {
    let info = alert.info_for(lang_prefix);
    let kind = match alert.msg_type {
        MsgType::Update => Kind::Update,
        MsgType::Cancel => Kind::Cancel,
        MsgType::Alert | MsgType::Ack | MsgType::Error => Kind::Alert,
    };
    let (level, unread) = info
        .map(|i| crate::domain::alarm::cap_level_read(i.severity.as_str(), &i.parameters, level_parameter, level_words))
        .unwrap_or((RiskLevel::Low, None));
    // A level word not understood is said on the alarm, with the level the severity gave instead.
    let notes = Notes { level_unread: unread.is_some(), nonconforming: !alert.deviations.is_empty() };
    let mut note = unread
        .map(|w| {
            let severity = info.map(|i| i.severity.as_str().to_string()).unwrap_or_default();
            format!("【级别“{w}”无法识别，按严重程度 {severity} 定为{}】\n", level.zh())
        })
        .unwrap_or_default();
    if notes.nonconforming {
        note.push_str(&format!("【不合规：{}】\n", alert.deviations.join("；")));
    }
    let event = info.map(|i| i.event.clone()).unwrap_or_default();
    let incoming = Incoming {
        dedup_key: alert.key(),
        kind,
        source: "cap",
        msg_status: alert.status.as_str().to_string(),
        level,
        headline: info.and_then(|i| i.headline.clone()).unwrap_or_else(|| event.clone()),
        event,
        language: info.map(|i| i.language.clone()).unwrap_or_default(),
        description: format!("{note}{}", info.and_then(|i| i.description.clone()).unwrap_or_default()),
        instruction: info.and_then(|i| i.instruction.clone()).unwrap_or_default(),
        area: info.map(|i| i.areas.iter().map(|a| a.desc.as_str()).collect::<Vec<_>>().join("; ")).unwrap_or_default(),
        // The sender as officers know it (云溪区气象台) when the document names it; its code (e.g.
        // a GB/T 35965.1 sender code) stays in the alarm's key.
        sender: info.and_then(|i| i.sender_name.clone()).unwrap_or_else(|| alert.sender.clone()),
        sent: beijing(alert.sent),
        expires: info.and_then(|i| i.expires).map(beijing),
        unit_uscc: None,
        references: alert.references.iter().map(|r| format!("{},{}", r.sender, r.identifier)).collect(),
        retrigger: false,
        geo: info.map(geo_of).filter(|g| !g.is_empty()).unwrap_or_else(|| sender_area(alert)),
    };
    (incoming, notes)
}

/// A monitoring platform's alarm, keyed by feed and the platform's id.
pub fn from_monitor(feed: &str, a: &MonitorAlarm) -> Incoming {
    let reading = match (a.value, a.threshold) {
        (Some(v), Some(t)) => format!(" {v}{u} > {t}{u}", u = a.unit.as_deref().unwrap_or("")),
        (Some(v), None) => format!(" {v}{}", a.unit.as_deref().unwrap_or("")),
        _ => String::new(),
    };
    Incoming {
        dedup_key: format!("monitor:{feed}:{}", a.id),
        kind: if a.cleared_at.is_some() { Kind::Cleared } else { Kind::Alert },
        source: "monitor",
        msg_status: "Actual".into(),
        level: a.level,
        headline: a.message.clone().unwrap_or_else(|| format!("{}{reading}", a.kind)),
        event: a.kind.clone(),
        language: String::new(),
        description: format!("{}{reading}", a.kind),
        instruction: String::new(),
        area: String::new(),
        sender: feed.to_string(),
        sent: beijing(a.cleared_at.unwrap_or(a.raised_at)),
        expires: None,
        unit_uscc: Some(a.uscc.clone()),
        references: Vec::new(),
        retrigger: true,
        geo: Geo::default(),
    }
}

/// A warning that names no area, from a sender identified by China's CAP profile (GB/T 35965.1),
/// applies to the sender's own division (a county bureau's warning to the county).
fn sender_area(alert: &Alert) -> Geo {
    let mut g = Geo::default();
    if let Some(id) = crate::domain::warning_code::read_id(&alert.identifier) {
        g.region_codes.push(id.division);
    }
    g
}

/// All areas of the block: polygons, circles and the region codes among its geocodes (any
/// all-digit value, whatever the sender names the code system).
fn geo_of(info: &Info) -> Geo {
    let mut g = Geo::default();
    for a in &info.areas {
        g.polygons.extend(a.polygons.iter().cloned());
        g.circles.extend(a.circles.iter().copied());
        g.region_codes.extend(
            a.geocodes
                .iter()
                .map(|(_, v)| v.trim())
                .filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
                .map(str::to_string),
        );
    }
    g
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alert(colour: &str) -> Alert {
        let xml = format!(
            r#"<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>T1</identifier><sender>qx@example</sender>
            <sent>2026-11-23T08:00:00+08:00</sent><status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
            <info><language>zh-TW</language><category>Met</category><event>大風</event><urgency>Expected</urgency>
            <severity>Moderate</severity><certainty>Likely</certainty><headline>大風警報</headline>
            <description>風力八級</description>
            <parameter><valueName>预警颜色</valueName><value>{colour}</value></parameter>
            <area><areaDesc>雲溪</areaDesc></area></info></alert>"#
        );
        crate::upstream::cap::parse(xml.as_bytes()).expect("cap")
    }

    #[test]
    fn a_traditional_level_word_is_read_and_an_unknown_one_is_said() {
        let red = from_cap(&alert("紅色"), "zh", Some("预警颜色"));
        assert_eq!(red.level, RiskLevel::Major, "紅色 is red, whatever the severity says");
        assert_eq!(red.description, "風力八級");
        let odd = from_cap(&alert("紫色"), "zh", Some("预警颜色"));
        assert_eq!(odd.level, RiskLevel::General, "from the severity");
        assert!(
            odd.description.starts_with("【级别“紫色”无法识别，按严重程度 Moderate 定为一般风险】"),
            "{}",
            odd.description
        );
        let own = [("紫色".to_string(), RiskLevel::Significant)];
        let (read, notes) = from_cap_noted(&alert("紫色"), "zh", Some("预警颜色"), &own);
        assert_eq!((read.level, notes.level_unread), (RiskLevel::Significant, false), "the office's word");
        assert_eq!(read.description, "風力八級");
    }
}

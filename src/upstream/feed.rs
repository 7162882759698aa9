//! Atom and RSS 2.0 indexes that point at CAP documents (the way national warning systems
//! publish), or embed whole CAP alerts in their entries. A broken feed is refused; a broken entry
//! is reported on its own, so the rest of the feed still goes in and the bad one is quarantined.

use super::cap::{self, Alert, CapError};
use super::xml::{self, Element, XmlError};

pub const NS_ATOM: &str = "http://www.w3.org/2005/Atom";

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FeedError {
    #[error(transparent)]
    Xml(#[from] XmlError),
    #[error("the root element is <{0}>, not an Atom <feed> or an RSS <rss>")]
    NotAFeed(String),
    #[error("{0}: not an Atom element (Atom allows extensions only in other namespaces)")]
    UnknownElement(String),
    #[error("rss: no <channel>")]
    NoChannel,
}

/// One entry that could not be used, with the reason; the feed's other entries are unaffected.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct EntryError {
    pub path: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub id: String,
    pub title: String,
    pub updated: Option<String>,
    /// Where the CAP document is, when it is not embedded.
    pub link: Option<String>,
    /// An alert carried inside the entry, already parsed (or the reason it could not be).
    pub alert: Option<Result<Alert, CapError>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Feed {
    pub title: Option<String>,
    pub entries: Vec<Result<Entry, EntryError>>,
}

pub fn parse(bytes: &[u8]) -> Result<Feed, FeedError> {
    let root = xml::parse(bytes)?;
    match root.name.as_str() {
        "feed" if root.ns.as_deref() == Some(NS_ATOM) => atom(&root),
        "rss" => rss(&root),
        other => Err(FeedError::NotAFeed(other.to_string())),
    }
}

const ATOM_FEED_ELEMENTS: &[&str] = &[
    "author",
    "category",
    "contributor",
    "generator",
    "icon",
    "id",
    "link",
    "logo",
    "rights",
    "subtitle",
    "title",
    "updated",
    "entry",
];

fn embedded(container: Option<&Element>) -> Option<Result<Alert, CapError>> {
    let alert = container?.first("alert")?;
    Some(cap::from_element(alert))
}

fn atom(root: &Element) -> Result<Feed, FeedError> {
    for c in &root.children {
        if c.ns.as_deref() == Some(NS_ATOM) && !ATOM_FEED_ELEMENTS.contains(&c.name.as_str()) {
            return Err(FeedError::UnknownElement(format!("feed/{}", c.name)));
        }
    }
    let entries = root
        .all("entry")
        .enumerate()
        .map(|(i, e)| {
            let path = format!("feed/entry[{}]", i + 1);
            let missing = |what: &str| EntryError { path: path.clone(), message: format!("missing <{what}>") };
            let id = e.child_text("id").filter(|s| !s.is_empty()).ok_or_else(|| missing("id"))?.to_string();
            let title = e.child_text("title").filter(|s| !s.is_empty()).ok_or_else(|| missing("title"))?.to_string();
            let link = e
                .all("link")
                .filter(|l| matches!(l.attr("rel"), None | Some("alternate") | Some("related") | Some("enclosure")))
                .find_map(|l| l.attr("href").map(str::trim).filter(|h| !h.is_empty()).map(str::to_string));
            let alert = embedded(e.first("content"));
            if link.is_none() && alert.is_none() {
                return Err(EntryError { path, message: "no <link> to a CAP document and no embedded <alert>".into() });
            }
            Ok(Entry { id, title, updated: e.child_text("updated").map(str::to_string), link, alert })
        })
        .collect();
    Ok(Feed { title: root.child_text("title").map(str::to_string), entries })
}

fn rss(root: &Element) -> Result<Feed, FeedError> {
    let channel = root.first("channel").ok_or(FeedError::NoChannel)?;
    let entries = channel
        .all("item")
        .enumerate()
        .map(|(i, item)| {
            let path = format!("rss/channel/item[{}]", i + 1);
            let link = item.child_text("link").filter(|s| !s.is_empty()).map(str::to_string);
            let guid = item.child_text("guid").filter(|s| !s.is_empty()).map(str::to_string);
            let alert = embedded(Some(item));
            let id = guid
                .clone()
                .or_else(|| link.clone())
                .or_else(|| alert.as_ref().and_then(|a| a.as_ref().ok()).map(Alert::key));
            let Some(id) = id else {
                return Err(EntryError {
                    path,
                    message: "no <link> or <guid> to a CAP document and no embedded <alert>".into(),
                });
            };
            // Without a link, a permalink guid is where the document is.
            let permalink = item.first("guid").is_some_and(|g| g.attr("isPermaLink") != Some("false"));
            let link = link.or(if permalink { guid } else { None });
            if link.is_none() && alert.is_none() {
                return Err(EntryError { path, message: "no <link> to a CAP document and no embedded <alert>".into() });
            }
            let title = item.child_text("title").unwrap_or("").to_string();
            Ok(Entry { id, title, updated: item.child_text("pubDate").map(str::to_string), link, alert })
        })
        .collect();
    Ok(Feed { title: channel.child_text("title").map(str::to_string), entries })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atom_with_an_embedded_alert_and_one_with_a_link() {
        let doc = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
            <entry><id>1</id><title>a</title><link href="http://x/1.cap"/></entry>
            <entry><id>2</id><title>b</title><content type="text/xml">
              <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>A1</identifier><sender>s</sender>
              <sent>2026-11-23T10:00:00+08:00</sent><status>Actual</status><msgType>Alert</msgType><scope>Public</scope></alert>
            </content></entry>
            <entry><id>3</id><title>c</title></entry></feed>"#;
        let f = parse(doc.as_bytes()).expect("feed");
        assert_eq!(f.entries.len(), 3);
        assert_eq!(f.entries[0].as_ref().map(|e| e.link.clone()), Ok(Some("http://x/1.cap".into())));
        let alert = f.entries[1].as_ref().expect("entry").alert.clone().expect("embedded").expect("valid");
        assert_eq!(alert.key(), "s,A1");
        assert_eq!(
            f.entries[2].as_ref().map_err(|e| e.to_string()),
            Err("feed/entry[3]: no <link> to a CAP document and no embedded <alert>".into())
        );
        assert_eq!(parse(b"<html/>"), Err(FeedError::NotAFeed("html".into())));
    }
}

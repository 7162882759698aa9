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
    /// Where the CAP document is, when it is not embedded: the most likely first (see
    /// [`cap_links`]); a link that answers something else gives way to the next.
    pub link: Option<String>,
    pub other_links: Vec<String>,
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
            let mut links = cap_links(
                e.all("link")
                    .filter(|l| matches!(l.attr("rel"), None | Some("alternate") | Some("related") | Some("enclosure")))
                    .filter_map(|l| {
                        let href = l.attr("href").map(str::trim).filter(|h| !h.is_empty())?;
                        Some((href.to_string(), l.attr("type").unwrap_or("").to_string()))
                    })
                    .collect(),
            )
            .into_iter();
            let link = links.next();
            let alert = embedded(e.first("content"));
            if link.is_none() && alert.is_none() {
                return Err(EntryError { path, message: "no <link> to a CAP document and no embedded <alert>".into() });
            }
            Ok(Entry {
                id,
                title,
                updated: e.child_text("updated").map(str::to_string),
                link,
                other_links: links.collect(),
                alert,
            })
        })
        .collect();
    Ok(Feed { title: root.child_text("title").map(str::to_string), entries })
}

/// The links of an entry in the order to try them for its CAP document: typed
/// `application/cap+xml`, then other XML types, then untyped ones ending in .cap or .xml, then
/// other untyped ones; a link typed as a web page comes last (tried only when nothing else is
/// there, and quarantined as not CAP if that is what it is).
pub fn cap_links(links: Vec<(String, String)>) -> Vec<String> {
    let rank = |(href, ty): &(String, String)| {
        let ty = ty.to_ascii_lowercase();
        let path = href.split(['?', '#']).next().unwrap_or("").to_ascii_lowercase();
        match () {
            _ if ty.starts_with("application/cap+xml") => 0,
            _ if ty.contains("xml") && !ty.contains("atom") && !ty.contains("xhtml") => 1,
            _ if ty.is_empty() && (path.ends_with(".cap") || path.ends_with(".xml")) => 2,
            _ if ty.is_empty() && !path.ends_with(".html") && !path.ends_with(".htm") => 3,
            _ => 4,
        }
    };
    let mut links = links;
    links.sort_by_key(rank);
    let mut out: Vec<String> = Vec::new();
    for (href, _) in links {
        if !out.contains(&href) {
            out.push(href);
        }
    }
    out
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
            // An enclosure typed as CAP is the document; the item's link may be its web page.
            let enclosure = item
                .all("enclosure")
                .filter_map(|x| Some((x.attr("url")?.trim().to_string(), x.attr("type").unwrap_or("").to_string())))
                .filter(|(u, _)| !u.is_empty());
            let candidates: Vec<(String, String)> = enclosure.chain(link.map(|l| (l, String::new()))).collect();
            let mut links = cap_links(candidates).into_iter();
            let link = links.next();
            Ok(Entry {
                id,
                title,
                updated: item.child_text("pubDate").map(str::to_string),
                link,
                other_links: links.collect(),
                alert,
            })
        })
        .collect();
    Ok(Feed { title: channel.child_text("title").map(str::to_string), entries })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cap_links_come_before_web_pages() {
        let l = |h: &str, t: &str| (h.to_string(), t.to_string());
        assert_eq!(
            cap_links(vec![l("/e.html", "text/html"), l("/a.xml", "application/cap+xml")]),
            ["/a.xml", "/e.html"]
        );
        assert_eq!(
            cap_links(vec![l("/page", ""), l("/doc.cap", ""), l("/x", "text/xml")]),
            ["/x", "/doc.cap", "/page"]
        );
        assert_eq!(cap_links(vec![l("/e.htm", ""), l("/f", "")]), ["/f", "/e.htm"]);
        assert_eq!(cap_links(vec![l("/a", ""), l("/a", "application/cap+xml")]), ["/a"], "one link once");
    }

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

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

/// Reads a whole feed: its entries in order, and its title.
pub fn parse(bytes: &[u8]) -> Result<Feed, FeedError> {
    let mut entries = Vec::new();
    let title = parse_each(bytes, |e| entries.push(e))?;
    Ok(Feed { title, entries })
}

/// Reads a feed, handing each entry to `each` as soon as it has been read (`xml::parse_with`): an
/// Atom `<entry>` below `<feed>`, an RSS `<item>` in the first `<channel>`. Gives back the feed's
/// title. Whether the document is a feed at all is known only at its end: a caller that used the
/// entries before an error must undo what it did with them (the sync stores a feed's entries
/// while it is read, in a transaction it rolls back then).
pub fn parse_each(bytes: &[u8], mut each: impl FnMut(Result<Entry, EntryError>)) -> Result<Option<String>, FeedError> {
    let text = xml::decode(bytes)?;
    let mut n = 0;
    let mut channel_read = false;
    let root = xml::parse_with(&text, |ancestors, e| {
        match (ancestors, e.name.as_str()) {
            ([feed], "entry") if feed.name == "feed" => each(atom_entry(n, &e)),
            ([rss, channel], "item") if rss.name == "rss" && channel.name == "channel" && !channel_read => {
                each(rss_item(n, &e))
            }
            ([rss], "channel") if rss.name == "rss" => {
                channel_read = true;
                return Some(e);
            }
            _ => return Some(e),
        }
        n += 1;
        None
    })?;
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

/// The feed around its entries (read already), its title: only Atom's own elements are allowed
/// in it.
fn atom(root: &Element) -> Result<Option<String>, FeedError> {
    for c in &root.children {
        if c.ns.as_deref() == Some(NS_ATOM) && !ATOM_FEED_ELEMENTS.contains(&c.name.as_str()) {
            return Err(FeedError::UnknownElement(format!("feed/{}", c.name)));
        }
    }
    Ok(root.child_text("title").map(str::to_string))
}

/// The `i`th (from 0) `<entry>` of an Atom feed.
fn atom_entry(i: usize, e: &Element) -> Result<Entry, EntryError> {
    let path = || format!("feed/entry[{}]", i + 1);
    let missing = |what: &str| EntryError { path: path(), message: format!("missing <{what}>") };
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
        return Err(EntryError { path: path(), message: "no <link> to a CAP document and no embedded <alert>".into() });
    }
    Ok(Entry {
        id,
        title,
        updated: e.child_text("updated").map(str::to_string),
        link,
        other_links: links.collect(),
        alert,
    })
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

/// The channel around its items (read already).
fn rss(root: &Element) -> Result<Option<String>, FeedError> {
    let channel = root.first("channel").ok_or(FeedError::NoChannel)?;
    Ok(channel.child_text("title").map(str::to_string))
}

/// The `i`th (from 0) `<item>` of an RSS channel.
fn rss_item(i: usize, item: &Element) -> Result<Entry, EntryError> {
    let path = format!("rss/channel/item[{}]", i + 1);
    let link = item.child_text("link").filter(|s| !s.is_empty()).map(str::to_string);
    let guid = item.child_text("guid").filter(|s| !s.is_empty()).map(str::to_string);
    let alert = embedded(Some(item));
    let id =
        guid.clone().or_else(|| link.clone()).or_else(|| alert.as_ref().and_then(|a| a.as_ref().ok()).map(Alert::key));
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

    /// Entries are read as they end, and the feed around them is judged as a whole: its title
    /// and a foreign element after the entries count, and only the first RSS channel's items do.
    #[test]
    fn entries_read_as_they_end_leave_the_feed_around_them_whole() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom">
            <entry><id>1</id><title>a</title><link href="http://x/1.cap"/></entry>
            <title>after</title></feed>"#;
        let f = parse(atom.as_bytes()).expect("feed");
        assert_eq!((f.title.as_deref(), f.entries.len()), (Some("after"), 1));
        let foreign = r#"<feed xmlns="http://www.w3.org/2005/Atom">
            <entry><id>1</id><title>a</title><link href="http://x/1.cap"/></entry><bogus/></feed>"#;
        assert_eq!(parse(foreign.as_bytes()), Err(FeedError::UnknownElement("feed/bogus".into())));
        let not_atom = r#"<feed xmlns="urn:other"><entry><id>1</id><title>a</title><link href="/1"/></entry></feed>"#;
        assert_eq!(parse(not_atom.as_bytes()), Err(FeedError::NotAFeed("feed".into())));
        let rss = r#"<rss><channel><title>one</title><item><link>http://x/1.cap</link></item>
            <item><link>http://x/2.cap</link></item></channel>
            <channel><title>two</title><item><link>http://x/3.cap</link></item></channel></rss>"#;
        let f = parse(rss.as_bytes()).expect("rss");
        let links: Vec<_> = f.entries.iter().map(|e| e.as_ref().ok().and_then(|e| e.link.clone())).collect();
        assert_eq!(f.title.as_deref(), Some("one"));
        assert_eq!(links, [Some("http://x/1.cap".to_string()), Some("http://x/2.cap".to_string())]);
        assert_eq!(parse(b"<rss><item/></rss>"), Err(FeedError::NoChannel));
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

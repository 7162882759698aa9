//! Untrusted XML from upstream platforms, read safely into a small tree. No document type
//! declaration is ever accepted, so no DTD is read and no external or internal entity (and so no
//! entity-expansion attack) is ever resolved; only the five predefined entities and character
//! references are. Documents declared in other encodings (ISO-8859-1, GB2312, UTF-16 by BOM …) are
//! decoded first; size and depth are bounded.

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

/// Deepest nesting accepted; CAP needs five levels, feeds with an embedded alert about eight.
pub const MAX_DEPTH: usize = 64;
/// Namespaces whose name is shared by their elements; any beyond are copied for each element.
const SHARED_NAMESPACES: usize = 16;

/// Most elements in one document: an index embedding 5,000 CAP alerts has about 300,000; the
/// limit keeps a hostile document (within the 32 MB body cap) from building a huge tree.
pub const MAX_ELEMENTS: usize = 1_000_000;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum XmlError {
    #[error("the document declares a DTD (<!DOCTYPE>); DTDs and entities are never read")]
    Doctype,
    #[error("entity &{0}; is not one of the five predefined ones (no DTD is read)")]
    UnknownEntity(String),
    #[error("encoding \"{0}\" is not supported")]
    Encoding(String),
    #[error("the bytes are not valid {0}")]
    Decode(String),
    #[error("not well-formed XML at byte {position}: {message}")]
    Syntax { position: u64, message: String },
    #[error("nested deeper than {MAX_DEPTH} elements")]
    TooDeep,
    #[error("more than {MAX_ELEMENTS} elements")]
    TooLarge,
    #[error("the document has no root element")]
    Empty,
}

/// An element with its namespace resolved, its attributes and its text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Element {
    /// Shared by every element of the same namespace (a feed of 5,000 alerts has 300,000
    /// elements and two or three namespaces).
    pub ns: Option<std::sync::Arc<str>>,
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Element>,
    /// Text directly inside the element (not in its children), entities resolved.
    pub text: String,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Children with this local name (in any namespace).
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    pub fn first(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The trimmed text of the first child with this name.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.first(name).map(|e| e.text.trim())
    }
}

/// Turns upstream bytes into UTF-8 text: BOM first, then the encoding the XML declaration names.
/// UTF-8 text (most feeds) is borrowed, not copied: a feed is often megabytes.
pub fn decode(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, XmlError> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(XmlError::Decode(enc.name().to_string()));
        }
        return Ok(text);
    }
    let declared = declared_encoding(bytes);
    let enc = match declared.as_deref() {
        None => encoding_rs::UTF_8,
        Some(label) => {
            encoding_rs::Encoding::for_label(label.as_bytes()).ok_or_else(|| XmlError::Encoding(label.to_string()))?
        }
    };
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(XmlError::Decode(enc.name().to_string()));
    }
    Ok(text)
}

/// The `encoding="…"` of an XML declaration at the very start, if any.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(200)];
    let head =
        std::str::from_utf8(head).unwrap_or_else(|e| std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or(""));
    let decl = head.strip_prefix("<?xml")?;
    let decl = &decl[..decl.find("?>")?];
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..].trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &rest[1..];
    Some(value[..value.find(quote)?].to_string())
}

/// Parses a document into its root element.
pub fn parse(bytes: &[u8]) -> Result<Element, XmlError> {
    let text = decode(bytes)?;
    parse_str(&text)
}

pub fn parse_str(text: &str) -> Result<Element, XmlError> {
    parse_with(text, |_, e| Some(e))
}

/// Parses a document, handing each element below the root to `take` as soon as it is complete,
/// with its ancestors (the root first). What `take` gives back is kept in its parent; what it
/// keeps for itself is not. A feed's reader takes each entry as it ends, so a feed of 5,000
/// embedded alerts never holds more than one entry's tree: building and freeing the whole tree
/// was most of the time a large feed took to read.
pub fn parse_with(
    text: &str,
    mut take: impl FnMut(&[Element], Element) -> Option<Element>,
) -> Result<Element, XmlError> {
    let mut reader = NsReader::from_str(text);
    reader.config_mut().expand_empty_elements = true;
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    let mut count = 0usize;
    let mut namespaces: Vec<std::sync::Arc<str>> = Vec::new();
    loop {
        let position = reader.buffer_position();
        let (ns, event) =
            reader.read_resolved_event().map_err(|e| XmlError::Syntax { position, message: e.to_string() })?;
        let ns = match ns {
            ResolveResult::Bound(n) => Some(match namespaces.iter().find(|known| known[..] == *n.0) {
                Some(known) => known.clone(),
                None => {
                    let new: std::sync::Arc<str> = n.0.into();
                    // A hostile document declaring a namespace per element must not make each
                    // lookup walk all of them: only the first few are shared.
                    if namespaces.len() < SHARED_NAMESPACES {
                        namespaces.push(new.clone());
                    }
                    new
                }
            }),
            _ => None,
        };
        match event {
            Event::DocType(_) => return Err(XmlError::Doctype),
            Event::Start(e) => {
                count += 1;
                if count > MAX_ELEMENTS {
                    return Err(XmlError::TooLarge);
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(XmlError::TooDeep);
                }
                let mut attrs = Vec::new();
                for a in e.attributes() {
                    let a = a.map_err(|err| XmlError::Syntax { position, message: err.to_string() })?;
                    let local = a.key.local_name();
                    let key = AsRef::<str>::as_ref(&local).to_string();
                    let value = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).map_err(|err| match err {
                        quick_xml::Error::Escape(quick_xml::escape::EscapeError::UnrecognizedEntity(_, name)) => {
                            XmlError::UnknownEntity(name)
                        }
                        other => XmlError::Syntax { position, message: other.to_string() },
                    })?;
                    attrs.push((key, value.into_owned()));
                }
                let local = e.local_name();
                let name = AsRef::<str>::as_ref(&local).to_string();
                stack.push(Element { ns, name, attrs, ..Default::default() });
            }
            Event::End(_) => {
                let Some(done) = stack.pop() else {
                    return Err(XmlError::Syntax { position, message: "unexpected end tag".into() });
                };
                if stack.is_empty() {
                    root = Some(done);
                } else if let Some(kept) = take(&stack, done)
                    && let Some(parent) = stack.last_mut()
                {
                    parent.children.push(kept);
                }
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(c) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&c.into_inner());
                }
            }
            Event::GeneralRef(r) => {
                let resolved = if r.is_char_ref() {
                    r.resolve_char_ref().ok().flatten().map(String::from)
                } else {
                    match &*r {
                        "amp" => Some("&".into()),
                        "lt" => Some("<".into()),
                        "gt" => Some(">".into()),
                        "quot" => Some("\"".into()),
                        "apos" => Some("'".into()),
                        _ => None,
                    }
                };
                let value = resolved.ok_or_else(|| XmlError::UnknownEntity(r.to_string()))?;
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&value);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err(XmlError::Syntax {
            position: text.len() as u64,
            message: "the document ends inside an element".into(),
        });
    }
    root.ok_or(XmlError::Empty)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_taken_as_they_end_are_not_kept_in_the_tree() {
        let mut taken = Vec::new();
        let root = parse_with("<r><a><b>1</b></a><b>2</b><c/></r>", |ancestors, e| {
            if e.name == "b" {
                let path: Vec<&str> = ancestors.iter().map(|a| a.name.as_str()).collect();
                taken.push((path.join("/"), e.text));
                return None;
            }
            Some(e)
        })
        .expect("parse");
        assert_eq!(taken, [("r/a".to_string(), "1".to_string()), ("r".to_string(), "2".to_string())]);
        let names: Vec<&str> = root.children.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["a", "c"]);
        assert!(root.children[0].children.is_empty());
    }

    #[test]
    fn every_element_keeps_its_own_namespace_however_many_are_declared() {
        let n = SHARED_NAMESPACES + 5;
        let children: String = (0..n).map(|i| format!("<x:c xmlns:x='urn:n{i}'/>")).collect();
        let root = parse_str(&format!("<r xmlns='urn:root'>{children}<c/></r>")).expect("parse");
        assert_eq!(root.ns.as_deref(), Some("urn:root"));
        let got: Vec<Option<&str>> = root.children.iter().map(|c| c.ns.as_deref()).collect();
        let want: Vec<String> = (0..n).map(|i| format!("urn:n{i}")).collect();
        let want: Vec<Option<&str>> =
            want.iter().map(|s| Some(s.as_str())).chain(std::iter::once(Some("urn:root"))).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn entities_and_doctypes() {
        let e = parse_str("<a x='1 &amp; 2'>x &lt; y &#x4E2D;&#25991;<b/></a>").expect("ok");
        assert_eq!((e.text.as_str(), e.attr("x"), e.children.len()), ("x < y 中文", Some("1 & 2"), 1));
        let billion = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]><lolz>&lol2;</lolz>";
        assert_eq!(parse_str(billion), Err(XmlError::Doctype));
        let external = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><a>&xxe;</a>";
        assert_eq!(parse_str(external), Err(XmlError::Doctype));
        assert_eq!(parse_str("<a>&xxe;</a>"), Err(XmlError::UnknownEntity("xxe".into())));
        // XInclude is just an unknown element here; nothing is fetched.
        let xi = parse_str("<a xmlns:xi='http://www.w3.org/2001/XInclude'><xi:include href='file:///etc/passwd'/></a>")
            .expect("ok");
        assert_eq!(xi.children[0].name, "include");
        assert_eq!(xi.children[0].text, "");
    }

    #[test]
    fn encodings_and_bounds() {
        let latin = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>Montr\xe9al</a>";
        assert_eq!(parse(latin).expect("latin1").text, "Montréal");
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice("<a>北京</a>".as_bytes());
        assert_eq!(parse(&bom).expect("bom").text, "北京");
        let utf16: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain("<a>中</a>".encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
        assert_eq!(parse(&utf16).expect("utf16").text, "中");
        assert!(matches!(parse(b"<?xml version='1.0' encoding='klingon'?><a/>"), Err(XmlError::Encoding(_))));
        let deep = "<a>".repeat(MAX_DEPTH + 1) + &"</a>".repeat(MAX_DEPTH + 1);
        assert_eq!(parse_str(&deep), Err(XmlError::TooDeep));
        assert!(matches!(parse_str("<a><b></a>"), Err(XmlError::Syntax { .. })));
        assert!(matches!(parse_str("<a>"), Err(XmlError::Syntax { .. })));
        assert_eq!(parse_str(""), Err(XmlError::Empty));
    }
}

//! What docx-rs cannot say, set on the package it wrote: the language (so that LibreOffice and
//! Word set the text in a Chinese font, not a Japanese one), a font table whose official fonts name
//! the stock fonts to use when they are missing (仿宋_GB2312 → 仿宋 …), table header rows repeated on
//! every page, the page number's digit in the dashes' size and face, and the core properties (the
//! office as creator, the real time). Each edit is a replacement in XML docx-rs wrote itself, and
//! a change in its output that leaves an edit with nothing to replace is an error, not a silently
//! plainer document.

use std::io::{Cursor, Read, Write};

/// Who made the document and when, for its core properties.
pub struct Properties<'a> {
    pub creator: &'a str,
    pub title: &'a str,
    /// RFC 3339, any offset.
    pub created: &'a str,
    /// "zh-CN" or "en-US": the language of the document's Latin text and of its properties.
    pub language: &'a str,
}

/// The fonts a report uses, each with the stock font to take in its place (`altName`), its
/// PANOSE number and the GB2312 character set, as Word writes them.
const FONTS: [(&str, &str, &str, &str); 5] = [
    ("仿宋_GB2312", "仿宋", "02010609030101010101", "modern"),
    ("楷体_GB2312", "楷体", "02010609030101010101", "modern"),
    ("方正小标宋简体", "宋体", "02000000000000000000", "auto"),
    ("黑体", "SimHei", "02010609060101010101", "modern"),
    ("宋体", "SimSun", "02010600030101010101", "auto"),
];

fn font_table() -> String {
    let mut x = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
    );
    for (name, alt, panose, family) in FONTS {
        x.push_str(&format!(
            r#"<w:font w:name="{name}"><w:altName w:val="{alt}" /><w:panose1 w:val="{panose}" /><w:charset w:val="86" /><w:family w:val="{family}" /><w:pitch w:val="fixed" /></w:font>"#
        ));
    }
    x.push_str(
        r#"<w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304" /><w:charset w:val="00" /><w:family w:val="roman" /><w:pitch w:val="variable" /></w:font></w:fonts>"#,
    );
    x
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Replaces `from` by `to` in `part`, every time; an error when it is not there.
fn replace(part: &str, xml: &mut String, from: &str, to: &str) -> Result<(), String> {
    if !xml.contains(from) {
        return Err(format!("DOCX {part}: \"{from}\" not found (docx-rs wrote something else)"));
    }
    *xml = xml.replace(from, to);
    Ok(())
}

/// The first row of every table marked as its header row, repeated at the top of each page (rows
/// are written with `cantSplit`, after which `tblHeader` comes in the schema's order).
fn repeat_headers(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len() + 1024);
    let mut rest = xml;
    while let Some(at) = rest.find("<w:tbl>") {
        let (head, tail) = rest.split_at(at);
        out.push_str(head);
        let first_row_split = tail.find("<w:cantSplit />");
        let first_row_end = tail.find("</w:tr>");
        match (first_row_split, first_row_end) {
            (Some(s), Some(e)) if s < e => {
                let s = s + "<w:cantSplit />".len();
                out.push_str(&tail[..s]);
                out.push_str("<w:tblHeader />");
                rest = &tail[s..];
            }
            _ => {
                out.push_str("<w:tbl>");
                rest = &tail["<w:tbl>".len()..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn core(p: &Properties<'_>) -> String {
    let utc = chrono::DateTime::parse_from_rfc3339(p.created)
        .map(|t| t.with_timezone(&chrono::Utc).format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_else(|_| p.created.to_string());
    let (creator, title) = (escape(p.creator), escape(p.title));
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{title}</dc:title><dc:creator>{creator}</dc:creator><cp:lastModifiedBy>{creator}</cp:lastModifiedBy><dc:language>{}</dc:language><dcterms:created xsi:type="dcterms:W3CDTF">{utc}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{utc}</dcterms:modified><cp:revision>1</cp:revision></cp:coreProperties>"#,
        p.language
    )
}

/// The package with the parts above set.
pub fn finish(docx: &[u8], p: &Properties<'_>) -> Result<Vec<u8>, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(docx)).map_err(|e| format!("DOCX package: {e}"))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let lang = format!(r#"<w:lang w:val="{}" w:eastAsia="zh-CN" w:bidi="ar-SA" />"#, p.language);
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).map_err(|e| format!("DOCX package: {e}"))?;
        let name = file.name().to_string();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).map_err(|e| format!("DOCX {name}: {e}"))?;
        let text = |b: Vec<u8>| String::from_utf8(b).map_err(|e| format!("DOCX {name}: {e}"));
        let bytes = match name.as_str() {
            "word/fontTable.xml" => font_table().into_bytes(),
            "docProps/core.xml" => core(p).into_bytes(),
            "word/styles.xml" => {
                let mut xml = text(bytes)?;
                replace(&name, &mut xml, "</w:rPr></w:rPrDefault>", &format!("{lang}</w:rPr></w:rPrDefault>"))?;
                xml.into_bytes()
            }
            "word/document.xml" => repeat_headers(&text(bytes)?).into_bytes(),
            n if n.starts_with("word/footer") && n.ends_with(".xml") => {
                // The PAGE field's run has no properties: give it the dashes' 4号 宋体.
                let mut xml = text(bytes)?;
                let digit = r#"<w:r><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体" /><w:sz w:val="28" /><w:szCs w:val="28" /></w:rPr><w:fldChar"#;
                replace(&name, &mut xml, "<w:r><w:rPr /><w:fldChar", digit)?;
                xml.into_bytes()
            }
            _ => bytes,
        };
        out.start_file(&name, options).map_err(|e| format!("DOCX {name}: {e}"))?;
        out.write_all(&bytes).map_err(|e| format!("DOCX {name}: {e}"))?;
    }
    Ok(out.finish().map_err(|e| format!("DOCX package: {e}"))?.into_inner())
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_the_first_row_of_each_table_is_its_header() {
        let xml = "<w:tbl><w:tr><w:trPr><w:cantSplit /></w:trPr>h</w:tr><w:tr><w:trPr><w:cantSplit /></w:trPr>r</w:tr></w:tbl>\
                   <w:p/><w:tbl><w:tr><w:trPr><w:cantSplit /></w:trPr>h2</w:tr></w:tbl>";
        let out = super::repeat_headers(xml);
        assert_eq!(out.matches("<w:tblHeader />").count(), 2, "{out}");
        assert!(out.starts_with("<w:tbl><w:tr><w:trPr><w:cantSplit /><w:tblHeader /></w:trPr>h</w:tr><w:tr><w:trPr><w:cantSplit /></w:trPr>r"));
    }
}

//! What docx-rs cannot say, set on the package it wrote: the language (so that LibreOffice and
//! Word set the text in a Chinese font, not a Japanese one), a font table whose official fonts name
//! the stock fonts to use when they are missing (仿宋_GB2312 → 仿宋 …), the tables (written by
//! `docx_table.rs`) in their places, the page number's digit in the dashes' size and face, and the core properties (the
//! office as creator, the real time). Each edit is a replacement in XML docx-rs wrote itself, and
//! a change in its output that leaves an edit with nothing to replace is an error, not a silently
//! plainer document.

use std::io::Cursor;

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

/// The package with the parts above set, edited before docx-rs zips it (a district's document
/// part is megabytes: unzipping and zipping it again cost a quarter of the report's time).
pub fn finish(mut x: docx_rs::XMLDocx, tables: &[String], p: &Properties<'_>) -> Result<Vec<u8>, String> {
    let text = |part: &str, b: Vec<u8>| String::from_utf8(b).map_err(|e| format!("DOCX {part}: {e}"));
    x.font_table = font_table().into_bytes();
    x.doc_props.core = core(p).into_bytes();
    let lang = format!(r#"<w:lang w:val="{}" w:eastAsia="zh-CN" w:bidi="ar-SA" />"#, p.language);
    let mut styles = text("styles", std::mem::take(&mut x.styles))?;
    replace("styles", &mut styles, "</w:rPr></w:rPrDefault>", &format!("{lang}</w:rPr></w:rPrDefault>"))?;
    x.styles = styles.into_bytes();
    x.document =
        super::docx_table::put_in_place(&text("document", std::mem::take(&mut x.document))?, tables)?.into_bytes();
    // The PAGE field's run has no properties: give it the dashes' 4号 宋体.
    let digit = r#"<w:r><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体" /><w:sz w:val="28" /><w:szCs w:val="28" /></w:rPr><w:fldChar"#;
    for footer in x.footers.iter_mut() {
        let mut xml = text("footer", std::mem::take(footer))?;
        replace("footer", &mut xml, "<w:r><w:rPr /><w:fldChar", digit)?;
        *footer = xml.into_bytes();
    }
    let mut out = Cursor::new(Vec::new());
    x.pack(&mut out).map_err(|e| format!("DOCX package: {e}"))?;
    Ok(out.into_inner())
}

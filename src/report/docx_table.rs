//! A report table as WordprocessingML, written directly: a district's attachments run to ten
//! thousand rows, and building them through docx-rs's element tree and XML writer took most of the
//! report's second (550 ms of 770 on a busy district). The document carries a marker paragraph
//! where each table goes (`marker`), replaced by this XML when the package is finished. What the
//! table says is the same as before: borders, fixed layout with each column's width, the header
//! row repeated on every page, no row split across pages, numbers to the right, 五号 仿宋.

use super::blocks::{Cell, Table};

/// The paragraph text that stands for table `i` until the package is finished (private-use
/// characters: no report text contains them).
pub fn marker(i: usize) -> String {
    format!("\u{E000}table{i}\u{E000}")
}

fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

const BORDER: &str = r#"w:val="single" w:sz="2" w:space="0" w:color="000000" />"#;

fn cell(out: &mut String, text: &str, width: Option<usize>, span: Option<usize>, bold: bool, number: bool) {
    out.push_str("<w:tc><w:tcPr>");
    if let Some(w) = width {
        out.push_str(&format!(r#"<w:tcW w:w="{w}" w:type="dxa" />"#));
    }
    if let Some(n) = span {
        out.push_str(&format!(r#"<w:gridSpan w:val="{n}" />"#));
    }
    out.push_str(r#"</w:tcPr><w:p><w:pPr><w:rPr><w:sz w:val="21" /><w:szCs w:val="21" /></w:rPr><w:jc w:val=""#);
    out.push_str(if number { "right" } else { "left" });
    // Single spacing, off the page's 22-line grid (which would give each 五号 line 29 pt).
    out.push_str(r#"" /><w:spacing w:line="240" w:lineRule="auto" /><w:snapToGrid w:val="false" /></w:pPr><w:r><w:rPr><w:sz w:val="21" /><w:szCs w:val="21" />"#);
    if bold {
        out.push_str("<w:b /><w:bCs />");
    }
    out.push_str(r#"<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="仿宋_GB2312" /></w:rPr><w:t xml:space="preserve">"#);
    escape_into(out, text);
    out.push_str("</w:t></w:r></w:p></w:tc>");
}

/// The table as XML, `width` twips wide.
pub fn xml(t: &Table, width: usize) -> String {
    let columns: Vec<(usize, u32)> =
        if t.page.columns.is_empty() { (0..t.headers.len()).map(|c| (c, 1)).collect() } else { t.page.columns.clone() };
    let total: u32 = columns.iter().map(|c| c.1).sum::<u32>().max(1);
    let grid: Vec<usize> = columns.iter().map(|c| width * c.1 as usize / total as usize).collect();
    let mut out = String::with_capacity(1200 * (t.rows.len() + 1) * columns.len() / 4 + 2048);
    out.push_str(&format!(
        r#"<w:tbl><w:tblPr><w:tblW w:w="{width}" w:type="dxa" /><w:jc w:val="left" /><w:tblBorders>"#
    ));
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        out.push_str(&format!("<w:{side} {BORDER}"));
    }
    out.push_str(r#"</w:tblBorders><w:tblLayout w:type="fixed" /></w:tblPr><w:tblGrid>"#);
    for w in &grid {
        out.push_str(&format!(r#"<w:gridCol w:w="{w}" w:type="dxa" />"#));
    }
    out.push_str("</w:tblGrid>");
    // The header row repeats on each page; no row is split across pages.
    out.push_str("<w:tr><w:trPr><w:cantSplit /><w:tblHeader /></w:trPr>");
    for (i, (c, _)) in columns.iter().enumerate() {
        cell(&mut out, t.headers.get(*c).map(String::as_str).unwrap_or(""), grid.get(i).copied(), None, true, false);
    }
    out.push_str("</w:tr>");
    for row in &t.rows {
        if let Some(g) = t.page.group
            && let Some(head) = row.get(g).map(Cell::text).filter(|s| !s.is_empty())
        {
            out.push_str("<w:tr><w:trPr><w:cantSplit /></w:trPr>");
            cell(&mut out, &head, None, Some(columns.len()), true, false);
            out.push_str("</w:tr>");
        }
        out.push_str("<w:tr><w:trPr><w:cantSplit /></w:trPr>");
        for (i, (c, _)) in columns.iter().enumerate() {
            let (text, number) = match row.get(*c) {
                Some(x @ Cell::Number(_)) => (x.text(), true),
                Some(x) => (x.text(), false),
                None => (String::new(), false),
            };
            cell(&mut out, &text, grid.get(i).copied(), None, false, number);
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    out
}

/// The document part with each marker paragraph replaced by its table, in one pass.
pub fn put_in_place(document: &str, tables: &[String]) -> Result<String, String> {
    let mut out = String::with_capacity(document.len() + tables.iter().map(String::len).sum::<usize>());
    let mut rest = document;
    for (i, t) in tables.iter().enumerate() {
        let m = marker(i);
        let at = rest.find(&m).ok_or_else(|| format!("DOCX document: table {i}'s place not found"))?;
        let start = rest[..at].rfind("<w:p ").or_else(|| rest[..at].rfind("<w:p>"));
        let end = rest[at..].find("</w:p>").map(|e| at + e + "</w:p>".len());
        let (Some(start), Some(end)) = (start, end) else {
            return Err(format!("DOCX document: table {i}'s paragraph not found"));
        };
        out.push_str(&rest[..start]);
        out.push_str(t);
        rest = &rest[end..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use crate::report::blocks::{Cell, PageLayout, Table};

    #[test]
    fn a_table_repeats_its_header_keeps_rows_whole_and_escapes_its_text() {
        let t = Table {
            name: "t".into(),
            headers: vec!["单位".into(), "数".into()],
            rows: vec![vec![Cell::Text("A&B <厂>".into()), Cell::Number(1200.0)]],
            page: PageLayout { columns: vec![(0, 3), (1, 1)], group: None },
        };
        let x = crate::report::docx_table::xml(&t, 8000);
        assert_eq!(x.matches("<w:tblHeader />").count(), 1);
        assert_eq!(x.matches("<w:cantSplit />").count(), 2);
        assert!(x.contains(r#"<w:gridCol w:w="6000" w:type="dxa" /><w:gridCol w:w="2000" w:type="dxa" />"#));
        assert!(x.contains("A&amp;B &lt;厂&gt;"));
        assert!(x.contains(r#"<w:jc w:val="right" /><w:spacing w:line="240" w:lineRule="auto" /><w:snapToGrid w:val="false" /></w:pPr><w:r><w:rPr><w:sz w:val="21" /><w:szCs w:val="21" /><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="仿宋_GB2312" /></w:rPr><w:t xml:space="preserve">1200</w:t>"#));
        let doc = format!("<w:p w14:paraId=\"1\"><w:r><w:t>{}</w:t></w:r></w:p><w:p>after</w:p>", super::marker(0));
        let placed = super::put_in_place(&doc, std::slice::from_ref(&x)).expect("placed");
        assert_eq!(placed, format!("{x}<w:p>after</w:p>"));
        assert!(super::put_in_place("<w:p></w:p>", &[x]).is_err(), "a missing place is an error");
    }
}

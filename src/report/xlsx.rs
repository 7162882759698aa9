//! The report's tables as XLSX, one sheet per table, numbers as numbers so that offices can sum
//! and chart them; a first sheet carries the title and the text sections.

use super::blocks::{Block, Cell};
use super::model::Report;
use super::outline::blocks;
use crate::i18n::Lang;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use std::collections::HashSet;

/// A sheet name Excel accepts: at most 31 characters, none of []:*?/\, unique in the book.
fn sheet_name(wanted: &str, used: &mut HashSet<String>) -> String {
    let clean: String = wanted.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(28).collect();
    let mut name = if clean.trim().is_empty() { "Sheet".to_string() } else { clean };
    let base = name.clone();
    let mut n = 2;
    while !used.insert(name.to_lowercase()) {
        name = format!("{base} {n}");
        n += 1;
    }
    name
}

pub fn render(r: &Report, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let one_decimal = Format::new().set_num_format("0.0");
    let mut used = HashSet::new();
    let all = blocks(r, lang);
    // The first sheet: the report's text, so that the workbook stands on its own.
    let text = book.add_worksheet();
    text.set_name(sheet_name(if lang.zh() { "报告" } else { "Report" }, &mut used))?;
    text.set_column_width(0, 100)?;
    let mut row = 0;
    for b in &all {
        let (line, format) = match b {
            Block::Title(t) | Block::Heading(_, t) => (t.clone(), &bold),
            Block::Meta(m) | Block::Para(m) => (m.clone(), &wrap),
            Block::Table(_) => continue,
        };
        text.write_string_with_format(row, 0, line, format)?;
        row += 1;
    }
    for b in &all {
        let Block::Table(t) = b else { continue };
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(&t.name, &mut used))?;
        for (c, h) in t.headers.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, h, &bold)?;
        }
        for (r, cells) in t.rows.iter().enumerate() {
            for (c, cell) in cells.iter().enumerate() {
                let (r, c) = (r as u32 + 1, c as u16);
                match cell {
                    Cell::Number(n) if n.fract() == 0.0 => sheet.write_number(r, c, *n)?,
                    Cell::Number(n) => sheet.write_number_with_format(r, c, *n, &one_decimal)?,
                    Cell::Text(s) => sheet.write_string(r, c, s)?,
                };
            }
        }
        // Columns as wide as their longest text (a CJK character counts two), within reason.
        for c in 0..t.headers.len() {
            let widest = std::iter::once(t.headers[c].clone())
                .chain(t.rows.iter().filter_map(|r| r.get(c)).map(Cell::text))
                .map(|s| unicode_width::UnicodeWidthStr::width(s.as_str()))
                .max()
                .unwrap_or(8);
            sheet.set_column_width(c as u16, (widest as f64 + 2.0).clamp(8.0, 60.0))?;
        }
        sheet.set_freeze_panes(1, 0)?;
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    #[test]
    fn sheet_names_are_legal_and_unique() {
        let mut used = std::collections::HashSet::new();
        assert_eq!(super::sheet_name("任务/措施", &mut used), "任务措施");
        assert_eq!(super::sheet_name("任务措施", &mut used), "任务措施 2");
        assert_eq!(super::sheet_name("[]", &mut used), "Sheet");
        assert!(super::sheet_name(&"长".repeat(40), &mut used).chars().count() <= 31);
    }
}

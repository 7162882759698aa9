//! The report's tables as XLSX, one sheet per table, numbers as numbers and dates as dates so
//! that offices can sum, sort and chart them; a first sheet carries the title and the text
//! sections. Each sheet prints: landscape A4 one page wide with its header row repeated, rows as
//! tall as their wrapped text, in a font with the Chinese characters.

use super::blocks::{Block, Cell};
use super::model::Report;
use super::outline::blocks;
use crate::i18n::Lang;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};
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

/// The font every cell is set in: one that has the Chinese characters on any office machine.
const FONT: &str = "宋体";
/// A4 in Excel's paper numbers.
const A4: u8 = 9;

/// A date written as text by the report ("2026-12-31"): the workbook stores it as a date.
fn as_date(s: &str) -> Option<rust_xlsxwriter::ExcelDateTime> {
    let b = s.as_bytes();
    let shaped = b.len() == 10 && b[4] == b'-' && b[7] == b'-';
    shaped.then(|| rust_xlsxwriter::ExcelDateTime::parse_from_str(s).ok()).flatten()
}

pub fn render(r: &Report, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let base = Format::new().set_font_name(FONT).set_align(FormatAlign::Top);
    let bold = base.clone().set_bold();
    let wrap = base.clone().set_text_wrap();
    let one_decimal = base.clone().set_num_format("0.0");
    let date = base.clone().set_num_format("yyyy-mm-dd");
    let mut used = HashSet::new();
    let all = blocks(r, lang);
    // The first sheet: the report's text, so that the workbook stands on its own.
    let text = book.add_worksheet();
    text.set_name(sheet_name(if lang.zh() { "报告" } else { "Report" }, &mut used))?;
    text.set_column_width(0, 100)?;
    text.set_paper_size(A4).set_print_fit_to_pages(1, 0);
    let mut row = 0;
    for b in &all {
        let (line, format) = match b {
            Block::Title(t) | Block::Heading(_, t) | Block::Attachment(t) => (t.clone(), &bold),
            Block::PageBreak => continue,
            Block::Meta(m) | Block::Para(m) | Block::Addressee(m) => (m.clone(), &wrap),
            Block::Signature { office, date, note, .. } => {
                (format!("{office}  {date}{}", note.as_deref().map(|n| format!("  {n}")).unwrap_or_default()), &wrap)
            }
            Block::Table(_) => continue,
        };
        // A paragraph wraps in its 100-character column, each of its own lines apart (the plans'
        // progress is one line a task): the row is as tall as all of them. A printed CJK character
        // takes a little more than two of the column's characters: 90 to the line, not 100.
        let lines: usize =
            line.lines().map(|l| unicode_width::UnicodeWidthStr::width(l).div_ceil(90).max(1)).sum::<usize>().max(1);
        text.set_row_height(row, 15.0 * lines as f64)?;
        text.write_string_with_format(row, 0, line, format)?;
        row += 1;
    }
    for b in &all {
        let Block::Table(t) = b else { continue };
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(&t.name, &mut used))?;
        // Printed across: landscape A4, one page wide, the header row on every page.
        sheet.set_landscape().set_paper_size(A4).set_print_fit_to_pages(1, 0);
        sheet.set_repeat_rows(0, 0)?;
        for (c, h) in t.headers.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, h, &bold)?;
        }
        // Columns as wide as their longest text (a CJK character counts two), within reason.
        let widths: Vec<f64> = (0..t.headers.len())
            .map(|c| {
                let widest = std::iter::once(t.headers[c].clone())
                    .chain(t.rows.iter().filter_map(|r| r.get(c)).map(Cell::text))
                    .map(|s| unicode_width::UnicodeWidthStr::width(s.as_str()))
                    .max()
                    .unwrap_or(8);
                (widest as f64 + 2.0).clamp(8.0, 30.0)
            })
            .collect();
        for (c, w) in widths.iter().enumerate() {
            sheet.set_column_width(c as u16, *w)?;
        }
        // A grouping column (the task) is written on every row, so that a filter keeps it.
        let mut group_text = String::new();
        for (r, cells) in t.rows.iter().enumerate() {
            let row = r as u32 + 1;
            let mut lines = 1;
            for (c, cell) in cells.iter().enumerate() {
                let col = c as u16;
                match cell {
                    Cell::Number(n) if n.fract() == 0.0 => {
                        sheet.write_number_with_format(row, col, *n, &base)?;
                    }
                    Cell::Number(n) => {
                        sheet.write_number_with_format(row, col, *n, &one_decimal)?;
                    }
                    Cell::Text(s) => {
                        let s = match t.page.group {
                            Some(g) if g == c && !s.is_empty() => {
                                group_text = s.clone();
                                s.as_str()
                            }
                            Some(g) if g == c => group_text.as_str(),
                            _ => s.as_str(),
                        };
                        // A blank stays an empty cell; a dash stood for "none".
                        if s.is_empty() || s == "-" {
                            continue;
                        }
                        if let Some(d) = as_date(s) {
                            sheet.write_datetime_with_format(row, col, d, &date)?;
                            continue;
                        }
                        let width = unicode_width::UnicodeWidthStr::width(s);
                        let room = widths.get(c).copied().unwrap_or(8.0).max(1.0) as usize;
                        lines = lines.max(width.div_ceil(room));
                        sheet.write_string_with_format(row, col, s, &wrap)?;
                    }
                }
            }
            // Tall enough for every wrapped line (Excel does not grow rows written this way).
            sheet.set_row_height(row, 15.0 * lines as f64)?;
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

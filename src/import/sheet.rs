//! Reading an office's sheet into rows of text: CSV in UTF-8 (with or without BOM) or GB18030/GBK
//! as Excel in China saves it, and XLSX through calamine. Row numbers are the ones a clerk sees in
//! Excel (the header is row 1), so that a report can send them straight to the bad cell.

use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    #[error("{path}: cannot read the file: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{path}: the text is neither UTF-8 nor GB18030/GBK")]
    Encoding { path: String },
    #[error("{path}: row {row}: {message}")]
    Csv { path: String, row: u64, message: String },
    #[error("{path}: cannot read the workbook: {message}")]
    Workbook { path: String, message: String },
    #[error("{path}: the sheet has no header row")]
    Empty { path: String },
    #[error("{path}: unknown file type (use .csv or .xlsx)")]
    UnknownType { path: String },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The file name as it should appear in messages.
    pub source: String,
    pub headers: Vec<String>,
    /// (row number as shown in Excel, cells)
    pub rows: Vec<(usize, Vec<String>)>,
}

pub fn read(path: &Path) -> Result<Sheet, SheetError> {
    let source =
        path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string());
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "csv" | "txt" => {
            let bytes = std::fs::read(path)
                .map_err(|source_err| SheetError::Read { path: source.clone(), source: source_err })?;
            read_csv(&source, &bytes)
        }
        "xlsx" | "xlsm" | "xls" | "ods" => read_workbook(&source, path),
        _ => Err(SheetError::UnknownType { path: source }),
    }
}

/// Decodes bytes that may be UTF-8 (with BOM) or GB18030; Excel's "CSV" in a Chinese locale is GBK.
pub fn decode(source: &str, bytes: &[u8]) -> Result<String, SheetError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8(rest.to_vec()).map_err(|_| SheetError::Encoding { path: source.into() });
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
    if had_errors {
        return Err(SheetError::Encoding { path: source.into() });
    }
    Ok(text.into_owned())
}

pub fn read_csv(source: &str, bytes: &[u8]) -> Result<Sheet, SheetError> {
    let text = decode(source, bytes)?;
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut headers = None;
    let mut rows = Vec::new();
    // The csv crate's own line numbers go wrong after blank lines, so lines are counted here from
    // byte offsets, carried forward so that a large sheet is scanned once.
    let bytes = text.as_bytes();
    let (mut seen_byte, mut seen_line) = (0usize, 1usize);
    for record in reader.records() {
        let record = record.map_err(|e| SheetError::Csv {
            path: source.into(),
            row: e.position().map(|p| p.line()).unwrap_or(0),
            message: e.to_string(),
        })?;
        let start = record.position().map(|p| p.byte() as usize).unwrap_or(0).min(bytes.len());
        seen_line += bytes[seen_byte.min(start)..start].iter().filter(|b| **b == b'\n').count();
        seen_byte = start;
        let mut line = seen_line;
        for b in &bytes[start..] {
            match b {
                b'\n' => line += 1,
                b'\r' => {}
                _ => break,
            }
        }
        // A cell that an export guarded against spreadsheet formulas (`'=…`) comes back as it was.
        let cells: Vec<String> =
            record.iter().map(|c| crate::domain::text::from_sheet_guard(c.trim()).to_string()).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        if headers.is_none() {
            headers = Some(cells);
        } else {
            rows.push((line, cells));
        }
    }
    let headers = headers.ok_or_else(|| SheetError::Empty { path: source.into() })?;
    Ok(Sheet { source: source.into(), headers, rows })
}

fn read_workbook(source: &str, path: &Path) -> Result<Sheet, SheetError> {
    use calamine::{Data, Reader, open_workbook_auto};
    let err = |e: calamine::Error| SheetError::Workbook { path: source.into(), message: e.to_string() };
    let mut wb = open_workbook_auto(path).map_err(err)?;
    let range = wb.worksheet_range_at(0).ok_or_else(|| SheetError::Empty { path: source.into() })?.map_err(err)?;
    let first_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
    let mut headers = None;
    let mut rows = Vec::new();
    for (i, row) in range.rows().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match c {
                Data::Empty => String::new(),
                Data::String(s) => s.trim().to_string(),
                // Numbers typed into cells (phones, codes) must not come back as "1.3812345678e10".
                Data::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => format!("{}", *f as i64),
                Data::Float(f) => f.to_string(),
                Data::Int(i) => i.to_string(),
                Data::Bool(b) => b.to_string(),
                // A date typed as a date (an accident's time, a record's day): as the office reads it.
                Data::DateTime(d) => match d.as_datetime() {
                    Some(t) if t.time() == chrono::NaiveTime::MIN => t.format("%Y-%m-%d").to_string(),
                    Some(t) => t.format("%Y-%m-%d %H:%M").to_string(),
                    None => d.to_string(),
                },
                other => other.to_string(),
            })
            .collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        let excel_row = first_row + i + 1;
        if headers.is_none() {
            headers = Some(cells);
        } else {
            rows.push((excel_row, cells));
        }
    }
    let headers = headers.ok_or_else(|| SheetError::Empty { path: source.into() })?;
    Ok(Sheet { source: source.into(), headers, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_and_gbk_read_alike() {
        let text = "单位名称,地址\n东湖五金店,东湖路1号\n";
        let utf8 = read_csv("a.csv", text.as_bytes()).expect("utf8");
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        let with_bom = read_csv("a.csv", &bom).expect("bom");
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let gbk = read_csv("a.csv", &gbk).expect("gbk");
        assert_eq!(utf8.headers, vec!["单位名称", "地址"]);
        assert_eq!(utf8.rows, vec![(2, vec!["东湖五金店".to_string(), "东湖路1号".to_string()])]);
        assert_eq!(utf8.rows, with_bom.rows);
        assert_eq!(utf8.headers, with_bom.headers);
        assert_eq!(utf8.rows, gbk.rows);
    }

    #[test]
    fn blank_lines_keep_row_numbers() {
        let s = read_csv("a.csv", b"name\n\na\n,\nb\n").expect("csv");
        assert_eq!(s.rows, vec![(3, vec!["a".to_string()]), (5, vec!["b".to_string()])]);
    }

    #[test]
    fn undecodable_bytes_are_named() {
        let err = read_csv("bad.csv", b"name\n\xff\xfe\xff\n").expect_err("bad");
        assert_eq!(err.to_string(), "bad.csv: the text is neither UTF-8 nor GB18030/GBK");
    }
}

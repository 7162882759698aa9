//! Writing a compiled report to files and recording it. Each file is written beside its final
//! name and renamed into place, so an interrupted export never leaves a half-written report under
//! the real name; the record (quarter, who, when, hashes) is written once every file is in place.

use super::model::Report;
use crate::domain::calendar::Quarter;
use crate::i18n::Lang;
use crate::store::{Store, StoreError, checklist};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Docx,
    Xlsx,
    Md,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Docx, Format::Xlsx, Format::Md];

    pub fn ext(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
            Format::Md => "md",
        }
    }

    /// "docx,xlsx,md" → formats; an unknown name is an error naming it.
    pub fn parse_list(s: &str) -> Result<Vec<Format>, String> {
        let mut out = Vec::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let f = Self::ALL
                .into_iter()
                .find(|f| f.ext().eq_ignore_ascii_case(part))
                .ok_or_else(|| format!("unknown report format \"{part}\" (use docx, xlsx, md)"))?;
            if !out.contains(&f) {
                out.push(f);
            }
        }
        if out.is_empty() {
            return Err("no report format given (use docx, xlsx, md)".into());
        }
        Ok(out)
    }
}

/// A list of formats as given on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formats(pub Vec<Format>);

#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    pub format: Format,
    pub path: PathBuf,
    pub sha256: String,
    pub bytes: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("report {path}: {message}")]
    Write { path: PathBuf, message: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub fn render(r: &Report, format: Format, lang: Lang) -> Result<Vec<u8>, String> {
    match format {
        Format::Md => Ok(super::markdown::render(r, lang).into_bytes()),
        Format::Xlsx => super::xlsx::render(r, lang).map_err(|e| e.to_string()),
        Format::Docx => super::docx::render(r, lang),
    }
}

/// Writes through a new temporary file with a random name (created exclusively, mode 0600, so
/// nothing planted under a predictable name is followed or overwritten), renamed into place when
/// whole. A report holds the office's records: it is readable by the service account only.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    // A full disk must not also keep the half that fitted: the temporary file goes when dropped.
    let mut tmp = tempfile::Builder::new().prefix(&format!(".{name}.")).suffix(".part").tempfile_in(dir)?;
    std::io::Write::write_all(tmp.as_file_mut(), bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Writes the report in each format into `dir` (created if missing) and records the files.
/// `progress` hears each step (fraction done, what is being written).
pub fn export(
    store: &mut Store,
    r: &Report,
    formats: &[Format],
    dir: &Path,
    lang: Lang,
    progress: &mut dyn FnMut(f64, &str),
) -> Result<Vec<Written>, ExportError> {
    let quarter = Quarter::parse(&r.quarter).ok_or_else(|| ExportError::Write {
        path: dir.to_path_buf(),
        message: format!("\"{}\" is not a quarter", r.quarter),
    })?;
    std::fs::create_dir_all(dir).map_err(|e| ExportError::Write { path: dir.to_path_buf(), message: e.to_string() })?;
    // The document's attachments are the workbook when the office sends tables apart: never one
    // without the other.
    let mut formats = formats.to_vec();
    if r.tables_apart && formats.contains(&Format::Docx) && !formats.contains(&Format::Xlsx) {
        formats.push(Format::Xlsx);
    }
    let formats = formats.as_slice();
    let mut written = Vec::new();
    for (i, f) in formats.iter().enumerate() {
        let path = dir.join(format!("anjian-report-{}.{}", r.quarter, f.ext()));
        progress(i as f64 / formats.len() as f64, &path.display().to_string());
        let bytes = render(r, *f, lang).map_err(|message| ExportError::Write { path: path.clone(), message })?;
        write_atomically(&path, &bytes)
            .map_err(|e| ExportError::Write { path: path.clone(), message: e.to_string() })?;
        let sha256 = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        written.push(Written { format: *f, path, sha256, bytes: bytes.len() });
    }
    store.write(&r.compiled_by, |w| {
        for x in &written {
            checklist::record_compiled(
                w,
                quarter,
                x.format.ext(),
                &x.path.display().to_string(),
                &x.sha256,
                x.bytes as i64,
            )?;
        }
        Ok(())
    })?;
    progress(1.0, "");
    Ok(written)
}

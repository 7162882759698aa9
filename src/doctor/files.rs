//! `doctor`'s look at the office's files: the database with its `-wal` and `-shm`, the two key
//! files, the config and the folders that hold them must belong to the account that runs anjian
//! (the service account) and be closed to every other account. Each finding prints the exact
//! `chown` or `chmod` that fixes it.

use super::{Finding, Verdict};
use crate::system::identity::{effective_uid, name_of};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// One file (or folder) to look at, and what it is called in the finding.
fn check(what: &'static str, path: &Path, folder: bool, out: &mut Vec<Finding>) {
    let Ok(meta) = std::fs::symlink_metadata(path) else { return };
    let me = effective_uid();
    let p = path.display();
    if meta.file_type().is_symlink() {
        out.push(Finding::new(
            Verdict::Fix,
            what,
            format!("{p}: is a symbolic link; put the file itself there (the target may be anyone's)"),
        ));
        return;
    }
    if meta.uid() != me {
        out.push(Finding::new(
            Verdict::Fix,
            what,
            format!(
                "{p}: belongs to {}, not to {} who runs anjian; run: chown {}: {p}",
                name_of(meta.uid()),
                name_of(me),
                name_of(me)
            ),
        ));
    }
    let mode = meta.permissions().mode() & 0o7777;
    if mode & 0o077 != 0 {
        let want = if folder { "700" } else { "600" };
        out.push(Finding::new(
            Verdict::Fix,
            what,
            format!(
                "{p}: other accounts may {} it (mode {mode:04o}); run: chmod {want} {p}",
                if folder { "enter" } else { "read" }
            ),
        ));
    }
}

fn beside(db: &Path, suffix: &str) -> PathBuf {
    let mut s = db.as_os_str().to_os_string();
    s.push(suffix);
    PathBuf::from(s)
}

fn folder(p: &Path) -> PathBuf {
    match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Findings for every file and folder that is not as the deployment wants it; one `ok` line when
/// all are.
pub fn findings(db: &Path, keys: &[&Path], config: Option<&Path>) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut folders: Vec<PathBuf> = Vec::new();
    for (what, p) in [("files", db.to_path_buf()), ("files", beside(db, "-wal")), ("files", beside(db, "-shm"))] {
        check(what, &p, false, &mut out);
    }
    folders.push(folder(db));
    for k in keys {
        check("files", k, false, &mut out);
        folders.push(folder(k));
    }
    if let Some(c) = config {
        check("files", c, false, &mut out);
        folders.push(folder(c));
    }
    folders.sort();
    folders.dedup();
    for f in &folders {
        check("files", f, true, &mut out);
    }
    if out.is_empty() {
        out.push(Finding::new(
            Verdict::Ok,
            "files",
            format!("the database, its keys and the config belong to {} alone", name_of(effective_uid())),
        ));
    }
    out
}

//! `anjian backup` and `anjian restore`: the database through the online backup API, and the key
//! file that opens the tip-off reporters' sealed contact details, which a backup is useless without.

use crate::store::backup::{self, BackupError, Checked};
use std::path::{Path, PathBuf};

/// Where a backup's key file goes: beside it, as `PATH.key`.
pub fn key_beside(backup: &Path) -> PathBuf {
    let mut name = backup.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".key");
    backup.with_file_name(name)
}

/// Backs up `db` to `dest`, and with `with_key` its key file beside it; the lines to print. The
/// key stays out of backups unless asked for: whoever holds both can read reporters' identities,
/// and backups travel further than the office's terminal.
pub fn backup(db: &Path, key: &Path, dest: &Path, with_key: bool) -> Result<Vec<String>, BackupError> {
    let checked = backup::backup(db, dest)?;
    let mut lines = vec![describe(dest, &checked)];
    if key.exists() {
        if with_key {
            let to = key_beside(dest);
            copy_private(key, &to)?;
            lines.push(format!("{}: the key file; keep it apart from copies of the backup", to.display()));
        } else {
            lines.push(format!(
                "{}: the key file is not in the backup (--with-key adds it); keep a copy of it elsewhere: \
                 without it, reporters' details in this backup cannot be read",
                key.display()
            ));
        }
    }
    Ok(lines)
}

/// Restores `from` (and its key file, if it has one) over `db`; the lines to print.
pub fn restore(from: &Path, db: &Path, key: &Path) -> Result<Vec<String>, BackupError> {
    let stamp = crate::domain::time::now().format("%Y%m%dT%H%M%S").to_string();
    let (checked, kept) = backup::restore(from, db, &stamp)?;
    let mut lines = vec![
        format!("{}: the database as it was, kept", kept.display()),
        format!("{}: restored from {}", db.display(), describe(from, &checked)),
    ];
    let backup_key = key_beside(from);
    if backup_key.exists() {
        if key.exists() {
            let old = key.with_extension(format!("before-restore-{stamp}.key"));
            copy_private(key, &old)?;
            lines.push(format!("{}: the key file as it was, kept", old.display()));
        }
        copy_private(&backup_key, key)?;
        lines.push(format!("{}: restored from {}", key.display(), backup_key.display()));
    }
    Ok(lines)
}

fn describe(path: &Path, c: &Checked) -> String {
    format!(
        "{}: {} bytes, schema {}, integrity ok, audit chain intact ({} rows)",
        path.display(),
        c.bytes,
        c.schema_version,
        c.audit_rows
    )
}

/// Copies a key file keeping it readable by its owner only (the sealer refuses anything looser).
fn copy_private(from: &Path, to: &Path) -> Result<(), BackupError> {
    fn io(p: &Path) -> impl Fn(std::io::Error) -> BackupError + '_ {
        move |e| BackupError::Io { path: p.display().to_string(), message: e.to_string() }
    }
    let bytes = std::fs::read(from).map_err(io(from))?;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let mut f = opts.open(to).map_err(io(to))?;
    std::io::Write::write_all(&mut f, &bytes).map_err(io(to))?;
    #[cfg(unix)]
    std::fs::set_permissions(to, std::os::unix::fs::PermissionsExt::from_mode(0o600)).map_err(io(to))?;
    Ok(())
}

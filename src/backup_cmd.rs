//! `anjian backup` and `anjian restore`: the database through the online backup API, and the key
//! file that opens the tip-off reporters' sealed contact details, which a backup is useless without.

use crate::store::audit_key::{self, AuditKey};
use crate::store::backup::{self, BackupError, Checked};
use std::path::{Path, PathBuf};

/// Where a backup's key file goes: beside it, as `PATH.key`.
pub fn key_beside(backup: &Path) -> PathBuf {
    beside(backup, ".key")
}

/// Where a backup's audit key goes: beside it, as `PATH.audit-key`.
pub fn audit_key_beside(backup: &Path) -> PathBuf {
    beside(backup, ".audit-key")
}

fn beside(backup: &Path, suffix: &str) -> PathBuf {
    let mut name = backup.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(suffix);
    backup.with_file_name(name)
}

fn audit_key(path: &Path) -> Result<AuditKey, BackupError> {
    let io = |message: String| BackupError::Io { path: path.display().to_string(), message };
    AuditKey::load(path).map_err(|e| io(e.to_string()))?.ok_or_else(|| io("the audit key is missing".into()))
}

/// Backs up `db` to `dest`, and with `with_key` its key files beside it; the lines to print. The
/// keys stay out of backups unless asked for: whoever holds a backup and the reporter key can read
/// reporters' identities, and with the audit key could rewrite the backup's log; backups travel
/// further than the office's server.
pub fn backup(db: &Path, key: &Path, dest: &Path, with_key: bool) -> Result<Vec<String>, BackupError> {
    let audit_path = audit_key::path_for(db);
    let checked = backup::backup(db, dest, &audit_key(&audit_path)?)?;
    let mut lines = vec![describe(dest, &checked)];
    for (from, to, what) in [
        (key, key_beside(dest), "the key file that opens reporters' details"),
        (audit_path.as_path(), audit_key_beside(dest), "the audit key that checks (and continues) the audit log"),
    ] {
        if !from.exists() {
            continue;
        }
        if with_key {
            copy_private(from, &to)?;
            lines.push(format!("{}: {what}; keep it apart from copies of the backup", to.display()));
        } else {
            lines.push(format!(
                "{}: {what} is not in the backup (--with-key adds it); keep a copy of it elsewhere",
                from.display()
            ));
        }
    }
    Ok(lines)
}

/// Restores `from` (and its key files, if it has them) over `db`; the lines to print.
pub fn restore(from: &Path, db: &Path, key: &Path) -> Result<Vec<String>, BackupError> {
    let stamp = crate::domain::time::now().format("%Y%m%dT%H%M%S").to_string();
    let audit_path = audit_key::path_for(db);
    let current = audit_key(&audit_path)?;
    // A backup whose audit key travelled with it is checked with that key; otherwise it must be
    // this office's own.
    let backup_audit = audit_key_beside(from);
    let theirs = if backup_audit.exists() { Some(audit_key(&backup_audit)?) } else { None };
    let (checked, kept) = backup::restore(from, db, &stamp, theirs.as_ref().unwrap_or(&current), &current)?;
    let mut lines = vec![
        format!("{}: the database as it was, kept", kept.display()),
        format!("{}: restored from {}", db.display(), describe(from, &checked)),
    ];
    for (backup_key, live) in [(key_beside(from), key.to_path_buf()), (backup_audit, audit_path)] {
        if !backup_key.exists() {
            continue;
        }
        if live.exists() {
            let mut old = live.as_os_str().to_os_string();
            old.push(format!(".before-restore-{stamp}"));
            let old = PathBuf::from(old);
            copy_private(&live, &old)?;
            lines.push(format!("{}: the key as it was, kept", old.display()));
        }
        copy_private(&backup_key, &live)?;
        lines.push(format!("{}: restored from {}", live.display(), backup_key.display()));
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

//! `anjian backup` and `anjian restore`: the database through the online backup API, and the key
//! file that opens the tip-off reporters' sealed contact details, which a backup is useless without.

use super::{Ctx, say};
use anjian::store::audit_key::{self, AuditKey};
use anjian::store::backup::{self, BackupError, Checked, audit_key_beside, key_beside};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `anjian backup PATH [--with-key]`.
pub fn backup(ctx: &Ctx, path: &Path, with_key: bool) -> anyhow::Result<ExitCode> {
    for line in take(&ctx.db, &ctx.config.key_path(&ctx.db), path, with_key)? {
        say(&line);
    }
    Ok(ExitCode::SUCCESS)
}

/// `anjian restore PATH`.
pub fn restore(ctx: &Ctx, path: &Path) -> anyhow::Result<ExitCode> {
    for line in put_back(path, &ctx.db, &ctx.config.key_path(&ctx.db))? {
        say(&line);
    }
    Ok(ExitCode::SUCCESS)
}

fn audit_key(path: &Path) -> Result<AuditKey, BackupError> {
    let io = |message: String| BackupError::Io { path: path.display().to_string(), message };
    AuditKey::load(path).map_err(|e| io(e.to_string()))?.ok_or_else(|| io("the audit key is missing".into()))
}

/// Backs up `db` to `dest`, and with `with_key` its key files beside it; the lines to print. The
/// keys stay out of backups unless asked for: whoever holds a backup and the reporter key can read
/// reporters' identities, and with the audit key could rewrite the backup's log; backups travel
/// further than the office's server.
fn take(db: &Path, key: &Path, dest: &Path, with_key: bool) -> Result<Vec<String>, BackupError> {
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
fn put_back(from: &Path, db: &Path, key: &Path) -> Result<Vec<String>, BackupError> {
    let stamp = anjian::domain::time::now().format("%Y%m%dT%H%M%S").to_string();
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

/// Copies a key file the way keys are handled everywhere (see `system::private_file`): the source
/// opened without following a link and checked (owner, 0600, folder), the copy written whole under
/// a new random name and put in place with a rename, so no link planted at the target is followed.
fn copy_private(from: &Path, to: &Path) -> Result<(), BackupError> {
    let err = |e: anjian::system::private_file::PrivateFileError| BackupError::Io {
        path: e.path.display().to_string(),
        message: e.to_string(),
    };
    let bytes = anjian::system::private_file::read(from, 4096).map_err(err)?;
    anjian::system::private_file::replace(to, &bytes).map_err(err)
}

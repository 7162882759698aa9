//! The service account's `authorized_keys`: anjian keeps one section of it, a line per station key
//! (see `domain::station`), and leaves every other line alone. The file is replaced whole (a new
//! file renamed over the old), so sshd never reads half of it.

use crate::domain::station::replace_section;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;

#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct KeysError {
    pub path: String,
    pub message: String,
}

fn err(path: &Path, message: impl std::fmt::Display) -> KeysError {
    KeysError { path: path.display().to_string(), message: message.to_string() }
}

/// The file's text ("" when it does not exist yet). A link or another account's file is refused:
/// sshd would read something else than what anjian wrote.
pub fn read(path: &Path) -> Result<String, KeysError> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(String::new()),
        Err(e) => return Err(err(path, e)),
        Ok(m) if m.file_type().is_symlink() => {
            return Err(err(path, "is a symbolic link; anjian writes only the file itself"));
        }
        Ok(m) if m.uid() != crate::system::identity::effective_uid() => {
            return Err(err(
                path,
                format!(
                    "belongs to {}; run `anjian station` as the service account",
                    crate::system::identity::name_of(m.uid())
                ),
            ));
        }
        Ok(_) => {}
    }
    std::fs::read_to_string(path).map_err(|e| err(path, e))
}

/// Replaces anjian's section with `lines`. The folder (`~/.ssh`) is created 0700 and the file is
/// 0600, as sshd's StrictModes wants.
pub fn write(path: &Path, lines: &[String]) -> Result<(), KeysError> {
    let existing = read(path)?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    crate::system::private_file::create_folder(&dir).map_err(|e| err(&dir, e))?;
    let mut tmp = tempfile::Builder::new().prefix(".authorized_keys.").tempfile_in(&dir).map_err(|e| err(path, e))?;
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o600)).map_err(|e| err(path, e))?;
    std::io::Write::write_all(tmp.as_file_mut(), replace_section(&existing, lines).as_bytes())
        .map_err(|e| err(path, e))?;
    tmp.as_file().sync_all().map_err(|e| err(path, e))?;
    tmp.persist(path).map_err(|e| err(path, e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_the_section_privately_and_keeps_other_lines() {
        let d = tempfile::tempdir().expect("tmp");
        let path = d.path().join(".ssh/authorized_keys");
        write(&path, &["L1".into()]).expect("first");
        assert_eq!(std::fs::metadata(&path).expect("m").permissions().mode() & 0o777, 0o600);
        assert_eq!(std::fs::metadata(d.path().join(".ssh")).expect("m").permissions().mode() & 0o777, 0o700);
        let text = std::fs::read_to_string(&path).expect("read");
        std::fs::write(&path, format!("ssh-ed25519 AAAA admin\n{text}")).expect("admin line");
        write(&path, &["L2".into()]).expect("second");
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.starts_with("ssh-ed25519 AAAA admin\n") && text.contains("\nL2\n") && !text.contains("L1"));
        let link = d.path().join("link");
        std::os::unix::fs::symlink(&path, &link).expect("link");
        assert!(write(&link, &[]).expect_err("link").to_string().contains("symbolic link"));
    }
}

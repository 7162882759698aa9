//! Files only the service account may read: the reporter key, the audit key. They are opened
//! without following a symbolic link and checked on the open file (owner, mode), and their folder
//! is checked too, because a key reached through a link planted in a world-writable folder, or a
//! key another account can replace, is not the office's key any more.

use std::fs::File;
use std::io::Read;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// What is wrong with a private file or its folder, each with what the administrator does about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Missing,
    /// The path is a symbolic link (opening it would read whatever it points at).
    Symlink,
    NotAFile,
    /// Owned by another account than the one running anjian.
    Owner {
        uid: u32,
        expected: u32,
    },
    /// Group or others may read or write it.
    Mode(u32),
    /// The folder lets other accounts create, rename or replace files in it.
    FolderWritable {
        dir: PathBuf,
        mode: u32,
    },
    /// The folder belongs to another account (which could replace the file).
    FolderOwner {
        dir: PathBuf,
        uid: u32,
    },
    Io(String),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", describe(.path, .problem))]
pub struct PrivateFileError {
    pub path: PathBuf,
    pub problem: Problem,
}

fn describe(path: &Path, problem: &Problem) -> String {
    let p = path.display();
    let me = crate::system::identity::name_of(crate::system::identity::effective_uid());
    match problem {
        Problem::Missing => format!("{p}: does not exist"),
        Problem::Symlink => format!(
            "{p}: is a symbolic link; key files are opened only directly: put the file itself there (cp --remove-destination \"$(readlink -f {p})\" {p})"
        ),
        Problem::NotAFile => format!("{p}: is not a regular file"),
        Problem::Owner { uid, .. } => format!(
            "{p}: belongs to {}, not to {me} who runs anjian; run anjian as {} or give it over: chown {me}: {p}",
            crate::system::identity::name_of(*uid),
            crate::system::identity::name_of(*uid)
        ),
        Problem::Mode(mode) => format!("{p}: other accounts may use it (mode {mode:04o}); run: chmod 600 {p}"),
        Problem::FolderWritable { dir, mode } => format!(
            "{p}: its folder {} lets other accounts replace files (mode {mode:04o}); keep keys in the service account's own folder (chmod 700 {})",
            dir.display(),
            dir.display()
        ),
        Problem::FolderOwner { dir, uid } => format!(
            "{p}: its folder {} belongs to {}; keep keys in a folder of {me} (chown {me}: {})",
            dir.display(),
            crate::system::identity::name_of(*uid),
            dir.display()
        ),
        Problem::Io(e) => format!("{p}: {e}"),
    }
}

fn fail(path: &Path, problem: Problem) -> PrivateFileError {
    PrivateFileError { path: path.to_path_buf(), problem }
}

fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The folder of a private file: owned by this account (or root) and writable by no one else.
pub fn check_folder(path: &Path) -> Result<(), PrivateFileError> {
    let dir = parent(path);
    let meta = std::fs::metadata(&dir).map_err(|e| fail(path, Problem::Io(format!("{}: {e}", dir.display()))))?;
    let mode = meta.permissions().mode() & 0o7777;
    if mode & 0o022 != 0 {
        return Err(fail(path, Problem::FolderWritable { dir, mode }));
    }
    let me = crate::system::identity::effective_uid();
    if meta.uid() != me && meta.uid() != 0 {
        return Err(fail(path, Problem::FolderOwner { dir, uid: meta.uid() }));
    }
    Ok(())
}

/// Opens `path` for reading, refusing a link, another owner, a loose mode or an unsafe folder.
pub fn open(path: &Path) -> Result<File, PrivateFileError> {
    let file =
        std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC).open(path).map_err(
            |e| match e.kind() {
                std::io::ErrorKind::NotFound => fail(path, Problem::Missing),
                // O_NOFOLLOW on a link fails with ELOOP.
                _ if e.raw_os_error() == Some(libc::ELOOP) => fail(path, Problem::Symlink),
                _ => fail(path, Problem::Io(e.to_string())),
            },
        )?;
    check_open(path, &file)?;
    check_folder(path)?;
    Ok(file)
}

/// The checks on an open file (its inode, whatever the name points at now).
fn check_open(path: &Path, file: &File) -> Result<(), PrivateFileError> {
    let meta = file.metadata().map_err(|e| fail(path, Problem::Io(e.to_string())))?;
    if !meta.file_type().is_file() {
        return Err(fail(path, Problem::NotAFile));
    }
    let me = crate::system::identity::effective_uid();
    if meta.uid() != me {
        return Err(fail(path, Problem::Owner { uid: meta.uid(), expected: me }));
    }
    let mode = meta.permissions().mode() & 0o7777;
    if mode & 0o077 != 0 {
        return Err(fail(path, Problem::Mode(mode)));
    }
    Ok(())
}

/// Reads a private file of at most `max` bytes into a buffer wiped when dropped.
pub fn read(path: &Path, max: usize) -> Result<Zeroizing<Vec<u8>>, PrivateFileError> {
    let file = open(path)?;
    let mut bytes = Zeroizing::new(Vec::with_capacity(max.min(4096)));
    file.take(max as u64 + 1).read_to_end(&mut bytes).map_err(|e| fail(path, Problem::Io(e.to_string())))?;
    Ok(bytes)
}

/// Checks a file without reading it (for `doctor`): the same rules as [`open`].
pub fn check(path: &Path) -> Result<(), PrivateFileError> {
    open(path).map(drop)
}

/// `bytes` in a new file with a random name in `path`'s folder (created exclusively, 0600, synced),
/// after checking the folder: the first half of [`create`] and [`replace`].
fn written_beside(path: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile, PrivateFileError> {
    check_folder(path)?;
    let io = |e: std::io::Error| fail(path, Problem::Io(e.to_string()));
    let mut tmp = tempfile::Builder::new().prefix(".anjian-key-").tempfile_in(parent(path)).map_err(io)?;
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o600)).map_err(io)?;
    std::io::Write::write_all(tmp.as_file_mut(), bytes).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    Ok(tmp)
}

/// Creates `path` with `bytes`, mode 0600, all at once: written to a new temporary file in the
/// same folder, then linked to its name, which fails if the name exists (another process won the
/// race, or something was planted there). Returns `Ok(false)` when the name already existed.
pub fn create(path: &Path, bytes: &[u8]) -> Result<bool, PrivateFileError> {
    std::fs::create_dir_all(parent(path)).map_err(|e| fail(path, Problem::Io(e.to_string())))?;
    let tmp = written_beside(path, bytes)?;
    match std::fs::hard_link(tmp.path(), path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(fail(path, Problem::Io(e.to_string()))),
    }
    // The temporary name is removed when `tmp` drops; the linked name stays.
}

/// Writes `path` whole with `bytes`, mode 0600, replacing what is there: a new file with a random
/// name in the same folder (created exclusively), renamed over the name. A link at `path` is
/// replaced, never followed.
pub fn replace(path: &Path, bytes: &[u8]) -> Result<(), PrivateFileError> {
    written_beside(path, bytes)?.persist(path).map_err(|e| fail(path, Problem::Io(e.error.to_string())))?;
    Ok(())
}

/// Creates a folder for private files (0700) if it is missing; an existing one is left as it is.
pub fn create_folder(dir: &Path) -> std::io::Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn private_dir() -> tempfile::TempDir {
        let d = tempfile::tempdir().expect("tmp");
        std::fs::set_permissions(d.path(), std::fs::Permissions::from_mode(0o700)).expect("chmod");
        d
    }

    #[test]
    fn created_files_are_private_and_never_replace_what_is_there() {
        let d = private_dir();
        let p = d.path().join("sub/k");
        assert_eq!(create(&p, b"first"), Ok(true));
        assert_eq!(std::fs::metadata(&p).expect("meta").permissions().mode() & 0o777, 0o600);
        assert_eq!(create(&p, b"second"), Ok(false), "an existing file is kept");
        assert_eq!(read(&p, 64).expect("read").as_slice(), b"first");
        let left: Vec<_> = std::fs::read_dir(d.path().join("sub")).expect("dir").collect();
        assert_eq!(left.len(), 1, "no temporary file left behind");
    }

    #[test]
    fn links_loose_modes_and_open_folders_are_refused_with_what_to_do() {
        let d = private_dir();
        let real = d.path().join("real.key");
        assert_eq!(create(&real, b"k"), Ok(true));
        let link = d.path().join("link.key");
        std::os::unix::fs::symlink(&real, &link).expect("symlink");
        let e = read(&link, 64).expect_err("a link");
        assert_eq!(e.problem, Problem::Symlink);
        assert!(e.to_string().contains("is a symbolic link"), "{e}");

        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        let e = read(&real, 64).expect_err("group-readable");
        assert_eq!(e.problem, Problem::Mode(0o640));
        assert!(e.to_string().ends_with(&format!("run: chmod 600 {}", real.display())), "{e}");
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).expect("chmod");

        let open_dir = d.path().join("open");
        std::fs::create_dir(&open_dir).expect("mkdir");
        let k = open_dir.join("k");
        std::fs::write(&k, b"k").expect("write");
        std::fs::set_permissions(&k, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        std::fs::set_permissions(&open_dir, std::fs::Permissions::from_mode(0o1777)).expect("chmod");
        let e = read(&k, 64).expect_err("world-writable folder");
        assert!(matches!(e.problem, Problem::FolderWritable { mode: 0o1777, .. }), "{e:?}");
        assert!(create(&open_dir.join("new"), b"x").is_err(), "nothing is created there either");
        assert_eq!(read(&d.path().join("none"), 64).expect_err("missing").problem, Problem::Missing);
    }

    #[test]
    fn replacing_never_follows_a_link_planted_at_the_name() {
        let d = private_dir();
        let victim = d.path().join("victim");
        std::fs::write(&victim, b"keep me").expect("victim");
        let name = d.path().join("key");
        std::os::unix::fs::symlink(&victim, &name).expect("plant");
        replace(&name, b"new key").expect("replace");
        assert_eq!(std::fs::read(&victim).expect("victim"), b"keep me");
        assert_eq!(read(&name, 64).expect("the file itself now").as_slice(), b"new key");
    }

    #[test]
    fn a_file_of_another_account_is_refused() {
        if crate::system::identity::effective_uid() != 0 {
            eprintln!("SKIPPED: giving a file to another account needs root");
            return;
        }
        let d = private_dir();
        let k = d.path().join("k");
        assert_eq!(create(&k, b"k"), Ok(true));
        std::os::unix::fs::chown(&k, Some(65534), None).expect("chown");
        let e = read(&k, 64).expect_err("foreign");
        assert!(matches!(e.problem, Problem::Owner { uid: 65534, .. }), "{e:?}");
        assert!(e.to_string().contains("chown root:"), "{e}");
    }
}

//! What anjian asks of the operating system, which is the security boundary of a deployment (see
//! the README's "Deployment"): who runs the process, files only its account may read, the SSH keys
//! of the stations, and the system log.

pub mod authorized_keys;
pub mod identity;
pub mod private_file;
pub mod syslog;

/// Makes everything this process creates private to its account (0600 files, 0700 folders): the
/// database's `-wal` and `-shm`, reports, exports. Called first thing in `main`.
pub fn private_umask() {
    // SAFETY: umask only changes this process's file creation mask; it cannot fail.
    unsafe {
        libc::umask(0o077);
    }
}

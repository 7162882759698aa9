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

/// Keeps this process's memory in ordinary pages. The allocator asks the kernel for transparent
/// huge pages, and each one is 2 MB zeroed at its first touch: a sync reading a 5,000-entry feed
/// reached 80 MB of resident memory, 42 MB without them, and on a virtual machine the zeroing was
/// up to a third of its time. Per process (`PR_SET_THP_DISABLE`), so nothing of the system's
/// setting changes. Called first thing in `main`; what the allocator mapped before is covered too.
pub fn no_huge_pages() {
    // SAFETY: prctl with PR_SET_THP_DISABLE only sets a flag of this process's memory map; on a
    // kernel without it the call fails harmlessly and the pages stay as they were.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

//! Who runs this process, as the kernel knows it: the real user id and its passwd entry. Never
//! `$USER`, `$LOGNAME` or `$HOME`: those are whatever the caller (or an SSH client's `SetEnv`)
//! put there, and identity decides what is audited and which operator an account maps to.

use std::ffi::CStr;
use std::path::PathBuf;

/// A local account: its user id, its name and its home directory from the passwd database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub uid: u32,
    pub name: String,
    pub home: PathBuf,
}

/// The account the kernel says runs this process (the real user id). An id without a passwd entry
/// (a container's numeric user) is named `uid:N` with `/` as its home.
pub fn real() -> Account {
    // SAFETY: getuid cannot fail and has no preconditions.
    let uid = unsafe { libc::getuid() };
    by_uid(uid).unwrap_or_else(|| Account { uid, name: format!("uid:{uid}"), home: PathBuf::from("/") })
}

/// The effective user id: the owner that files this process creates get, and that its private
/// files must have.
pub fn effective_uid() -> u32 {
    // SAFETY: geteuid cannot fail and has no preconditions.
    unsafe { libc::geteuid() }
}

/// The passwd entry of `uid`, read with the re-entrant call (threads may be running).
pub fn by_uid(uid: u32) -> Option<Account> {
    let mut buf = vec![0u8; 4096];
    loop {
        // SAFETY: `pwd` and `buf` outlive the call; getpwuid_r writes only into them and sets
        // `result` to null or to `&pwd`.
        let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        let rc = unsafe { libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr().cast(), buf.len(), &mut result) };
        if rc == libc::ERANGE && buf.len() < 1 << 20 {
            buf.resize(buf.len() * 2, 0);
            continue;
        }
        if rc != 0 || result.is_null() || pwd.pw_name.is_null() {
            return None;
        }
        // SAFETY: on success the strings point into `buf`, NUL-terminated.
        let name = unsafe { CStr::from_ptr(pwd.pw_name) }.to_string_lossy().into_owned();
        let home = if pwd.pw_dir.is_null() {
            PathBuf::from("/")
        } else {
            PathBuf::from(unsafe { CStr::from_ptr(pwd.pw_dir) }.to_string_lossy().into_owned())
        };
        return Some(Account { uid, name, home });
    }
}

/// The name of `uid` for messages ("anjian", or "uid 1003" without a passwd entry).
pub fn name_of(uid: u32) -> String {
    by_uid(uid).map(|a| a.name).unwrap_or_else(|| format!("uid {uid}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_real_account_comes_from_the_kernel_not_the_environment() {
        let me = real();
        // SAFETY: as above.
        assert_eq!(me.uid, unsafe { libc::getuid() });
        // Root has uid 0 and is named root on every system with a passwd file.
        assert_eq!(by_uid(0).map(|a| a.name).as_deref(), Some("root"));
        assert_eq!(name_of(0), "root");
        assert!(by_uid(u32::MAX - 7).is_none(), "an id without an entry");
        assert_eq!(name_of(u32::MAX - 7), format!("uid {}", u32::MAX - 7));
    }
}

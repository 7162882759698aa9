//! The audit key: a secret of the service account (its own file, 0600, beside the database) that
//! keys the audit log's MAC chain. Whoever can read the database but not this file cannot rebuild
//! the chain after editing or deleting rows.

use crate::system::private_file::{self, PrivateFileError, Problem};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

pub const KEY_LEN: usize = 32;

pub struct AuditKey(Zeroizing<[u8; KEY_LEN]>);

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuditKey(..)")
    }
}

/// Where a database's audit key lives: beside it, `office.db` → `office.audit-key`.
pub fn path_for(db: &Path) -> PathBuf {
    db.with_extension("audit-key")
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuditKeyError {
    #[error("audit key {0}")]
    File(#[from] PrivateFileError),
    #[error("audit key {path}: holds {len} bytes, an audit key is {KEY_LEN}; restore it from where keys are kept")]
    Length { path: PathBuf, len: usize },
}

impl AuditKey {
    /// Reads the key; `Ok(None)` when the file does not exist.
    pub fn load(path: &Path) -> Result<Option<AuditKey>, AuditKeyError> {
        let bytes = match private_file::read(path, KEY_LEN) {
            Ok(b) => b,
            Err(e) if e.problem == Problem::Missing => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let key: [u8; KEY_LEN] = bytes
            .as_slice()
            .try_into()
            .map_err(|_| AuditKeyError::Length { path: path.to_path_buf(), len: bytes.len() })?;
        Ok(Some(AuditKey(Zeroizing::new(key))))
    }

    /// Reads the key, or makes a new random one (0600) when there is none. Two processes racing
    /// both end up with the one that was written first.
    pub fn load_or_create(path: &Path) -> Result<AuditKey, AuditKeyError> {
        if let Some(k) = Self::load(path)? {
            return Ok(k);
        }
        let mut fresh = Zeroizing::new([0u8; KEY_LEN]);
        getrandom::fill(fresh.as_mut_slice())
            .map_err(|e| PrivateFileError { path: path.to_path_buf(), problem: Problem::Io(e.to_string()) })?;
        private_file::create(path, fresh.as_slice())?;
        Self::load(path)?.ok_or_else(|| PrivateFileError { path: path.to_path_buf(), problem: Problem::Missing }.into())
    }

    /// A key for tests and in-memory checks.
    pub fn from_bytes(bytes: [u8; KEY_LEN]) -> AuditKey {
        AuditKey(Zeroizing::new(bytes))
    }

    /// HMAC-SHA256 over `parts`, each followed by a 0xff byte (which UTF-8 text never contains, so
    /// no two rows MAC alike by moving text from one field to the next); lower-case hex.
    pub fn mac(&self, parts: &[&str]) -> String {
        let mut m = <Hmac<Sha256> as Mac>::new_from_slice(self.0.as_slice()).expect("HMAC takes any key length");
        for p in parts {
            m.update(p.as_bytes());
            m.update(&[0xff]);
        }
        hex(&m.finalize().into_bytes())
    }
}

pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

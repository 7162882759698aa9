//! Reporter identities are sealed with XChaCha20-Poly1305 before they reach the database, under a
//! key kept in a file of its own (mode 0600, created on first use). The database alone therefore
//! never reveals who reported; the key file alone holds no records. Each sealed value carries a
//! version byte and a random 24-byte nonce; the record it belongs to is bound in as associated
//! data, so a sealed name cannot be moved to another tip-off.

use chacha20poly1305::XChaCha20Poly1305;
use chacha20poly1305::aead::{Aead, Generate, KeyInit, Payload};
use std::path::{Path, PathBuf};

const VERSION: u8 = 1;
const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 24;

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("key file {path}: {message}")]
    KeyFile { path: PathBuf, message: String },
    #[error(
        "cannot open a sealed reporter identity: the key file is not the one it was sealed with, or the record was altered"
    )]
    Open,
    #[error("a sealed value is damaged ({0})")]
    Damaged(&'static str),
}

pub struct Sealer {
    cipher: XChaCha20Poly1305,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sealer(..)")
    }
}

impl Sealer {
    /// Reads the key file (see `system::private_file`: no link, this account's, 0600, in a folder
    /// no one else may write).
    pub fn load(path: &Path) -> Result<Sealer, SecretError> {
        let err = |message: String| SecretError::KeyFile { path: path.to_path_buf(), message };
        let bytes = crate::system::private_file::read(path, KEY_LEN).map_err(|e| err(problem(&e)))?;
        if bytes.len() != KEY_LEN {
            return Err(err(format!("holds {} bytes, a key is {KEY_LEN}", bytes.len())));
        }
        Sealer::from_key(&bytes).map_err(err)
    }

    /// Reads the key file, or creates it (0600, 32 random bytes) when it does not exist.
    pub fn load_or_create(path: &Path) -> Result<Sealer, SecretError> {
        match Self::load(path) {
            Err(SecretError::KeyFile { .. }) if !path.exists() && std::fs::symlink_metadata(path).is_err() => {
                let mut key = zeroize::Zeroizing::new([0u8; KEY_LEN]);
                getrandom::fill(key.as_mut_slice())
                    .map_err(|e| SecretError::KeyFile { path: path.to_path_buf(), message: e.to_string() })?;
                crate::system::private_file::create(path, key.as_slice())
                    .map_err(|e| SecretError::KeyFile { path: path.to_path_buf(), message: problem(&e) })?;
                // Whoever won a race to create it, the file now holds the key to use.
                Self::load(path)
            }
            other => other,
        }
    }

    fn from_key(key: &[u8]) -> Result<Sealer, String> {
        XChaCha20Poly1305::new_from_slice(key).map(|cipher| Sealer { cipher }).map_err(|e| e.to_string())
    }

    /// Seals `plain`, bound to `record` (e.g. "tipoff:42:reporter_name").
    pub fn seal(&self, plain: &str, record: &str) -> Vec<u8> {
        let nonce = chacha20poly1305::XNonce::generate();
        // Encryption only fails for messages beyond the cipher's limit (256 GiB); a name is not.
        let sealed =
            self.cipher.encrypt(&nonce, Payload { msg: plain.as_bytes(), aad: record.as_bytes() }).unwrap_or_default();
        let mut out = Vec::with_capacity(1 + NONCE_LEN + sealed.len());
        out.push(VERSION);
        out.extend_from_slice(nonce.as_slice());
        out.extend_from_slice(&sealed);
        out
    }

    /// The plaintext, in a buffer wiped when dropped.
    pub fn open(&self, blob: &[u8], record: &str) -> Result<zeroize::Zeroizing<String>, SecretError> {
        let (&version, rest) = blob.split_first().ok_or(SecretError::Damaged("empty"))?;
        if version != VERSION {
            return Err(SecretError::Damaged("unknown version"));
        }
        if rest.len() < NONCE_LEN + 16 {
            return Err(SecretError::Damaged("too short"));
        }
        let (nonce, sealed) = rest.split_at(NONCE_LEN);
        let nonce = chacha20poly1305::XNonce::try_from(nonce).map_err(|_| SecretError::Damaged("nonce"))?;
        let plain = self
            .cipher
            .decrypt(&nonce, Payload { msg: sealed, aad: record.as_bytes() })
            .map_err(|_| SecretError::Open)?;
        String::from_utf8(plain).map(zeroize::Zeroizing::new).map_err(|e| {
            zeroize::Zeroize::zeroize(&mut e.into_bytes());
            SecretError::Damaged("not UTF-8")
        })
    }
}

/// The private-file error without its path (the key-file error names it once).
fn problem(e: &crate::system::private_file::PrivateFileError) -> String {
    let text = e.to_string();
    let prefix = format!("{}: ", e.path.display());
    text.strip_prefix(&prefix).map(str::to_string).unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_open_and_refuse_the_wrong_key_or_record() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("keys/reporter.key");
        let a = Sealer::load_or_create(&path).expect("created");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777, 0o600);
        }
        let blob = a.seal("张三 13812345678", "tipoff:1:reporter");
        assert!(!blob.windows(6).any(|w| w == "张三".as_bytes()), "no plain text in the sealed value");
        assert_eq!(a.open(&blob, "tipoff:1:reporter").expect("open").as_str(), "张三 13812345678");
        assert!(matches!(a.open(&blob, "tipoff:2:reporter"), Err(SecretError::Open)), "bound to its record");
        let again = Sealer::load_or_create(&path).expect("reloaded");
        assert_eq!(again.open(&blob, "tipoff:1:reporter").expect("same key").as_str(), "张三 13812345678");

        let other = Sealer::load_or_create(&dir.path().join("other.key")).expect("another key");
        let e = other.open(&blob, "tipoff:1:reporter").expect_err("wrong key");
        assert!(e.to_string().contains("key file is not the one"), "{e}");
        assert!(matches!(a.open(&blob[..10], "tipoff:1:reporter"), Err(SecretError::Damaged(_))));

        std::fs::write(dir.path().join("short.key"), b"abc").expect("write");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir.path().join("short.key"), std::fs::Permissions::from_mode(0o600))
                .expect("chmod");
        }
        let e = Sealer::load_or_create(&dir.path().join("short.key")).expect_err("short");
        assert!(e.to_string().ends_with("holds 3 bytes, a key is 32"), "{e}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
            let e = Sealer::load_or_create(&path).expect_err("world-readable");
            assert!(e.to_string().contains("other accounts may use it (mode 0644)"), "{e}");
        }
    }
}

//! Stations: the places people reach the dashboard from (a village station, the duty room), each
//! entering through an SSH key whose line in the service account's `authorized_keys` forces
//! `anjian station NAME` (see the README's "Deployment"). The rules for names, keys and those lines
//! live here, without IO; `system::authorized_keys` writes the file.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use sha2::{Digest, Sha256};

/// Words of `anjian station` itself, which cannot also be station names.
pub const RESERVED: &[&str] = &["add", "list", "remove", "help"];

/// Why a station name cannot be used. The name is written into a forced command that sshd runs
/// through the account's shell, so it is kept to letters, digits, `-`, `_` and `.`.
pub fn check_name(name: &str) -> Result<(), String> {
    let n = name.chars().count();
    if n == 0 || n > 32 {
        return Err(format!("station name \"{name}\": 1 to 32 characters"));
    }
    if RESERVED.contains(&name) || name.starts_with(['-', '.']) {
        return Err(format!("station name \"{name}\" is a word of the command itself; choose another"));
    }
    if let Some(bad) = name.chars().find(|c| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))) {
        return Err(format!(
            "station name \"{}\": \"{}\" is not allowed (letters, digits, - _ . only)",
            crate::domain::text::one_line(name, 40),
            bad.escape_default()
        ));
    }
    Ok(())
}

/// Key types sshd accepts that a station may use.
const KEY_TYPES: &[&str] = &[
    "ssh-ed25519",
    "ssh-rsa",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com",
    "sk-ecdsa-sha2-nistp256@openssh.com",
];

/// An SSH public key as a station handed it in (`id_ed25519.pub`); its comment is not kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey {
    pub kind: String,
    /// The key in base64, as it stands in a `.pub` file.
    pub base64: String,
}

/// Reads one public key from the text of a `.pub` file: exactly one line `TYPE BASE64 [comment]`.
/// Options in front of the key (`command=…`) are refused: the forced command is anjian's to write.
pub fn parse_public_key(text: &str) -> Result<PublicKey, String> {
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
    let line = match lines.as_slice() {
        [one] => *one,
        [] => return Err("no public key in it (expected a line like \"ssh-ed25519 AAAA… name\")".into()),
        _ => return Err(format!("{} keys in it; give one key per `station add`", lines.len())),
    };
    let mut words = line.split_whitespace();
    let kind = words.next().unwrap_or("");
    if !KEY_TYPES.contains(&kind) {
        let shown = crate::domain::text::one_line(kind, 40);
        return Err(if kind.contains('=') || kind.contains(',') {
            format!("the line starts with options ({shown}); give the bare public key, anjian writes the options")
        } else {
            format!("\"{shown}\" is not an SSH public key type (ssh-ed25519, ecdsa-sha2-…, ssh-rsa)")
        });
    }
    let b64 = words.next().ok_or("the key itself is missing after its type")?;
    let blob = STANDARD.decode(b64).map_err(|_| "the key is not valid base64 (a damaged .pub file?)".to_string())?;
    // The blob starts with its own type as an SSH string: a length in 4 bytes, then the name.
    let inner = blob
        .get(..4)
        .map(|l| u32::from_be_bytes([l[0], l[1], l[2], l[3]]) as usize)
        .and_then(|n| blob.get(4..4 + n))
        .ok_or("the key data is too short to be a key")?;
    if inner != kind.as_bytes() {
        return Err(format!("the key data is not a {kind} key (its type says otherwise)"));
    }
    if kind == "ssh-rsa" && blob.len() < 256 {
        return Err("an RSA key shorter than 2048 bits; make an ed25519 key (ssh-keygen -t ed25519)".into());
    }
    Ok(PublicKey { kind: kind.to_string(), base64: b64.to_string() })
}

impl PublicKey {
    /// As `ssh-keygen -l` prints it: `SHA256:` and the unpadded base64 of the key's SHA-256.
    pub fn fingerprint(&self) -> String {
        let blob = STANDARD.decode(&self.base64).unwrap_or_default();
        format!("SHA256:{}", STANDARD_NO_PAD.encode(Sha256::digest(&blob)))
    }
}

/// Why `program` cannot stand in a forced command (it is run by the account's shell).
pub fn check_program(program: &str) -> Result<(), String> {
    if !program.starts_with('/') {
        return Err(format!("{program}: the forced command needs the program's absolute path"));
    }
    if let Some(bad) = program.chars().find(|c| !(c.is_alphanumeric() || matches!(c, '/' | '-' | '_' | '.' | '+'))) {
        return Err(format!(
            "{program}: \"{}\" in the path; install anjian where the path has no spaces or quotes (e.g. /usr/local/bin/anjian)",
            bad.escape_default()
        ));
    }
    Ok(())
}

/// The `authorized_keys` line of one station key: no forwarding of any kind, no `~/.ssh/rc`, a
/// terminal, and whatever the client asks to run, `anjian station NAME` runs instead.
pub fn authorized_line(program: &str, station: &str, key: &PublicKey) -> String {
    format!("restrict,pty,command=\"{program} station {station}\" {} {} anjian-station:{station}", key.kind, key.base64)
}

/// First and last line of the part of `authorized_keys` that anjian writes.
pub const SECTION_BEGIN: &str =
    "# anjian stations: written by `anjian station add/remove`; lines between these two are replaced";
pub const SECTION_END: &str = "# anjian stations end";

/// `existing` with anjian's section replaced by `lines` (added at the end when there is none);
/// everything outside the section is kept as it was.
pub fn replace_section(existing: &str, lines: &[String]) -> String {
    let mut out = String::new();
    let mut inside = false;
    let mut written = false;
    let section = |out: &mut String| {
        out.push_str(SECTION_BEGIN);
        out.push('\n');
        for l in lines {
            out.push_str(l);
            out.push('\n');
        }
        out.push_str(SECTION_END);
        out.push('\n');
    };
    for line in existing.lines() {
        if line.trim() == SECTION_BEGIN {
            inside = true;
            continue;
        }
        if inside {
            if line.trim() == SECTION_END {
                inside = false;
                if !written {
                    section(&mut out);
                    written = true;
                }
            }
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    if !written {
        section(&mut out);
    }
    out
}

/// Key lines outside anjian's section that give whoever holds the key a shell (no forced
/// command): `(line number, start of the line)`. The deployment has none; `doctor` names them.
pub fn unforced_keys(existing: &str) -> Vec<(usize, String)> {
    let mut inside = false;
    let mut out = Vec::new();
    for (i, line) in existing.lines().enumerate() {
        let t = line.trim();
        if t == SECTION_BEGIN {
            inside = true;
        } else if t == SECTION_END {
            inside = false;
        } else if !inside && !t.is_empty() && !t.starts_with('#') && !t.contains("command=") {
            out.push((i + 1, crate::domain::text::one_line(t, 40).into_owned()));
        }
    }
    out
}

/// The lines in anjian's section, in order.
pub fn section_lines(existing: &str) -> Vec<String> {
    let mut inside = false;
    let mut out = Vec::new();
    for line in existing.lines() {
        let t = line.trim();
        if t == SECTION_BEGIN {
            inside = true;
        } else if t == SECTION_END {
            inside = false;
        } else if inside {
            out.push(t.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A real ed25519 public key (ssh-keygen output).
    const ED: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPLyn6MBjr0/51YLJn9fkFjXc1ebHkC3dsSuj0y1elZY alice@pc";

    #[test]
    fn names() {
        for ok in ["溪口村站", "值班室", "duty-room", "xikou_2", "站.1"] {
            assert_eq!(check_name(ok), Ok(()), "{ok}");
        }
        for bad in ["", "add", "list", "-x", "a b", "溪口\"站", "x;rm", "a/b", "x$y", "t\u{1b}]52", &"长".repeat(33)]
        {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
        assert!(check_name("a b").expect_err("space").contains("\" \" is not allowed"));
    }

    #[test]
    fn keys_are_checked_and_fingerprinted_like_ssh_keygen() {
        let k = parse_public_key(&format!("\n# a comment\n{ED}\n")).expect("key");
        assert_eq!(k.kind, "ssh-ed25519");
        // `ssh-keygen -lf` on the same key prints this fingerprint.
        assert_eq!(k.fingerprint(), "SHA256:wVAA/ZgEtf6UvpSs+aMkVvXPz0ekgmBLe0T1RAaoyTY");
        let table: &[(&str, &str)] = &[
            ("", "no public key"),
            (&format!("{ED}\n{ED}"), "2 keys"),
            (&format!("command=\"sh\" {ED}"), "starts with options"),
            ("ssh-dss AAAAB3Nz", "not an SSH public key type"),
            ("ssh-ed25519", "missing"),
            ("ssh-ed25519 !!!", "not valid base64"),
            ("ssh-ed25519 AAAAB3NzaC1yc2EAAAADAQAB", "not a ssh-ed25519 key"),
        ];
        for (text, want) in table {
            let e = parse_public_key(text).expect_err(text);
            assert!(e.contains(want), "{text:?}: {e}");
        }
    }

    #[test]
    fn the_line_forces_the_station_and_nothing_else() {
        let k = parse_public_key(ED).expect("key");
        assert_eq!(
            authorized_line("/usr/local/bin/anjian", "溪口村站", &k),
            format!(
                "restrict,pty,command=\"/usr/local/bin/anjian station 溪口村站\" ssh-ed25519 {} anjian-station:溪口村站",
                k.base64
            )
        );
        assert!(check_program("/usr/local/bin/anjian").is_ok());
        assert!(check_program("anjian").is_err());
        assert!(check_program("/home/x/my tools/anjian").is_err());
        assert!(check_program("/x/an\"jian").is_err());
    }

    #[test]
    fn the_section_is_replaced_and_the_rest_kept() {
        let admin = "ssh-ed25519 AAAA admin@laptop";
        let first = replace_section(&format!("{admin}\n"), &["L1".into(), "L2".into()]);
        assert_eq!(first, format!("{admin}\n{SECTION_BEGIN}\nL1\nL2\n{SECTION_END}\n"));
        let second = replace_section(&format!("{first}# after\n"), &["L3".into()]);
        assert_eq!(second, format!("{admin}\n{SECTION_BEGIN}\nL3\n{SECTION_END}\n# after\n"));
        assert_eq!(section_lines(&second), vec!["L3".to_string()]);
        assert_eq!(replace_section("", &[]), format!("{SECTION_BEGIN}\n{SECTION_END}\n"));
        assert_eq!(unforced_keys(&second), vec![(1, admin.to_string())]);
        assert!(unforced_keys(&replace_section("", &["restrict,command=\"x\" k".into()])).is_empty());
    }
}

//! One line to the system log (`/dev/log`, RFC 3164 framing), for records that must live outside
//! the office's own files: the audit anchor. The journal (or syslog) belongs to root, so an insider
//! with the service account cannot rewrite what was sent there.

use std::os::unix::net::UnixDatagram;

/// Sends `message` as `anjian[pid]` at facility auth, level notice. Returns false when there is no
/// system log socket (a container without one): the caller also prints the line, which a systemd
/// service's journal keeps.
pub fn notice(tag: &str, message: &str) -> bool {
    // auth (4) * 8 + notice (5): where security records go, readable by root only on most systems.
    const PRI: u8 = 4 * 8 + 5;
    let Ok(sock) = UnixDatagram::unbound() else { return false };
    let line = format!("<{PRI}>{tag}[{}]: {}", std::process::id(), crate::domain::text::one_line(message, 900));
    sock.send_to(line.as_bytes(), "/dev/log").is_ok()
}

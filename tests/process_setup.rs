//! What `main` sets up in every `anjian` process before anything else, read back from the kernel
//! for the real binary: files it creates are private to its account (umask 077), and its memory
//! stays in ordinary pages (transparent huge pages off for the process: each one is 2 MB zeroed
//! at its first touch, which doubled a sync's resident memory).

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

struct Killed(std::process::Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn every_process_is_private_and_keeps_to_ordinary_pages() {
    let mut server = Killed(
        Command::new(env!("CARGO_BIN_EXE_anjian"))
            .args(["fixture-server", "--addr", "127.0.0.1:0", "--every", "0"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("anjian fixture-server"),
    );
    // Its address on the first line: by then `main` has run.
    let mut line = String::new();
    BufReader::new(server.0.stdout.take().expect("stdout")).read_line(&mut line).expect("address");
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.0.id())).unwrap_or_default();
    let field = |name: &str| status.lines().find_map(|l| l.strip_prefix(name).map(|v| v.trim().to_string()));
    let Some(thp) = field("THP_enabled:") else {
        eprintln!("SKIPPED: this kernel's /proc/<pid>/status has no THP_enabled line (Linux 5.0 or later has it)");
        return;
    };
    assert_eq!(thp, "0", "transparent huge pages are off for the process");
    assert_eq!(field("Umask:").as_deref(), Some("0077"), "files it creates are its account's alone");
}

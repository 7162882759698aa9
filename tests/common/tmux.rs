//! A real pseudo-terminal for end-to-end tests: a tmux server of the test's own, keys sent, the
//! screen read back; killed however the test ends.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub struct Tmux {
    pub socket: String,
}

impl Tmux {
    /// Runs `cmd` in a new session of `width` x `height`; None (saying why) without tmux.
    pub fn start(cmd: &str, width: u16, height: u16) -> Option<Tmux> {
        if Command::new("tmux").arg("-V").output().is_err() {
            eprintln!("SKIPPED: tmux is not installed, so this end-to-end test did not run");
            return None;
        }
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
        let socket = format!("anjian-e2e-{}-{nanos}", std::process::id());
        let status = Command::new("tmux")
            .args(["-L", &socket, "-f", "/dev/null", "new-session", "-d", "-x", &width.to_string(), "-y"])
            .arg(height.to_string())
            .arg(cmd)
            .status()
            .expect("tmux new-session");
        assert!(status.success());
        Some(Tmux { socket })
    }

    /// A tmux command against this server; its standard output.
    pub fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux").arg("-L").arg(&self.socket).args(args).output().expect("tmux");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.run(&["send-keys", "-t", "0", k]);
            // Esc followed at once by another key reads as Alt+key; a person never types that fast.
            std::thread::sleep(Duration::from_millis(if *k == "Escape" { 300 } else { 30 }));
        }
    }

    pub fn literal(&self, text: &str) {
        self.run(&["send-keys", "-t", "0", "-l", text]);
    }

    pub fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "0"])
    }

    pub fn query(&self, format: &str) -> String {
        self.run(&["display-message", "-p", "-t", "0", format]).trim().to_string()
    }

    /// Waits until the screen contains `needle`, and returns that screen.
    pub fn wait_for(&self, needle: &str) -> String {
        self.wait_for_all(&[needle])
    }

    /// Waits until the screen contains every one of `needles` at once (the parts of a screen, its
    /// panels and its status bar, can be drawn in different frames on a loaded machine).
    pub fn wait_for_all(&self, needles: &[&str]) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if needles.iter().all(|n| s.contains(n)) {
                return s;
            }
            assert!(start.elapsed() < Duration::from_secs(30), "timed out waiting for {needles:?}; screen was:\n{s}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux").args(["-L", &self.socket, "kill-server"]).stderr(Stdio::null()).status();
    }
}

/// Waits for a file a test's command writes (an exit status) and returns what it holds.
pub fn wait_file(path: &Path) -> String {
    let start = Instant::now();
    loop {
        if let Ok(s) = std::fs::read_to_string(path)
            && !s.trim().is_empty()
        {
            return s;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "{} was never written", path.display());
        std::thread::sleep(Duration::from_millis(100));
    }
}

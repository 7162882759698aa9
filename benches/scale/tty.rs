//! The real binary in tmux (a real pseudo-terminal), for start-up time and memory.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

pub struct Tmux {
    socket: String,
}

pub fn available() -> bool {
    Command::new("tmux").arg("-V").output().is_ok_and(|o| o.status.success())
}

impl Tmux {
    /// A tmux server with an idle session, so that starting the dashboard later is not also
    /// starting tmux.
    pub fn server(width: u16, height: u16) -> Tmux {
        let socket = format!("anjian-bench-{}", std::process::id());
        let (w, h) = (width.to_string(), height.to_string());
        let ok = Command::new("tmux")
            .args(["-L", &socket, "new-session", "-d", "-s", "idle", "-x", &w, "-y", &h, "sleep 600"])
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "tmux new-session");
        Tmux { socket }
    }

    /// Starts `cmd` in a new window sized `width`×`height`; returns when tmux has started it.
    pub fn start(&self, name: &str, cmd: &str, width: u16, height: u16) {
        let (w, h) = (width.to_string(), height.to_string());
        let ok = Command::new("tmux")
            .args(["-L", &self.socket, "new-session", "-d", "-s", name, "-x", &w, "-y", &h, cmd])
            .env("NO_COLOR", "1")
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "tmux new-session {name}");
    }

    pub fn screen(&self, name: &str) -> String {
        Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p", "-t", name])
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default()
    }

    pub fn keys(&self, name: &str, keys: &[&str]) {
        for k in keys {
            let _ = Command::new("tmux").args(["-L", &self.socket, "send-keys", "-t", name, k]).status();
        }
    }

    pub fn pid(&self, name: &str) -> Option<u32> {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "display", "-p", "-t", name, "#{pane_pid}"])
            .output()
            .ok()?;
        String::from_utf8_lossy(&out.stdout).trim().parse().ok()
    }

    /// Polls the screen until `pred` holds; the time it took, or `None` after `limit`.
    pub fn wait(&self, name: &str, limit: Duration, pred: impl Fn(&str) -> bool) -> Option<Duration> {
        let start = Instant::now();
        while start.elapsed() < limit {
            if pred(&self.screen(name)) {
                return Some(start.elapsed());
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        None
    }

    pub fn kill(&self, name: &str) {
        let _ = Command::new("tmux").args(["-L", &self.socket, "kill-session", "-t", name]).status();
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux").args(["-L", &self.socket, "kill-server"]).status();
    }
}

/// A config with no feeds, no idle lock and no desktop notifications: the dashboard's own
/// start-up is what is timed. (It maps no account: only the service account's own config can.)
pub fn config(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("bench.toml");
    let text = "[session]\nidle_lock = \"off\"\n[alarms]\ndesktop_notifications = false\n".to_string();
    std::fs::write(&path, text).expect("bench config");
    path
}

/// CPU time a process has used (user and system), in milliseconds.
pub fn cpu_ms(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command (which is in parentheses and may hold spaces): utime is the 14th
    // field of the line, stime the 15th, in clock ticks (100 a second on Linux).
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(ticks * 10)
}

/// Peak resident memory of a process (VmHWM), in MB.
pub fn peak_rss_mb(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

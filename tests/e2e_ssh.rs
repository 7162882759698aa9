//! A village station over real SSH: sshd from openssh-server on 127.0.0.1 with a throwaway host
//! key and user key, a login through a pseudo-terminal (tmux) by an account mapped to a scoped
//! operator, anjian run there. It signs in without a PIN, shows only the station's grids, rings
//! the terminal bell for a red alarm (there is no desktop session), and when the connection drops
//! it exits with no process left behind and no feed lease held. Skipped, saying why, where sshd,
//! ssh or tmux is missing (`.ci/run` installs them).

mod common;

use anjian::domain::OperatorRole;
use anjian::fixture::{self, Mode, Upstream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const STATION: &str = "溪口村站";

fn missing() -> Option<String> {
    for tool in ["/usr/sbin/sshd", "ssh", "ssh-keygen", "tmux"] {
        let ok = if tool.starts_with('/') {
            Path::new(tool).exists()
        } else {
            Command::new(tool).arg("-V").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok()
        };
        if !ok {
            return Some(format!("{tool} is not installed"));
        }
    }
    // sshd refuses to start without its privilege separation directory.
    if !Path::new("/run/sshd").is_dir() && std::fs::create_dir_all("/run/sshd").is_err() {
        return Some("/run/sshd is missing and cannot be created".into());
    }
    None
}

fn keygen(path: &Path) {
    let ok = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(path)
        .stdout(Stdio::null())
        .status()
        .expect("ssh-keygen");
    assert!(ok.success());
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

struct Sshd(Child);

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

struct Tmux(String);

impl Tmux {
    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux").arg("-L").arg(&self.0).args(args).output().expect("tmux");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.run(&["capture-pane", "-p", "-t", "0"]);
            if s.contains(needle) {
                return s;
            }
            assert!(start.elapsed() < Duration::from_secs(30), "timed out waiting for {needle:?}:\n{s}");
            std::thread::sleep(Duration::from_millis(150));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux").arg("-L").arg(&self.0).arg("kill-server").status();
    }
}

/// BEL characters that ring, not those ending an OSC sequence ("ESC ] … BEL").
fn bells(bytes: &[u8]) -> usize {
    let (mut n, mut in_osc, mut esc) = (0, false, false);
    for &b in bytes {
        match (b, in_osc, esc) {
            (b']', false, true) => in_osc = true,
            (0x07, true, _) => in_osc = false,
            (b'\\', true, true) => in_osc = false,
            (0x07, false, _) => n += 1,
            _ => {}
        }
        esc = b == 0x1b;
    }
    n
}

fn anjian_processes(db: &Path) -> Vec<String> {
    let out = Command::new("pgrep").arg("-f").arg(db.to_string_lossy().as_ref()).output().expect("pgrep");
    String::from_utf8_lossy(&out.stdout).split_whitespace().map(str::to_string).collect()
}

#[test]
fn a_station_over_ssh() {
    if let Some(why) = missing() {
        eprintln!("SKIPPED: the SSH end-to-end test did not run: {why}");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let user = std::env::var("USER").or_else(|_| std::env::var("LOGNAME")).unwrap_or_else(|_| "root".into());

    // The office: the demo, a station limited to 溪口村, and a red alarm at one of its units.
    let demo = common::demo_copy();
    let db: PathBuf = d.join("office.db");
    std::fs::copy(&demo.path, &db).expect("db");
    std::fs::copy(anjian::demo_tipoffs::key_path(&demo.path), anjian::demo_tipoffs::key_path(&db)).expect("key");
    {
        let mut s = common::open(&db);
        s.write("admin", |w| {
            anjian::store::operators::add(w, STATION, OperatorRole::Duty, "2580")?;
            anjian::store::scope::set(w, STATION, &["溪口村".to_string()], &[])?;
            w.tx.execute(
                "INSERT INTO alarm (dedup_key, feed, source, msg_status, level, status, headline, event, sent, unit_id,
                                    first_seen, last_seen)
                 SELECT 'ssh-red', '在线监测', 'test', 'Actual', 'red', 'new', '可燃气体浓度超限（SSH测试）', '可燃气体浓度超限',
                        ?1, u.id, ?1, ?1
                 FROM unit u JOIN grid g ON g.id = u.grid_id JOIN community c ON c.id = g.community_id
                 WHERE c.name = '溪口村' LIMIT 1",
                [anjian::domain::time::stamp(anjian::domain::time::now())],
            )?;
            Ok(())
        })
        .expect("station");
    }
    // A feed for the station's dashboard to sync in the background (so that it holds a lease).
    let rt = tokio::runtime::Runtime::new().expect("rt");
    let up = Upstream::seeded(5, anjian::domain::time::now(), 3, 10);
    let f = rt
        .block_on(fixture::start("127.0.0.1:0".parse().expect("addr"), up, Mode::Ok, Duration::ZERO))
        .expect("fixture");
    let cfg = d.join("config.toml");
    std::fs::write(
        &cfg,
        format!(
            "[session.accounts]\n\"{user}\" = \"{STATION}\"\n\n[[feeds]]\nname = \"站点监测\"\nkind = \"monitor\"\nurl = \"{}/monitor/alarms\"\ninterval = 30\n",
            f.base()
        ),
    )
    .expect("config");

    // sshd on loopback with throwaway keys, as whoever runs the test.
    keygen(&d.join("host_key"));
    keygen(&d.join("user_key"));
    std::fs::copy(d.join("user_key.pub"), d.join("authorized_keys")).expect("authorized_keys");
    let port = free_port();
    let sshd_config = d.join("sshd_config");
    std::fs::write(
        &sshd_config,
        format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {dir}/host_key\nAuthorizedKeysFile {dir}/authorized_keys\n\
             PasswordAuthentication no\nKbdInteractiveAuthentication no\nPubkeyAuthentication yes\nUsePAM no\n\
             StrictModes no\nPermitRootLogin prohibit-password\nPidFile {dir}/sshd.pid\nPrintMotd no\n",
            dir = d.display()
        ),
    )
    .expect("sshd_config");
    let _sshd = Sshd(
        Command::new("/usr/sbin/sshd")
            .args(["-D", "-e", "-f"])
            .arg(&sshd_config)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(d.join("sshd.log")).expect("log"))
            .spawn()
            .expect("sshd"),
    );
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "sshd did not listen: {:?}",
            std::fs::read_to_string(d.join("sshd.log"))
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    // Log in through a pseudo-terminal and run anjian there; record the raw bytes for the bell.
    let remote = format!(
        "env LANG=zh_CN.UTF-8 TERM=xterm-256color {} --config {} --db {}",
        common::bin(),
        cfg.display(),
        db.display()
    );
    let ssh = format!(
        "ssh -tt -i {dir}/user_key -p {port} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR {user}@127.0.0.1 '{remote}'",
        dir = d.display()
    );
    let t = Tmux(format!("anjian-ssh-{}", std::process::id()));
    let ok = Command::new("tmux")
        .args(["-L", &t.0, "-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "40"])
        .arg(&ssh)
        .status()
        .expect("tmux");
    assert!(ok.success());
    let raw = d.join("raw");
    t.run(&["pipe-pane", "-o", "-t", "0", &format!("cat >> {}", raw.display())]);

    // Signed in as the station without a PIN prompt; only its grids.
    let screen = t.wait_for(STATION);
    assert!(!screen.contains("值班员登录") && !screen.contains("密码"), "{screen}");
    t.run(&["send-keys", "-t", "0", "2"]);
    let tree = t.wait_for("溪口村");
    assert!(!tree.contains("云溪社区") && !tree.contains("桃源社区"), "{tree}");
    // The red alarm: the banner, and the bell in the bytes that crossed the connection.
    t.wait_for("红/橙告警待确认");
    let start = Instant::now();
    loop {
        let bytes = std::fs::read(&raw).unwrap_or_default();
        if bells(&bytes) > 0 {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "no bell reached the terminal");
        std::thread::sleep(Duration::from_millis(150));
    }
    // The background sync holds its feed's lease.
    let conn = rusqlite::Connection::open(&db).expect("open");
    let held = || -> i64 {
        conn.query_row("SELECT count(*) FROM feed WHERE name = '站点监测' AND lease_owner IS NOT NULL", [], |r| {
            r.get(0)
        })
        .expect("lease")
    };
    let start = Instant::now();
    while held() == 0 {
        assert!(start.elapsed() < Duration::from_secs(20), "the station never synced its feed");
        std::thread::sleep(Duration::from_millis(150));
    }
    assert!(!anjian_processes(&db).is_empty(), "anjian runs on the server side");

    // The connection drops: the ssh client is killed outright.
    let pane_pid = t.run(&["display-message", "-p", "-t", "0", "#{pane_pid}"]);
    let _ = Command::new("kill").args(["-9", pane_pid.trim()]).status();
    let start = Instant::now();
    while !anjian_processes(&db).is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "anjian outlived the connection: {:?}",
            anjian_processes(&db)
        );
        std::thread::sleep(Duration::from_millis(150));
    }
    assert_eq!(held(), 0, "the lease was given back when the connection dropped");
    let audited: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'operator.sign_in' AND record = ?1 AND after LIKE ?2",
            [STATION.to_string(), format!("%account:{user}%")],
            |r| r.get(0),
        )
        .expect("audit");
    assert_eq!(audited, 1, "signed in by its account, on the record");
}

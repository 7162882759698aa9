//! The README's "Deployment", followed on this machine: its shell blocks run as they stand (with a
//! throwaway account name and paths of the test's own), its sshd settings loaded by a real sshd on
//! loopback, then every way in tried the way a station, a curious colleague or an attacker would:
//!
//! - a station key opens the dashboard in the station's scope, signed in as its operator; the red
//!   alarm rings over the connection; quitting ends the SSH session;
//! - the duty room's key asks for name + PIN and shows the whole office;
//! - with a station key, `bash`, `sqlite3`, `scp`, `sftp`, `-L`/`-R` forwarding, `-A`, `SetEnv` and
//!   a forced command overridden on the command line get nothing beyond the dashboard;
//! - a second local account gets "permission denied" on every file;
//! - the sync service writes the audit anchor, which `audit verify --anchor` then checks;
//! - `[session.accounts]` in the service account's own config signs its local terminal in.
//!
//! Needs root (it makes accounts) and sshd, ssh, ssh-keygen, tmux, runuser, useradd; skipped,
//! saying why, without them (`.ci/run` installs openssh-server and runs as root).

mod common;

use common::tmux::{Tmux, wait_file};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const ADMIN_PIN: &str = "135790";
const DUTY_PIN: &str = "246801";
const XIKOU_PIN: &str = "357912";

fn missing() -> Option<String> {
    if common::me() != "root" {
        return Some("it makes throwaway accounts, which needs root".into());
    }
    for tool in ["/usr/sbin/sshd", "/usr/sbin/useradd", "/usr/sbin/userdel"] {
        if !Path::new(tool).exists() {
            return Some(format!("{tool} is not installed"));
        }
    }
    for tool in ["ssh", "ssh-keygen", "scp", "sftp", "tmux", "runuser", "bash"] {
        let found = Command::new("sh").arg("-c").arg(format!("command -v {tool}")).output();
        if !found.is_ok_and(|o| o.status.success()) {
            return Some(format!("{tool} is not installed"));
        }
    }
    if !Path::new("/run/sshd").is_dir() && std::fs::create_dir_all("/run/sshd").is_err() {
        return Some("/run/sshd is missing and cannot be created".into());
    }
    None
}

/// The fenced block that follows `<!-- deploy:TAG -->` in the README.
fn readme_block(tag: &str) -> String {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).expect("README");
    let marker = format!("<!-- deploy:{tag} -->");
    let after = &readme[readme.find(&marker).unwrap_or_else(|| panic!("README has no {marker}")) + marker.len()..];
    let start = after.find("```").expect("a fenced block");
    let body = &after[start..];
    let body = &body[body.find('\n').expect("fence line") + 1..];
    body[..body.find("\n```").expect("closing fence")].to_string()
}

/// An account made for the test, removed (with its home) however the test ends.
struct Account(String);

impl Drop for Account {
    fn drop(&mut self) {
        let _ = Command::new("pkill").args(["-KILL", "-u", &self.0]).status();
        std::thread::sleep(Duration::from_millis(200));
        let _ = Command::new("/usr/sbin/userdel").args(["-r", &self.0]).stderr(Stdio::null()).status();
    }
}

struct Reaped(Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
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

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Runs a README block with bash (`-e`: the first failing step fails the test), with `env` and
/// `stdin`.
fn run_block(tag: &str, env: &[(&str, String)], stdin: &str) -> Output {
    // setsid: no controlling terminal, so PINs come from standard input as in a script (run from a
    // terminal, the prompts would otherwise wait for someone to type).
    let mut child = Command::new("setsid")
        .arg("-w")
        .arg("bash")
        .arg("-e")
        .arg("-c")
        .arg(readme_block(tag))
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("bash");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("stdin");
    let out = child.wait_with_output().expect("bash");
    assert!(out.status.success(), "README block {tag} failed:\n{}\n{}", text(&out.stdout), text(&out.stderr));
    out
}

/// A tmux session for an SSH client or a dashboard (tmux is checked in `missing`).
fn tmux(cmd: &str) -> Tmux {
    Tmux::start(cmd, 120, 40).expect("tmux")
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

fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// The account's processes of anjian, by command line.
fn anjian_processes(account: &str) -> Vec<String> {
    let out = Command::new("pgrep").args(["-u", account, "-f", "anjian station"]).output().expect("pgrep");
    text(&out.stdout).split_whitespace().map(str::to_string).collect()
}

struct Office {
    base: tempfile::TempDir,
    account: Account,
    home: PathBuf,
    bin: PathBuf,
    keys: PathBuf,
    port: u16,
    _sshd: Reaped,
}

impl Office {
    fn db(&self) -> PathBuf {
        self.home.join("office.db")
    }

    fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("A", self.account.0.clone()),
            ("H", self.home.display().to_string()),
            ("BIN", self.bin.display().to_string()),
            ("SRC", common::bin().to_string()),
            ("SHEETS", self.base.path().join("sheets").display().to_string()),
            ("KEYS", self.keys.display().to_string()),
            ("ANJIAN_ADMIN_PIN", ADMIN_PIN.to_string()),
        ]
    }

    /// `ssh` with one of the stations' keys, batch mode, no host checks; `extra` before the host.
    fn ssh(&self, key: &str, extra: &[&str]) -> Command {
        let mut c = Command::new("ssh");
        c.args(["-i"])
            .arg(self.keys.join(key))
            .args(["-p", &self.port.to_string()])
            .args(["-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null"])
            .args(["-o", "LogLevel=ERROR", "-o", "IdentitiesOnly=yes"])
            .args(extra)
            .arg(format!("{}@127.0.0.1", self.account.0));
        c
    }

    /// The same as a command line for tmux.
    fn ssh_line(&self, key: &str, extra: &str, remote: &str) -> String {
        format!(
            "ssh -i {} -p {} -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
             -o LogLevel=ERROR -o IdentitiesOnly=yes {extra} {}@127.0.0.1 {remote}",
            self.keys.join(key).display(),
            self.port,
            self.account.0
        )
    }

    fn as_account(&self, args: &[&str]) -> Output {
        Command::new("runuser")
            .args(["-u", &self.account.0, "--"])
            .arg(&self.bin)
            .args(args)
            .env("ANJIAN_ADMIN_PIN", ADMIN_PIN)
            .output()
            .expect("runuser")
    }

    /// Writes a file as the service account (0600, as its own umask would make it).
    fn write_as_account(&self, path: &Path, content: &str) {
        let wrote = Command::new("runuser")
            .args(["-u", &self.account.0, "--", "sh", "-c"])
            .arg(format!("umask 077; cat > '{}'", path.display()))
            .stdin(Stdio::piped())
            .spawn()
            .and_then(|mut ch| {
                ch.stdin.take().expect("stdin").write_all(content.as_bytes())?;
                ch.wait()
            })
            .expect("write as the account");
        assert!(wrote.success(), "{}", path.display());
    }

    fn sql<T: rusqlite::types::FromSql>(&self, q: &str) -> T {
        // Read-only, as root: the test looks, it does not change the office's files' owners.
        let c =
            rusqlite::Connection::open_with_flags(self.db(), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).expect("open");
        c.query_row(q, [], |r| r.get(0)).expect(q)
    }
}

/// Steps 1–4 of the README on this machine.
fn set_up() -> Option<Office> {
    if let Some(why) = missing() {
        eprintln!("SKIPPED: the deployment test did not run: {why}");
        return None;
    }
    let base = tempfile::tempdir().expect("tempdir");
    // The account must be able to reach its home and the sheets, as under /srv.
    chmod(base.path(), 0o755);
    let account = Account(format!("anjt{}", std::process::id() % 100_000));
    let home = base.path().join("home");
    let bin = base.path().join("bin/anjian");
    std::fs::create_dir_all(bin.parent().expect("bin dir")).expect("bin dir");
    chmod(bin.parent().expect("bin dir"), 0o755);
    let sheets = base.path().join("sheets");
    std::fs::create_dir_all(&sheets).expect("sheets");
    chmod(&sheets, 0o755);
    for s in ["grids", "officers", "units", "teams"] {
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("fixtures/demo/{s}.csv"));
        std::fs::copy(&from, sheets.join(format!("{s}.csv"))).expect("sheet");
        chmod(&sheets.join(format!("{s}.csv")), 0o644);
    }
    let keys = base.path().join("keys");
    std::fs::create_dir_all(&keys).expect("keys");
    chmod(&keys, 0o755);
    for k in ["duty-room", "xikou", "taoyuan"] {
        keygen(&keys.join(k));
        chmod(&keys.join(format!("{k}.pub")), 0o644);
    }
    let mut office = Office {
        base,
        account,
        home,
        bin,
        keys,
        port: free_port(),
        _sshd: Reaped(Command::new("true").spawn().expect("placeholder")),
    };

    // 1. The service account, 2. the office, as the README writes them.
    run_block("account", &office.env(), "");
    run_block("office", &office.env(), &format!("{ADMIN_PIN}\n{DUTY_PIN}\n{XIKOU_PIN}\n"));

    // 3. sshd on loopback: the README's settings, after the global ones of a test server (which
    // accepts any variable a client sends, as a careless configuration would).
    let sshd = office.base.path().join("sshd");
    std::fs::create_dir_all(&sshd).expect("sshd dir");
    chmod(&sshd, 0o700);
    keygen(&sshd.join("host_key"));
    let config = sshd.join("sshd_config");
    let matched = readme_block("sshd").replace("Match User anjian", &format!("Match User {}", office.account.0));
    std::fs::write(
        &config,
        format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {dir}/host_key\nPidFile {dir}/sshd.pid\nUsePAM no\n\
             StrictModes yes\nAcceptEnv *\nPrintMotd no\nLogLevel VERBOSE\nSubsystem sftp internal-sftp\n{matched}\n",
            port = office.port,
            dir = sshd.display()
        ),
    )
    .expect("sshd_config");
    let check = Command::new("/usr/sbin/sshd").arg("-t").arg("-f").arg(&config).output().expect("sshd -t");
    assert!(check.status.success(), "sshd -t: {}", text(&check.stderr));
    office._sshd = Reaped(
        Command::new("/usr/sbin/sshd")
            .args(["-D", "-e", "-f"])
            .arg(&config)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(sshd.join("sshd.log")).expect("log"))
            .spawn()
            .expect("sshd"),
    );
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", office.port)).is_err() {
        assert!(start.elapsed() < Duration::from_secs(10), "sshd did not listen");
        std::thread::sleep(Duration::from_millis(100));
    }

    // 4. The stations.
    let out = run_block("stations", &office.env(), "");
    let listed = text(&out.stdout);
    assert!(listed.contains("溪口村站: 溪口村; 溪口站员 without a PIN"), "{listed}");
    Some(office)
}

#[test]
fn the_readme_deployment_holds() {
    let Some(office) = set_up() else { return };
    let a = office.account.0.clone();

    // What station add wrote: one forced line per key, and doctor content with the files.
    let ak = std::fs::read_to_string(office.home.join(".ssh/authorized_keys")).expect("authorized_keys");
    let lines: Vec<&str> = ak.lines().filter(|l| l.starts_with("restrict,pty,command=")).collect();
    assert_eq!(lines.len(), 3, "{ak}");
    assert!(lines[1].contains(&format!("command=\"{} station 溪口村站\"", office.bin.display())), "{ak}");
    let doctor = office.as_account(&["doctor"]);
    let said = text(&doctor.stdout);
    assert!(said.lines().any(|l| l.starts_with("ok   files")), "{said}");
    assert!(said.contains("ok   stations") && said.contains("3 station key(s)"), "{said}");

    // A station: its key opens the dashboard in its scope, signed in as its operator, whatever the
    // client asks to run and whatever variables it sends.
    let raw = office.base.path().join("raw");
    let status = office.base.path().join("xikou.status");
    let evil = office.base.path().join("evil.db");
    let cmd = format!(
        "sh -c '{}; echo $? > {}'",
        office.ssh_line(
            "xikou",
            "-tt -o \"SetEnv=USER=主任 LOGNAME=主任 LANG=en_US.UTF-8 ANJIAN_DB=/nonexistent\"",
            &format!("\"{} --db {} station 值班室\"", office.bin.display(), evil.display())
        ),
        status.display()
    );
    let t = tmux(&cmd);
    t.run(&["pipe-pane", "-o", "-t", "0", &format!("cat >> {}", raw.display())]);
    let screen = t.wait_for("溪口站员");
    assert!(
        screen.contains("总览") && !screen.contains("Overview"),
        "Chinese, whatever LANG the client sent:\n{screen}"
    );
    assert!(!screen.contains("值班员登录"), "its operator is signed in without a PIN:\n{screen}");
    t.keys(&["2"]);
    let tree = t.wait_for("溪口村");
    assert!(!tree.contains("云溪社区") && !tree.contains("桃源社区"), "only the station's grids:\n{tree}");
    assert!(!evil.exists(), "--db from the client's command line was not used");
    let via: String = office.sql(
        "SELECT after FROM audit_log WHERE action = 'operator.sign_in' AND record = '溪口站员' ORDER BY id DESC LIMIT 1",
    );
    assert!(via.contains("station:溪口村站"), "{via}");

    // While a dashboard has the database open: a second local account reaches none of the files.
    let other = Account(format!("anjo{}", std::process::id() % 100_000));
    let made = Command::new("/usr/sbin/useradd").args(["--create-home", &other.0]).status().expect("useradd");
    assert!(made.success());
    let files = [
        office.db(),
        PathBuf::from(format!("{}-wal", office.db().display())),
        PathBuf::from(format!("{}-shm", office.db().display())),
        office.home.join("office.key"),
        office.home.join("office.audit-key"),
        office.home.join(".config/anjian/config.toml"),
        office.home.join(".ssh/authorized_keys"),
    ];
    for f in &files {
        assert!(f.exists(), "{} exists while the dashboard runs", f.display());
        let out = Command::new("runuser").args(["-u", &other.0, "--", "cat"]).arg(f).output().expect("cat");
        assert!(
            !out.status.success() && text(&out.stderr).contains("Permission denied"),
            "{}: {}",
            f.display(),
            text(&out.stderr)
        );
        let out = Command::new("runuser")
            .args(["-u", &other.0, "--", "sh", "-c"])
            .arg(format!("echo x >> '{}'", f.display()))
            .output()
            .expect("append");
        assert!(!out.status.success(), "{} is writable by another account", f.display());
    }
    let out = Command::new("runuser").args(["-u", &other.0, "--", "ls"]).arg(&office.home).output().expect("ls");
    assert!(text(&out.stderr).contains("Permission denied"), "{}", text(&out.stderr));
    use std::os::unix::fs::MetadataExt;
    for f in &files {
        let m = std::fs::metadata(f).expect("meta");
        assert_eq!(m.mode() & 0o077, 0, "{} is {:o}", f.display(), m.mode() & 0o777);
        assert_eq!(crate_name_of(m.uid()), a, "{} belongs to the service account", f.display());
    }

    // No agent socket was made for this session (-A is asked for below, on another session).
    // A red alarm at one of the station's units: the banner, and the bell across the connection.
    {
        let c = rusqlite::Connection::open(office.db()).expect("open as root");
        c.busy_timeout(Duration::from_secs(5)).expect("busy");
        c.execute(
            "INSERT INTO alarm (dedup_key, feed, source, msg_status, level, status, headline, event, sent, unit_id,
                                first_seen, last_seen)
             SELECT 'ssh-red', '在线监测', 'test', 'Actual', 'major', 'new', '可燃气体浓度超限（SSH测试）', '可燃气体浓度超限',
                    ?1, u.id, ?1, ?1
             FROM unit u JOIN grid g ON g.id = u.grid_id JOIN community c ON c.id = g.community_id
             WHERE c.name = '溪口村' LIMIT 1",
            [anjian::domain::time::stamp(anjian::domain::time::now())],
        )
        .expect("alarm");
    }
    t.wait_for("红/橙告警待确认");
    let start = Instant::now();
    while bells(&std::fs::read(&raw).unwrap_or_default()) == 0 {
        assert!(start.elapsed() < Duration::from_secs(20), "no bell reached the terminal");
        std::thread::sleep(Duration::from_millis(150));
    }
    // Quitting the dashboard ends the SSH session.
    t.keys(&["q"]);
    assert_eq!(wait_file(&status).trim(), "0", "ssh ended when the dashboard quit");

    // Without a terminal: no command, no copy, nothing but one line saying what the key is for.
    for remote in ["bash -c id", "sqlite3 office.db .dump", "cat office.key"] {
        let out = office.ssh("xikou", &[]).arg(remote).output().expect("ssh");
        assert_ne!(out.status.code(), Some(0), "{remote}");
        assert!(out.stdout.is_empty(), "{remote}: {}", text(&out.stdout));
        assert!(text(&out.stderr).contains("只能打开 溪口村站 的值班台"), "{remote}: {}", text(&out.stderr));
    }
    let copied = office.base.path().join("copied.db");
    // scp over SFTP (the default) and the old protocol (-O): the forced command answers both.
    for protocol in [None, Some("-O")] {
        let scp = Command::new("scp")
            .args(protocol)
            .arg("-i")
            .arg(office.keys.join("xikou"))
            .args(["-P", &office.port.to_string(), "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no"])
            .args(["-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR"])
            .arg(format!("{a}@127.0.0.1:office.db"))
            .arg(&copied)
            .output()
            .expect("scp");
        assert!(!scp.status.success() && !copied.exists(), "scp {protocol:?}: {}", text(&scp.stderr));
    }
    let mut sftp = Command::new("sftp")
        .arg("-i")
        .arg(office.keys.join("xikou"))
        .args(["-P", &office.port.to_string(), "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no"])
        .args(["-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-b", "-"])
        .arg(format!("{a}@127.0.0.1"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sftp");
    sftp.stdin.take().expect("stdin").write_all(format!("get office.db {}\n", copied.display()).as_bytes()).ok();
    let sftp = sftp.wait_with_output().expect("sftp");
    assert!(!sftp.status.success() && !copied.exists(), "sftp: {}", text(&sftp.stdout));

    // Forwarding: -R refused outright; -L opens locally but the server connects nowhere.
    let r = office
        .ssh("xikou", &["-N", "-o", "ExitOnForwardFailure=yes", "-R", "0:127.0.0.1:22"])
        .output()
        .expect("ssh -R");
    assert!(!r.status.success() && text(&r.stderr).contains("forwarding failed"), "-R: {}", text(&r.stderr));
    let banner = std::net::TcpListener::bind("127.0.0.1:0").expect("banner");
    let banner_port = banner.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        for mut s in banner.incoming().flatten() {
            let _ = s.write_all(b"SECRET-INTERNAL-SERVICE\n");
        }
    });
    let local = free_port();
    let _l = Reaped(
        office
            .ssh("xikou", &["-N", "-L", &format!("{local}:127.0.0.1:{banner_port}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("ssh -L"),
    );
    let start = Instant::now();
    let mut got = Vec::new();
    loop {
        if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", local)) {
            s.set_read_timeout(Some(Duration::from_secs(3))).expect("timeout");
            let _ = std::io::Read::read_to_end(&mut s, &mut got);
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "ssh -L never listened");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(!text(&got).contains("SECRET"), "the forward reached the internal service: {}", text(&got));

    // The duty room: name + PIN (an unknown name and a wrong PIN first), the whole office; agent
    // forwarding asked for and not given; a dropped connection ends the dashboard.
    let agent_dir = office.base.path().join("agent");
    std::fs::create_dir_all(&agent_dir).expect("agent dir");
    let agent_sock = agent_dir.join("sock");
    let _agent = Reaped(
        Command::new("ssh-agent").arg("-D").arg("-a").arg(&agent_sock).stdout(Stdio::null()).spawn().expect("agent"),
    );
    let t = tmux(&format!("env SSH_AUTH_SOCK={} {}", agent_sock.display(), office.ssh_line("duty-room", "-tt -A", "")));
    t.wait_for("值班员登录");
    t.literal("无此人");
    t.keys(&["Tab"]);
    t.literal(ADMIN_PIN);
    t.keys(&["Enter"]);
    t.wait_for("姓名或密码错误");
    let unknown: String =
        office.sql("SELECT name FROM signin_attempt WHERE via = 'station:值班室' ORDER BY id DESC LIMIT 1");
    assert!(
        unknown.starts_with('?') && !unknown.contains("无此人"),
        "an unknown name is not stored as typed: {unknown}"
    );
    t.keys(&["BTab", "BSpace", "BSpace", "BSpace", "BSpace"]);
    t.literal("值班员");
    t.keys(&["Tab"]);
    t.literal(DUTY_PIN);
    t.keys(&["Enter"]);
    t.wait_for("值班员（值班）");
    t.keys(&["2"]);
    let tree = t.wait_for("云溪社区");
    assert!(tree.contains("溪口村"), "the duty room sees the whole office:\n{tree}");
    // sshd makes a forwarded agent's socket under /tmp/ssh-* (OpenSSH before 10.1) or ~/.ssh/agent.
    let agents = Command::new("find")
        .arg("/tmp")
        .arg(office.home.join(".ssh"))
        .args(["-user", &a, "-type", "s"])
        .output()
        .expect("find");
    assert!(text(&agents.stdout).trim().is_empty(), "an agent socket was made: {}", text(&agents.stdout));
    assert!(!anjian_processes(&a).is_empty(), "the dashboard runs on the server");
    let pane_pid = t.run(&["display-message", "-p", "-t", "0", "#{pane_pid}"]);
    let _ = Command::new("kill").args(["-9", pane_pid.trim()]).status();
    let start = Instant::now();
    while !anjian_processes(&a).is_empty() {
        assert!(start.elapsed() < Duration::from_secs(15), "the dashboard outlived its connection");
        std::thread::sleep(Duration::from_millis(150));
    }
    drop(t);

    // 5. The sync service writes the audit anchor; `audit verify --anchor` holds the log to it.
    let feed = common::fixture_server("ok");
    let config = office.home.join(".config/anjian/config.toml");
    let mut c = std::fs::read_to_string(&config).expect("config");
    c.push_str(&format!("\n[[feeds]]\nname = \"监测\"\nkind = \"monitor\"\nurl = \"{}/monitor/alarms\"\n", feed.base));
    office.write_as_account(&config, &c);
    // The README's unit: its user and its ExecStart, as systemd would run them.
    let unit = readme_block("systemd");
    assert!(unit.lines().any(|l| l.trim() == "User=anjian"), "{unit}");
    let exec = unit.lines().find_map(|l| l.trim().strip_prefix("ExecStart=")).expect("ExecStart");
    let mut words = exec.split_whitespace();
    assert_eq!(words.next(), Some("/usr/local/bin/anjian"), "{exec}");
    let mut sync = Reaped(
        Command::new("runuser")
            .args(["-u", &a, "--"])
            .arg(&office.bin)
            .args(words)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("sync"),
    );
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(sync.0.stdout.take().expect("stdout")));
    let anchor = loop {
        let line = lines.next().expect("sync --watch printed its anchor").expect("line");
        if let Some(a) = line.strip_prefix("audit anchor ") {
            break a.to_string();
        }
    };
    let _ = Command::new("pkill").args(["-TERM", "-u", &a, "-f", "sync --watch"]).status();
    drop(sync);
    let ok = office.as_account(&["audit", "verify", "--anchor", &anchor]);
    assert!(ok.status.success(), "{}{}", text(&ok.stdout), text(&ok.stderr));

    // 6. The backup, as the README takes it: a checked copy, 0600, in a folder of the account's.
    let backups = office.base.path().join("backups");
    let mut env = office.env();
    env.push(("B", backups.display().to_string()));
    let out = run_block("backup", &env, "");
    assert!(text(&out.stdout).contains("integrity ok, audit chain intact"), "{}", text(&out.stdout));
    let taken: Vec<PathBuf> = std::fs::read_dir(&backups).expect("backups").flatten().map(|e| e.path()).collect();
    assert_eq!(taken.len(), 1, "{taken:?}");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&taken[0]).expect("m").permissions().mode() & 0o777, 0o600);
    assert_eq!(std::fs::metadata(&backups).expect("m").permissions().mode() & 0o777, 0o700);

    // [session.accounts] in the service account's own config: its local terminal is signed in.
    c.push_str(&format!("\n[session.accounts]\n{a} = \"值班员\"\n"));
    office.write_as_account(&config, &c);
    let t = tmux(&format!("runuser -u {a} -- env USER=主任 {}", office.bin.display()));
    let screen = t.wait_for("值班员：值班员（值班）");
    assert!(!screen.contains("值班员登录") && !screen.contains("主任（"), "{screen}");
    t.keys(&["q"]);
}

fn crate_name_of(uid: u32) -> String {
    anjian::system::identity::name_of(uid)
}

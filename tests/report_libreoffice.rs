//! The demo's report opened by a real reader: LibreOffice converts the DOCX and the XLSX to PDF,
//! and poppler renders the first page to PNG (kept in the test's directory for a person to look
//! at when `ANJIAN_KEEP_PDF` names a directory). Skipped, saying so, where LibreOffice is absent;
//! `.ci/run` installs it.

mod common;

use anjian::domain::calendar::Quarter;
use anjian::i18n::Lang;
use anjian::report::export::{Format, export};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn have(tool: &str) -> bool {
    Command::new(tool).arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok()
}

/// Runs a command with a time limit (a stuck office suite must not hang the suite).
fn run(cmd: &mut Command, limit: Duration) -> bool {
    let Ok(mut child) = cmd.stdout(Stdio::null()).stderr(Stdio::null()).spawn() else { return false };
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return status.success(),
            Ok(None) if start.elapsed() < limit => std::thread::sleep(Duration::from_millis(100)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return false;
            }
        }
    }
}

fn to_pdf(file: &Path, out: &Path, profile: &Path) -> std::path::PathBuf {
    let ok = run(
        Command::new("soffice")
            .arg(format!("-env:UserInstallation=file://{}", profile.display()))
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(out)
            .arg(file),
        Duration::from_secs(180),
    );
    assert!(ok, "LibreOffice could not convert {}", file.display());
    let pdf = out.join(file.with_extension("pdf").file_name().expect("name"));
    let bytes = std::fs::read(&pdf).expect("the PDF");
    assert!(bytes.starts_with(b"%PDF") && bytes.len() > 2_000, "{} is not a real PDF", pdf.display());
    pdf
}

#[test]
fn the_demo_report_opens_in_libreoffice_and_renders() {
    if !have("soffice") {
        eprintln!("SKIPPED: soffice (LibreOffice) is not installed; .ci/run installs libreoffice-writer-nogui");
        return;
    }
    let demo = common::demo_copy();
    let mut store = common::open(&demo.path);
    let quarter = Quarter::of(common::today());
    let report = anjian::report::compile(store.conn(), quarter, common::today(), "主任", Lang::Zh).expect("compile");
    let dir = demo.dir.path().join("report");
    let written =
        export(&mut store, &report, &[Format::Docx, Format::Xlsx], &dir, Lang::Zh, &mut |_, _| {}).expect("export");
    let profile = demo.dir.path().join("lo-profile");
    for w in &written {
        let pdf = to_pdf(&w.path, &dir, &profile);
        if w.format == Format::Docx && have("pdftoppm") {
            let png = dir.join("page");
            assert!(run(
                Command::new("pdftoppm").args(["-r", "60", "-f", "1", "-l", "1", "-png"]).arg(&pdf).arg(&png),
                Duration::from_secs(60)
            ));
            let first = std::fs::read_dir(&dir)
                .expect("dir")
                .filter_map(Result::ok)
                .map(|e| e.path())
                .find(|p| p.extension().is_some_and(|e| e == "png"))
                .expect("a rendered page");
            let bytes = std::fs::read(&first).expect("png");
            assert!(bytes.starts_with(b"\x89PNG") && bytes.len() > 5_000, "the page rendered to something");
            if let Ok(keep) = std::env::var("ANJIAN_KEEP_PDF") {
                let _ = std::fs::copy(&pdf, Path::new(&keep).join("report.pdf"));
                let _ = std::fs::copy(&first, Path::new(&keep).join("report-page-1.png"));
            }
        }
    }
}

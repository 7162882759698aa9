//! Every input a fuzz target (fuzz/, `./fuzz/run`) found a crash with, kept under
//! tests/fuzz-regressions/<target>/ and run here through the same code as the target, so that the
//! fix stays fixed. The targets that found nothing yet have no directory.

use anjian::domain::text;
use std::path::Path;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions").join(target);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).expect("read input")))
        .collect();
    out.sort();
    out
}

/// The same checks as fuzz/fuzz_targets/terminal_text.rs.
#[test]
fn terminal_text_crashes_stay_fixed() {
    let found = inputs("terminal_text");
    assert!(!found.is_empty(), "the fuzzer's crash inputs are kept");
    for (name, data) in found {
        let s = String::from_utf8_lossy(&data);
        let out = text::one_line(&s, 64);
        assert!(text::is_clean(&out), "{name}: {s:?} → {out:?}");
        let cell = text::cell_symbol(&s);
        assert!(text::is_clean(&cell), "{name}: {s:?} → {cell:?}");
    }
}

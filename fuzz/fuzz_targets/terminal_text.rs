//! Any text made safe for the terminal: the result is always clean and never longer than asked.
#![no_main]
use anjian::domain::text;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let out = text::one_line(&s, 64);
    assert!(text::is_clean(&out), "{s:?} → {out:?}");
    assert!(out.chars().count() <= 64 * text::MAX_CLUSTER + 1);
    let cell = text::cell_symbol(&s);
    assert!(text::is_clean(&cell), "{s:?} → {cell:?}");
});

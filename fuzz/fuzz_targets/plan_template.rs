//! A plan template (tasks, measures, deadlines, frequencies, points).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = anjian::plan::template::parse(std::path::Path::new("fuzz.toml"), text);
    }
});

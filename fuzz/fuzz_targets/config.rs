//! The config file (TOML): feeds, alarms, theme, key file, report directory.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = anjian::config::Config::parse(std::path::Path::new("fuzz.toml"), text);
    }
});

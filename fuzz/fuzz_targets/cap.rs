//! A CAP document from a warning platform: parsed, and a parsed alert turned into an alarm.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(alert) = anjian::upstream::cap::parse(data) {
        let _ = anjian::sync::incoming::from_cap(&alert, "zh", None);
    }
});

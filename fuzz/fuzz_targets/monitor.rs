//! A page of the monitor feed (JSON), and each valid alarm turned into an alarm to store.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(page) = anjian::upstream::monitor::parse(data) {
        for (alarm, _) in &page.alarms {
            if let Ok(a) = alarm {
                let _ = anjian::sync::incoming::from_monitor("fuzz", a);
            }
        }
    }
});

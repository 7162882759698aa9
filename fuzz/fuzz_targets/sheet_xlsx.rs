//! A workbook (XLSX/ODS bytes) as the import reads it from a file.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = std::env::temp_dir().join(format!("anjian-fuzz-{}.xlsx", std::process::id()));
    if std::fs::write(&path, data).is_ok() {
        let _ = anjian::import::sheet::read(&path);
    }
});

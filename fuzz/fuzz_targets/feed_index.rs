//! An Atom or RSS index of CAP documents.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = anjian::upstream::feed::parse(data);
});

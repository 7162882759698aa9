//! An Open311 (GeoReport v2) answer in JSON: service requests and the service list.
#![no_main]
use anjian::upstream::open311::{self, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = open311::requests(data, Format::Json);
    let _ = open311::services(data, Format::Json);
});

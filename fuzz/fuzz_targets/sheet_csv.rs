//! A CSV sheet (UTF-8 or GB18030) as the import reads it, then checked row by row as a units sheet
//! in a dry run against a real store (nothing is written).
#![no_main]
use anjian::import::{Entity, import_sheet, sheet};
use libfuzzer_sys::fuzz_target;
use std::sync::{Mutex, OnceLock};

fn store() -> &'static Mutex<anjian::store::Store> {
    static STORE: OnceLock<Mutex<anjian::store::Store>> = OnceLock::new();
    STORE.get_or_init(|| {
        let path = std::env::temp_dir().join(format!("anjian-fuzz-{}.db", std::process::id()));
        Mutex::new(anjian::store::Store::open(&path).expect("a store for dry runs"))
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(s) = sheet::read_csv("fuzz.csv", data) else { return };
    if let Ok(mut store) = store().lock() {
        for entity in [Entity::Units, Entity::Grids, Entity::Officers, Entity::Teams] {
            let _ = import_sheet(&mut store, "fuzz", entity, &s, true);
        }
    }
});

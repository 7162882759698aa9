//! The generated offices the figures are taken on, built once by `anjian gen`'s generator and
//! kept under `target/` (a district takes about a minute, a city about four).

use anjian::generate::office::Scale;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Bumped when the schema or the generator changes, so an old office is not measured.
const VERSION: u32 = 15;

pub fn ensure(scale: Scale, name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-scale");
    let path = dir.join(format!("{name}-v{VERSION}.db"));
    // Without its audit key a database is refused: build it again.
    if path.exists() && anjian::store::audit_key::path_for(&path).exists() {
        return path;
    }
    std::fs::create_dir_all(&dir).expect("bench dir");
    let tmp = dir.join(format!("{name}-building.db"));
    super::common::clear_building(&tmp);
    let started = Instant::now();
    eprintln!("bench: building the {name} office once (kept in {})", dir.display());
    anjian::generate::office::build(&tmp, scale.size(), anjian::domain::time::now(), &mut |stage| {
        eprintln!("bench: {name}: {stage} ({:.0?})", started.elapsed())
    })
    .expect("office");
    rusqlite::Connection::open(&tmp)
        .and_then(|c| c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);"))
        .expect("checkpoint");
    super::common::put_in_place(&tmp, &path);
    eprintln!("bench: {name} office built in {:.0?}", started.elapsed());
    path
}

pub fn counts(path: &Path) -> (i64, i64, i64, i64, i64) {
    rusqlite::Connection::open(path)
        .expect("open")
        .query_row(
            "SELECT (SELECT count(*) FROM unit), (SELECT count(*) FROM grid), (SELECT count(*) FROM hazard),
                    (SELECT count(*) FROM tipoff), (SELECT count(*) FROM alarm)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .expect("counts")
}

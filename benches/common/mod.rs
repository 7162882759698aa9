//! What the benchmarks share: the real app, headless, on a database, signed in as a supervisor.

use anjian::config::Config;
use anjian::i18n::Lang;
use anjian::store::Store;
use anjian::tui::headless::Headless;
use std::path::Path;

pub fn app(path: &Path) -> Headless {
    let store = Store::open(path).expect("open");
    let op = anjian::store::operators::Operator {
        id: 0,
        name: "bench".into(),
        role: anjian::domain::OperatorRole::Supervisor,
    };
    let app = anjian::tui::build_app(&Config::default(), Lang::Zh, Some(op), (120, 40)).expect("app");
    Headless::new(app, store, 120, 40)
}

/// Removes a half-built database and its audit key (a key left from another build would not open
/// the new one).
pub fn clear_building(tmp: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", tmp.display()));
    }
    let _ = std::fs::remove_file(anjian::store::audit_key::path_for(tmp));
}

/// Moves a built database into place with its audit key (a keyed log is refused without it).
pub fn put_in_place(tmp: &Path, path: &Path) {
    std::fs::rename(anjian::store::audit_key::path_for(tmp), anjian::store::audit_key::path_for(path))
        .expect("rename the audit key");
    std::fs::rename(tmp, path).expect("rename");
}

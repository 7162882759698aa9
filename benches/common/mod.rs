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

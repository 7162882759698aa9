//! What a sign-in costs, and that it costs the same whether the name exists or not (a guess must
//! learn nothing from the time). Run: `cargo bench --bench signin`; the three figures go in the
//! README's table of figures and the sign-in issue's note.
//!
//! - a known name with a wrong PIN (argon2id over the operator's own hash),
//! - an unknown name (argon2id over the dummy hash with the same parameters),
//! - a known name with the right PIN (the cost a person waits for).

use anjian::domain::OperatorRole;
use anjian::store::Store;
use anjian::store::operators::{Checked, authenticate};
use criterion::{Criterion, criterion_group, criterion_main};

fn signin(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tmp");
    let mut store = Store::open(&dir.path().join("signin.db")).expect("open");
    store.write("bench", |w| anjian::store::operators::add(w, "李明", OperatorRole::Duty, "246813")).expect("add");
    let mut g = c.benchmark_group("sign-in");
    g.sample_size(20);
    g.bench_function("known name, wrong PIN", |b| {
        b.iter(|| assert_eq!(authenticate(store.conn(), "李明", "111111").expect("auth"), Checked::WrongPin))
    });
    g.bench_function("unknown name", |b| {
        b.iter(|| assert_eq!(authenticate(store.conn(), "无此人", "111111").expect("auth"), Checked::UnknownName))
    });
    g.bench_function("known name, right PIN", |b| {
        b.iter(|| assert!(matches!(authenticate(store.conn(), "李明", "246813").expect("auth"), Checked::Ok(_))))
    });
    g.finish();
}

criterion_group!(benches, signin);
criterion_main!(benches);

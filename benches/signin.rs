//! What a sign-in costs, and that it costs the same whether the name exists or not (a guess must
//! learn nothing from the time). Run: `cargo bench --bench signin`; the three figures go in the
//! README's table of figures and the sign-in issue's note.
//!
//! - a known name with a wrong PIN (argon2id over the operator's own hash),
//! - an unknown name (argon2id over the dummy hash with the same parameters),
//! - a known name with the right PIN (the cost a person waits for),
//! - the whole sign-in (lockout check, the attempt and its audit row written) for a known name
//!   with a wrong PIN and for an unknown name, each at its own place so no lockout interferes.

use anjian::domain::OperatorRole;
use anjian::store::Store;
use anjian::store::operators::{Checked, authenticate};
use anjian::store::sessions::{self, SignIn};
use criterion::{Criterion, criterion_group, criterion_main};

fn signin(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tmp");
    let mut store = Store::open(&dir.path().join("signin.db")).expect("open");
    let store = &mut store;
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
    // Every attempt at a place of its own: four failures there at most, never a lockout.
    let mut n = 0u64;
    let now = anjian::domain::time::now();
    for (label, name) in [("sign_in, known name, wrong PIN", "李明"), ("sign_in, unknown name", "无此人")] {
        g.bench_function(label, |b| {
            b.iter(|| {
                n += 1;
                let place = format!("bench:{}", n / 4);
                let r = store.write(&place, |w| sessions::sign_in(w, name, "111111", &place, now)).expect("sign in");
                assert_eq!(r, SignIn::Wrong);
            })
        });
    }
    g.finish();
}

criterion_group!(benches, signin);
criterion_main!(benches);

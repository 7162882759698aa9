//! CAP parsing throughput on the real samples in `../shared/real-samples/cap/valid`.

use super::stats::Row;
use std::path::Path;
use std::time::{Duration, Instant};

pub fn cap_samples() -> Vec<Row> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/real-samples/cap/valid");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("SKIPPED: {} is not beside the checkout; no CAP parse figure", dir.display());
        return vec![Row::new("CAP parse, real samples", "skipped: ../shared/real-samples missing")];
    };
    let mut docs: Vec<Vec<u8>> = entries.filter_map(|e| e.ok()).filter_map(|e| std::fs::read(e.path()).ok()).collect();
    docs.sort();
    let parsed = docs.iter().filter(|d| anjian::upstream::cap::parse(d).is_ok()).count();
    let bytes: usize = docs.iter().map(Vec::len).sum();
    // Rounds over all samples for at least two seconds.
    let (mut rounds, start) = (0usize, Instant::now());
    while start.elapsed() < Duration::from_secs(2) {
        for d in &docs {
            std::hint::black_box(anjian::upstream::cap::parse(d).is_ok());
        }
        rounds += 1;
    }
    let secs = start.elapsed().as_secs_f64();
    let per_s = (rounds * docs.len()) as f64 / secs;
    let mb_s = (rounds * bytes) as f64 / secs / 1e6;
    vec![Row::new(
        format!("CAP parse, {} real samples ({parsed} valid, {:.0} KB)", docs.len(), bytes as f64 / 1e3),
        format!("{per_s:.0} documents/s, {mb_s:.1} MB/s"),
    )]
}

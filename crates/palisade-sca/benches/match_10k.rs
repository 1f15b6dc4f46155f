//! 10,000 packages matched against a database built from the whole corpus
//! (`shared/corpus/osv/advisories`). Every package is one the database names, with a
//! version taken from its advisories' events, so every lookup decodes and evaluates
//! advisories: the worst case, not the common one (most real packages have none).
//!
//! Also prints the import time and the database size. Run: `cargo bench -p palisade-sca`.

use std::path::Path;
use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion};
use palisade_sca::db::Database;
use palisade_sca::osv::Event;
use palisade_sca::{fetch, Ecosystem};

fn workload(db: &Database, n: usize) -> Vec<(Ecosystem, String, String)> {
    let mut base = Vec::new();
    for (eco, name) in db.packages() {
        let advisories = db.advisories(&eco, name).unwrap();
        let mut versions: Vec<String> = advisories
            .iter()
            .flat_map(|a| a.affected.iter())
            .flat_map(|e| e.ranges.iter().flat_map(|r| r.events.iter()))
            .filter_map(|e| match e {
                Event::Introduced(v) | Event::Fixed(v) | Event::LastAffected(v) if v != "0" => {
                    Some(v.clone())
                }
                _ => None,
            })
            .collect();
        versions.dedup();
        if versions.is_empty() {
            versions.push("1.0.0".into());
        }
        base.push((eco, name.to_string(), versions));
    }
    (0..n)
        .map(|i| {
            let (eco, name, versions) = &base[i % base.len()];
            (
                eco.clone(),
                name.clone(),
                versions[(i / base.len()) % versions.len()].clone(),
            )
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let corpus =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/osv/advisories");
    if !corpus.is_dir() {
        eprintln!("skipping: corpus absent");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("osv.db");
    let t = Instant::now();
    let (info, _) = fetch::import_from(corpus.to_str().unwrap(), &db_path, &|_| {}).unwrap();
    let import = t.elapsed();
    let size = std::fs::metadata(&db_path).unwrap().len();
    eprintln!(
        "import: {} advisories for {} packages in {:.2?}; database {} bytes ({:.1} MiB)",
        info.records,
        info.packages,
        import,
        size,
        size as f64 / 1048576.0
    );
    let db = Database::open(&db_path).unwrap();
    let packages = workload(&db, 10_000);
    let mut hits = 0;
    for (e, n, v) in &packages {
        hits += db.match_package(e, n, v).unwrap().len();
    }
    eprintln!(
        "workload: {} packages, {hits} vulnerability matches",
        packages.len()
    );

    let mut g = c.benchmark_group("osv");
    g.sample_size(20);
    g.bench_function("match 10k packages (database open)", |b| {
        b.iter(|| {
            packages
                .iter()
                .map(|(e, n, v)| db.match_package(e, n, v).unwrap().len())
                .sum::<usize>()
        })
    });
    g.bench_function("open database", |b| {
        b.iter(|| Database::open(&db_path).unwrap().info().records)
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Throughput of `LocalLimiter::check`: one hot key, and many distinct keys.

use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion};
use palisade_ratelimit::{LocalLimiter, Quota};

fn bench(c: &mut Criterion) {
    let quota = Quota::per_second(1_000_000, 1_000_000).expect("quota");
    let limiter = LocalLimiter::default();
    c.bench_function("local_check_one_key", |b| {
        b.iter(|| limiter.check(b"client-1", &quota, Instant::now()))
    });
    let keys: Vec<String> = (0..10_000)
        .map(|i| format!("10.0.{}.{}", i / 256, i % 256))
        .collect();
    let mut i = 0;
    c.bench_function("local_check_10k_keys", |b| {
        b.iter(|| {
            i = (i + 1) % keys.len();
            limiter.check(keys[i].as_bytes(), &quota, Instant::now())
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
